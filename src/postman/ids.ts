import { PostmanError } from './errors';

/**
 * What a Postman id or uid looks like: letters, digits, `-` and `_` (a UUID, an
 * `<owner>-<uuid>` uid, a numeric id), at most 200 characters. Anything else — `..`, a `/`,
 * an empty id, a `?` — would change the request's path once it is put there (an HTTP client
 * resolves `/environments/..` to `/`), so it never reaches the network.
 */
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/;

export function isPostmanId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

/** The id as one path segment; throws (before any request) when it is not a Postman id. */
export function idSegment(value: string, what = 'id'): string {
  if (!isPostmanId(value)) {
    throw new PostmanError('badRequest', `That is not a Postman ${what}: only letters, digits, "-" and "_" can appear in one.`);
  }
  return value;
}

/** A spec file's path, checked before anything is sent: at most this long. */
const MAX_FILE_PATH = 1000;

/**
 * A spec file's path (`components/schemas.json`) as the one path segment `{filePath}` of
 * `/specs/{specId}/files/{filePath}`: percent-encoded whole, so its `/` travel as `%2F` (as
 * OpenAPI encodes a path parameter) and no part of it can change which endpoint is asked.
 * Throws (before any request) for an empty path, an empty, `.` or `..` part (`a//b`, `/a`,
 * `../x`: a file no spec can hold), a control character, or a path over 1000 characters.
 */
export function filePathSegment(path: string): string {
  if (typeof path !== 'string' || path === '') {
    throw new PostmanError('badRequest', 'A spec file path is needed: it is empty.');
  }
  // eslint-disable-next-line no-control-regex
  if (path.length > MAX_FILE_PATH || /[\u0000-\u001f\u007f]/.test(path)) {
    throw new PostmanError('badRequest', 'That is not a spec file path: it is too long or holds a control character.');
  }
  if (path.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new PostmanError('badRequest', `That is not a spec file path: "${path}" has an empty, "." or ".." part.`);
  }
  return encodeURIComponent(path);
}

/** A UUID as Postman writes ids: 8-4-4-4-12 hex digits. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A collection's ID from its UID (`12345678-<uuid>` → `<uuid>`), as the item endpoints
 * (`/collections/{collectionId}/requests/…`) take it. An ID given already (a bare UUID, even
 * one whose first group is all digits) comes back as it is. Throws (before any request) when
 * it is not a Postman id.
 */
export function collectionIdOf(uid: string): string {
  const checked = idSegment(uid, 'collection id');
  if (UUID.test(checked)) {
    return checked;
  }
  const owner = /^\d+-(.+)$/.exec(checked);
  return owner ? owner[1] : checked;
}
