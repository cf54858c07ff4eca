import * as assert from 'node:assert/strict';
import { addEvent, emptyOutcome, finishOutcome, outcomeSummary, type SendOutcome } from '../../src/runs/model/sendOutcome';
import type { Assertion, ItemRef, ReceivedResponse, RunResult, SentRequest } from '../../src/runs/model/types';

const item: ItemRef = { id: 'i1', name: 'Get item', path: ['Folder'], iteration: 0, position: 0 };
const request: SentRequest = { method: 'GET', url: 'https://api.example.com/items', headers: [['Accept', '*/*']] };
const response: ReceivedResponse = { code: 200, status: 'OK', headers: [], body: new Uint8Array([0x61]), size: 1, truncated: false, timeMs: 9 };
const finalVariables: RunResult['variables'] = { globals: [], collectionVariables: [] };

function assertion(passed: boolean, skipped = false, index = 0): Assertion {
  return { index, name: `test ${index}`, passed, skipped };
}

function outcome(parts: Partial<SendOutcome>): SendOutcome {
  return { ...emptyOutcome(), ...parts };
}

describe('a send outcome', () => {
  it('starts empty', () => {
    assert.deepEqual(emptyOutcome(), { assertions: [], scriptErrors: [], console: [], aborted: false, timeMs: 0 });
    assert.notEqual(emptyOutcome().assertions, emptyOutcome().assertions, 'each outcome has its own lists');
  });

  describe('addEvent', () => {
    it('keeps the request and its response', () => {
      const o = emptyOutcome();
      addEvent(o, { type: 'request', item, request, response });
      assert.deepEqual(o, { ...emptyOutcome(), request, response });
    });

    it('keeps the request and its error, without a response', () => {
      const o = emptyOutcome();
      addEvent(o, { type: 'request', item, request, error: 'ECONNREFUSED' });
      assert.deepEqual(o, { ...emptyOutcome(), request, error: 'ECONNREFUSED' });
      assert.equal(Object.hasOwn(o, 'response'), false);
    });

    it('a request without response or error sets neither', () => {
      const o = emptyOutcome();
      addEvent(o, { type: 'request', item, request });
      assert.deepEqual(o, { ...emptyOutcome(), request });
      assert.deepEqual(Object.keys(o).sort(), ['aborted', 'assertions', 'console', 'request', 'scriptErrors', 'timeMs']);
    });

    it('a later request event replaces the request; an earlier response or error stays unless replaced', () => {
      const o = emptyOutcome();
      addEvent(o, { type: 'request', item, request, response, error: 'first' });
      const second: SentRequest = { ...request, url: 'https://api.example.com/other' };
      addEvent(o, { type: 'request', item, request: second });
      assert.equal(o.request, second);
      assert.equal(o.response, response);
      assert.equal(o.error, 'first');
      addEvent(o, { type: 'request', item, request, error: 'second' });
      assert.equal(o.error, 'second');
    });

    it('gathers assertions, script errors and console lines in order', () => {
      const o = emptyOutcome();
      addEvent(o, { type: 'assertion', item, assertion: assertion(true, false, 0) });
      addEvent(o, { type: 'script-error', item, target: 'prerequest', message: 'boom' });
      addEvent(o, { type: 'console', item, level: 'log', text: 'one' });
      addEvent(o, { type: 'assertion', item, assertion: assertion(false, false, 1) });
      addEvent(o, { type: 'script-error', item, target: 'test', message: 'bang' });
      addEvent(o, { type: 'console', level: 'warn', text: 'two' });
      assert.deepEqual(o, {
        ...emptyOutcome(),
        assertions: [assertion(true, false, 0), assertion(false, false, 1)],
        scriptErrors: [
          { target: 'prerequest', message: 'boom' },
          { target: 'test', message: 'bang' },
        ],
        console: [
          { level: 'log', text: 'one' },
          { level: 'warn', text: 'two' },
        ],
      });
    });

    it('ignores the start and end of an item', () => {
      const o = emptyOutcome();
      addEvent(o, { type: 'item-start', item });
      addEvent(o, { type: 'item-end', item, skipped: true });
      assert.deepEqual(o, emptyOutcome());
    });
  });

  describe('finishOutcome', () => {
    it('takes whether the run was aborted and its time', () => {
      const o = emptyOutcome();
      finishOutcome(o, { aborted: true, timeMs: 1234, variables: finalVariables });
      assert.deepEqual(o, { ...emptyOutcome(), aborted: true, timeMs: 1234 });
      assert.equal(Object.hasOwn(o, 'runError'), false);
    });

    it("and the run's own error", () => {
      const o = emptyOutcome();
      finishOutcome(o, { aborted: false, timeMs: 5, variables: finalVariables, error: 'run timed out' });
      assert.deepEqual(o, { ...emptyOutcome(), timeMs: 5, runError: 'run timed out' });
    });
  });

  describe('outcomeSummary', () => {
    it('status code and text', () => {
      assert.equal(outcomeSummary(outcome({ response })), '200 OK');
      assert.equal(outcomeSummary(outcome({ response: { ...response, code: 404, status: 'Not Found' } })), '404 Not Found');
    });

    it('the code alone when HTTP/2 sends no status text', () => {
      assert.equal(outcomeSummary(outcome({ response: { ...response, code: 204, status: '' } })), '204');
      assert.equal(outcomeSummary(outcome({ response: { ...response, code: 204, status: '' }, assertions: [assertion(true)] })), '204 · 1 of 1 test passed');
    });

    it('cancelled wins over everything else', () => {
      assert.equal(outcomeSummary(outcome({ aborted: true, response, error: 'e', runError: 'r' })), 'Cancelled');
      assert.equal(outcomeSummary(outcome({ aborted: true })), 'Cancelled');
    });

    it('a response wins over an error', () => {
      assert.equal(outcomeSummary(outcome({ response, error: 'late error' })), '200 OK');
    });

    it("the request's error, else the run's", () => {
      assert.equal(outcomeSummary(outcome({ error: 'ECONNREFUSED', runError: 'run failed' })), 'Failed: ECONNREFUSED');
      assert.equal(outcomeSummary(outcome({ runError: 'run failed' })), 'Failed: run failed');
      assert.equal(outcomeSummary(outcome({ error: 'ETIMEDOUT' })), 'Failed: ETIMEDOUT');
    });

    it('nothing sent', () => {
      assert.equal(outcomeSummary(emptyOutcome()), 'No request was sent');
    });

    it('counts the tests that ran, one or many; skipped ones do not count', () => {
      assert.equal(outcomeSummary(outcome({ response, assertions: [assertion(true)] })), '200 OK · 1 of 1 test passed');
      assert.equal(outcomeSummary(outcome({ response, assertions: [assertion(false)] })), '200 OK · 0 of 1 test passed');
      assert.equal(
        outcomeSummary(outcome({ response, assertions: [assertion(true), assertion(false), assertion(true), assertion(true, true), assertion(false, true)] })),
        '200 OK · 2 of 3 tests passed',
      );
      assert.equal(outcomeSummary(outcome({ response, assertions: [assertion(true, true), assertion(true)] })), '200 OK · 1 of 1 test passed');
      assert.equal(outcomeSummary(outcome({ response, assertions: [assertion(true, true), assertion(false, true)] })), '200 OK');
    });

    it('counts script errors, one or many', () => {
      const one = [{ target: 'test', message: 'x' }];
      assert.equal(outcomeSummary(outcome({ response, scriptErrors: one })), '200 OK · 1 script error');
      assert.equal(outcomeSummary(outcome({ scriptErrors: [...one, ...one], assertions: [assertion(true), assertion(true)] })), 'No request was sent · 2 of 2 tests passed · 2 script errors');
    });
  });
});

describe('addEvent: a request a script sent', () => {
  it('is noted in the console and never taken for the response', () => {
    const outcome = emptyOutcome();
    const item = { id: 'r', name: 'r', path: [], iteration: 0, position: 0 };
    const main = { method: 'GET', url: 'http://api/main', headers: [] as [string, string][] };
    const response = { code: 200, status: 'OK', headers: [] as [string, string][], body: new Uint8Array(0), size: 0, truncated: false, timeMs: 3 };
    addEvent(outcome, { type: 'request', item, request: main, response });
    addEvent(outcome, { type: 'request', item, nested: true, request: { method: 'POST', url: 'http://api/side', headers: [] }, response: { ...response, code: 201, status: 'Created' } });
    addEvent(outcome, { type: 'request', item, nested: true, request: { method: 'GET', url: 'http://api/down', headers: [] }, error: 'ECONNREFUSED' });
    assert.equal(outcome.request, main);
    assert.equal(outcome.response?.code, 200);
    assert.deepEqual(outcome.console, [
      { level: 'info', text: 'pm.sendRequest POST http://api/side: 201 Created' },
      { level: 'info', text: 'pm.sendRequest GET http://api/down: ECONNREFUSED' },
    ]);
  });
});
