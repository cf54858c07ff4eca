import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { KINDS } from '../../../src/documents/model/kinds';
import { resourceUri } from '../../../src/documents/postmanUri';
import type { TestingApi } from '../../../src/extension';
import type { Row } from '../../../src/tree/model/row';
import type { FaultMatch } from '../../fixtures/faults';
import { LocalPostmanServer } from '../../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../../fixtures/sampleData';
import { answerKeyPrompt, childNamed, waitFor } from '../../integration/helpers';
import { saw, scenario } from '../report';
import { BIG, BIG_ENV, COLLECTION_NAMES, LAB, NASTY_COLLECTION, reliabilityDataset, TARGETS, withTargets } from './data';
import { closeAllEditors, FAULTS, type FaultCase, gist, HostRun, setTimeoutSeconds, WRONG_TYPES } from './kit';

type Kind = 'collection' | 'environment';

/** What a tab, a breadcrumb or a file name must never carry: controls, line separators, bidi overrides and isolates, path separators. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069/\\]/;

/**
 * Opening a collection or environment as a `postman:` document (from its row in the tree,
 * or by URI as a restored editor does) under faults: the open fails with words that say
 * why, in bounded time; opening again once the fault is gone shows Postman's copy. Big
 * resources open, hostile names make valid file names and tabs, and a collection deleted
 * in Postman while open says so instead of emptying the editor.
 */
describe('reliability: open under faults', function () {
  this.timeout(120_000);

  interface Case {
    title: string;
    kind: Kind;
    /** The collection and environment this scenario opens (its own, see withTargets). */
    target: string;
    fault: FaultCase;
  }

  const collectionFaults: FaultCase[] = [
    FAULTS.latency,
    FAULTS.timeout,
    FAULTS.reset,
    FAULTS.server503,
    FAULTS.storm429,
    FAULTS.burst429,
    FAULTS.quota,
    FAULTS.html,
    FAULTS.html502,
    FAULTS.proxyAuth,
    FAULTS.truncated,
    FAULTS.empty,
    FAULTS.missingFields,
  ];
  const environmentFaults: FaultCase[] = [FAULTS.timeout, FAULTS.reset, FAULTS.server503, FAULTS.html, FAULTS.truncated, FAULTS.missingFields];
  const cases: Case[] = [
    ...collectionFaults.map((fault, i) => ({ title: `a collection: ${fault.name}`, kind: 'collection' as const, target: `Open C${i}`, fault })),
    ...environmentFaults.map((fault, i) => ({ title: `an environment: ${fault.name}`, kind: 'environment' as const, target: `Open E${i}`, fault })),
  ];
  const EXTRA = ['Open wrong types', 'Open env wrong types', 'Open deleted', 'Open deleted from the tree', 'Open offline', 'Open signed out'];

  const server = new LocalPostmanServer({ rateLimits: false, dataset: () => withTargets(reliabilityDataset(), [...cases.map((c) => c.target), ...EXTRA]) });
  const host = new HostRun(server);
  const messages = host.messages;
  let api: TestingApi;
  let port = 0;

  before(async () => {
    api = await host.start({ signIn: true });
    port = host.port;
  });

  after(async () => {
    await closeAllEditors();
    await host.stop();
  });

  afterEach(async () => {
    await host.heal();
    await closeAllEditors();
  });

  function refOf(kind: Kind, name: string, workspace = TARGETS): { uid: string; name: string } {
    const ws = server.dataset.workspaces.find((w) => w.name === workspace);
    const ref = ws?.[kind === 'collection' ? 'collections' : 'environments'].find((r) => r.name === name);
    assert.ok(ref, `${kind} "${name}" in ${workspace}`);
    return ref;
  }

  const serverCopy = (kind: Kind, uid: string): unknown => (kind === 'collection' ? server.dataset.collections[uid] : server.dataset.environments[uid]);
  /** The editor holds Postman's copy, every character of it (compared as values: the text may escape some). */
  const assertShowsServerCopy = (doc: vscode.TextDocument, kind: Kind, uid: string) => assert.deepEqual(JSON.parse(doc.getText()), serverCopy(kind, uid));

  /** The row a user clicks: from the tree, which lists the targets workspace once (cached after). */
  async function rowOf(kind: Kind, name: string): Promise<Row> {
    const ws = (await api.tree.getChildren()).find((r) => r.label === TARGETS);
    assert.ok(ws);
    return childNamed(api, await childNamed(api, ws, kind === 'collection' ? 'Collections' : 'Environments'), name);
  }

  /** Clicks the row (its command: Open as JSON); resolves once the editor shows it or the open failed. */
  async function click(row: Row): Promise<{ errors: string[]; editor: vscode.TextEditor | undefined; ms: number }> {
    const item = api.tree.getTreeItem(row);
    assert.ok(item.command);
    const mark = messages.shown.length;
    const started = Date.now();
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const ms = Date.now() - started;
    // The used-up quota is also said once per window by its own notification; the rest must be this open's.
    const errors = messages.shown
      .slice(mark)
      .filter((m) => m.severity === 'error' && (/^Could not open/.test(m.text) || !/quota is used up/.test(m.text)))
      .map((m) => m.text);
    const editor = vscode.window.activeTextEditor?.document.uri.authority === row.uid ? vscode.window.activeTextEditor : undefined;
    return { errors, editor, ms };
  }

  /** Under the fault the click says `expect` and opens nothing; a raw open says it too; healed, the click opens Postman's copy. */
  async function failsClearlyThenReopens(kind: Kind, name: string, expect: RegExp, slowest: number, inject: (match: FaultMatch) => void, heal: () => Promise<void> | void): Promise<void> {
    const row = await rowOf(kind, name);
    const uid = row.uid as string;
    const uri = resourceUri({ kind, uid }, row.label, TARGETS);
    inject({ path: `/${kind === 'collection' ? 'collections' : 'environments'}/${uid}` });
    const first = await click(row);
    assert.equal(first.editor, undefined, 'nothing opens');
    assert.equal(first.errors.length, 1, `one message: ${JSON.stringify(first.errors)}`);
    assert.match(first.errors[0], new RegExp(`^Could not open the ${kind} "${name}": `));
    assert.match(first.errors[0], expect);
    assert.doesNotMatch(first.errors[0], /Unexpected error|postman:\/\/|Unable to read file/, 'our words, not the editor\'s wrapping');
    assert.ok(!first.errors[0].includes(SAMPLE_API_KEY));
    assert.ok(first.ms < slowest, `the open gave up after ${first.ms} ms`);
    // What a restored editor or an extension opening the URI meets: the same words.
    await assert.rejects(Promise.resolve(vscode.workspace.openTextDocument(uri)), (err: Error) => expect.test(err.message));
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'no empty document left behind');
    await heal();
    const second = await click(row);
    assert.deepEqual(second.errors, []);
    assert.ok(second.editor, 'opens once the fault is gone');
    assert.equal(second.editor.document.uri.toString(), uri.toString());
    assertShowsServerCopy(second.editor.document, kind, uid);
    saw(`"Could not open the ${kind} "${name}": ${gist(first.errors[0].replace(/^Could not open the \w+ "[^"]*": /, ''), expect)}" → open again: Postman's copy`);
  }

  for (const c of cases) {
    scenario('host', 'open', c.title, async () => {
      const { fault } = c;
      if (fault.timeoutSeconds) {
        await setTimeoutSeconds(fault.timeoutSeconds);
      }
      // Nothing hangs: a failed open ends within the request timeout (plus the pacer's 429 waits) and a margin.
      const slowest = ((fault.timeoutSeconds ?? 30) + (fault.slow ? 8 : 0)) * 1000 + 3000;
      if (!fault.expect) {
        const row = await rowOf(c.kind, c.target);
        fault.apply(server, { path: `/${c.kind === 'collection' ? 'collections' : 'environments'}/${row.uid}` });
        const opened = await click(row);
        assert.deepEqual(opened.errors, []);
        assert.ok(opened.editor, 'opens despite the fault');
        assertShowsServerCopy(opened.editor.document, c.kind, row.uid as string);
        saw(`opened after ${(opened.ms / 1000).toFixed(1)} s`);
        return;
      }
      await failsClearlyThenReopens(c.kind, c.target, fault.expect, slowest, (match) => fault.apply(server, match), async () => {
        server.clearFaults();
        server.quotaExhausted = false;
        await setTimeoutSeconds(undefined);
      });
    });
  }

  scenario('host', 'open', 'a collection: the right JSON with the wrong types', () =>
    failsClearlyThenReopens(
      'collection',
      'Open wrong types',
      /cannot read: GET \/collections\/\{uid\} returned a collection without "info" and "item"/,
      5000,
      (match) => server.injectFault({ kind: 'status', status: 200, body: WRONG_TYPES.collection, match }),
      () => server.clearFaults(),
    ),
  );

  scenario('host', 'open', 'an environment: the right JSON with the wrong types', () =>
    failsClearlyThenReopens(
      'environment',
      'Open env wrong types',
      /cannot read: GET \/environments\/\{uid\} returned an environment without "values"/,
      5000,
      (match) => server.injectFault({ kind: 'status', status: 200, body: WRONG_TYPES.environment, match }),
      () => server.clearFaults(),
    ),
  );

  scenario('host', 'open', 'the network gone, then back (server stopped and restarted on the same port)', async () => {
    await rowOf('collection', 'Open offline'); // the tree has listed it
    await server.stop();
    try {
      await failsClearlyThenReopens('collection', 'Open offline', /Could not reach the Postman API: connection refused/, 5000, () => undefined, async () => void (await server.start(port)));
    } finally {
      await server.start(port);
    }
  });

  scenario('host', 'open', 'signed out: the open says to sign in, and opens once signed in', async () => {
    const { uid } = refOf('collection', 'Open signed out');
    const uri = resourceUri({ kind: 'collection', uid }, 'Open signed out', TARGETS);
    await vscode.commands.executeCommand('postman.signOut');
    try {
      await assert.rejects(Promise.resolve(vscode.workspace.openTextDocument(uri)), /Sign in to Postman to open the collection "Open signed out"/);
    } finally {
      answerKeyPrompt(api, SAMPLE_API_KEY);
      await vscode.commands.executeCommand('postman.signIn');
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    assertShowsServerCopy(doc, 'collection', uid);
    saw('"Sign in to Postman to open the collection…" → signed in: opens');
  });

  scenario('host', 'open', 'a collection of 20,000 requests opens', async () => {
    const { uid } = refOf('collection', BIG, LAB);
    const started = Date.now();
    const doc = await vscode.workspace.openTextDocument(resourceUri({ kind: 'collection', uid }, BIG, LAB));
    await vscode.window.showTextDocument(doc);
    const ms = Date.now() - started;
    const text = doc.getText();
    assertShowsServerCopy(doc, 'collection', uid);
    assert.ok(ms < 30_000, `${ms} ms`);
    saw(`${(text.length / 1e6).toFixed(1)} MB of JSON, ${doc.lineCount.toLocaleString('en-US')} lines, open in ${ms} ms`);
  });

  scenario('host', 'open', 'an environment of 5,000 variables opens', async () => {
    const { uid } = refOf('environment', BIG_ENV, LAB);
    const started = Date.now();
    const doc = await vscode.workspace.openTextDocument(resourceUri({ kind: 'environment', uid }, BIG_ENV, LAB));
    await vscode.window.showTextDocument(doc);
    const ms = Date.now() - started;
    assertShowsServerCopy(doc, 'environment', uid);
    saw(`5,000 variables, ${doc.lineCount.toLocaleString('en-US')} lines, open in ${ms} ms`);
  });

  scenario('host', 'open', 'names with Unicode, right-to-left text, emoji, control characters and path separators make valid file names and tabs', async () => {
    const names = [NASTY_COLLECTION, ...new Set(COLLECTION_NAMES)];
    const tabs: string[] = [];
    for (const name of names) {
      const { uid } = refOf('collection', name, LAB);
      // As the quick pick (Open Collection…) names it: the raw names of the collection and its workspace.
      const uri = resourceUri({ kind: 'collection', uid }, name, LAB);
      assert.doesNotThrow(() => vscode.Uri.parse(uri.toString()), `${JSON.stringify(name)} makes a URI that prints`);
      assert.equal(vscode.Uri.parse(uri.toString()).toString(), uri.toString(), 'the URI survives a round trip');
      const segments = uri.path.split('/').filter(Boolean);
      assert.equal(segments.length, 2, `workspace and file, nothing more: ${uri.path}`);
      for (const segment of segments) {
        assert.ok(!UNSAFE_IN_NAME.test(segment), `unsafe characters in ${JSON.stringify(segment)}`);
        assert.ok(!/^\.+$/.test(segment) && segment.trim() === segment && segment.length > 0, JSON.stringify(segment));
      }
      assert.ok(segments[1].endsWith(KINDS.collection.suffix as string));
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: false });
      assert.equal((JSON.parse(doc.getText()) as { info: { name: string } }).info.name, name, 'the document keeps the name, every character of it');
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.equal(tab?.label, segments[1]);
      tabs.push(tab.label);
    }
    // From the tree: the row's (cleaned) label names the file.
    const row = await childNamed(api, await childNamed(api, (await api.tree.getChildren()).find((r) => r.label.startsWith('Reliability Lab')), 'Collections'), 'invoicegnp.exe');
    const opened = await click(row);
    assert.deepEqual(opened.errors, []);
    assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.label, `invoicegnp.exe${KINDS.collection.suffix}`);
    saw(`${names.length} collections opened; tabs like ${tabs.slice(1, 4).map((t) => `"${t}"`).join(', ')}`);
  });

  scenario('host', 'open', 'a name whose cut falls inside an emoji still makes a file name', async () => {
    const name = `x${'🙂'.repeat(100)}`;
    const uri = resourceUri({ kind: 'collection', uid: '12345678-aaaa' }, name, 'Emoji 🙂 workspace');
    const file = uri.path.split('/')[2];
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(file), 'no half of an emoji');
    assert.doesNotThrow(() => uri.toString());
    assert.equal(vscode.Uri.parse(uri.toString()).path, uri.path);
    saw(`"${[...file].slice(0, 12).join('')}…" (${[...file].length} characters, the last emoji whole)`);
  });

  scenario('host', 'open', 'a collection deleted in Postman while open: a Refresh says so, the editor keeps its text', async () => {
    const row = await rowOf('collection', 'Open deleted');
    const uid = row.uid as string;
    const opened = await click(row);
    assert.ok(opened.editor);
    const doc = opened.editor.document;
    const text = doc.getText();
    const saved = server.dataset.collections[uid];
    delete server.dataset.collections[uid];
    try {
      await vscode.commands.executeCommand('postman.refresh');
      // The editor re-reads (it was told the file changed) and learns it is gone.
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(doc.uri)), /This collection no longer exists in Postman/);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(doc.getText(), text, 'the editor keeps the text it showed');
      assert.ok(!doc.isClosed);
      saw('"This collection no longer exists in Postman (…)"; the editor keeps its text');
    } finally {
      server.dataset.collections[uid] = saved;
    }
  });

  scenario('host', 'open', 'a collection deleted in Postman, opened from the tree that still lists it', async () => {
    const row = await rowOf('collection', 'Open deleted from the tree');
    const uid = row.uid as string;
    const saved = server.dataset.collections[uid];
    delete server.dataset.collections[uid];
    try {
      const first = await click(row);
      assert.equal(first.editor, undefined);
      assert.equal(first.errors.length, 1, JSON.stringify(first.errors));
      assert.match(first.errors[0], /^Could not open the collection "Open deleted from the tree": Not found in Postman \(404\); it may have been deleted/);
      // Opened by URI (a restored editor), VS Code says it in its own words for a missing file.
      await assert.rejects(Promise.resolve(vscode.workspace.openTextDocument(resourceUri({ kind: 'collection', uid }, row.label, TARGETS))), /nonexistent file|no longer exists in Postman/);
      saw(first.errors[0]);
    } finally {
      server.dataset.collections[uid] = saved;
    }
  });

  // A waiting open shows why it waits (a 429 with Retry-After), then opens.
  scenario('host', 'open', 'a 429 with Retry-After: 2 once: the view says it waits for the rate limit, then the collection opens', async () => {
    const { uid } = refOf('collection', 'Open C0');
    server.injectFault({ kind: 'status', status: 429, retryAfter: 2, times: 1, match: { path: `/collections/${uid}` } });
    api.repo.invalidate(`collection:${uid}`);
    const opening = vscode.workspace.openTextDocument(resourceUri({ kind: 'collection', uid }, 'Open C0 again', TARGETS));
    const waiting = await waitFor('the waiting message', () => (/Waiting for Postman's rate limit/.test(api.tree.message ?? '') ? api.tree.message : undefined), 4000);
    const doc = await opening;
    assertShowsServerCopy(doc, 'collection', uid);
    saw(`"${waiting}" → opened`);
  });
});
