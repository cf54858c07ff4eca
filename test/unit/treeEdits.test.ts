import * as assert from 'node:assert/strict';
import { type CacheKey, type CollectionDocument, collectionIdOf, HttpTransport, itemKey, PostmanClient, PostmanRepository, type WorkspaceDetail } from '../../src/postman';
import { type EditTarget, EditRefused, itemUid, TreeEdits } from '../../src/tree/model/edits';
import { rejectsWith } from './assertions';
import { DatasetBuilder, folder, request } from '../fixtures/dataBuilders';
import type { Dataset } from '../fixtures/datasetTypes';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';

/**
 * The tree's edits (src/tree/model/edits.ts) against the local Postman server: the calls each
 * action makes (method, path, body, how many: the fewest the API allows), what the server then
 * holds, and how the cached workspace and collection change with no further call; refusals
 * before any call, and failures that leave the cache as it was.
 */

type Obj = Record<string, unknown>;

const USER = {
  id: 12345678, username: 'taylor-lee', email: 't@example.com', fullName: 'Taylor Lee', avatar: null, isPublic: false,
  teamId: 1, teamName: 'Team', teamDomain: 'team', roles: ['user'],
};
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

/**
 * Team: Shop (Orders(List orders [2 examples], Archive(Old orders)), Health, Ping), Other (Elsewhere),
 * Third (Inbox(Note)), environment Prod; Far: Far (Far away).
 */
function build(): Dataset {
  const b = new DatasetBuilder('tree-edits', USER, [{ name: 'api_usage', limit: 100000, usage: 0, overage: 0 }], Date.UTC(2025, 0, 1));
  const ids = b.ids;
  const team = b.workspace({ name: 'Team', type: 'team', visibility: 'team' });
  const far = b.workspace({ name: 'Far', type: 'team', visibility: 'team' });
  b.collection(team, {
    name: 'Shop',
    item: [
      folder(ids, 'Orders', [
        request(ids, 'List orders', 'GET', 'https://shop.example.com/orders', {
          examples: [{ name: 'OK', code: 200, status: 'OK', body: { orders: [] } }, { name: 'Missing', code: 404, status: 'Not Found', body: 'none' }],
        }),
        folder(ids, 'Archive', [request(ids, 'Old orders', 'GET', 'https://shop.example.com/old')]),
      ]),
      request(ids, 'Health', 'GET', 'https://shop.example.com/health'),
      request(ids, 'Ping', 'HEAD', 'https://shop.example.com/ping'),
    ],
  });
  b.collection(team, { name: 'Other', item: [request(ids, 'Elsewhere', 'GET', 'https://other.example.com/')] });
  b.collection(team, { name: 'Third', item: [folder(ids, 'Inbox', [request(ids, 'Note', 'GET', 'https://third.example.com/note')])] });
  b.environment(team, 'Prod', [
    { key: 'host', value: 'https://shop.example.com', enabled: true, type: 'default' },
    { key: 'token', value: 's3cret', enabled: false, type: 'secret' },
  ]);
  b.collection(far, { name: 'Far', item: [request(ids, 'Far away', 'GET', 'https://far.example.com/')] });
  return b.dataset;
}

/** The names of a list of items, a folder's items in brackets. */
function outline(items: unknown[], key: 'name' | 'id' = 'name'): string {
  return items.map((i) => {
    const o = i as Obj;
    return Array.isArray(o.item) ? `${String(o[key])}(${outline(o.item, key)})` : String(o[key]);
  }).join(', ');
}

/** The item with this name, at any depth. */
function named(items: unknown[], name: string): Obj | undefined {
  for (const i of items as Obj[]) {
    if (i.name === name) {
      return i;
    }
    const inner = Array.isArray(i.item) ? named(i.item, name) : Array.isArray(i.response) ? named(i.response, name) : undefined;
    if (inner) {
      return inner;
    }
  }
  return undefined;
}

describe('TreeEdits against the local Postman server', () => {
  const server = new LocalPostmanServer({ dataset: build, rateLimits: false, clock: () => NOW });
  let client: PostmanClient;
  let repo: PostmanRepository;
  let edits: TreeEdits;
  let waits: number[];
  let onWait: () => void;
  let changed: CacheKey[];
  let dropped: (CacheKey | undefined)[];

  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    const http = new HttpTransport(() => ({ baseUrl: server.url, timeoutMs: 5000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }), undefined, undefined, { pacer: false });
    client = new PostmanClient(http);
    repo = new PostmanRepository(client);
    waits = [];
    onWait = () => undefined;
    edits = new TreeEdits(client, repo, async (ms) => {
      waits.push(ms);
      onWait();
    });
    changed = [];
    dropped = [];
    repo.onDidChange((key) => changed.push(key));
    repo.onDidInvalidate((key) => dropped.push(key));
  });

  const ws = (name: string) => {
    const w = server.dataset.workspaces.find((x) => x.name === name);
    assert.ok(w, name);
    return w;
  };
  const uidOf = (name: string): string => {
    for (const [uid, c] of Object.entries(server.dataset.collections)) {
      if (c.info.name === name) {
        return uid;
      }
    }
    assert.fail(`no collection ${name}`);
  };
  const stored = (name: string) => server.dataset.collections[uidOf(name)];
  const idOf = (collection: string, name: string): string => {
    const found = named(stored(collection).item, name);
    assert.ok(found, `no ${name} in ${collection}`);
    return found.id as string;
  };
  const envUid = () => Object.values(server.dataset.environments).find((e) => e.name === 'Prod')?.uid as string;
  const team = () => ws('Team').id;
  const target = (model: EditTarget['model'], collection: string, name: string, workspace = team()): EditTarget =>
    ({ model, uid: uidOf(collection), item: idOf(collection, name), workspaceId: workspace, name });
  /** The requests sent: method, path, query when there is one, body when there is one. */
  const sent = () => server.requests.map((r) => ({
    method: r.method, path: r.path, ...(Object.keys(r.query).length > 0 ? { query: r.query } : {}), ...(r.body !== undefined ? { body: r.body } : {}),
  }));
  const calls = () => server.requests.map((r) => `${r.method} ${r.path}`);
  const cid = (name: string) => collectionIdOf(uidOf(name));
  const owner = String(USER.id);

  /** Loads the Team workspace and the named collections into the cache, then forgets the calls that took. */
  async function cached(...collections: string[]): Promise<{ workspace: WorkspaceDetail; loaded: CollectionDocument[] }> {
    const workspace = await repo.workspace(team());
    const loaded = await Promise.all(collections.map((c) => repo.collection(uidOf(c))));
    server.resetCounts();
    return { workspace, loaded };
  }

  describe('create', () => {
    it('a collection: one call; the cached workspace lists it, with no call', async () => {
      const { workspace } = await cached();
      const ref = await edits.createCollection(team(), 'New things');
      assert.deepEqual(sent(), [{ method: 'POST', path: '/collections', query: { workspace: team() }, body: { collection: { info: { name: 'New things', schema: SCHEMA }, item: [] } } }]);
      const uid = uidOf('New things');
      assert.deepEqual(ref, { id: collectionIdOf(uid), name: 'New things', uid });
      assert.deepEqual(ws('Team').collections.at(-1), { id: ref.id, name: 'New things', uid });
      const now = await repo.workspace(team());
      assert.notEqual(now, workspace);
      assert.deepEqual(now.collections.map((c) => c.name), ['Shop', 'Other', 'Third', 'New things']);
      assert.deepEqual(now.collections.at(-1), ref);
      assert.deepEqual(workspace.collections.map((c) => c.name), ['Shop', 'Other', 'Third'], 'the old value is untouched');
      assert.deepEqual(changed, [`workspace:${team()}`]);
      assert.equal(server.count(), 1);
    });

    it('a collection in a workspace not loaded: one call, nothing cached', async () => {
      await edits.createCollection(team(), 'New things');
      assert.equal(server.count(), 1);
      assert.equal(repo.has(`workspace:${team()}`), false);
      assert.deepEqual(changed, []);
    });

    it('an environment: one call with no variables; the cached workspace lists it', async () => {
      await cached();
      const ref = await edits.createEnvironment(team(), 'Staging');
      assert.deepEqual(sent(), [{ method: 'POST', path: '/environments', query: { workspace: team() }, body: { environment: { name: 'Staging', values: [] } } }]);
      const env = Object.values(server.dataset.environments).find((e) => e.name === 'Staging');
      assert.ok(env);
      assert.deepEqual(env.values, []);
      assert.deepEqual(ref, { id: env.id, name: 'Staging', uid: env.uid });
      assert.deepEqual((await repo.workspace(team())).environments.map((e) => e.name), ['Prod', 'Staging']);
      assert.deepEqual((await repo.workspace(team())).environments.at(-1), ref);
      assert.equal(server.count(), 1);
    });

    it('a folder at the top of a collection: one call; the cached collection gets it at the end, with Postman\'s time', async () => {
      const { loaded: [shop] } = await cached('Shop');
      const id = await edits.createFolder(uidOf('Shop'), undefined, 'Returns');
      assert.deepEqual(sent(), [{ method: 'POST', path: `/collections/${cid('Shop')}/folders`, body: { name: 'Returns' } }]);
      assert.equal(outline(stored('Shop').item), 'Orders(List orders, Archive(Old orders)), Health, Ping, Returns()');
      assert.equal(idOf('Shop', 'Returns'), id);
      const now = repo.loadedCollection(uidOf('Shop'));
      assert.ok(now);
      assert.notEqual(now, shop);
      assert.deepEqual(now.item.at(-1), { id, name: 'Returns', item: [] });
      assert.equal(outline(now.item, 'id'), outline(stored('Shop').item, 'id'));
      assert.equal(now.info.updatedAt, new Date(NOW).toISOString());
      assert.equal(now.info.updatedAt, stored('Shop').info.updatedAt);
      assert.deepEqual(changed, [`collection:${uidOf('Shop')}`]);
      await repo.collection(uidOf('Shop'));
      assert.equal(repo.has(itemKey('folder', uidOf('Shop'), id)), true);
      const item = await repo.item('folder', uidOf('Shop'), id);
      assert.equal(item.id, id);
      assert.equal(item.name, 'Returns');
      assert.equal(server.count(), 1, 'the new folder\'s document costs no call');
    });

    it('a folder in a folder: one call naming the parent; the cached folder gets it at its end', async () => {
      await cached('Shop');
      const orders = idOf('Shop', 'Orders');
      const id = await edits.createFolder(uidOf('Shop'), orders, 'Drafts');
      assert.deepEqual(sent(), [{ method: 'POST', path: `/collections/${cid('Shop')}/folders`, body: { name: 'Drafts', folder: orders } }]);
      assert.equal(outline(stored('Shop').item), 'Orders(List orders, Archive(Old orders), Drafts()), Health, Ping');
      const now = repo.loadedCollection(uidOf('Shop')) as CollectionDocument;
      assert.equal(outline(now.item, 'id'), outline(stored('Shop').item, 'id'));
      assert.deepEqual(named(now.item, 'Drafts'), { id, name: 'Drafts', item: [] });
    });

    it('a request: one call; its document is cached from the answer, and the cached collection gets it', async () => {
      await cached('Shop');
      const archive = idOf('Shop', 'Archive');
      const id = await edits.createRequest(uidOf('Shop'), archive, 'Export');
      assert.deepEqual(sent(), [{ method: 'POST', path: `/collections/${cid('Shop')}/requests`, query: { folderId: archive }, body: { name: 'Export', method: 'GET', url: '' } }]);
      assert.equal(outline(stored('Shop').item), 'Orders(List orders, Archive(Old orders, Export)), Health, Ping');
      assert.equal(idOf('Shop', 'Export'), id);
      const now = repo.loadedCollection(uidOf('Shop')) as CollectionDocument;
      assert.deepEqual(named(now.item, 'Export'), { id, name: 'Export', request: { method: 'GET', header: [], url: '' }, response: [] });
      assert.equal(outline(now.item, 'id'), outline(stored('Shop').item, 'id'));
      assert.equal(now.info.updatedAt, stored('Shop').info.updatedAt);
      assert.equal(repo.has(itemKey('request', uidOf('Shop'), id)), true);
      const item = await repo.item('request', uidOf('Shop'), id);
      assert.equal(item.id, id);
      assert.equal(item.name, 'Export');
      assert.equal(server.count(), 1, 'the new request\'s document costs no call');
    });

    it('a request at the top of a collection not loaded: one call, with no folder', async () => {
      const id = await edits.createRequest(uidOf('Other'), undefined, 'Status');
      assert.deepEqual(sent(), [{ method: 'POST', path: `/collections/${cid('Other')}/requests`, body: { name: 'Status', method: 'GET', url: '' } }]);
      assert.equal(outline(stored('Other').item), 'Elsewhere, Status');
      assert.equal(repo.has(`collection:${uidOf('Other')}`), false);
      assert.equal(repo.has(itemKey('request', uidOf('Other'), id)), true);
    });
  });

  describe('rename', () => {
    it('a collection: one PATCH of its name; the cached workspace and collection learn it', async () => {
      const { loaded: [shop] } = await cached('Shop', 'Other');
      await edits.rename({ model: 'collection', uid: uidOf('Shop'), workspaceId: team(), name: 'Shop' }, 'Store');
      assert.deepEqual(sent(), [{ method: 'PATCH', path: `/collections/${uidOf('Store')}`, body: { collection: { info: { name: 'Store' } } } }]);
      assert.equal(stored('Store').info.name, 'Store');
      assert.deepEqual(ws('Team').collections.map((c) => c.name), ['Store', 'Other', 'Third']);
      assert.deepEqual((await repo.workspace(team())).collections.map((c) => c.name), ['Store', 'Other', 'Third']);
      const now = repo.loadedCollection(uidOf('Store')) as CollectionDocument;
      assert.notEqual(now, shop);
      assert.equal(now.info.name, 'Store');
      assert.equal(shop.info.name, 'Shop');
      assert.equal(repo.loadedCollection(uidOf('Other'))?.info.name, 'Other');
      assert.deepEqual(changed, [`workspace:${team()}`, `collection:${uidOf('Store')}`]);
      assert.equal(server.count(), 1);
    });

    it('a collection named by its id (no owner): the cached workspace finds it by id', async () => {
      await cached();
      const id = cid('Other');
      await edits.rename({ model: 'collection', uid: id, workspaceId: team(), name: 'Other' }, 'Another');
      assert.deepEqual(calls(), [`PATCH /collections/${id}`]);
      assert.deepEqual((await repo.workspace(team())).collections.map((c) => c.name), ['Shop', 'Another', 'Third']);
    });

    it('an environment: one JSON Patch of its name; the cached workspace learns it, the cached environment is read anew', async () => {
      await cached();
      const uid = envUid();
      const before = await repo.environment(uid);
      server.resetCounts();
      await edits.rename({ model: 'environment', uid, workspaceId: team(), name: 'Prod' }, 'Production');
      assert.deepEqual(sent(), [{ method: 'PATCH', path: `/environments/${uid}`, body: [{ op: 'replace', path: '/name', value: 'Production' }] }]);
      assert.equal(server.dataset.environments[uid].name, 'Production');
      assert.deepEqual(server.dataset.environments[uid].values, before.values, 'its variables stay');
      assert.deepEqual((await repo.workspace(team())).environments.map((e) => e.name), ['Production']);
      assert.equal(repo.has(`environment:${uid}`), false);
      assert.deepEqual(dropped, [`environment:${uid}`]);
      assert.deepEqual(changed, [`workspace:${team()}`]);
      assert.equal(server.count(), 1);
      assert.equal((await repo.environment(uid)).name, 'Production');
      assert.equal(server.count(), 2);
    });

    for (const [model, name, kind] of [['request', 'Old orders', 'requests'], ['folder', 'Archive', 'folders'], ['response', 'Missing', 'responses']] as const) {
      it(`a ${model}: one PUT of its name; its document is cached from the answer, and the cached collection renames it`, async () => {
        const { loaded: [shop] } = await cached('Shop');
        const id = idOf('Shop', name);
        await edits.rename(target(model, 'Shop', name), `${name} (renamed)`);
        assert.deepEqual(sent(), [{ method: 'PUT', path: `/collections/${cid('Shop')}/${kind}/${id}`, body: { name: `${name} (renamed)` } }]);
        const held = named(stored('Shop').item, `${name} (renamed)`);
        assert.equal(held?.id, id);
        const now = repo.loadedCollection(uidOf('Shop')) as CollectionDocument;
        assert.notEqual(now, shop);
        assert.equal(named(now.item, `${name} (renamed)`)?.id, id);
        assert.equal(named(now.item, name), undefined);
        assert.equal(outline(now.item), outline(stored('Shop').item));
        assert.equal(now.info.updatedAt, held?.updatedAt, 'the item\'s new time');
        const item = await repo.item(model, uidOf('Shop'), id);
        assert.equal(item.name, `${name} (renamed)`);
        assert.equal(server.count(), 1);
        assert.deepEqual(changed, [`collection:${uidOf('Shop')}`]);
      });
    }

    it('an item of a collection not loaded: one call, nothing else', async () => {
      await edits.rename(target('request', 'Shop', 'Health'), 'Healthz');
      assert.deepEqual(calls(), [`PUT /collections/${cid('Shop')}/requests/${idOf('Shop', 'Healthz')}`]);
      assert.equal(repo.has(`collection:${uidOf('Shop')}`), false);
      assert.deepEqual(changed, []);
    });
  });

  describe('delete', () => {
    it('a collection: one DELETE; the cached workspace drops it, and only it', async () => {
      await cached();
      const uid = uidOf('Other');
      await edits.delete({ model: 'collection', uid, workspaceId: team(), name: 'Other' });
      assert.deepEqual(sent(), [{ method: 'DELETE', path: `/collections/${uid}` }]);
      assert.equal(server.dataset.collections[uid], undefined);
      assert.deepEqual((await repo.workspace(team())).collections.map((c) => c.name), ['Shop', 'Third']);
      assert.equal(server.count(), 1);
    });

    it('a collection named by its id (no owner): the cached workspace finds it by id', async () => {
      await cached();
      const id = cid('Third');
      await edits.delete({ model: 'collection', uid: id, workspaceId: team(), name: 'Third' });
      assert.deepEqual(calls(), [`DELETE /collections/${id}`]);
      assert.deepEqual((await repo.workspace(team())).collections.map((c) => c.name), ['Shop', 'Other']);
    });

    it('a collection the cached workspace does not list: the listing stays as it is', async () => {
      await cached();
      const far = uidOf('Far');
      await edits.delete({ model: 'collection', uid: far, workspaceId: team(), name: 'Far' });
      assert.deepEqual(calls(), [`DELETE /collections/${far}`]);
      assert.deepEqual((await repo.workspace(team())).collections.map((c) => c.name), ['Shop', 'Other', 'Third']);
      assert.deepEqual(ws('Far').collections, []);
    });

    it('an environment: one DELETE; the cached workspace drops it', async () => {
      await cached();
      const uid = envUid();
      await edits.delete({ model: 'environment', uid, workspaceId: team(), name: 'Prod' });
      assert.deepEqual(sent(), [{ method: 'DELETE', path: `/environments/${uid}` }]);
      assert.equal(server.dataset.environments[uid], undefined);
      assert.deepEqual((await repo.workspace(team())).environments, []);
      assert.equal(server.count(), 1);
    });

    for (const [model, name, kind, left] of [
      ['folder', 'Archive', 'folders', 'Orders(List orders), Health, Ping'],
      ['request', 'Health', 'requests', 'Orders(List orders, Archive(Old orders)), Ping'],
      ['response', 'OK', 'responses', 'Orders(List orders, Archive(Old orders)), Health, Ping'],
    ] as const) {
      it(`a ${model}: one DELETE; the cached collection drops it`, async () => {
        await cached('Shop');
        const id = idOf('Shop', name);
        await edits.delete(target(model, 'Shop', name));
        assert.deepEqual(sent(), [{ method: 'DELETE', path: `/collections/${cid('Shop')}/${kind}/${id}` }]);
        const now = repo.loadedCollection(uidOf('Shop')) as CollectionDocument;
        assert.equal(outline(now.item), left);
        assert.equal(outline(stored('Shop').item), left);
        assert.equal(named(now.item, name), undefined);
        assert.equal(named(stored('Shop').item, name), undefined);
        assert.deepEqual((named(now.item, 'List orders')?.response as Obj[]).map((r) => r.name), model === 'response' ? ['Missing'] : ['OK', 'Missing']);
        assert.equal(server.count(), 1);
        assert.deepEqual(changed, [`collection:${uidOf('Shop')}`]);
      });
    }
  });

  describe('duplicate', () => {
    it('a request in a folder: a copy next to it (one transfer), then its name (one PUT); the collection is read anew', async () => {
      await cached('Shop');
      const id = idOf('Shop', 'List orders');
      const orders = idOf('Shop', 'Orders');
      await edits.duplicate(target('request', 'Shop', 'List orders'));
      const copy = named(stored('Shop').item, 'List orders Copy');
      assert.ok(copy);
      assert.deepEqual(sent(), [
        {
          method: 'POST', path: '/collection-requests-transfers',
          body: { ids: [`${owner}-${id}`], target: { model: 'folder', id: `${owner}-${orders}` }, location: { position: 'after', model: 'request', id: `${owner}-${id}` }, mode: 'copy' },
        },
        { method: 'PUT', path: `/collections/${cid('Shop')}/requests/${String(copy.id)}`, body: { name: 'List orders Copy' } },
      ]);
      assert.equal(outline(stored('Shop').item), 'Orders(List orders, List orders Copy, Archive(Old orders)), Health, Ping');
      assert.notEqual(copy.id, id);
      assert.deepEqual((copy.response as Obj[]).map((r) => r.name), ['OK', 'Missing'], 'its saved responses too');
      assert.equal(repo.has(`collection:${uidOf('Shop')}`), false);
      assert.deepEqual(dropped, [`collection:${uidOf('Shop')}`]);
      const again = await repo.collection(uidOf('Shop'));
      assert.equal(outline(again.item), outline(stored('Shop').item));
      assert.equal(server.count(), 3);
    });

    it('a folder at the top: the copy goes after it in the collection, then is named', async () => {
      await cached('Shop');
      const id = idOf('Shop', 'Orders');
      await edits.duplicate(target('folder', 'Shop', 'Orders'));
      const copy = named(stored('Shop').item, 'Orders Copy') as Obj;
      assert.deepEqual(sent(), [
        {
          method: 'POST', path: '/collection-folders-transfers',
          body: { ids: [`${owner}-${id}`], target: { model: 'collection', id: uidOf('Shop') }, location: { position: 'after', model: 'folder', id: `${owner}-${id}` }, mode: 'copy' },
        },
        { method: 'PUT', path: `/collections/${cid('Shop')}/folders/${String(copy.id)}`, body: { name: 'Orders Copy' } },
      ]);
      assert.equal(outline(stored('Shop').item), 'Orders(List orders, Archive(Old orders)), Orders Copy(List orders, Archive(Old orders)), Health, Ping');
      assert.equal(repo.has(`collection:${uidOf('Shop')}`), false);
    });

    it('a top-level request of a collection not loaded: the collection is read once to find its place, then the copy goes after it', async () => {
      const id = idOf('Shop', 'Health');
      await edits.duplicate(target('request', 'Shop', 'Health'));
      assert.deepEqual(calls().slice(0, 1), [`GET /collections/${uidOf('Shop')}`]);
      assert.deepEqual(server.requests[1].body, {
        ids: [`${owner}-${id}`], target: { model: 'collection', id: uidOf('Shop') }, location: { position: 'after', model: 'request', id: `${owner}-${id}` }, mode: 'copy',
      });
      assert.equal(outline(stored('Shop').item), 'Orders(List orders, Archive(Old orders)), Health, Health Copy, Ping');
      assert.equal(server.count(), 3);
    });

    it('a request in a folder of a collection not loaded: the copy goes into its folder (Postman refuses "after" it at the top)', async () => {
      const id = idOf('Shop', 'Old orders');
      await edits.duplicate(target('request', 'Shop', 'Old orders'));
      assert.deepEqual((server.requests[1].body as Obj).target, { model: 'folder', id: `${owner}-${idOf('Shop', 'Archive')}` });
      assert.deepEqual((server.requests[1].body as Obj).location, { position: 'after', model: 'request', id: `${owner}-${id}` });
      assert.equal(outline(stored('Shop').item), 'Orders(List orders, Archive(Old orders, Old orders Copy)), Health, Ping');
    });

    it('a request the cached copy does not hold: refused before any call, with what to do', async () => {
      await cached('Shop');
      const health = idOf('Shop', 'Health');
      repo.patchCollection(uidOf('Shop'), (c) => {
        c.item = c.item.filter((i) => (i as Obj).id !== health);
        return true;
      });
      await assert.rejects(edits.duplicate(target('request', 'Shop', 'Health')), (e: unknown) => e instanceof EditRefused && /"Health" is no longer in the collection.*Refresh/.test(e.message));
      assert.equal(server.count(), 0);
      assert.equal(outline(stored('Shop').item), 'Orders(List orders, Archive(Old orders)), Health, Ping');
    });

    it('a copy answered with a bare id (no owner) is renamed under that id as it is', async () => {
      await cached('Shop');
      const bare = 'abcdef12-1234-4abc-8def-0123456789ab';
      server.injectFault({ kind: 'status', status: 200, body: { ids: [bare] }, match: { path: '/collection-requests-transfers' }, times: 1 });
      await rejectsWith(edits.duplicate(target('request', 'Shop', 'Health')), 'notFound');
      assert.deepEqual(calls(), ['POST /collection-requests-transfers', `PUT /collections/${cid('Shop')}/requests/${bare}`]);
    });

    it('a copy Postman does not name is not renamed; the collection is read anew all the same', async () => {
      await cached('Shop');
      server.injectFault({ kind: 'status', status: 200, body: { ids: [] }, match: { path: '/collection-requests-transfers' }, times: 1 });
      await edits.duplicate(target('request', 'Shop', 'Health'));
      assert.deepEqual(calls(), ['POST /collection-requests-transfers']);
      assert.equal(repo.has(`collection:${uidOf('Shop')}`), false);
    });

    it('a saved response: refused, with no call', async () => {
      await assert.rejects(edits.duplicate(target('response', 'Shop', 'OK')), (e: unknown) => e instanceof EditRefused && /Saved responses cannot be duplicated/.test(e.message));
      assert.equal(server.count(), 0);
    });

    it('a collection: POST duplicates, then polls the task until done (waiting between polls); the workspace is read anew', async () => {
      await cached('Shop');
      const uid = uidOf('Shop');
      await edits.duplicate({ model: 'collection', uid, workspaceId: team(), name: 'Shop' });
      const task = Object.keys(server.dataset.duplicateTasks ?? {})[0];
      assert.deepEqual(sent(), [
        { method: 'POST', path: `/collections/${uid}/duplicates`, body: { workspace: team(), suffix: 'Copy' } },
        { method: 'GET', path: `/collection-duplicate-tasks/${task}` },
        { method: 'GET', path: `/collection-duplicate-tasks/${task}` },
      ]);
      assert.deepEqual(waits, [1000], 'one wait, between the two polls');
      assert.deepEqual(ws('Team').collections.map((c) => c.name), ['Shop', 'Other', 'Third', 'Shop Copy']);
      assert.equal(outline(stored('Shop Copy').item), outline(stored('Shop').item));
      assert.equal(repo.has(`workspace:${team()}`), false);
      assert.deepEqual(dropped, [`workspace:${team()}`]);
      assert.equal(repo.has(`collection:${uid}`), true, 'the original stays cached');
      assert.deepEqual((await repo.workspace(team())).collections.map((c) => c.name), ['Shop', 'Other', 'Third', 'Shop Copy']);
    });

    it('a collection whose duplication fails: refused with Postman\'s reason; the workspace stays cached', async () => {
      await cached();
      const uid = uidOf('Shop');
      onWait = () => {
        // The original is deleted in Postman while it is being copied.
        delete server.dataset.collections[uid];
      };
      await assert.rejects(
        edits.duplicate({ model: 'collection', uid, workspaceId: team(), name: 'Shop' }),
        (e: unknown) => e instanceof EditRefused && e.message === 'Postman could not duplicate the collection: instance not found.',
      );
      assert.equal(server.count(), 3);
      assert.deepEqual(waits, [1000]);
      assert.equal(repo.has(`workspace:${team()}`), true);
      assert.deepEqual(dropped, []);
    });

    it('followDuplicate: gives up after 60 polls, waiting a second after each; a failure without reason says so', async () => {
      let polls = 0;
      let status = 'processing';
      const fake = {
        getDuplicateTask: async (id: string) => {
          polls++;
          return { id, status };
        },
      } as unknown as PostmanClient;
      const waited: number[] = [];
      const slow = new TreeEdits(fake, repo, async (ms) => void waited.push(ms));
      await assert.rejects(slow.followDuplicate('t'), (e: unknown) => e instanceof EditRefused && /still duplicating/.test(e.message));
      assert.equal(polls, 60);
      assert.equal(waited.length, 60);
      assert.ok(waited.every((ms) => ms === 1000));
      status = 'failed';
      polls = 0;
      await assert.rejects(slow.followDuplicate('t'), (e: unknown) => e instanceof EditRefused && e.message === 'Postman could not duplicate the collection.');
      assert.equal(polls, 1);
      status = 'completed';
      polls = 0;
      waited.length = 0;
      await slow.followDuplicate('t');
      assert.equal(polls, 1);
      assert.deepEqual(waited, []);
    });

    it('an environment: its variables (read once, or from the cache) go into a new one named "… Copy"; the cached workspace lists it', async () => {
      await cached();
      const values = server.dataset.environments[envUid()].values;
      await edits.duplicate({ model: 'environment', uid: envUid(), workspaceId: team(), name: 'Prod' });
      assert.deepEqual(calls(), [`GET /environments/${envUid()}`, 'POST /environments']);
      const copy = Object.values(server.dataset.environments).find((e) => e.name === 'Prod Copy');
      assert.ok(copy);
      assert.deepEqual(copy.values, values);
      assert.deepEqual(server.requests[1].query, { workspace: team() });
      assert.deepEqual((server.requests[1].body as { environment: Obj }).environment.name, 'Prod Copy');
      const listed = (await repo.workspace(team())).environments;
      assert.deepEqual(listed.map((e) => e.name), ['Prod', 'Prod Copy']);
      assert.deepEqual(listed[1], { id: copy.id, name: 'Prod Copy', uid: copy.uid });
      server.resetCounts();
      await edits.duplicate({ model: 'environment', uid: envUid(), workspaceId: team(), name: 'Prod' });
      assert.deepEqual(calls(), ['POST /environments'], 'the environment is cached now');
    });
  });

  describe('move', () => {
    it('a request into a folder of its collection: one transfer; the cached collection moves it, with no reload', async () => {
      const { loaded: [shop] } = await cached('Shop');
      const health = idOf('Shop', 'Health');
      const archive = idOf('Shop', 'Archive');
      const moved = (shop.item as Obj[])[1];
      await edits.move([target('request', 'Shop', 'Health')], { collectionUid: uidOf('Shop'), workspaceId: team(), folder: archive });
      assert.deepEqual(sent(), [{
        method: 'POST', path: '/collection-requests-transfers',
        body: { ids: [`${owner}-${health}`], target: { model: 'folder', id: `${owner}-${archive}` }, location: { position: 'end', model: null, id: null }, mode: 'move' },
      }]);
      const expected = 'Orders(List orders, Archive(Old orders, Health)), Ping';
      assert.equal(outline(stored('Shop').item), expected);
      const now = repo.loadedCollection(uidOf('Shop')) as CollectionDocument;
      assert.notEqual(now, shop);
      assert.equal(outline(now.item), expected);
      assert.equal(outline(now.item, 'id'), outline(stored('Shop').item, 'id'));
      assert.equal(named(now.item, 'Health'), moved, 'the same item, moved');
      assert.deepEqual(changed, [`collection:${uidOf('Shop')}`, `collection:${uidOf('Shop')}`], 'out of its place, then into the folder');
      assert.deepEqual(dropped, []);
      await repo.collection(uidOf('Shop'));
      assert.equal(server.count(), 1, 'no reload');
    });

    it('items of the target collection and of another moved together: the cached target matches Postman, each item once, in the order sent', async () => {
      await cached('Shop', 'Other');
      const orders = idOf('Shop', 'Orders');
      for (const order of [['Other', 'Elsewhere', 'Shop', 'Health'], ['Shop', 'Health', 'Other', 'Elsewhere']]) {
        server.reset();
        repo.invalidateAll();
        await cached('Shop', 'Other');
        const items = [target('request', order[0], order[1]), target('request', order[2], order[3])];
        await edits.move(items, { collectionUid: uidOf('Shop'), workspaceId: team(), folder: idOf('Shop', 'Orders') });
        const expected = `Orders(List orders, Archive(Old orders), ${order[1]}, ${order[3]}), Ping`;
        assert.equal(outline(stored('Shop').item), expected);
        const now = repo.loadedCollection(uidOf('Shop')) as CollectionDocument;
        assert.equal(outline(now.item), expected);
        assert.equal(outline(now.item, 'id'), outline(stored('Shop').item, 'id'));
        assert.equal(outline((repo.loadedCollection(uidOf('Other')) as CollectionDocument).item), '');
        assert.equal(server.count(), 1, 'no reload');
      }
      assert.equal(orders, idOf('Shop', 'Orders'));
    });

    it('requests dropped onto a request: before it, in its folder, in the order given', async () => {
      await cached('Shop');
      const list = idOf('Shop', 'List orders');
      await edits.move([target('request', 'Shop', 'Ping'), target('request', 'Shop', 'Health')], {
        collectionUid: uidOf('Shop'), workspaceId: team(), folder: idOf('Shop', 'Orders'), before: { model: 'request', id: list },
      });
      assert.equal(server.count(), 1);
      assert.deepEqual((server.requests[0].body as Obj).location, { position: 'before', model: 'request', id: `${owner}-${list}` });
      assert.deepEqual((server.requests[0].body as Obj).ids, [`${owner}-${idOf('Shop', 'Ping')}`, `${owner}-${idOf('Shop', 'Health')}`]);
      const expected = 'Orders(Ping, Health, List orders, Archive(Old orders))';
      assert.equal(outline(stored('Shop').item), expected);
      assert.equal(outline((repo.loadedCollection(uidOf('Shop')) as CollectionDocument).item), expected);
    });

    it('a request before a top-level request: no folder, before it', async () => {
      await cached('Shop');
      const health = idOf('Shop', 'Health');
      await edits.move([target('request', 'Shop', 'Ping')], { collectionUid: uidOf('Shop'), workspaceId: team(), before: { model: 'request', id: health } });
      assert.deepEqual((server.requests[0].body as Obj).target, { model: 'collection', id: uidOf('Shop') });
      const expected = 'Orders(List orders, Archive(Old orders)), Ping, Health';
      assert.equal(outline(stored('Shop').item), expected);
      assert.equal(outline((repo.loadedCollection(uidOf('Shop')) as CollectionDocument).item), expected);
      assert.equal(server.count(), 1);
    });

    it('folders and requests together: one transfer for the folders (first, to the end), one for the requests (before the request)', async () => {
      await cached('Shop');
      const ping = idOf('Shop', 'Ping');
      const archive = idOf('Shop', 'Archive');
      const list = idOf('Shop', 'List orders');
      await edits.move([target('request', 'Shop', 'List orders'), target('folder', 'Shop', 'Archive')], {
        collectionUid: uidOf('Shop'), workspaceId: team(), before: { model: 'request', id: ping },
      });
      assert.deepEqual(sent(), [
        {
          method: 'POST', path: '/collection-folders-transfers',
          body: { ids: [`${owner}-${archive}`], target: { model: 'collection', id: uidOf('Shop') }, location: { position: 'end', model: null, id: null }, mode: 'move' },
        },
        {
          method: 'POST', path: '/collection-requests-transfers',
          body: { ids: [`${owner}-${list}`], target: { model: 'collection', id: uidOf('Shop') }, location: { position: 'before', model: 'request', id: `${owner}-${ping}` }, mode: 'move' },
        },
      ]);
      const expected = 'Orders(), Health, List orders, Ping, Archive(Old orders)';
      assert.equal(outline(stored('Shop').item), expected);
      assert.equal(outline((repo.loadedCollection(uidOf('Shop')) as CollectionDocument).item), expected);
      assert.equal(server.count(), 2);
    });

    it('a folder dropped onto a request goes to the end (a folder is never placed before a request)', async () => {
      await cached('Shop');
      await edits.move([target('folder', 'Shop', 'Archive')], {
        collectionUid: uidOf('Shop'), workspaceId: team(), before: { model: 'request', id: idOf('Shop', 'Health') },
      });
      assert.deepEqual((server.requests[0].body as Obj).location, { position: 'end', model: null, id: null });
      const expected = 'Orders(List orders), Health, Ping, Archive(Old orders)';
      assert.equal(outline(stored('Shop').item), expected);
      assert.equal(outline((repo.loadedCollection(uidOf('Shop')) as CollectionDocument).item), expected);
    });

    it('to another collection: one transfer; the item leaves the one cached copy and joins the other', async () => {
      const { loaded: [shop, other] } = await cached('Shop', 'Other');
      const moved = named(shop.item, 'Health');
      await edits.move([target('request', 'Shop', 'Health')], { collectionUid: uidOf('Other'), workspaceId: team() });
      assert.deepEqual(sent(), [{
        method: 'POST', path: '/collection-requests-transfers',
        body: { ids: [`${owner}-${String(moved?.id)}`], target: { model: 'collection', id: uidOf('Other') }, location: { position: 'end', model: null, id: null }, mode: 'move' },
      }]);
      assert.equal(outline(stored('Shop').item), 'Orders(List orders, Archive(Old orders)), Ping');
      assert.equal(outline(stored('Other').item), 'Elsewhere, Health');
      const shopNow = repo.loadedCollection(uidOf('Shop')) as CollectionDocument;
      const otherNow = repo.loadedCollection(uidOf('Other')) as CollectionDocument;
      assert.equal(outline(shopNow.item), 'Orders(List orders, Archive(Old orders)), Ping');
      assert.equal(outline(otherNow.item), 'Elsewhere, Health');
      assert.notEqual(otherNow, other);
      assert.equal(otherNow.item[1], moved);
      assert.deepEqual(changed, [`collection:${uidOf('Shop')}`, `collection:${uidOf('Other')}`]);
      assert.equal(server.count(), 1);
    });

    it('from two other collections into a folder of a third, before a request: one transfer; each cached copy follows', async () => {
      const { loaded: [shop, other] } = await cached('Shop', 'Other', 'Third');
      const health = named(shop.item, 'Health');
      const elsewhere = named(other.item, 'Elsewhere');
      const inbox = idOf('Third', 'Inbox');
      const note = idOf('Third', 'Note');
      await edits.move([target('request', 'Shop', 'Health'), target('request', 'Other', 'Elsewhere')], {
        collectionUid: uidOf('Third'), workspaceId: team(), folder: inbox, before: { model: 'request', id: note },
      });
      assert.deepEqual(sent(), [{
        method: 'POST', path: '/collection-requests-transfers',
        body: {
          ids: [`${owner}-${String(health?.id)}`, `${owner}-${String(elsewhere?.id)}`], target: { model: 'folder', id: `${owner}-${inbox}` },
          location: { position: 'before', model: 'request', id: `${owner}-${note}` }, mode: 'move',
        },
      }]);
      assert.equal(outline(stored('Third').item), 'Inbox(Health, Elsewhere, Note)');
      assert.equal(outline((repo.loadedCollection(uidOf('Third')) as CollectionDocument).item), 'Inbox(Health, Elsewhere, Note)');
      assert.equal(outline((repo.loadedCollection(uidOf('Third')) as CollectionDocument).item, 'id'), outline(stored('Third').item, 'id'));
      assert.equal(outline((repo.loadedCollection(uidOf('Shop')) as CollectionDocument).item), 'Orders(List orders, Archive(Old orders)), Ping');
      assert.equal(outline((repo.loadedCollection(uidOf('Other')) as CollectionDocument).item), '');
      assert.deepEqual(changed, [`collection:${uidOf('Shop')}`, `collection:${uidOf('Other')}`, `collection:${uidOf('Third')}`]);
      assert.deepEqual(dropped, []);
      assert.equal(server.count(), 1);
    });

    it('from two other collections, one not loaded: the cached target cannot be completed and is read anew', async () => {
      await cached('Shop', 'Third');
      await edits.move([target('request', 'Shop', 'Health'), target('request', 'Other', 'Elsewhere')], { collectionUid: uidOf('Third'), workspaceId: team() });
      assert.equal(outline(stored('Third').item), 'Inbox(Note), Health, Elsewhere');
      assert.equal(outline((repo.loadedCollection(uidOf('Shop')) as CollectionDocument).item), 'Orders(List orders, Archive(Old orders)), Ping');
      assert.equal(repo.has(`collection:${uidOf('Third')}`), false);
      assert.deepEqual(dropped, [`collection:${uidOf('Third')}`]);
    });

    it('into a folder of another collection, the cached target not loaded: the source is patched, the target left to load', async () => {
      await cached('Other');
      const elsewhere = idOf('Other', 'Elsewhere');
      const orders = idOf('Shop', 'Orders');
      await edits.move([target('request', 'Other', 'Elsewhere')], { collectionUid: uidOf('Shop'), workspaceId: team(), folder: orders });
      assert.deepEqual((server.requests[0].body as Obj).target, { model: 'folder', id: `${owner}-${orders}` });
      assert.equal(outline(stored('Shop').item), 'Orders(List orders, Archive(Old orders), Elsewhere), Health, Ping');
      assert.equal(outline((repo.loadedCollection(uidOf('Other')) as CollectionDocument).item), '');
      assert.equal(repo.has(`collection:${uidOf('Shop')}`), false);
      assert.equal(idOf('Shop', 'Elsewhere'), elsewhere);
      assert.equal(server.count(), 1);
    });

    it('into another collection whose source is not loaded: the cached target cannot be completed and is read anew', async () => {
      await cached('Other');
      await edits.move([target('request', 'Shop', 'Health')], { collectionUid: uidOf('Other'), workspaceId: team() });
      assert.equal(outline(stored('Other').item), 'Elsewhere, Health');
      assert.equal(repo.has(`collection:${uidOf('Other')}`), false);
      assert.deepEqual(dropped, [`collection:${uidOf('Other')}`]);
      assert.equal(outline((await repo.collection(uidOf('Other'))).item), 'Elsewhere, Health');
      assert.equal(server.count(), 2);
    });

    it('a folder into itself or one of its own folders: refused before any call', async () => {
      await cached('Shop');
      const shop = repo.loadedCollection(uidOf('Shop'));
      for (const into of ['Orders', 'Archive']) {
        await assert.rejects(
          edits.move([target('folder', 'Shop', 'Orders')], { collectionUid: uidOf('Shop'), workspaceId: team(), folder: idOf('Shop', into) }),
          (e: unknown) => e instanceof EditRefused && e.message === 'The folder "Orders" cannot move into itself or into one of its own folders.',
        );
      }
      await assert.rejects(
        edits.move([target('request', 'Shop', 'Health'), target('folder', 'Shop', 'Orders')], { collectionUid: uidOf('Shop'), workspaceId: team(), folder: idOf('Shop', 'Archive') }),
        EditRefused,
      );
      assert.equal(server.count(), 0);
      assert.equal(repo.loadedCollection(uidOf('Shop')), shop);
      assert.deepEqual(changed, []);
    });

    it('a folder to the top of its collection is never "into itself", whatever the cached copy holds', async () => {
      await cached('Shop');
      const orders = idOf('Shop', 'Orders');
      // An item without an id in the cached folder (Postman always gives one; a cached copy may lack it).
      repo.patchCollection(uidOf('Shop'), (c) => {
        ((c.item[0] as Obj).item as unknown[]).push({ name: 'id-less' });
        return true;
      });
      await edits.move([target('folder', 'Shop', 'Orders')], { collectionUid: uidOf('Shop'), workspaceId: team() });
      assert.equal(outline(stored('Shop').item), 'Health, Ping, Orders(List orders, Archive(Old orders))');
      assert.equal(outline((repo.loadedCollection(uidOf('Shop')) as CollectionDocument).item), 'Health, Ping, Orders(List orders, Archive(Old orders), id-less)');
      assert.equal(idOf('Shop', 'Orders'), orders);
      assert.equal(server.count(), 1);
    });

    it('a folder of a collection not loaded: no check here, Postman refuses a folder into itself', async () => {
      const orders = idOf('Shop', 'Orders');
      await edits.move([target('folder', 'Shop', 'Archive')], { collectionUid: uidOf('Shop'), workspaceId: team(), folder: orders });
      assert.equal(outline(stored('Shop').item), 'Orders(List orders, Archive(Old orders)), Health, Ping');
      await rejectsWith(edits.move([target('folder', 'Shop', 'Orders')], { collectionUid: uidOf('Shop'), workspaceId: team(), folder: idOf('Shop', 'Archive') }), 'badRequest');
      assert.equal(server.count(), 2);
      assert.equal(repo.has(`collection:${uidOf('Shop')}`), false);
    });

    it('a folder into a folder beside it: allowed', async () => {
      await cached('Shop');
      await edits.createFolder(uidOf('Shop'), undefined, 'Later');
      server.resetCounts();
      await edits.move([target('folder', 'Shop', 'Archive')], { collectionUid: uidOf('Shop'), workspaceId: team(), folder: idOf('Shop', 'Later') });
      const expected = 'Orders(List orders), Health, Ping, Later(Archive(Old orders))';
      assert.equal(outline(stored('Shop').item), expected);
      assert.equal(outline((repo.loadedCollection(uidOf('Shop')) as CollectionDocument).item), expected);
      assert.equal(server.count(), 1);
    });

    it('items of another workspace: refused before any call', async () => {
      await cached('Shop');
      const far = ws('Far').id;
      await assert.rejects(
        edits.move([target('request', 'Far', 'Far away', far)], { collectionUid: uidOf('Shop'), workspaceId: team() }),
        (e: unknown) => e instanceof EditRefused && /one workspace only/.test(e.message),
      );
      await assert.rejects(edits.move([target('request', 'Shop', 'Health'), target('request', 'Far', 'Far away', far)], { collectionUid: uidOf('Shop'), workspaceId: team() }), EditRefused);
      assert.equal(server.count(), 0);
      // What would not move anyway (a saved response, a request without id) is no reason to refuse.
      await edits.move([{ ...target('request', 'Far', 'Far away', far), model: 'response' }, { model: 'request', uid: uidOf('Far'), workspaceId: far, name: 'no id' }], {
        collectionUid: uidOf('Shop'), workspaceId: team(), before: { model: 'request', id: idOf('Shop', 'Health') },
      });
      assert.equal(server.count(), 0);
      assert.equal(outline(stored('Far').item), 'Far away');
    });

    it('nothing to move (a request dropped onto itself, a saved response, a collection): no call', async () => {
      await cached('Shop');
      const health = idOf('Shop', 'Health');
      await edits.move([target('request', 'Shop', 'Health')], { collectionUid: uidOf('Shop'), workspaceId: team(), before: { model: 'request', id: health } });
      await edits.move([target('response', 'Shop', 'OK')], { collectionUid: uidOf('Shop'), workspaceId: team() });
      await edits.move([{ model: 'collection', uid: uidOf('Other'), workspaceId: team(), name: 'Other' }], { collectionUid: uidOf('Shop'), workspaceId: team() });
      await edits.move([{ model: 'request', uid: uidOf('Shop'), workspaceId: team(), name: 'no id' }], { collectionUid: uidOf('Shop'), workspaceId: team() });
      assert.equal(server.count(), 0);
      assert.deepEqual(changed, []);
    });

    it('an answer naming other items than those sent: the cached collection is read anew', async () => {
      await cached('Shop');
      server.injectFault({ kind: 'status', status: 200, body: { ids: [`${owner}-someone-else`] }, times: 1 });
      await edits.move([target('request', 'Shop', 'Health')], { collectionUid: uidOf('Shop'), workspaceId: team(), folder: idOf('Shop', 'Orders') });
      assert.equal(repo.has(`collection:${uidOf('Shop')}`), false);
      assert.equal(dropped.at(-1), `collection:${uidOf('Shop')}`);
    });

    it('an answer naming more items than were sent: the cached collection is read anew', async () => {
      await cached('Shop');
      const health = idOf('Shop', 'Health');
      server.injectFault({ kind: 'status', status: 200, body: { ids: [`${owner}-${health}`, `${owner}-extra`] }, times: 1 });
      await edits.move([target('request', 'Shop', 'Health')], { collectionUid: uidOf('Shop'), workspaceId: team(), folder: idOf('Shop', 'Orders') });
      assert.equal(repo.has(`collection:${uidOf('Shop')}`), false);
    });

    it('a cached copy that no longer holds the moved item is read anew', async () => {
      await cached('Shop');
      const health = idOf('Shop', 'Health');
      // The cached copy lost it (a change seen elsewhere); Postman still has it.
      repo.patchCollection(uidOf('Shop'), (c) => {
        c.item = c.item.filter((i) => (i as Obj).id !== health);
        return true;
      });
      changed.length = 0;
      await edits.move([target('request', 'Shop', 'Health')], { collectionUid: uidOf('Shop'), workspaceId: team(), folder: idOf('Shop', 'Orders') });
      assert.equal(outline(stored('Shop').item), 'Orders(List orders, Archive(Old orders), Health), Ping');
      assert.equal(repo.has(`collection:${uidOf('Shop')}`), false);
      assert.deepEqual(changed, []);
      assert.deepEqual(dropped, [`collection:${uidOf('Shop')}`]);
    });

    it('an answer naming only some of the items sent: the cached collection is read anew', async () => {
      await cached('Shop');
      const health = idOf('Shop', 'Health');
      server.injectFault({ kind: 'status', status: 200, body: { ids: [`${owner}-${health}`, `${owner}-other`] }, times: 1 });
      await edits.move([target('request', 'Shop', 'Health'), target('request', 'Shop', 'Ping')], { collectionUid: uidOf('Shop'), workspaceId: team(), folder: idOf('Shop', 'Orders') });
      assert.equal(repo.has(`collection:${uidOf('Shop')}`), false);
    });

    it('an answer that only drops the owner from the ids is as good', async () => {
      await cached('Shop');
      const health = idOf('Shop', 'Health');
      server.injectFault({ kind: 'status', status: 200, body: { ids: [health] }, times: 1 });
      await edits.move([target('request', 'Shop', 'Health')], { collectionUid: uidOf('Shop'), workspaceId: team(), folder: idOf('Shop', 'Orders') });
      assert.equal(outline((repo.loadedCollection(uidOf('Shop')) as CollectionDocument).item), 'Orders(List orders, Archive(Old orders), Health), Ping');
      assert.deepEqual(dropped, []);
    });
  });

  describe('failures leave the cache as it was', () => {
    /** Loads the cache, lets `meanwhile` change Postman, then checks `action` fails with `kind` and changes nothing cached. */
    async function unchanged(action: () => Promise<unknown>, kind: 'forbidden' | 'notFound' | 'badRequest', meanwhile = () => undefined as unknown): Promise<void> {
      const { workspace, loaded: [shop, other] } = await cached('Shop', 'Other');
      const before = structuredClone({ workspace, shop, other });
      meanwhile();
      await rejectsWith(action(), kind);
      assert.equal(await repo.workspace(team()), workspace);
      assert.equal(repo.loadedCollection(uidOf('Shop')), shop);
      assert.equal(repo.loadedCollection(uidOf('Other')), other);
      assert.deepEqual({ workspace, shop, other }, before);
      assert.deepEqual(changed, []);
      assert.deepEqual(dropped, []);
    }

    it('a read-only workspace (403): create, rename, delete and move all fail, each after one call', async () => {
      server.setWorkspaceReadOnly(team());
      const shop = () => uidOf('Shop');
      const actions: (() => Promise<unknown>)[] = [
        () => edits.createCollection(team(), 'x'),
        () => edits.createEnvironment(team(), 'x'),
        () => edits.createFolder(shop(), undefined, 'x'),
        () => edits.createRequest(shop(), idOf('Shop', 'Orders'), 'x'),
        () => edits.rename({ model: 'collection', uid: shop(), workspaceId: team(), name: 'Shop' }, 'x'),
        () => edits.rename({ model: 'environment', uid: envUid(), workspaceId: team(), name: 'Prod' }, 'x'),
        () => edits.rename(target('request', 'Shop', 'Health'), 'x'),
        () => edits.delete({ model: 'collection', uid: shop(), workspaceId: team(), name: 'Shop' }),
        () => edits.delete(target('folder', 'Shop', 'Archive')),
        () => edits.duplicate(target('request', 'Shop', 'Health')),
        () => edits.move([target('request', 'Shop', 'Health')], { collectionUid: uidOf('Other'), workspaceId: team() }),
      ];
      for (const action of actions) {
        server.resetCounts();
        changed.length = 0;
        dropped.length = 0;
        await unchanged(action, 'forbidden');
        assert.equal(server.count(), 1);
      }
      assert.equal(outline(stored('Shop').item), 'Orders(List orders, Archive(Old orders)), Health, Ping');
    });

    it('an item deleted in Postman meanwhile (404): rename and delete fail, the cached copy keeps it', async () => {
      const gone = target('request', 'Shop', 'Health');
      await unchanged(() => edits.rename(gone, 'x'), 'notFound', () => server.deleteItemAsTeammate(uidOf('Shop'), gone.item as string));
      assert.deepEqual(calls(), [`PUT /collections/${cid('Shop')}/requests/${String(gone.item)}`]);
      await unchanged(() => edits.delete(gone), 'notFound');
      assert.deepEqual(calls(), [`DELETE /collections/${cid('Shop')}/requests/${String(gone.item)}`]);
      assert.equal(named((repo.loadedCollection(uidOf('Shop')) as CollectionDocument).item, 'Health')?.id, gone.item);
    });

    it('a folder deleted in Postman meanwhile: a move into it fails, nothing moves', async () => {
      const archive = idOf('Shop', 'Archive');
      const health = target('request', 'Shop', 'Health');
      await unchanged(
        () => edits.move([health], { collectionUid: uidOf('Shop'), workspaceId: team(), folder: archive }),
        'badRequest',
        () => server.deleteItemAsTeammate(uidOf('Shop'), archive),
      );
      assert.equal(server.count(), 1);
      assert.equal(outline(stored('Shop').item), 'Orders(List orders), Health, Ping');
    });
  });

  describe('answers that say little', () => {
    function little(answer: Obj) {
      const client = {
        createCollection: async () => answer,
        createEnvironment: async () => answer,
        getEnvironment: async () => ({ id: 'e', name: 'Prod', values: [] }),
        getWorkspace: async (id: string) => ({ id, name: 'W', type: 'team', collections: [], environments: [], mocks: [], monitors: [], specs: [] }),
      } as unknown as PostmanClient;
      const r = new PostmanRepository(client);
      return { e: new TreeEdits(client, r, async () => undefined), r };
    }

    it('a new collection or environment answered with its uid only is listed under it', async () => {
      const { e, r } = little({ uid: '1-x' });
      await r.workspace('w');
      assert.deepEqual(await e.createCollection('w', 'C'), { id: '1-x', name: 'C', uid: '1-x' });
      assert.deepEqual(await e.createEnvironment('w', 'E'), { id: '1-x', name: 'E', uid: '1-x' });
      await e.duplicate({ model: 'environment', uid: '1-e', workspaceId: 'w', name: 'Prod' });
      const listed = await r.workspace('w');
      assert.deepEqual(listed.collections, [{ id: '1-x', name: 'C', uid: '1-x' }]);
      assert.deepEqual(listed.environments, [{ id: '1-x', name: 'E', uid: '1-x' }, { id: '1-x', name: 'Prod Copy', uid: '1-x' }]);
    });

    it('answered with neither id nor uid: listed under an empty id, with no uid', async () => {
      const { e, r } = little({ name: 'whatever' });
      await r.workspace('w');
      const c = await e.createCollection('w', 'C');
      assert.deepEqual(c, { id: '', name: 'C' });
      assert.equal('uid' in c, false);
      assert.deepEqual(await e.createEnvironment('w', 'E'), { id: '', name: 'E' });
      await e.duplicate({ model: 'environment', uid: '1-e', workspaceId: 'w', name: 'Prod' });
      const listed = await r.workspace('w');
      assert.deepEqual(listed.collections, [{ id: '', name: 'C' }]);
      assert.deepEqual(listed.environments, [{ id: '', name: 'E' }, { id: '', name: 'Prod Copy' }]);
    });

    it('followDuplicate waits a real second between polls when no wait is given', async () => {
      let polls = 0;
      const client = {
        getDuplicateTask: async (id: string) => {
          polls++;
          return { id, status: polls < 2 ? 'processing' : 'completed' };
        },
      } as unknown as PostmanClient;
      const e = new TreeEdits(client, new PostmanRepository(client));
      const start = Date.now();
      await e.followDuplicate('t');
      const took = Date.now() - start;
      assert.equal(polls, 2);
      assert.ok(took >= 990 && took < 3000, `${took} ms`);
    });
  });

  it('itemUid: an item id under its collection\'s owner; as it is when the collection UID names none', () => {
    assert.equal(itemUid('12-c', 'r'), '12-r');
    assert.equal(itemUid('c', 'r'), 'r');
  });
});
