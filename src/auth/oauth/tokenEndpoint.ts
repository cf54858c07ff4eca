/**
 * Talks to the authorization server's token and revocation endpoints (RFC 6749, RFC 7009).
 * Form-encoded POSTs, JSON answers, no redirects followed, proxies left to VS Code (like the
 * Postman client). With a client secret the client authenticates with HTTP Basic (RFC 6749
 * 2.3.1); without one it is a public client and sends its client_id. Logs carry the endpoint
 * path, grant type, status and duration — never a code, token, verifier or secret.
 */
import axios, { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import { createWireClient, isTimeout, type Logger, networkReason, redact, silentLogger } from '../../postman';
import { OAuthError } from './errors';
import type { OAuthClientRef } from './settings';
import type { TokenSet } from './tokens';

export interface ClientAuth extends OAuthClientRef {
  /** Present for a confidential client. */
  clientSecret?: string;
}

export interface EndpointOptions {
  timeoutMs?: number;
  userAgent?: string;
  now?: () => number;
}

export type RevocationHint = 'access_token' | 'refresh_token';

export class TokenEndpoint {
  private readonly axios: AxiosInstance;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly log: Logger = silentLogger,
    opts: EndpointOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.now = opts.now ?? Date.now;
    this.axios = createWireClient({ 'User-Agent': opts.userAgent ?? 'postman-workspaces-vscode', Accept: 'application/json' });
  }

  /** Authorization Code + PKCE: the code, the same redirect URI, and the verifier (RFC 7636 4.5). */
  exchangeCode(client: ClientAuth, args: { code: string; redirectUri: string; verifier: string }): Promise<TokenSet> {
    return this.token(client, 'authorization_code', { code: args.code, redirect_uri: args.redirectUri, code_verifier: args.verifier });
  }

  /** Client Credentials: a confidential client asks for itself (RFC 6749 4.4). */
  clientCredentials(client: ClientAuth, scopes: readonly string[]): Promise<TokenSet> {
    if (!client.clientSecret) {
      return Promise.reject(new OAuthError('config', `The client credentials grant needs the secret of OAuth client "${client.clientId}": run "Postman: Set OAuth Client Secret".`));
    }
    return this.token(client, 'client_credentials', scopes.length ? { scope: scopes.join(' ') } : {});
  }

  /** Refresh (RFC 6749 6). A server that rotates refresh tokens sends a new one; otherwise the old one stays valid. */
  async refresh(client: ClientAuth, refreshToken: string): Promise<TokenSet> {
    const tokens = await this.token(client, 'refresh_token', { refresh_token: refreshToken });
    return tokens.refreshToken ? tokens : { ...tokens, refreshToken };
  }

  /** Revocation (RFC 7009): 200 for a token revoked or unknown alike. */
  async revoke(client: ClientAuth & { revocationUrl: string }, token: string, hint: RevocationHint): Promise<void> {
    const response = await this.post(client.revocationUrl, client, { token, token_type_hint: hint }, `revocation (${hint})`, [token]);
    if (response.status !== 200) {
      throw errorFrom(response, [token]);
    }
  }

  private async token(client: ClientAuth, grantType: string, params: Record<string, string>): Promise<TokenSet> {
    const secrets = Object.values(params);
    const response = await this.post(client.tokenUrl, client, { grant_type: grantType, ...params }, `token (${grantType})`, secrets);
    if (response.status !== 200) {
      throw errorFrom(response, secrets);
    }
    return tokenSet(parseJson(response), this.now());
  }

  private async post(url: string, client: ClientAuth, params: Record<string, string>, what: string, secrets: string[]): Promise<AxiosResponse<string>> {
    const body = new URLSearchParams(params);
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
    if (client.clientSecret) {
      // RFC 6749 2.3.1: each part form-urlencoded, then Basic.
      const basic = `${formEncode(client.clientId)}:${formEncode(client.clientSecret)}`;
      headers.Authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    } else {
      body.set('client_id', client.clientId);
    }
    const started = this.now();
    const path = safePath(url);
    try {
      const response = await this.axios.post<string>(url, body.toString(), { headers, timeout: this.timeoutMs });
      this.log.info(`OAuth ${what}: POST ${path} ${response.status} ${this.now() - started} ms`);
      return response;
    } catch (err) {
      const mapped = transportError(err, this.timeoutMs, url);
      this.log.warn(`OAuth ${what}: POST ${path} failed after ${this.now() - started} ms: ${redact(mapped.message, [...secrets, client.clientSecret ?? ''])}`);
      throw mapped;
    }
  }
}

function sentence(s: string): string {
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

function formEncode(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, '+');
}

function safePath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return 'the endpoint';
  }
}

function parseJson(response: AxiosResponse<string>): unknown {
  const text = typeof response.data === 'string' ? response.data : '';
  try {
    return JSON.parse(text);
  } catch {
    const type = String(response.headers['content-type'] ?? '');
    const what = /html/i.test(type) || /^\s*</.test(text) ? 'an HTML page' : text.trim() === '' ? 'an empty body' : 'malformed JSON';
    throw new OAuthError('badResponse', `the token endpoint answered ${response.status} with ${what} instead of JSON`, undefined, response.status);
  }
}

/** RFC 6749 5.1: access_token and token_type (Bearer) required; expires_in, refresh_token, scope optional. */
export function tokenSet(body: unknown, now: number): TokenSet {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof b.access_token !== 'string' || b.access_token === '') {
    throw new OAuthError('badResponse', 'the token response has no access_token');
  }
  if (typeof b.token_type !== 'string' || b.token_type.toLowerCase() !== 'bearer') {
    throw new OAuthError('badResponse', `the token type is ${typeof b.token_type === 'string' ? `"${b.token_type.slice(0, 20)}"` : 'missing'}; only "Bearer" tokens are supported`);
  }
  const expiresIn = typeof b.expires_in === 'number' ? b.expires_in : typeof b.expires_in === 'string' ? Number(b.expires_in) : NaN;
  const tokens: TokenSet = { accessToken: b.access_token, obtainedAt: now };
  if (Number.isFinite(expiresIn) && expiresIn > 0) {
    tokens.expiresAt = now + expiresIn * 1000;
  }
  if (typeof b.refresh_token === 'string' && b.refresh_token !== '') {
    tokens.refreshToken = b.refresh_token;
  }
  if (typeof b.scope === 'string') {
    tokens.scope = b.scope;
  }
  return tokens;
}

const CLIENT_ERRORS = new Set(['invalid_client', 'unauthorized_client']);

/** RFC 6749 5.2 error responses (and whatever else a server or proxy answers). */
function errorFrom(response: AxiosResponse<string>, secrets: string[]): OAuthError {
  const { status } = response;
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(typeof response.data === 'string' ? response.data : '');
    body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    // not JSON: decided by status below
  }
  const code = typeof body.error === 'string' ? body.error.slice(0, 60) : undefined;
  const description = typeof body.error_description === 'string' ? redact(body.error_description, secrets).slice(0, 300) : '';
  if (status >= 500) {
    return new OAuthError('server', description || `the server answered ${status}`, code, status);
  }
  if (code && CLIENT_ERRORS.has(code)) {
    return new OAuthError('client', description || 'the client id or secret was not accepted.', code, status);
  }
  if (code) {
    const hint = code === 'invalid_grant' ? ' The code or refresh token may have expired, been used already or been revoked.' : '';
    return new OAuthError('rejected', `${sentence(description || code)}${hint}`, code, status);
  }
  if (status === 401) {
    return new OAuthError('client', 'the client was not authenticated (401).', undefined, status);
  }
  if (status >= 300 && status < 400) {
    return new OAuthError('badResponse', `the endpoint redirected (${status}); redirects are not followed`, undefined, status);
  }
  return new OAuthError('badResponse', `the endpoint answered ${status} without an OAuth error`, undefined, status);
}

function transportError(err: unknown, timeoutMs: number, url: string): OAuthError {
  if (axios.isCancel(err)) {
    return new OAuthError('cancelled', 'The request was cancelled.');
  }
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return 'the server';
    }
  })();
  if (err instanceof AxiosError) {
    if (isTimeout(err)) {
      return new OAuthError('timeout', `no answer from ${host} within ${Math.round(timeoutMs / 1000)} s`);
    }
    return new OAuthError('network', `${host}: ${networkReason(err)}`);
  }
  return new OAuthError('network', `${host}: ${err instanceof Error ? err.message : String(err)}`);
}
