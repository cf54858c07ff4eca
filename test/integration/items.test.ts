import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { Row } from '../../src/tree/model/row';
import { render } from '../../src/text/plain';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';
import { childNamed, closeAllEditors, editDocument, labels, setBaseUrl, signInTo, waitFor } from './helpers';

type Obj = Record<string, unknown>;

/** Issue 15: one request at a time, and create, rename, duplicate, delete and move from the tree, in the real extension host. */
describe('Postman items and edits from the tree', function () {
  this.timeout(60000);
  const server = new LocalPostmanServer({ rateLimits: false });
  let api: TestingApi;
  let asked: { message: string; detail: string; actions: string[] }[] = [];
  let answer: (message: string, actions: string[]) => string | undefined = () => undefined;
  let names: string[] = [];
  let deleteAnswer = true;
  let shown: string[] = [];
  let listening: vscode.Disposable | undefined;
  const WS = 'Payments Platform';
  const API = 'Payments API v2';

  const setSetting = (key: string, value: unknown) => vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);

  before(async () => {
    api = await signInTo(server, SAMPLE_API_KEY);
    await setSetting('files.autoSave', 'off');
    listening = api.observeMessages((m) => shown.push(m.text));
  });

  after(async () => {
    listening?.dispose();
    await setSetting('files.autoSave', undefined);
    api.setDocumentUi(undefined);
    api.setEditUi(undefined);
    await closeAllEditors();
    await vscode.commands.executeCommand('postman.signOut');
    await setBaseUrl(undefined);
    await server.stop();
  });

  beforeEach(async () => {
    await closeAllEditors();
    server.reset();
    server.clearFaults();
    api.tree.refresh();
    api.documents.resetSessionConfirmation();
    asked = [];
    shown = [];
    names = [];
    deleteAnswer = true;
    answer = (message, actions) => (/^Save your changes/.test(message) ? actions[0] : undefined);
    api.setDocumentUi({
      modal: async (m, d, ...actions) => {
        const [message, detail] = [render(m), render(d)];
        asked.push({ message, detail, actions });
        return answer(message, actions);
      },
    });
    api.setEditUi({
      askName: async (_prompt, value) => (names.length > 0 ? names.shift() : value),
      confirmDelete: async (m, d) => {
        asked.push({ message: render(m), detail: render(d), actions: ['Delete'] });
        return deleteAnswer;
      },
    });
  });

  const collectionEntry = (name: string) => {
    const entry = Object.entries(server.dataset.collections).find(([, c]) => c.info.name === name);
    assert.ok(entry, `collection ${name}`);
    return { uid: entry[0], collection: entry[1] as unknown as Obj };
  };
  const workspaceId = () => server.dataset.workspaces.find((w) => w.name === WS)?.id as string;

  /** The stored item (v2.1) named `name`, at any depth, with the list holding it. */
  function stored(collectionName: string, name: string): { item: Obj; list: Obj[] } | undefined {
    const walk = (list: Obj[]): { item: Obj; list: Obj[] } | undefined => {
      for (const item of list) {
        if (item.name === name) {
          return { item, list };
        }
        const inner = Array.isArray(item.item) ? walk(item.item as Obj[]) : undefined;
        if (inner) {
          return inner;
        }
      }
      return undefined;
    };
    return walk(collectionEntry(collectionName).collection.item as Obj[]);
  }

  async function rowAt(...path: string[]): Promise<Row> {
    let row: Row | undefined;
    for (const label of path) {
      row = await childNamed(api, row, label);
    }
    return row as Row;
  }

  const apiRow = () => rowAt(WS, 'Collections', API);

  async function openRow(row: Row): Promise<vscode.TextDocument> {
    await vscode.commands.executeCommand('postman.openDocument', row);
    return waitFor(`${row.label} to open`, () =>
      vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'postman' && new URLSearchParams(d.uri.query).get('item') === row.ids?.id && d.getText().length > 0));
  }

  it('opens a request as its own v2.1 document for one call, without loading the collection or the converter before', async () => {
    const customers = await rowAt(WS, 'Collections', API, 'Customers');
    assert.equal(api.itemConverterLoaded(), false, 'browsing does not load the converter');
    server.resetCounts();
    const row = await childNamed(api, customers, 'Create customer');
    const doc = await openRow(row);
    const { uid } = collectionEntry(API);
    assert.equal(doc.uri.authority, uid);
    assert.match(doc.uri.path, /\/Create customer\.postman_request\.json$/);
    assert.equal(doc.languageId, 'json');
    const shownItem = JSON.parse(doc.getText()) as Obj;
    assert.equal(shownItem.name, 'Create customer');
    assert.equal((shownItem.request as Obj).method, 'POST');
    assert.equal(shownItem.response, undefined, 'saved responses are documents of their own');
    assert.equal(server.count({ path: /^\/collections\/[^/]+\/requests\// }), 1);
    assert.equal(server.count(), 1, 'one call in all');
  });

  it('saves an edited request with at most two calls and a body under 10 KB; a removed header is removed in Postman', async () => {
    const row = await rowAt(WS, 'Collections', API, 'Diagnostics', 'CORS preflight');
    const doc = await openRow(row);
    server.resetCounts();
    const text = JSON.parse(doc.getText()) as { request: { header: Obj[]; url: unknown } };
    assert.equal(text.request.header.length, 2);
    const edited = { ...text, request: { ...text.request, header: [text.request.header[1]] } };
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), `${JSON.stringify(edited, null, 2)}\n`);
    await vscode.workspace.applyEdit(edit);
    assert.ok(await doc.save(), 'saved');
    const item = stored(API, 'CORS preflight')?.item as { request: { header: Obj[] } };
    assert.deepEqual(item.request.header.map((h) => h.key), ['Access-Control-Request-Method']);
    assert.ok(server.count() <= 2, `calls: ${server.count()}`);
    assert.equal(server.count({ method: 'PUT', path: /\/requests\// }), 1);
    assert.equal(server.count({ path: /^\/collections\/[^/]+$/ }), 0, 'the whole collection is neither read nor sent');
    await waitFor('the editor to show what Postman holds', () => !doc.isDirty && (JSON.parse(doc.getText()) as typeof text).request.header.length === 1);
  });

  it('a teammate\'s change to the same request is a conflict; a change elsewhere in the collection is not', async () => {
    const row = await rowAt(WS, 'Collections', API, 'Customers', 'Delete customer');
    const doc = await openRow(row);
    const { uid } = collectionEntry(API);
    const other = stored(API, 'Patch customer')?.item as Obj;
    server.editItemAsTeammate(uid, other.id as string, { name: 'Patch customer (teammate)' });
    await editDocument(doc, '"Delete customer"', '"Delete customer!"');
    assert.ok(await doc.save(), 'a change elsewhere is no conflict');
    assert.equal(stored(API, 'Delete customer!')?.item.id, row.ids?.id);
    assert.ok(stored(API, 'Patch customer (teammate)'), 'the teammate\'s change is kept');
    server.editItemAsTeammate(uid, row.ids?.id as string, { name: 'Delete customer (teammate)' });
    await editDocument(doc, '"Delete customer!"', '"Delete customer?"');
    answer = (message, actions) => (/changed in Postman/.test(message) ? undefined : /^Save your changes/.test(message) ? actions[0] : undefined);
    assert.equal(await doc.save(), false, 'not saved');
    assert.ok(asked.some((a) => /changed in Postman since you opened it/.test(a.message)), asked.map((a) => a.message).join(' | '));
    assert.ok(stored(API, 'Delete customer (teammate)'), 'the teammate\'s version stays');
    assert.ok(doc.isDirty, 'the edit stays in the editor');
  });

  it('a request deleted by a teammate, or in a read-only workspace, is not saved and the edit stays', async () => {
    const row = await rowAt(WS, 'Collections', API, 'Customers', 'Replace customer');
    const doc = await openRow(row);
    const { uid } = collectionEntry(API);
    server.setWorkspaceReadOnly(workspaceId());
    await editDocument(doc, '"Replace customer"', '"Replace customer 2"');
    assert.equal(await doc.save(), false);
    assert.ok(doc.isDirty);
    assert.equal(stored(API, 'Replace customer 2'), undefined);
    server.setWorkspaceReadOnly(workspaceId(), false);
    server.deleteItemAsTeammate(uid, row.ids?.id as string);
    assert.equal(await doc.save(), false);
    assert.ok(doc.isDirty);
    assert.ok(shown.some((t) => /no longer exists/.test(t)), shown.join(' | '));
  });

  it('saving a request updates the open whole-collection document and the tree, with no call', async () => {
    const collectionRow = await apiRow();
    await vscode.commands.executeCommand('postman.openDocument', collectionRow);
    const whole = await waitFor('the collection to open', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'postman' && d.uri.path.endsWith('.postman_collection.json') && d.getText().includes('"Ping"')));
    // Kept open in its own tab (not a preview the next document would replace), as after an edit.
    await vscode.commands.executeCommand('workbench.action.keepEditor');
    const ping = await childNamed(api, collectionRow, 'Ping');
    const doc = await openRow(ping);
    await editDocument(doc, '"Ping"', '"Ping (renamed)"');
    server.resetCounts();
    assert.ok(await doc.save());
    await waitFor('the collection document to show the new name', () => whole.getText().includes('"Ping (renamed)"') || undefined);
    assert.deepEqual((await labels(await api.tree.getChildren(collectionRow))).includes('Ping (renamed)'), true);
    assert.equal(server.count({ path: /^\/collections\/[^/]+$/ }), 0, 'no reload of the collection');
  });

  it('creates a folder and a request (opened at once), renames and duplicates them, each with the fewest calls', async () => {
    const collectionRow = await apiRow();
    await api.tree.getChildren(collectionRow); // expanded: the collection is loaded
    server.resetCounts();
    names = ['Reports'];
    await vscode.commands.executeCommand('postman.newFolder', collectionRow);
    assert.equal(server.count(), 1);
    await waitFor('the new folder to open, from Postman\'s answer', () => vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('/Reports.postman_folder.json')));
    assert.equal(server.count(), 1, 'the folder opens with no call');
    const folder = await waitFor('the new folder row', async () => (await api.tree.getChildren(collectionRow)).find((r) => r.label === 'Reports'));
    assert.equal(folder.kind, 'folder');
    assert.ok(stored(API, 'Reports'));
    names = ['Monthly report'];
    await vscode.commands.executeCommand('postman.newRequest', folder);
    const created = await waitFor('the new request to open', () => vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('/Monthly report.postman_request.json')));
    assert.equal((JSON.parse(created.getText()) as Obj).name, 'Monthly report');
    assert.equal(server.count({ method: 'POST' }), 2);
    assert.equal(server.count({ method: 'GET' }), 0, `the new request opens from the answer: ${server.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    const requestRow = await waitFor('the new request row', async () => (await api.tree.getChildren(folder)).find((r) => r.label === 'Monthly report'));
    server.resetCounts();
    names = ['Monthly revenue'];
    await vscode.commands.executeCommand('postman.rename', requestRow);
    assert.equal(server.count(), 1);
    assert.ok(stored(API, 'Monthly revenue'));
    const renamed = await waitFor('the renamed row', async () => (await api.tree.getChildren(folder)).find((r) => r.label === 'Monthly revenue'));
    server.resetCounts();
    await vscode.commands.executeCommand('postman.duplicate', renamed);
    assert.ok(stored(API, 'Monthly revenue Copy'));
    // The collection reloads (the copy's inner ids are Postman's): its rows are drawn anew, as VS Code asks for them.
    await waitFor('the copy in the tree', async () =>
      (await labels(await api.tree.getChildren(await childNamed(api, collectionRow, 'Reports')))).includes('Monthly revenue Copy') || undefined);
    assert.equal(server.count({ method: 'GET', path: /^\/collections\/[^/]+$/ }), 1, 'one reload of the collection');
  });

  it('deletes only after a modal that names what is lost and says there is no undo', async () => {
    const refunds = await rowAt(WS, 'Collections', API, 'Payments', 'By ID', 'Refunds');
    deleteAnswer = false;
    server.resetCounts();
    await vscode.commands.executeCommand('postman.delete', refunds);
    assert.equal(server.count(), 0, 'nothing sent when the user declines');
    assert.match(asked[0].message, /Delete the folder "Refunds"\?/);
    assert.match(asked[0].detail, /6 items inside the folder are deleted too/);
    assert.match(asked[0].detail, /no undo/);
    deleteAnswer = true;
    await vscode.commands.executeCommand('postman.delete', refunds);
    assert.equal(server.count({ method: 'DELETE' }), 1);
    assert.equal(stored(API, 'Refunds'), undefined);
    const byId = await rowAt(WS, 'Collections', API, 'Payments', 'By ID');
    await waitFor('the folder to leave the tree', async () => !(await labels(await api.tree.getChildren(byId))).includes('Refunds') || undefined);
  });

  it('moves a request into a folder by drag and drop, with one transfer call and no reload', async () => {
    const collectionRow = await apiRow();
    const ping = await childNamed(api, collectionRow, 'Ping');
    const drafts = await childNamed(api, collectionRow, 'Drafts (empty folder)');
    server.resetCounts();
    const data = new vscode.DataTransfer();
    const token = new vscode.CancellationTokenSource().token;
    await api.dragAndDrop.handleDrag?.([ping], data, token);
    await api.dragAndDrop.handleDrop?.(drafts, data, token);
    assert.equal(server.count(), 1);
    assert.equal(server.count({ method: 'POST', path: '/collection-requests-transfers' }), 1);
    assert.deepEqual((stored(API, 'Drafts (empty folder)')?.item.item as Obj[]).map((i) => i.name), ['Ping']);
    const moved = await waitFor('the request under the folder', async () => (await api.tree.getChildren(drafts)).find((r) => r.label === 'Ping'));
    assert.equal(moved.kind, 'request');
    assert.ok(!(await labels(await api.tree.getChildren(collectionRow))).includes('Ping'));
  });

  it('a drop onto a request moves before it; a folder cannot move into itself; a 429 leaves the tree as it was', async () => {
    const customers = await rowAt(WS, 'Collections', API, 'Customers');
    const [list, create, , patch] = await api.tree.getChildren(customers);
    const data = new vscode.DataTransfer();
    const token = new vscode.CancellationTokenSource().token;
    await api.dragAndDrop.handleDrag?.([patch], data, token);
    await api.dragAndDrop.handleDrop?.(create, data, token);
    assert.deepEqual((stored(API, 'Customers')?.item.item as Obj[]).map((i) => i.name).slice(0, 3), [list.label, patch.label, create.label]);
    const payments = await rowAt(WS, 'Collections', API, 'Payments');
    const byId = await childNamed(api, payments, 'By ID');
    server.resetCounts();
    await api.dragAndDrop.handleDrag?.([payments], data, token);
    await api.dragAndDrop.handleDrop?.(byId, data, token);
    assert.equal(server.count(), 0, 'refused before any call');
    assert.ok(shown.some((t) => /cannot move into itself/.test(t)), shown.join(' | '));
    const before = await labels(await api.tree.getChildren(customers));
    server.injectFault({ kind: 'status', status: 429, retryAfter: null, match: { path: '/collection-requests-transfers' } });
    const first = (await api.tree.getChildren(customers))[0];
    await api.dragAndDrop.handleDrag?.([first], data, token);
    await api.dragAndDrop.handleDrop?.(payments, data, token);
    server.clearFaults();
    assert.deepEqual(await labels(await api.tree.getChildren(customers)), before, 'the tree is as it was');
    assert.ok(shown.some((t) => /Moving/.test(t)), shown.join(' | '));
  });

  it('creates, renames and deletes collections and environments in a workspace, and the groups follow with no reload', async () => {
    const collections = await rowAt(WS, 'Collections');
    server.resetCounts();
    names = ['Scratch'];
    await vscode.commands.executeCommand('postman.newCollection', collections);
    const scratch = await waitFor('the new collection row', async () => (await api.tree.getChildren(await rowAt(WS, 'Collections'))).find((r) => r.label === 'Scratch'));
    names = ['Scratch pad'];
    await vscode.commands.executeCommand('postman.rename', scratch);
    await waitFor('the renamed collection', async () => (await labels(await api.tree.getChildren(await rowAt(WS, 'Collections')))).includes('Scratch pad') || undefined);
    assert.ok(collectionEntry('Scratch pad'));
    assert.equal(server.count({ path: `/workspaces/${workspaceId()}` }), 0, 'the workspace is not read again');
    const environments = await rowAt(WS, 'Environments');
    names = ['QA'];
    await vscode.commands.executeCommand('postman.newEnvironment', environments);
    const qa = await waitFor('the new environment row', async () => (await api.tree.getChildren(await rowAt(WS, 'Environments'))).find((r) => r.label === 'QA'));
    await vscode.commands.executeCommand('postman.delete', qa);
    await waitFor('the environment to go', async () => !(await labels(await api.tree.getChildren(await rowAt(WS, 'Environments')))).includes('QA') || undefined);
    assert.ok(!Object.values(server.dataset.environments).some((e) => e.name === 'QA'));
  });
  it('a rename in a read-only workspace (403), a delete of what a teammate deleted (404) and a new folder under a 429 change nothing in the tree and say why', async () => {
    const customers = await rowAt(WS, 'Collections', API, 'Customers');
    const before = await labels(await api.tree.getChildren(customers));
    const [first, second] = await api.tree.getChildren(customers);
    server.setWorkspaceReadOnly(workspaceId());
    names = ['Renamed in a read-only workspace'];
    await vscode.commands.executeCommand('postman.rename', first);
    assert.ok(shown.some((t) => /Renaming the request .* failed/.test(t)), shown.join(' | '));
    assert.deepEqual(await labels(await api.tree.getChildren(customers)), before, 'the tree is as it was');
    assert.equal(stored(API, 'Renamed in a read-only workspace'), undefined);
    server.setWorkspaceReadOnly(workspaceId(), false);
    shown = [];
    server.deleteItemAsTeammate(collectionEntry(API).uid, second.ids?.id as string);
    await vscode.commands.executeCommand('postman.delete', second);
    assert.ok(shown.some((t) => /Deleting the request .* failed/.test(t)), shown.join(' | '));
    assert.deepEqual(await labels(await api.tree.getChildren(customers)), before, 'the row stays until a Refresh');
    shown = [];
    server.injectFault({ kind: 'status', status: 429, retryAfter: null, match: { path: /\/folders$/ } });
    names = ['Never created'];
    await vscode.commands.executeCommand('postman.newFolder', customers);
    server.clearFaults();
    assert.ok(shown.some((t) => /Creating the folder "Never created" failed/.test(t)), shown.join(' | '));
    assert.deepEqual(await labels(await api.tree.getChildren(customers)), before);
  });
});
