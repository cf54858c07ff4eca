import * as assert from 'node:assert/strict';
import { HttpTransport, PostmanClient, PostmanError, PostmanRepository } from '../../src/postman';
import type { Row } from '../../src/tree/model/row';
import { TreeModel } from '../../src/tree/model/treeModel';
import { DatasetBuilder, request } from '../fixtures/dataBuilders';
import type { Dataset, Monitor, Workspace } from '../fixtures/datasetTypes';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';

/**
 * The smaller print of the tree: rows for odd workspaces, monitors with half a schedule or
 * half a run, mocks the mock list does not know, error rows, and exactly what a refresh or a
 * rename drops (told through the repository's invalidation events).
 */
const USER = {
  id: 777, username: 'sam', email: 's@example.com', fullName: 'Sam', avatar: null, isPublic: false,
  teamId: 1, teamName: 'Team', teamDomain: 'team', roles: ['user'],
};

function account(): Dataset {
  const b = new DatasetBuilder('tree-details', USER, [{ name: 'api_usage', limit: 1000, usage: 1, overage: 0 }], Date.UTC(2025, 3, 1));
  const ids = b.ids;
  const main = b.workspace({ name: 'Main', type: 'team', visibility: 'team', description: 'The **main** one.' });
  b.workspace({ name: 'Odd', type: 'org' as never, visibility: 'hidden' as never });
  b.workspace({ name: 'Odd personal', type: 'personal', visibility: 'hidden' as never });
  const bare = b.workspace({ name: 'Bare', type: 'team', visibility: 'team' });
  (bare as Partial<Workspace>).description = undefined;
  const api = b.collection(main, { name: 'API', item: [request(ids, 'Ping', 'GET', 'https://x/ping')] });
  b.collection(main, { name: 'API 2', item: [] });
  b.environment(main, 'Env', [{ key: 'k', value: 'v', enabled: true, type: 'default' }, { key: 'a', value: 'w', enabled: true, type: 'default' }]);
  b.mock(main, 'Known', api);
  b.mock(main, 'Unlisted', api, { deactivated: true });
  b.mock(main, 'By id', api);
  b.monitor(main, 'Half schedule', api);
  b.monitor(main, 'Half run', api);
  const d = b.dataset;
  const monitor = (name: string) => Object.values(d.monitors).find((m) => m.name === name) as Monitor;
  (monitor('Half schedule').schedule as Partial<Monitor['schedule']>).timezone = undefined;
  const run = monitor('Half run').lastRun as Partial<Monitor['lastRun']>;
  run.finishedAt = undefined;
  run.stats = undefined;
  // A mock the workspace lists but GET /mocks does not know (deleted meanwhile), and one naming its collection by id.
  const unlisted = Object.values(d.mocks).find((m) => m.name === 'Unlisted');
  delete d.mocks[unlisted?.id as string];
  const byId = Object.values(d.mocks).find((m) => m.name === 'By id');
  if (byId) {
    byId.collection = api.info._postman_id as string;
  }
  return d;
}

describe('Tree rows, the smaller print', () => {
  const server = new LocalPostmanServer({ rateLimits: false, dataset: account });
  let model: TreeModel;
  let repo: PostmanRepository;
  let dropped: unknown[];
  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    const http = new HttpTransport(() => ({ baseUrl: server.url, timeoutMs: 5000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }));
    repo = new PostmanRepository(new PostmanClient(http));
    model = new TreeModel(repo);
    dropped = [];
    repo.onDidInvalidate((key) => dropped.push(key));
  });

  const child = async (parent: Row | undefined, label: string): Promise<Row> => {
    const rows = await model.children(parent);
    const row = rows.find((r) => r.label === label);
    assert.ok(row, `no ${label} among ${rows.map((r) => r.label).join(', ')}`);
    return row;
  };
  const main = () => child(undefined, 'Main');
  const group = async (label: string) => child(await main(), label);

  it('gives a workspace of an unknown kind a folder icon, or its type\'s icon', async () => {
    assert.equal((await child(undefined, 'Odd')).icon, 'folder');
    assert.equal((await child(undefined, 'Odd personal')).icon, 'account');
    assert.equal((await child(undefined, 'Odd')).description, 'hidden');
  });

  it('puts a workspace\'s description in its tooltip once expanded, and leaves it alone without one', async () => {
    const ws = await main();
    assert.equal(ws.tooltip, '**Main**\n\nteam workspace');
    await model.children(ws);
    assert.equal(ws.tooltip, '**Main**\n\nThe **main** one.');
    const bare = await child(undefined, 'Bare');
    await model.children(bare);
    assert.equal(bare.tooltip, '**Bare**\n\nteam workspace');
  });

  it('makes collections, environments and monitors expandable rows, and mocks leaves', async () => {
    for (const label of ['Collections', 'Environments', 'Monitors']) {
      assert.ok((await model.children(await group(label))).every((r) => r.expandable), label);
    }
    const mocks = await model.children(await group('Mocks'));
    const g = await group('Mocks');
    assert.deepEqual(mocks.map((m) => [m.kind, m.icon, m.expandable, m.id === `${g.id}/${m.uid}`]), [['mock', 'server', false, true], ['mock', 'server', false, true], ['mock', 'server', false, true]]);
  });

  it('shows a mock the mock list does not know from what the workspace says, and names a collection given by id', async () => {
    const [byId, known, unlisted] = await model.children(await group('Mocks'));
    assert.deepEqual([byId.label, known.label, unlisted.label], ['By id', 'Known', 'Unlisted']);
    assert.equal(unlisted.description, 'deactivated', 'the workspace\'s own flag');
    assert.deepEqual(unlisted.flags, ['mock', 'deactivated']);
    assert.equal(unlisted.tooltip, '**Unlisted** (deactivated)\n\nCollection: unknown');
    assert.match(String(byId.tooltip), /\n\nCollection: API$/);
  });

  it('words monitors with half a schedule or half a run', async () => {
    const monitors = await group('Monitors');
    const [halfRun, halfSchedule] = await model.children(monitors);
    const runDetails = await model.children(halfRun);
    const scheduleDetails = await model.children(halfSchedule);
    const started = Object.values(server.dataset.monitors).find((m) => m.name === 'Half run')?.lastRun.startedAt;
    assert.deepEqual(runDetails.map((r) => [r.id, r.kind, r.label, r.description, r.icon, r.expandable, r.flags.join(' ')]), [
      [`${halfRun.id}/state`, 'detail', 'Active', undefined, 'debug-start', false, 'detail'],
      [`${halfRun.id}/schedule`, 'detail', 'Schedule: 0 */6 * * * (America/Chicago)', undefined, 'calendar', false, 'detail'],
      [`${halfRun.id}/lastRun`, 'detail', 'Last run: passed', started, 'pass', false, 'detail'],
    ]);
    assert.equal(halfRun.tooltip, '**Half run** · active\n\nSchedule: `0 */6 * * *` (America/Chicago)\n\nLast run: passed');
    assert.equal(scheduleDetails[1].label, 'Schedule: 0 */6 * * *');
    assert.match(String(halfSchedule.tooltip), /\n\nSchedule: `0 \*\/6 \* \* \*`\n\nLast run: passed at /);
  });

  it('has no children for rows that are leaves', async () => {
    const [ping] = await model.children(await child(await group('Collections'), 'API'));
    assert.equal(ping.kind, 'request');
    assert.deepEqual(await model.children(ping), []);
    const [variable] = await model.children(await child(await group('Environments'), 'Env'));
    assert.deepEqual([variable.kind, variable.expandable], ['variable', false]);
    assert.deepEqual(await model.children(variable), []);
  });

  it('words a rejected credential and a used-up quota as rows of their own', async () => {
    const ws = await main();
    const signIn = model.errorRow(ws, new PostmanError('unauthorized', 'x', { status: 401 }));
    assert.deepEqual([signIn.label, signIn.icon, signIn.flags, signIn.action, signIn.retryTarget, signIn.kind, signIn.expandable], [
      'Postman rejected the credentials. Sign in again.', 'key', ['message', 'signIn'], 'signIn', ws, 'message', false,
    ]);
    const quota = model.errorRow(ws, new PostmanError('quotaExhausted', 'x', { status: 429 }));
    assert.deepEqual([quota.label, quota.icon, quota.flags, quota.action, quota.iconColor], ['Could not load Main: the monthly API quota is used up', 'warning', ['message', 'quota'], undefined, undefined]);
    assert.match(String(quota.description), /monthly API call quota is used up/);
    const retry = model.errorRow(ws, new PostmanError('server', 'x', { status: 500 }));
    assert.deepEqual([retry.icon, retry.action], ['error', 'retry']);
    const [none] = await model.children(await child(await group('Collections'), 'API 2'));
    assert.equal(none.icon, 'info');
    server.dataset.workspaces = [];
    model.refresh();
    const [empty] = await model.children();
    assert.deepEqual([empty.label, empty.icon, empty.flags], ['No workspaces', 'info', ['message', 'info']]);
  });

  it('drops exactly what each refresh says: a mock or a folder nothing, a group only the mocks, a monitor only itself', async () => {
    const mocks = await group('Mocks');
    const [mock] = await model.children(mocks);
    const environments = await group('Environments');
    const collections = await group('Collections');
    await model.children(environments);
    dropped = [];
    model.refresh(mock);
    model.refresh(environments);
    model.refresh(collections);
    assert.deepEqual(dropped, [], 'nothing cached belongs to these alone');
    model.refresh(mocks);
    assert.deepEqual(dropped, [`mocks:${mocks.workspaceId}`]);
    const monitors = await group('Monitors');
    const [monitor] = await model.children(monitors);
    dropped = [];
    model.refresh(monitor);
    assert.deepEqual(dropped, [`monitor:${monitor.uid}`]);
  });

  it('forgets a refreshed monitor\'s last run: its group draws it as unknown again, the others as they were', async () => {
    const monitors = await group('Monitors');
    const [a, b] = await model.children(monitors);
    await model.children(a);
    await model.children(b);
    model.refresh(a);
    model.refresh(monitors);
    const [a2, b2] = await model.children(monitors);
    assert.equal(a2.icon, 'pulse');
    assert.equal(b2.icon, 'pass');
  });

  it('after a rename, keeps every other list as it was: same rows, same order', async () => {
    const root = await model.children();
    const rootOrder = root.map((r) => r.label);
    const collections = await group('Collections');
    const [api, api2] = await model.children(collections);
    const api2Items = await model.children(api2);
    const vars = await model.children(await child(await group('Environments'), 'Env'));
    const varOrder = vars.map((v) => v.label);
    model.resourceChanged({ kind: 'collection', uid: api.uid as string }, 'Zeta');
    assert.deepEqual((await model.children()).map((r) => r.label), rootOrder);
    assert.equal(await model.children(), root);
    assert.equal(await model.children(api2), api2Items, 'a sibling keeps its rows');
    assert.deepEqual(vars.map((v) => v.label), varOrder, 'variables keep their own order');
    assert.deepEqual((await model.children(collections)).map((r) => r.label), ['API 2', 'Zeta']);
  });
});
