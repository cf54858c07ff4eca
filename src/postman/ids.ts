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
