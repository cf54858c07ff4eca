import type { Assertion, ReceivedResponse, RunEvent, RunResult, SentRequest } from './types';

/** Everything one send produced, gathered from the runtime's events. */
export interface SendOutcome {
  request?: SentRequest;
  response?: ReceivedResponse;
  /** The request could not be sent or got no answer (reset, timeout, certificate, redirect loop). */
  error?: string;
  assertions: Assertion[];
  scriptErrors: { target: string; message: string }[];
  console: { level: string; text: string }[];
  /** The runtime's own error (could not start, run timeout). */
  runError?: string;
  aborted: boolean;
  timeMs: number;
}

export function emptyOutcome(): SendOutcome {
  return { assertions: [], scriptErrors: [], console: [], aborted: false, timeMs: 0 };
}

/**
 * Adds one event to a send's outcome. A request whose scripts call `pm.sendRequest` reports
 * only its own request here: the runtime names those nested ones in the console, not as items.
 */
export function addEvent(outcome: SendOutcome, event: RunEvent): void {
  switch (event.type) {
    case 'request':
      if (event.nested) {
        // A script's pm.sendRequest: noted in the console, never taken for the response.
        outcome.console.push({ level: 'info', text: `pm.sendRequest ${event.request.method} ${event.request.url}: ${event.error ?? `${event.response?.code ?? ''} ${event.response?.status ?? ''}`.trim()}` });
        break;
      }
      outcome.request = event.request;
      if (event.response) {
        outcome.response = event.response;
      }
      if (event.error) {
        outcome.error = event.error;
      }
      break;
    case 'assertion':
      outcome.assertions.push(event.assertion);
      break;
    case 'script-error':
      outcome.scriptErrors.push({ target: event.target, message: event.message });
      break;
    case 'console':
      outcome.console.push({ level: event.level, text: event.text });
      break;
    // Stryker disable next-line ConditionalExpression: the last case, so falling out of it is the same as breaking
    default:
      break;
  }
}

export function finishOutcome(outcome: SendOutcome, result: RunResult): void {
  outcome.aborted = result.aborted;
  outcome.timeMs = result.timeMs;
  if (result.error) {
    outcome.runError = result.error;
  }
}

/** One line for a notification or the status bar: "200 OK · 2 of 3 tests passed". */
export function outcomeSummary(outcome: SendOutcome): string {
  const parts: string[] = [];
  if (outcome.aborted) {
    parts.push('Cancelled');
  } else if (outcome.response) {
    parts.push(`${outcome.response.code} ${outcome.response.status}`.trim());
  } else if (outcome.error ?? outcome.runError) {
    parts.push(`Failed: ${outcome.error ?? outcome.runError}`);
  } else {
    parts.push('No request was sent');
  }
  const counted = outcome.assertions.filter((a) => !a.skipped);
  if (counted.length > 0) {
    const passed = counted.filter((a) => a.passed).length;
    parts.push(`${passed} of ${counted.length} test${counted.length === 1 ? '' : 's'} passed`);
  }
  if (outcome.scriptErrors.length > 0) {
    parts.push(`${outcome.scriptErrors.length} script error${outcome.scriptErrors.length === 1 ? '' : 's'}`);
  }
  return parts.join(' · ');
}
