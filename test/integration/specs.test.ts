import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { resourceUri } from '../../src/documents/postmanUri';
import type { TestingApi } from '../../src/extension';
import type { Row } from '../../src/tree/model/row';
import { render } from '../../src/text/plain';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY, SAMPLE_SPECS, specNamed } from '../fixtures/sampleData';
import { childNamed, closeAllEditors, editDocument, labels, setBaseUrl, signInTo, waitFor } from './helpers';

/** Issue 14: specs from Spec Hub and workspace globals, in the tree and edited in place, in the real extension host. */
describe('Postman specs and globals', function () {
  this.timeout(60000);
  const server = new LocalPostmanServer({ rateLimits: false });
  let api: TestingApi;
  let asked: { message: string; detail: string; actions: string[] }[] = [];
  let answer: (message: string, actions: string[]) => string | undefined = () => undefined;
  const WS = 'Payments Platform';

  const setSetting = (key: string, value: unknown) => vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);

  before(async () => {
    api = await signInTo(server, SAMPLE_API_KEY);
    await setSetting('files.autoSave', 'off');
  });

  after(async () => {
    await setSetting('files.autoSave', undefined);
    api.setDocumentUi(undefined);
    await closeAllEditors();
    await vscode.commands.executeCommand('postman.signOut');
    await setBaseUrl(undefined);
    await server.stop();
  });

  beforeEach(async () => {
    await closeAllEditors();
    server.reset();
    api.tree.refresh();
    api.documents.resetSessionConfirmation();
    asked = [];
    answer = (message, actions) => (/^Save your changes/.test(message) ? actions[0] : undefined);
    api.setDocumentUi({
      modal: async (shown, shownDetail, ...actions) => {
        const [message, detail] = [render(shown), render(shownDetail)];
        asked.push({ message, detail, actions });
        return answer(message, actions);
      },
    });
  });


  const workspaceId = () => server.dataset.workspaces.find((w) => w.name === WS)?.id as string;


  /** Opens a spec file the way a click on its row does, and waits for Postman's text. */
  async function openSpecFile(specName: string, path: string): Promise<{ doc: vscode.TextDocument; specId: string; row: Row }> {
    const spec = specNamed(server.dataset, specName);
    const ws = await childNamed(api, undefined, server.dataset.workspaces.find((w) => w.id === spec.workspaceId)?.name as string);
    const specRow = await childNamed(api, await childNamed(api, ws, 'Specs'), specName);
    const row = await childNamed(api, specRow, path);
    await vscode.commands.executeCommand('postman.openDocument', row);
    const uri = resourceUri({ kind: 'specFile', uid: spec.id, path }, specName, ws.label);
    const doc = await waitFor(`${path} to open`, () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()));
    await waitFor(`${path} to show the server's copy`, () => doc.getText() === server.specFile(spec.id, path)?.content);
    return { doc, specId: spec.id, row };
  }

  function problemsOf(uri: vscode.Uri): vscode.Diagnostic[] {
    return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Postman spec');
  }

  it('shows Specs and Globals under a workspace for the one call that lists it; a spec expands into its files, root first, then its generated collections', async () => {
    server.resetCounts();
    const ws = await childNamed(api, undefined, WS);
    const groups = await api.tree.getChildren(ws);
    assert.deepEqual(await labels(groups), ['Collections', 'Environments', 'Specs', 'Mocks', 'Monitors', 'Globals']);
    const specs = groups.find((g) => g.label === 'Specs') as Row;
    assert.equal(specs.description, '2');
    assert.equal(server.count({ path: `/workspaces/${workspaceId()}` }), 1);
    assert.equal(server.count({ path: /^\/specs/ }) + server.count({ path: /global-variables/ }), 0, 'no call for specs or globals until they are opened');
    assert.deepEqual(await labels(await api.tree.getChildren(specs)), [SAMPLE_SPECS.multiFile, SAMPLE_SPECS.single].sort((a, b) => a.localeCompare(b)));
    assert.equal(server.count({ path: /^\/specs/ }), 0, 'listing specs costs nothing more');
    const multi = await childNamed(api, specs, SAMPLE_SPECS.multiFile);
    const files = await api.tree.getChildren(multi);
    assert.deepEqual(await labels(files), ['index.yaml', 'components/responses/errors.yaml', 'components/schemas.yaml']);
    assert.equal(files[0].description, 'root');
    const id = specNamed(server.dataset, SAMPLE_SPECS.multiFile).id;
    assert.equal(server.count({ path: `/specs/${id}/files` }), 1);
    assert.equal(server.count({ path: `/specs/${id}/generations/collection` }), 1);
    assert.equal(api.specs.validatorLoaded(), false, 'browsing specs does not load the validator');
  });

  it('opens a spec file as YAML under its workspace and spec, for one call', async () => {
    server.resetCounts();
    const { doc, specId } = await openSpecFile(SAMPLE_SPECS.multiFile, 'components/schemas.yaml');
    assert.equal(doc.uri.scheme, 'postman');
    assert.equal(doc.uri.authority, specId);
    assert.equal(doc.uri.path, `/${WS}/${SAMPLE_SPECS.multiFile}/components/schemas.yaml`);
    assert.equal(doc.languageId, 'yaml');
    assert.equal(server.count({ path: `/specs/${specId}/files/${encodeURIComponent('components/schemas.yaml')}` }), 1);
    await waitFor('the validator to load for the open spec', () => api.specs.validatorLoaded());
  });

  it('shows OpenAPI problems at their line in the Problems panel, in the file that has them, and clears them when fixed', async () => {
    const { doc, specId } = await openSpecFile(SAMPLE_SPECS.multiFile, 'index.yaml');
    await api.specs.diagnostics.validateNow(doc.uri);
    assert.deepEqual(problemsOf(doc.uri), [], 'the sample spec is valid');
    // An OpenAPI error: `info.version` is required.
    const line = doc.getText().split('\n').findIndex((l) => /^\s+version:/.test(l));
    assert.ok(line > 0);
    await editDocument(doc, doc.lineAt(line).text, '  versio: 1');
    const problems = await waitFor('a problem in the Problems panel', () => {
      const p = problemsOf(doc.uri);
      return p.length > 0 ? p : undefined;
    });
    assert.ok(problems.some((p) => p.severity === vscode.DiagnosticSeverity.Error), problems.map((p) => p.message).join(' | '));
    // Fixed: the problems go.
    await editDocument(doc, '  versio: 1', '  version: 1.0.0');
    await waitFor('the problems to clear', () => problemsOf(doc.uri).length === 0);
    // A broken reference in a file the root refers to shows in that file, though only the root is open.
    const schemas = resourceUri({ kind: 'specFile', uid: specId, path: 'components/schemas.yaml' }, SAMPLE_SPECS.multiFile, WS);
    const other = await vscode.workspace.openTextDocument(schemas);
    await editDocument(other, '$ref', '$ref: "#/nowhere/at/all"\n      x-was-ref');
    await waitFor('a problem in components/schemas.yaml', () => problemsOf(schemas).length > 0);
    assert.equal(problemsOf(doc.uri).length, 0, 'none in the root');
  });

  it('saves a spec file with PATCH (content only) after the confirmation; the editor shows what Postman holds', async () => {
    const { doc, specId } = await openSpecFile(SAMPLE_SPECS.single, 'index.yaml');
    await editDocument(doc, 'title: Payments API', 'title: Payments API (edited in VS Code)');
    server.resetCounts();
    assert.equal(await doc.save(), true);
    assert.equal(server.count({ method: 'PATCH' }), 1);
    assert.match(server.specFile(specId, 'index.yaml')?.content ?? '', /title: Payments API \(edited in VS Code\)/);
    assert.match(asked[0]?.message ?? '', /^Save your changes to the spec file "index.yaml" in Postman\?/);
    assert.match(asked[0].detail, /This replaces the spec file in the workspace "Payments Platform"/);
    await waitFor('the editor to be clean', () => !doc.isDirty);
    assert.equal(doc.getText(), server.specFile(specId, 'index.yaml')?.content);
  });

  it('asks before overwriting a teammate\'s change to a spec file: Cancel keeps the edit, Overwrite saves it', async () => {
    const { doc, specId } = await openSpecFile(SAMPLE_SPECS.single, 'index.yaml');
    await editDocument(doc, 'title: Payments API', 'title: Mine');
    const theirs = server.specFile(specId, 'index.yaml')?.content.replace('title: Payments API', 'title: Theirs') as string;
    server.editSpecFileAsTeammate(specId, 'index.yaml', theirs);
    server.resetCounts();
    assert.equal(await doc.save(), false);
    assert.equal(server.count({ method: 'PATCH' }), 0);
    assert.ok(asked.some((q) => /changed in Postman since you opened it/.test(q.message)), asked.map((q) => q.message).join(' | '));
    assert.equal(doc.isDirty, true);
    answer = (_message, actions) => (actions.includes('Overwrite') ? 'Overwrite' : actions[0]);
    assert.equal(await doc.save(), true);
    assert.match(server.specFile(specId, 'index.yaml')?.content ?? '', /title: Mine/);
  });

  it('a spec file whose copy changes again between VS Code\'s stat and its read saves without VS Code\'s own "file is newer" conflict', async () => {
    const { doc, specId } = await openSpecFile(SAMPLE_SPECS.single, 'index.yaml');
    const original = server.specFile(specId, 'index.yaml')?.content as string;
    const second = original.replace('title: Payments API', 'title: Payments API (second change)');
    // A Refresh makes the editor reload; between VS Code's stat and its read, the cache takes a
    // fresher copy without telling anyone (a fresher read, an expired entry read again).
    // Reloads the test before left in flight (its save's) end first: the next read must be the Refresh's.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const fs = api.documents;
    const readFile = fs.readFile;
    fs.readFile = async (uri: vscode.Uri) => {
      fs.readFile = readFile;
      server.editSpecFileAsTeammate(specId, 'index.yaml', second);
      api.repo.store(`specFile:${specId}/index.yaml`, await api.client.getSpecFile(specId, 'index.yaml'));
      return readFile.call(fs, uri);
    };
    try {
      server.editSpecFileAsTeammate(specId, 'index.yaml', original.replace('title: Payments API', 'title: Payments API (first change)'));
      api.tree.refresh();
      await waitFor('the editor to show the second change', () => doc.getText() === second);
    } finally {
      fs.readFile = readFile;
    }
    // The editor shows Postman's copy: an edit saves, with no question and no conflict.
    await editDocument(doc, 'title: Payments API (second change)', 'title: Mine');
    assert.equal(await doc.save(), true);
    assert.match(server.specFile(specId, 'index.yaml')?.content ?? '', /title: Mine/);
    assert.ok(!asked.some((q) => /changed in Postman/.test(q.message)), asked.map((q) => q.message).join(' | '));
  });

  it('keeps the edit when the spec file was deleted (404) or the workspace is read-only (403)', async () => {
    const { doc, specId } = await openSpecFile(SAMPLE_SPECS.multiFile, 'components/responses/errors.yaml');
    await editDocument(doc, 'description:', 'description: edited,');
    const text = doc.getText();
    server.setWorkspaceReadOnly(workspaceId());
    assert.equal(await doc.save(), false, '403');
    assert.equal(doc.isDirty, true);
    assert.equal(doc.getText(), text);
    server.setWorkspaceReadOnly(workspaceId(), false);
    server.deleteSpecFile(specId, 'components/responses/errors.yaml');
    assert.equal(await doc.save(), false, '404');
    assert.equal(doc.isDirty, true);
    assert.equal(doc.getText(), text);
  });

  it('shows a workspace\'s globals with secret values masked, opens them as a document and saves them with PUT', async () => {
    const ws = server.dataset.workspaces.find((w) => w.name === WS);
    assert.ok(ws);
    ws.globals = [
      { key: 'region', value: 'eu', enabled: true, type: 'default' },
      { key: 'signingKey', value: 'globals-secret-7f3a', enabled: true, type: 'secret' },
    ];
    const globals = await childNamed(api, await childNamed(api, undefined, WS), 'Globals');
    const vars = await api.tree.getChildren(globals);
    assert.deepEqual(await labels(vars), ['region', 'signingKey']);
    assert.equal(vars[0].description, 'eu');
    assert.equal(vars[1].description, '••••••••');
    await vscode.commands.executeCommand('postman.openDocument', globals);
    const uri = resourceUri({ kind: 'globals', uid: ws.id }, 'Globals', WS);
    const doc = await waitFor('the globals document', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()));
    assert.equal(doc.languageId, 'json');
    assert.deepEqual(JSON.parse(doc.getText()), { values: ws.globals });
    await editDocument(doc, '"value": "eu"', '"value": "us"');
    server.resetCounts();
    assert.equal(await doc.save(), true);
    assert.equal(server.count({ method: 'PUT', path: `/workspaces/${ws.id}/global-variables` }), 1);
    assert.equal(ws.globals?.[0].value, 'us');
    assert.equal(ws.globals?.[1].value, 'globals-secret-7f3a', 'the secret is kept');
    assert.match(asked[0]?.message ?? '', /^Save your changes to the globals in Postman\?/);
    // The tree shows the saved value from the cache.
    await waitFor('the tree to show the new value', async () => (await api.tree.getChildren(globals))[0]?.description === 'us');
  });

  it('asks before overwriting globals a teammate changed, and keeps the edit on a read-only workspace', async () => {
    const ws = server.dataset.workspaces.find((w) => w.name === WS);
    assert.ok(ws);
    ws.globals = [{ key: 'region', value: 'eu', enabled: true, type: 'default' }];
    const uri = resourceUri({ kind: 'globals', uid: ws.id }, 'Globals', WS);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    // VS Code may keep the document of the test before and read it again: wait for Postman's copy, and for any read in flight.
    await waitFor('the globals to show the server\'s copy', () => doc.getText().includes('"value": "eu"'));
    await api.repo.globals(ws.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await editDocument(doc, '"value": "eu"', '"value": "mine"');
    ws.globals = [{ key: 'region', value: 'theirs', enabled: true, type: 'default' }];
    assert.equal(await doc.save(), false);
    assert.ok(asked.some((q) => /The globals changed in Postman since you opened it/.test(q.message)), asked.map((q) => q.message).join(' | '));
    assert.equal(ws.globals[0].value, 'theirs');
    server.setWorkspaceReadOnly(ws.id);
    answer = (_message, actions) => (actions.includes('Overwrite') ? 'Overwrite' : actions[0]);
    assert.equal(await doc.save(), false, '403');
    assert.equal(doc.isDirty, true);
    server.setWorkspaceReadOnly(ws.id, false);
    assert.equal(await doc.save(), true);
    assert.equal(ws.globals?.[0].value, 'mine');
  });

  it('generates a collection from a spec: it appears in the workspace, and in the spec as in sync, then out of sync after an edit', async () => {
    const spec = specNamed(server.dataset, SAMPLE_SPECS.single);
    const ws = await childNamed(api, undefined, WS);
    const specRow = await childNamed(api, await childNamed(api, ws, 'Specs'), SAMPLE_SPECS.single);
    await api.tree.getChildren(specRow);
    const uid = await vscode.commands.executeCommand<string | undefined>('postman.generateCollection', specRow, 'Payments (generated)');
    assert.ok(uid, 'the new collection\'s uid');
    assert.ok(server.dataset.collections[uid], 'created on the server');
    const collections = await childNamed(api, await childNamed(api, undefined, WS), 'Collections');
    await waitFor('the new collection in the tree', async () => (await labels(await api.tree.getChildren(collections))).includes('Payments (generated)'));
    const fresh = await childNamed(api, await childNamed(api, await childNamed(api, undefined, WS), 'Specs'), SAMPLE_SPECS.single);
    const generated = await childNamed(api, fresh, 'Payments (generated)');
    assert.match(generated.description ?? '', /in sync/);
    server.editSpecFileAsTeammate(spec.id, 'index.yaml', `${server.specFile(spec.id, 'index.yaml')?.content}\n# changed\n`);
    api.tree.refresh(fresh);
    await waitFor('out of sync', async () => /out of sync/.test((await childNamed(api, fresh, 'Payments (generated)')).description ?? ''));
  });
});
