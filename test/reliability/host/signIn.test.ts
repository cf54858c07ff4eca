import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../../src/extension';
import { LocalPostmanServer } from '../../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../../fixtures/sampleData';
import { answerKeyPrompt } from '../../integration/helpers';
import { saw, scenario } from '../report';
import { FAULTS, type FaultCase, HostRun, setTimeoutSeconds, WRONG_TYPES } from './kit';

/**
 * Signing in (the key is checked with GET /me before it is kept) on a bad network or behind
 * a proxy: the password box says what went wrong, nothing is stored, and pressing Enter
 * again once the network is back signs in.
 */
describe('reliability: sign in under faults', function () {
  this.timeout(120_000);
  const server = new LocalPostmanServer({ rateLimits: false });
  const host = new HostRun(server);
  let api: TestingApi;
  let port = 0;

  before(async () => {
    api = await host.start({ signIn: false });
    port = host.port;
  });

  after(() => host.stop());

  beforeEach(async () => {
    server.reset();
    await setTimeoutSeconds(undefined);
    await vscode.commands.executeCommand('postman.signOut');
  });

  /** The user pastes the key and presses Enter; the box shows a problem or closes. */
  async function attempt(): Promise<{ problem: string | undefined; stored: boolean; ms: number }> {
    const started = Date.now();
    const prompt = answerKeyPrompt(api, SAMPLE_API_KEY);
    await vscode.commands.executeCommand('postman.signIn');
    assert.ok(prompt.shown.length <= 1);
    return { problem: prompt.shown[0], stored: (await api.storedCredentialSource()) !== undefined, ms: Date.now() - started };
  }

  /** A failed sign-in says `expect`, keeps nothing; once the fault is gone the same key signs in. */
  async function failsClearlyThenRetries(expect: RegExp, heal: () => Promise<void> | void): Promise<void> {
    const first = await attempt();
    assert.equal(first.stored, false, 'nothing is stored after a failed check');
    assert.ok(first.problem, 'the box says what went wrong');
    assert.match(first.problem, expect);
    assert.ok(!first.problem.includes(SAMPLE_API_KEY), 'the message never shows the key');
    await heal();
    const second = await attempt();
    assert.equal(second.problem, undefined, `retry failed: ${second.problem}`);
    assert.ok(second.stored, 'signed in on retry');
    saw(`box: "${first.problem}" → Enter again: signed in`);
  }

  const cases: FaultCase[] = [
    FAULTS.latency,
    FAULTS.timeout,
    FAULTS.reset,
    FAULTS.server503,
    FAULTS.storm429,
    FAULTS.storm429NoRetryAfter,
    FAULTS.burst429,
    FAULTS.quota,
    FAULTS.html,
    FAULTS.proxyAuth,
    FAULTS.truncated,
    FAULTS.empty,
    FAULTS.missingFields,
  ];

  for (const c of cases) {
    scenario('host', 'sign in', c.name, async () => {
      if (c.timeoutSeconds) {
        await setTimeoutSeconds(c.timeoutSeconds);
      }
      c.apply(server, { path: '/me' });
      if (!c.expect) {
        const result = await attempt();
        assert.equal(result.problem, undefined, result.problem);
        assert.ok(result.stored);
        saw(`signed in after ${(result.ms / 1000).toFixed(1)} s`);
        return;
      }
      await failsClearlyThenRetries(c.expect, async () => {
        server.clearFaults();
        server.quotaExhausted = false;
        await setTimeoutSeconds(undefined);
      });
    });
  }

  scenario('host', 'sign in', 'the right JSON with the wrong types', async () => {
    server.injectFault({ kind: 'status', status: 200, body: WRONG_TYPES.me, match: { path: '/me' } });
    await failsClearlyThenRetries(/cannot read: GET \/me returned a user without an id/, () => server.clearFaults());
  });

  scenario('host', 'sign in', 'a very large answer (100,000 usage entries, about 7 MB)', async () => {
    const operations = Array.from({ length: 100_000 }, (_, i) => ({ name: `operation_${i}`, limit: 1000, usage: i % 1000, overage: 0 }));
    server.injectFault({ kind: 'status', status: 200, body: { user: server.dataset.user, operations }, match: { path: '/me' }, times: 1 });
    const result = await attempt();
    assert.equal(result.problem, undefined, result.problem);
    assert.ok(result.stored);
    saw(`signed in after ${(result.ms / 1000).toFixed(1)} s`);
  });

  scenario('host', 'sign in', 'the network gone, then back (server stopped and restarted on the same port)', async () => {
    await server.stop();
    try {
      await failsClearlyThenRetries(/Could not reach the Postman API: connection refused/, async () => void (await server.start(port)));
    } finally {
      await server.start(port);
    }
  });
});
