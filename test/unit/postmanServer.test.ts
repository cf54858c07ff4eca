import * as assert from 'node:assert/strict';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import {
  COLLECTION_SCHEMA_V21, largeDataset, SAMPLE_API_KEY, SAMPLE_API_KEY_2, SAMPLE_SPECS, sampleDataset, specNamed, TEAMMATE_ID,
  type Collection, type Dataset, type FolderItem, type Item, type RequestItem,
} from '../fixtures/sampleData';

// Response bodies are probed field by field; the assertions are the type checks.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface CallOptions {
  method?: string;
  body?: unknown;
  key?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

function client(base: () => string) {
  return async (path: string, opts: CallOptions = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...opts.headers };
    const key = opts.key === undefined ? SAMPLE_API_KEY : opts.key;
    if (key !== null) {
      headers['X-Api-Key'] = key;
    }
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['Content-Type'] = 'application/json';
    }
    return fetch(base() + path, { method: opts.method ?? 'GET', headers, body, signal: opts.signal });
  };
}

async function json(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}

const isFolder = (i: Item): i is FolderItem => 'item' in i;

function walk(items: Item[], depth: number, visit: (item: Item, depth: number) => void): void {
  for (const item of items) {
    visit(item, depth);
    if (isFolder(item)) {
      walk(item.item, depth + 1, visit);
    }
  }
}

function stats(items: Item[]): { requests: number; maxFolderDepth: number; methods: Set<string> } {
  const out = { requests: 0, maxFolderDepth: 0, methods: new Set<string>() };
  walk(items, 1, (item, depth) => {
    if (isFolder(item)) {
      out.maxFolderDepth = Math.max(out.maxFolderDepth, depth);
    } else {
      out.requests++;
      out.methods.add((item as RequestItem).request.method);
    }
  });
  return out;
}

describe('LocalPostmanServer', () => {
  let now = Date.UTC(2025, 0, 15, 12, 0, 0);
  const server = new LocalPostmanServer({ clock: () => now });
  const api = client(() => server.url);
  let ds: Dataset;
  const payments = () => ds.workspaces.find((w) => w.name === 'Payments Platform')!;

  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    ds = server.dataset;
  });

  describe('authentication', () => {
    it('accepts the X-Api-Key and answers /me with rate-limit and quota headers', async () => {
      const res = await api('/me');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
      const body = await json(res);
      assert.equal(body.user.id, 12345678);
      assert.equal(body.user.username, 'taylor-lee');
      assert.equal(body.user.fullName, 'Taylor Lee');
      assert.ok(body.operations.some((o: Json) => o.name === 'api_usage'));
      for (const h of ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'X-RateLimit-Limit', 'X-RateLimit-Remaining',
        'X-RateLimit-Reset', 'X-RateLimit-Limit-Month', 'RateLimit-Remaining-Month']) {
        assert.ok(res.headers.get(h) !== null, `missing ${h}`);
      }
      assert.equal(res.headers.get('RateLimit-Limit'), '300');
      assert.equal(res.headers.get('RateLimit-Remaining'), '299');
      assert.equal(server.requests[0].credential, 'apiKey');
      assert.ok(!JSON.stringify(server.requests).includes(SAMPLE_API_KEY), 'the key is never recorded');
    });

    it('answers a wrong or missing key with 401 AuthenticationError', async () => {
      for (const key of ['PMAK-nope', null]) {
        const res = await api('/workspaces', { key });
        assert.equal(res.status, 401);
        assert.deepEqual(await json(res), {
          error: { name: 'AuthenticationError', message: 'Invalid API Key. Every request requires a valid API Key to be sent.' },
        });
      }
      assert.deepEqual(server.requests.map((r) => r.credential), ['apiKey', 'none']);
    });

    it('can answer 401 as problem+json, and honours revoked keys', async () => {
      server.problemJson401 = true;
      server.apiKeys.delete(SAMPLE_API_KEY);
      try {
        const res = await api('/me');
        assert.equal(res.status, 401);
        assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
        const body = await json(res);
        assert.equal(body.status, 401);
        assert.equal(body.title, 'Unauthorized');
        assert.equal(typeof body.type, 'string');
        assert.equal(typeof body.detail, 'string');
      } finally {
        server.problemJson401 = false;
        server.apiKeys.add(SAMPLE_API_KEY);
      }
    });

    it('accepts bearer tokens through a list or a check function', async () => {
      server.bearerTokens = async (t) => t === 'good-token';
      assert.equal((await api('/me', { key: null, headers: { Authorization: 'Bearer good-token' } })).status, 200);
      assert.equal((await api('/me', { key: null, headers: { Authorization: 'Bearer bad' } })).status, 401);
      server.bearerTokens = ['listed'];
      assert.equal((await api('/me', { key: null, headers: { Authorization: 'Bearer listed' } })).status, 200);
      assert.equal(server.count({ status: 200 }), 2);
      assert.equal(server.requests[0].credential, 'bearer');
      server.bearerTokens = [];
    });
  });

  describe('endpoint shapes', () => {
    it('lists and filters workspaces, and rejects bad parameters', async () => {
      const body = await json(await api('/workspaces'));
      assert.equal(body.workspaces.length, 5);
      assert.equal(body.meta, undefined, 'one page: no cursor');
      const first = body.workspaces[0];
      for (const k of ['id', 'name', 'type', 'visibility', 'createdBy', 'createdAt', 'updatedAt']) {
        assert.ok(k in first, k);
      }
      assert.equal(first.collections, undefined, 'the list has no element lists');
      assert.ok(body.workspaces.some((w: Json) => w.name === 'Ünïcødé Läb 🚀 日本語'));
      const personal = await json(await api('/workspaces?type=personal'));
      assert.deepEqual(personal.workspaces.map((w: Json) => w.name), ['My Workspace']);
      assert.equal((await api('/workspaces?type=nope')).status, 400);
      assert.equal((await json(await api('/workspaces?limit=101'))).error.name, 'badRequestError');
    });

    it('returns a workspace with all its element lists, or 404', async () => {
      const ws = payments();
      const body = await json(await api(`/workspaces/${ws.id}`));
      assert.equal(body.workspace.name, 'Payments Platform');
      assert.equal(body.workspace.collections.length, 2);
      assert.deepEqual(Object.keys(body.workspace.collections[0]).sort(), ['id', 'name', 'uid']);
      assert.deepEqual(body.workspace.mocks.map((m: Json) => m.deactivated), [false, true, false]);
      assert.equal(body.workspace.monitors.length, 3);
      const empty = ds.workspaces.find((w) => w.visibility === 'private')!;
      const privateBody = await json(await api(`/workspaces/${empty.id}`));
      assert.deepEqual([privateBody.workspace.mocks, privateBody.workspace.monitors], [[], []]);
      const missing = await api('/workspaces/00000000-0000-4000-8000-000000000000');
      assert.equal(missing.status, 404);
      assert.equal((await json(missing)).error.name, 'instanceNotFoundError');
    });

    it('lists collections and serves a full v2.1 collection by uid or id', async () => {
      const list = await json(await api(`/collections?workspace=${payments().id}`));
      assert.deepEqual(Object.keys(list.collections[0]).sort(), ['createdAt', 'id', 'isPublic', 'name', 'owner', 'uid', 'updatedAt']);
      assert.deepEqual(list.collections.map((c: Json) => c.owner), ['12345678', '87654321']);
      assert.deepEqual((await json(await api('/collections?workspace=unknown'))).collections, []);
      const all = await json(await api('/collections'));
      assert.equal(all.collections.length, Object.keys(ds.collections).length);
      const ref = payments().collections[0];
      for (const key of [ref.uid, ref.id]) {
        const c = (await json(await api(`/collections/${key}`))).collection as Collection;
        assert.equal(c.info._postman_id, ref.id);
        assert.equal(c.info.schema, COLLECTION_SCHEMA_V21);
        const s = stats(c.item);
        assert.ok(s.maxFolderDepth >= 3);
        assert.deepEqual([...s.methods].sort(), ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
      }
      assert.equal((await json(await api('/collections/12345678-nope'))).error.name, 'instanceNotFoundError');
    });

    it('serves environments with secret values', async () => {
      const list = await json(await api(`/environments?workspace=${payments().id}`));
      assert.equal(list.environments.length, 2);
      assert.equal(list.environments[0].values, undefined);
      const env = (await json(await api(`/environments/${list.environments[0].uid}`))).environment;
      assert.ok(env.values.some((v: Json) => v.type === 'secret'));
      assert.ok(env.values.some((v: Json) => v.enabled === false));
      assert.equal((await api('/environments/nope')).status, 404);
    });

    it('serves mocks, with only your own when unfiltered', async () => {
      const inWs = await json(await api(`/mocks?workspace=${payments().id}`));
      assert.equal(inWs.mocks.length, 3);
      const mine = await json(await api('/mocks'));
      assert.ok(mine.mocks.every((m: Json) => m.owner === '12345678'));
      assert.ok(mine.mocks.length < Object.keys(ds.mocks).length);
      const deactivated = inWs.mocks.find((m: Json) => m.deactivated);
      const one = await json(await api(`/mocks/${deactivated.id}`));
      for (const k of ['id', 'uid', 'name', 'collection', 'mockUrl', 'config', 'deactivated', 'isPublic', 'createdAt', 'updatedAt']) {
        assert.ok(k in one.mock, k);
      }
      assert.equal((await json(await api('/mocks/nope'))).error.message, 'The specified mock does not exist.');
    });

    it('serves monitors with schedules and passing, failing and paused runs', async () => {
      const list = await json(await api(`/monitors?workspace=${payments().id}`));
      assert.deepEqual(list.meta, { nextCursor: '', limit: 25 });
      assert.deepEqual(list.monitors.map((m: Json) => m.active), [true, true, false]);
      const runs = [];
      for (const m of list.monitors) {
        const full = (await json(await api(`/monitors/${m.id}`))).monitor;
        assert.ok(full.schedule.cron && full.schedule.timezone && full.schedule.nextRun);
        runs.push(full.lastRun.status);
      }
      assert.deepEqual(runs, ['success', 'failed', 'success']);
      assert.equal((await api('/monitors?limit=26')).status, 400);
      assert.equal((await api('/nope')).status, 404);
      assert.equal((await json(await api('/nope'))).error.name, 'notFound');
    });
  });

  describe('paging', () => {
    const big = new LocalPostmanServer({ rateLimits: false, dataset: () => largeDataset({ workspaces: 230, collectionsPerWorkspace: 3 }) });
    const bigApi = client(() => big.url);
    before(() => big.start());
    after(() => big.stop());

    it('follows workspace and monitor cursors to the end', async () => {
      for (const [path, key, limit, expected] of [
        ['/workspaces', 'workspaces', 50, 230],
        ['/monitors', 'monitors', 25, Object.keys(big.dataset.monitors).length],
      ] as const) {
        const seen = new Set<string>();
        let cursor: string | undefined;
        let pages = 0;
        do {
          const body = await json(await bigApi(`${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
          pages++;
          body[key].forEach((x: Json) => seen.add(x.id));
          cursor = body.meta?.nextCursor || undefined;
        } while (cursor);
        assert.equal(seen.size, expected, path);
        assert.equal(pages, Math.ceil(expected / limit), path);
      }
      assert.equal((await bigApi('/workspaces?cursor=garbage')).status, 400);
    });

    it('follows collection offsets to the end', async () => {
      const seen: string[] = [];
      let offset = 0;
      let total = Infinity;
      while (offset < total) {
        const body = await json(await bigApi(`/collections?limit=100&offset=${offset}`));
        assert.deepEqual([body.meta.offset, body.meta.limit], [offset, 100]);
        total = body.meta.total;
        seen.push(...body.collections.map((c: Json) => c.uid));
        offset += 100;
      }
      assert.equal(total, 690);
      assert.equal(new Set(seen).size, 690);
    });
  });

  describe('rate limits', () => {
    it('refuses the 11th GET /workspaces within 10 s with 429 and Retry-After', async () => {
      for (let i = 0; i < 10; i++) {
        const res = await api('/workspaces');
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('X-RateLimit-Remaining'), String(9 - i));
      }
      const refused = await api('/workspaces');
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('Retry-After'), '10');
      assert.deepEqual(await json(refused), { error: { name: 'rateLimited', message: 'Rate limit exceeded. Please retry after 10 seconds.' } });
      assert.equal((await api('/me')).status, 200, 'other endpoints are only under the global limit');
      assert.equal((await api(`/workspaces/${payments().id}`)).status, 200, 'per-endpoint buckets');
      server.apiKeys.add(SAMPLE_API_KEY_2);
      assert.equal((await api('/workspaces', { key: SAMPLE_API_KEY_2 })).status, 200, 'per-credential buckets');
      now += 4_000;
      assert.equal((await api('/workspaces')).headers.get('Retry-After'), '6');
      now += 6_000;
      assert.equal((await api('/workspaces')).status, 200);
      assert.equal(server.count429(), 2);
    });

    it('can share one 10 / 10 s bucket across the strict endpoints', async () => {
      server.rateLimitScope = 'shared';
      try {
        now += 60_000;
        for (const p of ['/workspaces', '/collections', '/monitors', `/workspaces/${payments().id}`, '/workspaces']) {
          assert.equal((await api(p)).status, 200);
          assert.equal((await api(p)).status, 200);
        }
        assert.equal((await api('/monitors')).status, 429);
      } finally {
        server.rateLimitScope = 'perEndpoint';
      }
    });

    it('refuses the 301st call within a minute', async () => {
      now += 60_000;
      const results = await Promise.all(Array.from({ length: 301 }, () => api('/me').then((r) => r.status)));
      assert.equal(results.filter((s) => s === 429).length, 1);
      const res = await api('/me');
      assert.equal(res.headers.get('Retry-After'), '60');
      assert.equal(res.headers.get('RateLimit-Limit'), '300');
    });

    it('answers serviceLimitExhausted without Retry-After once the monthly quota is used', async () => {
      const usage = ds.operations.find((o) => o.name === 'api_usage')!;
      usage.usage = usage.limit - 1;
      const last = await api('/me');
      assert.equal(last.status, 200);
      assert.equal(last.headers.get('RateLimit-Remaining-Month'), '0');
      const refused = await api('/me');
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('Retry-After'), null);
      assert.equal((await json(refused)).error.name, 'serviceLimitExhausted');
    });
  });

  describe('fault injection', () => {
    it('adds latency, and stops after `times`', async () => {
      server.injectFault({ kind: 'latency', ms: 150, match: { path: '/me' }, times: 1 });
      let t = performance.now();
      assert.equal((await api('/me')).status, 200);
      assert.ok(performance.now() - t >= 140);
      t = performance.now();
      await api('/me');
      assert.ok(performance.now() - t < 140);
    });

    it('answers injected statuses with Postman-style bodies', async () => {
      server.injectFault({ kind: 'status', status: 503, match: { method: 'GET', path: /^\/workspaces/ }, times: 2 });
      server.injectFault({ kind: 'status', status: 429, retryAfter: 7, match: { path: '/collections' } });
      assert.equal((await api('/workspaces')).status, 503);
      assert.equal((await json(await api(`/workspaces/${payments().id}`))).error.name, 'serviceUnavailable');
      assert.equal((await api('/workspaces')).status, 200);
      const limited = await api('/collections');
      assert.equal(limited.headers.get('Retry-After'), '7');
      assert.equal((await json(limited)).error.name, 'rateLimited');
    });

    it('sends truncated JSON, HTML proxy pages and connection resets', async () => {
      server.injectFault({ kind: 'malformedJson', match: { path: '/me' }, times: 1 });
      const truncated = await api('/me');
      assert.equal(truncated.status, 200);
      await assert.rejects(truncated.json(), SyntaxError);
      server.injectFault({ kind: 'html', status: 502, match: { path: '/me' }, times: 1 });
      const html = await api('/me');
      assert.equal(html.status, 502);
      assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await html.text(), /^<!DOCTYPE html>/);
      server.injectFault({ kind: 'reset', times: 1 });
      await assert.rejects(api('/me'));
      assert.equal((await api('/me')).status, 200);
    });

    it('hangs until the client gives up, and stop() still returns promptly', async () => {
      const other = new LocalPostmanServer();
      const otherApi = client(() => other.url);
      await other.start();
      other.injectFault({ kind: 'hang' });
      await assert.rejects(otherApi('/me', { signal: AbortSignal.timeout(100) }));
      const pending = otherApi('/me').catch(() => 'closed');
      await new Promise((r) => setTimeout(r, 50));
      const t = performance.now();
      await other.stop();
      assert.equal(await pending, 'closed');
      assert.ok(performance.now() - t < 1000);
      assert.deepEqual(other.requests.map((r) => r.status), [0, 0]);
    });

    it('is controllable over HTTP under /__control/', async () => {
      const control = (path: string, method: string, body?: unknown) => api(`/__control/${path}`, { method, body, key: null });
      assert.equal((await control('faults', 'POST', { kind: 'status', status: 500, match: { path: '^/me$' }, times: 1 })).status, 201);
      assert.equal((await control('faults', 'POST', { kind: 'bogus' })).status, 400);
      assert.equal((await api('/me')).status, 500);
      assert.equal((await api('/me')).status, 200);
      const counts = await json(await control('requests?path=%5E%2Fme%24&status=200', 'GET'));
      assert.equal(counts.count, 1);
      assert.equal(counts.total, 2);
      assert.equal((await control('faults', 'POST', { kind: 'status', status: 503 })).status, 201);
      assert.equal((await control('faults', 'DELETE')).status, 200);
      assert.equal((await api('/me')).status, 200);
      assert.equal((await control('reset', 'POST')).status, 200);
      assert.equal(server.requests.length, 0);
      assert.equal((await control('other', 'GET')).status, 404);
    });
  });

  describe('writes', () => {
    it('PUT /collections keeps sent ids, assigns new ones and renames the references', async () => {
      const ref = payments().collections[0];
      const c = (await json(await api(`/collections/${ref.uid}`))).collection as Collection;
      const kept = c.item[0];
      const newFolder = { name: 'New folder', item: [{ name: 'New request', request: { method: 'GET', url: 'https://x.example.com' } }] };
      now += 1000;
      const res = await api(`/collections/${ref.uid}`, {
        method: 'PUT', body: { collection: { ...c, info: { ...c.info, name: 'Payments API v3' }, item: [kept, newFolder] } },
      });
      assert.deepEqual(await json(res), { collection: { id: ref.id, name: 'Payments API v3', uid: ref.uid } });
      const after = (await json(await api(`/collections/${ref.uid}`))).collection as Collection;
      assert.equal(after.item[0].id, kept.id);
      assert.deepEqual(after.item[0], kept);
      const added = after.item[1] as FolderItem;
      assert.match(added.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.match(added.item[0].id, /^[0-9a-f-]{36}$/);
      assert.equal(after.info.updatedAt, new Date(now).toISOString());
      assert.equal(server.dataset.workspaces[1].collections[0].name, 'Payments API v3');
      server.reset();
      assert.equal(server.dataset.workspaces[1].collections[0].name, 'Payments API v2', 'reset() restores the data');
    });

    it('rejects collection bodies Postman rejects, with the 400s of its OpenAPI description', async () => {
      const uid = payments().collections[0].uid;
      const before = JSON.stringify(ds.collections[uid]);
      const put = async (body: unknown) => {
        const res = await api(`/collections/${uid}`, { method: 'PUT', body });
        assert.equal(res.status, 400);
        return json(res);
      };
      const schema = COLLECTION_SCHEMA_V21;
      // The examples "Malformed Request" and "Missing collection Parameter", word for word.
      assert.deepEqual(await put({ collection: { info: { name: 'x' } } }), {
        error: { name: 'malformedRequestError', message: 'Found 2 errors with the supplied collection.', details: [": must have required property 'item'", "info: must have required property 'schema'"] },
      });
      assert.deepEqual(await put({ info: { name: 'x', schema }, item: [] }), {
        error: { name: 'paramMissingError', message: 'Parameter is missing in the request.', details: { param: ['collection'] } },
      });
      assert.equal((await put({ collection: { info: { schema }, item: [] } })).error.details[0], "info: must have required property 'name'");
      assert.equal((await put({ collection: { info: { name: ' ', schema }, item: [] } })).error.name, 'malformedRequestError');
      assert.equal((await put('{"collection":')).error.name, 'malformedRequestError');
      // Deep in the item tree, as Postman's schema says: each problem with where it is.
      const bad = await put({
        collection: {
          info: { name: 'x', schema },
          item: [
            { name: 'folder', item: [{ name: 'r', request: { method: 5, url: 'https://x.example.com', header: [{ value: 'no key' }] } }] },
            { name: 'r2', request: { url: 'https://x.example.com', auth: { type: 'bearer', bearer: { token: 'v2.0 form' } } } },
            { name: 'r3', request: 'https://x.example.com', response: [{ name: 'ok', code: '200' }] },
            7,
          ],
        },
      });
      assert.equal(bad.error.name, 'malformedRequestError');
      const details = bad.error.details as string[];
      assert.match(bad.error.message, new RegExp(`^Found ${details.length} errors with the supplied collection\\.$`));
      for (const expected of [
        'item/0/item/0/request/method: must be string',
        "item/0/item/0/request/header/0: must have required property 'key'",
        'item/1/request/auth/bearer: must be array',
        'item/2/response/0/code: must be integer',
        'item/3: must be object',
      ]) {
        assert.ok(details.includes(expected), `${expected} in\n${details.join('\n')}`);
      }
      assert.equal((await put({ collection: { info: { name: 'x', _postman_id: 'other', schema }, item: [] } })).error.name, 'collectionMismatchError');
      assert.equal(JSON.stringify(ds.collections[uid]), before, 'nothing stored');
      // What Postman accepts beyond its listed values: lower-case and custom methods, "default" variables.
      const res = await api(`/collections/${uid}`, {
        method: 'PUT',
        body: {
          collection: {
            info: { name: 'x', schema },
            item: [{ name: 'r', request: { method: 'get', url: 'https://x.example.com' } }, { name: 'c', request: { method: 'POSTMAN', url: 'https://x.example.com' } }],
            variable: [{ key: 'v', value: '1', type: 'default' }],
          },
        },
      });
      assert.equal(res.status, 200, JSON.stringify(await res.json()));
    });

    it('GET /collections/{id}: every folder, request and saved response carries uid, createdAt and updatedAt, after its own fields', async () => {
      const ref = payments().collections[0];
      const c = (await json(await api(`/collections/${ref.uid}`))).collection as Collection;
      const owner = ref.uid.split('-')[0];
      let responses = 0;
      const check = (what: Record<string, unknown>) => {
        const keys = Object.keys(what);
        assert.deepEqual(keys.slice(-3), ['createdAt', 'updatedAt', 'uid'], keys.join());
        assert.equal(what.uid, `${owner}-${what.id as string}`);
        assert.ok(!Number.isNaN(Date.parse(what.createdAt as string)) && (what.createdAt as string) <= (what.updatedAt as string));
      };
      walk(c.item, 1, (item) => {
        check(item as unknown as Record<string, unknown>);
        for (const r of isFolder(item) ? [] : item.response) {
          responses++;
          check(r as unknown as Record<string, unknown>);
        }
      });
      assert.ok(responses > 0, 'the sample has a saved response');
    });

    it('PUT sets uid, createdAt and updatedAt itself: kept for what did not change, new for what did', async () => {
      const ref = payments().collections[0];
      const c = (await json(await api(`/collections/${ref.uid}`))).collection as Collection;
      const folder = c.item[0] as FolderItem;
      const changed = folder.item[1] as RequestItem;
      changed.name = 'Create payment (renamed)';
      const untouched = folder.item[0] as RequestItem;
      // A client's own values for the server's fields count for nothing.
      const forged = { ...untouched, uid: 'forged', createdAt: '1999-01-01T00:00:00.000Z' };
      folder.item[0] = forged;
      const added = { name: 'New', request: { method: 'GET', url: 'https://x.example.com' }, response: [{ name: 'ex', code: 200, body: 'hi' }] };
      (c.item as unknown[]).push(added);
      now += 60_000;
      const res = await api(`/collections/${ref.uid}`, { method: 'PUT', body: { collection: c } });
      assert.equal(res.status, 200, JSON.stringify(await res.clone().json()));
      const after = (await json(await api(`/collections/${ref.uid}`))).collection as Collection;
      const stamp = new Date(now).toISOString();
      const afterFolder = after.item[0] as FolderItem;
      assert.deepEqual(afterFolder.item[0], untouched, 'unchanged: the same uid and times');
      const afterChanged = afterFolder.item[1] as RequestItem;
      assert.equal(afterChanged.createdAt, changed.createdAt);
      assert.equal(afterChanged.updatedAt, stamp);
      assert.equal(afterFolder.updatedAt, folder.updatedAt, "a folder's own fields did not change");
      const afterAdded = after.item.at(-1) as RequestItem;
      assert.match(afterAdded.id, /^[0-9a-f-]{36}$/);
      assert.deepEqual([afterAdded.createdAt, afterAdded.updatedAt, afterAdded.uid], [stamp, stamp, `${ref.uid.split('-')[0]}-${afterAdded.id}`]);
      const example = afterAdded.response[0];
      assert.match(example.id, /^[0-9a-f-]{36}$/);
      assert.equal(example.uid, `${ref.uid.split('-')[0]}-${example.id}`);
    });

    it('POST /collections refuses a collection that already exists (instanceFoundError)', async () => {
      const ref = payments().collections[0];
      const c = (await json(await api(`/collections/${ref.uid}`))).collection as Collection;
      const res = await api('/collections', { method: 'POST', body: { collection: c } });
      assert.equal(res.status, 400);
      assert.deepEqual(await json(res), {
        error: { name: 'instanceFoundError', message: 'The specified item already exists.', details: { item: 'collection', id: ref.id } },
      });
      assert.equal((await json(await api('/collections', { method: 'POST', body: { collection: { info: { name: 'x' }, item: [] } } }))).error.name, 'malformedRequestError');
    });

    it('PUT /environments replaces name and values', async () => {
      const ref = payments().environments[0];
      const res = await api(`/environments/${ref.uid}`, {
        method: 'PUT', body: { environment: { name: 'Staging (EU)', values: [{ key: 'token', value: 's3cr3t', type: 'secret', enabled: true }] } },
      });
      assert.deepEqual(await json(res), { environment: { id: ref.id, name: 'Staging (EU)', uid: ref.uid } });
      const env = (await json(await api(`/environments/${ref.uid}`))).environment;
      assert.deepEqual(env.values, [{ key: 'token', value: 's3cr3t', type: 'secret', enabled: true }]);
      assert.equal(payments().environments[0].name, 'Staging (EU)');
    });
  });

  describe('Spec Hub', () => {
    const multi = () => specNamed(ds, SAMPLE_SPECS.multiFile);
    const single = () => specNamed(ds, SAMPLE_SPECS.single);
    const file = (specId: string, path: string, opts: CallOptions = {}) => api(`/specs/${specId}/files/${encodeURIComponent(path)}`, opts);
    const notFoundSpec = { type: 'instanceNotFoundError', title: 'Specification not found', detail: 'The specification you are trying to access does not exist.', status: 404 };
    const notFoundFile = { type: 'instanceNotFoundError', title: 'Resource not found', detail: 'Entity that you are trying to access does not exist.', status: 404 };

    it('the sample workspaces list their specs as {id, name, uid}; the answer keeps globals and read-only state to the server', async () => {
      ds.workspaces[1].globals = [{ key: 'g', value: 'v', enabled: true, type: 'default' }];
      server.setWorkspaceReadOnly(payments().id);
      const body = await json(await api(`/workspaces/${payments().id}`));
      assert.deepEqual(body.workspace.specs, [
        { id: single().id, name: SAMPLE_SPECS.single, uid: `12345678-${single().id}` },
        { id: multi().id, name: SAMPLE_SPECS.multiFile, uid: `12345678-${multi().id}` },
      ]);
      assert.equal('globals' in body.workspace, false);
      assert.equal('readOnly' in body.workspace, false);
      const unicode = specNamed(ds, SAMPLE_SPECS.unicode);
      assert.deepEqual(unicode.files.map((f) => [f.path, f.type]), [['openapi.json', 'ROOT'], ['schémas/café.json', 'DEFAULT']]);
      assert.equal(unicode.fileFormat, 'json');
      assert.deepEqual((await json(await api(`/workspaces/${ds.workspaces[0].id}`))).workspace.specs, []);
    });

    it('GET /specs/{id}: the spec as the OpenAPI example, or 404 problem', async () => {
      const body = await json(await api(`/specs/${single().id}`));
      assert.deepEqual(Object.keys(body), ['id', 'name', 'type', 'fileFormat', 'createdBy', 'updatedBy', 'createdAt', 'updatedAt']);
      assert.deepEqual([body.name, body.type, body.fileFormat, body.createdBy], [SAMPLE_SPECS.single, 'OPENAPI:3.0', 'yaml', 12345678]);
      const missing = await api('/specs/00000000-0000-4000-8000-000000000000');
      assert.equal(missing.status, 404);
      assert.deepEqual(await json(missing), notFoundSpec);
    });

    it('GET /specs/{id}/files: every file without content, by path, paged with limit and cursor', async () => {
      const all = await json(await api(`/specs/${multi().id}/files`));
      assert.deepEqual(all.files.map((f: Json) => [f.path, f.name, f.type]), [
        ['components/responses/errors.yaml', 'errors.yaml', 'DEFAULT'],
        ['components/schemas.yaml', 'schemas.yaml', 'DEFAULT'],
        ['index.yaml', 'index.yaml', 'ROOT'],
      ]);
      assert.deepEqual(Object.keys(all.files[0]), ['id', 'path', 'name', 'type', 'createdBy', 'updatedBy', 'createdAt', 'updatedAt']);
      assert.deepEqual(all.meta, { nextCursor: null });
      const first = await json(await api(`/specs/${multi().id}/files?limit=2`));
      assert.equal(first.files.length, 2);
      const second = await json(await api(`/specs/${multi().id}/files?limit=2&cursor=${encodeURIComponent(first.meta.nextCursor)}`));
      assert.deepEqual(second.files.map((f: Json) => f.path), ['index.yaml']);
      assert.equal(second.meta.nextCursor, null);
      assert.equal((await api(`/specs/${multi().id}/files?cursor=bogus`)).status, 400);
      assert.equal((await api(`/specs/${multi().id}/files?limit=0`)).status, 400);
      assert.deepEqual(await json(await api('/specs/nope/files')), notFoundSpec);
    });

    it('GET /specs/{id}/files/{filePath}: the path as one encoded segment (or with its slashes), the content a string', async () => {
      const encoded = await json(await file(multi().id, 'components/schemas.yaml'));
      assert.deepEqual(Object.keys(encoded), ['id', 'path', 'name', 'type', 'createdBy', 'updatedBy', 'createdAt', 'updatedAt', 'content']);
      assert.match(encoded.content, /^NewCustomer:/);
      assert.deepEqual(await json(await api(`/specs/${multi().id}/files/components/schemas.yaml`)), encoded);
      assert.match((await json(await file(multi().id, 'index.yaml'))).content, /\$ref: '\.\/components\/schemas\.yaml#\/Customer'/);
      assert.equal((await json(await file(specNamed(ds, SAMPLE_SPECS.unicode).id, 'schémas/café.json'))).name, 'café.json');
      const missing = await file(multi().id, 'components/nope.yaml');
      assert.equal(missing.status, 404);
      assert.deepEqual(await json(missing), notFoundFile);
      for (const bad of ['a/../b.yaml', 'a//b.yaml', 'components/./schemas.yaml']) {
        const res = await file(multi().id, bad);
        assert.equal(res.status, 400, bad);
        assert.equal((await json(res)).detail, 'The path parameter /filePath is invalid.');
      }
      assert.equal((await api(`/specs/${multi().id}/files/%E0%A4%A`)).status, 400);
    });

    it('PATCH /specs/{id}/files/{filePath}: one of content, type or name; answers as createUpdateSpecFileResponse', async () => {
      const path = 'components/schemas.yaml';
      now += 60_000;
      const res = await file(multi().id, path, { method: 'PATCH', body: { content: 'A:\n  type: string\n' } });
      assert.equal(res.status, 200);
      const body = await json(res);
      assert.deepEqual(Object.keys(body), ['createdAt', 'createdBy', 'id', 'path', 'updatedAt', 'updatedBy', 'type']);
      assert.deepEqual([body.path, body.type, body.updatedAt], [path, 'DEFAULT', new Date(now).toISOString()]);
      assert.equal(server.specFile(multi().id, path)?.content, 'A:\n  type: string\n');
      assert.equal(multi().updatedAt, new Date(now).toISOString());
      const problems: [unknown, string][] = [
        [{}, 'The required body parameter is missing from the request.'],
        [{ content: 'x', type: 'ROOT' }, "Only one of 'content', 'type', or 'name' should be provided."],
        [{ content: 3 }, 'The content property must be a string.'],
        [{ type: 'MAIN' }, 'The type property must be ROOT or DEFAULT.'],
        [{ content: 'x'.repeat(10 * 1024 * 1024 + 1) }, 'File size exceeded the limit of 10 MB'],
      ];
      for (const [sent, detail] of problems) {
        const refused = await file(multi().id, path, { method: 'PATCH', body: sent });
        assert.equal(refused.status, 400);
        assert.deepEqual(await json(refused), { type: 'https://api.postman.com/problems/bad-request', title: 'Malformed request', detail, status: 400 });
      }
      assert.equal((await file(multi().id, 'index.yaml', { method: 'PATCH' })).status, 400);
      // A new ROOT makes the old one DEFAULT; a new name moves the file within its folder.
      assert.equal((await json(await file(multi().id, path, { method: 'PATCH', body: { type: 'ROOT' } }))).type, 'ROOT');
      assert.deepEqual(multi().files.map((f) => f.type), ['DEFAULT', 'ROOT', 'DEFAULT']);
      assert.equal((await json(await file(multi().id, path, { method: 'PATCH', body: { name: 'models.yaml' } }))).path, 'components/models.yaml');
      assert.equal((await file(multi().id, 'components/models.yaml', { method: 'PATCH', body: { name: 'a/b.yaml' } })).status, 400);
      assert.equal((await file(multi().id, 'components/models.yaml', { method: 'PATCH', body: { name: 'models.yaml' } })).status, 200);
      assert.deepEqual(await json(await file(multi().id, 'nope.yaml', { method: 'PATCH', body: { content: 'x' } })), notFoundFile);
      assert.deepEqual(await json(await file('nope', 'index.yaml', { method: 'PATCH', body: { content: 'x' } })), notFoundSpec);
    });

    it('a read-only workspace answers every write with 403: spec files, generations, globals, collections, environments', async () => {
      const ws = payments();
      assert.equal(server.setWorkspaceReadOnly('nope'), false);
      assert.ok(server.setWorkspaceReadOnly(ws.id));
      const noPermission = { type: 'forbiddenError', title: 'You are not permitted to perform the action.', detail: 'You do not have access to perform this operation.', status: 403 };
      const patch = await file(multi().id, 'index.yaml', { method: 'PATCH', body: { content: 'x' } });
      assert.equal(patch.status, 403);
      assert.deepEqual(await json(patch), noPermission);
      assert.deepEqual(await json(await api(`/specs/${multi().id}/generations/collection`, { method: 'POST', body: { name: 'x', options: {} } })), noPermission);
      const forbidden = { error: { name: 'forbiddenError', message: 'You are not authorized to perform this action.' } };
      assert.deepEqual(await json(await api(`/workspaces/${ws.id}/global-variables`, { method: 'PUT', body: { values: [] } })), forbidden);
      const c = (await json(await api(`/collections/${ws.collections[0].uid}`))).collection;
      const put = await api(`/collections/${ws.collections[0].uid}`, { method: 'PUT', body: { collection: c } });
      assert.equal(put.status, 403);
      assert.deepEqual(await json(put), forbidden);
      const created = await api(`/collections?workspace=${ws.id}`, { method: 'POST', body: { collection: { info: { name: 'N', schema: COLLECTION_SCHEMA_V21 }, item: [] } } });
      assert.equal(created.status, 403);
      assert.equal((await api(`/environments/${ws.environments[0].uid}`, { method: 'PUT', body: { environment: { name: 'E', values: [] } } })).status, 403);
      // Reads still work; and it can be made writable again.
      assert.equal((await file(multi().id, 'index.yaml')).status, 200);
      server.setWorkspaceReadOnly(ws.id, false);
      assert.equal((await file(multi().id, 'index.yaml', { method: 'PATCH', body: { content: 'x' } })).status, 200);
      server.reset();
      assert.equal(server.dataset.workspaces[1].readOnly, undefined);
    });

    it('generates a collection (202, a task to poll) listed in the workspace; the generation turns out-of-sync when a file changes', async () => {
      server.specTaskPendingPolls = 1;
      try {
        const res = await api(`/specs/${multi().id}/generations/collection`, { method: 'POST', body: { name: 'Customers (generated)', options: { folderStrategy: 'Tags' } } });
        assert.equal(res.status, 202);
        const { taskId, url } = await json(res);
        assert.equal(url, `/specs/${multi().id}/tasks/${taskId}`);
        assert.equal((await api(`/specs/${multi().id}/generations/collection`, { method: 'POST', body: { name: 'again', options: {} } })).status, 423);
        assert.deepEqual(await json(await api(url)), { status: 'pending', meta: { model: 'collection', action: 'generation' } });
        assert.equal(payments().collections.length, 2, 'nothing made before the task completes');
        const done = await json(await api(url));
        assert.equal(done.status, 'completed');
        const made = done.details.resources[0];
        const ref = payments().collections.find((r) => r.uid === made.id);
        assert.equal(ref?.name, 'Customers (generated)');
        assert.equal(made.url, `/collections/${ref?.id}`);
        const collection = (await json(await api(`/collections/${made.id}`))).collection as Collection;
        assert.deepEqual(collection.item.map((i) => [i.name, (i as RequestItem).request.method, ((i as RequestItem).request.url as { raw: string }).raw]), [
          ['List customers', 'GET', '{{baseUrl}}/customers'],
          ['Create customer', 'POST', '{{baseUrl}}/customers'],
          ['Get customer', 'GET', '{{baseUrl}}/customers/:customerId'],
        ]);
        assert.deepEqual(collection.variable, [{ key: 'baseUrl', value: 'https://api.payments.example.com/v2' }]);
        assert.deepEqual(await json(await api(url)), done, 'a completed task stays completed');
        const listed = await json(await api(`/specs/${multi().id}/generations/collection`));
        assert.deepEqual(listed.meta, { nextCursor: null });
        assert.deepEqual(listed.collections.map((g: Json) => [g.id, g.name, g.state]), [[ref?.id, 'Customers (generated)', 'in-sync']]);
        assert.deepEqual(Object.keys(listed.collections[0]), ['id', 'name', 'state', 'createdAt', 'updatedAt', 'createdBy']);
        await file(multi().id, 'components/schemas.yaml', { method: 'PATCH', body: { content: 'A: {}\n' } });
        assert.equal((await json(await api(`/specs/${multi().id}/generations/collection`))).collections[0].state, 'out-of-sync');
        // A generated collection deleted meanwhile is no longer listed.
        delete ds.collections[made.id];
        assert.deepEqual((await json(await api(`/specs/${multi().id}/generations/collection`))).collections, []);
      } finally {
        server.specTaskPendingPolls = 0;
      }
    });

    it('refuses a generation without name and options, of a spec that is not OpenAPI, and answers unknown tasks with 404', async () => {
      for (const body of [{ name: 'x' }, { options: {} }, { name: '', options: {} }, { name: 'x', options: [] }]) {
        assert.equal((await api(`/specs/${multi().id}/generations/collection`, { method: 'POST', body })).status, 400);
      }
      multi().type = 'ASYNCAPI:2.0';
      assert.equal((await api(`/specs/${multi().id}/generations/collection`, { method: 'POST', body: { name: 'x', options: {} } })).status, 400);
      assert.equal((await api(`/specs/${single().id}/generations/spec`, { method: 'POST', body: { name: 'x', options: {} } })).status, 404);
      assert.equal((await api(`/specs/${single().id}/generations/spec`)).status, 404);
      assert.deepEqual(await json(await api(`/specs/${single().id}/tasks/nope`)), notFoundFile);
      assert.deepEqual(await json(await api('/specs/nope/generations/collection')), notFoundSpec);
    });

    it('control hooks: read a file, change it as a teammate, delete a file or a spec — in process and over HTTP', async () => {
      const id = multi().id;
      const control = (path: string, method: string, body?: unknown) => api(`/__control/${path}`, { method, body, key: null });
      now += 60_000;
      const edited = server.editSpecFileAsTeammate(id, 'index.yaml', 'openapi: 3.0.3\n');
      assert.deepEqual([edited.content, edited.updatedBy, edited.updatedAt], ['openapi: 3.0.3\n', TEAMMATE_ID, new Date(now).toISOString()]);
      assert.equal(multi().updatedBy, TEAMMATE_ID);
      assert.equal((await json(await file(id, 'index.yaml'))).content, 'openapi: 3.0.3\n');
      const read = await json(await control(`specs/${id}/files/${encodeURIComponent('components/schemas.yaml')}`, 'GET'));
      assert.equal(read.content, server.specFile(id, 'components/schemas.yaml')?.content);
      assert.equal((await json(await control(`specs/${id}/files/components/schemas.yaml`, 'GET'))).path, 'components/schemas.yaml');
      const put = await control(`specs/${id}/files/${encodeURIComponent('components/schemas.yaml')}`, 'PUT', { content: 'Theirs: {}\n' });
      assert.equal(put.status, 200);
      assert.equal((await json(put)).updatedBy, TEAMMATE_ID);
      assert.equal(server.specFile(id, 'components/schemas.yaml')?.content, 'Theirs: {}\n');
      assert.equal((await control(`specs/${id}/files/new.yaml`, 'PUT', { content: 'New: {}\n' })).status, 200);
      assert.equal(server.specFile(id, 'new.yaml')?.type, 'DEFAULT');
      assert.equal((await control(`specs/${id}/files/x.yaml`, 'PUT', {})).status, 400);
      assert.equal((await control(`specs/${id}/files/x.yaml`, 'PUT', '{not json')).status, 400);
      assert.equal((await control('specs/nope/files/x.yaml', 'PUT', { content: '' })).status, 404);
      assert.equal((await control(`specs/${id}/files/${encodeURIComponent('a//b')}`, 'PUT', { content: '' })).status, 400);
      assert.equal((await control(`specs/${id}/files/new.yaml`, 'DELETE')).status, 200);
      assert.equal((await control(`specs/${id}/files/new.yaml`, 'DELETE')).status, 404);
      assert.equal((await control(`specs/${id}/files/new.yaml`, 'GET')).status, 404);
      assert.equal((await file(id, 'new.yaml')).status, 404);
      assert.equal(server.deleteSpecFile(id, 'nope.yaml'), false);
      assert.equal((await control(`workspaces/${payments().id}/read-only`, 'PUT', { readOnly: true })).status, 200);
      assert.equal((await file(id, 'index.yaml', { method: 'PATCH', body: { content: 'x' } })).status, 403);
      assert.equal((await control(`workspaces/${payments().id}/read-only`, 'PUT', { readOnly: false })).status, 200);
      assert.equal((await file(id, 'index.yaml', { method: 'PATCH', body: { content: 'x' } })).status, 200);
      assert.equal((await control('workspaces/nope/read-only', 'PUT', { readOnly: true })).status, 404);
      assert.equal((await control(`specs/${id}`, 'DELETE')).status, 200);
      assert.equal((await control(`specs/${id}`, 'DELETE')).status, 404);
      assert.deepEqual(await json(await api(`/specs/${id}`)), notFoundSpec);
      assert.deepEqual(payments().specs.map((r) => r.name), [SAMPLE_SPECS.single]);
      assert.equal(server.deleteSpec(id), false);
      assert.equal(server.specFile(id, 'index.yaml'), undefined);
      assert.throws(() => server.editSpecFileAsTeammate(id, 'index.yaml', ''));
    });

    it('PUT /workspaces/{id}/global-variables replaces the globals, descriptions kept', async () => {
      const id = payments().id;
      const values = [{ key: 'k', value: 'v', type: 'secret', enabled: true, description: 'd' }, { key: 'n', value: 3, enabled: false, type: 'other' }];
      const res = await json(await api(`/workspaces/${id}/global-variables`, { method: 'PUT', body: { values } }));
      const stored = [{ key: 'k', value: 'v', enabled: true, type: 'secret', description: 'd' }, { key: 'n', value: '3', enabled: false, type: 'default' }];
      assert.deepEqual(res, { values: stored });
      assert.deepEqual(await json(await api(`/workspaces/${id}/global-variables`)), { values: stored });
      assert.equal((await api(`/workspaces/${id}/global-variables`, { method: 'PUT', body: { values: 'x' } })).status, 400);
      assert.equal((await api('/workspaces/nope/global-variables', { method: 'PUT', body: { values: [] } })).status, 404);
    });
  });

  it('records requests and counts them by method, path and status', async () => {
    await api('/collections?workspace=abc');
    await api(`/collections/${payments().collections[0].uid}`);
    await api('/collections/missing');
    await api('/me', { key: 'wrong' });
    assert.equal(server.count(), 4);
    assert.equal(server.count({ method: 'get', path: /^\/collections/ }), 3);
    assert.equal(server.count({ path: '/collections' }), 1);
    assert.equal(server.count({ status: 404 }), 1);
    assert.equal(server.count({ status: 401 }), 1);
    assert.deepEqual(server.requests[0].query, { workspace: 'abc' });
    assert.equal(server.requests[0].at, now);
    assert.equal('body' in server.requests[0], false);
    // The JSON body sent, parsed (not served over HTTP); none when it is not JSON.
    await api(`/workspaces/${payments().id}/global-variables`, { method: 'PUT', body: { values: [] } });
    assert.deepEqual(server.requests.at(-1)?.body, { values: [] });
    await api(`/workspaces/${payments().id}/global-variables`, { method: 'PUT', body: '{oops' });
    assert.equal(server.requests.at(-1)?.body, undefined);
    const listed = await json(await api('/__control/requests?method=PUT', { key: null }));
    assert.equal(listed.count, 2);
    assert.ok(listed.requests.every((r: Json) => !('body' in r)));
    server.resetCounts();
    assert.equal(server.count(), 0);
  });
});

describe('sample data', () => {
  it('is deterministic and covers the cases the extension must handle', () => {
    const a = sampleDataset();
    assert.deepEqual(a, sampleDataset());
    assert.equal(a.workspaces.length, 5);
    assert.deepEqual(a.workspaces.map((w) => w.visibility).sort(), ['personal', 'private', 'public', 'team', 'team']);
    assert.ok(a.workspaces.some((w) => w.mocks.length === 0 && w.monitors.length === 0 && w.collections.length > 0));
    const mocks = Object.values(a.mocks);
    assert.ok(mocks.some((m) => m.deactivated) && mocks.some((m) => !m.deactivated));
    const monitors = Object.values(a.monitors);
    assert.ok(monitors.some((m) => !m.active));
    assert.deepEqual(new Set(monitors.map((m) => m.lastRun.status)), new Set(['success', 'failed']));
    for (const c of Object.values(a.collections)) {
      assert.match(c.info.uid ?? '', /^\d+-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    // Specs: a single-file YAML one and a multi-file one in a team workspace, a JSON one with non-ASCII paths.
    const byName = (name: string) => specNamed(a, name);
    assert.deepEqual(byName(SAMPLE_SPECS.single).files.map((f) => [f.path, f.type]), [['index.yaml', 'ROOT']]);
    assert.deepEqual(byName(SAMPLE_SPECS.multiFile).files.map((f) => [f.path, f.type]), [
      ['index.yaml', 'ROOT'], ['components/schemas.yaml', 'DEFAULT'], ['components/responses/errors.yaml', 'DEFAULT'],
    ]);
    for (const spec of Object.values(a.specs)) {
      assert.equal(a.workspaces.find((w) => w.id === spec.workspaceId)?.specs.some((r) => r.id === spec.id), true);
      assert.equal(spec.type, 'OPENAPI:3.0');
    }
    assert.throws(() => specNamed(a, 'nope'), /No spec named nope/);
  });

  it('largeDataset builds 50 × 40 collections plus 10,000 requests 8 folders deep in < 2 s', () => {
    const t = performance.now();
    const d = largeDataset({ workspaces: 50, collectionsPerWorkspace: 40, bigCollection: { requests: 10_000, depth: 8 } });
    const elapsed = performance.now() - t;
    assert.ok(elapsed < 2000, `${elapsed} ms`);
    assert.equal(d.workspaces.length, 50);
    assert.equal(Object.keys(d.collections).length, 50 * 40 + 1);
    const bigRef = d.workspaces[0].collections[0];
    const s = stats(d.collections[bigRef.uid].item);
    assert.equal(s.requests, 10_000);
    assert.equal(s.maxFolderDepth, 8);
    assert.equal(s.methods.size, 7);
  });

  it('serves the 10,000-request collection over HTTP', async () => {
    const server = new LocalPostmanServer({
      dataset: largeDataset({ workspaces: 1, collectionsPerWorkspace: 0, bigCollection: { requests: 10_000, depth: 8 } }),
    });
    await server.start();
    try {
      const uid = server.dataset.workspaces[0].collections[0].uid;
      const res = await client(() => server.url)(`/collections/${uid}`);
      const text = await res.text();
      assert.equal(Number(res.headers.get('content-length')), Buffer.byteLength(text));
      assert.equal(stats((JSON.parse(text) as { collection: Collection }).collection.item).requests, 10_000);
    } finally {
      await server.stop();
    }
  });
});
