import * as assert from 'node:assert/strict';
import { type CacheKey, type CollectionDocument, itemKey, type PostmanClient, PostmanRepository, type WorkspaceDetail } from '../../src/postman';
import { settle } from './clocks';

/**
 * The repository's in-place changes (an edit Postman confirmed, applied to what is cached with
 * no call) and its item entries, with a fake client that counts every call.
 */

function fakeClient() {
  const calls: string[] = [];
  const client = {
    getWorkspace: async (id: string): Promise<WorkspaceDetail> => {
      calls.push(`workspace ${id}`);
      return {
        id, name: `Workspace ${id}`, type: 'team',
        collections: [{ id: 'c', uid: '1-c', name: 'Shop' }], environments: [{ id: 'e', uid: '1-e', name: 'Prod' }], mocks: [{ id: 'm', name: 'Mock' }], monitors: [], specs: [],
      };
    },
    getCollection: async (uid: string): Promise<CollectionDocument> => {
      calls.push(`collection ${uid}`);
      return { info: { name: `Collection ${uid}`, updatedAt: '2025-01-01T00:00:00.000Z' }, item: [{ id: 'r', name: 'Request' }], variable: [] };
    },
    getItem: async (model: string, collectionUid: string, id: string) => {
      calls.push(`item ${model} ${collectionUid} ${id}`);
      return { id, name: `${model} ${id}` };
    },
  } as unknown as PostmanClient;
  return { client, calls };
}

function setup(ttl = 0, now = () => 0) {
  const { client, calls } = fakeClient();
  const repo = new PostmanRepository(client, () => ttl, now);
  const changed: CacheKey[] = [];
  const dropped: (CacheKey | undefined)[] = [];
  repo.onDidChange((key) => changed.push(key));
  repo.onDidInvalidate((key) => dropped.push(key));
  return { repo, calls, changed, dropped };
}

describe('PostmanRepository: one item of a collection', () => {
  it('is loaded once per model, collection and id, under its item key', async () => {
    const { repo, calls } = setup();
    const first = await repo.item('request', '1-c', 'r');
    assert.deepEqual(first, { id: 'r', name: 'request r' });
    assert.equal(await repo.item('request', '1-c', 'r'), first, 'the cached value itself');
    await Promise.all([repo.item('folder', '1-c', 'r'), repo.item('request', '1-d', 'r'), repo.item('request', '1-c', 's'), repo.item('response', '1-c', 'r')]);
    await repo.item('folder', '1-c', 'r');
    assert.deepEqual(calls, ['item request 1-c r', 'item folder 1-c r', 'item request 1-d r', 'item request 1-c s', 'item response 1-c r']);
    assert.equal(itemKey('response', '1-c', 'x'), 'item:1-c/response/x');
    assert.equal(repo.has('item:1-c/request/r'), true);
    assert.equal(repo.has('item:1-c/folder/r'), true);
    assert.equal(repo.has('item:1-c/folder/s'), false);
  });
});

describe('PostmanRepository: loadedCollection', () => {
  it('is the collection once loaded, and nothing before, while loading or after it is dropped (no call)', async () => {
    const { repo, calls } = setup();
    assert.equal(repo.loadedCollection('1-c'), undefined);
    const loading = repo.collection('1-c');
    assert.equal(repo.loadedCollection('1-c'), undefined, 'still loading');
    const c = await loading;
    assert.equal(repo.loadedCollection('1-c'), c);
    assert.equal(repo.loadedCollection('1-d'), undefined);
    repo.invalidate('collection:1-c');
    assert.equal(repo.loadedCollection('1-c'), undefined);
    assert.deepEqual(calls, ['collection 1-c']);
  });

  it('is what was stored for it', () => {
    const { repo, calls } = setup();
    const c: CollectionDocument = { info: { name: 'Saved' }, item: [] };
    repo.store('collection:1-c', c);
    assert.equal(repo.loadedCollection('1-c'), c);
    assert.deepEqual(calls, []);
  });
});

describe('PostmanRepository: patchCollection', () => {
  it('does nothing, and calls nothing, when the collection is not loaded (or still loading)', async () => {
    const { repo, calls, changed, dropped } = setup();
    let asked = 0;
    const change = () => {
      asked++;
      return true;
    };
    repo.patchCollection('1-c', change, '2026-01-01T00:00:00.000Z');
    assert.equal(asked, 0);
    assert.equal(repo.has('collection:1-c'), false);
    const loading = repo.collection('1-c');
    repo.patchCollection('1-c', change);
    assert.equal(asked, 0);
    const c = await loading;
    assert.equal(c.info.updatedAt, '2025-01-01T00:00:00.000Z');
    assert.deepEqual(changed, []);
    assert.deepEqual(dropped, []);
    assert.deepEqual(calls, ['collection 1-c']);
  });

  it('makes the collection a new value (top level and info), with the change and the new updatedAt, and tells the listeners', async () => {
    const { repo, calls, changed, dropped } = setup();
    const old = await repo.collection('1-c');
    let seen: CollectionDocument | undefined;
    repo.patchCollection('1-c', (c) => {
      seen = c;
      c.info.name = 'Renamed';
      c.item = [...c.item, { id: 'n' }];
      return true;
    }, '2026-02-02T00:00:00.000Z');
    const next = repo.loadedCollection('1-c');
    assert.ok(next);
    assert.equal(next, seen, 'the value the change was given is the one cached');
    assert.notEqual(next, old);
    assert.notEqual(next.info, old.info);
    assert.deepEqual(next.info, { name: 'Renamed', updatedAt: '2026-02-02T00:00:00.000Z' });
    assert.deepEqual(next.item, [{ id: 'r', name: 'Request' }, { id: 'n' }]);
    assert.equal(next.variable, old.variable, 'other fields are carried over');
    assert.deepEqual(old.info, { name: 'Collection 1-c', updatedAt: '2025-01-01T00:00:00.000Z' }, 'the old value keeps its info');
    assert.deepEqual(old.item, [{ id: 'r', name: 'Request' }]);
    assert.equal(await repo.collection('1-c'), next, 'read from the cache');
    assert.deepEqual(calls, ['collection 1-c']);
    assert.deepEqual(changed, ['collection:1-c']);
    assert.deepEqual(dropped, []);
  });

  it('keeps info.updatedAt when none is given (or an empty one)', async () => {
    const { repo, changed } = setup();
    await repo.collection('1-c');
    repo.patchCollection('1-c', () => true);
    assert.equal(repo.loadedCollection('1-c')?.info.updatedAt, '2025-01-01T00:00:00.000Z');
    repo.patchCollection('1-c', () => true, '');
    assert.equal(repo.loadedCollection('1-c')?.info.updatedAt, '2025-01-01T00:00:00.000Z');
    assert.deepEqual(Object.keys(repo.loadedCollection('1-c')?.info ?? {}), ['name', 'updatedAt']);
    assert.deepEqual(changed, ['collection:1-c', 'collection:1-c']);
  });

  it('adds no updatedAt to an info that had none', () => {
    const { repo } = setup();
    repo.store('collection:1-c', { info: { name: 'n' }, item: [] });
    repo.patchCollection('1-c', () => true);
    assert.deepEqual(repo.loadedCollection('1-c')?.info, { name: 'n' });
    assert.equal('updatedAt' in (repo.loadedCollection('1-c')?.info ?? {}), false);
  });

  it('drops the cached copy when the change does not apply, telling the invalidation listeners, not the change ones; the next read loads it', async () => {
    const { repo, calls, changed, dropped } = setup();
    await repo.collection('1-c');
    await repo.collection('1-d');
    repo.patchCollection('1-c', () => false, '2026-01-01T00:00:00.000Z');
    assert.equal(repo.has('collection:1-c'), false);
    assert.equal(repo.loadedCollection('1-c'), undefined);
    assert.equal(repo.has('collection:1-d'), true, 'only that collection');
    assert.deepEqual(dropped, ['collection:1-c']);
    assert.deepEqual(changed, []);
    const again = await repo.collection('1-c');
    assert.equal(again.info.updatedAt, '2025-01-01T00:00:00.000Z');
    assert.deepEqual(calls, ['collection 1-c', 'collection 1-d', 'collection 1-c']);
  });

  it('a patched copy is fresh from the patch: a TTL counts from then', async () => {
    let now = 0;
    const { repo, calls } = setup(10, () => now);
    await repo.collection('1-c');
    now = 8;
    repo.patchCollection('1-c', () => true);
    now = 15;
    assert.equal(repo.has('collection:1-c'), true);
    await repo.collection('1-c');
    assert.deepEqual(calls, ['collection 1-c']);
    now = 19;
    assert.equal(repo.has('collection:1-c'), false);
  });

  it('tells every change listener once per change, until it is disposed', async () => {
    const { repo } = setup();
    await repo.collection('1-c');
    const a: CacheKey[] = [];
    const b: CacheKey[] = [];
    const subA = repo.onDidChange((key) => a.push(key));
    repo.onDidChange((key) => b.push(key));
    repo.patchCollection('1-c', () => true);
    subA.dispose();
    repo.patchCollection('1-c', () => true);
    assert.deepEqual(a, ['collection:1-c']);
    assert.deepEqual(b, ['collection:1-c', 'collection:1-c']);
  });

  it('an invalidation listener disposed hears nothing more', async () => {
    const { repo } = setup();
    const heard: (CacheKey | undefined)[] = [];
    const sub = repo.onDidInvalidate((key) => heard.push(key));
    repo.invalidate('workspaces');
    sub.dispose();
    repo.invalidate('workspaces');
    repo.invalidateAll();
    await settle();
    assert.deepEqual(heard, ['workspaces']);
  });
});

describe('PostmanRepository: patchWorkspace', () => {
  it('does nothing when the workspace is not loaded', async () => {
    const { repo, calls, changed } = setup();
    let asked = 0;
    repo.patchWorkspace('w', () => void asked++);
    const loading = repo.workspace('w');
    repo.patchWorkspace('w', () => void asked++);
    await loading;
    assert.equal(asked, 0);
    assert.deepEqual(changed, []);
    assert.deepEqual(calls, ['workspace w']);
  });

  it('gives the change a copy with its own collections and environments lists: the old value is untouched', async () => {
    const { repo, calls, changed, dropped } = setup();
    const old = await repo.workspace('w');
    const other = await repo.workspace('v');
    let seen: WorkspaceDetail | undefined;
    repo.patchWorkspace('w', (ws) => {
      seen = ws;
      ws.collections.push({ id: 'n', uid: '1-n', name: 'New' });
      ws.environments.splice(0, 1);
    });
    const next = await repo.workspace('w');
    assert.equal(next, seen);
    assert.notEqual(next, old);
    assert.notEqual(next.collections, old.collections);
    assert.notEqual(next.environments, old.environments);
    assert.deepEqual(next.collections.map((c) => c.name), ['Shop', 'New']);
    assert.deepEqual(next.environments, []);
    assert.deepEqual(old.collections.map((c) => c.name), ['Shop']);
    assert.deepEqual(old.environments.map((e) => e.name), ['Prod']);
    assert.equal(next.mocks, old.mocks, 'the other fields are carried over');
    assert.equal(next.name, 'Workspace w');
    assert.equal(await repo.workspace('v'), other, 'only that workspace');
    assert.deepEqual(calls, ['workspace w', 'workspace v']);
    assert.deepEqual(changed, ['workspace:w']);
    assert.deepEqual(dropped, []);
  });

  it('a listing is searched by uid or by id; a workspace answer without a specs list is passed over', async () => {
    const { repo } = setup();
    assert.equal(repo.workspaceOf('collection', '1-c'), undefined);
    const w = await repo.workspace('w');
    assert.equal(repo.workspaceOf('collection', '1-c'), w);
    assert.equal(repo.workspaceOf('collection', 'c'), w, 'by id');
    assert.equal(repo.workspaceOf('environment', 'e'), w);
    assert.equal(repo.workspaceOf('collection', 'e'), undefined, 'only the list of that kind');
    repo.store('workspace:v', { id: 'v', name: 'No specs', collections: [], environments: [] });
    assert.equal(repo.workspaceOf('spec', 's'), undefined);
    assert.equal(repo.loadedWorkspaceName('w'), 'Workspace w');
  });

  it('loadedWorkspaceName: the detail\'s name, else the list\'s, else none; no call', () => {
    const { repo, calls } = setup();
    assert.equal(repo.loadedWorkspaceName('w'), undefined);
    repo.store('workspaces', [{ id: 'v', name: 'Listed v' }, { id: 'w', name: 'Listed w' }]);
    assert.equal(repo.loadedWorkspaceName('w'), 'Listed w');
    assert.equal(repo.loadedWorkspaceName('x'), undefined);
    repo.store('workspace:w', { id: 'w', name: 'Detail w', collections: [], environments: [] });
    assert.equal(repo.loadedWorkspaceName('w'), 'Detail w');
    assert.equal(repo.loadedWorkspaceName('v'), 'Listed v');
    assert.deepEqual(calls, []);
  });

  it('the patched listing is the one the repository then searches', async () => {
    const { repo } = setup();
    await repo.workspace('w');
    assert.equal(repo.workspaceNameOf('collection', '1-n'), undefined);
    repo.patchWorkspace('w', (ws) => ws.collections.push({ id: 'n', uid: '1-n', name: 'New' }));
    assert.equal(repo.workspaceNameOf('collection', '1-n'), 'Workspace w');
  });
});

describe('PostmanRepository: item entries follow their collection', () => {
  async function loaded() {
    const s = setup();
    await Promise.all([
      s.repo.item('request', '1-c', 'r'), s.repo.item('folder', '1-c', 'f'), s.repo.item('response', '1-c', 'x'),
      s.repo.item('request', '1-cc', 'r'), s.repo.item('request', '2-c', 'r'), s.repo.collection('1-c'),
    ]);
    s.dropped.length = 0;
    return s;
  }

  it('invalidateItems drops only that collection\'s item entries, telling the listeners each key', async () => {
    const { repo, dropped } = await loaded();
    repo.invalidateItems('1-c');
    assert.deepEqual(dropped, ['item:1-c/request/r', 'item:1-c/folder/f', 'item:1-c/response/x']);
    assert.equal(repo.has('item:1-c/request/r'), false);
    assert.equal(repo.has('item:1-c/folder/f'), false);
    assert.equal(repo.has('item:1-c/response/x'), false);
    assert.equal(repo.has('item:1-cc/request/r'), true, 'a collection whose uid starts alike keeps its items');
    assert.equal(repo.has('item:2-c/request/r'), true);
    assert.equal(repo.has('collection:1-c'), true, 'the collection itself stays');
    repo.invalidateItems('9-z');
    assert.equal(dropped.length, 3, 'nothing more for a collection without items');
  });

  it('update of a collection drops its item entries (its whole copy changed); update of an environment does not', async () => {
    const { repo, dropped, calls } = await loaded();
    repo.update('environment', '1-c', { id: 'c', name: 'E', values: [] });
    assert.equal(repo.has('item:1-c/request/r'), true);
    assert.deepEqual(dropped, []);
    const saved: CollectionDocument = { info: { name: 'Saved' }, item: [] };
    repo.update('collection', '1-c', saved);
    assert.equal(repo.loadedCollection('1-c'), saved);
    assert.equal(repo.has('item:1-c/request/r'), false);
    assert.equal(repo.has('item:1-c/folder/f'), false);
    assert.equal(repo.has('item:1-c/response/x'), false);
    assert.equal(repo.has('item:1-cc/request/r'), true);
    assert.deepEqual(dropped, ['item:1-c/request/r', 'item:1-c/folder/f', 'item:1-c/response/x']);
    await repo.item('request', '1-c', 'r');
    assert.equal(calls.filter((c) => c === 'item request 1-c r').length, 2, 'read anew');
  });
});
