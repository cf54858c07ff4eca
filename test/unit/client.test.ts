import * as assert from 'node:assert/strict';
import { HttpTransport, isPostmanId, PostmanClient, type PostmanErrorKind, userMessage } from '../../src/postman';
import { memoryLog, rejectsWith } from './assertions';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { largeDataset, SAMPLE_API_KEY } from '../fixtures/sampleData';

describe('PostmanClient against the local Postman server', () => {
  const server = new LocalPostmanServer({ rateLimits: false });
  let baseUrl = '';
  let key: string | undefined = SAMPLE_API_KEY;
  let log: ReturnType<typeof memoryLog>;
  let client: PostmanClient;
  let timeoutMs = 5000;

  before(async () => {
    baseUrl = await server.start();
  });
  after(() => server.stop());
  beforeEach(() => {
    server.clearFaults();
    server.resetCounts();
    key = SAMPLE_API_KEY;
    timeoutMs = 5000;
    log = memoryLog();
    // Unpaced: these tests check the raw mapping of each answer (a 429 here must not be retried).
    const http = new HttpTransport(() => ({ baseUrl, timeoutMs }), async () => (key ? { kind: 'apiKey', key } : undefined), log, undefined, { pacer: false });
    client = new PostmanClient(http);
  });

  it('reads the signed-in user', async () => {
    const me = await client.getMe();
    assert.equal(me.user.username, 'taylor-lee');
    assert.equal(me.user.fullName, 'Taylor Lee');
    assert.ok(me.operations.length > 0);
  });

  it('lists every workspace with one call per page', async () => {
    const list = await client.listWorkspaces();
    assert.equal(list.length, server.dataset.workspaces.length);
    assert.ok(list.some((w) => w.type === 'personal'));
    assert.equal(server.count({ path: '/workspaces' }), Math.ceil(list.length / 100));
  });

  it('follows cursors when the account has more than one page', async () => {
    const big = new LocalPostmanServer({ rateLimits: false, dataset: largeDataset({ workspaces: 230, collectionsPerWorkspace: 1 }) });
    const url = await big.start();
    try {
      const http = new HttpTransport(() => ({ baseUrl: url, timeoutMs }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }));
      const list = await new PostmanClient(http).listWorkspaces();
      assert.equal(list.length, 230);
      assert.equal(new Set(list.map((w) => w.id)).size, 230);
      assert.equal(big.count({ path: '/workspaces' }), 3);
    } finally {
      await big.stop();
    }
  });

  it('gets a workspace with all four kinds in one call', async () => {
    const team = server.dataset.workspaces.find((w) => w.type === 'team');
    assert.ok(team);
    const detail = await client.getWorkspace(team.id);
    assert.equal(detail.name, team.name);
    assert.ok(detail.collections.length > 0);
    assert.ok(Array.isArray(detail.environments) && Array.isArray(detail.mocks) && Array.isArray(detail.monitors));
    assert.equal(server.count(), 1);
  });

  it('gets a whole collection with its item tree', async () => {
    const [uid, stored] = Object.entries(server.dataset.collections)[0];
    const collection = await client.getCollection(uid);
    assert.equal(collection.info.name, stored.info.name);
    assert.deepEqual(collection.item, stored.item);
  });

  it('sends the key only as X-Api-Key and never logs it', async () => {
    await client.getMe();
    assert.equal(server.requests.at(-1)?.credential, 'apiKey');
    assert.ok(log.lines.some((l) => l.includes('GET /me 200')), log.lines.join('\n'));
    assert.ok(log.lines.every((l) => !l.includes(SAMPLE_API_KEY)));
  });

  it('maps a rejected key to "unauthorized" without echoing it', async () => {
    key = 'PMAK-aaaaaaaaaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    const err = await rejectsWith(client.getMe(), 'unauthorized');
    assert.equal(err.status, 401);
    assert.ok(!userMessage(err).includes(key) && !err.message.includes(key));
    assert.ok(log.lines.every((l) => !l.includes(key as string)));
  });

  it('says "not signed in" without a network call when there is no credential', async () => {
    key = undefined;
    await rejectsWith(client.getMe(), 'notSignedIn');
    assert.equal(server.count(), 0);
  });

  it('maps faults to typed errors a user can act on', async () => {
    const cases: Array<[Parameters<LocalPostmanServer['injectFault']>[0], PostmanErrorKind]> = [
      [{ kind: 'status', status: 500 }, 'server'],
      [{ kind: 'status', status: 503 }, 'server'],
      [{ kind: 'status', status: 403 }, 'forbidden'],
      [{ kind: 'status', status: 404 }, 'notFound'],
      [{ kind: 'malformedJson' }, 'badResponse'],
      [{ kind: 'html' }, 'badResponse'],
      [{ kind: 'reset' }, 'network'],
    ];
    for (const [fault, kind] of cases) {
      server.clearFaults();
      server.injectFault(fault);
      await rejectsWith(client.getMe(), kind);
    }
  });

  it('reads Retry-After from a 429 and tells an exhausted quota apart', async () => {
    server.injectFault({ kind: 'status', status: 429, retryAfter: 7 });
    const limited = await rejectsWith(client.getMe(), 'rateLimited');
    assert.equal(limited.retryAfterSeconds, 7);
    server.clearFaults();
    server.injectFault({ kind: 'status', status: 429, body: { error: { name: 'serviceLimitExhausted', message: 'quota used up' } } });
    await rejectsWith(client.getMe(), 'quotaExhausted');
  });

  it('gives up after the configured timeout', async () => {
    timeoutMs = 300;
    server.injectFault({ kind: 'latency', ms: 2000 });
    const started = Date.now();
    await rejectsWith(client.getMe(), 'timeout');
    assert.ok(Date.now() - started < 1500);
  });

  it('can be cancelled', async () => {
    server.injectFault({ kind: 'latency', ms: 2000 });
    const controller = new AbortController();
    const pending = client.getMe({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await rejectsWith(pending, 'cancelled');
  });

  it('records the rate-limit headers it saw', async () => {
    const http = new HttpTransport(() => ({ baseUrl, timeoutMs }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }));
    await new PostmanClient(http).getMe();
    assert.ok(http.lastRateLimit);
    assert.equal(typeof http.lastRateLimit.remaining, 'number');
  });
});

describe('ids in API paths', () => {
  it('sends no request for an id that would change the path: "..", "/", "?", empty, too long', async () => {
    const seen: string[] = [];
    const http = { request: async (method: string, path: string) => void seen.push(`${method} ${path}`) } as unknown as HttpTransport;
    const client = new PostmanClient(http);
    for (const bad of ['..', '.', '', 'a/b', '../me', 'x?y=1', 'a#b', 'a b', '%2e%2e', 'é', 'x'.repeat(201)]) {
      await rejectsWith(client.getCollection(bad), 'badRequest');
      await rejectsWith(client.updateEnvironment(bad, { name: 'n', values: [] }), 'badRequest');
      await rejectsWith(client.getWorkspace(bad), 'badRequest');
      await rejectsWith(client.listMocks(bad), 'badRequest');
      await rejectsWith(client.createCollection(bad, {}), 'badRequest');
      await rejectsWith(client.getMonitor(bad), 'badRequest');
    }
    assert.deepEqual(seen, []);
    assert.ok(isPostmanId('12345678-c53460b2-f5c0-4d16-8113-3553c5cffafe'));
    assert.ok(isPostmanId('1f0df51a_8658'));
    await client.getMonitor('1e6b6cc1-c760-48e0-968f-4bfaeeae9af1').catch(() => undefined);
    assert.deepEqual(seen, ['GET /monitors/1e6b6cc1-c760-48e0-968f-4bfaeeae9af1']);
  });
});
