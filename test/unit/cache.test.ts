import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { type CacheKey, type CollectionDocument, type EnvironmentDocument, type HttpTransport, PostmanClient, PostmanError, PostmanRepository, type WorkspaceDetail } from '../../src/postman';
import { cancelled, Coalescer, raceAbort } from '../../src/postman/coalesce';
import { rejectsWith } from './assertions';
import { settle } from './clocks';

/**
 * The shared cache (repository), the merging of identical requests in flight (coalescer)
 * and the client's paging, with fakes in place of the network so each rule is exact.
 */

/** A client whose every call is counted and answered from `data`; `fail` makes the next call of a kind reject. */
function fakeClient() {
  const calls: string[] = [];
  const fail = new Set<string>();
  const data = {
    workspaces: [{ id: 'w1', name: 'One', type: 'team' }],
    workspace: (id: string): WorkspaceDetail => ({
      id, name: `Workspace ${id}`, type: 'team', collections: [{ id: 'c', uid: '1-c', name: 'Old name' }, { id: 'd', name: 'Other' }], environments: [{ id: '1-e', name: 'Env' }], mocks: [], monitors: [], specs: [],
    }),
  };
  const answer = <T>(what: string, value: () => T) => async (): Promise<T> => {
    calls.push(what);
    if (fail.delete(what.split(' ')[0])) {
      throw new PostmanError('server', `${what} failed`);
    }
    return value();
  };
  const client = {
    listWorkspaces: answer('workspaces', () => structuredClone(data.workspaces)),
    getWorkspace: (id: string) => answer(`workspace ${id}`, () => data.workspace(id))(),
    getCollection: (uid: string) => answer(`collection ${uid}`, () => ({ info: { name: `Collection ${uid}` }, item: [] }))(),
    getEnvironment: (uid: string) => answer(`environment ${uid}`, () => ({ id: uid, name: `Environment ${uid}`, values: [] }))(),
    listMocks: (id: string) => answer(`mocks ${id}`, () => [])(),
    getMonitor: (id: string) => answer(`monitor ${id}`, () => ({ id, name: 'M', active: true }))(),
  } as unknown as PostmanClient;
  return { client, calls, fail };
}

describe('PostmanRepository: the shared cache', () => {
  it('loads each thing once, by its own key, until it is invalidated', async () => {
    const { client, calls } = fakeClient();
    const repo = new PostmanRepository(client);
    await Promise.all([repo.workspaces(), repo.workspaces(), repo.workspace('a'), repo.workspace('b'), repo.collection('1-c'), repo.environment('1-e'), repo.mocks('a'), repo.monitor('m')]);
    await Promise.all([repo.workspaces(), repo.workspace('a'), repo.workspace('b'), repo.collection('1-c'), repo.environment('1-e'), repo.mocks('a'), repo.monitor('m')]);
    assert.deepEqual(calls, ['workspaces', 'workspace a', 'workspace b', 'collection 1-c', 'environment 1-e', 'mocks a', 'monitor m']);
    for (const key of ['workspaces', 'workspace:a', 'workspace:b', 'collection:1-c', 'environment:1-e', 'mocks:a', 'monitor:m'] as CacheKey[]) {
      assert.equal(repo.has(key), true, key);
    }
    assert.equal(repo.has('mocks:b'), false);
    repo.invalidate('workspace:a');
    assert.equal(repo.has('workspace:a'), false);
    assert.equal(repo.has('workspace:b'), true);
    await repo.workspace('a');
    assert.equal(calls.at(-1), 'workspace a');
    repo.invalidateAll();
    assert.equal(repo.has('workspace:b'), false);
    assert.equal(repo.has('workspaces'), false);
  });

  it('never caches a failure, so Retry really retries', async () => {
    const { client, calls, fail } = fakeClient();
    const repo = new PostmanRepository(client);
    fail.add('workspace');
    await rejectsWith(repo.workspace('a'), 'server');
    assert.equal(repo.has('workspace:a'), false);
    assert.equal((await repo.workspace('a')).id, 'a');
    assert.deepEqual(calls, ['workspace a', 'workspace a']);
  });

  it('a load that fails after it was replaced does not drop its replacement', async () => {
    const { client, fail } = fakeClient();
    const repo = new PostmanRepository(client);
    fail.add('workspace');
    const first = repo.workspace('a');
    repo.invalidate('workspace:a');
    const second = repo.workspace('a');
    await rejectsWith(first, 'server');
    await second;
    assert.equal(repo.has('workspace:a'), true);
  });

  it('keeps data for the TTL when one is set, counting from the load', async () => {
    const { client, calls } = fakeClient();
    let now = 1000;
    let ttl = 60_000;
    const repo = new PostmanRepository(client, () => ttl, () => now);
    await repo.workspaces();
    now += 60_000;
    assert.equal(repo.has('workspaces'), true, 'exactly the TTL old is still fresh');
    await repo.workspaces();
    assert.equal(calls.length, 1);
    now += 1;
    assert.equal(repo.has('workspaces'), false);
    await repo.workspaces();
    assert.equal(calls.length, 2);
    ttl = 0;
    now += 10_000_000;
    assert.equal(repo.has('workspaces'), true, 'TTL 0: fresh until refreshed');
  });

  it('takes a saved copy in place of the cached one, and every cached workspace listing it learns its new name', async () => {
    const { client, calls } = fakeClient();
    let now = 5;
    const repo = new PostmanRepository(client, () => 10, () => now);
    const ws = await repo.workspace('a');
    const other = await repo.workspace('b');
    const saved: CollectionDocument = { info: { name: 'New name' }, item: [] };
    repo.update('collection', '1-c', saved);
    assert.equal(await repo.collection('1-c'), saved);
    assert.equal(ws.collections[0].name, 'New name');
    assert.equal(other.collections[0].name, 'New name');
    assert.equal(ws.collections[1].name, 'Other', 'only the resource saved');
    repo.update('collection', 'd', { info: { name: 'Renamed by id' }, item: [] });
    assert.equal(ws.collections[1].name, 'Renamed by id', 'a reference without uid is matched by id');
    const env: EnvironmentDocument = { id: 'e', name: 'Env 2', values: [] };
    repo.update('environment', '1-e', env);
    assert.equal(ws.environments[0].name, 'Env 2');
    assert.equal(ws.collections[0].name, 'New name');
    assert.equal(await repo.environment('1-e'), env);
    now = 15;
    assert.equal(repo.has('collection:1-c'), true, 'the saved copy is as fresh as a load');
    now = 16;
    assert.equal(repo.has('collection:1-c'), false);
    assert.deepEqual(calls, ['workspace a', 'workspace b']);
  });

  it('tells its listeners what was dropped, until they unsubscribe', () => {
    const { client } = fakeClient();
    const repo = new PostmanRepository(client);
    const told: (CacheKey | undefined)[] = [];
    const sub = repo.onDidInvalidate((key) => told.push(key));
    repo.invalidate('collection:1-c');
    repo.invalidateAll();
    sub.dispose();
    repo.invalidate('workspaces');
    assert.deepEqual(told, ['collection:1-c', undefined]);
  });
});

describe('Coalescer: one request for identical requests in flight', () => {
  const deferred = <T>() => {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };

  it('starts once for callers that arrive while it runs; the first gets the value, the others copies; then forgets it', async () => {
    const c = new Coalescer();
    const d = deferred<{ n: number[] }>();
    let starts = 0;
    const start = () => {
      starts++;
      return d.promise;
    };
    const a = c.run('k', undefined, start);
    const b = c.run('k', undefined, start);
    assert.equal(c.size, 1);
    const value = { n: [1] };
    d.resolve(value);
    const [va, vb] = await Promise.all([a, b]);
    assert.equal(starts, 1);
    assert.equal(va, value);
    assert.notEqual(vb, value);
    assert.deepEqual(vb, value);
    assert.equal(c.size, 0);
    await c.run('k', undefined, async () => ({ n: [2] }));
    assert.equal(starts, 1, 'a later call starts its own request');
  });

  it('passes a failure to every caller', async () => {
    const c = new Coalescer();
    const d = deferred<never>();
    const a = c.run('k', undefined, () => d.promise);
    const b = c.run('k', undefined, () => d.promise);
    d.reject(new PostmanError('server', 'down'));
    await rejectsWith(a, 'server');
    await rejectsWith(b, 'server');
    assert.equal(c.size, 0);
  });

  it('a caller that gives up leaves alone; the shared request goes on for the others', async () => {
    const c = new Coalescer();
    const d = deferred<string>();
    let sharedSignal: AbortSignal | undefined;
    const controller = new AbortController();
    const a = c.run('k', controller.signal, (s) => ((sharedSignal = s), d.promise));
    const b = c.run('k', undefined, () => d.promise);
    controller.abort();
    await rejectsWith(a, 'cancelled');
    assert.equal(sharedSignal?.aborted, false);
    assert.equal(c.size, 1);
    d.resolve('v');
    assert.equal(await b, 'v');
  });

  it('aborts the shared request when every caller has given up, and the next caller starts afresh', async () => {
    const c = new Coalescer();
    const d = deferred<string>();
    let sharedSignal: AbortSignal | undefined;
    const one = new AbortController();
    const two = new AbortController();
    const a = c.run('k', one.signal, (s) => ((sharedSignal = s), d.promise));
    const b = c.run('k', two.signal, () => d.promise);
    one.abort();
    await rejectsWith(a, 'cancelled');
    assert.equal(sharedSignal?.aborted, false);
    two.abort();
    await rejectsWith(b, 'cancelled');
    assert.equal(sharedSignal?.aborted, true);
    assert.equal(c.size, 0);
    let started = false;
    assert.equal(await c.run('k', undefined, async () => ((started = true), 'fresh')), 'fresh');
    assert.equal(started, true);
    d.resolve('late');
    await settle();
  });

  it('a request abandoned by all its callers does not forget the newer one under the same key when it finally ends', async () => {
    const c = new Coalescer();
    const old = deferred<string>();
    const controller = new AbortController();
    const abandoned = c.run('k', controller.signal, () => old.promise);
    controller.abort();
    await rejectsWith(abandoned, 'cancelled');
    const fresh = deferred<string>();
    let starts = 0;
    const first = c.run('k', undefined, () => ((starts++), fresh.promise));
    old.reject(new PostmanError('cancelled', 'aborted'));
    await settle();
    const joined = c.run('k', undefined, () => ((starts++), fresh.promise));
    assert.equal(starts, 1, 'the later caller joins the newer request');
    fresh.resolve('v');
    assert.deepEqual(await Promise.all([first, joined]), ['v', 'v']);
  });

  it('a request every caller left may fail later without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const c = new Coalescer();
      const d = deferred<string>();
      const controller = new AbortController();
      const p = c.run('k', controller.signal, () => d.promise);
      controller.abort();
      await rejectsWith(p, 'cancelled');
      d.reject(new PostmanError('network', 'reset'));
      await settle();
      await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('an abort after the answer came changes nothing; a caller already aborted starts nothing', async () => {
    const c = new Coalescer();
    const controller = new AbortController();
    assert.equal(await c.run('k', controller.signal, async () => 'v'), 'v');
    controller.abort();
    let started = false;
    await rejectsWith(c.run('k', controller.signal, async () => ((started = true), 'x')), 'cancelled');
    assert.equal(started, false);
    assert.equal(c.size, 0);
  });

  it('raceAbort settles with the promise, or rejects as cancelled as soon as the signal aborts', async () => {
    assert.equal(await raceAbort(Promise.resolve(1), undefined), 1);
    const controller = new AbortController();
    assert.equal(await raceAbort(Promise.resolve(2), controller.signal), 2);
    await assert.rejects(raceAbort(Promise.reject(new Error('own')), controller.signal), /own/);
    const never = new Promise<number>(() => undefined);
    const pending = raceAbort(never, controller.signal);
    controller.abort();
    await rejectsWith(pending, 'cancelled');
    await rejectsWith(raceAbort(Promise.resolve(3), controller.signal), 'cancelled');
    assert.deepEqual([cancelled().kind, cancelled().message], ['cancelled', 'The request was cancelled.']);
  });
});

describe('PostmanClient paging', () => {
  /** A transport answering GET /workspaces pages from a script; records the queries. */
  function pages(next: (page: number) => string | undefined) {
    const queries: unknown[] = [];
    const http = {
      request: async (_method: string, _path: string, opts: { query?: Record<string, unknown> }) => {
        queries.push(opts.query);
        const page = queries.length - 1;
        return { workspaces: [{ id: `w${page}`, name: `W${page}` }], meta: { nextCursor: next(page) } };
      },
    } as unknown as HttpTransport;
    return { client: new PostmanClient(http), queries };
  }

  it('follows cursors, 100 a page, until there is none', async () => {
    const { client, queries } = pages((p) => (p < 2 ? `c${p + 1}` : undefined));
    assert.deepEqual((await client.listWorkspaces()).map((w) => w.id), ['w0', 'w1', 'w2']);
    assert.deepEqual(queries, [{ limit: 100, cursor: undefined }, { limit: 100, cursor: 'c1' }, { limit: 100, cursor: 'c2' }]);
  });

  it('stops when the server hands back a cursor it already gave', async () => {
    const { client, queries } = pages((p) => ['a', 'b', 'a', 'c'][p]);
    assert.equal((await client.listWorkspaces()).length, 3);
    assert.equal(queries.length, 3);
  });

  it('stops after 1000 pages of ever-new cursors', async () => {
    const { client, queries } = pages((p) => `c${p + 1}`);
    assert.equal((await client.listWorkspaces()).length, 1000);
    assert.equal(queries.length, 1000);
  });

  it('addresses resources by their ids, refusing any that would change the path', async () => {
    const seen: string[] = [];
    const http = {
      request: async (method: string, path: string, opts: { query?: unknown; body?: unknown }) => {
        seen.push(`${method} ${path} ${JSON.stringify(opts.query ?? null)} ${JSON.stringify(opts.body ?? null)}`);
        if (path.startsWith('/workspaces/')) {
          return { workspace: { id: 'a/b' } };
        }
        if (path.startsWith('/collections/') && method === 'GET') {
          return { collection: { info: { name: 'c' }, item: [] } };
        }
        if (path.startsWith('/environments/') && method === 'GET') {
          return { environment: { values: [] } };
        }
        if (path.startsWith('/monitors/')) {
          return { monitor: { id: 'm' } };
        }
        if (path === '/mocks') {
          return { mocks: [] };
        }
        return { collection: { id: 'x' }, environment: { id: 'y' } };
      },
    } as unknown as HttpTransport;
    const client = new PostmanClient(http);
    await client.getWorkspace('a-b');
    await client.getCollection('1-c');
    await client.getEnvironment('1_e');
    await client.getMonitor('m1');
    await client.listMocks('w-1');
    assert.deepEqual(await client.updateCollection('1-c', { info: { name: 'n' } }), { id: 'x' });
    assert.deepEqual(await client.updateEnvironment('1-e', { name: 'n', values: [] }), { id: 'y' });
    assert.deepEqual(await client.createCollection('w1', { info: { name: 'n' } }), { id: 'x' });
    // An id that would change the path ("a/b", "1-c?x", "..") is refused before any request.
    for (const bad of ['a/b', '1-c?x', '1 e', 'm#1', 'w&1', '..']) {
      await assert.rejects(client.getWorkspace(bad), /not a Postman id/);
      await assert.rejects(client.listMocks(bad), /not a Postman workspace id/);
    }
    assert.deepEqual(seen, [
      'GET /workspaces/a-b null null',
      'GET /collections/1-c null null',
      'GET /environments/1_e null null',
      'GET /monitors/m1 null null',
      'GET /mocks {"workspace":"w-1"} null',
      'PUT /collections/1-c null {"collection":{"info":{"name":"n"}}}',
      'PUT /environments/1-e null {"environment":{"name":"n","values":[]}}',
      'POST /collections {"workspace":"w1"} {"collection":{"info":{"name":"n"}}}',
    ]);
  });
});

describe('callers\' signals are left clean', () => {
  it('a caller whose merged request answered has no abort listener left on its signal', async () => {
    const c = new Coalescer();
    const one = new AbortController();
    const two = new AbortController();
    await Promise.all([c.run('k', one.signal, async () => 'v'), c.run('k', two.signal, async () => 'v')]);
    assert.equal(getEventListeners(one.signal, 'abort').length, 0);
    assert.equal(getEventListeners(two.signal, 'abort').length, 0);
    await c.run('k', one.signal, async () => {
      throw new PostmanError('server', 'down');
    }).catch(() => undefined);
    assert.equal(getEventListeners(one.signal, 'abort').length, 0);
  });

  it('raceAbort removes its listener once the promise settles', async () => {
    const controller = new AbortController();
    await raceAbort(Promise.resolve(1), controller.signal);
    await raceAbort(Promise.reject(new Error('x')), controller.signal).catch(() => undefined);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });
});
