import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { Row } from '../../src/tree/model/row';
import { encodeTreeCache } from '../../src/tree/model/treeCache';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';
import { answerKeyPrompt, childNamed, setBaseUrl, signInTo, waitFor } from './helpers';

const KEEP = 'tree.keepBetweenSessions';
const BUDGET = 'backgroundCallsPerHour';

/** The tree kept between windows: shown at once after a reload, then checked with Postman within the background budget. */
describe('the tree kept between windows, in the extension host', function () {
  this.timeout(60000);
  const server = new LocalPostmanServer({ rateLimits: false });
  let api: TestingApi;
  const messages: string[] = [];
  let watching: vscode.Disposable | undefined;

  const setting = (key: string, value: unknown) => vscode.workspace.getConfiguration('postman').update(key, value, vscode.ConfigurationTarget.Global);
  const tooltip = (row: Row) => {
    const tip = api.tree.getTreeItem(row).tooltip;
    return tip instanceof vscode.MarkdownString ? tip.value : String(tip ?? '');
  };
  const calls = () => server.requests.map((r) => `${r.method} ${r.path}`);
  const exists = async (uri: vscode.Uri) => vscode.workspace.fs.stat(uri).then(() => true, () => false);
  const fileText = async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(api.treeCache.file));
  const payments = () => childNamed(api, undefined, 'Payments Platform');

  /** What a user had open before the reload: Payments Platform, its Collections and Mocks. */
  async function browse(): Promise<void> {
    const ws = await payments();
    await api.tree.getChildren(ws);
    await api.tree.getChildren(await childNamed(api, ws, 'Collections'));
    await api.tree.getChildren(await childNamed(api, ws, 'Mocks'));
  }

  before(async () => {
    api = await signInTo(server, SAMPLE_API_KEY);
    api.setAsk(async () => undefined);
    watching = api.observeMessages((m) => messages.push(m.text));
  });

  beforeEach(async () => {
    server.reset();
    api.tree.refresh();
    api.treeCache.gapMs = 5;
    messages.length = 0;
    await setting(BUDGET, undefined);
    await setting(KEEP, undefined);
  });

  after(async () => {
    watching?.dispose();
    api.treeCache.gapMs = 2000;
    api.setAsk(undefined);
    await setting(BUDGET, undefined);
    await setting(KEEP, undefined);
    await vscode.commands.executeCommand('postman.signOut');
    await setBaseUrl(undefined);
    await server.stop();
  });

  it('shows the kept tree at once after a reload, marked as kept, then checks what it shows with Postman', async () => {
    await browse();
    // No background budget: nothing is checked until it is given one.
    await setting(BUDGET, 0);
    assert.ok((await api.reloadTree()) > 0, 'lists were kept');
    assert.equal(api.treeCache.file.scheme, 'file');
    assert.ok(!api.treeCache.file.fsPath.includes('test/integration/workspace'), 'kept in the extension storage, never in the repository');
    server.resetCounts();
    const ws = await payments();
    const collections = await childNamed(api, ws, 'Collections');
    assert.ok((await api.tree.getChildren(collections)).some((r) => r.label === 'Webhooks'));
    const mock = (await api.tree.getChildren(await childNamed(api, ws, 'Mocks')))[0];
    assert.deepEqual(calls(), [], 'the whole tree with no call');
    for (const row of [ws, collections, mock]) {
      assert.match(tooltip(row), /Kept from .*; checked with Postman in the background, or now with Refresh\./, row.label);
    }
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(calls(), [], 'a budget of 0 makes no background call');
    assert.equal(api.treeCache.revalidator.pending, 3);

    await setting(BUDGET, 300);
    api.treeCache.revalidator.resume();
    await api.treeCache.revalidator.idle();
    assert.deepEqual(calls(), ['GET /workspaces', `GET /workspaces/${ws.workspaceId}`, 'GET /mocks'], 'one call per list shown, in the order shown');
    const fresh = await payments();
    assert.equal(fresh.id, ws.id);
    assert.doesNotMatch(tooltip(fresh), /Kept from/);
    assert.doesNotMatch(tooltip(await childNamed(api, fresh, 'Collections')), /Kept from/);
    await api.usage.render();
    assert.match(api.usage.statusBar()?.tooltip ?? '', /Background calls: \d+ of 300 in the last hour/);
  });

  it('on checking, a renamed workspace is renamed in place and a deleted collection disappears, rows keeping their ids', async () => {
    await browse();
    await api.reloadTree();
    const pay = server.dataset.workspaces.find((w) => w.name === 'Payments Platform');
    assert.ok(pay);
    pay.name = 'Payments Platform (renamed)';
    pay.collections = pay.collections.filter((c) => c.name !== 'Webhooks');
    const redrawn: Array<Row | undefined> = [];
    const listening = api.tree.onDidChangeTreeData((row) => redrawn.push(row ?? undefined));
    try {
      server.resetCounts();
      const kept = await payments();
      const keptCollections = await childNamed(api, kept, 'Collections');
      await api.tree.getChildren(keptCollections);
      await api.treeCache.revalidator.idle();
      assert.deepEqual(calls(), ['GET /workspaces', `GET /workspaces/${pay.id}`]);
      assert.ok(redrawn.includes(undefined), 'the top level redrew');
      const renamed = await childNamed(api, undefined, 'Payments Platform (renamed)');
      assert.equal(renamed, kept, 'the same row, renamed in place');
      const collections = await childNamed(api, renamed, 'Collections');
      assert.equal(collections.id, keptCollections.id, 'the group keeps its id, and so its expansion');
      assert.deepEqual(
        (await api.tree.getChildren(collections)).map((r) => r.label),
        ['Payments API v2'],
      );
      assert.equal(server.count(), 2, 'rebuilt from what the check loaded: no more calls');
    } finally {
      listening.dispose();
    }
  });

  it('ignores a corrupt file, and deletes one of another format or another sign-in', async () => {
    await browse();
    await api.treeCache.write();
    const owner = JSON.parse(await fileText()).owner;
    assert.equal(owner.userId, '12345678');
    const restoreFrom = async (text: string) => {
      await vscode.workspace.fs.writeFile(api.treeCache.file, new TextEncoder().encode(text));
      api.tree.refresh();
      return api.treeCache.restore();
    };
    assert.equal(await restoreFrom('{"format":1,"owner":'), 0, 'corrupt: ignored');
    assert.ok(await exists(api.treeCache.file), 'a corrupt file is left for the next save to replace');
    server.resetCounts();
    await payments();
    assert.deepEqual(calls(), ['GET /workspaces'], 'the tree loads from Postman');

    assert.equal(await restoreFrom(JSON.stringify({ format: 99, owner, savedAt: 1, entries: {} })), 0);
    assert.equal(await exists(api.treeCache.file), false, 'another format: deleted');

    const other = encodeTreeCache({ ...owner, sessionId: 'another-sign-in' }, [['workspaces', [{ id: 'x', name: 'Not yours' }], 1]], 1);
    assert.equal(await restoreFrom(other), 0);
    assert.equal(await exists(api.treeCache.file), false, 'another sign-in: deleted');
    assert.ok(!(await api.tree.getChildren(undefined)).some((r) => r.label === 'Not yours'));
    const otherUser = encodeTreeCache({ ...owner, userId: '999' }, [['workspaces', [{ id: 'x', name: 'Not yours' }], 1]], 1);
    assert.equal(await restoreFrom(otherUser), 0);
    assert.equal(await exists(api.treeCache.file), false, 'another user: deleted');
  });

  it('keeps no secret: no variable value, no collection content, no key', async () => {
    await browse();
    const ws = await payments();
    for (const env of await api.tree.getChildren(await childNamed(api, ws, 'Environments'))) {
      await api.tree.getChildren(env);
    }
    await api.tree.getChildren(await childNamed(api, ws, 'Globals'));
    for (const c of await api.tree.getChildren(await childNamed(api, ws, 'Collections'))) {
      await api.tree.getChildren(c);
    }
    await api.treeCache.write();
    const text = await fileText();
    assert.match(text, /Payments Platform/);
    const secrets = [SAMPLE_API_KEY, 'stg_secret_0f9e8d7c6b5a', 'https://staging.payments.example.com', '{{accessToken}}', 'payments.*'];
    assert.deepEqual(secrets.filter((s) => text.includes(s)), []);
    assert.doesNotMatch(text, /"values"|"item"|"auth"|"event"/);
  });

  it('sign-out deletes the kept tree; turning the setting off deletes it and keeps nothing more', async () => {
    await browse();
    await api.treeCache.write();
    assert.ok(await exists(api.treeCache.file));
    await setting(KEEP, false);
    await waitFor('the file to be deleted', async () => !(await exists(api.treeCache.file)));
    await api.treeCache.write();
    assert.equal(await exists(api.treeCache.file), false, 'nothing written while off');
    assert.equal(await api.reloadTree(), 0);
    await setting(KEEP, true);
    await waitFor('the file to be written again', () => exists(api.treeCache.file));

    await vscode.commands.executeCommand('postman.signOut');
    await waitFor('the file to be deleted at sign-out', async () => !(await exists(api.treeCache.file)));
    answerKeyPrompt(api, SAMPLE_API_KEY);
    await vscode.commands.executeCommand('postman.signIn');
  });

  it('stops background checks near the monthly limit, saying so once; clicks still load', async () => {
    await browse();
    await api.treeCache.write();
    const quota = server.dataset.operations.find((o) => o.name === 'api_usage');
    assert.ok(quota);
    quota.usage = Math.ceil(quota.limit * 0.96);
    await api.client.listWorkspaces(); // its headers tell the month's usage
    await waitFor('the usage to be known', () => (api.usage.lines().find((l) => l.name === 'api_usage')?.percent ?? 0) >= 95);
    for (let reload = 0; reload < 2; reload++) {
      await api.reloadTree();
      server.resetCounts();
      const ws = await payments();
      await api.tree.getChildren(ws);
      await api.treeCache.revalidator.idle();
      assert.deepEqual(calls(), [], 'no background call');
      assert.match(tooltip(ws), /Kept from/);
    }
    assert.equal(messages.filter((m) => /background checks of the tree stopped/.test(m)).length, 1, messages.join(' | '));
    assert.match(api.budget.describe(), /stopped: the month's API calls are past 95 %/);
    // A click is never held back: Refresh loads from Postman.
    const ws = await payments();
    api.tree.refresh(ws);
    await api.tree.getChildren(ws);
    assert.deepEqual(calls(), [`GET /workspaces/${ws.workspaceId}`]);
  });
});
