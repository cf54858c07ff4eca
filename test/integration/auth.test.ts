import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SESSIONS_SECRET, LEGACY_API_KEY_SECRET } from '../../src/auth/sessionData';
import { httpSettings } from '../../src/config';
import type { TestingApi } from '../../src/extension';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY, SAMPLE_API_KEY_2 } from '../fixtures/sampleData';
import { activateExtension, answerKeyPrompt, EXTENSION_ID, setBaseUrl, waitFor } from './helpers';
import { render } from '../../src/text/plain';

const WRONG_KEY = 'PMAK-0000000000000000deadbeef-00000000000000000000000000deadbeef00';
const LABEL = 'Taylor Lee (taylor-lee)';
const DAY = 24 * 60 * 60 * 1000;
/** By kind, not instanceof: the extension runs from its bundle, these tests from out/. */
const hasKind = (err: unknown, kind: string) => (err as { kind?: unknown } | undefined)?.kind === kind;

interface Asked {
  severity: string;
  message: string;
  actions: string[];
}

describe('Sign-in: the postman authentication provider, keys, rotation and usage', function () {
  this.timeout(60000);
  const server = new LocalPostmanServer({ rateLimits: false, apiKeys: [SAMPLE_API_KEY, SAMPLE_API_KEY_2] });
  let api: TestingApi;
  let asked: Asked[] = [];
  /** How the user answers a notification; default: dismisses it. */
  let answer: (message: string, actions: string[]) => string | undefined = () => undefined;
  const events: vscode.AuthenticationProviderAuthenticationSessionsChangeEvent[] = [];
  const vscodeEvents: string[] = [];
  const subscriptions: vscode.Disposable[] = [];

  const postmanConfig = () => vscode.workspace.getConfiguration('postman');
  const sessions = () => api.authProvider.getSessions(undefined, {});
  const stored = () => api.secrets.get(SESSIONS_SECRET);

  async function signIn(key = SAMPLE_API_KEY): Promise<void> {
    answerKeyPrompt(api, key);
    await vscode.commands.executeCommand('postman.signIn');
    assert.equal(await api.storedCredentialSource(), 'secretStorage');
  }

  async function signOut(): Promise<void> {
    await vscode.commands.executeCommand('postman.signOut');
    await waitFor('signed out', async () => (await sessions()).length === 0);
  }

  before(async () => {
    const url = await server.start();
    await setBaseUrl(url);
    api = await activateExtension();
    api.setAsk(async (severity, shown, ...actions) => {
      const message = render(shown);
      asked.push({ severity, message, actions });
      return answer(message, actions);
    });
    subscriptions.push(
      api.authProvider.onDidChangeSessions((e) => events.push(e)),
      vscode.authentication.onDidChangeSessions((e) => vscodeEvents.push(e.provider.id)),
    );
    delete process.env.POSTMAN_API_KEY;
    await api.reloadCredentials();
    await signOut();
  });

  after(async () => {
    subscriptions.forEach((s) => s.dispose());
    delete process.env.POSTMAN_API_KEY;
    await api.reloadCredentials();
    await vscode.commands.executeCommand('postman.signOut');
    for (const name of ['apiKey', 'region', 'apiKeyRotationDays']) {
      await postmanConfig().update(name, undefined, vscode.ConfigurationTarget.Global);
    }
    await setBaseUrl(undefined);
    api.setAsk(undefined);
    api.setSignInMethodPick(undefined);
    api.setApiKeyPrompt(undefined);
    await server.stop();
  });

  beforeEach(() => {
    asked = [];
    answer = () => undefined;
    events.length = 0;
    vscodeEvents.length = 0;
    server.reset();
    server.apiKeys = new Set([SAMPLE_API_KEY, SAMPLE_API_KEY_2]);
  });

  it('contributes the postman provider, activated lazily by onAuthenticationRequest', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { activationEvents: string[]; contributes: { authentication: { id: string; label: string }[] } };
    assert.deepEqual(manifest.contributes.authentication, [{ id: 'postman', label: 'Postman' }]);
    assert.ok(manifest.activationEvents.includes('onAuthenticationRequest:postman'));
    assert.ok(!manifest.activationEvents.some((e) => e === '*' || e === 'onStartupFinished'));
    // VS Code knows the provider: asking silently while signed out answers "no session", not an error.
    assert.equal(await vscode.authentication.getSession('postman', [], { silent: true }), undefined);
  });

  it('Sign In offers API key and OAuth 2.0; OAuth without its settings explains what it needs', async () => {
    api.setSignInMethodPick(async () => 'oauth');
    await vscode.commands.executeCommand('postman.signIn');
    assert.equal(asked.length, 1);
    assert.match(asked[0].message, /OAuth 2\.0 needs an OAuth client .* settings/);
    assert.deepEqual(asked[0].actions, ['Use an API Key', 'Open Settings']);
    assert.equal(await api.storedCredentialSource(), undefined);
    assert.equal(server.count(), 0);

    // "Use an API Key" continues with the key prompt.
    answerKeyPrompt(api, SAMPLE_API_KEY);
    api.setSignInMethodPick(async () => 'oauth');
    answer = (_m, actions) => actions[0];
    await vscode.commands.executeCommand('postman.signIn');
    assert.equal(await api.storedCredentialSource(), 'secretStorage');
    await signOut();
  });

  it('createSession signs in with a checked key and reports it: getSessions, onDidChangeSessions, VS Code', async () => {
    answerKeyPrompt(api, SAMPLE_API_KEY);
    const session = await api.authProvider.createSession([], {});
    assert.equal(session.accessToken, SAMPLE_API_KEY);
    assert.deepEqual(session.account, { id: '12345678', label: LABEL });
    assert.deepEqual(session.scopes, []);
    assert.equal(server.count({ path: '/me' }), 1);
    assert.deepEqual(await sessions(), [session]);
    await waitFor('the added event', () => events.some((e) => e.added?.some((s) => s.id === session.id)));
    await waitFor("VS Code's own change event", () => vscodeEvents.includes('postman'));
    assert.ok(!events.some((e) => (e.removed?.length ?? 0) > 0));
  });

  it('answers by scopes and account as documented: no scopes → the session; other scopes → none', async () => {
    const [session] = await sessions();
    assert.deepEqual(await api.authProvider.getSessions([], {}), [session]);
    assert.deepEqual(await api.authProvider.getSessions(['collections:read'], {}), []);
    assert.deepEqual(await api.authProvider.getSessions(undefined, { account: session.account }), [session]);
    assert.deepEqual(await api.authProvider.getSessions(undefined, { account: { id: 'someone-else', label: 'Someone Else' } }), []);
    await assert.rejects(api.authProvider.createSession(['collections:read'], {}), /no scopes/);
  });

  it("leaves vscode.authentication.getSession to VS Code's consent: nothing silently before it is granted", async () => {
    // VS Code hands the session to an extension only after its consent dialog ("Allow"),
    // which the e2e test answers in the real UI; a silent request before that gets nothing.
    assert.ok((await sessions()).length === 1, 'signed in');
    assert.equal(await vscode.authentication.getSession('postman', [], { silent: true }), undefined);
    assert.equal(await vscode.authentication.getSession('postman', ['collections:read'], { silent: true }), undefined);
  });

  it('removeSession (the Accounts menu sign-out) deletes the key and reports the removal', async () => {
    const [session] = await sessions();
    await api.authProvider.removeSession(session.id);
    assert.deepEqual(await sessions(), []);
    assert.equal(await stored(), undefined);
    assert.equal(await api.storedCredentialSource(), undefined);
    await waitFor('the removed event', () => events.some((e) => e.removed?.some((s) => s.id === session.id)));
    await waitFor('the signed-out tree', async () => (await api.tree.getChildren()).length === 0);
  });

  it("follows another window's sign-in and sign-out through the secret store", async () => {
    // Another window of the same profile writes the same SecretStorage value.
    const other = [{ id: 'other-window', key: SAMPLE_API_KEY_2, account: { id: '12345678', label: LABEL }, createdAt: Date.now() }];
    await api.secrets.store(SESSIONS_SECRET, JSON.stringify(other));
    await waitFor('the added event', () => events.some((e) => e.added?.some((s) => s.id === 'other-window')));
    assert.equal((await sessions())[0].accessToken, SAMPLE_API_KEY_2);
    assert.equal(await api.storedCredentialSource(), 'secretStorage');
    await waitFor('the tree to show workspaces', async () => (await api.tree.getChildren()).length > 0);

    await api.secrets.delete(SESSIONS_SECRET);
    await waitFor('the removed event', () => events.some((e) => e.removed?.some((s) => s.id === 'other-window')));
    assert.equal(await api.storedCredentialSource(), undefined);
  });

  it('treats an unreadable stored value as signed out, without failing or logging it', async () => {
    await api.secrets.store(SESSIONS_SECRET, `{"broken": "${SAMPLE_API_KEY}"`);
    await api.reloadCredentials();
    assert.deepEqual(await sessions(), []);
    assert.equal(await api.storedCredentialSource(), undefined);
    await signIn(); // signing in replaces it
    assert.equal(JSON.parse((await stored()) ?? '[]').length, 1);
    await signOut();
  });

  it('moves a key stored by version 0.1.0 into the new format', async () => {
    await api.secrets.store(LEGACY_API_KEY_SECRET, SAMPLE_API_KEY);
    await api.reloadCredentials();
    const [session] = await sessions();
    assert.equal(session?.accessToken, SAMPLE_API_KEY);
    assert.equal(await api.secrets.get(LEGACY_API_KEY_SECRET), undefined);
    assert.ok(await stored());
    // The owner is learnt from the next /me, and the Accounts menu label follows.
    await api.usage.show();
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await waitFor('the learnt label', async () => (await sessions())[0]?.account.label === LABEL);
    await signOut();
  });

  it('uses POSTMAN_API_KEY when no key is stored; a stored key wins; the source is shown', async () => {
    process.env.POSTMAN_API_KEY = SAMPLE_API_KEY_2;
    try {
      await api.reloadCredentials();
      assert.equal(await api.storedCredentialSource(), 'environment');
      const [envSession] = await sessions();
      assert.equal(envSession.accessToken, SAMPLE_API_KEY_2);
      assert.match(envSession.account.label, /POSTMAN_API_KEY/);
      await api.usage.render();
      assert.match(api.usage.statusBar()?.tooltip ?? '', /POSTMAN\\?_API\\?_KEY environment variable/);
      assert.ok((await api.tree.getChildren()).length > 0, 'the tree loads with the environment key');

      await signIn(SAMPLE_API_KEY);
      assert.equal((await sessions())[0].accessToken, SAMPLE_API_KEY, 'the stored key takes precedence');
      await api.usage.render();
      assert.match(api.usage.statusBar()?.tooltip ?? '', /secret storage/);

      // Signing out stops using the variable in this window too, until the next sign-in.
      await signOut();
      assert.equal(await api.storedCredentialSource(), undefined);
      await api.reloadCredentials();
      assert.equal(await api.storedCredentialSource(), undefined);
      const rotated = await vscode.commands.executeCommand('postman.rotateApiKey');
      assert.equal(rotated, 'notSignedIn');
    } finally {
      delete process.env.POSTMAN_API_KEY;
      await api.reloadCredentials();
    }
  });

  it('rotation: a bad new key is refused and the old key keeps working', async () => {
    await signIn(SAMPLE_API_KEY);
    const [before] = await sessions();
    const shown: string[] = [];
    for (const candidate of [WRONG_KEY, SAMPLE_API_KEY]) {
      api.setApiKeyPrompt(async (check, options) => {
        assert.equal(options?.title, 'Postman: Rotate API Key');
        const problem = await check(candidate);
        shown.push(problem ?? '');
        return problem ? undefined : candidate;
      });
      assert.equal(await vscode.commands.executeCommand('postman.rotateApiKey'), 'cancelled');
    }
    assert.match(shown[0], /rejected this API key/);
    assert.match(shown[1], /key in use now/);
    assert.deepEqual(await sessions(), [before]);
    await api.client.getMe();
    assert.equal(events.filter((e) => (e.changed?.length ?? 0) > 0).length, 0);
  });

  it('rotation: a good new key replaces the old one in one step, keeping the session and restarting its age', async () => {
    const [before] = await sessions();
    const ageBefore = JSON.parse((await stored()) ?? '[]')[0].createdAt as number;
    answerKeyPrompt(api, SAMPLE_API_KEY_2);
    const writes: string[] = [];
    const watch = api.secrets.onDidChange((e) => writes.push(e.key));
    try {
      assert.equal(await vscode.commands.executeCommand('postman.rotateApiKey'), 'rotated');
    } finally {
      watch.dispose();
    }
    assert.deepEqual(writes, [SESSIONS_SECRET], 'one write');
    const [after] = await sessions();
    assert.equal(after.id, before.id);
    assert.equal(after.accessToken, SAMPLE_API_KEY_2);
    const value = JSON.parse((await stored()) ?? '[]');
    assert.equal(value.length, 1);
    assert.ok(value[0].createdAt >= ageBefore);
    await waitFor('the changed event', () => events.some((e) => e.changed?.some((s) => s.id === before.id && s.accessToken === SAMPLE_API_KEY_2)));
    assert.match(asked.at(-1)?.message ?? '', /revoke the old key/);
    // The old key is revoked in Postman: everything keeps working with the new one.
    server.apiKeys.delete(SAMPLE_API_KEY);
    await api.client.getMe();
    assert.equal(server.count({ status: 401 }), 0);
  });

  it('reminds once per window session when the key is older than postman.apiKeyRotationDays (0: never)', async () => {
    const later = Date.now() + 91 * DAY;
    await postmanConfig().update('apiKeyRotationDays', 0, vscode.ConfigurationTarget.Global);
    assert.equal(await api.checkRotationReminder(Date.now() + 5000 * DAY), false);
    await postmanConfig().update('apiKeyRotationDays', undefined, vscode.ConfigurationTarget.Global);
    assert.equal(await api.checkRotationReminder(Date.now() + 89 * DAY), false);
    assert.equal(await api.checkRotationReminder(later), true);
    assert.equal(asked.length, 1);
    assert.match(asked[0].message, /API key is 9[01] days old/);
    assert.deepEqual(asked[0].actions, ['Rotate API Key', 'Settings']);
    assert.equal(await api.checkRotationReminder(later), false, 'once per window session');
    assert.equal(asked.length, 1);
  });

  it('one prompt to sign in again, however many requests are rejected (401) at once', async () => {
    server.apiKeys.delete(SAMPLE_API_KEY_2); // revoked in Postman
    const ids = server.dataset.workspaces.slice(0, 4).map((w) => w.id);
    const results = await Promise.allSettled([api.client.getMe(), api.client.listWorkspaces(), ...ids.map((id) => api.client.getWorkspace(id))]);
    assert.ok(results.every((r) => r.status === 'rejected' && hasKind(r.reason, 'unauthorized')));
    await new Promise((r) => setTimeout(r, 300));
    const prompts = asked.filter((a) => /rejected your API key/.test(a.message));
    assert.equal(prompts.length, 1, JSON.stringify(asked));
    assert.deepEqual(prompts[0].actions, ['Sign In Again']);
    // More failures of the same key do not nag again.
    await Promise.allSettled([api.client.getMe(), api.client.listWorkspaces()]);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(asked.filter((a) => /rejected/.test(a.message)).length, 1);
    // Checking a wrong key (sign-in) is not the signed-in key failing: no prompt.
    answerKeyPrompt(api, WRONG_KEY);
    await vscode.commands.executeCommand('postman.signIn');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(asked.filter((a) => /rejected/.test(a.message)).length, 1);
    await signOut();
  });

  it('says plainly when the monthly quota is used up, and does not retry', async () => {
    await signIn(SAMPLE_API_KEY);
    server.quotaExhausted = true;
    server.resetCounts();
    await assert.rejects(api.client.listWorkspaces(), (err: unknown) => hasKind(err, 'quotaExhausted'));
    assert.equal(server.count({ path: '/workspaces' }), 1, 'not retried');
    await waitFor('the quota message', () => asked.find((a) => /quota is used up/.test(a.message)));
    api.tree.refresh();
    const rows = await api.tree.getChildren();
    assert.match(JSON.stringify(rows.map((r) => [r.label, r.description])), /quota is used up/);
    await api.client.getMe().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(asked.filter((a) => /quota is used up/.test(a.message)).length, 1, 'said once');
  });

  it('Show API Usage: the month against the plan limits and the last rate-limit headers; a warning past 90 %', async () => {
    const calls = server.dataset.operations.find((o) => o.name === 'api_usage');
    assert.ok(calls);
    const report = (await vscode.commands.executeCommand('postman.showUsage')) as Awaited<ReturnType<TestingApi['usage']['show']>>;
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(report.account, LABEL);
    assert.match(report.source ?? '', /secret storage, stored 0 days ago/);
    assert.equal(report.lines[0].label, 'Postman API calls');
    assert.equal(report.lines[0].limit, calls.limit);
    assert.ok(Math.abs(report.lines[0].usage - calls.usage) <= 1);
    assert.deepEqual(report.lines.map((l) => l.name).sort(), server.dataset.operations.map((o) => o.name).sort());
    assert.match(report.rateLimit ?? '', /requests left in the current window/);
    await api.usage.render();
    assert.match(api.usage.statusBar()?.text ?? '', /Postman \d+(\.\d)? %/);
    assert.equal(asked.filter((a) => /past 90 %/.test(a.message)).length, 0);

    calls.usage = Math.ceil(calls.limit * 0.95);
    await api.client.listWorkspaces(); // the monthly headers alone reveal it
    await waitFor('the 90 % warning', () => asked.find((a) => /past 90 %/.test(a.message)));
    const warning = asked.find((a) => /past 90 %/.test(a.message));
    assert.match(warning?.message ?? '', /Postman API calls: .* \(95 %\)/);
    assert.deepEqual(warning?.actions, ['Show API Usage']);
    await vscode.commands.executeCommand('postman.showUsage');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(asked.filter((a) => /past 90 %/.test(a.message)).length, 1, 'once per window session');
  });

  it('postman.region picks the API host unless postman.apiBaseUrl is set (validated)', async () => {
    const url = server.url;
    try {
      await postmanConfig().update('region', 'eu', vscode.ConfigurationTarget.Global);
      assert.equal(httpSettings().baseUrl, url, 'an explicit base URL wins');
      await setBaseUrl(undefined);
      assert.equal(httpSettings().baseUrl, 'https://api.eu.postman.com');
      await postmanConfig().update('region', undefined, vscode.ConfigurationTarget.Global);
      assert.equal(httpSettings().baseUrl, 'https://api.getpostman.com');
      await setBaseUrl('http://api.example.com');
      assert.throws(() => httpSettings(), /plain http/);
    } finally {
      await postmanConfig().update('region', undefined, vscode.ConfigurationTarget.Global);
      await setBaseUrl(url);
    }
  });

  it('warns about a key in settings.json and moves it into secret storage with one click', async () => {
    await signOut();
    answer = (message) => (/is in your settings/.test(message) ? 'Move to Secret Storage' : undefined);
    await postmanConfig().update('apiKey', SAMPLE_API_KEY_2, vscode.ConfigurationTarget.Global);
    // The settings change alone triggers the check; the explicit call waits for it.
    const result = await api.checkSettingsForKeys();
    assert.ok(result === 'moved' || result === 'none', result);
    await waitFor('the setting to be removed', () => postmanConfig().inspect('apiKey')?.globalValue === undefined);
    await waitFor('the key in secret storage', async () => (await sessions())[0]?.accessToken === SAMPLE_API_KEY_2);
    const warning = asked.find((a) => /is in your settings/.test(a.message));
    assert.match(warning?.message ?? '', /postman\.apiKey \(User settings\)/);
    assert.ok(!warning?.message.includes(SAMPLE_API_KEY_2), 'the warning does not show the key');
    assert.equal(await api.storedCredentialSource(), 'secretStorage');
    assert.ok(asked.some((a) => /removed from your settings.*secret storage/.test(a.message)));
  });

  it('removes a rejected key from settings too, without storing it', async () => {
    await signOut();
    answer = (message) => (/is in your settings/.test(message) ? 'Move to Secret Storage' : undefined);
    await postmanConfig().update('apiKey', WRONG_KEY, vscode.ConfigurationTarget.Global);
    await api.checkSettingsForKeys();
    await waitFor('the setting to be removed', () => postmanConfig().inspect('apiKey')?.globalValue === undefined);
    await waitFor('the outcome message', () => asked.find((a) => /rejected it/.test(a.message)));
    assert.equal(await api.storedCredentialSource(), undefined);
  });

  it('never writes a key to logs, settings or extension state, after every command', async () => {
    await signIn(SAMPLE_API_KEY);
    answerKeyPrompt(api, SAMPLE_API_KEY_2);
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string }[] } };
    const skip = new Set(['postman.signOut', 'postman.signIn']);
    for (const { command } of manifest.contributes.commands.filter((c) => !skip.has(c.command))) {
      // Row commands without a row, pickers left open: none may hang the run or leak the key.
      await Promise.race([Promise.resolve(vscode.commands.executeCommand(command)).catch(() => undefined), new Promise((r) => setTimeout(r, 1500))]);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal((await sessions())[0].accessToken, SAMPLE_API_KEY_2, 'Rotate API Key ran');
    await api.tree.getChildren();
    await signOut();
    await signIn(SAMPLE_API_KEY);
    await signOut();

    const keys = [SAMPLE_API_KEY, SAMPLE_API_KEY_2];
    const logFile = path.join(api.logDir, 'Postman.log');
    await waitFor('the log to record the requests', () => fs.existsSync(logFile) && /GET \/me 200 \d+ ms \(rate limit remaining \d+\)/.test(fs.readFileSync(logFile, 'utf8')));
    const hits = walk(api.logDir).filter((f) => keys.some((k) => fs.readFileSync(f).includes(k)));
    assert.deepEqual(hits, [], 'logs');
    for (const scope of ['postman', undefined] as const) {
      const text = JSON.stringify(vscode.workspace.getConfiguration(scope));
      assert.ok(!keys.some((k) => text.includes(k)), 'settings');
    }
    const state = JSON.stringify(api.stateSnapshot());
    assert.ok(!keys.some((k) => state.includes(k)), 'global/workspace state');
    assert.ok(!asked.some((a) => keys.some((k) => a.message.includes(k))), 'notifications');
  });
});

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
