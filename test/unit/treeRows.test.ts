import * as assert from 'node:assert/strict';
import { HttpTransport, PostmanClient, PostmanError, PostmanRepository } from '../../src/postman';
import type { Row } from '../../src/tree/model/row';
import { TreeModel } from '../../src/tree/model/treeModel';
import { DatasetBuilder, folder, request } from '../fixtures/dataBuilders';
import type { Dataset, Monitor } from '../fixtures/datasetTypes';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';

/**
 * The tree's rows as a user sees them, from fixtures listed out of order on purpose: the
 * order the tree promises (personal first, then by name), a monitor's last run passed or
 * failed, what each row says and links to.
 */
const USER = {
  id: 12345678, username: 'taylor-lee', email: 't@example.com', fullName: 'Taylor Lee', avatar: null, isPublic: false,
  teamId: 1, teamName: 'Team', teamDomain: 'team', roles: ['user'],
};

function scrambled(): Dataset {
  const b = new DatasetBuilder('tree-rows', USER, [{ name: 'api_usage', limit: 1000, usage: 1, overage: 0 }], Date.UTC(2025, 0, 1));
  const ids = b.ids;
  const zulu = b.workspace({ name: 'Zulu', type: 'team', visibility: 'team' });
  b.workspace({ name: 'alpha', type: 'team', visibility: 'private' });
  b.workspace({ name: 'My Workspace', type: 'personal', visibility: 'personal' });
  b.workspace({ name: 'Mango', type: 'team', visibility: 'public' });
  b.workspace({ name: 'Ça va', type: 'team', visibility: 'partner' });
  b.workspace({ name: 'Another personal', type: 'personal', visibility: 'personal' });
  b.workspace({ name: 'beta', type: 'team', visibility: 'team' });

  const zeta = b.collection(zulu, {
    name: 'zeta',
    item: [
      request(ids, 'Get thing', 'GET', 'https://api.example.com/things/1', { description: 'Reads `one` thing.' }),
      folder(ids, 'One item', [request(ids, 'Delete', 'DELETE', 'https://api.example.com/x')], 'A folder **description**.'),
      folder(ids, 'Empty', []),
      // What Postman may hold beyond the fixture types: a lower-case method, no URL, a bare string, WebDAV.
      { id: 'no-url', name: 'No URL', request: { method: 'post', header: [], url: {} } } as never,
      { id: 'string-url', name: 'String request', request: 'https://api.example.com/`tick`' } as never,
      { id: 'weird', name: 'Custom method', request: { method: 'PROPFIND', header: [], url: 'https://dav.example.com/' } } as never,
    ],
  });
  const alphaCol = b.collection(zulu, { name: 'Alpha', item: [] });
  b.collection(zulu, { name: 'mid', item: [] });
  b.environment(zulu, 'prod', [
    { key: 'host', value: 'https://api.example.com', enabled: true, type: 'default' },
    { key: 'password', value: 'hunter2-secret', enabled: true, type: 'secret' },
    { key: 'old', value: 'legacy', enabled: false, type: 'default' },
    { key: '   ', value: 'nameless', enabled: true, type: 'default' },
  ]);
  b.environment(zulu, 'Dev', []);
  b.mock(zulu, 'zz mock', zeta);
  b.mock(zulu, 'Aa mock', alphaCol, { deactivated: true });
  b.monitor(zulu, 'success run', zeta);
  b.monitor(zulu, 'failed run', zeta, { failed: 2, requests: 5 });
  b.monitor(zulu, 'Passed run', zeta, { active: false, cron: '0 2 * * *', timezone: 'Asia/Tokyo' });
  b.monitor(zulu, 'errored run', zeta);
  b.monitor(zulu, 'never ran', zeta);
  const d = b.dataset;
  const byName = (name: string) => Object.values(d.monitors).find((m) => m.name === name) as Monitor;
  (byName('Passed run').lastRun as { status: string }).status = 'passed';
  (byName('errored run').lastRun as { status: string }).status = 'error';
  delete (byName('never ran') as Partial<Monitor>).lastRun;
  (byName('never ran') as Partial<Monitor>).schedule = undefined;
  return d;
}

describe('Tree rows from an unordered account', () => {
  const server = new LocalPostmanServer({ rateLimits: false, dataset: scrambled });
  let model: TreeModel;
  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    const http = new HttpTransport(() => ({ baseUrl: server.url, timeoutMs: 5000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }));
    model = new TreeModel(new PostmanRepository(new PostmanClient(http)));
  });

  const child = async (parent: Row | undefined, label: string): Promise<Row> => {
    const row = (await model.children(parent)).find((r) => r.label === label);
    assert.ok(row, `no ${label}`);
    return row;
  };
  const group = async (kind: string) => child(await child(undefined, 'Zulu'), kind);

  it('lists personal workspaces first, then every workspace by name (case and accents aside)', async () => {
    const rows = await model.children();
    assert.deepEqual(rows.map((r) => r.label), ['Another personal', 'My Workspace', 'alpha', 'beta', 'Ça va', 'Mango', 'Zulu']);
  });

  it('shows each workspace\'s visibility, icon, menu flags and links', async () => {
    const rows = await model.children();
    const w = Object.fromEntries(rows.map((r) => [r.label, r]));
    assert.deepEqual(rows.map((r) => [r.description, r.icon]), [
      ['personal', 'account'], ['personal', 'account'], ['private', 'lock'], ['team', 'organization'], ['partner', 'link'], ['public', 'globe'], ['team', 'organization'],
    ]);
    const zulu = server.dataset.workspaces.find((x) => x.name === 'Zulu');
    assert.ok(zulu);
    assert.deepEqual(w.Zulu.flags, ['workspace', 'ws-team']);
    assert.equal(w.Zulu.id, `ws:${zulu.id}`);
    assert.equal(w.Zulu.workspaceId, zulu.id);
    assert.deepEqual(w.Zulu.ids, { id: zulu.id });
    assert.equal(w.Zulu.webUrl, `https://go.postman.co/workspace/${zulu.id}`);
    assert.equal(w.Zulu.tooltip, '**Zulu**\n\nteam workspace');
    assert.equal(w['Ça va'].tooltip, '**Ça va**\n\npartner workspace');
    assert.equal(w.Zulu.expandable, true);
    assert.equal(w.Zulu.kind, 'workspace');
    assert.equal(w.Zulu.parent, undefined);
  });

  it('expands a workspace into its five groups, counted, in a fixed order, then its globals', async () => {
    const groups = await model.children(await child(undefined, 'Zulu'));
    assert.deepEqual(groups.map((g) => [g.label, g.description, g.icon, g.flags.join(' '), g.groupKind]), [
      ['Collections', '3', 'library', 'group collections', 'collections'],
      ['Environments', '2', 'server-environment', 'group environments', 'environments'],
      ['Specs', '0', 'symbol-structure', 'group specs', 'specs'],
      ['Mocks', '2', 'server-process', 'group mocks', 'mocks'],
      ['Monitors', '5', 'pulse', 'group monitors', 'monitors'],
      ['Globals', undefined, 'globe', 'globals document', undefined],
    ]);
    const globals = groups.pop() as Row;
    assert.ok(groups.every((g) => g.expandable && g.kind === 'group' && g.id.endsWith(`/${g.groupKind}`)));
    assert.deepEqual([globals.kind, globals.expandable, globals.id, globals.workspaceId], ['globals', true, `${globals.parent?.id}/globals`, globals.parent?.workspaceId]);
  });

  it('sorts collections, environments, mocks and monitors by name', async () => {
    assert.deepEqual((await model.children(await group('Collections'))).map((r) => r.label), ['Alpha', 'mid', 'zeta']);
    assert.deepEqual((await model.children(await group('Environments'))).map((r) => r.label), ['Dev', 'prod']);
    assert.deepEqual((await model.children(await group('Mocks'))).map((r) => r.label), ['Aa mock', 'zz mock']);
    assert.deepEqual((await model.children(await group('Monitors'))).map((r) => r.label), ['errored run', 'failed run', 'never ran', 'Passed run', 'success run']);
  });

  it('says whether a monitor\'s last run passed or failed: success and passed pass; failed, error and anything else fail', async () => {
    const monitors = await group('Monitors');
    const rows = await model.children(monitors);
    assert.ok(rows.every((r) => r.icon === 'pulse' && r.iconColor === undefined), 'nothing is known before a monitor is loaded');
    const seen: Record<string, unknown> = {};
    for (const row of rows) {
      const details = await model.children(row);
      seen[row.label] = { icon: row.icon, color: row.iconColor, description: row.description, flags: row.flags.join(' '), details: details.map((d) => `${d.icon}: ${d.label}${d.description ? ` [${d.description}]` : ''}`) };
    }
    const run = (name: string) => Object.values(server.dataset.monitors).find((m) => m.name === name)?.lastRun;
    assert.deepEqual(seen['success run'], {
      icon: 'pass', color: 'testing.iconPassed', description: 'active', flags: 'monitor active loaded',
      details: ['debug-start: Active', 'calendar: Schedule: 0 */6 * * * (America/Chicago)', `pass: Last run: passed · 0/12 assertions failed [${run('success run')?.finishedAt}]`],
    });
    assert.deepEqual(seen['Passed run'], {
      icon: 'pass', color: 'testing.iconPassed', description: 'paused', flags: 'monitor paused loaded',
      details: ['debug-pause: Paused', 'calendar: Schedule: 0 2 * * * (Asia/Tokyo)', `pass: Last run: passed · 0/12 assertions failed [${run('Passed run')?.finishedAt}]`],
    });
    assert.deepEqual(seen['failed run'], {
      icon: 'error', color: 'testing.iconFailed', description: 'active', flags: 'monitor active loaded',
      details: ['debug-start: Active', 'calendar: Schedule: 0 */6 * * * (America/Chicago)', `error: Last run: failed · 2/10 assertions failed [${run('failed run')?.finishedAt}]`],
    });
    assert.equal((seen['errored run'] as { icon: string }).icon, 'error');
    assert.deepEqual(seen['never ran'], {
      icon: 'pulse', color: undefined, description: 'active', flags: 'monitor active loaded',
      details: ['debug-start: Active', 'calendar: No schedule', 'circle-outline: No runs yet'],
    });
  });

  it('words a loaded monitor\'s tooltip: state, schedule, last run and when', async () => {
    const rows = await model.children(await group('Monitors'));
    const tip: Record<string, string | undefined> = {};
    for (const row of rows) {
      await model.loadMonitor(row);
      tip[row.label] = row.tooltip;
    }
    const finished = (name: string) => Object.values(server.dataset.monitors).find((m) => m.name === name)?.lastRun.finishedAt.replace(/[.-]/g, (c) => `\\${c}`);
    assert.equal(tip['success run'], `**success run** · active\n\nSchedule: \`0 */6 * * *\` (America/Chicago)\n\nLast run: passed at ${finished('success run')}`);
    assert.equal(tip['Passed run'], `**Passed run** · paused\n\nSchedule: \`0 2 * * *\` (Asia/Tokyo)\n\nLast run: passed at ${finished('Passed run')}`);
    assert.equal(tip['failed run'], `**failed run** · active\n\nSchedule: \`0 */6 * * *\` (America/Chicago)\n\nLast run: failed at ${finished('failed run')}`);
    assert.equal(tip['never ran'], '**never ran** · active\n\nNo runs yet');
  });

  it('keeps a loaded monitor\'s state when its group is drawn again, and forgets it on refresh', async () => {
    const monitors = await group('Monitors');
    const [first] = await model.children(monitors);
    await model.children(first);
    model.refresh(monitors);
    const [again] = await model.children(monitors);
    assert.notEqual(again, first);
    assert.equal(again.icon, 'error', 'drawn with the last run already known');
    server.resetCounts();
    model.refresh(again);
    const [third] = await model.children(monitors);
    assert.equal(third.icon, 'error', 'the group is still memoised');
    await model.children(third);
    assert.equal(server.count(), 1, 'a refreshed monitor is loaded again');
  });

  it('shows mocks: URL or deactivated, the collection they serve, menu flags', async () => {
    const [off, on] = await model.children(await group('Mocks'));
    const zeta = Object.values(server.dataset.collections).find((c) => c.info.name === 'zeta');
    const onMock = Object.values(server.dataset.mocks).find((m) => m.name === 'zz mock');
    assert.ok(zeta && onMock);
    assert.equal(on.description, onMock.mockUrl);
    assert.equal(on.mockUrl, onMock.mockUrl);
    assert.deepEqual(on.flags, ['mock', 'hasUrl']);
    assert.equal(on.iconColor, undefined);
    assert.equal(on.tooltip, `**zz mock**\n\nURL: \`${onMock.mockUrl}\`\n\nCollection: zeta`);
    assert.deepEqual(on.ids, { id: onMock.id, uid: onMock.uid });
    assert.equal(on.webUrl, `https://go.postman.co/workspace/${on.workspaceId}/mock/${onMock.uid}`);
    assert.equal(off.description, 'deactivated');
    assert.deepEqual(off.flags, ['mock', 'deactivated', 'hasUrl']);
    assert.equal(off.iconColor, 'disabledForeground');
    assert.match(String(off.tooltip), /^\*\*Aa mock\*\* \(deactivated\)\n\nURL: /);
    assert.match(String(off.tooltip), /Collection: Alpha$/);
  });

  it('names a mock\'s collection by id when the workspace does not list it, and "unknown" without one', async () => {
    const mock = Object.values(server.dataset.mocks).find((m) => m.name === 'zz mock');
    assert.ok(mock);
    mock.collection = '999-not-here';
    const other = Object.values(server.dataset.mocks).find((m) => m.name === 'Aa mock');
    assert.ok(other);
    (other as { collection?: string }).collection = undefined;
    (other as { mockUrl?: string }).mockUrl = undefined;
    const [off, on] = await model.children(await group('Mocks'));
    assert.match(String(on.tooltip), /Collection: 999\\-not\\-here$/);
    assert.equal(off.tooltip, '**Aa mock** (deactivated)\n\nCollection: unknown');
    assert.deepEqual(off.flags, ['mock', 'deactivated']);
    assert.equal(off.mockUrl, undefined);
  });

  it('shows variables with secret values masked, disabled ones marked, blank names named', async () => {
    const envs = await group('Environments');
    assert.deepEqual((await model.children(await child(envs, 'Dev'))).map((r) => [r.label, r.kind, r.flags.join(' ')]), [['No variables', 'message', 'message info']]);
    const vars = await model.children(await child(envs, 'prod'));
    assert.deepEqual(vars.map((v) => [v.label, v.description, v.icon, v.iconColor, v.flags.join(' '), v.tooltip]), [
      ['host', 'https://api.example.com', 'symbol-variable', undefined, 'variable', '**host**'],
      ['password', '••••••••', 'lock', undefined, 'variable secret', '**password** · secret (value hidden)'],
      ['old', 'legacy (disabled)', 'symbol-variable', 'disabledForeground', 'variable', '**old** · disabled'],
      ['(no name)', 'nameless', 'symbol-variable', undefined, 'variable', '**   **'],
    ]);
    assert.deepEqual(vars.map((v) => v.id.split('/').at(-1)), ['var#0', 'var#1', 'var#2', 'var#3']);
  });

  it('shows a collection\'s items: folders with counts, requests with method, URL and description', async () => {
    const zeta = await child(await group('Collections'), 'zeta');
    const rows = await model.children(zeta);
    const owner = zeta.uid?.split('-')[0];
    const r = Object.fromEntries(rows.map((x) => [x.label, x]));
    assert.deepEqual(rows.map((x) => [x.label, x.kind, x.description, x.icon, x.iconColor, x.expandable, x.flags.join(' ')]), [
      ['Get thing', 'request', 'GET', 'symbol-method', 'charts.green', false, 'request method-get item document'],
      ['One item', 'folder', '1', 'folder', undefined, true, 'folder item document'],
      ['Empty', 'folder', '0', 'folder', undefined, false, 'folder item document'],
      ['No URL', 'request', 'POST', 'symbol-method', 'charts.yellow', false, 'request method-post item document'],
      ['String request', 'request', 'GET', 'symbol-method', 'charts.green', false, 'request method-get item document'],
      ['Custom method', 'request', 'PROPFIND', 'symbol-method', 'charts.foreground', false, 'request method-propfind item document'],
    ]);
    assert.equal(r['Get thing'].tooltip, '**GET** `https://api.example.com/things/1`\n\n---\n\nReads `one` thing.');
    assert.equal(r['No URL'].tooltip, '**POST** `(no URL)`');
    assert.equal(r['String request'].tooltip, "**GET** `https://api.example.com/'tick'`");
    assert.equal(r['One item'].tooltip, '**One item** · folder, 1 item\n\n---\n\nA folder **description**.');
    assert.equal(r.Empty.tooltip, '**Empty** · folder, 0 items');
    const itemId = server.dataset.collections[zeta.uid as string].item[0].id;
    assert.deepEqual(r['Get thing'].ids, { id: itemId, uid: `${owner}-${itemId}` });
    assert.equal(r['Get thing'].webUrl, `https://go.postman.co/workspace/${zeta.workspaceId}/request/${owner}-${itemId}`);
    assert.equal(r['One item'].webUrl?.includes('/folder/'), true);
    assert.equal(r['Get thing'].id, `${zeta.id}/${itemId}`);
    assert.equal(r['Get thing'].collectionUid, zeta.uid);
    const [inner] = await model.children(r['One item']);
    assert.deepEqual([inner.label, inner.description, inner.iconColor, inner.parent], ['Delete', 'DELETE', 'charts.red', r['One item']]);
    assert.deepEqual(await model.children(r.Empty), []);
  });

  it('says "No requests" for an empty collection and "No workspaces" for an empty account', async () => {
    const alpha = await child(await group('Collections'), 'Alpha');
    assert.deepEqual((await model.children(alpha)).map((x) => [x.label, x.icon, x.flags.join(' ')]), [['No requests', 'info', 'message info']]);
    server.dataset.workspaces = [];
    model.refresh();
    const [none] = await model.children();
    assert.deepEqual([none.label, none.kind, none.id, none.expandable], ['No workspaces', 'message', 'root/message', false]);
  });

  it('says an empty group is empty', async () => {
    const personal = await child(undefined, 'My Workspace');
    const groups = await model.children(personal);
    for (const [g, empty] of [[0, 'No collections'], [1, 'No environments'], [2, 'No specs'], [3, 'No mocks'], [4, 'No monitors']] as const) {
      const rows = await model.children(groups[g]);
      assert.deepEqual(rows.map((x) => [x.label, x.flags.join(' ')]), [[empty, 'message empty']]);
    }
  });

  it('gives collections and environments their UID as address, monitors their id', async () => {
    const [collection] = await model.children(await group('Collections'));
    const stored = Object.values(server.dataset.collections).find((c) => c.info.name === 'Alpha');
    assert.equal(collection.uid, stored?.info.uid);
    assert.equal(collection.tooltip, `**Alpha**\n\ncollection · \`${stored?.info.uid}\``);
    assert.deepEqual(collection.ids, { id: stored?.info._postman_id, uid: stored?.info.uid });
    assert.equal(collection.icon, 'folder-library');
    assert.equal(collection.webUrl, `https://go.postman.co/workspace/${collection.workspaceId}/collection/${stored?.info.uid}`);
    const [env] = await model.children(await group('Environments'));
    assert.equal(env.icon, 'symbol-namespace');
    assert.deepEqual(env.flags, ['environment', 'document']);
    assert.deepEqual(env.document, { kind: 'environment', uid: env.uid });
    assert.deepEqual(collection.document, { kind: 'collection', uid: stored?.info.uid });
    const [monitor] = await model.children(await group('Monitors'));
    const m = Object.values(server.dataset.monitors).find((x) => x.name === 'errored run');
    assert.equal(monitor.uid, m?.id);
    assert.equal(monitor.webUrl, `https://go.postman.co/workspace/${monitor.workspaceId}/monitor/${m?.uid}`);
  });

  it('turns a resource gone from Postman into a row whose Retry reloads the workspace that listed it', async () => {
    const collections = await group('Collections');
    const zulu = collections.parent as Row;
    const [alpha] = await model.children(collections);
    const gone = model.errorRow(alpha, new PostmanError('notFound', 'gone', { status: 404 }));
    assert.equal(gone.retryTarget, zulu);
    assert.equal(gone.label, 'Could not load Alpha. Retry');
    assert.equal(gone.id, `${alpha.id}/error`);
    assert.deepEqual(gone.flags, ['message', 'retry']);
    assert.equal(gone.iconColor, 'errorForeground');
    assert.equal(model.errorRow(zulu, new PostmanError('notFound', 'gone', { status: 404 })).retryTarget, undefined, 'a workspace gone: reload the list');
    assert.equal(model.errorRow(alpha, new PostmanError('server', 'down', { status: 500 })).retryTarget, alpha);
    const root = model.errorRow(undefined, new PostmanError('network', 'down'));
    assert.equal(root.id, 'root/error');
    assert.equal(root.label, 'Could not load workspaces. Retry');
    assert.equal(root.tooltip, 'Could not reach the Postman API: down\\. Check your network or proxy, and the postman\\.apiBaseUrl setting\\.');
  });
});
