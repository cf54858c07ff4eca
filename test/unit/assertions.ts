import * as assert from 'node:assert/strict';
import { type HttpTransport, type Logger, PostmanClient, PostmanError, type PostmanErrorKind } from '../../src/postman';

/** A logger that keeps lines, to check what would reach the log channel. */
export function memoryLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (m: string) => void lines.push(m);
  return { lines, debug: push, info: push, warn: push, error: push };
}

/** Awaits `promise` and checks it failed with a PostmanError of `kind`; returns the error. */
export async function rejectsWith(promise: Promise<unknown>, kind: PostmanErrorKind): Promise<PostmanError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof PostmanError, `expected a PostmanError, got ${String(err)}`);
    assert.equal(err.kind, kind, `${err.kind}: ${err.message}`);
    return err;
  }
  assert.fail(`expected a ${kind} error`);
}

/** Waits until `check()` holds, polling; fails after `ms` with `what()` (the state seen) when given. */
export async function until(check: () => boolean, ms = 2000, what?: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting${what ? `: ${what()}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A request the client made, as a recording transport saw it. */
export interface Sent {
  method: string;
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

/** A client over a transport that records each request and answers from `answers` in turn (the last one repeats). */
export function recording(...answers: unknown[]): { client: PostmanClient; sent: Sent[] } {
  const sent: Sent[] = [];
  const http = {
    request: async (method: string, path: string, opts: { query?: Sent['query']; body?: unknown } = {}) => {
      sent.push({ method, path, ...(opts.query ? { query: opts.query } : {}), ...(opts.body !== undefined ? { body: opts.body } : {}) });
      return answers[Math.min(sent.length - 1, answers.length - 1)];
    },
  } as unknown as HttpTransport;
  return { client: new PostmanClient(http), sent };
}
