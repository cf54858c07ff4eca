import * as assert from 'node:assert/strict';
import { HttpTransport, PostmanClient, PostmanRepository } from '../../src/postman';
import { md, type Row } from '../../src/tree/model/row';
import { TreeModel } from '../../src/tree/model/treeModel';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY, SAMPLE_SPECS, specNamed } from '../fixtures/sampleData';

/** Specs and globals in the tree as data, from the local server's answers; no VS Code involved. */
describe('TreeModel: specs and globals', () => {
  const server = new LocalPostmanServer({ rateLimits: false });
  let model: TreeModel;
  let repo: PostmanRepository;

  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    const http = new HttpTransport(() => ({ baseUrl: server.url, timeoutMs: 5000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }), undefined, undefined, { pacer: false });
    repo = new PostmanRepository(new PostmanClient(http));
    model = new TreeModel(repo);
  });

  const find = async (parent: Row | undefined, label: string): Promise<Row> => {
    const rows = await model.children(parent);
    const row = rows.find((r) => r.label === label);
    assert.ok(row, `no "${label}" among ${rows.map((r) => r.label).join(', ')}`);
    return row;
  };
  const specsOf = async (ws: string) => find(await find(undefined, ws), 'Specs');

  it('lists a workspace\'s specs by name from the workspace answer, each addressed by its id', async () => {
    const group = await specsOf('Payments Platform');
    server.resetCounts();
    const rows = await model.children(group);
    assert.equal(server.count(), 0);
    assert.deepEqual(rows.map((r) => r.label), [SAMPLE_SPECS.multiFile, SAMPLE_SPECS.single]);
    const spec = specNamed(server.dataset, SAMPLE_SPECS.single);
    const row = rows[1];
    assert.deepEqual([row.kind, row.uid, row.ids, row.icon, row.expandable, row.flags], ['spec', spec.id, { id: spec.id }, 'symbol-structure', true, ['spec']]);
    assert.equal(row.id, `${group.id}/${spec.id}`);
    assert.equal(row.webUrl, `https://go.postman.co/workspace/${spec.workspaceId}/specification/${spec.id}`);
    assert.equal(row.document, undefined, 'a spec opens through its files');
    assert.equal(row.tooltip, `**${md(SAMPLE_SPECS.single)}**\n\nspec · \`${spec.id}\``);
  });

  it('expands a spec into its files, root first then by path, and its generated collections: two calls, none on a revisit', async () => {
    const spec = specNamed(server.dataset, SAMPLE_SPECS.multiFile);
    const row = await find(await specsOf('Payments Platform'), SAMPLE_SPECS.multiFile);
    server.resetCounts();
    const files = await model.children(row);
    assert.equal(server.count(), 2);
    assert.deepEqual(files.map((f) => [f.label, f.description, f.kind, f.icon, f.flags.join(' ')]), [
      ['index.yaml', 'root', 'specFile', 'file-code', 'specFile document'],
      ['components/responses/errors.yaml', undefined, 'specFile', 'file-code', 'specFile document'],
      ['components/schemas.yaml', undefined, 'specFile', 'file-code', 'specFile document'],
    ]);
    assert.deepEqual(files[2].document, { kind: 'specFile', uid: spec.id, path: 'components/schemas.yaml' });
    assert.equal(files[2].id, `${row.id}/f:${encodeURIComponent('components/schemas.yaml')}`);
    assert.equal(files[2].workspaceId, spec.workspaceId);
    await model.children(row);
    assert.equal(server.count(), 2);
    const cafe = await find(await specsOf('Ünïcødé Läb 🚀 日本語'), SAMPLE_SPECS.unicode);
    assert.deepEqual((await model.children(cafe)).map((f) => [f.label, f.icon]), [['openapi.json', 'json'], ['schémas/café.json', 'json']]);
  });

  it('shows the collections generated from a spec with their sync state, and they open as collections', async () => {
    const spec = specNamed(server.dataset, SAMPLE_SPECS.single);
    const row = await find(await specsOf('Payments Platform'), SAMPLE_SPECS.single);
    // Generated collections that still exist (Postman lists only those), in three states.
    const uids = Object.keys(server.dataset.collections).slice(0, 3);
    const base = { createdBy: 1, createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-02T00:00:00.000Z' };
    spec.generated = [
      { ...base, id: 'gen-1', uid: uids[0], name: 'B in sync', state: 'in-sync' },
      { ...base, id: 'gen-2', uid: uids[1], name: 'A drifted', state: 'out-of-sync' },
      { ...base, id: 'gen-3', uid: uids[2], name: 'C odd', state: 'sideways' as never },
    ];
    const rows = (await model.children(row)).filter((r) => r.flags.includes('generated'));
    assert.deepEqual(rows.map((r) => [r.label, r.description, r.icon, r.iconColor, r.kind, r.expandable]), [
      ['B in sync', 'generated · in sync', 'check', 'testing.iconPassed', 'collection', false],
      ['A drifted', 'generated · out of sync', 'warning', 'list.warningForeground', 'collection', false],
      ['C odd', 'generated · sideways', 'library', undefined, 'collection', false],
    ]);
    assert.deepEqual(rows[1].document, { kind: 'collection', uid: 'gen-2' });
    assert.match(rows[0].tooltip ?? '', /Collection generated from .*: in sync \(updated 2025\\-01\\-02/);
  });

  it('keeps a spec\'s files when its generated collections cannot be read, with a Retry', async () => {
    const spec = specNamed(server.dataset, SAMPLE_SPECS.single);
    const row = await find(await specsOf('Payments Platform'), SAMPLE_SPECS.single);
    server.injectFault({ kind: 'status', status: 500, match: { path: `/specs/${spec.id}/generations/collection` } });
    const rows = await model.children(row);
    assert.deepEqual(rows.map((r) => r.label), ['index.yaml', 'Could not load the generated collections. Retry']);
    assert.equal(rows[1].action, 'retry');
    assert.equal(rows[1].retryTarget, row);
    server.clearFaults();
    model.refresh(row);
    assert.deepEqual((await model.children(row)).map((r) => r.label), ['index.yaml']);
  });

  it('says a spec without files has none', async () => {
    const spec = specNamed(server.dataset, SAMPLE_SPECS.single);
    spec.files = [];
    const row = await find(await specsOf('Payments Platform'), SAMPLE_SPECS.single);
    assert.deepEqual((await model.children(row)).map((r) => [r.label, r.kind]), [['No files', 'message']]);
  });

  it('refreshes a spec (its files and generated collections) and a spec file (its cached text) on demand', async () => {
    const spec = specNamed(server.dataset, SAMPLE_SPECS.single);
    const row = await find(await specsOf('Payments Platform'), SAMPLE_SPECS.single);
    const [file] = await model.children(row);
    await repo.specFile(spec.id, 'index.yaml');
    server.resetCounts();
    model.refresh(file);
    await repo.specFile(spec.id, 'index.yaml');
    assert.equal(server.count(), 1, 'the file is read again');
    server.resetCounts();
    model.refresh(row);
    await model.children(row);
    assert.equal(server.count({ path: `/specs/${spec.id}/files` }) + server.count({ path: `/specs/${spec.id}/generations/collection` }), 2);
  });

  it('reloads a spec\'s generated collections after one of its files was saved (their sync state may change)', async () => {
    const spec = specNamed(server.dataset, SAMPLE_SPECS.single);
    const group = await specsOf('Payments Platform');
    const row = await find(group, SAMPLE_SPECS.single);
    const [file] = await model.children(row);
    server.resetCounts();
    const redraw = model.resourceChanged({ kind: 'specFile', uid: spec.id, path: 'index.yaml' }, 'index.yaml');
    assert.deepEqual(redraw, [row]);
    await model.children(row);
    assert.equal(server.count({ path: `/specs/${spec.id}/generations/collection` }), 1);
    assert.equal(file.label, 'index.yaml');
    assert.deepEqual(model.resourceChanged({ kind: 'specFile', uid: spec.id, path: 'other.yaml' }, 'x'), []);
  });

  it('shows a workspace\'s globals below its row, secret values masked, loaded only when expanded', async () => {
    const ws = server.dataset.workspaces.find((w) => w.name === 'Payments Platform');
    assert.ok(ws);
    ws.globals = [
      { key: 'region', value: 'eu', enabled: true, type: 'default' },
      { key: 'signingKey', value: 'global-secret-1', enabled: false, type: 'secret' },
    ];
    const globals = await find(await find(undefined, 'Payments Platform'), 'Globals');
    server.resetCounts();
    const rows = await model.children(globals);
    assert.equal(server.count({ path: `/workspaces/${ws.id}/global-variables` }), 1);
    assert.deepEqual(rows.map((r) => [r.label, r.description, r.icon]), [
      ['region', 'eu', 'symbol-variable'],
      ['signingKey', '•••••••• (disabled)', 'lock'],
    ]);
    assert.ok(!JSON.stringify(rows.map(({ parent: _p, ...r }) => r)).includes('global-secret-1'));
    server.resetCounts();
    model.refresh(globals);
    await model.children(globals);
    assert.equal(server.count({ path: `/workspaces/${ws.id}/global-variables` }), 1, 'Refresh reads them again');
    ws.globals = [];
    model.refresh(await find(undefined, 'Payments Platform'));
    const again = await find(await find(undefined, 'Payments Platform'), 'Globals');
    assert.deepEqual((await model.children(again)).map((r) => r.label), ['No variables']);
  });
});
