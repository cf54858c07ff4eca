import { type CacheKey, type PostmanRepository, userMessage } from '../../postman';
import type { Take } from '../../usage/budget';

export interface RevalidatorOptions {
  /** Asked before every call: the background budget. */
  take: () => Take;
  /**
   * The pause between two calls. Background calls leave most of Postman's per-endpoint rate
   * limit (10 in 10 s for a workspace) to the user's clicks.
   */
  gapMs: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** A check that failed (it is not retried: the row keeps what was kept, and Refresh retries). */
  onError?: (key: CacheKey, message: string) => void;
  /** The budget refused a call: the rest waits (see `resume`). */
  onRefused?: (refusal: Extract<Take, { ok: false }>) => void;
}

/**
 * Checks values kept from an earlier window with Postman, one call at a time, in the order
 * the tree first showed them — the visible rows, top to bottom — and only those: a kept value
 * that no row reads costs no call. Each call is taken from the background budget; when it is
 * spent, the rest waits until `resume` (the budget frees up, or the user refreshes).
 */
export class Revalidator {
  private readonly queue: CacheKey[] = [];
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly repo: PostmanRepository,
    private readonly o: RevalidatorOptions,
  ) {
    this.sleep = o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** A kept value was shown: check it after those shown before it. */
  enqueue(key: CacheKey): void {
    if (!this.queue.includes(key)) {
      this.queue.push(key);
    }
    this.resume();
  }

  /** Goes on with what waits (after the budget refused a call); nothing happens if nothing waits or a run is under way. */
  resume(): void {
    this.stopped = false;
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
      // Keys enqueued as the run ended.
      if (this.queue.length > 0 && !this.stopped) {
        this.resume();
      }
    });
  }

  /** Forgets what waits (signed out, or the kept data was dropped). */
  clear(): void {
    this.queue.length = 0;
  }

  /** Values waiting to be checked. */
  get pending(): number {
    return this.queue.length;
  }

  /** Resolves when the current run ends (tests, the benchmark). */
  async idle(): Promise<void> {
    while (this.running) {
      await this.running;
    }
  }

  private async drain(): Promise<void> {
    let called = false;
    const kept = (key: CacheKey) => this.repo.seededAt(key) !== undefined;
    for (let key = this.queue.shift(); key !== undefined; key = this.queue.shift()) {
      // Checked or replaced meanwhile (an edit, a Refresh): no call, and no pause for it.
      if (!kept(key)) {
        continue;
      }
      if (called) {
        await this.sleep(this.o.gapMs());
        if (!kept(key)) {
          continue;
        }
      }
      const take = this.o.take();
      if (!take.ok) {
        this.queue.unshift(key);
        this.stopped = true;
        this.o.onRefused?.(take);
        return;
      }
      called = true;
      try {
        await this.repo.revalidate(key);
      } catch (err) {
        this.o.onError?.(key, userMessage(err));
      }
    }
  }
}
