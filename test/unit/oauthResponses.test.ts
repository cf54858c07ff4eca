import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { AuthorizationRequests, duration, ignoredMessage } from '../../src/auth/oauth/authorization';
import { isOAuthError, OAuthError } from '../../src/auth/oauth/errors';

/**
 * What the URI handler makes of the redirect that comes back from the browser: a code, an
 * error, or neither (which is not a success); and how long a finished state is remembered,
 * so a replay is told apart from a stranger's response.
 */
const PARAMS = { authorizationUrl: 'https://auth.example.com/authorize', clientId: 'vscode', redirectUri: 'vscode://pub.ext/oauth-callback', scopes: [] };

async function rejection(promise: Promise<unknown>): Promise<OAuthError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(isOAuthError(err), `expected an OAuthError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

describe('OAuth: what a redirect carries', () => {
  let requests: AuthorizationRequests;
  beforeEach(() => {
    requests = new AuthorizationRequests(60_000);
  });
  afterEach(() => requests.cancelAll('test over'));

  const answerTo = async (q: Record<string, string>) => {
    const pending = requests.begin(PARAMS);
    const answer = requests.wait(pending.state);
    assert.deepEqual(requests.deliver(new URLSearchParams({ ...q, state: pending.state })), { accepted: true });
    return answer;
  };

  it('a redirect with neither a code nor an error is an invalid_request error, not a success', async () => {
    assert.deepEqual(await answerTo({}), { error: 'invalid_request', description: 'The redirect carried neither a code nor an error.' });
    assert.deepEqual(await answerTo({ code: '' }), { error: 'invalid_request', description: 'The redirect carried neither a code nor an error.' });
    assert.deepEqual(await answerTo({ error: '', iss: 'https://auth.example.com' }), { error: 'invalid_request', description: 'The redirect carried neither a code nor an error.' });
  });

  it('an error wins over a code sent with it', async () => {
    assert.deepEqual(await answerTo({ code: 'c0de', error: 'access_denied' }), { error: 'access_denied', description: undefined });
  });

  it('a code comes without an issuer when the server sends none', async () => {
    assert.deepEqual(await answerTo({ code: 'c0de' }), { code: 'c0de', iss: undefined });
  });

  it('waiting for a state that is not pending fails at once', async () => {
    const err = await rejection(requests.wait('never-begun'));
    assert.equal(err.kind, 'expired');
    assert.equal(err.message, 'This sign-in is no longer waiting for an answer.');
  });

  it('a signal already aborted cancels at once', async () => {
    const pending = requests.begin(PARAMS);
    const controller = new AbortController();
    controller.abort();
    const err = await rejection(requests.wait(pending.state, controller.signal));
    assert.equal(err.kind, 'cancelled');
    assert.equal(err.message, 'The sign-in was cancelled.');
    assert.equal(requests.inFlight, 0);
  });

  it('an abort after the answer came changes nothing', async () => {
    const pending = requests.begin(PARAMS);
    const controller = new AbortController();
    const answer = requests.wait(pending.state, controller.signal);
    requests.deliver(new URLSearchParams({ code: 'c', state: pending.state }));
    controller.abort();
    assert.deepEqual(await answer, { code: 'c', iss: undefined });
    assert.deepEqual(requests.deliver(new URLSearchParams({ code: 'c', state: pending.state })), { accepted: false, reason: 'alreadyUsed' });
  });

  it('cancels with the reason given', async () => {
    const pending = requests.begin(PARAMS);
    const answer = requests.wait(pending.state);
    requests.cancel(pending.state, 'VS Code is closing.');
    const err = await rejection(answer);
    assert.deepEqual([err.kind, err.message], ['cancelled', 'VS Code is closing.']);
    requests.cancel(pending.state, 'twice');
    assert.equal(requests.inFlight, 0);
  });

  it('counts what is in flight, and a pending URL expires a lifetime after it began', () => {
    let now = 5_000;
    const timed = new AuthorizationRequests(60_000, () => now);
    const a = timed.begin(PARAMS);
    timed.begin(PARAMS);
    assert.equal(timed.inFlight, 2);
    assert.equal(a.expiresAt, 65_000);
    assert.equal(a.redirectUri, PARAMS.redirectUri);
    now = 64_999;
    assert.deepEqual(timed.deliver(new URLSearchParams({ code: 'c', state: a.state })), { accepted: true });
    timed.cancelAll('done');
    assert.equal(timed.inFlight, 0);
  });

  it('refuses a response at the very end of its lifetime, by the clock it was given', async () => {
    let now = 0;
    const timed = new AuthorizationRequests(60_000, () => now);
    const pending = timed.begin(PARAMS);
    const answer = timed.wait(pending.state);
    now = 60_000;
    assert.deepEqual(timed.deliver(new URLSearchParams({ code: 'c', state: pending.state })), { accepted: false, reason: 'late' });
    const err = await rejection(answer);
    assert.deepEqual([err.kind, err.message], ['expired', 'The answer from the browser came too late; sign in again.']);
    assert.deepEqual(timed.deliver(new URLSearchParams({ code: 'c', state: pending.state })), { accepted: false, reason: 'late' });
  });

  it('remembers a used state for 30 minutes, then treats it as unknown', () => {
    let now = 0;
    const timed = new AuthorizationRequests(60_000, () => now);
    const pending = timed.begin(PARAMS);
    timed.deliver(new URLSearchParams({ code: 'c', state: pending.state }));
    now = 30 * 60_000;
    assert.deepEqual(timed.deliver(new URLSearchParams({ code: 'c', state: pending.state })), { accepted: false, reason: 'alreadyUsed' });
    now = 30 * 60_000 + 1;
    assert.deepEqual(timed.deliver(new URLSearchParams({ code: 'c', state: pending.state })), { accepted: false, reason: 'unknownState' });
  });

  it('remembers the last 50 finished states, forgetting the oldest first', () => {
    const timed = new AuthorizationRequests(60_000, () => 0);
    const states = Array.from({ length: 51 }, () => {
      const p = timed.begin(PARAMS);
      timed.deliver(new URLSearchParams({ code: 'c', state: p.state }));
      return p.state;
    });
    assert.deepEqual(timed.deliver(new URLSearchParams({ code: 'c', state: states[0] })), { accepted: false, reason: 'unknownState' });
    assert.deepEqual(timed.deliver(new URLSearchParams({ code: 'c', state: states[1] })), { accepted: false, reason: 'alreadyUsed' });
    assert.deepEqual(timed.deliver(new URLSearchParams({ code: 'c', state: states[50] })), { accepted: false, reason: 'alreadyUsed' });
  });

  it('asks for every scope, space-separated, and drops a scope the configured URL had when none is asked for', () => {
    const withScopes = new URL(requests.begin({ ...PARAMS, scopes: ['a:read', 'b:write'] }).url);
    assert.equal(withScopes.searchParams.get('scope'), 'a:read b:write');
    const none = new URL(requests.begin({ ...PARAMS, authorizationUrl: 'https://auth.example.com/authorize?scope=admin&tenant=t', scopes: [] }).url);
    assert.equal(none.searchParams.has('scope'), false);
    assert.equal(none.searchParams.get('tenant'), 't');
  });

  it('a sign-in nobody waits for ends without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const short = new AuthorizationRequests(5);
      short.begin(PARAMS);
      const cancelled = short.begin(PARAMS);
      short.cancel(cancelled.state);
      await new Promise((r) => setTimeout(r, 30));
      assert.deepEqual(unhandled, []);
      assert.equal(short.inFlight, 0);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('words durations and ignored responses for people', () => {
    assert.deepEqual([5 * 60_000, 60_000, 90_000, 29_000, 40, 1000, 1500, 2000].map(duration), ['5 minutes', '1 minute', '2 minutes', '29 seconds', '1 second', '1 second', '2 seconds', '2 seconds']);
    assert.equal(ignoredMessage('noState'), 'A Postman sign-in response without a "state" value arrived and was ignored.');
    assert.equal(ignoredMessage('unknownState'), 'A Postman sign-in response arrived that this window did not ask for (its "state" does not match a sign-in in progress); it was ignored.');
    assert.equal(ignoredMessage('alreadyUsed'), 'A Postman sign-in response arrived a second time; it was ignored (each one is used once).');
    assert.equal(ignoredMessage('late'), 'A Postman sign-in response arrived after its sign-in was cancelled or timed out; it was ignored. Sign in again if you still want to.');
  });
});

describe('OAuth: a pending sign-in keeps nothing alive', () => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

  it('its 5-minute timer does not hold the process open, and its abort listener goes when it ends', async () => {
    const requests = new AuthorizationRequests();
    const before = timers();
    const pending = requests.begin(PARAMS);
    assert.equal(timers(), before, 'the lifetime timer is unref\'d');
    const controller = new AbortController();
    const answer = requests.wait(pending.state, controller.signal);
    requests.deliver(new URLSearchParams({ code: 'c', state: pending.state }));
    await answer;
    await new Promise((r) => setImmediate(r));
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });
});
