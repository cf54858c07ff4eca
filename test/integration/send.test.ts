import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { Row } from '../../src/tree/model/row';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';
import { SECRET_TOKEN_VALUE, sendDataset } from '../fixtures/sendData';
import { samplePng, TargetApi } from '../fixtures/targetApi';
import { childNamed, setBaseUrl, signInTo, waitFor } from './helpers';

/** Issue 12: sending a request from the tree with Postman's runtime, in the real extension host. */
describe('Send a request', function () {
  this.timeout(60_000);
  let target: TargetApi;
  let server: LocalPostmanServer;
  let api: TestingApi;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'postman-send-'));
  const sendSetting = (key: string, value: unknown) => vscode.workspace.getConfiguration('postman.send').update(key, value, vscode.ConfigurationTarget.Global);

  before(async () => {
    target = await TargetApi.start();
    server = new LocalPostmanServer({ rateLimits: false, dataset: () => sendDataset(target) });
    api = await signInTo(server, SAMPLE_API_KEY);
    await vscode.commands.executeCommand('postman.useEnvironment', await environment('Local'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const key of ['requestTimeoutSeconds', 'scriptTimeoutSeconds', 'maxShownResponseKB']) {
      await sendSetting(key, undefined);
    }
    await vscode.commands.executeCommand('postman.signOut');
    await setBaseUrl(undefined);
    await server.stop();
    await target.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(async () => {
    target.reset();
    // A response editor left from another test would pass for this test's response; a dirty
    // editor would hold "close all" at its save question, so it is reverted first.
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function rowOf(...labels: string[]): Promise<Row> {
    let row: Row | undefined;
    for (const label of labels) {
      row = await childNamed(api, row, label);
    }
    return row as Row;
  }
  const request = (name: string, ...folders: string[]) => rowOf('My Workspace', 'Collections', 'Send Samples', ...folders, name);
  const environment = (name: string) => rowOf('My Workspace', 'Environments', name);

  async function sendFromTree(row: Row): Promise<vscode.TextDocument> {
    await vscode.commands.executeCommand('postman.sendRequest', row);
    const editor = await waitFor('the response editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'postman-response' && e.document.uri.path.includes(row.label)), 30_000);
    return editor.document;
  }

  it('loads no runtime until the first send', () => {
    assert.equal(api.runs.engineLoaded(), false);
  });

  it('sends with the active environment and its scripts, shows the response, and keeps what scripts set as current values', async () => {
    await vscode.commands.executeCommand('postman.useEnvironment', await environment('Local'));
    const row = await request('Echo with scripts');
    const doc = await sendFromTree(row);
    const text = doc.getText();
    assert.equal(doc.languageId, 'jsonc');
    assert.match(text, /^\/\/ POST http:\/\/127\.0\.0\.1:\d+\/echo\?user=42$/m);
    assert.match(text, /^\/\/ 200 OK · \d+ ms · /m);
    assert.match(text, /^\/\/ Tests: 2 of 3 passed$/m);
    assert.match(text, /^\/\/ {3}✓ status is 200$/m);
    assert.match(text, /^\/\/ {3}✗ deliberately fails: expected 'POST' to deeply equal 'PUT'$/m);
    assert.match(text, /^\/\/ {3}log: sending as 42$/m);
    // The body, pretty-printed after the comment block: the collection's script added a header.
    const body = JSON.parse(text.replace(/^\/\/.*\n/gm, '')) as { headers: Record<string, string>; json: { note: string } };
    assert.equal(body.headers['x-from-collection'], '1');
    assert.equal(body.json.note, 'from the environment');
    assert.ok(api.runs.engineLoaded());

    // Current values stay on this machine: Postman was not written to.
    const account = await api.runs.accountKey();
    const envUid = (await environment('Local')).uid as string;
    assert.deepEqual(await api.runs.currentValues.get(account, `environment:${envUid}`), { userId: '42', lastMethod: 'POST' });
    const collectionUid = row.collectionUid as string;
    assert.deepEqual(await api.runs.currentValues.get(account, `collection:${collectionUid}`), { echoed: 'yes' });
    assert.equal(server.count({ method: 'PUT' }), 0);
    // The Postman sign-in never reaches the user's API.
    for (const r of target.requests) {
      assert.ok(!JSON.stringify(r.headers).includes(SAMPLE_API_KEY), `the Postman key went to ${r.path}`);
    }
  });

  it('marks the environment requests are sent with in the tree', async () => {
    const local = await environment('Local');
    assert.match(String(api.tree.getTreeItem(local).description), /used for requests/);
    assert.doesNotMatch(String(api.tree.getTreeItem(await environment('Elsewhere')).description ?? ''), /used for requests/);
  });

  it('sends from a "Send" lens of the collection editor, unsaved edits included', async () => {
    await vscode.commands.executeCommand('postman.openCollection', await rowOf('My Workspace', 'Collections', 'Send Samples'));
    const editor = await waitFor('the collection editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'postman'));
    const doc = editor.document;
    const lenses = await waitFor('the Send lenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return found.filter((l) => l.command?.command === 'postman.sendRequest').length >= 10 ? found : undefined;
    });
    const echo = lenses.find((l) => (l.command?.arguments?.[0] as { name?: string }).name === 'Echo with scripts');
    assert.ok(echo?.command);
    assert.equal(echo.command.title, '$(play) Send POST');
    // An unsaved edit of the request's URL is what gets sent.
    // The body's raw text holds "note": "{{note}}"; the edit appends to it.
    const text = doc.getText();
    const at = text.indexOf('{{note}}');
    assert.ok(at > 0);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(at + '{{note}}'.length), '-edited');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await vscode.commands.executeCommand(echo.command.command, ...(echo.command.arguments ?? []));
    const response = await waitFor('the response editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'postman-response'), 30_000);
    assert.match(response.document.getText(), /Tests: 2 of 3 passed/);
    assert.ok(target.requests.some((r) => r.body.includes('from the environment-edited')), target.requests.map((r) => r.body).join(', '));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('sending again reuses the tab', async () => {
    const row = await request('XML');
    await sendFromTree(row);
    const doc = await sendFromTree(row);
    assert.equal(doc.languageId, 'xml');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === doc.uri.toString());
    assert.equal(tabs.length, 1);
    assert.equal(target.requests.filter((r) => r.path === '/xml').length, 2);
  });

  it('uses a secret but never shows it: masked in the response editor, the console and the log', async () => {
    await vscode.commands.executeCommand('postman.useEnvironment', await environment('Local'));
    const doc = await sendFromTree(await request('Bearer with secret'));
    assert.equal(target.requests.find((r) => r.path === '/bearer')?.headers.authorization, `Bearer ${SECRET_TOKEN_VALUE}`, 'the secret is sent');
    const text = doc.getText();
    assert.match(text, /✓ authorized/);
    assert.ok(!text.includes(SECRET_TOKEN_VALUE), 'the secret is not shown');
    assert.match(text, /log: token was ••••••/);
    assert.match(text, /Authorization: ••••••/);
    await vscode.commands.executeCommand('postman.showLog');
    const log = fs.readdirSync(api.logDir).map((f) => fs.readFileSync(path.join(api.logDir, f), 'utf8')).join('\n');
    assert.match(log, /Sent GET http:\/\/127\.0\.0\.1:\d+\/bearer: 200/);
    assert.ok(!log.includes(SECRET_TOKEN_VALUE));
  });

  it('runs pm.sendRequest from a pre-request script', async () => {
    const doc = await sendFromTree(await request('Chained send'));
    assert.match(doc.getText(), /✓ fetched first/);
    assert.deepEqual(target.requests.map((r) => r.path.split('?')[0]), ['/json', '/echo']);
  });

  it('saves a binary body to a file instead of showing it', async () => {
    const doc = await sendFromTree(await request('Binary'));
    assert.match(doc.getText(), /Binary body \(image\/png, 2\.0 KB\): not shown/);
    const file = vscode.Uri.file(path.join(tmp, 'body.png'));
    await api.runs.responses.saveBody(doc.uri, file);
    assert.deepEqual(fs.readFileSync(file.fsPath), samplePng());
  });

  it('shows a 10 MB body in part, and saves all of it', async () => {
    const doc = await sendFromTree(await request('Big body'));
    assert.match(doc.getText(), /Showing the first 1\.0 MB of 10 MB/);
    assert.ok(doc.getText().length < 1.2 * 1024 * 1024);
    const file = vscode.Uri.file(path.join(tmp, 'big.json'));
    await api.runs.responses.saveBody(doc.uri, file);
    assert.ok(fs.statSync(file.fsPath).size >= 10 * 1024 * 1024 * 0.99);
    JSON.parse(fs.readFileSync(file.fsPath, 'utf8'));
  });

  it('gives each fault a clear result and stays responsive', async () => {
    await sendSetting('requestTimeoutSeconds', 1);
    await sendSetting('scriptTimeoutSeconds', 1);
    try {
      const cases: [string, RegExp][] = [
        ['Reset', /^Error: .*(ECONNRESET|socket hang up)/m],
        ['Hang', /^Error: .*(ETIMEDOUT|ESOCKETTIMEDOUT|timeout)/im],
        ['Redirect loop', /^Error: .*redirect/im],
        ['Server error', /^\/\/ 500 Internal Server Error/m],
        ['Self-signed', /^Error: .*(self[- ]signed|certificate)/im],
        ['Script throws', /post-response: script broke/],
        ['Script loops', /pre-request: The script timed out/],
      ];
      for (const [name, expected] of cases) {
        const doc = await sendFromTree(await request(name, 'Faults'));
        assert.match(doc.getText(), expected, `${name}:\n${doc.getText().slice(0, 600)}`);
      }
    } finally {
      await sendSetting('requestTimeoutSeconds', undefined);
      await sendSetting('scriptTimeoutSeconds', undefined);
    }
  });

  it('cancels a send at once', async () => {
    const row = await request('Slow', 'Faults');
    const cancel = new vscode.CancellationTokenSource();
    const started = Date.now();
    setTimeout(() => cancel.cancel(), 500);
    const sent = await api.runs.sender.send({ collectionUid: row.collectionUid as string, itemId: row.ids?.id as string, workspaceId: row.workspaceId as string, name: row.label }, cancel.token);
    assert.equal(sent.outcome.aborted, true);
    assert.ok(Date.now() - started < 5000);
  });

  it('remembers the active environment per workspace, and "No environment" sends without it', async () => {
    const ws = (await rowOf('My Workspace')).workspaceId as string;
    await vscode.commands.executeCommand('postman.useEnvironment', await environment('Elsewhere'));
    assert.equal((await api.runs.environments.get(ws)).name, 'Elsewhere');
    const state = api.stateSnapshot() as { global: Record<string, unknown> };
    assert.ok(JSON.stringify(state.global['postman.activeEnvironments']).includes('Elsewhere'));
    await api.runs.environments.set(ws, {});
    const doc = await sendFromTree(await request('XML'));
    // {{baseUrl}} is unresolved without an environment: the runtime reports the URL it could not send.
    const account = await api.runs.accountKey();
    const row = await request('XML');
    const stored = JSON.stringify({
      collection: await api.runs.currentValues.get(account, `collection:${row.collectionUid}`),
      globals: await api.runs.currentValues.get(account, `globals:${ws}`),
      active: await api.runs.environments.get(ws),
    });
    assert.match(doc.getText(), /^Unresolved variables: baseUrl$/m, stored);
    assert.equal(target.requests.length, 0);
    await vscode.commands.executeCommand('postman.useEnvironment', await environment('Local'));
  });

  it('shares current values to Postman only when asked, and secrets only when chosen', async () => {
    const envRow = await environment('Local');
    const uid = envRow.uid as string;
    const account = await api.runs.accountKey();
    await api.runs.currentValues.set(account, `environment:${uid}`, { note: 'changed here', token: 'a-new-secret-value' });
    api.runs.share.confirm = async () => undefined;
    assert.equal(await api.runs.share.share(uid, 'Local'), undefined, 'refused: nothing shared');
    assert.equal(server.count({ method: 'PUT' }), 0);
    api.runs.share.confirm = async () => 'share';
    assert.deepEqual(await api.runs.share.share(uid, 'Local'), ['note']);
    const stored = server.dataset.environments[uid].values;
    assert.equal(stored.find((v) => v.key === 'note')?.value, 'changed here');
    assert.equal(stored.find((v) => v.key === 'token')?.value, SECRET_TOKEN_VALUE, 'the secret was not shared');
    assert.deepEqual(await api.runs.currentValues.get(account, `environment:${uid}`), { token: 'a-new-secret-value' });
    api.runs.share.confirm = undefined;
    await api.runs.currentValues.reset(account, `environment:${uid}`);
  });
});
