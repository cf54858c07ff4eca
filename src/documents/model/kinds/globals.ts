import type { EnvironmentVariable } from '../../../postman';
import { digest, parseJson, sameJson, serialize } from '../content';
import { msg } from '../../../text/plain';
import type { KindBehaviour } from '../documentKind';
import { checkVariables, isObj, refuse } from '../checks';
import { secretsOf } from './environment';

/** A workspace's globals as the document shows them: `{"values": [...]}`, what `PUT /workspaces/{id}/global-variables` takes. */
export interface GlobalsDocument {
  values: EnvironmentVariable[];
}

/** Only what a user edits is compared and sent: key, value, type, enabled. */
const variables = (g: GlobalsDocument) => g.values.map((v) => ({ key: v.key, value: v.value, type: v.type ?? 'default', enabled: v.enabled !== false }));

/**
 * A workspace's global variables, addressed by the workspace id. Postman gives them no
 * `updatedAt`: a save compares a digest of the variables it opened with Postman's current ones.
 */
export const globalsKind: KindBehaviour<GlobalsDocument> = {
  noun: 'globals',
  suffix: '.postman_globals.json',
  cacheKey: (a) => `globals:${a.uid}`,
  load: async (repo, a) => ({ values: await repo.globals(a.uid) }),
  read: async (client, a) => ({ values: await client.getGlobals(a.uid) }),
  put: (client, a, edited) => client.updateGlobals(a.uid, variables(edited)).then(() => undefined),
  remember: (repo, a, value) => repo.store(`globals:${a.uid}`, value.values),
  describe: () => msg`globals`,
  text: (value) => serialize({ values: value.values }),
  name: () => 'Globals',
  version: (value) => `sha256:${digest(JSON.stringify(variables(value)))}`,
  updatedAt: () => undefined,
  parse: (text) => {
    const value = parseJson(text, 'These globals');
    if (!isObj(value)) {
      return refuse('globals must be a JSON object: {"values": […]}');
    }
    checkVariables(value.values, 'the globals');
    return { values: value.values as EnvironmentVariable[] };
  },
  same: (a, b) => sameJson(variables(a), variables(b)),
  opened: (value) => ({ version: globalsKind.version(value) }),
  secrets: (value) => secretsOf(value.values, (values) => serialize({ values })),
  workspaceName: (repo, a) => repo.loadedWorkspaceName(a.uid),
};
