import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { render } from '../../src/text/plain';
import type { ShownMessage } from '../../src/ui/messages';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY, SAMPLE_API_KEY_2 } from '../fixtures/sampleData';
import { activateExtension, answerKeyPrompt, setBaseUrl, waitFor } from './helpers';

/**
 * The link pattern VS Code's notifications and dialogs render as live links
 * (parseLinkedText, vs/base/common/linkedText.ts in code-server 4.139.1).
 */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const COMMAND = 'workbench.action.openGlobalKeybindings';
const PLANTED = `[Open Settings](command:${COMMAND})`;

function assertNoLink(text: string, where: string): void {
  assert.deepEqual([...text.matchAll(VSCODE_LINK)].map((m) => m[0]), [], `${where}: ${text}`);
}

interface Asked {
  severity: string;
  message: string;
  actions: string[];
}

/**
 * Text from a workspace or from Postman never becomes a command: a `[x](command:…)` planted
 * in each untrusted source reaches the user as plain text. And a workspace never signs the
 * user in: keys in its settings are never used.
 */
describe('Trust: untrusted text stays text, and a workspace never signs you in', function () {
  this.timeout(60_000);
  const server = new LocalPostmanServer({ rateLimits: false, apiKeys: [SAMPLE_API_KEY, SAMPLE_API_KEY_2] });
  const workspaceRoot = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const settingsFile = path.join(workspaceRoot, '.vscode', 'settings.json');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'postman-trust-'));
  let api: TestingApi;
  let asked: Asked[] = [];
  let answer: (message: string, actions: string[]) => string | undefined = () => undefined;
  let shown: ShownMessage[] = [];
  const subscriptions: vscode.Disposable[] = [];
  const postmanConfig = () => vscode.workspace.getConfiguration('postman');
  const sessionKey = async () => (await api.authProvider.getSessions(undefined, {}))[0]?.accessToken;

  async function signIn(key = SAMPLE_API_KEY): Promise<void> {
    answerKeyPrompt(api, key);
    await vscode.commands.executeCommand('postman.signIn');
    await waitFor('signed in', async () => (await sessionKey()) === key);
  }

  /** Writes the workspace's .vscode/settings.json as a cloned repository would bring it. */
  async function plantWorkspaceSettings(settings: Record<string, unknown>, settled: () => boolean): Promise<void> {
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
    await waitFor('VS Code to read the workspace settings', settled, 15_000);
  }

  async function removeWorkspaceSettings(): Promise<void> {
    if (fs.existsSync(settingsFile)) {
      fs.rmSync(path.dirname(settingsFile), { recursive: true, force: true });
      await waitFor('the workspace settings to be gone', () => postmanConfig().inspect('apiKey')?.workspaceValue === undefined, 15_000);
    }
  }

  before(async () => {
    const url = await server.start();
    await setBaseUrl(url);
    api = await activateExtension();
    api.setAsk(async (severity, message, ...actions) => {
      const text = render(message);
      asked.push({ severity, message: text, actions });
      return answer(text, actions);
    });
    subscriptions.push(api.observeMessages((m) => shown.push(m)));
  });

  after(async () => {
    subscriptions.forEach((s) => s.dispose());
    await removeWorkspaceSettings();
    await postmanConfig().update('apiKey', undefined, vscode.ConfigurationTarget.Global);
    api.setAsk(undefined);
    api.setUi('modal', undefined);
    api.setUi('workspaceTrusted', undefined);
    api.setDocumentUi(undefined);
    api.setApiKeyPrompt(undefined);
    api.setSignInMethodPick(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('postman.signOut');
    await setBaseUrl(undefined);
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(async () => {
    asked = [];
    shown = [];
    answer = () => undefined;
    server.reset();
    server.apiKeys = new Set([SAMPLE_API_KEY, SAMPLE_API_KEY_2]);
    api.tree.refresh();
  });

  afterEach(async () => {
    api.setUi('modal', undefined);
    api.setUi('workspaceTrusted', undefined);
    server.clearFaults();
    await removeWorkspaceSettings();
  });

  it('a key in workspace settings is never used: only its removal is offered, with advice to revoke it; a link planted in a setting name stays text', async () => {
    await signIn(SAMPLE_API_KEY);
    server.resetCounts();
    answer = (message) => (/this workspace's settings/.test(message) ? 'Remove from Settings' : undefined);
    await plantWorkspaceSettings(
      { 'postman.apiKey': SAMPLE_API_KEY_2, [`postman.${PLANTED}.token`]: SAMPLE_API_KEY_2 },
      () => postmanConfig().inspect('apiKey')?.workspaceValue === SAMPLE_API_KEY_2,
    );
    assert.equal(await api.checkSettingsForKeys(), 'removed');
    const warning = asked.find((a) => /this workspace's settings/.test(a.message));
    assert.ok(warning, JSON.stringify(asked));
    assertNoLink(warning.message, 'the warning');
    assert.ok(warning.message.includes('Open Settings'), 'the planted name is still shown, as text');
    assert.match(warning.message, /never signs you in/);
    assert.match(warning.message, /revoke it in Postman/);
    assert.deepEqual(warning.actions, ['Remove from Settings', 'Open Settings']);
    assert.equal(server.count({ path: '/me' }), 0, 'the workspace key was never even checked with Postman');
    assert.equal(await sessionKey(), SAMPLE_API_KEY, 'the user is still signed in with their own key');
    await waitFor('the declared setting to be removed', () => postmanConfig().inspect('apiKey')?.workspaceValue === undefined);
    // The undeclared setting cannot be removed through the API: the user is told, as text.
    const byHand = await waitFor('the follow-up', () => asked.find((a) => /by hand/.test(a.message)));
    assertNoLink(byHand.message, 'the follow-up');
    assert.match(byHand.message, /revoke the key/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('in Restricted Mode, workspace settings are not read at all; trusted, they are', async () => {
    api.setUi('workspaceTrusted', () => false);
    await plantWorkspaceSettings({ 'postman.apiKey': SAMPLE_API_KEY_2 }, () => postmanConfig().inspect('apiKey')?.workspaceValue === SAMPLE_API_KEY_2);
    assert.equal(await api.checkSettingsForKeys(), 'none');
    assert.equal(asked.length, 0, JSON.stringify(asked));
    api.setUi('workspaceTrusted', () => true);
    assert.equal(await api.checkSettingsForKeys(), 'dismissed');
    assert.equal(asked.length, 1);
    assert.match(asked[0].message, /this workspace's settings/);
    assert.ok(!asked[0].actions.includes('Move to Secret Storage'));
    // Manifest: Restricted Mode is supported in part, and the key settings are restricted.
    const manifest = vscode.extensions.all.find((e) => e.id.endsWith('.postman-workspaces'))?.packageJSON as {
      capabilities: { untrustedWorkspaces: { supported: unknown; restrictedConfigurations: string[] } };
    };
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('postman.apiKey'));
  });

  it("a key in User settings that belongs to another account asks first, naming both; declined, nothing changes", async () => {
    await signIn(SAMPLE_API_KEY);
    const other = { id: 99999999, username: 'mallory', fullName: `Mallory ${PLANTED}` };
    const modals: string[] = [];
    let replace = false;
    api.setUi('modal', async (message, detail, ...actions) => {
      modals.push(`${render(message)}\n${render(detail)}`);
      return replace ? actions.find((a) => a === 'Replace') : undefined;
    });
    answer = (message) => (/is in your settings/.test(message) ? 'Move to Secret Storage' : undefined);
    const meOfOther = () => server.injectFault({ match: { method: 'GET', path: '/me' }, kind: 'status', status: 200, body: { user: other, operations: [] }, times: 1 });

    meOfOther();
    await postmanConfig().update('apiKey', SAMPLE_API_KEY_2, vscode.ConfigurationTarget.Global);
    assert.equal(await api.checkSettingsForKeys(), 'dismissed');
    assert.equal(modals.length, 1);
    assertNoLink(modals[0], 'the question');
    assert.match(modals[0], /Mallory/);
    assert.match(modals[0], /Taylor Lee/);
    assert.equal(await sessionKey(), SAMPLE_API_KEY, 'declined: still the first account');
    assert.equal(postmanConfig().inspect('apiKey')?.globalValue, SAMPLE_API_KEY_2, 'declined: the setting stays for the user to decide');

    replace = true;
    meOfOther();
    assert.equal(await api.checkSettingsForKeys(), 'moved');
    assert.equal(await sessionKey(), SAMPLE_API_KEY_2);
    await waitFor('the setting to be removed', () => postmanConfig().inspect('apiKey')?.globalValue === undefined);
  });

  it('names from Postman and its error text stay text: Open, Save a Copy, Import, the save confirmation', async () => {
    await signIn(SAMPLE_API_KEY);
    const ws = server.dataset.workspaces[0];
    const ref = ws.collections[0];
    const name = `Orders ${PLANTED}`;
    ws.name = `Team [W](command:${COMMAND})`;
    ref.name = name;
    server.dataset.collections[ref.uid].info.name = name;
    api.tree.refresh();
    const row = { kind: 'collection', uid: ref.uid, label: name, id: `test/${ref.uid}`, flags: [], document: { kind: 'collection', uid: ref.uid } };

    // Open, when Postman answers with an error whose text carries a link.
    server.injectFault({ match: { method: 'GET', path: `/collections/${ref.uid}` }, kind: 'status', status: 403, body: { error: { name: 'forbiddenError', message: `Try ${PLANTED} now` } } });
    await vscode.commands.executeCommand('postman.openCollection', row);
    const openError = await waitFor('the error', () => shown.find((m) => m.kind === 'error' && /Could not open/.test(m.text)));
    assertNoLink(openError.text, 'Open');
    assert.match(openError.text, /Try \[Open Settings\]/, 'Postman\'s own words are shown, as text');
    server.clearFaults();

    // Save a Copy names the collection.
    const copy = vscode.Uri.file(path.join(tmp, 'copy.json'));
    api.setDocumentUi({ saveDialog: async () => copy });
    await vscode.commands.executeCommand('postman.saveCopy', row);
    const saved = await waitFor('the confirmation', () => shown.find((m) => /Saved a copy/.test(m.text)));
    assertNoLink(saved.text, 'Save a Copy');

    // Import names the collection (from the file) and the workspace (from Postman).
    const file = path.join(tmp, 'import.postman_collection.json');
    fs.writeFileSync(file, JSON.stringify({ info: { name: `Imported ${PLANTED}`, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [] }));
    api.setDocumentUi({ openDialog: async () => vscode.Uri.file(file), pickWorkspace: async (list) => list.find((w) => w.id === ws.id) });
    await vscode.commands.executeCommand('postman.importCollection');
    const progress = shown.find((m) => m.kind === 'progress' && /Importing/.test(m.text));
    assert.ok(progress, JSON.stringify(shown));
    assertNoLink(progress.text, 'the import progress');
    const imported = await waitFor('the import message', () => shown.find((m) => /^Imported /.test(m.text)));
    assertNoLink(imported.text, 'Import');
    assert.match(imported.text, /Team \[W\]/);

    // The save confirmation names the collection and its workspace as Postman does.
    const questions: string[] = [];
    api.setDocumentUi({
      modal: async (message, detail, ...actions) => {
        questions.push(`${render(message)}\n${render(detail)}`);
        return actions[0];
      },
    });
    api.documents.resetSessionConfirmation();
    await vscode.commands.executeCommand('postman.openCollection', row);
    const doc = await waitFor('the document', () => vscode.workspace.textDocuments.find((d) => d.uri.authority === ref.uid));
    await waitFor('the workspace listing', async () => (await api.repo.workspace(ws.id)).name === ws.name);
    // The user renames it in the editor: the question still names Postman's copy.
    const from = `"name": ${JSON.stringify(name)}`;
    const at = doc.getText().indexOf(from);
    assert.ok(at >= 0);
    const e = new vscode.WorkspaceEdit();
    e.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), '"name": "Orders renamed"');
    assert.ok(await vscode.workspace.applyEdit(e));
    assert.equal(await doc.save(), true);
    assert.ok(questions.length >= 1, 'asked to confirm');
    for (const q of questions) {
      assertNoLink(q, 'the save confirmation');
    }
    assert.match(questions[0], /Save your changes to the collection "Orders \[Open Settings\]/);
    assert.match(questions[0], /in the workspace "Team \[W\]/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
