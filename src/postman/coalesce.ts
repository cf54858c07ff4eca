import { PostmanError } from './errors';

/**
 * Makes identical GETs that are in flight at the same time one request: the tree, a
 * document and a refresh often ask for the same workspace at once, and every call spends
 * rate limit and monthly quota.
 *
 * The key must name the credential (see coalesceKey): two users never share an answer.
 * Each caller keeps its own cancellation: one caller giving up rejects only its own promise;
 * the shared request is aborted only when no caller is left to want it.
 */

interface Shared {
  promise: Promise<unknown>;
  controller: AbortController;
  callers: number;
}

export function coalesceKey(scope: string, method: string, path: string, query?: Record<string, string | number | undefined>): string {
  const q = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .sort()
    .join('&');
  return `${scope} ${method} ${path}?${q}`;
}

export class Coalescer {
  private readonly inflight = new Map<string, Shared>();

  /** How many distinct requests are in flight (for tests and diagnostics). */
  get size(): number {
    return this.inflight.size;
  }

  run<T>(key: string, signal: AbortSignal | undefined, start: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal?.aborted) {
      return Promise.reject(cancelled());
    }
    let shared = this.inflight.get(key);
    const first = !shared;
    if (!shared) {
      const controller = new AbortController();
      const entry: Shared = { controller, callers: 0, promise: Promise.resolve() };
      entry.promise = start(controller.signal).finally(() => this.forget(key, entry));
      // Every caller may have left; the outcome must not become an unhandled rejection.
      // Stryker disable next-line CallExpression: join() below always attaches a rejection handler too
      entry.promise.catch(() => undefined);
      this.inflight.set(key, entry);
      shared = entry;
    }
    return this.join(key, shared, signal, first) as Promise<T>;
  }

  private join(key: string, shared: Shared, signal: AbortSignal | undefined, first: boolean): Promise<unknown> {
    shared.callers++;
    return new Promise((resolve, reject) => {
      let settled = false;
      const leave = (): boolean => {
        // Stryker disable next-line BlockStatement: a second leave() comes only once the shared request settled, when the count no longer matters
        if (settled) {
          // Stryker disable next-line BooleanLiteral: as above; resolving a settled promise does nothing
          return false;
        }
        // Stryker disable next-line BooleanLiteral: as above
        settled = true;
        shared.callers--;
        signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const onAbort = () => {
        if (!leave()) {
          return;
        }
        reject(cancelled());
        if (shared.callers === 0) {
          this.forget(key, shared);
          shared.controller.abort();
        }
      };
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: leave() removes the listener itself
      signal?.addEventListener('abort', onAbort, { once: true });
      shared.promise.then(
        // Callers that joined get their own copy: a caller editing its result must not change another's.
        (value) => leave() && resolve(first ? value : structuredClone(value)),
        (err: unknown) => leave() && reject(err),
      );
    });
  }

  private forget(key: string, shared: Shared): void {
    if (this.inflight.get(key) === shared) {
      this.inflight.delete(key);
    }
  }
}

export function cancelled(): PostmanError {
  return new PostmanError('cancelled', 'The request was cancelled.');
}

/** Settles with `promise`, or rejects as cancelled as soon as `signal` aborts (the pacer's waits use it too). */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) {
    return promise;
  }
  if (signal.aborted) {
    return Promise.reject(cancelled());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: the finally removes the listener itself
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
