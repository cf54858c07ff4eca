import * as assert from 'node:assert/strict';
import { HttpTransport, PostmanClient, PostmanRepository } from '../../src/postman';
import type { Row } from '../../src/tree/model/row';
import { TreeModel } from '../../src/tree/model/treeModel';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';

/**
 * What a refresh of a row costs and what it forgets; how the tree follows a save (a rename
 * re-sorts, with no call) and an import; a workspace answered under another id.
 */
describe('TreeModel refresh and change', () => {
  const server = new LocalPostmanServer({ rateLimits: false });
  let model: TreeModel;
  let repo: PostmanRepository;
  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    const http = new HttpTransport(() => ({ baseUrl: server.url, timeoutMs: 5000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }));
    repo = new PostmanRepository(new PostmanClient(http));
    model = new TreeModel(repo);
  });

  const child = async (parent: Row | undefined, label: string): Promise<Row> => {
    const rows = await model.children(parent);
    const row = rows.find((r) => r.label === label);
    assert.ok(row, `no ${label} among ${rows.map((r) => r.label).join(', ')}`);
    return row;
  };
  const payments = () => child(undefined, 'Payments Platform');
  const calls = () => server.requests.map((r) => `${r.method} ${r.path}`);

  it('a workspace\'s refresh reloads it and its mocks, and nothing else', async () => {
    const ws = await payments();
    const mocks = await child(ws, 'Mocks');
    await model.children(mocks);
    const collections = await child(ws, 'Collections');
    const collection = await child(collections, 'Payments API v2');
    await model.children(collection);
    const otherWs = await child(undefined, 'Public APIs');
    await model.children(otherWs);
    server.resetCounts();
    model.refresh(ws);
    await model.children(await child(await payments(), 'Mocks'));
    await model.children(await child(await child(await payments(), 'Collections'), 'Payments API v2'));
    await model.children(otherWs);
    assert.deepEqual(calls(), [`GET /workspaces/${ws.workspaceId}`, 'GET /mocks']);
    assert.deepEqual(server.requests[1].query, { workspace: ws.workspaceId });
  });

  it('a collection\'s, environment\'s or monitor\'s refresh reloads just that one', async () => {
    const ws = await payments();
    const collection = await child(await child(ws, 'Collections'), 'Payments API v2');
    const env = await child(await child(ws, 'Environments'), 'Payments – Staging');
    const monitor = await child(await child(ws, 'Monitors'), 'Refund flow nightly');
    const first = await model.children(collection);
    await model.children(env);
    await model.children(monitor);
    server.resetCounts();
    for (const row of [collection, env, monitor]) {
      model.refresh(row);
      await model.children(row);
    }
    assert.deepEqual(calls(), [`GET /collections/${collection.uid}`, `GET /environments/${env.uid}`, `GET /monitors/${monitor.uid}`]);
    const again = await model.children(collection);
    assert.notEqual(again, first, 'new rows after a refresh');
    assert.equal(await model.children(collection), again, 'memoised again until the next one');
  });

  it('a folder\'s refresh forgets its rows but needs no call', async () => {
    const collection = await child(await child(await payments(), 'Collections'), 'Payments API v2');
    const folder = await child(collection, 'Payments');
    const rows = await model.children(folder);
    const deeper = await child(folder, 'By ID');
    const deeperRows = await model.children(deeper);
    server.resetCounts();
    model.refresh(folder);
    const again = await model.children(folder);
    assert.notEqual(again, rows);
    assert.notEqual(await model.children(again.find((r) => r.label === 'By ID')), deeperRows, 'rows below it are forgotten too');
    assert.equal(server.count(), 0);
  });

  it('the Mocks group\'s refresh reloads the mocks only', async () => {
    const mocks = await child(await payments(), 'Mocks');
    await model.children(mocks);
    server.resetCounts();
    model.refresh(mocks);
    await model.children(mocks);
    assert.deepEqual(calls(), ['GET /mocks']);
    const environments = await child(await payments(), 'Environments');
    model.refresh(environments);
    await model.children(environments);
    assert.deepEqual(calls(), ['GET /mocks'], 'the environments come with the workspace: nothing to reload');
  });

  it('Refresh of everything reloads the list and forgets loaded monitors', async () => {
    const monitors = await child(await payments(), 'Monitors');
    const [first] = await model.children(monitors);
    await model.children(first);
    assert.notEqual(first.icon, 'pulse');
    const notified: unknown[] = [];
    repo.onDidInvalidate((key) => notified.push(key));
    model.refresh();
    assert.deepEqual(notified, [undefined]);
    server.resetCounts();
    const [again] = await model.children(await child(await payments(), 'Monitors'));
    assert.equal(again.icon, 'pulse', 'its last run is no longer known');
    assert.deepEqual(calls(), ['GET /workspaces', `GET /workspaces/${again.workspaceId}`]);
  });

  it('follows a rename saved from an editor: new label and tooltip, re-sorted, no call; only the rows that show it', async () => {
    const ws = await payments();
    const collections = await child(ws, 'Collections');
    const rows = await model.children(collections);
    assert.deepEqual(rows.map((r) => r.label), ['Payments API v2', 'Webhooks']);
    const target = rows[0];
    const items = await model.children(target);
    server.resetCounts();
    const parents = model.resourceChanged({ kind: 'collection', uid: target.uid as string }, 'Zebra API');
    assert.deepEqual(parents, [collections]);
    assert.deepEqual(rows.map((r) => r.label), ['Webhooks', 'Zebra API']);
    assert.equal(target.tooltip, `**Zebra API**\n\ncollection · \`${target.uid}\``);
    assert.equal(server.count(), 0);
    const env = (await model.children(await child(ws, 'Environments')))[0];
    assert.deepEqual(model.resourceChanged({ kind: 'environment', uid: target.uid as string }, 'x'), [], 'an environment with that uid: none');
    assert.equal(env.label, 'Payments – Production');
    assert.deepEqual(model.resourceChanged({ kind: 'collection', uid: 'no-such-uid' }, 'x'), []);
    const rebuilt = await model.children(target);
    assert.notEqual(rebuilt, items, 'its items are rebuilt…');
    assert.equal(server.count(), 0, '…from the cache, which the save already updated');
  });

  it('shows a long or odd new name as the tree shows names', async () => {
    const collections = await child(await payments(), 'Collections');
    const [target] = await model.children(collections);
    model.resourceChanged({ kind: 'collection', uid: target.uid as string }, 'A\nB *c*');
    assert.equal(target.label, 'A B *c*');
    assert.equal(target.tooltip, `**A\nB \\*c\\***\n\ncollection · \`${target.uid}\``);
  });

  it('reloads a workspace that gained a collection (an import), or drops its cached copy when it is not shown', async () => {
    const ws = await payments();
    await model.children(ws);
    server.resetCounts();
    const changed = model.workspaceChanged(ws.workspaceId as string);
    assert.deepEqual(changed, [ws]);
    await model.children(ws);
    assert.deepEqual(calls(), [`GET /workspaces/${ws.workspaceId}`]);
    const hidden = server.dataset.workspaces.find((w) => w.name === 'Public APIs');
    assert.ok(hidden);
    await repo.workspace(hidden.id);
    const unseen = new TreeModel(repo); // its root was never drawn
    assert.deepEqual(unseen.workspaceChanged(hidden.id), [], 'no row shows it, yet…');
    assert.equal(repo.has(`workspace:${hidden.id}`), false, '…its cached copy is dropped');
  });

  it('loads the groups of a workspace under the id it was asked for, whatever id the answer names', async () => {
    const ws = await payments();
    server.injectFault({ kind: 'status', status: 200, times: 1, body: { workspace: { id: 'other-id', name: 'Elsewhere', type: 'team', description: 'From a gateway', collections: [], environments: [], mocks: [], monitors: [] } } });
    const groups = await model.children(ws);
    assert.ok(groups.every((g) => g.workspaceId === ws.workspaceId));
    assert.equal(ws.tooltip, '**Elsewhere**\n\nFrom a gateway');
  });
});
