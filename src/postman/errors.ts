/**
 * Every failure the Postman client can produce, typed so callers decide by kind (retry,
 * sign in again, say the quota is gone) and never by parsing messages. `userMessage`
 * is the one place that turns a failure into words a user can act on.
 */
export type PostmanErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'rateLimited'
  | 'quotaExhausted'
  | 'badRequest'
  | 'server'
  | 'network'
  | 'timeout'
  | 'badResponse'
  | 'invalidConfig'
  /** The OAuth token could not be renewed for a passing reason (authorization server unreachable, 5xx). */
  | 'authServer'
  | 'notSignedIn'
  | 'cancelled';

export class PostmanError extends Error {
  readonly kind: PostmanErrorKind;
  readonly status: number | undefined;
  /** Seconds to wait before retrying, from `Retry-After` (429/503). */
  readonly retryAfterSeconds: number | undefined;

  constructor(kind: PostmanErrorKind, message: string, opts: { status?: number; retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = 'PostmanError';
    this.kind = kind;
    this.status = opts.status;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

export function isPostmanError(err: unknown, kind?: PostmanErrorKind): err is PostmanError {
  return err instanceof PostmanError && (kind === undefined || err.kind === kind);
}

/** Words for the user: what happened and what to do. Never includes request headers. */
export function userMessage(err: unknown): string {
  if (!(err instanceof PostmanError)) {
    return `Unexpected error: ${err instanceof Error ? err.message : String(err)}`;
  }
  switch (err.kind) {
    case 'unauthorized':
      return 'Postman rejected the credentials (401). The API key or OAuth token may be wrong, expired or revoked: sign in again.';
    case 'forbidden':
      return `Postman refused access (403): ${err.message}`;
    case 'notFound':
      return `Not found in Postman (${err.status ?? 404}); it may have been deleted. ${err.message}`;
    case 'rateLimited':
      return err.retryAfterSeconds !== undefined
        ? `Postman's rate limit was reached; try again in ${err.retryAfterSeconds} s.`
        : "Postman's rate limit was reached; try again shortly.";
    case 'quotaExhausted':
      return "Your Postman plan's monthly API call quota is used up. Requests will work again when it resets, or after upgrading the plan.";
    case 'badRequest':
      return `Postman did not accept the request (${err.status ?? 400}): ${err.message}`;
    case 'server':
      return `Postman had a server error (${err.status ?? '5xx'}); try again in a moment.`;
    case 'network':
      return `Could not reach the Postman API: ${err.message}. Check your network or proxy, and the postman.apiBaseUrl setting.`;
    case 'timeout':
      return `The Postman API did not answer in time (${err.message}).`;
    case 'badResponse':
      return `The Postman API sent a response this extension cannot read: ${err.message}. A proxy between you and Postman may have answered instead.`;
    case 'invalidConfig':
    case 'authServer':
    case 'notSignedIn':
    case 'cancelled':
      return err.message;
  }
}
