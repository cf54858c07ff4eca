import * as assert from 'node:assert/strict';
import { HttpTransport, PostmanClient, PostmanRepository } from '../../src/postman';
import type { Row } from '../../src/tree/model/row';
import { TreeModel } from '../../src/tree/model/treeModel';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';

/** The tree as data, built from the local server's real responses; no VS Code involved. */
describe('TreeModel', () => {
  const server = new LocalPostmanServer({ rateLimits: false });
  let model: TreeModel;

  before(async () => {
    await server.start();
  });
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    const http = new HttpTransport(() => ({ baseUrl: server.url, timeoutMs: 5000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }));
    model = new TreeModel(new PostmanRepository(new PostmanClient(http)));
  });

  const find = async (parent: Row | undefined, label: string): Promise<Row> => {
    const rows = await model.children(parent);
    const row = rows.find((r) => r.label === label);
    assert.ok(row, `no "${label}" among ${rows.map((r) => r.label).join(', ')}`);
    return row;
  };
  const payments = () => find(undefined, 'Payments Platform');

  it('lists workspaces personal first, with kind icons', async () => {
    const rows = await model.children();
    assert.equal(rows[0].label, 'My Workspace');
    assert.equal(rows[0].icon, 'account');
    const icons = Object.fromEntries(rows.map((r) => [r.label, r.icon]));
    assert.equal(icons['Security Research'], 'lock');
    assert.equal(icons['Public APIs'], 'globe');
    assert.equal(icons['Payments Platform'], 'organization');
  });

  it('expands a workspace into five counted groups and its globals with one call', async () => {
    const ws = await payments();
    server.resetCounts();
    const groups = await model.children(ws);
    assert.deepEqual(groups.map((g) => g.label), ['Collections', 'Environments', 'Specs', 'Mocks', 'Monitors', 'Globals']);
    const detail = server.dataset.workspaces.find((w) => w.name === 'Payments Platform');
    assert.deepEqual(groups.slice(0, 5).map((g) => g.description), [detail?.collections, detail?.environments, detail?.specs, detail?.mocks, detail?.monitors].map((l) => String(l?.length)));
    assert.equal(groups[5].description, undefined, 'globals are not counted: that would cost a call');
    assert.deepEqual(groups[5].document, { kind: 'globals', uid: detail?.id });
    assert.equal(server.count(), 1);
  });

  it('expands a collection with one call and its folders, to any depth, with none', async () => {
    const collections = await find(await payments(), 'Collections');
    const collection = await find(collections, 'Payments API v2');
    server.resetCounts();
    let rows = await model.children(collection);
    assert.equal(server.count(), 1);
    let depth = 0;
    const methods = new Set<string>();
    // Walk every folder breadth-first; nothing more may be fetched.
    const queue = [...rows];
    while (queue.length) {
      const row = queue.shift() as Row;
      if (row.kind === 'folder') {
        rows = await model.children(row);
        depth = Math.max(depth, row.id.split('/').length - collection.id.split('/').length);
        queue.push(...rows);
      } else if (row.kind === 'request') {
        methods.add(String(row.description));
        assert.match(String(row.tooltip), /`.+`/, 'the URL is in the tooltip');
        assert.ok(row.iconColor);
      }
    }
    assert.equal(server.count(), 1);
    assert.ok(depth >= 3, `folders nest ${depth} deep`);
    for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']) {
      assert.ok(methods.has(m), `a ${m} request is shown`);
    }
  });

  it('shows descriptions without images (one would be fetched on hover) and names without Markdown', async () => {
    const pixel = 'https://tracker.example/p.gif';
    const ws = server.dataset.workspaces.find((w) => w.name === 'Payments Platform');
    assert.ok(ws);
    ws.description = `Our APIs ![beacon](${pixel}) and ![ref][1]\n\n[1]: ${pixel}`;
    const ref = ws.collections.find((c) => c.name === 'Payments API v2');
    assert.ok(ref);
    const collection = server.dataset.collections[ref.uid];
    const first = collection.item[0] as { description?: unknown; name: string };
    first.description = { content: `Folder docs ![x](${pixel})`, type: 'text/markdown' };
    collection.info.name = 'Payments API v2';
    const wsRow = await payments();
    await model.children(wsRow);
    assert.match(String(wsRow.tooltip), /Our APIs \[beacon\]/);
    const rows = await model.children(await find(await find(wsRow, 'Collections'), 'Payments API v2'));
    const tips = [String(wsRow.tooltip), ...rows.map((r) => String(r.tooltip))];
    assert.ok(tips.some((t) => t.includes('Folder docs [x]')), tips.join('\n---\n'));
    for (const tip of tips) {
      assert.ok(!/!\[/.test(tip), tip);
    }
  });

  it('masks secret environment values', async () => {
    const envs = await find(await payments(), 'Environments');
    const env = await find(envs, 'Payments – Staging');
    const vars = await model.children(env);
    const stored = server.dataset.environments[env.uid as string].values;
    const secret = stored.find((v) => v.type === 'secret' && v.value !== '');
    assert.ok(secret, 'the sample environment has a secret');
    const row = vars.find((v) => v.label === secret.key);
    assert.ok(row && row.flags.includes('secret'));
    assert.ok(!String(row.description).includes(secret.value));
    assert.ok(!String(row.tooltip).includes(secret.value));
    const plain = stored.find((v) => v.type !== 'secret' && v.enabled);
    assert.equal(vars.find((v) => v.label === plain?.key)?.description, plain?.value);
  });

  it('shows mock URLs from one call per workspace, and deactivated mocks as such', async () => {
    const mocks = await find(await payments(), 'Mocks');
    server.resetCounts();
    const rows = await model.children(mocks);
    assert.equal(server.count({ path: '/mocks' }), 1);
    const off = rows.find((r) => r.flags.includes('deactivated'));
    assert.ok(off, 'a deactivated mock');
    assert.equal(off.description, 'deactivated');
    const on = rows.find((r) => !r.flags.includes('deactivated'));
    assert.match(String(on?.mockUrl), /^https:\/\//);
    assert.match(String(on?.tooltip), /Collection: /);
  });

  it('loads a monitor only when asked, then shows its last run', async () => {
    const monitors = await find(await payments(), 'Monitors');
    server.resetCounts();
    const rows = await model.children(monitors);
    assert.equal(server.count(), 0, 'listing monitors costs nothing: the workspace has them');
    const results = new Set<string | undefined>();
    for (const row of rows) {
      const details = await model.children(row);
      results.add(row.icon);
      assert.ok(['active', 'paused'].includes(String(row.description)));
      assert.equal(details.length, 3);
    }
    assert.equal(server.count(), rows.length);
    assert.ok(results.has('pass') && results.has('error'), 'passing and failing monitors');
  });

  it('says so when a group is empty', async () => {
    const mocks = await find(await find(undefined, 'My Workspace'), 'Mocks');
    assert.deepEqual((await model.children(mocks)).map((r) => r.label), ['No mocks']);
  });

  it('revisits without calls and keeps row objects until refreshed', async () => {
    const ws = await payments();
    const first = await model.children(ws);
    server.resetCounts();
    assert.equal(await model.children(ws), first);
    assert.equal(server.count(), 0);
    model.refresh(ws);
    const again = await model.children(ws);
    assert.notEqual(again, first);
    assert.equal(server.count(), 1);
  });

  it('turns a failure into a Retry row, and rejected credentials into a Sign In row', async () => {
    server.injectFault({ kind: 'status', status: 502, match: { path: '/workspaces' }, times: 1 });
    const err = await model.children().catch((e: unknown) => e);
    const retry = model.errorRow(undefined, err);
    assert.equal(retry.action, 'retry');
    assert.match(String(retry.description), /server error/);
    assert.equal((await model.children()).length, server.dataset.workspaces.length, 'failures are not cached');
    server.injectFault({ kind: 'status', status: 401, times: 1 });
    model.refresh();
    const denied = model.errorRow(undefined, await model.children().catch((e: unknown) => e));
    assert.equal(denied.action, 'signIn');
    server.injectFault({ kind: 'status', status: 429, times: 1, body: { error: { name: 'serviceLimitExhausted', message: 'quota' } } });
    const quota = model.errorRow(undefined, await model.children().catch((e: unknown) => e));
    assert.equal(quota.action, undefined, 'retrying cannot help a used-up quota');
    assert.match(quota.label, /quota is used up/);
  });
});
