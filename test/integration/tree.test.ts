import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { Row } from '../../src/tree/model/row';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';
import { childNamed, setBaseUrl, signInTo, waitFor } from './helpers';

/** Every kind of row and every row action, in the real extension host. */
describe('the Postman tree in the extension host', function () {
  this.timeout(60000);
  const server = new LocalPostmanServer({ rateLimits: false });
  let api: TestingApi;
  const item = (row: Row) => api.tree.getTreeItem(row);
  const icon = (row: Row) => (item(row).iconPath as vscode.ThemeIcon | undefined)?.id;
  const payments = () => childNamed(api, undefined, 'Payments Platform');

  before(async () => {
    api = await signInTo(server, SAMPLE_API_KEY);
  });

  after(async () => {
    await vscode.commands.executeCommand('postman.signOut');
    await setBaseUrl(undefined);
    await server.stop();
  });

  beforeEach(() => server.resetCounts());

  it('draws collections, folders and requests with method icons and URL tooltips', async () => {
    const collection = await childNamed(api, await childNamed(api, await payments(), 'Collections'), 'Payments API v2');
    assert.equal(item(collection).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.equal(item(collection).command?.command, 'postman.openDocument');
    assert.match(String(item(collection).contextValue), /\bcollection\b.*\bhasUid\b.*\bhasWeb\b/);
    server.resetCounts();
    const folder = (await api.tree.getChildren(collection)).find((r) => r.kind === 'folder');
    assert.ok(folder);
    assert.equal(icon(folder), 'folder');
    const request = (await api.tree.getChildren(folder)).find((r) => r.kind === 'request');
    assert.ok(request);
    const drawn = item(request);
    assert.equal(icon(request), 'symbol-method');
    assert.ok((drawn.iconPath as vscode.ThemeIcon).color instanceof vscode.ThemeColor);
    assert.match(String(drawn.description), /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/);
    assert.ok(drawn.tooltip instanceof vscode.MarkdownString);
    assert.match(drawn.tooltip.value, /`.*payments.*`/);
    assert.equal(server.count(), 1, 'one call for the whole collection');
  });

  it('draws environment variables with secrets masked, and opens the environment as JSON', async () => {
    const env = await childNamed(api, await childNamed(api, await payments(), 'Environments'), 'Payments – Staging');
    const vars = await api.tree.getChildren(env);
    const secret = vars.find((v) => v.label === 'clientSecret');
    assert.ok(secret);
    assert.equal(icon(secret), 'lock');
    assert.ok(!String(item(secret).description).includes('stg_secret'));
    assert.equal(vars.find((v) => v.label === 'baseUrl')?.description, 'https://staging.payments.example.com');
    await vscode.commands.executeCommand('postman.openEnvironment', env);
    const editor = await waitFor('the environment editor', () =>
      vscode.window.activeTextEditor?.document.uri.path.endsWith('.postman_environment.json') ? vscode.window.activeTextEditor : undefined,
    );
    assert.equal(JSON.parse(editor.document.getText()).name, 'Payments – Staging');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('draws mocks with their URL, deactivated ones dimmed, and copies the URL', async () => {
    const mocks = await api.tree.getChildren(await childNamed(api, await payments(), 'Mocks'));
    const off = mocks.find((m) => m.flags.includes('deactivated'));
    assert.ok(off);
    assert.equal(item(off).description, 'deactivated');
    assert.ok((item(off).iconPath as vscode.ThemeIcon).color instanceof vscode.ThemeColor);
    const on = mocks.find((m) => m.mockUrl && !m.flags.includes('deactivated'));
    assert.ok(on);
    assert.equal(item(on).description, on.mockUrl);
    await vscode.commands.executeCommand('postman.copyMockUrl', on);
    assert.equal(await vscode.env.clipboard.readText(), on.mockUrl);
  });

  it('fetches monitor details only when a monitor is expanded or hovered', async () => {
    const [first, second] = await api.tree.getChildren(await childNamed(api, await payments(), 'Monitors'));
    assert.equal(server.count({ path: /^\/monitors/ }), 0);
    assert.equal(icon(first), 'pulse');
    const details = await api.tree.getChildren(first);
    assert.deepEqual(details.map((d) => d.label.split(':')[0]).slice(1), ['Schedule', 'Last run']);
    assert.match(String(icon(first)), /^(pass|error)$/);
    assert.equal(server.count({ path: /^\/monitors/ }), 1);
    const hovered = await api.tree.resolveTreeItem(item(second), second);
    assert.match((hovered.tooltip as vscode.MarkdownString).value, /Last run|No runs/);
    assert.equal(server.count({ path: /^\/monitors/ }), 2);
  });

  it('copies IDs and UIDs', async () => {
    const collection = await childNamed(api, await childNamed(api, await payments(), 'Collections'), 'Webhooks');
    await vscode.commands.executeCommand('postman.copyUid', collection);
    assert.equal(await vscode.env.clipboard.readText(), collection.ids?.uid);
    await vscode.commands.executeCommand('postman.copyId', collection);
    assert.equal(await vscode.env.clipboard.readText(), collection.ids?.id);
    assert.match(String(collection.webUrl), /^https:\/\/go\.postman\.co\/workspace\/.+\/collection\//);
  });

  it('refreshes one row with one call, leaving the rest cached', async () => {
    const ws = await payments();
    await api.tree.getChildren(ws);
    server.resetCounts();
    await vscode.commands.executeCommand('postman.refresh', ws);
    await api.tree.getChildren(ws);
    await api.tree.getChildren();
    assert.equal(server.count(), 1);
    assert.equal(server.count({ path: /^\/workspaces\/.+/ }), 1);
  });

  it('says it is waiting for the rate limit instead of failing, then loads', async () => {
    server.injectFault({ kind: 'status', status: 429, retryAfter: 2, times: 1, match: { path: '/workspaces' } });
    api.tree.refresh();
    const loading = api.tree.getChildren();
    await waitFor('the waiting message', () => (/Waiting for Postman's rate limit/.test(api.tree.message ?? '') ? true : undefined));
    const rows = await loading;
    assert.equal(rows.length, server.dataset.workspaces.length);
    await waitFor('the message to clear', () => (api.tree.message === undefined ? true : undefined));
  });
});
