import type { EnvironmentDocument } from '../../../postman';
import { environmentPutBody, parseJson, sameJson, serialize, stringOrUndefined, versionBy } from '../content';
import { msg } from '../../../text/plain';
import type { KindBehaviour } from '../documentKind';
import { isObj, refuse, checkVariables } from '../checks';

/** An environment as JSON: its name and variables; secret values are shown for editing and masked everywhere else. */
export const environmentKind: KindBehaviour<EnvironmentDocument> = {
  noun: 'environment',
  suffix: '.postman_environment.json',
  cacheKey: (a) => `environment:${a.uid}`,
  load: (repo, a) => repo.environment(a.uid),
  read: (client, a) => client.getEnvironment(a.uid),
  put: (client, a, edited) => client.updateEnvironment(a.uid, environmentPutBody(edited)).then(() => undefined),
  remember: (repo, a, value) => repo.update('environment', a.uid, value),
  describe: (name) => msg`environment "${name}"`,
  text: serialize,
  name: (value) => value.name,
  version: (value, text) => versionBy(value.updatedAt, () => text ?? serialize(value)),
  updatedAt: (value) => stringOrUndefined(value.updatedAt),
  parse: (text) => {
    const value = parseJson(text, 'This environment');
    if (!isObj(value)) {
      return refuse('an environment must be a JSON object');
    }
    if (typeof value.name !== 'string' || value.name.trim() === '') {
      refuse('the environment needs a "name" (a non-empty string)');
    }
    checkVariables(value.values, 'the environment');
    return value as EnvironmentDocument;
  },
  same: (a, b) => sameJson(environmentPutBody(a), environmentPutBody(b)),
  opened: (value, text) => ({ version: environmentKind.version(value, text) }),
  secrets: (value) => secretsOf(value.values, (values) => serialize({ ...value, values })),
  workspaceName: (repo, a) => repo.workspaceNameOf('environment', a.uid),
};

/** Secret variables that have a value, and the text with those values emptied. */
export function secretsOf<V extends { type?: string; value?: unknown }>(values: V[], write: (values: V[]) => string): { count: number; emptied: () => string } {
  return {
    count: values.filter((v) => v.type === 'secret' && v.value !== '').length,
    emptied: () => write(values.map((v) => (v.type === 'secret' ? { ...v, value: '' } : v))),
  };
}
