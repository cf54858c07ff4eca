import * as assert from 'node:assert/strict';
import { type CollectionDocument, type PostmanClient, PostmanRepository, type WorkspaceDetail } from '../../src/postman';
import { renameItem } from '../../src/postman/itemTree';
import { itemRows, responseRows } from '../../src/tree/model/collectionRows';
import type { Row } from '../../src/tree/model/row';
import { TreeModel } from '../../src/tree/model/treeModel';

/**
 * The tree's item rows (folders, requests and their saved responses), each opening as a document
 * of its own, and how the tree follows a cached value changed in place (an edit Postman
 * confirmed): which rows are redrawn, and that their children rebuild from the cache with no call.
 */

const parent: Row = { id: 'ws:w/collections/12-c', kind: 'collection', parent: undefined, label: 'Shop', expandable: true, flags: ['collection'], workspaceId: 'w', uid: '12-c' };

describe('itemRows: folders and requests open as documents', () => {
  it('a folder with an id: its document address and the item and document flags', () => {
    const items = [{ id: 'r', name: 'R' }];
    const [f] = itemRows(parent, [{ id: 'f', name: 'F', item: items }], 'w', '12-c');
    assert.equal(f.kind, 'folder');
    assert.deepEqual(f.flags, ['folder', 'item', 'document']);
    assert.deepEqual(f.document, { kind: 'folder', uid: '12-c', item: 'f' });
    assert.deepEqual(f.ids, { id: 'f', uid: '12-f' });
    assert.equal(f.items, items);
    assert.equal(f.expandable, true);
  });

  it('a folder without an id: an item, but no document', () => {
    const [f, g] = itemRows(parent, [{ name: 'F', item: [] }, { id: '', name: 'G', item: [{}] }], 'w', '12-c');
    assert.deepEqual(f.flags, ['folder', 'item']);
    assert.equal('document' in f, false);
    assert.equal(f.expandable, false, 'an empty folder does not expand');
    assert.deepEqual(g.flags, ['folder', 'item']);
    assert.equal('document' in g, false);
    assert.equal(g.expandable, true);
  });

  it('a request with an id: its document address (under its collection\'s UID) and flags; a collection without owner still gives one', () => {
    const [r] = itemRows(parent, [{ id: 'r', name: 'R', request: { method: 'post', url: 'u' } }], 'w', '12-c');
    assert.equal(r.kind, 'request');
    assert.deepEqual(r.flags, ['request', 'method-post', 'item', 'document']);
    assert.deepEqual(r.document, { kind: 'request', uid: '12-c', item: 'r' });
    const [plain] = itemRows(parent, [{ id: 'r', name: 'R' }], 'w', 'plain');
    assert.deepEqual(plain.document, { kind: 'request', uid: 'plain', item: 'r' });
    assert.deepEqual(plain.ids, { id: 'r' });
    assert.deepEqual(plain.flags, ['request', 'method-get', 'item', 'document']);
  });

  it('a request without an id: an item, but no document', () => {
    const [r, s] = itemRows(parent, [{ name: 'R', request: { method: 'DELETE' } }, { id: '', name: 'S' }], 'w', '12-c');
    assert.deepEqual(r.flags, ['request', 'method-delete', 'item']);
    assert.equal('document' in r, false);
    assert.deepEqual(s.flags, ['request', 'method-get', 'item']);
    assert.equal('document' in s, false);
  });

  it('a request with saved responses expands into them (the same list); one without, or with a list that is not one, does not', () => {
    const responses = [{ id: 'x', name: 'OK', code: 200 }];
    const [withSome, none, empty, odd] = itemRows(parent, [
      { id: 'a', name: 'A', response: responses },
      { id: 'b', name: 'B' },
      { id: 'c', name: 'C', response: [] },
      { id: 'd', name: 'D', response: 'text' },
    ], 'w', '12-c');
    assert.equal(withSome.expandable, true);
    assert.equal(withSome.items, responses);
    for (const row of [none, empty, odd]) {
      assert.equal(row.expandable, false, row.label);
      assert.deepEqual(row.items, [], row.label);
    }
  });
});

describe('responseRows: a request\'s saved responses', () => {
  const [request] = itemRows(parent, [{ id: 'r', name: 'R', response: [] }], 'w', '12-c');

  it('one row per response: id, label, code, colour, tooltip, flags and document', () => {
    const rows = responseRows(request, [
      { id: 'x1', name: 'OK', code: 200, status: 'OK' },
      { id: 'x2', name: 'Gone *now*', code: 404, status: 'Not Found' },
    ]);
    assert.deepEqual(rows[0], {
      id: 'ws:w/collections/12-c/r/x1',
      kind: 'response',
      parent: request,
      label: 'OK',
      description: '200',
      tooltip: '**OK** · saved response · 200 OK',
      icon: 'mail',
      iconColor: 'charts.green',
      expandable: false,
      flags: ['response', 'item', 'document'],
      workspaceId: 'w',
      collectionUid: '12-c',
      ids: { id: 'x1' },
      document: { kind: 'response', uid: '12-c', item: 'x1' },
    });
    assert.equal(rows[0].parent, request);
    assert.equal(rows[1].tooltip, '**Gone \\*now\\*** · saved response · 404 Not Found');
    assert.equal(rows[1].iconColor, 'charts.red');
    assert.equal(rows[1].description, '404');
    assert.deepEqual(rows[1].document, { kind: 'response', uid: '12-c', item: 'x2' });
  });

  it('red from 400, green below', () => {
    const rows = responseRows(request, [399, 400, 0, 599].map((code, i) => ({ id: `x${i}`, name: 'n', code })));
    assert.deepEqual(rows.map((r) => r.iconColor), ['charts.green', 'charts.red', 'charts.green', 'charts.red']);
    assert.deepEqual(rows.map((r) => r.description), ['399', '400', '0', '599']);
  });

  it('without a numeric code: no description, no colour; without a text status: none in the tooltip', () => {
    const [text, none] = responseRows(request, [{ id: 'a', name: 'A', code: '200', status: 5 }, { id: 'b', name: 'B', status: 'Fine_ok' }]);
    assert.equal('description' in text, false);
    assert.equal('iconColor' in text, false);
    assert.equal(text.tooltip, '**A** · saved response');
    assert.equal(none.tooltip, '**B** · saved response Fine\\_ok');
    assert.equal('description' in none, false);
  });

  it('a response without an id is named by its place, with no document; what is not an object is an unnamed one', () => {
    const rows = responseRows(request, [{ name: 'no id' }, 'junk', { id: '', name: '' }, { id: 7, name: 'numeric' }, { id: 'a/b', name: 'slash' }]);
    assert.deepEqual(rows.map((r) => r.id), ['#0', '#1', '#2', '#3', 'a%2Fb'].map((s) => `${request.id}/${s}`));
    assert.deepEqual(rows.map((r) => r.label), ['no id', '(unnamed)', '(unnamed)', 'numeric', 'slash']);
    for (const row of rows.slice(0, 4)) {
      assert.deepEqual(row.flags, ['response', 'item'], row.label);
      assert.equal('document' in row, false);
      assert.equal('ids' in row, false);
    }
    assert.deepEqual(rows[4].document, { kind: 'response', uid: '12-c', item: 'a/b' });
    assert.equal(rows[1].tooltip, '**\\(unnamed\\)** · saved response');
  });

  it('twins get distinct row ids', () => {
    const rows = responseRows(request, [{ id: 'x', name: 'one' }, { id: 'x', name: 'two' }]);
    assert.deepEqual(rows.map((r) => r.id), [`${request.id}/x`, `${request.id}/x~2`]);
    assert.deepEqual(rows[1].document, { kind: 'response', uid: '12-c', item: 'x' });
  });

  it('none for none', () => {
    assert.deepEqual(responseRows(request, []), []);
  });
});

/** A client that answers from fixed data and counts each call. */
function fakeClient() {
  const calls: string[] = [];
  const workspace = (): WorkspaceDetail => ({
    id: 'w', name: 'Team', type: 'team',
    collections: [{ id: 'c', uid: '12-c', name: 'Shop' }, { id: 'cc', uid: '12-cc', name: 'Shop 2' }],
    environments: [{ id: 'e', uid: '12-e', name: 'Prod' }],
    mocks: [], monitors: [], specs: [],
  });
  const collections: Record<string, () => CollectionDocument> = {
    '12-c': () => ({
      info: { name: 'Shop' },
      item: [
        { id: 'f', name: 'Orders', item: [{ id: 'r1', name: 'List', request: { method: 'GET', url: 'u' }, response: [{ id: 'x1', name: 'OK', code: 200 }, { id: 'x2', name: 'Gone', code: 404 }] }] },
        { id: 'r2', name: 'Health', request: { method: 'GET', url: 'h' } },
      ],
    }),
    '12-cc': () => ({ info: { name: 'Shop 2' }, item: [{ id: 'q', name: 'Q' }] }),
  };
  const client = {
    listWorkspaces: async () => {
      calls.push('workspaces');
      return [{ id: 'w', name: 'Team', type: 'team' }];
    },
    getWorkspace: async (id: string) => {
      calls.push(`workspace ${id}`);
      return workspace();
    },
    getCollection: async (uid: string) => {
      calls.push(`collection ${uid}`);
      return collections[uid]();
    },
    getEnvironment: async (uid: string) => {
      calls.push(`environment ${uid}`);
      return { id: 'e', name: 'Prod', values: [] };
    },
  } as unknown as PostmanClient;
  return { client, calls };
}

describe('TreeModel: item rows and the cache changed in place', () => {
  let repo: PostmanRepository;
  let model: TreeModel;
  let calls: string[];

  beforeEach(() => {
    const fake = fakeClient();
    calls = fake.calls;
    repo = new PostmanRepository(fake.client);
    model = new TreeModel(repo);
  });

  const child = async (of: Row | undefined, label: string): Promise<Row> => {
    const rows = await model.children(of);
    const row = rows.find((r) => r.label === label);
    assert.ok(row, `no ${label} among ${rows.map((r) => r.label).join(', ')}`);
    return row;
  };

  /** Everything expanded: the workspace, its collections and environments, both collections, the folder and its request. */
  async function expanded() {
    const ws = await child(undefined, 'Team');
    const group = await child(ws, 'Collections');
    const envGroup = await child(ws, 'Environments');
    const env = await child(envGroup, 'Prod');
    await model.children(env);
    const shop = await child(group, 'Shop');
    const shop2 = await child(group, 'Shop 2');
    await model.children(shop2);
    const folder = await child(shop, 'Orders');
    const request = await child(folder, 'List');
    const responses = await model.children(request);
    calls.length = 0;
    return { ws, group, envGroup, env, shop, shop2, folder, request, responses };
  }

  it('a request expands into its saved responses with no call; a request without any has no children', async () => {
    const { request, responses, shop } = await expanded();
    assert.deepEqual(responses.map((r) => [r.kind, r.label, r.description]), [['response', 'OK', '200'], ['response', 'Gone', '404']]);
    assert.deepEqual(responses.map((r) => r.document), [{ kind: 'response', uid: '12-c', item: 'x1' }, { kind: 'response', uid: '12-c', item: 'x2' }]);
    assert.equal(responses[0].parent, request);
    assert.equal(responses[0].workspaceId, 'w');
    const health = await child(shop, 'Health');
    assert.equal(health.expandable, false);
    assert.deepEqual(await model.children(health), []);
    assert.deepEqual(calls, []);
  });

  it('a folder or request row that carries no items has no children, and costs no call', async () => {
    await expanded();
    const bare = (kind: 'folder' | 'request'): Row => ({ id: `bare-${kind}`, kind, parent: undefined, label: kind, expandable: true, flags: [kind], workspaceId: 'w', collectionUid: '12-c' });
    assert.deepEqual(await model.children(bare('folder')), []);
    assert.deepEqual(await model.children(bare('request')), []);
    assert.deepEqual(calls, []);
  });

  it('cacheChanged(collection): the rows that read it, with the rows below forgotten; other rows keep theirs', async () => {
    const { ws, group, shop, shop2 } = await expanded();
    const before = await model.children(shop);
    const groupRows = await model.children(group);
    const shop2Rows = await model.children(shop2);
    const wsRows = await model.children(ws);
    assert.deepEqual(model.cacheChanged('collection:12-c'), [shop]);
    assert.equal(model.cacheChanged('collection:12-c')[0], shop, 'the row object the view holds');
    const after = await model.children(shop);
    assert.notEqual(after, before, 'rebuilt');
    assert.deepEqual(after.map((r) => r.id), before.map((r) => r.id), 'the same ids: expansion is kept');
    assert.equal(await model.children(group), groupRows);
    assert.equal(await model.children(shop2), shop2Rows, 'a collection whose row id starts alike is not touched');
    assert.equal(await model.children(ws), wsRows);
    assert.deepEqual(calls, [], 'all from the cache');
  });

  it('cacheChanged(workspace): the workspace row, everything below it forgotten', async () => {
    const { ws, group, shop } = await expanded();
    const wsRows = await model.children(ws);
    const groupRows = await model.children(group);
    const shopRows = await model.children(shop);
    const roots = await model.children();
    assert.deepEqual(model.cacheChanged('workspace:w'), [ws], 'not the group rows, which carry the workspace id too');
    assert.notEqual(await model.children(ws), wsRows);
    assert.notEqual(await model.children(group), groupRows);
    assert.notEqual(await model.children(shop), shopRows);
    assert.equal(await model.children(), roots);
    assert.deepEqual(calls, []);
  });

  it('cacheChanged: nothing for what no shown row reads (another collection, an environment, an item, a workspace not shown)', async () => {
    const { env, shop } = await expanded();
    const envRows = await model.children(env);
    const shopRows = await model.children(shop);
    assert.deepEqual(model.cacheChanged('collection:12-x'), []);
    assert.deepEqual(model.cacheChanged('environment:12-e'), []);
    assert.deepEqual(model.cacheChanged('item:12-c/request/r1'), []);
    assert.deepEqual(model.cacheChanged('workspace:other'), []);
    assert.equal(await model.children(env), envRows);
    assert.equal(await model.children(shop), shopRows);
  });

  it('watchCache: a patched collection redraws its row, whose children rebuild from the patched copy with no call', async () => {
    const { shop, folder, request } = await expanded();
    const redrawn: Array<Array<Row | undefined>> = [];
    model.watchCache((rows) => redrawn.push(rows));
    repo.patchCollection('12-c', (c) => renameItem(c, 'r1', 'List all') && renameItem(c, 'x2', 'Not found'));
    assert.deepEqual(redrawn, [[shop]]);
    const items = await model.children(shop);
    assert.deepEqual(items.map((r) => r.label), ['Orders', 'Health']);
    const newFolder = items[0];
    assert.notEqual(newFolder, folder);
    assert.equal(newFolder.id, folder.id);
    const requests = await model.children(newFolder);
    assert.deepEqual(requests.map((r) => r.label), ['List all']);
    assert.equal(requests[0].id, request.id);
    const responses = await model.children(requests[0]);
    assert.deepEqual(responses.map((r) => r.label), ['OK', 'Not found']);
    assert.deepEqual(calls, []);
  });

  it('watchCache: a patched workspace redraws the workspace row; its groups list what the patch added, with no call', async () => {
    const { ws } = await expanded();
    const redrawn: Array<Array<Row | undefined>> = [];
    model.watchCache((rows) => redrawn.push(rows));
    repo.patchWorkspace('w', (w) => w.collections.push({ id: 'n', uid: '12-n', name: 'New' }));
    assert.deepEqual(redrawn, [[ws]]);
    const group = await child(ws, 'Collections');
    assert.equal(group.description, '3');
    assert.deepEqual((await model.children(group)).map((r) => r.label), ['New', 'Shop', 'Shop 2']);
    assert.deepEqual(calls, []);
  });

  it('watchCache: a dropped value redraws its rows, which then load it again (one call); dropping all or what is not shown redraws nothing', async () => {
    const { shop } = await expanded();
    const redrawn: Array<Array<Row | undefined>> = [];
    model.watchCache((rows) => redrawn.push(rows));
    repo.invalidate('collection:12-c');
    assert.deepEqual(redrawn, [[shop]]);
    await model.children(shop);
    await model.children(shop);
    assert.deepEqual(calls, ['collection 12-c']);
    repo.invalidate('collection:12-x');
    repo.patchCollection('12-x', () => true);
    repo.invalidateAll();
    assert.equal(redrawn.length, 1);
  });

  it('watchCache: nothing once disposed', async () => {
    const { shop } = await expanded();
    const redrawn: Array<Array<Row | undefined>> = [];
    const watch = model.watchCache((rows) => redrawn.push(rows));
    const shopRows = await model.children(shop);
    watch.dispose();
    repo.patchCollection('12-c', () => true);
    repo.invalidate('workspace:w');
    assert.deepEqual(redrawn, []);
    assert.equal(await model.children(shop), shopRows, 'rows kept: the model was not told');
  });

  it('resourceChanged for an item kind changes no row (cacheChanged does that)', async () => {
    const { shop, folder, request } = await expanded();
    const shopRows = await model.children(shop);
    for (const kind of ['folder', 'request', 'response'] as const) {
      assert.deepEqual(model.resourceChanged({ kind, uid: '12-c', item: kind === 'folder' ? 'f' : kind === 'request' ? 'r1' : 'x1' }, 'Renamed'), []);
    }
    assert.equal(folder.label, 'Orders');
    assert.equal(request.label, 'List');
    assert.equal(await model.children(shop), shopRows);
  });

  it('resourceChanged for a collection still renames its row and rebuilds below it', async () => {
    const { group, shop } = await expanded();
    const shopRows = await model.children(shop);
    assert.deepEqual(model.resourceChanged({ kind: 'collection', uid: '12-c' }, 'A shop'), [group]);
    assert.equal(shop.label, 'A shop');
    assert.notEqual(await model.children(shop), shopRows);
  });

  it('refresh of a request row drops its own cached item, not the collection', async () => {
    const { shop, request } = await expanded();
    repo.store('item:12-c/request/r1', { id: 'r1' });
    repo.store('item:12-c/request/r2', { id: 'r2' });
    model.refresh(request);
    assert.equal(repo.has('item:12-c/request/r1'), false);
    assert.equal(repo.has('item:12-c/request/r2'), true);
    assert.equal(repo.has('collection:12-c'), true);
    model.refresh(shop);
    assert.equal(repo.has('item:12-c/request/r2'), false, 'a collection refresh drops its items');
    assert.equal(repo.has('collection:12-c'), false);
  });
});
