import * as assert from 'node:assert/strict';
import { assertionKey, executionKey, RunReport, summaryLine, verdictOf, type Execution, type RunSummary } from '../../src/runs/model/runReport';
import type { Assertion, ItemRef, ReceivedResponse, RunEvent, RunResult, SentRequest } from '../../src/runs/model/types';

function ref(id: string, iteration = 0, position = 0, name = `Request ${id}`, path: string[] = ['Folder']): ItemRef {
  return { id, name, path, iteration, position };
}

const SENT: SentRequest = { method: 'GET', url: 'https://api.example.com/items', headers: [] };

function response(code: number, status = 'OK', timeMs = 25): ReceivedResponse {
  return { code, status, headers: [], body: new Uint8Array(), size: 0, truncated: false, timeMs };
}

function passed(index: number, name = `test ${index}`): Assertion {
  return { index, name, passed: true, skipped: false };
}

function failed(index: number, name = `test ${index}`): Assertion {
  return { index, name, passed: false, skipped: false, error: { name: 'AssertionError', message: 'expected 1 to equal 2', expected: '2', actual: '1' } };
}

function skippedAssertion(index: number, didPass = false): Assertion {
  return { index, name: `skipped ${index}`, passed: didPass, skipped: true };
}

function execution(parts: Partial<Execution> & { item: ItemRef }): Execution {
  return { key: executionKey(parts.item), assertions: [], scriptErrors: [], skipped: false, ...parts };
}

function result(parts: Partial<RunResult> = {}): RunResult {
  return { aborted: false, variables: { globals: [], collectionVariables: [] }, timeMs: 0, ...parts };
}

/** One request's events: start, the request (a response of `code`, or an `error`), its tests, and end. */
function requestEvents(item: ItemRef, outcome: { code?: number; error?: string; skipped?: boolean }, assertions: Assertion[] = []): RunEvent[] {
  const request: RunEvent =
    outcome.code !== undefined
      ? { type: 'request', item, request: SENT, response: response(outcome.code), ...(outcome.error !== undefined ? { error: outcome.error } : {}) }
      : { type: 'request', item, request: SENT, ...(outcome.error !== undefined ? { error: outcome.error } : {}) };
  return [
    { type: 'item-start', item },
    ...(outcome.skipped ? [] : [request]),
    ...assertions.map((assertion): RunEvent => ({ type: 'assertion', item, assertion })),
    { type: 'item-end', item, skipped: outcome.skipped ?? false },
  ];
}

function reportOf(events: RunEvent[], finish?: RunResult): RunReport {
  const report = new RunReport();
  for (const event of events) {
    report.add(event);
  }
  if (finish) {
    report.finish(finish);
  }
  return report;
}

function summary(parts: Partial<RunSummary>): RunSummary {
  return { iterations: 0, requests: 0, failedRequests: 0, assertions: 0, failedAssertions: 0, scriptErrors: 0, timeMs: 0, aborted: false, ...parts };
}

describe('run report', () => {
  describe('keys', () => {
    it('an execution is keyed by id, iteration and position', () => {
      assert.equal(executionKey(ref('abc', 2, 7)), 'abc@2:7');
      assert.equal(executionKey(ref('abc')), 'abc@0:0');
    });

    it('an assertion by its execution and its index', () => {
      assert.equal(assertionKey(ref('abc', 1, 3), passed(4)), 'abc@1:3#4');
      assert.equal(assertionKey(ref('x'), failed(0)), 'x@0:0#0');
    });
  });

  describe('verdictOf', () => {
    const item = ref('r');

    it('passed with no tests, or when every test passed', () => {
      assert.equal(verdictOf(execution({ item })), 'passed');
      assert.equal(verdictOf(execution({ item, code: 200, assertions: [passed(0), passed(1)] })), 'passed');
    });

    it('failed when any test failed', () => {
      assert.equal(verdictOf(execution({ item, code: 200, assertions: [passed(0), failed(1), passed(2)] })), 'failed');
      assert.equal(verdictOf(execution({ item, code: 500, assertions: [failed(0)] })), 'failed');
    });

    it('a skipped test does not fail it, whether or not it is marked passed', () => {
      assert.equal(verdictOf(execution({ item, code: 200, assertions: [skippedAssertion(0), passed(1)] })), 'passed');
      assert.equal(verdictOf(execution({ item, code: 200, assertions: [skippedAssertion(0, true)] })), 'passed');
      assert.equal(verdictOf(execution({ item, code: 200, assertions: [skippedAssertion(0), failed(1)] })), 'failed');
    });

    it('errored when the request got no response, even with an empty message, and before failed tests', () => {
      assert.equal(verdictOf(execution({ item, error: 'ECONNREFUSED' })), 'errored');
      assert.equal(verdictOf(execution({ item, error: '' })), 'errored');
      assert.equal(verdictOf(execution({ item, error: 'timeout', assertions: [failed(0)] })), 'errored');
      assert.equal(verdictOf(execution({ item, error: 'timeout', assertions: [passed(0)] })), 'errored');
    });

    it('errored when a script threw, before failed tests', () => {
      assert.equal(verdictOf(execution({ item, code: 200, scriptErrors: [{ target: 'test', message: 'x is not defined' }] })), 'errored');
      assert.equal(
        verdictOf(execution({ item, code: 200, assertions: [failed(0)], scriptErrors: [{ target: 'prerequest', message: 'boom' }] })),
        'errored',
      );
    });

    it('skipped before everything else', () => {
      assert.equal(verdictOf(execution({ item, skipped: true })), 'skipped');
      assert.equal(
        verdictOf(execution({ item, skipped: true, error: 'e', assertions: [failed(0)], scriptErrors: [{ target: 'test', message: 'm' }] })),
        'skipped',
      );
      assert.equal(verdictOf(execution({ item, skipped: true, code: 200, assertions: [passed(0)] })), 'skipped');
    });
  });

  describe('RunReport.add', () => {
    it('a console line outside any item concerns no execution and changes nothing', () => {
      const report = new RunReport();
      assert.equal(report.add({ type: 'console', level: 'log', text: 'hello' }), undefined);
      assert.deepEqual(report.executions, []);
      assert.deepEqual(report.summary(), summary({}));
    });

    it('a console line inside an item concerns (and starts) its execution', () => {
      const report = new RunReport();
      const item = ref('r', 1, 2);
      const got = report.add({ type: 'console', item, level: 'info', text: 'x' });
      assert.deepEqual(got, execution({ item }));
      assert.equal(report.executions.length, 1);
      assert.equal(report.executions[0], got);
      assert.deepEqual(report.summary(), summary({ iterations: 1 }));
    });

    it('folds one request\'s events into its execution', () => {
      const item = ref('r1', 0, 0, 'Get items', ['Users', 'Admin']);
      const report = new RunReport();
      const seen = [
        report.add({ type: 'item-start', item }),
        report.add({ type: 'request', item, request: SENT, response: response(201, 'Created', 42) }),
        report.add({ type: 'assertion', item, assertion: passed(0, 'status is 201') }),
        report.add({ type: 'assertion', item, assertion: failed(1, 'has id') }),
        report.add({ type: 'console', item, level: 'log', text: 'logged' }),
        report.add({ type: 'item-end', item, skipped: false }),
      ];
      assert.deepEqual(report.executions, [
        {
          item,
          key: 'r1@0:0',
          code: 201,
          status: 'Created',
          timeMs: 42,
          assertions: [passed(0, 'status is 201'), failed(1, 'has id')],
          scriptErrors: [],
          skipped: false,
        },
      ]);
      for (const e of seen) {
        assert.equal(e, report.executions[0]);
      }
      assert.equal(report.executions[0].item, item);
      assert.equal(verdictOf(report.executions[0]), 'failed');
    });

    it('an execution starts when its first event arrives, not only on item-start', () => {
      const item = ref('r');
      const report = new RunReport();
      report.add({ type: 'assertion', item, assertion: passed(0) });
      assert.deepEqual(report.executions, [execution({ item, assertions: [passed(0)] })]);
    });

    it('a request without a response keeps the error and sets no code, status or time', () => {
      const item = ref('r');
      const report = reportOf([{ type: 'request', item, request: SENT, error: 'getaddrinfo ENOTFOUND api.example.com' }]);
      assert.deepEqual(report.executions, [execution({ item, error: 'getaddrinfo ENOTFOUND api.example.com' })]);
      assert.equal(verdictOf(report.executions[0]), 'errored');
    });

    it('a request with a response and no error sets no error', () => {
      const item = ref('r');
      const report = reportOf([{ type: 'request', item, request: SENT, response: response(200) }]);
      assert.deepEqual(report.executions, [execution({ item, code: 200, status: 'OK', timeMs: 25 })]);
      assert.ok(!('error' in report.executions[0]));
    });

    it('a request with both a response and an error keeps both', () => {
      const item = ref('r');
      const report = reportOf([{ type: 'request', item, request: SENT, response: response(502, 'Bad Gateway', 9), error: 'socket hang up' }]);
      assert.deepEqual(report.executions, [execution({ item, code: 502, status: 'Bad Gateway', timeMs: 9, error: 'socket hang up' })]);
    });

    it('a request with neither sets nothing', () => {
      const item = ref('r');
      const report = reportOf([{ type: 'request', item, request: SENT }]);
      assert.deepEqual(report.executions, [execution({ item })]);
      assert.deepEqual(Object.keys(report.executions[0]).sort(), ['assertions', 'item', 'key', 'scriptErrors', 'skipped']);
    });

    it('an empty error message is still an error', () => {
      const item = ref('r');
      const report = reportOf([{ type: 'request', item, request: SENT, error: '' }]);
      assert.deepEqual(report.executions, [execution({ item, error: '' })]);
      assert.deepEqual(report.summary(), summary({ iterations: 1, requests: 1, failedRequests: 1 }));
    });

    it('a later request event of the same execution overwrites the response, and an error-free one keeps the error', () => {
      const item = ref('r');
      const report = reportOf([
        { type: 'request', item, request: SENT, error: 'first' },
        { type: 'request', item, request: SENT, response: response(200, 'OK', 5) },
        { type: 'request', item, request: SENT, response: response(404, 'Not Found', 6) },
      ]);
      assert.deepEqual(report.executions, [execution({ item, code: 404, status: 'Not Found', timeMs: 6, error: 'first' })]);
    });

    it('script errors keep only their target and message, in order', () => {
      const item = ref('r');
      const report = reportOf([
        { type: 'script-error', item, target: 'prerequest', message: 'a is not defined' },
        { type: 'script-error', item, target: 'test', message: 'Unexpected token' },
      ]);
      assert.deepEqual(report.executions[0].scriptErrors, [
        { target: 'prerequest', message: 'a is not defined' },
        { target: 'test', message: 'Unexpected token' },
      ]);
      assert.deepEqual(report.executions[0].assertions, []);
      assert.equal(report.executions[0].skipped, false);
    });

    it('item-end records whether the item was skipped', () => {
      const a = ref('a');
      const b = ref('b');
      const report = reportOf([
        { type: 'item-end', item: a, skipped: true },
        { type: 'item-end', item: b, skipped: false },
      ]);
      assert.deepEqual(report.executions, [execution({ item: a, skipped: true }), execution({ item: b, skipped: false })]);
      assert.equal(verdictOf(report.executions[0]), 'skipped');
    });

    it('item-start alone adds an empty execution', () => {
      const item = ref('r', 3, 4);
      const report = reportOf([{ type: 'item-start', item }]);
      assert.deepEqual(report.executions, [execution({ item })]);
    });

    it('the same item in two iterations, or at two positions, is two executions; their events do not mix', () => {
      const first = ref('r', 0, 0);
      const second = ref('r', 1, 0);
      const again = ref('r', 1, 1);
      const report = new RunReport();
      const e1 = report.add({ type: 'request', item: first, request: SENT, response: response(200) });
      const e2 = report.add({ type: 'request', item: second, request: SENT, response: response(500, 'Internal Server Error') });
      const e3 = report.add({ type: 'request', item: again, request: SENT, error: 'timeout' });
      assert.equal(report.add({ type: 'assertion', item: ref('r', 1, 0), assertion: failed(0) }), e2);
      assert.equal(report.add({ type: 'assertion', item: first, assertion: passed(0) }), e1);
      assert.notEqual(e1, e2);
      assert.notEqual(e2, e3);
      assert.deepEqual(report.executions, [
        execution({ item: first, code: 200, status: 'OK', timeMs: 25, assertions: [passed(0)] }),
        execution({ item: second, code: 500, status: 'Internal Server Error', timeMs: 25, assertions: [failed(0)] }),
        execution({ item: again, error: 'timeout' }),
      ]);
      assert.deepEqual(
        report.executions.map((e) => e.key),
        ['r@0:0', 'r@1:0', 'r@1:1'],
      );
    });

    it('executions are listed in the order their first events arrived', () => {
      const report = reportOf([
        { type: 'item-start', item: ref('b', 0, 1) },
        { type: 'item-start', item: ref('a', 0, 0) },
        { type: 'item-end', item: ref('b', 0, 1), skipped: false },
        { type: 'item-start', item: ref('c', 0, 2) },
      ]);
      assert.deepEqual(
        report.executions.map((e) => e.key),
        ['b@0:1', 'a@0:0', 'c@0:2'],
      );
    });
  });

  describe('RunReport.summary', () => {
    it('before any event and before finish: all zero, not aborted', () => {
      assert.deepEqual(new RunReport().summary(), summary({}));
    });

    it('totals of a run as newman counts them', () => {
      const report = reportOf(
        [
          ...requestEvents(ref('a', 0, 0), { code: 200 }, [passed(0), passed(1)]),
          ...requestEvents(ref('b', 0, 1), { code: 500 }, [passed(0), failed(1), skippedAssertion(2)]),
          ...requestEvents(ref('c', 0, 2), { error: 'ECONNREFUSED' }, [failed(0)]),
          { type: 'script-error', item: ref('c', 0, 2), target: 'test', message: 'x is not defined' },
        ],
        result({ timeMs: 1234 }),
      );
      assert.deepEqual(report.summary(), {
        iterations: 1,
        requests: 3,
        failedRequests: 1,
        assertions: 5,
        failedAssertions: 2,
        scriptErrors: 1,
        timeMs: 1234,
        aborted: false,
      });
      assert.deepEqual(report.executions.map(verdictOf), ['passed', 'failed', 'errored']);
    });

    it('a request counts once it has a code (0 too) or an error; one with neither does not', () => {
      const report = reportOf([
        { type: 'request', item: ref('a'), request: SENT, response: response(0, '') },
        { type: 'item-start', item: ref('b', 0, 1) },
        { type: 'request', item: ref('c', 0, 2), request: SENT },
        { type: 'console', item: ref('d', 0, 3), level: 'log', text: '' },
      ]);
      assert.deepEqual(report.summary(), summary({ iterations: 1, requests: 1 }));
    });

    it('skipped executions are not requests even with a response or an error, but their script errors count', () => {
      const item = ref('s');
      const other = ref('t', 0, 1);
      const report = reportOf([
        { type: 'request', item, request: SENT, response: response(200), error: 'e' },
        { type: 'script-error', item, target: 'prerequest', message: 'skip after throw' },
        { type: 'item-end', item, skipped: true },
        { type: 'request', item: other, request: SENT, error: 'e' },
        { type: 'item-end', item: other, skipped: true },
      ]);
      assert.deepEqual(report.summary(), summary({ iterations: 1, requests: 0, failedRequests: 0, scriptErrors: 1 }));
    });

    it('failed requests are those with an error, a bad status is not one', () => {
      const report = reportOf([
        ...requestEvents(ref('a', 0, 0), { code: 500 }),
        ...requestEvents(ref('b', 0, 1), { code: 404 }),
        ...requestEvents(ref('c', 0, 2), { error: 'timeout' }),
        ...requestEvents(ref('d', 0, 3), { error: 'reset' }),
        ...requestEvents(ref('e', 0, 4), { code: 200, error: 'aborted body' }),
      ]);
      assert.deepEqual(report.summary(), summary({ iterations: 1, requests: 5, failedRequests: 3 }));
    });

    it('assertions leave out skipped ones, failed or not', () => {
      const report = reportOf(requestEvents(ref('a'), { code: 200 }, [passed(0), skippedAssertion(1), skippedAssertion(2, true), failed(3), failed(4), passed(5)]));
      assert.deepEqual(report.summary(), summary({ iterations: 1, requests: 1, assertions: 4, failedAssertions: 2 }));
    });

    it('assertions and script errors are summed over every execution', () => {
      const report = reportOf([
        ...requestEvents(ref('a', 0, 0), { code: 200 }, [passed(0), failed(1)]),
        ...requestEvents(ref('b', 0, 1), { code: 200 }, [failed(0), failed(1), passed(2)]),
        { type: 'script-error', item: ref('a', 0, 0), target: 'test', message: '1' },
        { type: 'script-error', item: ref('b', 0, 1), target: 'test', message: '2' },
        { type: 'script-error', item: ref('b', 0, 1), target: 'prerequest', message: '3' },
      ]);
      assert.deepEqual(report.summary(), summary({ iterations: 1, requests: 2, assertions: 5, failedAssertions: 3, scriptErrors: 3 }));
    });

    it('iterations are the distinct iterations seen', () => {
      const report = reportOf([
        ...requestEvents(ref('a', 0, 0), { code: 200 }),
        ...requestEvents(ref('b', 0, 1), { code: 200 }),
        ...requestEvents(ref('a', 1, 0), { code: 200 }),
        ...requestEvents(ref('b', 1, 1), { code: 200 }),
        ...requestEvents(ref('a', 3, 0), { code: 200 }),
      ]);
      assert.deepEqual(report.summary(), summary({ iterations: 3, requests: 5 }));
      assert.equal(report.executions.length, 5);
    });

    it('finish gives the time and whether the run was cancelled', () => {
      const report = reportOf(requestEvents(ref('a'), { code: 200 }, [passed(0)]));
      report.finish(result({ timeMs: 4200, aborted: true }));
      assert.deepEqual(report.summary(), summary({ iterations: 1, requests: 1, assertions: 1, timeMs: 4200, aborted: true }));
    });

    it('a run that stopped on an error of its own: the error does not change the counts', () => {
      const report = reportOf([], result({ error: 'Could not load the collection', timeMs: 12 }));
      assert.deepEqual(report.summary(), summary({ timeMs: 12 }));
      const aborted = reportOf([], result({ error: 'stopped', aborted: true, timeMs: 0 }));
      assert.deepEqual(aborted.summary(), summary({ aborted: true }));
    });

    it('the last finish wins; events after it still count', () => {
      const report = reportOf([], result({ timeMs: 10, aborted: true }));
      report.finish(result({ timeMs: 20 }));
      report.add({ type: 'request', item: ref('late'), request: SENT, response: response(200) });
      assert.deepEqual(report.summary(), summary({ iterations: 1, requests: 1, timeMs: 20 }));
    });

    it('each summary is a new object', () => {
      const report = new RunReport();
      const first = report.summary();
      first.requests = 99;
      assert.deepEqual(report.summary(), summary({}));
    });
  });

  describe('summaryLine', () => {
    it('plural counts, all tests passed', () => {
      assert.equal(summaryLine(summary({ iterations: 1, requests: 12, assertions: 32, timeMs: 4200 })), '12 requests, 32 of 32 tests passed, 4.2 s');
    });

    it('the example of its doc comment', () => {
      assert.equal(
        summaryLine(summary({ iterations: 1, requests: 12, assertions: 32, failedAssertions: 2, scriptErrors: 1, timeMs: 4200 })),
        '12 requests, 30 of 32 tests passed, 1 script error, 4.2 s',
      );
    });

    it('singulars', () => {
      assert.equal(
        summaryLine(summary({ iterations: 1, requests: 1, failedRequests: 1, assertions: 1, failedAssertions: 1, scriptErrors: 1, timeMs: 50 })),
        '1 request (1 without a response), 0 of 1 test passed, 1 script error, 0.1 s',
      );
    });

    it('zeros are plural and no script errors are not mentioned', () => {
      assert.equal(summaryLine(summary({})), '0 requests, 0 of 0 tests passed, 0.0 s');
    });

    it('requests without a response, and several script errors', () => {
      assert.equal(
        summaryLine(summary({ iterations: 1, requests: 3, failedRequests: 2, assertions: 2, failedAssertions: 0, scriptErrors: 2, timeMs: 1000 })),
        '3 requests (2 without a response), 2 of 2 tests passed, 2 script errors, 1.0 s',
      );
    });

    it('iterations only when more than one', () => {
      assert.equal(summaryLine(summary({ iterations: 2, requests: 4, assertions: 4, timeMs: 300 })), '4 requests, 4 of 4 tests passed, 2 iterations, 0.3 s');
      assert.equal(summaryLine(summary({ iterations: 1, requests: 4, assertions: 4, timeMs: 300 })), '4 requests, 4 of 4 tests passed, 0.3 s');
      assert.equal(summaryLine(summary({ iterations: 0, requests: 0, timeMs: 300 })), '0 requests, 0 of 0 tests passed, 0.3 s');
    });

    it('everything, in order, cancelled last', () => {
      assert.equal(
        summaryLine({ iterations: 3, requests: 9, failedRequests: 1, assertions: 18, failedAssertions: 5, scriptErrors: 3, timeMs: 61_250, aborted: true }),
        '9 requests (1 without a response), 13 of 18 tests passed, 3 script errors, 3 iterations, 61.3 s, cancelled',
      );
    });

    it('cancelled follows the time', () => {
      assert.equal(summaryLine(summary({ aborted: true, timeMs: 7 })), '0 requests, 0 of 0 tests passed, 0.0 s, cancelled');
    });

    it('the time in seconds with one decimal', () => {
      const times = [0, 49, 50, 949, 950, 1000, 1250, 12_345, 3_600_000].map((timeMs) => summaryLine(summary({ timeMs })).split(', ').pop());
      assert.deepEqual(times, ['0.0 s', '0.0 s', '0.1 s', '0.9 s', '0.9 s', '1.0 s', '1.3 s', '12.3 s', '3600.0 s']);
    });

    it('the line of a report', () => {
      const report = reportOf(
        [
          ...requestEvents(ref('a', 0, 0), { code: 200 }, [passed(0), failed(1)]),
          ...requestEvents(ref('a', 1, 0), { error: 'ETIMEDOUT' }),
        ],
        result({ timeMs: 2500 }),
      );
      assert.equal(summaryLine(report.summary()), '2 requests (1 without a response), 1 of 2 tests passed, 2 iterations, 2.5 s');
    });
  });
});

describe('RunReport: requests scripts sent', () => {
  it('counts them as newman does, without making them executions', () => {
    const report = new RunReport();
    const item = { id: 'r', name: 'r', path: [], iteration: 0, position: 0 };
    const request = { method: 'GET', url: 'http://api/x', headers: [] as [string, string][] };
    const response = { code: 200, status: 'OK', headers: [] as [string, string][], body: new Uint8Array(0), size: 0, truncated: false, timeMs: 1 };
    assert.equal(report.add({ type: 'request', item, nested: true, request, response }), undefined);
    assert.equal(report.add({ type: 'request', item, nested: true, request, error: 'ECONNRESET' }), undefined);
    report.add({ type: 'request', item, request, response });
    assert.equal(report.executions.length, 1);
    assert.equal(report.executions[0].code, 200);
    const summary = report.summary();
    assert.equal(summary.requests, 3);
    assert.equal(summary.failedRequests, 1);
  });
});
