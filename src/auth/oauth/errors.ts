/**
 * Failures of the OAuth flows, typed so callers decide by kind (sign out, retry later, say
 * what to fix) and turned into words in one place. Messages never carry tokens, codes or
 * secrets: the server's `error_description` is redacted and shortened before it is kept.
 */
import { redact } from '../../postman';

export type OAuthErrorKind =
  /** Settings missing or unusable (URLs, client id, client secret). */
  | 'config'
  /** The server refused the grant: invalid_grant (code or refresh token expired, used or revoked), invalid_scope… */
  | 'rejected'
  /** The server refused the client: invalid_client, unauthorized_client (id or secret wrong). */
  | 'client'
  /** The user (or the server) declined at the authorization page: access_denied… */
  | 'denied'
  /** A renewal is impossible: no refresh token was issued. */
  | 'noRefreshToken'
  | 'network'
  | 'timeout'
  /** 5xx from the server. */
  | 'server'
  /** Not an OAuth token response (HTML, malformed JSON, no access_token, unsupported token type). */
  | 'badResponse'
  /** The user cancelled, or the browser never came back within the time allowed. */
  | 'cancelled'
  | 'expired';

export class OAuthError extends Error {
  constructor(
    readonly kind: OAuthErrorKind,
    message: string,
    /** The OAuth `error` code, if the server sent one. */
    readonly code?: string,
    readonly status?: number,
  ) {
    super(redact(message));
    this.name = 'OAuthError';
  }
}

export function isOAuthError(err: unknown, kind?: OAuthErrorKind): err is OAuthError {
  return err instanceof OAuthError && (kind === undefined || err.kind === kind);
}

/** A renewal that failed for good (the session cannot go on), as opposed to a transient failure. */
export function isFinal(err: unknown): boolean {
  return isOAuthError(err) && (err.kind === 'rejected' || err.kind === 'client' || err.kind === 'noRefreshToken' || err.kind === 'config' || err.kind === 'denied');
}

/** Words for the user: what happened and what to do. */
export function oauthMessage(err: unknown): string {
  if (!(err instanceof OAuthError)) {
    return `OAuth sign-in failed: ${err instanceof Error ? redact(err.message) : String(err)}`;
  }
  switch (err.kind) {
    case 'rejected':
      return `The authorization server refused the sign-in (${err.code ?? err.status ?? 'error'}): ${err.message}`;
    case 'client':
      return `The authorization server does not accept this OAuth client (${err.code ?? err.status ?? 'error'}): ${err.message} Check postman.oauth.clientId and, for a confidential client, run "Postman: Set OAuth Client Secret".`;
    case 'denied':
      return `Access was not granted (${err.code ?? 'access_denied'}): ${err.message}`;
    case 'network':
      return `Could not reach the OAuth server: ${err.message}. Check your network or proxy and the postman.oauth.* settings.`;
    case 'timeout':
      return `The OAuth server did not answer in time (${err.message}).`;
    case 'server':
      return `The OAuth server had an error (${err.status ?? '5xx'}); try again in a moment.`;
    case 'badResponse':
      return `The OAuth server sent a response this extension cannot use: ${err.message}`;
    case 'config':
    case 'noRefreshToken':
    case 'cancelled':
    case 'expired':
      return err.message;
  }
}
