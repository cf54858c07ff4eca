import type { SpecFile } from '../../../postman';
import { msg } from '../../../text/plain';
import type { KindBehaviour } from '../documentKind';
import { refuse } from '../checks';
import { stringOrUndefined, versionBy } from '../content';

/** What a spec file document holds: its text (YAML or JSON, as Postman stores it). */
export type SpecFileDocument = Pick<SpecFile, 'content'> & Partial<Omit<SpecFile, 'content'>>;

/** Postman refuses spec files larger than this (`PATCH /specs/{id}/files/{path}`). */
export const MAX_SPEC_FILE_BYTES = 10 * 1024 * 1024;

/**
 * One file of a spec in Postman's Spec Hub, addressed by the spec id and the file's path.
 * The text is shown and sent as it is: a spec with validation problems still saves (they
 * show in the Problems panel before and after), as it does in Postman.
 */
export const specFileKind: KindBehaviour<SpecFileDocument> = {
  noun: 'spec file',
  cacheKey: (a) => `specFile:${a.uid}/${a.path ?? ''}`,
  load: (repo, a) => repo.specFile(a.uid, a.path ?? ''),
  read: (client, a) => client.getSpecFile(a.uid, a.path ?? ''),
  put: (client, a, edited) => client.updateSpecFile(a.uid, a.path ?? '', edited.content).then(() => undefined),
  remember: (repo, a, value) => repo.store(`specFile:${a.uid}/${a.path ?? ''}`, value),
  describe: (name) => msg`spec file "${name}"`,
  text: (value) => value.content,
  name: (_value, a) => a.path ?? '',
  version: (value) => versionBy(value.updatedAt, () => value.content),
  updatedAt: (value) => stringOrUndefined(value.updatedAt),
  parse: (text) => {
    if (text.trim() === '') {
      refuse('a spec file cannot be empty (Postman refuses an empty file)');
    }
    if (Buffer.byteLength(text) > MAX_SPEC_FILE_BYTES) {
      refuse('Postman takes spec files of up to 10 MB');
    }
    return { content: text };
  },
  same: (a, b) => a.content === b.content,
  opened: (value) => ({ version: specFileKind.version(value) }),
  workspaceName: (repo, a) => repo.workspaceNameOf('spec', a.uid),
};

/**
 * A spec file's path as it may travel in a URI and an API path: folders separated by `/`,
 * no empty, `.` or `..` step (the path names a file of the spec, never a step out of it), and
 * no control or bidirectional-override character (a tab or breadcrumb must read as the file it is).
 */
export function isSafeSpecPath(path: string): boolean {
  return path !== '' && !UNSHOWABLE.test(path) && path.split('/').every((step) => step !== '' && step !== '.' && step !== '..');
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
