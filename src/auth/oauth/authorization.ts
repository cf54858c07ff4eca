/**
 * Authorization requests in flight (RFC 6749 4.1 with PKCE, RFC 9700 / RFC 8252 where they
 * apply). Each request gets its own `state` and PKCE verifier; the response that comes back
 * through the URI handler is matched by `state` alone. A response is accepted once, only
 * while its request is pending, and only within the request's lifetime (5 minutes): unknown,
 * repeated and late responses are ignored and reported as such. No vscode import.
 */
import { OAuthError } from './errors';
import { createPkce, randomState } from './pkce';

export const AUTHORIZATION_LIFETIME_MS = 5 * 60_000;
/** How long a finished request's state is remembered, to tell "already used" and "too late" from "unknown". */
const REMEMBER_MS = 30 * 60_000;
const REMEMBER_MAX = 50;

export interface AuthorizationParams {
  authorizationUrl: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
}

export interface PendingAuthorization {
  state: string;
  verifier: string;
  redirectUri: string;
  url: string;
  expiresAt: number;
}

/** What came back through the redirect for an accepted state. */
export type AuthorizationResponse =
  | { code: string; error?: undefined; iss?: string }
  | { code?: undefined; error: string; description?: string; iss?: string };

export type IgnoredReason = 'noState' | 'unknownState' | 'alreadyUsed' | 'late';

export type DeliveryOutcome = { accepted: true } | { accepted: false; reason: IgnoredReason };

interface Waiter {
  pending: PendingAuthorization;
  resolve: (r: AuthorizationResponse) => void;
  reject: (e: OAuthError) => void;
  timer: ReturnType<typeof setTimeout>;
  promise: Promise<AuthorizationResponse>;
}

/** Builds the authorization URL, keeping any query the configured URL already has. */
export function authorizationUrl(p: AuthorizationParams, state: string, challenge: string): string {
  const url = new URL(p.authorizationUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', p.clientId);
  url.searchParams.set('redirect_uri', p.redirectUri);
  if (p.scopes.length > 0) {
    url.searchParams.set('scope', p.scopes.join(' '));
  } else {
    url.searchParams.delete('scope');
  }
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

export class AuthorizationRequests {
  private readonly waiting = new Map<string, Waiter>();
  /** state → why it is over, and when it ended. */
  private readonly finished = new Map<string, { why: 'used' | 'late'; at: number }>();

  constructor(
    /** How long a request waits for its response (5 minutes); tests shorten it. */
    public lifetimeMs = AUTHORIZATION_LIFETIME_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts a request: a fresh state and verifier, and the URL to open in the browser. */
  begin(params: AuthorizationParams): PendingAuthorization {
    const state = randomState();
    const pkce = createPkce();
    const pending: PendingAuthorization = {
      state,
      verifier: pkce.verifier,
      redirectUri: params.redirectUri,
      url: authorizationUrl(params, state, pkce.challenge),
      expiresAt: this.now() + this.lifetimeMs,
    };
    let resolve!: Waiter['resolve'];
    let reject!: Waiter['reject'];
    const promise = new Promise<AuthorizationResponse>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined); // a waiter may never be awaited (e.g. the browser did not open)
    const timer = setTimeout(() => this.end(state, 'late', new OAuthError('expired', `No answer came back from the browser within ${duration(this.lifetimeMs)}, so the sign-in was stopped. Sign in again to retry.`)), this.lifetimeMs);
    timer.unref?.();
    this.waiting.set(state, { pending, resolve, reject, timer, promise });
    return pending;
  }

  /** Resolves with what the redirect carried; rejects when cancelled (signal) or after the lifetime. */
  wait(state: string, signal?: AbortSignal): Promise<AuthorizationResponse> {
    const waiter = this.waiting.get(state);
    if (!waiter) {
      return Promise.reject(new OAuthError('expired', 'This sign-in is no longer waiting for an answer.'));
    }
    if (signal) {
      const onAbort = () => this.cancel(state);
      if (signal.aborted) {
        onAbort();
      } else {
        signal.addEventListener('abort', onAbort, { once: true });
        void waiter.promise.finally(() => signal.removeEventListener('abort', onAbort)).catch(() => undefined);
      }
    }
    return waiter.promise;
  }

  /** Stops waiting for `state`; a response that still arrives counts as late. */
  cancel(state: string, why = 'The sign-in was cancelled.'): void {
    this.end(state, 'late', new OAuthError('cancelled', why));
  }

  /** Cancels every request in flight (a newer sign-in, or shutting down). */
  cancelAll(why: string): void {
    for (const state of [...this.waiting.keys()]) {
      this.cancel(state, why);
    }
  }

  get inFlight(): number {
    return this.waiting.size;
  }

  /**
   * A redirect arrived (query parameters of the callback URI). Accepted only for a pending
   * state, once; the waiting sign-in gets the code (or the error the server sent).
   */
  deliver(params: URLSearchParams): DeliveryOutcome {
    this.forgetOld();
    const state = params.get('state');
    if (!state) {
      return { accepted: false, reason: 'noState' };
    }
    const waiter = this.waiting.get(state);
    if (!waiter) {
      const ended = this.finished.get(state);
      return { accepted: false, reason: ended ? (ended.why === 'used' ? 'alreadyUsed' : 'late') : 'unknownState' };
    }
    if (this.now() >= waiter.pending.expiresAt) {
      this.end(state, 'late', new OAuthError('expired', 'The answer from the browser came too late; sign in again.'));
      return { accepted: false, reason: 'late' };
    }
    this.waiting.delete(state);
    clearTimeout(waiter.timer);
    this.remember(state, 'used');
    const error = params.get('error');
    const code = params.get('code');
    const iss = params.get('iss') ?? undefined;
    if (error) {
      waiter.resolve({ error, description: params.get('error_description') ?? undefined, ...(iss !== undefined ? { iss } : {}) });
    } else if (code) {
      waiter.resolve({ code, iss });
    } else {
      waiter.resolve({ error: 'invalid_request', description: 'The redirect carried neither a code nor an error.' });
    }
    return { accepted: true };
  }

  private end(state: string, why: 'used' | 'late', err: OAuthError): void {
    const waiter = this.waiting.get(state);
    if (!waiter) {
      return;
    }
    this.waiting.delete(state);
    clearTimeout(waiter.timer);
    this.remember(state, why);
    waiter.reject(err);
  }

  private remember(state: string, why: 'used' | 'late'): void {
    this.finished.set(state, { why, at: this.now() });
    while (this.finished.size > REMEMBER_MAX) {
      this.finished.delete(this.finished.keys().next().value as string);
    }
  }

  private forgetOld(): void {
    const cutoff = this.now() - REMEMBER_MS;
    for (const [state, ended] of this.finished) {
      if (ended.at < cutoff) {
        this.finished.delete(state);
      }
    }
  }
}

/**
 * RFC 9207 (mix-up defence): a response that names its issuer must name the one the request
 * went to; a response without `iss` is accepted (not every server sends it). Compared as
 * strings, a trailing slash aside (`https://as.example` and `https://as.example/`).
 */
export function checkIssuer(response: AuthorizationResponse, expected: string | undefined): void {
  if (response.iss === undefined || expected === undefined) {
    return;
  }
  const trim = (s: string) => s.replace(/\/+$/, '');
  if (trim(response.iss) !== trim(expected)) {
    throw new OAuthError(
      'denied',
      `The sign-in answer came from the issuer "${response.iss.slice(0, 200)}", not "${expected}" that this sign-in went to, so it was refused (a possible mix-up attack; RFC 9207). If your authorization server's issuer differs from its address, set postman.oauth.issuer.`,
      'invalid_issuer',
    );
  }
}

/** "5 minutes", "1 minute", "20 seconds". */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes >= 1) {
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  const seconds = Math.max(1, Math.round(ms / 1000));
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** Words for an ignored redirect. */
export function ignoredMessage(reason: IgnoredReason): string {
  switch (reason) {
    case 'noState':
      return 'A Postman sign-in response without a "state" value arrived and was ignored.';
    case 'unknownState':
      return 'A Postman sign-in response arrived that this window did not ask for (its "state" does not match a sign-in in progress); it was ignored.';
    case 'alreadyUsed':
      return 'A Postman sign-in response arrived a second time; it was ignored (each one is used once).';
    case 'late':
      return 'A Postman sign-in response arrived after its sign-in was cancelled or timed out; it was ignored. Sign in again if you still want to.';
  }
}
