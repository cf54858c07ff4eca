import type { BenchServer } from './localServer';

export interface Measured<T> {
  /** API calls the server received, and 429s it answered, while `fn` ran. */
  calls: number;
  rateLimited: number;
  ms: number;
  /** heapUsed above a collected baseline, sampled every 5 ms (garbage counts until collected). */
  peakHeapMb: number;
  value: T;
}

/** Runs `fn` and measures it: calls and 429s on the server, wall time, peak heap. */
export async function measure<T>(server: BenchServer, fn: () => Promise<T>): Promise<Measured<T>> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = await server.counts();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const started = performance.now();
  const value = await fn();
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  const after = await server.counts();
  return { calls: after.calls - before.calls, rateLimited: after.rateLimited - before.rateLimited, ms, peakHeapMb: (peak - base) / 1024 / 1024, value };
}
