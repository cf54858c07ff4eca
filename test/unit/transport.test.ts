import * as assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Credential, HttpTransport, PostmanClient, PostmanError, type RequestOutcome, userMessage } from '../../src/postman';
import { coalesceKey } from '../../src/postman/coalesce';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY, SAMPLE_API_KEY_2 } from '../fixtures/sampleData';
import { memoryLog, rejectsWith } from './assertions';

/**
 * What the HttpTransport puts on the wire and what it makes of the answer: bodies that
 * arrive, writes never merged, reads merged only when they ask for the same thing, headers,
 * and every kind of answer turned into a result or a typed error with the right words.
 */

interface Captured {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A loopback server that records each request whole and answers what the test scripted. */
class CaptureServer {
  readonly seen: Captured[] = [];
  reply: (req: Captured) => { status: number; body?: string; headers?: Record<string, string> } = () => ({ status: 200, body: '{}' });
  private server: http.Server | undefined;
  url = '';

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const captured = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.seen.push(captured);
        const { status, body = '', headers = {} } = this.reply(captured);
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }
}

describe('HttpTransport: what goes out', () => {
  const capture = new CaptureServer();
  before(() => capture.start());
  after(() => capture.stop());
  beforeEach(() => {
    capture.seen.length = 0;
    capture.reply = () => ({ status: 200, body: '{"ok":true}' });
  });
  const transport = (credential: Credential | undefined, userAgent?: string) =>
    new HttpTransport(() => ({ baseUrl: capture.url, timeoutMs: 5000 }), async () => credential, undefined, userAgent, { pacer: false });

  it('sends an API key as X-Api-Key only, with a JSON Accept and the user agent; a read has no body and no Content-Type', async () => {
    await transport({ kind: 'apiKey', key: SAMPLE_API_KEY }, 'test-agent/1').request('GET', '/me', { query: { a: 1, skip: undefined, b: 'x y' } });
    const [req] = capture.seen;
    assert.equal(req.method, 'GET');
    assert.equal(req.url, '/me?a=1&b=x+y');
    assert.equal(req.headers['x-api-key'], SAMPLE_API_KEY);
    assert.equal(req.headers.authorization, undefined);
    assert.equal(req.headers['user-agent'], 'test-agent/1');
    assert.equal(req.headers.accept, 'application/json, application/problem+json');
    assert.equal(req.headers['content-type'], undefined);
    assert.equal(req.body, '');
  });

  it('sends an OAuth token as a Bearer Authorization header only', async () => {
    await transport({ kind: 'bearer', token: 'tok-123456789' }).request('GET', '/me');
    const [req] = capture.seen;
    assert.equal(req.headers.authorization, 'Bearer tok-123456789');
    assert.equal(req.headers['x-api-key'], undefined);
    assert.equal(req.headers['user-agent'], 'postman-workspaces-vscode');
  });

  it('sends a PUT or POST body as the JSON it was given, with Content-Type application/json', async () => {
    const http = transport({ kind: 'apiKey', key: SAMPLE_API_KEY });
    const body = { collection: { info: { name: 'Ünïcødé ☕' }, item: [{ id: 'i1', name: 'a' }] } };
    await http.request('PUT', '/collections/1-2', { body });
    await http.request('POST', '/collections', { body, query: { workspace: 'w 1' } });
    assert.deepEqual(capture.seen.map((r) => [r.method, r.url, r.headers['content-type'], JSON.parse(r.body)]), [
      ['PUT', '/collections/1-2', 'application/json', body],
      ['POST', '/collections?workspace=w+1', 'application/json', body],
    ]);
  });

  it('says "not signed in" without a call when there is no credential', async () => {
    await rejectsWith(transport(undefined).request('GET', '/me'), 'notSignedIn');
    assert.equal(capture.seen.length, 0);
  });
});

describe('HttpTransport: writes are never merged, reads only when identical', () => {
  const server = new LocalPostmanServer({ rateLimits: false });
  let client: PostmanClient;
  let http: HttpTransport;
  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    server.latencyMs = 50;
    http = new HttpTransport(() => ({ baseUrl: server.url, timeoutMs: 5000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }), undefined, undefined, { pacer: false });
    client = new PostmanClient(http);
  });

  const payments = () => {
    const ws = server.dataset.workspaces.find((w) => w.name === 'Payments Platform');
    assert.ok(ws);
    return ws;
  };

  it('a PUT of a collection arrives: Postman stores the name and items sent', async () => {
    const { uid } = payments().collections[0];
    const stored = server.dataset.collections[uid];
    const edited = { ...structuredClone(stored), info: { ...stored.info, name: 'Payments API v3' }, item: [...stored.item, { name: 'New request', request: { method: 'GET', url: 'https://x/new' } }] };
    const saved = await client.updateCollection(uid, edited);
    assert.equal(saved.name, 'Payments API v3');
    const now = server.dataset.collections[uid];
    assert.equal(now.info.name, 'Payments API v3');
    assert.equal(now.item.length, stored.item.length + 1);
    assert.equal(now.item.at(-1)?.name, 'New request');
    assert.equal(server.count({ method: 'PUT' }), 1);
  });

  it('a PUT of an environment arrives: name and variables', async () => {
    const { uid } = payments().environments[0];
    await client.updateEnvironment(uid, { name: 'Renamed', values: [{ key: 'k', value: 'v', enabled: true, type: 'default' }] });
    const env = server.dataset.environments[uid];
    assert.equal(env.name, 'Renamed');
    assert.deepEqual(env.values, [{ key: 'k', value: 'v', enabled: true, type: 'default' }]);
  });

  it('a POST creates the collection sent, in the workspace named by the query', async () => {
    const target = payments();
    const before = target.collections.length;
    const saved = await client.createCollection(target.id, { info: { name: 'Imported', schema: 'x' }, item: [{ name: 'r', request: 'https://x' }] });
    assert.equal(target.collections.length, before + 1);
    assert.equal(target.collections.at(-1)?.name, 'Imported');
    assert.ok(saved.uid);
    assert.equal(server.dataset.collections[saved.uid].item.length, 1);
  });

  it('two identical PUTs at once are two PUTs', async () => {
    const { uid } = payments().collections[0];
    const body = structuredClone(server.dataset.collections[uid]);
    await Promise.all([client.updateCollection(uid, body), client.updateCollection(uid, body)]);
    assert.equal(server.count({ method: 'PUT' }), 2);
  });

  it('two identical POSTs at once create two collections', async () => {
    const target = payments();
    const before = target.collections.length;
    const body = { info: { name: 'Twice', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [] };
    const [a, b] = await Promise.all([client.createCollection(target.id, body), client.createCollection(target.id, body)]);
    assert.notEqual(a.uid, b.uid);
    assert.equal(target.collections.length, before + 2);
    assert.equal(server.count({ method: 'POST' }), 2);
  });

  it('reads that differ only in their query are not merged: each workspace gets its own mocks', async () => {
    const [a, b] = server.dataset.workspaces.filter((w) => w.mocks.length > 0);
    const [mocksA, mocksB] = await Promise.all([client.listMocks(a.id), client.listMocks(b.id)]);
    assert.deepEqual(mocksA.map((m) => m.id).sort(), a.mocks.map((m) => m.id).sort());
    assert.deepEqual(mocksB.map((m) => m.id).sort(), b.mocks.map((m) => m.id).sort());
    assert.equal(server.count({ path: '/mocks' }), 2);
  });

  it('identical reads at once are one call, and each caller gets its own copy', async () => {
    const [a] = server.dataset.workspaces.filter((w) => w.mocks.length > 0);
    const three = await Promise.all([client.listMocks(a.id), client.listMocks(a.id), client.listMocks(a.id)]);
    assert.equal(server.count({ path: '/mocks' }), 1);
    three[0][0].name = 'changed by one caller';
    assert.notEqual(three[1][0].name, 'changed by one caller');
    assert.notEqual(three[2][0].name, 'changed by one caller');
  });

  it('the same read after the first answered is a new call (nothing is merged after the fact)', async () => {
    await client.getMe();
    await client.getMe();
    assert.equal(server.count({ path: '/me' }), 2);
  });

  it('reads of the same path on two servers (the base URL changed meanwhile) are not merged', async () => {
    const other = new LocalPostmanServer({ rateLimits: false, latencyMs: 50 });
    await other.start();
    try {
      let base = server.url;
      const moving = new HttpTransport(() => ({ baseUrl: base, timeoutMs: 5000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }), undefined, undefined, { pacer: false });
      const first = moving.request('GET', '/me');
      await new Promise((resolve) => setTimeout(resolve, 10));
      base = other.url;
      const second = moving.request('GET', '/me');
      await Promise.all([first, second]);
      assert.equal(server.count({ path: '/me' }), 1);
      assert.equal(other.count({ path: '/me' }), 1);
    } finally {
      await other.stop();
    }
  });

  it('keys merged reads by scope, method, path and the defined query values, in any order', () => {
    assert.equal(coalesceKey('s', 'GET', '/mocks', { b: '2', a: 1, c: undefined }), 's GET /mocks?a=1&b=2');
    assert.equal(coalesceKey('s', 'GET', '/mocks', { a: 1, b: '2' }), coalesceKey('s', 'GET', '/mocks', { b: '2', a: 1 }));
    assert.equal(coalesceKey('s', 'GET', '/mocks'), 's GET /mocks?');
    assert.notEqual(coalesceKey('s', 'GET', '/mocks', { workspace: 'A' }), coalesceKey('s', 'GET', '/mocks', { workspace: 'B' }));
    assert.notEqual(coalesceKey('s', 'GET', '/x', { a: '1&b=2' }), coalesceKey('s', 'GET', '/x', { a: '1', b: '2' }));
    assert.notEqual(coalesceKey('one', 'GET', '/x'), coalesceKey('two', 'GET', '/x'));
  });
});

describe('HttpTransport: answers and failures', () => {
  const server = new LocalPostmanServer({ rateLimits: false });
  let http: HttpTransport;
  let log: ReturnType<typeof memoryLog>;
  let outcomes: RequestOutcome[];
  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    log = memoryLog();
    outcomes = [];
    http = new HttpTransport(() => ({ baseUrl: server.url, timeoutMs: 5000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }), log, undefined, { pacer: false });
    http.onOutcome = (o) => outcomes.push(o);
  });

  const failWith = async (fault: Parameters<LocalPostmanServer['injectFault']>[0], kind: Parameters<typeof rejectsWith>[1]) => {
    server.clearFaults();
    server.injectFault(fault);
    return rejectsWith(http.request('GET', '/me'), kind);
  };

  it('names what came instead of JSON in a 2xx: an HTML page, an empty body, malformed JSON', async () => {
    assert.match((await failWith({ kind: 'html' }, 'badResponse')).message, /^GET \/me returned an HTML page instead of JSON$/);
    assert.equal((await failWith({ kind: 'status', status: 200, body: '  <p>hi</p>', headers: { 'Content-Type': 'text/plain' } }, 'badResponse')).message, 'GET /me returned an HTML page instead of JSON');
    assert.equal((await failWith({ kind: 'status', status: 200, body: '' }, 'badResponse')).message, 'GET /me returned an empty body instead of JSON');
    assert.equal((await failWith({ kind: 'status', status: 200, body: 'plain text, not JSON' }, 'badResponse')).message, 'GET /me returned malformed JSON instead of JSON');
    const err = await failWith({ kind: 'malformedJson' }, 'badResponse');
    assert.equal(err.message, 'GET /me returned malformed JSON instead of JSON');
    assert.equal(err.status, 200);
  });

  it('takes the server\'s words from each error shape Postman uses', async () => {
    const cases: [unknown, string][] = [
      [{ error: { name: 'forbiddenError', message: 'No access to that workspace' } }, 'No access to that workspace'],
      [{ error: 'plain error text' }, 'plain error text'],
      [{ type: 'https://api.postman.com/problems/forbidden', title: 'Forbidden', detail: 'Not yours' }, 'Forbidden: Not yours'],
      [{ title: 'Same', detail: 'Same' }, 'Same'],
      // PATCH /environments lists what is wrong in `detail`.
      [{ title: 'Bad Request', detail: ['/values/1/value: must be a string', 7, '/values/2/key: must be a string'] }, 'Bad Request: /values/1/value: must be a string; /values/2/key: must be a string'],
      [{ title: 'Only a title', detail: {} }, 'Only a title'],
      [{ name: 'badRequest', message: 'bare message' }, 'bare message'],
      [{ error: { message: 'x'.repeat(600) } }, 'x'.repeat(500)],
      [{ error: 'y'.repeat(600) }, 'y'.repeat(500)],
      [{ message: 'z'.repeat(600) }, 'z'.repeat(500)],
      [{ title: 't'.repeat(300), detail: 'd'.repeat(300) }, `${'t'.repeat(300)}: ${'d'.repeat(198)}`],
    ];
    for (const [body, message] of cases) {
      const err = await failWith({ kind: 'status', status: 403, body }, 'forbidden');
      assert.equal(err.message, message, JSON.stringify(body).slice(0, 80));
      assert.equal(err.status, 403);
    }
    assert.equal((await failWith({ kind: 'status', status: 403, body: { error: { name: 'x', message: 42 } } }, 'forbidden')).message, 'GET /me answered 403');
    assert.equal((await failWith({ kind: 'status', status: 403, body: '[1,2]' }, 'forbidden')).message, 'GET /me answered 403');
    assert.equal((await failWith({ kind: 'status', status: 403, body: 'null' }, 'forbidden')).message, 'GET /me answered 403');
    assert.equal((await failWith({ kind: 'status', status: 403, body: 'Forbidden by proxy' }, 'forbidden')).message, 'GET /me answered 403 with a non-JSON body');
  });

  it('keeps the key out of a server message that echoes it', async () => {
    const err = await failWith({ kind: 'status', status: 400, body: { error: { message: `bad key ${SAMPLE_API_KEY} here` } } }, 'badRequest');
    assert.equal(err.message, 'bad key [redacted] here');
  });

  it('maps each status to its kind', async () => {
    const cases: [number, unknown, Parameters<typeof rejectsWith>[1]][] = [
      [400, { error: { name: 'instanceNotFoundError', message: 'gone' } }, 'notFound'],
      [400, { type: 'https://api.postman.com/problems/not-found', title: 'Not Found' }, 'notFound'],
      [400, { status: 404, title: 'x' }, 'notFound'],
      [400, { error: { name: 'badRequest', message: 'bad' } }, 'badRequest'],
      [400, { type: 'https://api.postman.com/problems/not-found-at-all' }, 'badRequest'],
      [400, 'null', 'badRequest'],
      [404, { error: { name: 'x', message: 'gone' } }, 'notFound'],
      [409, {}, 'badRequest'],
      [499, {}, 'badRequest'],
      [429, { type: 'x', title: 'serviceLimitExhausted' }, 'quotaExhausted'],
      [429, { error: { name: 'rateLimited', message: 'slow down' } }, 'rateLimited'],
      [500, {}, 'server'],
      [599, {}, 'server'],
      [401, {}, 'unauthorized'],
      [403, {}, 'forbidden'],
    ];
    for (const [status, body, kind] of cases) {
      const err = await failWith({ kind: 'status', status, body }, kind);
      assert.equal(err.status, status);
    }
  });

  it('reports a redirect as not followed and a proxy asking for credentials (407) as a network problem', async () => {
    for (const status of [301, 302, 307, 399]) {
      const err = await failWith({ kind: 'status', status, body: {}, headers: { Location: 'https://elsewhere.example/' } }, 'badResponse');
      assert.equal(err.message, `GET /me was redirected (${status}); redirects are not followed`);
    }
    const proxy = await failWith({ kind: 'status', status: 407, body: {} }, 'network');
    assert.equal(proxy.message, "a proxy between you and Postman asks for authentication (407); check VS Code's http.proxy settings");
    assert.equal(proxy.status, 407);
  });

  it('reads Retry-After as seconds, as an HTTP date, or from X-RateLimit-RetryAfter; never negative', async () => {
    const limited = (headers: Record<string, string>) => failWith({ kind: 'status', status: 429, retryAfter: null, headers }, 'rateLimited');
    assert.equal((await limited({ 'Retry-After': '12' })).retryAfterSeconds, 12);
    assert.equal((await limited({ 'Retry-After': '-3' })).retryAfterSeconds, 0);
    assert.equal((await limited({ 'X-RateLimit-RetryAfter': '7' })).retryAfterSeconds, 7);
    assert.equal((await limited({ 'Retry-After': '4', 'X-RateLimit-RetryAfter': '9' })).retryAfterSeconds, 4);
    const date = (await limited({ 'Retry-After': new Date(Date.now() + 30_000).toUTCString() })).retryAfterSeconds ?? -1;
    assert.ok(date >= 29 && date <= 31, String(date));
    assert.equal((await limited({ 'Retry-After': new Date(Date.now() - 60_000).toUTCString() })).retryAfterSeconds, 0);
    assert.equal((await limited({ 'Retry-After': 'soon' })).retryAfterSeconds, undefined);
    assert.equal((await limited({})).retryAfterSeconds, undefined);
    const words = userMessage(await limited({ 'Retry-After': '12' }));
    assert.equal(words, "Postman's rate limit was reached; try again in 12 s.");
  });

  it('records the rate-limit headers of each answer, from whichever spelling the server uses', async () => {
    const seen = async (headers: Record<string, string>) => {
      server.clearFaults();
      server.injectFault({ kind: 'status', status: 200, body: { user: { id: 1, username: 'u' } }, headers });
      await http.request('GET', '/me');
      const { at, ...rest } = http.lastRateLimit ?? { at: 0 };
      assert.ok(at > 0);
      return rest;
    };
    assert.deepEqual(await seen({ 'X-RateLimit-Limit': '300', 'X-RateLimit-Remaining': '299', 'X-RateLimit-Reset': '60', 'X-RateLimit-Limit-Month': '1000', 'RateLimit-Remaining-Month': '900' }),
      { limit: 300, remaining: 299, resetSeconds: 60, limitMonth: 1000, remainingMonth: 900 });
    assert.deepEqual(await seen({ 'RateLimit-Limit': '10', 'RateLimit-Remaining': '9', 'RateLimit-Reset': '8', 'X-RateLimit-Remaining-Month': '5' }),
      { limit: 10, remaining: 9, resetSeconds: 8, remainingMonth: 5 });
    assert.deepEqual(await seen({ RateLimit: 'limit=10, remaining=3, reset=6' }), { limit: 10, remaining: 3, resetSeconds: 6 });
    assert.deepEqual(await seen({ 'X-RateLimit-Limit': 'many' }), {});
    assert.deepEqual(await seen({}), {});
  });

  it('logs method, path, status, time and the remaining rate limit; failures with their reason, never the key', async () => {
    await http.request('GET', '/me');
    assert.match(log.lines[0], /^GET \/me 200 \d+ ms \(rate limit remaining \d+\)$/);
    server.injectFault({ kind: 'status', status: 200, body: { user: { id: 1 } }, times: 1 });
    await http.request('GET', '/me');
    assert.match(log.lines[1], /^GET \/me 200 \d+ ms$/);
    server.injectFault({ kind: 'reset', times: 1 });
    await rejectsWith(http.request('GET', '/me'), 'network');
    assert.match(log.lines[2], /^GET \/me failed after \d+ ms: the connection was reset$/);
    assert.ok(log.lines.every((l) => !l.includes(SAMPLE_API_KEY)));
  });

  it('tells the observer of every answer and failure, and whether the credential was one being checked', async () => {
    await http.request('GET', '/me');
    await rejectsWith(http.request('GET', '/me', { credential: { kind: 'apiKey', key: 'PMAK-wrong' } }), 'unauthorized');
    server.injectFault({ kind: 'reset', times: 1 });
    await rejectsWith(http.request('GET', '/workspaces'), 'network');
    assert.deepEqual(outcomes.map((o) => [o.method, o.path, o.status, o.checking, o.credential.kind, o.error?.kind, o.rateLimit !== undefined]), [
      ['GET', '/me', 200, false, 'apiKey', undefined, true],
      ['GET', '/me', 401, true, 'apiKey', 'unauthorized', true],
      ['GET', '/workspaces', undefined, false, 'apiKey', 'network', false],
    ]);
  });

  it('survives an observer that throws, and logs it', async () => {
    http.onOutcome = () => {
      throw new Error('observer broke');
    };
    const me = await http.request('GET', '/me');
    assert.ok(me);
    assert.ok(log.lines.includes('A request observer failed: observer broke'), log.lines.join('\n'));
  });

  it('says how long it waited on a timeout, in seconds', async () => {
    const slow = new HttpTransport(() => ({ baseUrl: server.url, timeoutMs: 600 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }), undefined, undefined, { pacer: false });
    server.injectFault({ kind: 'hang', times: 1 });
    const err = await rejectsWith(slow.request('GET', '/me'), 'timeout');
    assert.equal(err.message, 'no answer within 1 s');
  });

  it('names a refused connection', async () => {
    const gone = new LocalPostmanServer();
    const url = await gone.start();
    await gone.stop();
    const dead = new HttpTransport(() => ({ baseUrl: url, timeoutMs: 2000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }), undefined, undefined, { pacer: false });
    const err = await rejectsWith(dead.request('GET', '/me'), 'network');
    assert.equal(err.message, 'connection refused');
  });
});

describe('HttpTransport: a rejected OAuth token is renewed once and the request sent again', () => {
  const server = new LocalPostmanServer({ rateLimits: false, apiKeys: [SAMPLE_API_KEY], bearerTokens: ['good-token-123'] });
  let current: Credential;
  let renewals: Credential[];
  let http: HttpTransport;
  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    current = { kind: 'bearer', token: 'old-token-123' };
    renewals = [];
    http = new HttpTransport(() => ({ baseUrl: server.url, timeoutMs: 5000 }), async () => current, undefined, undefined, { pacer: false });
  });

  it('retries with the renewed token after a 401', async () => {
    http.renew = async (rejected) => {
      renewals.push(rejected);
      current = { kind: 'bearer', token: 'good-token-123' };
      return current;
    };
    const me = (await http.request('GET', '/me')) as { user: { username: string } };
    assert.equal(me.user.username, server.dataset.user.username);
    assert.deepEqual(renewals, [{ kind: 'bearer', token: 'old-token-123' }]);
    assert.deepEqual(server.requests.map((r) => r.status), [401, 200]);
  });

  it('gives the 401 back when renewal finds nothing better (none, or the same token)', async () => {
    for (const answer of [undefined, { kind: 'bearer' as const, token: 'old-token-123' }]) {
      server.resetCounts();
      http.renew = async () => answer;
      const err = await rejectsWith(http.request('GET', '/me'), 'unauthorized');
      assert.equal(err.status, 401);
      assert.equal(server.count(), 1);
    }
  });

  it('does not renew for a credential being checked, nor for other failures', async () => {
    http.renew = async (rejected) => {
      renewals.push(rejected);
      return { kind: 'bearer', token: 'good-token-123' };
    };
    await rejectsWith(http.request('GET', '/me', { credential: { kind: 'apiKey', key: 'PMAK-not-valid' } }), 'unauthorized');
    server.injectFault({ kind: 'status', status: 403, times: 1 });
    current = { kind: 'bearer', token: 'good-token-123' };
    await rejectsWith(http.request('GET', '/me'), 'forbidden');
    assert.deepEqual(renewals, []);
  });

  it('passes on the reason renewal failed', async () => {
    http.renew = async () => {
      throw new PostmanError('authServer', 'Could not renew the OAuth sign-in: down');
    };
    const err = await rejectsWith(http.request('GET', '/me'), 'authServer');
    assert.equal(err.message, 'Could not renew the OAuth sign-in: down');
  });

  it('keeps two credentials\' identical reads apart', async () => {
    server.latencyMs = 50;
    const keyed = new HttpTransport(() => ({ baseUrl: server.url, timeoutMs: 5000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }), undefined, undefined, { pacer: false });
    server.apiKeys.add(SAMPLE_API_KEY_2);
    const results = await Promise.allSettled([
      keyed.request('GET', '/me'),
      keyed.request('GET', '/me', { credential: { kind: 'apiKey', key: SAMPLE_API_KEY_2 } }),
      keyed.request('GET', '/me', { credential: { kind: 'bearer', token: SAMPLE_API_KEY } }),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled', 'rejected']);
    assert.equal(server.count({ path: '/me' }), 3);
  });
});

describe('HttpTransport: options and edges', () => {
  const server = new LocalPostmanServer({ rateLimits: false });
  const capture = new CaptureServer();
  let log: ReturnType<typeof memoryLog>;
  before(async () => {
    await server.start();
    await capture.start();
  });
  after(async () => {
    await server.stop();
    await capture.stop();
  });
  beforeEach(() => {
    server.reset();
    capture.seen.length = 0;
    log = memoryLog();
  });
  const key = async () => ({ kind: 'apiKey' as const, key: SAMPLE_API_KEY });
  const make = (opts: { pacer?: false; coalesce?: boolean } = { pacer: false }, base = () => server.url) =>
    new HttpTransport(() => ({ baseUrl: base(), timeoutMs: 5000 }), key, log, undefined, opts);

  it('does not merge anything when coalescing is turned off', async () => {
    server.latencyMs = 50;
    const http = make({ pacer: false, coalesce: false });
    await Promise.all([http.request('GET', '/me'), http.request('GET', '/me')]);
    assert.equal(server.count({ path: '/me' }), 2);
  });

  it('never merges DELETEs, body-less POSTs, or GETs with different bodies', async () => {
    server.latencyMs = 50;
    const http = make();
    await Promise.allSettled([http.request('DELETE', '/collections/x'), http.request('DELETE', '/collections/x')]);
    await Promise.allSettled([http.request('POST', '/collections'), http.request('POST', '/collections')]);
    await Promise.allSettled([http.request('GET', '/me', { body: { a: 1 } }), http.request('GET', '/me', { body: { a: 2 } })]);
    assert.deepEqual([server.count({ method: 'DELETE' }), server.count({ method: 'POST' }), server.count({ method: 'GET' })], [2, 2, 2]);
  });

  it('paces by default, logging to the transport\'s log, and reports its waits until unsubscribed', async () => {
    const http = new HttpTransport(() => ({ baseUrl: server.url, timeoutMs: 5000 }), key, log);
    const states: unknown[] = [];
    const during: unknown[] = [];
    const sub = http.onDidChangeWaiting((w) => void (states.push(w), during.push(http.waiting)));
    server.injectFault({ kind: 'status', status: 429, retryAfter: 0.05 as unknown as number, times: 1 });
    await http.request('GET', '/me');
    assert.ok(log.lines.some((l) => l.startsWith('GET /me was rate limited (429): retry 1 of 3')), log.lines.join('\n'));
    assert.deepEqual(states, [{ seconds: 1, reason: 'rateLimit' }, undefined]);
    assert.deepEqual(during, states, 'waiting says the same as the event');
    sub.dispose();
    server.injectFault({ kind: 'status', status: 429, retryAfter: 0.05 as unknown as number, times: 1 });
    await http.request('GET', '/me');
    assert.equal(states.length, 2, 'no news after dispose');
  });

  it('without a pacer never says it is waiting', () => {
    const http = make();
    assert.equal(http.waiting, undefined);
    const sub = http.onDidChangeWaiting(() => assert.fail('no pacer, no waits'));
    sub.dispose();
  });

  it('words a missing sign-in', async () => {
    const http = new HttpTransport(() => ({ baseUrl: server.url, timeoutMs: 5000 }), async () => undefined, log, undefined, { pacer: false });
    const err = await rejectsWith(http.request('GET', '/me'), 'notSignedIn');
    assert.equal(err.message, 'Not signed in to Postman. Run "Postman: Sign In".');
  });

  it('keeps any API key or token out of the server\'s words, even one with no known shape', async () => {
    for (const credential of [{ kind: 'apiKey' as const, key: 'plain-key-0123456789' }, { kind: 'bearer' as const, token: 'opaque-token-0123456789' }]) {
      const secret = credential.kind === 'apiKey' ? credential.key : credential.token;
      server.clearFaults();
      server.injectFault({ kind: 'status', status: 400, body: { error: { message: `the credential ${secret} is odd` } } });
      const http = new HttpTransport(() => ({ baseUrl: server.url, timeoutMs: 5000 }), async () => credential, log, undefined, { pacer: false });
      const err = await rejectsWith(http.request('GET', '/me'), 'badRequest');
      assert.equal(err.message, 'the credential [redacted] is odd');
    }
  });

  it('logs a plausible duration, and tells the observer a checked credential\'s failure as checking', async () => {
    const http = make();
    const outcomes: RequestOutcome[] = [];
    http.onOutcome = (o) => outcomes.push(o);
    server.latencyMs = 30;
    await http.request('GET', '/me');
    server.injectFault({ kind: 'reset', times: 1 });
    await rejectsWith(http.request('GET', '/me', { credential: { kind: 'apiKey', key: SAMPLE_API_KEY } }), 'network');
    const ms = log.lines.map((l) => Number(/ (\d+) ms/.exec(l)?.[1]));
    assert.ok(ms.every((n) => n >= 0 && n < 60_000), log.lines.join('\n'));
    assert.ok(ms[0] >= 25, `took ${ms[0]} ms with 30 ms latency`);
    assert.deepEqual(outcomes.map((o) => o.checking), [false, true]);
  });

  it('needs no observer', async () => {
    await make().request('GET', '/me');
    assert.ok(log.lines.every((l) => !l.includes('observer')), log.lines.join('\n'));
  });

  it('reads HTML by its content type or its first character, and anything else as malformed JSON', async () => {
    const http = new HttpTransport(() => ({ baseUrl: capture.url, timeoutMs: 5000 }), key, log, undefined, { pacer: false });
    const answer = async (body: string, type: string) => {
      capture.reply = () => ({ status: 200, body, headers: { 'Content-Type': type } });
      return (await rejectsWith(http.request('GET', '/me'), 'badResponse')).message;
    };
    assert.equal(await answer('Access denied by policy', 'text/html; charset=utf-8'), 'GET /me returned an HTML page instead of JSON');
    assert.equal(await answer('a < b', 'application/json'), 'GET /me returned malformed JSON instead of JSON');
    assert.equal(await answer('\n  <html>', 'application/json'), 'GET /me returned an HTML page instead of JSON');
  });

  it('maps the remaining shapes of error answers', async () => {
    const http = make();
    const fail = async (status: number, body: unknown, kind: Parameters<typeof rejectsWith>[1]) => {
      server.clearFaults();
      server.injectFault({ kind: 'status', status, body, retryAfter: null });
      return rejectsWith(http.request('GET', '/me'), kind);
    };
    assert.equal((await fail(403, { error: { name: 'instanceNotFoundError', message: 'nope' } }, 'forbidden')).message, 'nope');
    await fail(400, { type: ['https://x/not-found'] }, 'badRequest');
    assert.equal((await fail(400, { error: null, message: 'bare' }, 'badRequest')).message, 'bare');
    assert.equal((await fail(400, { title: 'Title', message: 'ignored' }, 'badRequest')).message, 'Title');
    await fail(429, 'Too Many Requests', 'rateLimited');
    await fail(429, { error: {}, title: 'serviceLimitExhausted' }, 'quotaExhausted');
    await fail(429, { error: { name: 5 }, title: 'serviceLimitExhausted' }, 'quotaExhausted');
    assert.equal((await fail(300, { choices: [] }, 'badResponse')).message, 'GET /me was redirected (300); redirects are not followed');
  });

  it('reads a combined RateLimit header in any order, and one that lacks a value', async () => {
    const http = make();
    const seen = async (value: string) => {
      server.clearFaults();
      server.injectFault({ kind: 'status', status: 200, body: { user: { id: 1 } }, headers: { RateLimit: value } });
      await http.request('GET', '/me');
      const { at, ...rest } = http.lastRateLimit ?? { at: 0 };
      assert.ok(at);
      return rest;
    };
    assert.deepEqual(await seen('remaining=3, limit=10, reset=4'), { limit: 10, remaining: 3, resetSeconds: 4 });
    assert.deepEqual(await seen('limit=10'), { limit: 10 });
  });

  it('is cancellable for a write and for an unmerged read, as "cancelled"', async () => {
    server.latencyMs = 500;
    for (const [http, method] of [[make(), 'PUT'], [make({ pacer: false, coalesce: false }), 'GET']] as const) {
      const controller = new AbortController();
      const pending = http.request(method, '/me', { signal: controller.signal, ...(method === 'PUT' ? { body: {} } : {}) });
      setTimeout(() => controller.abort(), 30);
      const err = await rejectsWith(pending, 'cancelled');
      assert.equal(err.message, 'The request was cancelled.');
    }
  });
});

describe('PostmanClient: one call for the same read, and cancellation of every read', () => {
  const server = new LocalPostmanServer({ rateLimits: false });
  let client: PostmanClient;
  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    client = new PostmanClient(new HttpTransport(() => ({ baseUrl: server.url, timeoutMs: 5000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }), undefined, undefined, { pacer: false }));
  });

  it('asks /me, and each page of workspaces, once for callers at the same moment', async () => {
    server.latencyMs = 50;
    await Promise.all([client.getMe(), client.getMe()]);
    assert.equal(server.count({ path: '/me' }), 1);
    await Promise.all([client.listWorkspaces(), client.listWorkspaces()]);
    assert.equal(server.count({ path: '/workspaces' }), 1);
  });

  it('cancels a collection, environment, workspace, mocks or monitor read', async () => {
    const ws = server.dataset.workspaces.find((w) => w.monitors.length > 0);
    assert.ok(ws);
    server.latencyMs = 500;
    const reads: ((signal: AbortSignal) => Promise<unknown>)[] = [
      (s) => client.getCollection(ws.collections[0].uid, s),
      (s) => client.getEnvironment(ws.environments[0].uid, s),
      (s) => client.getWorkspace(ws.id, s),
      (s) => client.listMocks(ws.id, s),
      (s) => client.getMonitor(ws.monitors[0].id, s),
      (s) => client.listWorkspaces(s),
    ];
    for (const read of reads) {
      const controller = new AbortController();
      const pending = read(controller.signal);
      setTimeout(() => controller.abort(), 20);
      await rejectsWith(pending, 'cancelled');
    }
  });
});
