import axios, { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import { createHash } from 'node:crypto';
import { Coalescer, coalesceKey } from './coalesce';
import { PostmanError } from './errors';
import { type Logger, silentLogger } from './logger';
import { type Disposable, Pacer, type WaitInfo } from './pacer';
import { redact } from './redact';
import { createWireClient, isTimeout, networkReason } from './wire';

/** A credential as it goes out: API key header or OAuth bearer token. */
export type Credential = { kind: 'apiKey'; key: string } | { kind: 'bearer'; token: string };

export interface HttpSettings {
  /** Already validated by parseBaseUrl. */
  baseUrl: string;
  timeoutMs: number;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  /** Use this credential instead of the stored one (checking a key before storing it). */
  credential?: Credential;
}

export interface TransportOptions {
  /** Paces requests to Postman's limits and retries 429s; `false` sends at once (tests of raw behaviour). */
  pacer?: Pacer | false;
  /** Makes identical concurrent GETs one request. Default true. */
  coalesce?: boolean;
}

/** What one response or failure told: the auth and usage displays watch these (see onOutcome). */
export interface RequestOutcome {
  method: string;
  path: string;
  status: number | undefined;
  /** The credential the request carried; `checking` when it was passed in (a key being checked), not the signed-in one. */
  credential: Credential;
  checking: boolean;
  rateLimit: RateLimitSnapshot | undefined;
  error: PostmanError | undefined;
}

export interface RateLimitSnapshot {
  limit?: number;
  remaining?: number;
  resetSeconds?: number;
  remainingMonth?: number;
  limitMonth?: number;
  at: number;
}

/**
 * The one place that talks to the network: it sets the auth header, the timeout and the
 * user agent, reads rate-limit headers, parses JSON itself (so a proxy's HTML page is an
 * error, not a crash) and maps every failure to a typed PostmanError. Logs carry method,
 * path, status and duration only — never headers or bodies.
 */
export class HttpTransport {
  private readonly axios: AxiosInstance;
  private readonly pacer: Pacer | undefined;
  private readonly coalescer: Coalescer | undefined;
  lastRateLimit: RateLimitSnapshot | undefined;
  /** Told of every response and failure after it is logged (one re-sign-in prompt for many 401s, usage). */
  onOutcome: ((outcome: RequestOutcome) => void) | undefined;
  /**
   * Asked after a 401 with the signed-in credential: a renewed one to retry with once (OAuth
   * refresh), or undefined. May throw a PostmanError that explains why renewing failed.
   */
  renew: ((rejected: Credential) => Promise<Credential | undefined>) | undefined;

  constructor(
    private readonly settings: () => HttpSettings,
    private readonly credential: () => Promise<Credential | undefined>,
    private readonly log: Logger = silentLogger,
    userAgent = 'postman-workspaces-vscode',
    options: TransportOptions = {},
  ) {
    this.pacer = options.pacer === false ? undefined : (options.pacer ?? new Pacer({ log }));
    this.coalescer = options.coalesce === false ? undefined : new Coalescer();
    // Postman describes its errors as application/problem+json: a server that negotiates
    // content (as its OpenAPI mock does) cannot send them to a client accepting only JSON.
    this.axios = createWireClient({ 'User-Agent': userAgent, Accept: 'application/json, application/problem+json' });
  }

  /** Waiting for Postman's rate limit (or pacing to it): undefined when nothing waits. */
  get waiting(): WaitInfo | undefined {
    return this.pacer?.waiting;
  }

  onDidChangeWaiting(listener: (info: WaitInfo | undefined) => void): Disposable {
    const subs = this.pacer ? [this.pacer.onWait(listener), this.pacer.onResume(() => listener(undefined))] : [];
    return { dispose: () => subs.forEach((s) => s.dispose()) };
  }

  async request(method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE', path: string, opts: RequestOptions = {}): Promise<unknown> {
    const credential = opts.credential ?? (await this.credential());
    if (!credential) {
      throw new PostmanError('notSignedIn', 'Not signed in to Postman. Run "Postman: Sign In".');
    }
    try {
      return await this.dispatch(method, path, opts, credential);
    } catch (err) {
      // A rejected OAuth token is renewed (once, shared by every waiting request) and the request sent again.
      if (opts.credential || !this.renew || !(err instanceof PostmanError) || err.kind !== 'unauthorized') {
        throw err;
      }
      const renewed = await this.renew(credential);
      if (!renewed || credentialId(renewed) === credentialId(credential)) {
        throw err;
      }
      return this.dispatch(method, path, opts, renewed);
    }
  }

  private dispatch(method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE', path: string, opts: RequestOptions, credential: Credential): Promise<unknown> {
    const id = credentialId(credential);
    const pacer = this.pacer;
    const paced = (signal: AbortSignal | undefined) =>
      pacer
        ? pacer.run({ credentialId: id, method, path, signal }, () => this.send(method, path, opts, credential, signal))
        : this.send(method, path, opts, credential, signal);
    if (this.coalescer && method === 'GET' && opts.body === undefined) {
      const key = coalesceKey(`${id} ${this.settings().baseUrl}`, method, path, opts.query);
      return this.coalescer.run(key, opts.signal, paced);
    }
    return paced(opts.signal);
  }

  private async send(method: string, path: string, opts: RequestOptions, credential: Credential, signal: AbortSignal | undefined): Promise<unknown> {
    const { baseUrl, timeoutMs } = this.settings();
    const headers: Record<string, string> =
      credential.kind === 'apiKey' ? { 'X-Api-Key': credential.key } : { Authorization: `Bearer ${credential.token}` };
    const secret = credential.kind === 'apiKey' ? credential.key : credential.token;
    const started = Date.now();
    let response: AxiosResponse<string>;
    try {
      response = await this.axios.request<string>({
        method,
        url: baseUrl + path,
        params: opts.query,
        data: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        headers: opts.body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
        timeout: timeoutMs,
        signal,
      });
    } catch (err) {
      const mapped = mapTransportError(err, timeoutMs);
      this.log.warn(`${method} ${path} failed after ${Date.now() - started} ms: ${redact(mapped.message, [secret])}`);
      this.report({ method, path, status: undefined, credential, checking: opts.credential !== undefined, rateLimit: undefined, error: mapped });
      throw mapped;
    }
    const ms = Date.now() - started;
    this.lastRateLimit = readRateLimit(response.headers as Record<string, unknown>);
    const remaining = this.lastRateLimit.remaining;
    this.log.info(`${method} ${path} ${response.status} ${ms} ms${remaining !== undefined ? ` (rate limit remaining ${remaining})` : ''}`);
    const outcome = { method, path, status: response.status, credential, checking: opts.credential !== undefined, rateLimit: this.lastRateLimit };
    try {
      const body = interpret(response, method, path, secret);
      this.report({ ...outcome, error: undefined });
      return body;
    } catch (err) {
      this.report({ ...outcome, error: err instanceof PostmanError ? err : undefined });
      throw err;
    }
  }

  private report(outcome: RequestOutcome): void {
    try {
      this.onOutcome?.(outcome);
    } catch (err) {
      this.log.error(`A request observer failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Limits are per user, so pacing and coalescing are keyed by credential; a digest keeps the secret out of keys. */
function credentialId(credential: Credential): string {
  const secret = credential.kind === 'apiKey' ? credential.key : credential.token;
  return createHash('sha256').update(`${credential.kind}:${secret}`).digest('hex').slice(0, 16);
}

function interpret(response: AxiosResponse<string>, method: string, path: string, secret: string): unknown {
  const { status } = response;
  const text = typeof response.data === 'string' ? response.data : '';
  const contentType = String(response.headers['content-type'] ?? '');
  let body: unknown;
  let parsed = false;
  // Stryker disable next-line MethodExpression,StringLiteral: JSON.parse rejects blank text anyway
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
      parsed = true;
    } catch {
      parsed = false;
    }
  }
  if (status >= 200 && status < 300) {
    if (!parsed) {
      const what = /html/i.test(contentType) || /^\s*</.test(text) ? 'an HTML page' : text === '' ? 'an empty body' : 'malformed JSON';
      throw new PostmanError('badResponse', `${method} ${path} returned ${what} instead of JSON`, { status });
    }
    return body;
  }
  const serverMessage = parsed ? redact(errorText(body), [secret]) : '';
  const retryAfter = retryAfterSeconds(response.headers as Record<string, unknown>);
  const detail = serverMessage || `${method} ${path} answered ${status}${parsed ? '' : ' with a non-JSON body'}`;
  const opts = { status, ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}) };
  if (status === 401) {
    return fail('unauthorized', detail, opts);
  }
  if (status === 407) {
    // Not Postman: a proxy in between wants credentials of its own.
    return fail('network', `a proxy between you and Postman asks for authentication (407); check VS Code's http.proxy settings`, opts);
  }
  if (status === 403) {
    return fail('forbidden', detail, opts);
  }
  if (status === 404 || (status === 400 && saysNotFound(body))) {
    return fail('notFound', detail, opts);
  }
  if (status === 429) {
    return fail(errorName(body) === 'serviceLimitExhausted' ? 'quotaExhausted' : 'rateLimited', detail, opts);
  }
  if (status >= 500) {
    return fail('server', detail, opts);
  }
  if (status >= 300 && status < 400) {
    return fail('badResponse', `${method} ${path} was redirected (${status}); redirects are not followed`, opts);
  }
  return fail('badRequest', detail, opts);
}

function fail(kind: ConstructorParameters<typeof PostmanError>[0], message: string, opts: { status?: number; retryAfterSeconds?: number }): never {
  throw new PostmanError(kind, message, opts);
}

/** Postman answers `{error:{name,message}}` or, on newer endpoints, problem+json. */
function errorText(body: unknown): string {
  if (typeof body !== 'object' || body === null) {
    return '';
  }
  const b = body as Record<string, unknown>;
  const e = b.error;
  if (typeof e === 'object' && e !== null) {
    const m = (e as Record<string, unknown>).message;
    if (typeof m === 'string') {
      // A refused collection: "Found 2 errors with the supplied collection." says nothing a user
      // can fix without the list of what and where ("info: must have required property 'schema'").
      const details = (e as Record<string, unknown>).details;
      const listed = Array.isArray(details) ? details.filter((d): d is string => typeof d === 'string') : [];
      return (listed.length > 0 ? `${m}${/[.:]$/.test(m) ? '' : ':'} ${listed.join('; ')}` : m).slice(0, 500);
    }
  }
  if (typeof e === 'string') {
    return e.slice(0, 500);
  }
  // A problem's `detail` may be a list of what is wrong ("/values/1/value: must be a string").
  const detail = Array.isArray(b.detail) ? b.detail.filter((d): d is string => typeof d === 'string').join('; ') : b.detail;
  const parts = [b.title, detail].filter((x): x is string => typeof x === 'string' && x !== '');
  if (parts.length === 0 && typeof b.message === 'string') {
    // Some 400s come as a bare `{name, message}` (examples of GET /workspaces in Postman's OpenAPI).
    return b.message.slice(0, 500);
  }
  return [...new Set(parts)].join(': ').slice(0, 500);
}

/**
 * Postman answers some reads of a deleted collection or environment with 400 rather than 404:
 * `{error:{name:'instanceNotFoundError'}}`, or problem+json whose type is …/not-found.
 */
function saysNotFound(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) {
    return false;
  }
  const b = body as Record<string, unknown>;
  return errorName(body) === 'instanceNotFoundError' || (typeof b.type === 'string' && /\/not-found$/.test(b.type)) || b.status === 404;
}

function errorName(body: unknown): string | undefined {
  const e = (body as { error?: { name?: unknown } } | undefined)?.error;
  if (e && typeof e.name === 'string') {
    return e.name;
  }
  const t = (body as { type?: unknown; title?: unknown } | undefined)?.title;
  return typeof t === 'string' ? t : undefined;
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return v === undefined || v === null ? undefined : String(v);
}

function num(v: string | undefined): number | undefined {
  // Stryker disable next-line BlockStatement: Number(undefined) is NaN, which reads as no value just the same
  if (v === undefined) {
    return undefined;
  }
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function retryAfterSeconds(headers: Record<string, unknown>): number | undefined {
  const raw = header(headers, 'retry-after') ?? header(headers, 'x-ratelimit-retryafter');
  // Stryker disable next-line BlockStatement: undefined parses as neither seconds nor a date, so no value just the same
  if (raw === undefined) {
    return undefined;
  }
  const secs = num(raw);
  if (secs !== undefined) {
    return Math.max(0, secs);
  }
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function readRateLimit(headers: Record<string, unknown>): RateLimitSnapshot {
  const snapshot: RateLimitSnapshot = { at: Date.now() };
  const combined = header(headers, 'ratelimit');
  const fromCombined = (key: string) => num(combined?.match(new RegExp(`${key}=(\\d+)`))?.[1]);
  const set = (key: keyof Omit<RateLimitSnapshot, 'at'>, value: number | undefined) => {
    if (value !== undefined) {
      snapshot[key] = value;
    }
  };
  set('limit', num(header(headers, 'x-ratelimit-limit') ?? header(headers, 'ratelimit-limit')) ?? fromCombined('limit'));
  set('remaining', num(header(headers, 'x-ratelimit-remaining') ?? header(headers, 'ratelimit-remaining')) ?? fromCombined('remaining'));
  set('resetSeconds', num(header(headers, 'x-ratelimit-reset') ?? header(headers, 'ratelimit-reset')) ?? fromCombined('reset'));
  set('limitMonth', num(header(headers, 'x-ratelimit-limit-month')));
  set('remainingMonth', num(header(headers, 'ratelimit-remaining-month') ?? header(headers, 'x-ratelimit-remaining-month')));
  return snapshot;
}

function mapTransportError(err: unknown, timeoutMs: number): PostmanError {
  if (axios.isCancel(err)) {
    return new PostmanError('cancelled', 'The request was cancelled.');
  }
  if (err instanceof AxiosError) {
    if (isTimeout(err)) {
      return new PostmanError('timeout', `no answer within ${Math.round(timeoutMs / 1000)} s`);
    }
    return new PostmanError('network', networkReason(err));
  }
  return new PostmanError('network', err instanceof Error ? err.message : String(err));
}
