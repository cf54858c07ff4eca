import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';
import { activateExtension, answerKeyPrompt, childNamed, EXTENSION_ID, labels, setBaseUrl, waitFor } from './helpers';

const WRONG_KEY = 'PMAK-0000000000000000deadbeef-00000000000000000000000000deadbeef00';

describe('Postman Workspaces in the extension host', function () {
  this.timeout(60000);
  const server = new LocalPostmanServer({ rateLimits: false });
  let api: TestingApi;

  before(async () => {
    const url = await server.start();
    await setBaseUrl(url);
    api = await activateExtension();
    await vscode.commands.executeCommand('postman.signOut');
  });

  after(async () => {
    await vscode.commands.executeCommand('postman.signOut');
    await setBaseUrl(undefined);
    await server.stop();
  });

  beforeEach(() => {
    server.clearFaults();
    server.resetCounts();
  });

  it('registers every contributed command', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string }[] } };
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
  });

  it('shows nothing but the welcome view while signed out, without any network call', async () => {
    assert.deepEqual(await api.tree.getChildren(), []);
    assert.equal(server.count(), 0);
  });

  it('refuses a rejected key with a clear message and stores nothing', async () => {
    const prompt = answerKeyPrompt(api, WRONG_KEY);
    await vscode.commands.executeCommand('postman.signIn');
    assert.equal(prompt.shown.length, 1);
    assert.match(prompt.shown[0], /rejected this API key/);
    assert.ok(!prompt.shown[0].includes(WRONG_KEY));
    assert.equal(await api.storedCredentialSource(), undefined);
    assert.deepEqual(await api.tree.getChildren(), []);
  });

  it('signs in with a valid key after checking it with GET /me, keeping it in SecretStorage', async () => {
    answerKeyPrompt(api, SAMPLE_API_KEY);
    await vscode.commands.executeCommand('postman.signIn');
    assert.equal(server.count({ path: '/me' }), 1);
    assert.equal(await api.storedCredentialSource(), 'secretStorage');
  });

  it('lists the workspaces, personal first', async () => {
    const names = await labels(await api.tree.getChildren());
    const expected = server.dataset.workspaces.map((w) => w.name);
    assert.deepEqual([...names].sort(), [...expected].sort());
    const personal = server.dataset.workspaces.find((w) => w.type === 'personal');
    assert.equal(names[0], personal?.name);
  });

  it('expands a workspace into its five groups and its globals with one call, each group listing its items', async () => {
    const ws = server.dataset.workspaces.find((w) => w.collections.length > 0 && w.mocks.length > 0 && w.monitors.length > 0 && w.specs.length > 0);
    assert.ok(ws, 'the sample data has a workspace with every kind');
    const node = await childNamed(api, undefined, ws.name);
    server.resetCounts();
    const groups = await api.tree.getChildren(node);
    assert.deepEqual(await labels(groups), ['Collections', 'Environments', 'Specs', 'Mocks', 'Monitors', 'Globals']);
    assert.equal(server.count(), 1, 'one GET /workspaces/{id}');
    groups.pop();
    const lists = { Collections: ws.collections, Environments: ws.environments, Specs: ws.specs, Mocks: ws.mocks, Monitors: ws.monitors };
    for (const group of groups) {
      const label = group.label as keyof typeof lists;
      assert.equal(group.description, String(lists[label].length));
      const items = await labels(await api.tree.getChildren(group));
      const want = lists[label].map((r) => r.name);
      assert.deepEqual([...items].sort(), want.length ? [...want].sort() : [`No ${label.toLowerCase()}`]);
    }
    // Groups expand from the cached workspace; only Mocks adds one call, for every mock's URL at once.
    assert.equal(server.count(), ws.mocks.length > 0 ? 2 : 1);
    assert.equal(server.count({ path: '/mocks' }), ws.mocks.length > 0 ? 1 : 0);
  });

  it('says so when a group is empty', async () => {
    const ws = server.dataset.workspaces.find((w) => w.mocks.length === 0);
    assert.ok(ws, 'the sample data has a workspace without mocks');
    const mocks = await childNamed(api, await childNamed(api, undefined, ws.name), 'Mocks');
    assert.deepEqual(await labels(await api.tree.getChildren(mocks)), ['No mocks']);
  });

  it('opens a collection as pretty-printed JSON in an editor', async () => {
    const ws = server.dataset.workspaces.find((w) => w.collections.length > 0);
    assert.ok(ws);
    const ref = ws.collections[0];
    const group = await childNamed(api, await childNamed(api, undefined, ws.name), 'Collections');
    const row = await childNamed(api, group, ref.name);
    const item = api.tree.getTreeItem(row);
    assert.equal(item.command?.command, 'postman.openDocument');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const editor = await waitFor('the collection editor', () => (vscode.window.activeTextEditor?.document.uri.scheme === 'postman' ? vscode.window.activeTextEditor : undefined));
    const doc = editor.document;
    assert.equal(doc.languageId, 'json');
    assert.ok(doc.uri.path.endsWith('.postman_collection.json'), doc.uri.path);
    const stored = server.dataset.collections[ref.uid];
    assert.deepEqual(JSON.parse(doc.getText()), stored);
    assert.equal(doc.getText(), JSON.stringify(stored, null, 2) + '\n');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('turns a failed load into a row with Retry, and Retry works', async () => {
    server.injectFault({ kind: 'status', status: 503, match: { path: '/workspaces' } });
    api.tree.refresh();
    const rows = await api.tree.getChildren();
    assert.equal(rows.length, 1);
    const item = api.tree.getTreeItem(rows[0]);
    assert.match(`${item.label} ${item.description}`, /Could not load workspaces.*server error/);
    assert.match(String(item.contextValue), /retry/);
    server.clearFaults();
    await vscode.commands.executeCommand(item.command?.command ?? '', ...(item.command?.arguments ?? []));
    assert.equal((await api.tree.getChildren()).length, server.dataset.workspaces.length);
  });

  it('refuses plain http to a non-loopback host before sending anything', async () => {
    const url = server.url;
    await setBaseUrl('http://api.example.com');
    try {
      api.tree.refresh();
      const rows = await api.tree.getChildren();
      assert.match(`${rows[0].label}: ${rows[0].description}`, /Could not load workspaces.*plain http/);
      assert.equal(server.count(), 0);
    } finally {
      await setBaseUrl(url);
    }
  });

  it('signs out: the key is deleted and the tree empties', async () => {
    await vscode.commands.executeCommand('postman.signOut');
    assert.equal(await api.storedCredentialSource(), undefined);
    assert.deepEqual(await api.tree.getChildren(), []);
  });

  it('never writes the key to logs, settings or extension state', async () => {
    answerKeyPrompt(api, SAMPLE_API_KEY);
    await vscode.commands.executeCommand('postman.signIn');
    await api.tree.getChildren();
    await vscode.commands.executeCommand('postman.signOut');
    const hits: string[] = [];
    const search = (dir: string) => {
      for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          search(file);
        } else if (fs.readFileSync(file).includes(SAMPLE_API_KEY)) {
          hits.push(file);
        }
      }
    };
    const logFile = path.join(api.logDir, 'Postman.log');
    await waitFor('the log to record the requests', () => fs.existsSync(logFile) && fs.readFileSync(logFile, 'utf8').includes('GET /me 200'));
    search(api.logDir);
    for (const scope of ['postman', undefined] as const) {
      assert.ok(!JSON.stringify(vscode.workspace.getConfiguration(scope)).includes(SAMPLE_API_KEY), 'settings');
    }
    assert.ok(!JSON.stringify(api.stateSnapshot()).includes(SAMPLE_API_KEY), 'global/workspace state');
    assert.deepEqual(hits, []);
  });
});
