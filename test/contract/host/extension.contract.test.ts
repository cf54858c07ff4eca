import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../../src/extension';
import type { Row } from '../../../src/tree/model/row';
import { SAMPLE_API_KEY } from '../../fixtures/sampleData';
import { activateExtension, answerKeyPrompt, setBaseUrl, waitFor } from '../../integration/helpers';
import { saw, scenario } from '../../reliability/report';
import { ContractProxy, type Exchange, type Prism, startPrism } from '../prism';
import { examples } from '../spec';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);

/**
 * The extension itself — sign-in, the tree, the editor — in the real extension host against
 * Prism serving Postman's own OpenAPI description: what the user sees is what the spec's
 * default examples hold, and every request the extension sends passes Prism's validation.
 */
describe('contract: the extension in the host against Postman’s OpenAPI description (Prism)', function () {
  this.timeout(120_000);
  let prism: Prism;
  let proxy: ContractProxy;
  let api: TestingApi;
  /** The documents the open scenario opened (earlier files' documents may linger in textDocuments). */
  const opened: vscode.TextDocument[] = [];
  const workspaceList = arr(obj(examples('GET', '/workspaces')[0]?.value).workspaces);
  const workspace = obj(obj(examples('GET', '/workspaces/{workspaceId}')[0]?.value).workspace);
  const collection = obj(obj(examples('GET', '/collections/{collectionId}')[0]?.value).collection);
  const environment = obj(obj(examples('GET', '/environments/{environmentId}')[0]?.value).environment);

  before(async () => {
    prism = await startPrism();
    proxy = new ContractProxy(prism.url);
    await setBaseUrl(await proxy.start());
    api = await activateExtension();
    // Only the explicit saves below: code-server auto-saves after a delay, and the extension refuses those.
    await vscode.workspace.getConfiguration().update('files.autoSave', 'off', vscode.ConfigurationTarget.Global);
    delete process.env.POSTMAN_API_KEY;
    await api.reloadCredentials();
    api.repo.invalidateAll();
  });

  after(async () => {
    for (const doc of opened.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('postman.signOut');
    api.setApiKeyPrompt(undefined);
    api.setSignInMethodPick(undefined);
    api.setDocumentUi(undefined);
    await vscode.workspace.getConfiguration().update('files.autoSave', undefined, vscode.ConfigurationTarget.Global);
    await setBaseUrl(undefined);
    await proxy?.stop();
    await prism?.stop();
  });

  /** Every request so far passed Prism's validation, with the key in X-Api-Key and nowhere else. */
  function assertValid(exchanges: Exchange[]): void {
    assert.ok(exchanges.length > 0, 'requests were sent');
    for (const x of exchanges) {
      assert.equal(x.violations, undefined, `${x.method} ${x.url} failed Prism's request validation: ${JSON.stringify(x.violations)}`);
      assert.ok(x.headerNames.includes('x-api-key'), `${x.method} ${x.url} carries X-Api-Key`);
      assert.ok(!x.url.includes(SAMPLE_API_KEY), 'the key is never in a URL');
    }
  }

  const since = (from: number) => proxy.exchanges.slice(from);
  const name = (o: Obj) => String(o.name);

  scenario('host', 'contract', 'sign in: GET /me from the spec signs in as its user', async () => {
    const from = proxy.exchanges.length;
    const prompt = answerKeyPrompt(api, SAMPLE_API_KEY);
    await vscode.commands.executeCommand('postman.signIn');
    assert.deepEqual(prompt.shown, []);
    assert.ok(await api.storedCredentialSource(), 'signed in');
    assertValid(since(from));
    saw(`signed in; ${since(from).length} request(s) valid`);
  });

  scenario('host', 'contract', 'browse: the tree shows the spec’s workspaces, groups, collection, folders and environment', async () => {
    const from = proxy.exchanges.length;
    const roots = await api.tree.getChildren(undefined);
    assert.deepEqual([...roots.map((r) => r.label)].sort(), workspaceList.map(name).sort());
    // Static Prism answers GET /workspaces/{id} with one example whatever the id: any row shows it.
    const groups = await api.tree.getChildren(roots[0]);
    assert.deepEqual(groups.map((g) => g.label), ['Collections', 'Environments', 'Specs', 'Mocks', 'Monitors', 'Globals']);
    const collections = await api.tree.getChildren(groups[0]);
    assert.deepEqual(collections.map((r) => r.label), arr(workspace.collections).map(name));
    const items = await api.tree.getChildren(collections[0]);
    assert.deepEqual(items.map((r) => r.label), arr(collection.item).map(name));
    const folder = items.find((r) => r.kind === 'folder') as Row;
    assert.ok(folder, 'the example collection has a folder');
    assert.ok((await api.tree.getChildren(folder)).length > 0, 'the folder expands');
    const envs = await api.tree.getChildren(groups[1]);
    assert.deepEqual(envs.map((r) => r.label), arr(workspace.environments).map(name));
    const variables = await api.tree.getChildren(envs[0]);
    assert.deepEqual(variables.map((r) => r.label), arr(environment.values).map((v) => String(v.key)));
    const mocks = await api.tree.getChildren(groups[3]);
    assert.ok(mocks.length > 0 && mocks.every((m) => m.kind === 'mock' || m.kind === 'message'), mocks.map((m) => m.label).join(', '));
    const monitors = await api.tree.getChildren(groups[4]);
    assert.ok(monitors.length > 0);
    // Specs: a spec expands into its files and generated collections; the globals into variables.
    const specs = await api.tree.getChildren(groups[2]);
    const spec = specs.find((r) => r.kind === 'spec');
    const specChildren = spec ? await api.tree.getChildren(spec) : [];
    assert.ok(!spec || specChildren.length > 0, 'a spec expands');
    const globals = await api.tree.getChildren(groups[5]);
    assert.ok(globals.length > 0 && globals.every((g) => g.kind === 'variable' || g.kind === 'message'), globals.map((g) => g.label).join(', '));
    assertValid(since(from));
    saw(`${roots.length} workspaces, ${collections.length} collection, ${items.length} items, ${variables.length} variables, ${mocks.length} mocks, ${specs.length} specs (${specChildren.length} rows below the first), ${globals.length} globals; ${since(from).length} requests valid`);
  });

  scenario('host', 'contract', 'open: the spec’s collection and environment open as JSON documents', async () => {
    const from = proxy.exchanges.length;
    const ws = (await api.tree.getChildren(undefined))[0];
    const groups = await api.tree.getChildren(ws);
    const row = (await api.tree.getChildren(groups[0]))[0];
    await vscode.commands.executeCommand('postman.openCollection', row);
    const doc = await waitFor('the collection editor', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d?.uri.path.endsWith('.postman_collection.json') ? d : undefined;
    });
    const shown = JSON.parse(doc.getText()) as Obj;
    assert.equal(obj(shown.info).name, obj(collection.info).name);
    assert.equal(arr(shown.item).length, arr(collection.item).length);
    const env = (await api.tree.getChildren(groups[1]))[0];
    await vscode.commands.executeCommand('postman.openEnvironment', env);
    const envDoc = await waitFor('the environment editor', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d?.uri.path.endsWith('.postman_environment.json') ? d : undefined;
    });
    assert.equal((JSON.parse(envDoc.getText()) as Obj).name, environment.name);
    opened.push(doc, envDoc);
    assert.equal(since(from).length, 0, 'the tree loaded both: opening them costs no call');
    saw(`"${String(obj(collection.info).name)}" and "${String(environment.name)}" opened from the tree's cache, 0 calls`);
  });

  scenario('host', 'contract', 'save: edits go out as PUTs the spec accepts; a mock that stores nothing keeps the edit', async () => {
    api.setDocumentUi({ modal: async (_m, _d, ...actions) => actions.find((a) => /Save to Postman|Save Anyway|Overwrite/.test(a)) });
    const from = proxy.exchanges.length;
    assert.equal(opened.length, 2, 'the open scenario opened both');
    for (const doc of opened) {
      await vscode.window.showTextDocument(doc);
      const text = doc.getText();
      const at = text.indexOf('"name": "') + '"name": "'.length;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, doc.positionAt(at), 'Edited ');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const edited = doc.getText();
      // Static Prism answers the PUT with 200 and the next GET with the same example: nothing
      // was stored, and the extension must say so instead of reloading the old copy over the edit.
      assert.equal(await doc.save(), false, `${doc.uri.path}: not counted as saved`);
      assert.ok(doc.isDirty, 'the editor stays dirty');
      assert.equal(doc.getText(), edited, 'with the edit intact');
    }
    const puts = since(from).filter((x) => x.method === 'PUT');
    assert.deepEqual(puts.map((x) => x.url.replace(/\/[^/]+$/, '/…')), ['/collections/…', '/environments/…']);
    assert.ok(puts.every((x) => x.status === 200), puts.map((x) => x.status).join(', '));
    assertValid(since(from));
    saw(`2 PUTs valid (200); Prism stored nothing, so both editors stay dirty with the edit`);
  });
});
