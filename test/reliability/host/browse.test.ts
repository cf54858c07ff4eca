import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../../src/extension';
import type { Row } from '../../../src/tree/model/row';
import type { FaultMatch } from '../../fixtures/faults';
import { LocalPostmanServer } from '../../fixtures/postmanServer';
import { SAMPLE_API_KEY, SAMPLE_API_KEY_2 } from '../../fixtures/sampleData';
import { answerKeyPrompt, childNamed, waitFor } from '../../integration/helpers';
import { saw, scenario } from '../report';
import { BIG, BIG_ENV, COLLECTION_NAMES, DEEP, LAB, LAB_LABEL, NASTY_COLLECTION, reliabilityDataset, TWINS } from './data';
import { bigWorkspaceList, FAULTS, type FaultCase, gist, HostRun, setTimeoutSeconds, WRONG_TYPES } from './kit';

/** Characters a row's label must never carry: controls, line separators, bidi overrides and isolates. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const UNSAFE_IN_LABEL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * Browsing the tree (the workspaces list, a workspace, a collection, an environment, the
 * mocks, a monitor's details) on a bad network, behind a proxy, with a changed API and with
 * hostile data: every failed load becomes one row that says what failed, its Retry works
 * once the fault is gone, and nothing else breaks.
 */
describe('reliability: browse under faults', function () {
  this.timeout(120_000);
  const server = new LocalPostmanServer({ rateLimits: false, dataset: reliabilityDataset });
  const host = new HostRun(server);
  const messages = host.messages;
  let api: TestingApi;
  let port = 0;
  /** Every onDidChangeTreeData event (what makes VS Code redraw). */
  const fired: (Row | undefined)[] = [];
  let subscription: vscode.Disposable | undefined;

  before(async () => {
    api = await host.start({ signIn: true });
    port = host.port;
    subscription = api.tree.onDidChangeTreeData((row) => void fired.push(row));
  });

  after(async () => {
    subscription?.dispose();
    // The reveals opened the Postman view: hidden again, it stops loading rows of its own in the files after this one.
    await vscode.commands.executeCommand('workbench.view.explorer');
    await host.stop();
  });

  afterEach(() => host.heal());

  const labels = (rows: Row[]) => rows.map((r) => r.label);
  const shown = (row: Row) => `${row.label} — ${row.description ?? ''}`;

  async function rowAt(...path: string[]): Promise<Row | undefined> {
    let row: Row | undefined;
    for (const label of path) {
      row = await childNamed(api, row, label);
    }
    return row;
  }

  function workspaceId(name: string): string {
    const ws = server.dataset.workspaces.find((w) => w.name === name);
    assert.ok(ws, name);
    return ws.id;
  }

  function refOf(kind: 'collections' | 'environments' | 'monitors', name: string): { id: string; uid: string } {
    for (const ws of server.dataset.workspaces) {
      const ref = ws[kind].find((r) => r.name === name);
      if (ref) {
        return ref;
      }
    }
    throw new Error(`no ${kind} "${name}"`);
  }

  /** Where a fault is met: the row whose children load from one endpoint, and that endpoint. */
  interface Place {
    what: string;
    row(): Promise<Row | undefined>;
    match(): FaultMatch;
  }

  const PLACES = {
    workspaces: { what: 'the workspaces list', row: async () => undefined, match: () => ({ path: '/workspaces' }) },
    workspace: { what: 'a workspace', row: () => rowAt('Payments Platform'), match: () => ({ path: `/workspaces/${workspaceId('Payments Platform')}` }) },
    collection: {
      what: 'a collection',
      row: () => rowAt('Payments Platform', 'Collections', 'Payments API v2'),
      match: () => ({ path: `/collections/${refOf('collections', 'Payments API v2').uid}` }),
    },
    environment: {
      what: 'an environment',
      row: () => rowAt('Payments Platform', 'Environments', 'Payments – Staging'),
      match: () => ({ path: `/environments/${refOf('environments', 'Payments – Staging').uid}` }),
    },
    mocks: { what: 'the mocks', row: () => rowAt('Payments Platform', 'Mocks'), match: () => ({ path: '/mocks' }) },
    monitor: {
      what: 'a monitor\'s details',
      row: () => rowAt('Payments Platform', 'Monitors', 'Refund flow nightly'),
      match: () => ({ path: `/monitors/${refOf('monitors', 'Refund flow nightly').id}` }),
    },
  } satisfies Record<string, Place>;

  /**
   * The row's children load under the fault: one message row that says `expect`, with Retry
   * (none for a used-up quota: Refresh once it resets). Healed, the row's own command brings
   * back what it showed before, and the view is told to redraw it.
   */
  async function failsClearlyThenRetries(place: Place, expect: RegExp, retryable: boolean, inject: (match: FaultMatch) => void, heal: () => Promise<void> | void): Promise<void> {
    const parent = await place.row();
    const before = await api.tree.getChildren(parent);
    assert.ok(before.every((r) => !r.flags.includes('retry')), `${place.what} loads without the fault: ${labels(before).join(', ')}`);
    api.tree.refresh(parent); // forget this row's data only: the next expand asks Postman
    inject(place.match());
    const mark = messages.shown.length;
    const rows = await api.tree.getChildren(parent);
    assert.equal(rows.length, 1, `one row for the failure, not ${labels(rows).join(', ')}`);
    const [row] = rows;
    assert.equal(row.kind, 'message');
    assert.match(shown(row), expect);
    assert.ok(!shown(row).includes(SAMPLE_API_KEY), 'the row never shows the key');
    const item = api.tree.getTreeItem(row);
    if (retryable) {
      assert.match(row.label, /^Could not load .+\. Retry$/);
      assert.equal(item.command?.command, 'postman.retry');
    } else {
      assert.equal(item.command, undefined, 'no Retry where retrying cannot help');
    }
    const toasts = messages.since(mark).filter((m) => !/quota is used up/.test(m));
    assert.deepEqual(toasts, [], 'a failed load is a row, not a notification');
    await heal();
    fired.length = 0;
    if (retryable) {
      await vscode.commands.executeCommand(item.command?.command as string, ...(item.command?.arguments ?? []));
    } else {
      await vscode.commands.executeCommand('postman.refresh', parent);
    }
    assert.ok(fired.includes(parent), 'the view is told to redraw the row');
    const after = await api.tree.getChildren(parent);
    assert.deepEqual(labels(after), labels(before), 'Retry shows what was there');
    saw(`row "${row.label}" ("${gist(row.description ?? '', expect)}") → ${retryable ? 'Retry' : 'Refresh after the reset'}: ${after.length} rows`);
  }

  async function underFault(place: Place, c: FaultCase): Promise<void> {
    if (c.timeoutSeconds) {
      await setTimeoutSeconds(c.timeoutSeconds);
    }
    if (!c.expect) {
      const parent = await place.row();
      const before = await api.tree.getChildren(parent);
      api.tree.refresh(parent);
      c.apply(server, place.match());
      const started = Date.now();
      const rows = await api.tree.getChildren(parent);
      assert.deepEqual(labels(rows), labels(before), 'loads despite the fault');
      saw(`${rows.length} rows after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return;
    }
    await failsClearlyThenRetries(place, c.expect, c.retryable, (match) => c.apply(server, match), async () => {
      server.clearFaults();
      server.quotaExhausted = false;
      await setTimeoutSeconds(undefined);
    });
  }

  /**
   * Representative faults per endpoint: every kind at least once in the journey, the fast
   * ones on most endpoints. The endpoints Postman limits to 10 calls per 10 s (the list of
   * workspaces, a workspace, a monitor) get fewer, or the pacer's waits (which keep the
   * extension within those limits) would dominate the run; taking the endpoints in turn
   * spreads those calls out.
   */
  const MATRIX: [keyof typeof PLACES, FaultCase[]][] = [
    ['workspaces', [FAULTS.latency, FAULTS.timeout, FAULTS.storm429NoRetryAfter, FAULTS.quota, FAULTS.html, FAULTS.missingFields]],
    ['workspace', [FAULTS.burst429, FAULTS.reset, FAULTS.html502, FAULTS.empty, FAULTS.missingFields]],
    ['collection', [FAULTS.timeout, FAULTS.reset, FAULTS.server503, FAULTS.storm429, FAULTS.quota, FAULTS.html, FAULTS.html502, FAULTS.proxyAuth, FAULTS.truncated, FAULTS.empty, FAULTS.missingFields]],
    ['environment', [FAULTS.reset, FAULTS.server503, FAULTS.html, FAULTS.proxyAuth, FAULTS.truncated, FAULTS.missingFields]],
    ['mocks', [FAULTS.reset, FAULTS.server503, FAULTS.html, FAULTS.truncated, FAULTS.empty, FAULTS.missingFields]],
    ['monitor', [FAULTS.timeout, FAULTS.reset, FAULTS.proxyAuth, FAULTS.missingFields]],
  ];

  const rounds = Math.max(...MATRIX.map(([, cases]) => cases.length));
  for (let i = 0; i < rounds; i++) {
    for (const [where, cases] of MATRIX) {
      const c = cases[i];
      if (c) {
        scenario('host', 'browse', `${PLACES[where].what}: ${c.name}`, () => underFault(PLACES[where], c));
      }
    }
  }

  // The right JSON with the wrong types, per endpoint.
  const wrongTypes: [keyof typeof PLACES, unknown, RegExp][] = [
    ['workspaces', WRONG_TYPES.workspaces, /cannot read: GET \/workspaces did not return a "workspaces" list/],
    ['collection', WRONG_TYPES.collection, /cannot read: GET \/collections\/\{uid\} returned a collection without "info" and "item"/],
    ['environment', WRONG_TYPES.environment, /cannot read: GET \/environments\/\{uid\} returned an environment without "values"/],
    ['mocks', { mocks: { id: 'not a list' } }, /cannot read: GET \/mocks did not return a "mocks" list/],
    ['monitor', { monitor: { id: { nested: true }, name: 7, lastRun: 'yesterday' } }, /cannot read: GET \/monitors\/\{id\} returned a monitor without an id/],
  ];
  for (const [where, body, expect] of wrongTypes) {
    scenario('host', 'browse', `${PLACES[where].what}: the right JSON with the wrong types`, () =>
      failsClearlyThenRetries(PLACES[where], expect, true, (match) => server.injectFault({ kind: 'status', status: 200, body, match }), () => server.clearFaults()),
    );
  }

  scenario('host', 'browse', 'a workspace: the right JSON with the wrong types (what can be read is shown)', async () => {
    const ws = await rowAt('Payments Platform');
    assert.ok(ws);
    const before = await api.tree.getChildren(ws);
    api.tree.refresh(ws);
    server.injectFault({ kind: 'status', status: 200, body: WRONG_TYPES.workspace, match: PLACES.workspace.match() });
    let groups: Row[];
    try {
      groups = await api.tree.getChildren(ws);
      // Lists of the wrong type hold nothing readable: the groups say so instead of failing.
      assert.deepEqual(labels(groups), ['Collections', 'Environments', 'Specs', 'Mocks', 'Monitors', 'Globals']);
      const collections = await api.tree.getChildren(groups[0]);
      assert.deepEqual(labels(collections), ['No collections'], 'the group of the workspace that was asked for, not of the id in the answer');
    } finally {
      server.clearFaults();
      await vscode.commands.executeCommand('postman.refresh', ws);
    }
    assert.deepEqual(
      (await api.tree.getChildren(ws)).map((g) => `${g.label} ${g.description}`),
      before.map((g) => `${g.label} ${g.description}`),
    );
    saw(`groups ${groups.map((g) => `${g.label} (${g.description})`).join(', ')}; Refresh: the real counts`);
  });

  scenario('host', 'browse', 'a monitor hovered under a fault: the tooltip says why, hovering again once healed works', async () => {
    const monitor = await rowAt('Payments Platform', 'Monitors', 'Legacy settlement check');
    assert.ok(monitor);
    api.tree.refresh(monitor);
    server.injectFault({ kind: 'reset', match: { path: `/monitors/${refOf('monitors', 'Legacy settlement check').id}` } });
    const failed = await api.tree.resolveTreeItem(api.tree.getTreeItem(monitor), monitor);
    assert.match(String(failed.tooltip), /Could not load the monitor: Could not reach the Postman API: the connection was reset/);
    server.clearFaults();
    const hovered = await api.tree.resolveTreeItem(api.tree.getTreeItem(monitor), monitor);
    assert.match((hovered.tooltip as vscode.MarkdownString).value, /Last run|No runs/);
    saw(`tooltip "${String(failed.tooltip).slice(0, 90)}" → hover again: last run shown`);
  });

  scenario('host', 'browse', 'a collection deleted in Postman while the tree shows it', async () => {
    const group = await rowAt('Payments Platform', 'Collections');
    assert.ok(group);
    const row = await childNamed(api, group, 'Webhooks');
    api.tree.refresh(row);
    const { uid } = refOf('collections', 'Webhooks');
    const saved = server.dataset.collections[uid];
    const ws = server.dataset.workspaces.find((w) => w.name === 'Payments Platform');
    assert.ok(ws);
    const refs = ws.collections;
    try {
      delete server.dataset.collections[uid];
      ws.collections = refs.filter((r) => r.uid !== uid);
      const [error] = await api.tree.getChildren(row);
      assert.match(shown(error), /Not found in Postman \(404\); it may have been deleted/);
      const item = api.tree.getTreeItem(error);
      assert.equal(item.command?.command, 'postman.retry');
      // Retrying the collection cannot bring it back; Retry reloads the workspace that listed it.
      await vscode.commands.executeCommand('postman.retry', ...(item.command?.arguments ?? []));
      const fresh = await rowAt('Payments Platform', 'Collections');
      assert.ok(fresh);
      const listed = labels(await api.tree.getChildren(fresh));
      assert.ok(!listed.includes('Webhooks'), listed.join(', '));
      saw(`row "${shown(error).slice(0, 100)}" → Retry: the workspace lists ${listed.join(', ')}`);
    } finally {
      server.dataset.collections[uid] = saved;
      ws.collections = refs;
      api.tree.refresh();
    }
  });

  // Bad input: the Reliability Lab workspace.
  async function lab(): Promise<Row> {
    const roots = await api.tree.getChildren();
    const row = roots.find((r) => r.workspaceId === workspaceId(LAB));
    assert.ok(row, labels(roots).join(', '));
    return row;
  }

  function assertSafeLabels(rows: Row[]): void {
    for (const row of rows) {
      assert.ok(!UNSAFE_IN_LABEL.test(row.label), `unsafe characters in ${JSON.stringify(row.label)}`);
      assert.ok(row.label.trim() !== '' && [...row.label].length <= 200, JSON.stringify(row.label));
      const item = api.tree.getTreeItem(row);
      assert.equal(item.id, row.id);
      if (item.tooltip instanceof vscode.MarkdownString) {
        assert.ok(!item.tooltip.isTrusted, 'names never make a trusted tooltip');
        assert.ok(!/\]\(command:/.test(item.tooltip.value), 'no command link from a name');
      }
    }
    assert.equal(new Set(rows.map((r) => r.id)).size, rows.length, 'unique row ids');
  }

  scenario('host', 'browse', 'names with Unicode, right-to-left text, emoji, control characters and path separators', async () => {
    const ws = await lab();
    assert.equal(ws.label, LAB_LABEL, 'the bidi override is gone, the Arabic and the emoji stay');
    const collections = await api.tree.getChildren(await childNamed(api, ws, 'Collections'));
    assertSafeLabels(collections);
    assert.equal(collections.length, COLLECTION_NAMES.length + 4);
    for (const name of ['مرحبا بالعالم', 'שלום עולם', 'Café ☕ & Crème', '../../etc/passwd', 'a/b\\c:d*e?f"g<h>i|j', 'C:\\Windows\\System32']) {
      assert.ok(labels(collections).includes(name), `"${name}" shown as it is`);
    }
    assert.ok(labels(collections).includes('invoicegnp.exe'), 'a right-to-left override cannot make a name read as another');
    assert.ok(labels(collections).includes('(unnamed)'));
    const nasty = collections.find((r) => r.label === NASTY_COLLECTION);
    assert.ok(nasty);
    const items = await api.tree.getChildren(nasty);
    assertSafeLabels(items);
    const folder = items.find((r) => r.kind === 'folder');
    assert.equal(folder?.label, 'Folder with newline');
    const inner = await api.tree.getChildren(folder);
    assertSafeLabels(inner);
    assert.ok(inner.some((r) => r.label.startsWith('tab here nul bell')), labels(inner).join(' | '));
    // The real view takes the rows too: revealing one registers every row on the way.
    await view().reveal(inner[inner.length - 1], { select: false, focus: false, expand: false });
    saw(`${collections.length} collections, ${items.length + inner.length} items: labels clean, RTL and emoji kept, unique ids, revealed in the view`);
  });

  scenario('host', 'browse', 'items sharing one id get rows of their own', async () => {
    const twins = await childNamed(api, await childNamed(api, await lab(), 'Collections'), TWINS);
    const rows = await api.tree.getChildren(twins);
    assert.deepEqual(labels(rows), ['Twin A', 'Twin B', 'Twin C']);
    assertSafeLabels(rows);
    await view().reveal(rows[2], { select: false, focus: false });
    saw(`ids ${rows.map((r) => r.id.split('/').pop()).join(', ')}`);
  });

  scenario('host', 'browse', 'folders nested 1,000 deep expand level by level, with one call', async () => {
    const deep = await childNamed(api, await childNamed(api, await lab(), 'Collections'), DEEP);
    api.tree.refresh(deep);
    server.resetCounts();
    const started = Date.now();
    let row: Row = deep;
    let slowest = 0;
    for (let level = 1; level <= 1000; level++) {
      const t = Date.now();
      const rows = await api.tree.getChildren(row);
      slowest = Math.max(slowest, Date.now() - t);
      assert.deepEqual(labels(rows), [`Level ${level}`]);
      api.tree.getTreeItem(rows[0]);
      row = rows[0];
    }
    const bottom = await api.tree.getChildren(row);
    assert.deepEqual(labels(bottom), ['Request at depth 1000']);
    assert.equal(server.count({ path: /^\/collections\// }), 1, 'one call for all 1,000 levels');
    const ms = Date.now() - started;
    // Part of the way down in the real view (every level is a row VS Code registers).
    let mid: Row = deep;
    for (let level = 1; level <= 100; level++) {
      [mid] = await api.tree.getChildren(mid);
    }
    await view().reveal(mid, { select: false, focus: false, expand: false });
    saw(`1,000 levels in ${ms} ms (slowest level ${slowest} ms), 1 call; level 100 revealed in the view`);
  });

  scenario('host', 'browse', 'a collection of 20,000 requests expands, every folder', async () => {
    const big = await childNamed(api, await childNamed(api, await lab(), 'Collections'), BIG);
    api.tree.refresh(big);
    server.resetCounts();
    const started = Date.now();
    const folders = await api.tree.getChildren(big);
    const loaded = Date.now() - started;
    assert.equal(folders.length, 20);
    let requests = 0;
    let slowest = 0;
    for (const folder of folders) {
      const t = Date.now();
      const rows = await api.tree.getChildren(folder);
      slowest = Math.max(slowest, Date.now() - t);
      requests += rows.length;
      assert.equal(rows[0].description, 'GET');
    }
    assert.equal(requests, 20_000);
    assert.equal(server.count({ path: /^\/collections\// }), 1);
    assert.ok(slowest < 1000, `a folder of 1,000 requests took ${slowest} ms`);
    saw(`loaded in ${loaded} ms; 20 folders, 20,000 rows; slowest folder ${slowest} ms; 1 call`);
  });

  scenario('host', 'browse', 'an environment of 5,000 variables expands, secrets masked', async () => {
    const env = await childNamed(api, await childNamed(api, await lab(), 'Environments'), BIG_ENV);
    const started = Date.now();
    const vars = await api.tree.getChildren(env);
    assert.equal(vars.length, 5000);
    assertSafeLabels(vars);
    const secrets = vars.filter((v) => v.flags.includes('secret'));
    assert.equal(secrets.length, 1000);
    assert.ok(secrets.every((v) => String(v.description).startsWith('••••••••') && !/value/.test(String(v.description))));
    saw(`5,000 rows in ${Date.now() - started} ms, 1,000 secret values masked`);
  });

  scenario('host', 'browse', 'a very large answer: 50,000 workspaces in one page (about 7 MB)', async () => {
    const body = JSON.stringify(bigWorkspaceList(50_000));
    server.injectFault({ kind: 'status', status: 200, body: JSON.parse(body), match: { path: '/workspaces' }, times: 1 });
    api.tree.refresh();
    const started = Date.now();
    const rows = await api.tree.getChildren();
    const ms = Date.now() - started;
    assert.equal(rows.length, 50_000);
    assertSafeLabels(rows.slice(0, 100));
    assert.equal(new Set(rows.map((r) => r.id)).size, rows.length);
    await vscode.commands.executeCommand('postman.refresh');
    assert.equal((await api.tree.getChildren()).length, server.dataset.workspaces.length, 'Refresh: the real list again');
    saw(`${(body.length / 1e6).toFixed(1)} MB → 50,000 rows in ${ms} ms; Refresh: the real list`);
  });

  scenario('host', 'browse', 'the network gone, then back (server stopped and restarted on the same port)', async () => {
    const payments = await rowAt('Payments Platform');
    assert.ok(payments);
    const groups = await api.tree.getChildren(payments);
    const collection = await rowAt('Payments Platform', 'Collections', 'Payments API v2');
    const items = await api.tree.getChildren(collection);
    await server.stop();
    try {
      // What was loaded stays browsable: no call needed.
      assert.deepEqual(labels(await api.tree.getChildren(payments)), labels(groups));
      const folder = items.find((r) => r.kind === 'folder');
      assert.ok((await api.tree.getChildren(folder)).length > 0);
      await failsClearlyThenRetries(
        PLACES.workspace,
        /Could not reach the Postman API: connection refused/,
        true,
        () => undefined,
        async () => void (await server.start(port)),
      );
    } finally {
      await server.start(port);
    }
  });

  scenario('host', 'browse', 'the network gone at the first render, then back', async () => {
    await server.stop();
    try {
      await failsClearlyThenRetries(PLACES.workspaces, /Could not reach the Postman API: connection refused/, true, () => undefined, async () => void (await server.start(port)));
    } finally {
      await server.start(port);
    }
  });

  scenario('host', 'browse', 'a 401 mid-browse: Sign In rows, one prompt, and signing in again redraws the tree', async () => {
    const roots = await api.tree.getChildren();
    const teams = roots.filter((r) => r.kind === 'workspace').slice(0, 3);
    teams.forEach((ws) => api.tree.refresh(ws));
    const mark = messages.shown.length;
    server.apiKeys = new Set([SAMPLE_API_KEY_2]); // the key was revoked in Postman; the user has a new one
    try {
      const results = await Promise.all(teams.map((ws) => api.tree.getChildren(ws)));
      for (const [row] of results) {
        assert.equal(row.kind, 'message');
        assert.match(row.label, /Postman rejected the credentials\. Sign in again\./);
        assert.equal(api.tree.getTreeItem(row).command?.command, 'postman.signIn');
      }
      await new Promise((r) => setTimeout(r, 300));
      const prompts = messages.since(mark).filter((m) => /rejected your API key \(401\)/.test(m));
      assert.equal(prompts.length, 1, `one prompt for ${teams.length} rejected loads: ${JSON.stringify(messages.since(mark))}`);
      // The user clicks the row's Sign In and pastes the new key.
      fired.length = 0;
      answerKeyPrompt(api, SAMPLE_API_KEY_2);
      await vscode.commands.executeCommand('postman.signIn');
      await waitFor('the tree to redraw after signing in again', () => fired.length > 0, 3000);
      const groups = await api.tree.getChildren(teams[0]);
      assert.deepEqual(labels(groups), ['Collections', 'Environments', 'Specs', 'Mocks', 'Monitors', 'Globals']);
      saw(`${teams.length} rows "${results[0][0].label}", 1 prompt "${prompts[0].slice(0, 60)}…" → Sign In: the tree redraws`);
    } finally {
      server.apiKeys = new Set([SAMPLE_API_KEY, SAMPLE_API_KEY_2]);
      answerKeyPrompt(api, SAMPLE_API_KEY);
      await vscode.commands.executeCommand('postman.signIn');
    }
  });

  /** The extension's TreeView (not part of TestingApi): reveal makes VS Code take rows the way a user's expanding does. */
  function view(): vscode.TreeView<Row> {
    const v = (api.tree as unknown as { view?: vscode.TreeView<Row> }).view;
    assert.ok(v, 'the Postman view exists');
    return v;
  }
});
