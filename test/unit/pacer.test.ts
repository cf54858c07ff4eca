import * as assert from 'node:assert/strict';
import { HttpTransport, PostmanClient } from '../../src/postman';
import { memoryLog, rejectsWith } from './assertions';
import { classify, Pacer, type WaitInfo } from '../../src/postman/pacer';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { largeDataset, SAMPLE_API_KEY, SAMPLE_API_KEY_2 } from '../fixtures/sampleData';

/**
 * Virtual time shared by the pacer and the local server: a sleep jumps the clock instead of
 * waiting, so windows of 10 and 60 s pass in milliseconds while both sides agree on time.
 * It jumps only once no request is on the wire: a request still travelling while the clock
 * leaps 10 s would reach the server "10 s late", a network no margin can cover.
 */
class VirtualTime {
  t = 1_700_000_000_000;
  busy: () => boolean = () => false;
  readonly now = (): number => this.t;
  readonly sleep = async (ms: number): Promise<void> => {
    const due = this.t + ms;
    do {
      await new Promise((resolve) => setTimeout(resolve, 1));
    } while (this.busy());
    this.t = Math.max(this.t, due);
  };
}

/** Counts sends on the wire, for VirtualTime.busy. */
class CountingPacer extends Pacer {
  onWire = 0;
  override async run<T>(req: Parameters<Pacer['run']>[0], send: () => Promise<T>): Promise<T> {
    return super.run(req, async () => {
      this.onWire++;
      try {
        return await send();
      } finally {
        this.onWire--;
      }
    });
  }
}

/** The most sends found in any window of `windowMs` (a send exactly windowMs later is outside). */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j < sorted.length && sorted[j] < sorted[i] + windowMs) {
      j++;
    }
    most = Math.max(most, j - i);
  }
  return most;
}

describe('Pacer', () => {
  it('classifies requests into the documented buckets', () => {
    const names = (m: string, p: string) => classify(m, p).map((b) => b.name);
    assert.deepEqual(names('GET', '/workspaces'), ['workspaces.list', 'global']);
    assert.deepEqual(names('GET', '/workspaces?cursor=x'), ['workspaces.list', 'global']);
    assert.deepEqual(names('GET', '/workspaces/abc'), ['workspaces.get', 'global']);
    assert.deepEqual(names('PUT', '/workspaces/abc'), ['global']);
    assert.deepEqual(names('GET', '/collections'), ['collections.list', 'global']);
    assert.deepEqual(names('GET', '/collections/1-2'), ['global']);
    assert.deepEqual(names('GET', '/monitors'), ['monitors', 'global']);
    assert.deepEqual(names('POST', '/monitors/m1/run'), ['monitors', 'global']);
    assert.deepEqual(names('GET', '/me'), ['global']);
    const [strict, global] = classify('GET', '/workspaces/abc');
    assert.deepEqual([strict.limit, strict.windowMs, global.limit, global.windowMs], [10, 10_000, 300, 60_000]);
  });

  it('spreads 25 GET /workspaces/{id} so no 10-s window holds more than 10, FIFO', async () => {
    const time = new VirtualTime();
    const pacer = new Pacer({ now: time.now, sleep: time.sleep });
    const sends: { i: number; at: number }[] = [];
    const start = time.t;
    await Promise.all(Array.from({ length: 25 }, (_, i) =>
      pacer.run({ credentialId: 'a', method: 'GET', path: `/workspaces/w${i}` }, async () => void sends.push({ i, at: time.now() }))));
    assert.equal(busiestWindow(sends.map((s) => s.at), 10_000), 10);
    assert.deepEqual(sends.map((s) => s.i), [...Array(25).keys()]);
    // Economical as well as safe: three bursts of 10, 10, 5, one window (plus margin) apart.
    assert.ok(time.t - start <= 2 * 10_500, `took ${time.t - start} ms`);
  });

  it('keeps the overall limit (300 / 60 s) without holding other buckets back', async () => {
    const time = new VirtualTime();
    const pacer = new Pacer({ now: time.now, sleep: time.sleep });
    const sends: number[] = [];
    await Promise.all(Array.from({ length: 310 }, () =>
      pacer.run({ credentialId: 'a', method: 'GET', path: '/me' }, async () => void sends.push(time.now()))));
    assert.equal(busiestWindow(sends, 60_000), 300);
    // Another credential has its own buckets.
    const before = time.t;
    await pacer.run({ credentialId: 'b', method: 'GET', path: '/me' }, async () => undefined);
    assert.equal(time.t, before);
  });

  it('rejects as cancelled during a pacing wait and reports the wait', async () => {
    const pacer = new Pacer();
    const waits: WaitInfo[] = [];
    pacer.onWait((w) => waits.push(w));
    const req = { credentialId: 'a', method: 'GET', path: '/workspaces' };
    for (let i = 0; i < 10; i++) {
      await pacer.run(req, async () => undefined);
    }
    const controller = new AbortController();
    let sent = false;
    const pending = pacer.run({ ...req, signal: controller.signal }, async () => void (sent = true));
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    await rejectsWith(pending, 'cancelled');
    assert.ok(Date.now() - started < 1000 && !sent);
    assert.equal(waits[0]?.reason, 'pacing');
    assert.ok(waits[0].seconds >= 10, JSON.stringify(waits));
    assert.equal(pacer.waiting, undefined);
  });
});

describe('HttpTransport pacing and coalescing against the local Postman server', () => {
  let time: VirtualTime;
  let server: LocalPostmanServer;
  let baseUrl = '';
  let log: ReturnType<typeof memoryLog>;
  const settings = () => ({ baseUrl, timeoutMs: 5000 });
  const apiKey = async () => ({ kind: 'apiKey' as const, key: SAMPLE_API_KEY });
  const transport = (opts: { paced?: boolean } = {}) => {
    const pacer = new CountingPacer({ now: time.now, sleep: time.sleep, log });
    time.busy = () => pacer.onWire > 0;
    return new HttpTransport(settings, apiKey, log, undefined, { pacer: opts.paced === false ? false : pacer });
  };

  beforeEach(async () => {
    time = new VirtualTime();
    server = new LocalPostmanServer({
      rateLimits: true, clock: time.now, apiKeys: [SAMPLE_API_KEY, SAMPLE_API_KEY_2],
      dataset: largeDataset({ workspaces: 15, collectionsPerWorkspace: 1 }),
    });
    baseUrl = await server.start();
    log = memoryLog();
  });
  afterEach(() => server.stop());

  it('fires 15 getWorkspace calls at once with zero 429s', async () => {
    const client = new PostmanClient(transport());
    const ids = server.dataset.workspaces.map((w) => w.id);
    assert.equal(ids.length, 15);
    const details = await Promise.all(ids.map((id) => client.getWorkspace(id)));
    assert.deepEqual(details.map((d) => d.id), ids);
    assert.equal(server.count429(), 0);
    assert.equal(server.count(), 15);
    assert.ok(log.lines.some((l) => l.startsWith('pacing: GET /workspaces/')), log.lines.join('\n'));
    assert.ok(log.lines.every((l) => !l.includes(SAMPLE_API_KEY)));
  });

  it('(control) the same burst without pacing earns 429s', async () => {
    const client = new PostmanClient(transport({ paced: false }));
    const results = await Promise.allSettled(server.dataset.workspaces.map((w) => client.getWorkspace(w.id)));
    assert.equal(results.filter((r) => r.status === 'rejected').length, 5);
    assert.equal(server.count429(), 5);
  });

  it('makes 5 concurrent identical GETs one request, per credential', async () => {
    const http = transport();
    const id = server.dataset.workspaces[0].id;
    const client = new PostmanClient(http);
    const five = await Promise.all(Array.from({ length: 5 }, () => client.getWorkspace(id)));
    assert.equal(server.count(), 1);
    assert.ok(five.every((d) => d.id === id));
    five[1].name = 'edited by one caller';
    assert.equal(five[2].name, five[0].name);

    server.resetCounts();
    const other = { kind: 'apiKey' as const, key: SAMPLE_API_KEY_2 };
    await Promise.all([http.request('GET', `/workspaces/${id}`), http.request('GET', `/workspaces/${id}`, { credential: other })]);
    assert.equal(server.count(), 2);
  });

  it('a cancelled caller does not cancel the shared request for the others', async () => {
    server.latencyMs = 150;
    const client = new PostmanClient(transport());
    const id = server.dataset.workspaces[0].id;
    const controller = new AbortController();
    const calls = [client.getWorkspace(id, controller.signal), client.getWorkspace(id), client.getWorkspace(id)];
    setTimeout(() => controller.abort(), 30);
    await rejectsWith(calls[0], 'cancelled');
    const rest = await Promise.all(calls.slice(1));
    assert.ok(rest.every((d) => d.id === id));
    assert.equal(server.count(), 1);
  });

  it('retries a 429 after its Retry-After and reports the wait', async () => {
    const http = transport();
    const states: (WaitInfo | undefined)[] = [];
    http.onDidChangeWaiting((w) => states.push(w));
    server.injectFault({ kind: 'status', status: 429, retryAfter: 1, times: 1 });
    const started = time.t;
    const me = await new PostmanClient(http).getMe();
    assert.equal(me.user.username, server.dataset.user.username);
    assert.equal(server.count(), 2);
    assert.ok(time.t - started >= 1000);
    assert.deepEqual(states, [{ seconds: 1, reason: 'rateLimit' }, undefined]);
    assert.ok(log.lines.some((l) => /GET \/me was rate limited \(429\): retry 1 of 3 in 1\.0 s/.test(l)), log.lines.join('\n'));
  });

  it('backs off when Retry-After is absent, and gives up after a bounded number of retries', async () => {
    const client = new PostmanClient(transport());
    server.injectFault({ kind: 'status', status: 429, retryAfter: null, times: 1 });
    await client.getMe();
    assert.equal(server.count(), 2);
    server.resetCounts();
    server.injectFault({ kind: 'status', status: 429, retryAfter: 2 });
    const err = await rejectsWith(client.getMe(), 'rateLimited');
    assert.equal(err.retryAfterSeconds, 2);
    assert.equal(server.count(), 4);
  });

  it('never retries an exhausted monthly quota', async () => {
    server.injectFault({ kind: 'status', status: 429, times: 1, body: { error: { name: 'serviceLimitExhausted', message: 'quota used up' } } });
    await rejectsWith(new PostmanClient(transport()).getMe(), 'quotaExhausted');
    assert.equal(server.count(), 1);
  });
});
