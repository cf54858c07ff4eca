/**
 * The life of an OAuth session's tokens: the access token for the next request, renewed
 * shortly before it expires and after Postman rejects it (401) — once, however many requests
 * are waiting (single flight) — and revoked at sign-out (RFC 7009). A renewal the server
 * refuses ends the session: it is removed and `onEnded` is told once. A renewal that could
 * not reach the server keeps the session (the refresh token may still be good). No vscode
 * import: the store, the secret and the prompts come in through small interfaces.
 */
import { createHash } from 'node:crypto';
import { type Credential, type Logger, PostmanError, silentLogger } from '../../postman';
import { isFinal, isOAuthError, OAuthError, oauthMessage } from './errors';
import type { OAuthClientRef, OAuthGrant } from './settings';
import type { ClientAuth, TokenEndpoint } from './tokenEndpoint';
import { isExpired, needsRenewal, type TokenSet } from './tokens';

export interface OAuthSessionRecord {
  sessionId: string;
  grant: OAuthGrant;
  client: OAuthClientRef;
  scopes: string[];
  tokens: TokenSet;
}

export interface OAuthSessionStore {
  /** The signed-in OAuth session, if that is what is signed in. `fresh` skips any cache (another window may have written). */
  read(fresh?: boolean): Promise<OAuthSessionRecord | undefined>;
  /** Replaces the tokens of `sessionId` in one write; false when that session is no longer stored. */
  saveTokens(sessionId: string, tokens: TokenSet): Promise<boolean>;
  /** Signs `sessionId` out (only if it is still the one stored). */
  remove(sessionId: string): Promise<void>;
}

export interface TokenManagerOptions {
  store: OAuthSessionStore;
  endpoint: TokenEndpoint;
  /** The client secret of a confidential client (bound to its client id and token URL), if one is stored. */
  clientSecret?: (client: OAuthClientRef) => Promise<string | undefined>;
  log?: Logger;
  now?: () => number;
  /** The session was signed out because renewing it failed for good; called once per session. */
  onEnded?: (err: OAuthError) => void;
  /** Postman rejected a token that had just been renewed because of a 401: renewing again would not help. */
  onRejectedAfterRenewal?: (rejected: Credential) => void;
}

export interface RevocationResult {
  /** Whether anything was sent (a revocation URL is known). */
  attempted: boolean;
  /** What went wrong, in words, if anything did. */
  problem?: string;
}

const bearer = (tokens: TokenSet): Credential => ({ kind: 'bearer', token: tokens.accessToken });
const fingerprint = (token: string) => createHash('sha256').update(token).digest('hex');

export class TokenManager {
  private inflight: { sessionId: string; promise: Promise<TokenSet> } | undefined;
  /** The access token that a renewal after a 401 produced: if Postman rejects that one too, stop. */
  private renewedAfterRejection: string | undefined;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(private readonly opts: TokenManagerOptions) {
    this.log = opts.log ?? silentLogger;
    this.now = opts.now ?? Date.now;
  }

  /**
   * The credential for the next request, renewed first when it is about to expire. While the
   * current token is still valid, a renewal that failed for a passing reason is only logged.
   */
  async credential(): Promise<Credential | undefined> {
    const record = await this.opts.store.read();
    if (!record) {
      return undefined;
    }
    if (!needsRenewal(record.tokens, this.now())) {
      return bearer(record.tokens);
    }
    try {
      return bearer(await this.renew(record));
    } catch (err) {
      if (!isFinal(err) && !isExpired(record.tokens, this.now())) {
        return bearer(record.tokens);
      }
      throw toPostmanError(err);
    }
  }

  /**
   * Postman answered 401 to `rejected`. Returns the credential to retry with (renewed, or
   * renewed meanwhile by another request), or undefined when nothing better exists.
   */
  async renewAfterRejection(rejected: Credential): Promise<Credential | undefined> {
    if (rejected.kind !== 'bearer') {
      return undefined;
    }
    const record = await this.opts.store.read();
    if (!record) {
      return undefined;
    }
    if (record.tokens.accessToken !== rejected.token) {
      return bearer(record.tokens);
    }
    if (this.renewedAfterRejection === fingerprint(rejected.token)) {
      this.log.warn('Postman rejected the OAuth access token that was just renewed; not renewing again.');
      this.opts.onRejectedAfterRenewal?.(rejected);
      return undefined;
    }
    try {
      const tokens = await this.renew(record);
      this.renewedAfterRejection = fingerprint(tokens.accessToken);
      return bearer(tokens);
    } catch (err) {
      throw toPostmanError(err);
    }
  }

  /** Renews the session's access token; concurrent callers share one request to the server. */
  renew(record: OAuthSessionRecord): Promise<TokenSet> {
    if (this.inflight?.sessionId === record.sessionId) {
      return this.inflight.promise;
    }
    const promise = this.renewNow(record).finally(() => {
      if (this.inflight?.promise === promise) {
        this.inflight = undefined;
      }
    });
    this.inflight = { sessionId: record.sessionId, promise };
    return promise;
  }

  /**
   * Revokes the session's tokens (RFC 7009): the refresh token first, which ends the grant at
   * most servers, then the access token. Never throws; says what failed.
   */
  async revoke(record: OAuthSessionRecord, revocationUrl: string | undefined): Promise<RevocationResult> {
    if (!revocationUrl) {
      return { attempted: false };
    }
    const client = { ...(await this.clientAuth(record.client)), revocationUrl };
    const problems: string[] = [];
    const tokens: [string, 'refresh_token' | 'access_token'][] = [
      ...(record.tokens.refreshToken ? [[record.tokens.refreshToken, 'refresh_token'] as [string, 'refresh_token']] : []),
      [record.tokens.accessToken, 'access_token'],
    ];
    for (const [token, hint] of tokens) {
      try {
        await this.opts.endpoint.revoke(client, token, hint);
      } catch (err) {
        // A server that cannot revoke access tokens says so (RFC 7009 2.2.1); the refresh token was the one that mattered.
        if (hint === 'access_token' && isOAuthError(err) && err.code === 'unsupported_token_type') {
          continue;
        }
        problems.push(oauthMessage(err));
      }
    }
    this.log.info(problems.length ? `Revoking the OAuth tokens failed: ${problems[0]}` : 'Revoked the OAuth tokens.');
    return { attempted: true, ...(problems.length ? { problem: problems[0] } : {}) };
  }

  private async clientAuth(client: OAuthClientRef): Promise<ClientAuth> {
    const secret = await this.opts.clientSecret?.(client);
    return secret ? { ...client, clientSecret: secret } : { ...client };
  }

  private async renewNow(record: OAuthSessionRecord): Promise<TokenSet> {
    const latest = await this.opts.store.read(true);
    if (!latest || latest.sessionId !== record.sessionId) {
      throw new OAuthError('cancelled', 'The OAuth session was signed out meanwhile.');
    }
    if (latest.tokens.accessToken !== record.tokens.accessToken) {
      return latest.tokens; // another window renewed it
    }
    try {
      const client = await this.clientAuth(latest.client);
      let tokens: TokenSet;
      if (latest.grant === 'clientCredentials') {
        tokens = await this.opts.endpoint.clientCredentials(client, latest.scopes);
      } else if (latest.tokens.refreshToken) {
        tokens = await this.opts.endpoint.refresh(client, latest.tokens.refreshToken);
      } else {
        throw new OAuthError('noRefreshToken', 'The OAuth access token expired and the server issued no refresh token to renew it. Sign in again.');
      }
      if (!(await this.opts.store.saveTokens(latest.sessionId, tokens))) {
        throw new OAuthError('cancelled', 'The OAuth session was signed out meanwhile.');
      }
      const life = tokens.expiresAt !== undefined ? ` (valid for ${Math.round((tokens.expiresAt - tokens.obtainedAt) / 1000)} s)` : '';
      this.log.info(`Renewed the OAuth access token${life}.`);
      return tokens;
    } catch (err) {
      if (!isFinal(err)) {
        this.log.warn(`Renewing the OAuth access token failed; the session is kept: ${oauthMessage(err)}`);
        throw err;
      }
      // Another window may have used (and rotated) the refresh token just before us.
      const again = await this.opts.store.read(true);
      if (again && again.sessionId === latest.sessionId && again.tokens.accessToken !== latest.tokens.accessToken) {
        return again.tokens;
      }
      await this.opts.store.remove(latest.sessionId);
      this.log.warn(`The OAuth session ended and was signed out: ${oauthMessage(err)}`);
      this.opts.onEnded?.(err as OAuthError);
      throw err;
    }
  }
}

/** A renewal failure as the Postman client reports failures (the tree and prompts read these). */
export function toPostmanError(err: unknown): PostmanError {
  if (err instanceof PostmanError) {
    return err;
  }
  if (isFinal(err)) {
    return new PostmanError('unauthorized', `The OAuth sign-in ended: ${oauthMessage(err)}`, { status: 401 });
  }
  return new PostmanError('authServer', `Could not renew the OAuth sign-in: ${oauthMessage(err)}`);
}
