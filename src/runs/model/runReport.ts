import type { Assertion, ItemRef, RunEvent, RunResult } from './types';

/** One request's execution in a run (a request runs once per iteration, or again by `setNextRequest`). */
export interface Execution {
  item: ItemRef;
  /** Stable within a run: the item, its iteration and position (`pm.test` names repeat). */
  key: string;
  code?: number;
  status?: string;
  timeMs?: number;
  error?: string;
  assertions: Assertion[];
  scriptErrors: { target: string; message: string }[];
  skipped: boolean;
}

export type Verdict = 'passed' | 'failed' | 'errored' | 'skipped';

/**
 * Totals as newman reports them (`run.stats`), and the run's time. One difference: a skipped
 * test (`pm.test.skip`) counts in newman's assertion total; here it is neither passed nor failed.
 */
export interface RunSummary {
  iterations: number;
  requests: number;
  failedRequests: number;
  assertions: number;
  failedAssertions: number;
  scriptErrors: number;
  timeMs: number;
  aborted: boolean;
}

export function executionKey(item: ItemRef): string {
  return `${item.id}@${item.iteration}:${item.position}`;
}

/** An assertion's own key: its execution's plus its index among that execution's tests. */
export function assertionKey(item: ItemRef, assertion: Assertion): string {
  return `${executionKey(item)}#${assertion.index}`;
}

/**
 * Passed when every test passed; failed when a test failed; errored when the request got no
 * response or a script threw (the run could not check what it meant to).
 */
export function verdictOf(execution: Execution): Verdict {
  if (execution.skipped) {
    return 'skipped';
  }
  if (execution.error !== undefined || execution.scriptErrors.length > 0) {
    return 'errored';
  }
  return execution.assertions.some((a) => !a.passed && !a.skipped) ? 'failed' : 'passed';
}

/**
 * Folds a run's events into executions, in the order they happened, and the totals. Each
 * event is added as it arrives, so a view can show results as requests finish.
 */
export class RunReport {
  readonly executions: Execution[] = [];
  private readonly byKey = new Map<string, Execution>();
  private readonly iterations = new Set<number>();
  /** Requests scripts sent (`pm.sendRequest`): newman counts them; they are no item's own. */
  private nested = { requests: 0, failed: 0 };
  private result: RunResult | undefined;

  /** Adds an event; returns the execution it concerns (undefined for a console line outside any). */
  add(event: RunEvent): Execution | undefined {
    if (!event.item) {
      return undefined;
    }
    if (event.type === 'request' && event.nested) {
      this.nested.requests += 1;
      this.nested.failed += event.error !== undefined ? 1 : 0;
      return undefined;
    }
    const execution = this.executionOf(event.item);
    switch (event.type) {
      case 'request':
        if (event.response) {
          execution.code = event.response.code;
          execution.status = event.response.status;
          execution.timeMs = event.response.timeMs;
        }
        if (event.error !== undefined) {
          execution.error = event.error;
        }
        break;
      case 'assertion':
        execution.assertions.push(event.assertion);
        break;
      case 'script-error':
        execution.scriptErrors.push({ target: event.target, message: event.message });
        break;
      case 'item-end':
        execution.skipped = event.skipped;
        break;
      // Stryker disable next-line ConditionalExpression: the last case, so falling out of it is the same as breaking
      default:
        break;
    }
    return execution;
  }

  finish(result: RunResult): void {
    this.result = result;
  }

  summary(): RunSummary {
    const requests = this.executions.filter((e) => !e.skipped && (e.code !== undefined || e.error !== undefined));
    const assertions = this.executions.flatMap((e) => e.assertions.filter((a) => !a.skipped));
    return {
      iterations: this.iterations.size,
      requests: requests.length + this.nested.requests,
      failedRequests: requests.filter((e) => e.error !== undefined).length + this.nested.failed,
      assertions: assertions.length,
      failedAssertions: assertions.filter((a) => !a.passed).length,
      scriptErrors: this.executions.reduce((n, e) => n + e.scriptErrors.length, 0),
      timeMs: this.result?.timeMs ?? 0,
      aborted: this.result?.aborted ?? false,
    };
  }

  private executionOf(item: ItemRef): Execution {
    const key = executionKey(item);
    let execution = this.byKey.get(key);
    if (!execution) {
      execution = { item, key, assertions: [], scriptErrors: [], skipped: false };
      this.byKey.set(key, execution);
      this.executions.push(execution);
      this.iterations.add(item.iteration);
    }
    return execution;
  }
}

/** "12 requests, 30 of 32 tests passed, 1 script error, 4.2 s" (and "cancelled" when it was). */
export function summaryLine(summary: RunSummary): string {
  const parts = [
    `${summary.requests} request${summary.requests === 1 ? '' : 's'}${summary.failedRequests ? ` (${summary.failedRequests} without a response)` : ''}`,
    `${summary.assertions - summary.failedAssertions} of ${summary.assertions} test${summary.assertions === 1 ? '' : 's'} passed`,
  ];
  if (summary.scriptErrors > 0) {
    parts.push(`${summary.scriptErrors} script error${summary.scriptErrors === 1 ? '' : 's'}`);
  }
  if (summary.iterations > 1) {
    parts.push(`${summary.iterations} iterations`);
  }
  parts.push(`${(summary.timeMs / 1000).toFixed(1)} s`);
  return `${parts.join(', ')}${summary.aborted ? ', cancelled' : ''}`;
}
