import { cancelled, raceAbort } from './coalesce';
import { PostmanError } from './errors';
import { type Logger, silentLogger } from './logger';

/**
 * Spends Postman's rate limits so a large account never earns a 429 from them, and rides
 * out the 429s that come anyway (another window or tool using the same key).
 *
 * Limits are per user, so every bucket is kept per credential. A request waits, in arrival
 * order (FIFO per bucket), until each of its buckets has had fewer than `limit` sends in the
 * last `window + marginMs` — a sliding window, the stricter reading, made slightly longer
 * because Postman counts arrivals and our clock only sees sends.
 */

export interface BucketRule {
  name: string;
  limit: number;
  windowMs: number;
}

export const GLOBAL_BUCKET: BucketRule = { name: 'global', limit: 300, windowMs: 60_000 };
const STRICT = { limit: 10, windowMs: 10_000 };

/** The buckets a request counts against, most specific first (the first one orders its queue). */
export function classify(method: string, path: string): BucketRule[] {
  const p = path.split('?')[0].replace(/\/+$/, '') || '/';
  const m = method.toUpperCase();
  let family: string | undefined;
  if (/^\/monitors(\/|$)/.test(p)) {
    family = 'monitors';
  } else if (m === 'GET' && p === '/workspaces') {
    family = 'workspaces.list';
  } else if (m === 'GET' && /^\/workspaces\/[^/]+$/.test(p)) {
    family = 'workspaces.get';
  } else if (m === 'GET' && p === '/collections') {
    family = 'collections.list';
  }
  return family ? [{ name: family, ...STRICT }, GLOBAL_BUCKET] : [GLOBAL_BUCKET];
}

export interface WaitInfo {
  /** Seconds until the longest current wait ends. */
  seconds: number;
  reason: 'rateLimit' | 'pacing';
}

/** The shape of vscode.Disposable, so a subscription can go into context.subscriptions. */
export interface Disposable {
  dispose(): void;
}

export interface PacerOptions {
  now?: () => number;
  /** Must resolve after `ms`; rejecting on `signal` is optional (the pacer races it anyway). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Added to every window. Default 500 ms: covers latency jitter between our send and Postman's count. */
  marginMs?: number;
  /** Retries after a 429 `rateLimited`. Default 3. */
  maxRetries?: number;
  /** A Retry-After longer than this is not waited out: the caller gets the error. Default 60. */
  maxRetryWaitSeconds?: number;
  /** Pacing waits shorter than this are not reported (no UI flicker). Default 1000 ms. */
  reportAfterMs?: number;
  log?: Logger;
}

export interface PacedRequest {
  /** A stable, non-secret id of the credential (limits are per user). */
  credentialId: string;
  method: string;
  path: string;
  signal?: AbortSignal;
}

type Reason = WaitInfo['reason'];

export class Pacer {
  private readonly o: Required<PacerOptions>;
  /** Send times per `credentialId|bucket`, oldest first. */
  private readonly sent = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly tails = new Map<string, Promise<void>>();
  private readonly waits = new Map<number, { until: number; reason: Reason }>();
  private nextWaitId = 0;
  private reported: WaitInfo | undefined;
  private readonly waitListeners = new Set<(info: WaitInfo) => void>();
  private readonly resumeListeners = new Set<() => void>();

  constructor(opts: PacerOptions = {}) {
    const defaults = { now: Date.now, sleep: realSleep, marginMs: 500, maxRetries: 3, maxRetryWaitSeconds: 60, reportAfterMs: 1000, log: silentLogger };
    // An option given as undefined keeps its default.
    this.o = { ...defaults, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) };
  }

  /** The current waiting state, undefined when nothing waits (or only briefly). */
  get waiting(): WaitInfo | undefined {
    return this.reported;
  }

  onWait(listener: (info: WaitInfo) => void): Disposable {
    this.waitListeners.add(listener);
    return { dispose: () => void this.waitListeners.delete(listener) };
  }

  onResume(listener: () => void): Disposable {
    this.resumeListeners.add(listener);
    return { dispose: () => void this.resumeListeners.delete(listener) };
  }

  /** Sends when the limits allow; on a 429 `rateLimited`, pauses the bucket and retries. */
  async run<T>(req: PacedRequest, send: () => Promise<T>): Promise<T> {
    const rules = classify(req.method, req.path);
    for (let attempt = 0; ; attempt++) {
      await this.acquire(req, rules);
      try {
        return await send();
      } catch (err) {
        const ms = this.retryDelayMs(err, attempt);
        if (ms === undefined) {
          throw err;
        }
        // The 429 says the bucket is spent for everyone queued on it, not just this request.
        const key = `${req.credentialId}|${rules[0].name}`;
        this.pausedUntil.set(key, Math.max(this.pausedUntil.get(key) ?? 0, this.o.now() + ms));
        this.o.log.info(`${req.method} ${req.path} was rate limited (429): retry ${attempt + 1} of ${this.o.maxRetries} in ${seconds(ms)} s`);
      }
    }
  }

  private retryDelayMs(err: unknown, attempt: number): number | undefined {
    // quotaExhausted (serviceLimitExhausted) is a different kind: retrying cannot help.
    if (!(err instanceof PostmanError) || err.kind !== 'rateLimited' || attempt >= this.o.maxRetries) {
      return undefined;
    }
    const secs = err.retryAfterSeconds ?? Math.min(2 ** attempt, 30);
    return secs > this.o.maxRetryWaitSeconds ? undefined : secs * 1000;
  }

  private async acquire(req: PacedRequest, rules: BucketRule[]): Promise<void> {
    const keys = rules.map((r) => `${req.credentialId}|${r.name}`);
    const queue = keys[0];
    const prev = this.tails.get(queue) ?? Promise.resolve();
    let release = (): void => undefined;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = prev.then(() => mine);
    this.tails.set(queue, tail);
    try {
      await raceAbort(prev, req.signal);
      for (;;) {
        if (req.signal?.aborted) {
          throw cancelled();
        }
        const { ms, reason, rule } = this.delay(keys, rules);
        if (ms <= 0) {
          break;
        }
        const why = reason === 'rateLimit' ? 'paused after a 429' : `${rule.limit} calls per ${rule.windowMs / 1000} s`;
        this.o.log.info(`pacing: ${req.method} ${req.path} waits ${seconds(ms)} s (${why})`);
        await this.wait(ms, reason, req.signal);
      }
      const now = this.o.now();
      for (const key of keys) {
        this.times(key).push(now);
      }
    } finally {
      // A cancelled waiter releases its place; later ones still wait for `prev` through `tail`.
      release();
      // Stryker disable next-line BlockStatement: emptying the map only frees memory; a settled tail admits the next request the same way
      void tail.then(() => {
        // Stryker disable next-line BlockStatement: as above, keeping a settled tail only costs memory
        if (this.tails.get(queue) === tail) {
          // Stryker disable next-line CallExpression: as above, keeping a settled tail only costs memory
          this.tails.delete(queue);
        }
      });
    }
  }

  /** How long until every bucket admits one more send, and which bucket decides it. */
  private delay(keys: string[], rules: BucketRule[]): { ms: number; reason: Reason; rule: BucketRule } {
    const now = this.o.now();
    let best = { ms: 0, reason: 'pacing' as Reason, rule: rules[0] };
    keys.forEach((key, i) => {
      const rule = rules[i];
      const windowMs = rule.windowMs + this.o.marginMs;
      const times = this.times(key);
      while (times.length > 0 && times[0] <= now - windowMs) {
        times.shift();
      }
      if (times.length >= rule.limit) {
        const ms = times[times.length - rule.limit] + windowMs - now;
        if (ms > best.ms) {
          best = { ms, reason: 'pacing', rule };
        }
      }
      const paused = (this.pausedUntil.get(key) ?? 0) - now;
      if (paused > best.ms) {
        best = { ms: paused, reason: 'rateLimit', rule };
      }
    });
    return best;
  }

  private times(key: string): number[] {
    // Stryker disable next-line ArrayDeclaration: a non-number stand-in never leaves the window and reads as NaN, which never wins a wait
    const times = this.sent.get(key) ?? [];
    this.sent.set(key, times);
    return times;
  }

  private async wait(ms: number, reason: Reason, signal: AbortSignal | undefined): Promise<void> {
    // Stryker disable next-line UpdateOperator: counting down gives unique ids too
    const id = this.nextWaitId++;
    if (reason === 'rateLimit' || ms >= this.o.reportAfterMs) {
      this.waits.set(id, { until: this.o.now() + ms, reason });
      this.report();
    }
    try {
      await raceAbort(this.o.sleep(ms, signal), signal);
    } finally {
      if (this.waits.delete(id)) {
        this.report();
      }
    }
  }

  /** One aggregated state for the UI: a 429 pause outranks pacing; the longest wait wins. */
  private report(): void {
    let top: { until: number; reason: Reason } | undefined;
    const rank = (x: { until: number; reason: Reason }) => (x.reason === 'rateLimit' ? 1e15 : 0) + x.until;
    for (const w of this.waits.values()) {
      if (!top || rank(w) > rank(top)) {
        top = w;
      }
    }
    if (!top) {
      if (this.reported) {
        this.reported = undefined;
        this.resumeListeners.forEach((l) => l());
      }
      return;
    }
    const info: WaitInfo = { seconds: Math.max(1, Math.ceil((top.until - this.o.now()) / 1000)), reason: top.reason };
    if (info.seconds !== this.reported?.seconds || info.reason !== this.reported.reason) {
      this.reported = info;
      this.waitListeners.forEach((l) => l(info));
    }
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // Cleared on abort so a cancelled wait leaves no timer keeping Node alive.
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: done() removes the listener itself
    signal?.addEventListener('abort', done, { once: true });
  });
}
