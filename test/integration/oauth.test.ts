import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CLIENT_SECRET_KEY } from '../../src/auth/clientSecret';
import { SESSIONS_SECRET } from '../../src/auth/sessionData';
import type { TestingApi } from '../../src/extension';
import {
  CONFIDENTIAL_CLIENT_ID, CONFIDENTIAL_CLIENT_SECRET, OAuthTestServer, PUBLIC_CLIENT_ID, SCOPE,
} from '../fixtures/oauthServer';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { activateExtension, EXTENSION_ID, setBaseUrl, waitFor } from './helpers';
import { render } from '../../src/text/plain';

const LABEL = 'Taylor Lee (taylor-lee)';

interface Asked {
  severity: string;
  message: string;
  actions: string[];
}

/**
 * What code-server's callback page does with the redirect (vscode/src/vs/code/browser/workbench/callback.html):
 * the `vscode-*` parameters name the extension URI, every other parameter joins its query.
 * A `vscode://…` redirect (desktop) is the extension URI itself.
 */
function extensionUriOf(redirect: string): vscode.Uri {
  const url = new URL(redirect);
  const params = url.searchParams;
  const scheme = params.get('vscode-scheme');
  if (!scheme) {
    return vscode.Uri.parse(redirect);
  }
  const authority = params.get('vscode-authority') ?? '';
  const uriPath = params.get('vscode-path') ?? '';
  const query = params.get('vscode-query');
  for (const k of ['vscode-reqid', 'vscode-scheme', 'vscode-authority', 'vscode-path', 'vscode-query', 'vscode-fragment']) {
    params.delete(k);
  }
  new URLSearchParams(query ?? '').forEach((v, k) => params.set(k, v));
  return vscode.Uri.from({ scheme, authority, path: uriPath, query: params.toString() });
}

describe('OAuth 2.0 sign-in: the postman provider with tokens from a real authorization server', function () {
  this.timeout(60000);
  const oauth = new OAuthTestServer();
  const postman = new LocalPostmanServer({ rateLimits: false, bearerTokens: oauth.bearerCheck });
  let api: TestingApi;
  let asked: Asked[] = [];
  /** Authorization URLs the extension opened in the "browser". */
  let opened: string[] = [];
  /** What the "user" does in the browser with an authorization URL; default: signs in and consents. */
  let browser: (url: string) => Promise<void>;
  const seenSecrets = new Set<string>();
  const events: vscode.AuthenticationProviderAuthenticationSessionsChangeEvent[] = [];
  const subscriptions: vscode.Disposable[] = [];

  const config = () => vscode.workspace.getConfiguration('postman.oauth');
  const stored = () => api.secrets.get(SESSIONS_SECRET);
  const sessions = () => api.authProvider.getSessions(undefined, {});

  async function storedOAuth(): Promise<{ oauth: { grant: string; tokens: { accessToken: string; refreshToken?: string; expiresAt?: number } } } & Record<string, unknown>> {
    const text = await stored();
    assert.ok(text, 'a session is stored');
    const [session] = JSON.parse(text) as [{ oauth: { grant: string; tokens: { accessToken: string; refreshToken?: string; expiresAt?: number } } }];
    assert.ok(session.oauth, 'an OAuth session');
    seenSecrets.add(session.oauth.tokens.accessToken);
    if (session.oauth.tokens.refreshToken) {
      seenSecrets.add(session.oauth.tokens.refreshToken);
    }
    return session;
  }

  async function approveAndReturn(url: string, opts: Parameters<OAuthTestServer['approve']>[1] = {}): Promise<vscode.Uri> {
    const back = await oauth.approve(url, opts);
    const code = new URL(back).searchParams.get('code');
    if (code) {
      seenSecrets.add(code);
    }
    return extensionUriOf(back);
  }

  async function signInWithBrowser(): Promise<void> {
    api.setSignInMethodPick(async () => 'oauth');
    await vscode.commands.executeCommand('postman.signIn');
  }

  async function signOut(): Promise<void> {
    await vscode.commands.executeCommand('postman.signOut');
    await waitFor('signed out', async () => (await sessions()).length === 0);
  }

  async function setOAuthSettings(over: Record<string, unknown> = {}): Promise<void> {
    const values: Record<string, unknown> = {
      authorizationUrl: oauth.authorizationUrl, tokenUrl: oauth.tokenUrl, clientId: PUBLIC_CLIENT_ID, scopes: [SCOPE], revocationUrl: oauth.revocationUrl, ...over,
    };
    for (const [name, value] of Object.entries(values)) {
      await config().update(name, value, vscode.ConfigurationTarget.Global);
    }
  }

  before(async () => {
    await oauth.start();
    await setBaseUrl(await postman.start());
    api = await activateExtension();
    // This window's redirect URI, registered with the client exactly as a deployment would.
    const callback = vscode.Uri.parse(`${vscode.env.uriScheme}://${EXTENSION_ID}/oauth-callback`);
    oauth.redirectUris = [(await vscode.env.asExternalUri(callback)).toString(true)];
    api.setAsk(async (severity, message, ...actions) => {
      asked.push({ severity, message: render(message), actions });
      return undefined;
    });
    api.setUi('openExternal', async (url) => {
      opened.push(url);
      void browser(url).catch((err: unknown) => console.error('the test browser failed:', err));
      return true;
    });
    subscriptions.push(api.authProvider.onDidChangeSessions((e) => events.push(e)));
    delete process.env.POSTMAN_API_KEY;
    await api.reloadCredentials();
    await vscode.commands.executeCommand('postman.signOut');
  });

  after(async () => {
    subscriptions.forEach((s) => s.dispose());
    await vscode.commands.executeCommand('postman.signOut');
    for (const name of ['authorizationUrl', 'tokenUrl', 'clientId', 'scopes', 'revocationUrl']) {
      await config().update(name, undefined, vscode.ConfigurationTarget.Global);
    }
    await api.secrets.delete(CLIENT_SECRET_KEY);
    await setBaseUrl(undefined);
    api.setAsk(undefined);
    api.setUi('openExternal', undefined);
    api.setUi('secretPrompt', undefined);
    api.setSignInMethodPick(undefined);
    api.oauth.requests.lifetimeMs = 5 * 60_000;
    await postman.stop();
    await oauth.stop();
  });

  beforeEach(async () => {
    asked = [];
    opened = [];
    events.length = 0;
    browser = async (url) => api.oauth.handleUri(await approveAndReturn(url));
    oauth.reset();
    postman.reset();
    postman.bearerTokens = oauth.bearerCheck;
    await setOAuthSettings();
  });

  it('contributes onUri, the application-scoped postman.oauth.* settings and Set OAuth Client Secret', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      activationEvents: string[];
      contributes: { commands: { command: string; title: string }[]; configuration: { properties: Record<string, { scope?: string; default?: unknown }> } };
    };
    assert.ok(manifest.activationEvents.includes('onUri'));
    assert.ok(manifest.contributes.commands.some((c) => c.command === 'postman.setOAuthClientSecret' && c.title === 'Set OAuth Client Secret'));
    for (const name of ['authorizationUrl', 'tokenUrl', 'clientId', 'scopes', 'revocationUrl']) {
      assert.equal(manifest.contributes.configuration.properties[`postman.oauth.${name}`]?.scope, 'application', name);
    }
    assert.deepEqual(manifest.contributes.configuration.properties['postman.oauth.scopes'].default, []);
    assert.ok(!Object.keys(manifest.contributes.configuration.properties).some((k) => /clientSecret/i.test(k)), 'no setting for the secret');
    assert.ok((await vscode.commands.getCommands(true)).includes('postman.setOAuthClientSecret'));
  });

  it('signs in through the browser (Authorization Code + PKCE): one session, the tree loads with a Bearer token', async () => {
    await signInWithBrowser();
    assert.equal(opened.length, 1);
    const url = new URL(opened[0]);
    assert.equal(url.origin + url.pathname, oauth.authorizationUrl);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('client_id'), PUBLIC_CLIENT_ID);
    assert.equal(url.searchParams.get('scope'), SCOPE);
    assert.equal(url.searchParams.get('redirect_uri')?.replace(/vscode-reqid=\d+&?/, ''), oauth.redirectUris[0].replace(/vscode-reqid=\d+&?/, ''));
    assert.deepEqual(asked, []);

    const session = await storedOAuth();
    assert.equal(session.oauth.grant, 'authorizationCode');
    assert.equal(await api.storedCredentialSource(), 'secretStorage');
    const [s] = await sessions();
    assert.equal(s.account.label, LABEL);
    assert.equal(s.accessToken, session.oauth.tokens.accessToken);
    assert.equal(events.filter((e) => e.added?.length).length, 1);

    api.tree.refresh();
    const rows = await api.tree.getChildren(undefined);
    assert.ok(rows.some((r) => r.label === postman.dataset.workspaces[0].name));
    assert.ok(postman.requests.length > 0 && postman.requests.every((r) => r.credential === 'bearer'));
    assert.ok(postman.count({ path: '/workspaces', status: 200 }) >= 1);
  });

  it('renews the access token after a forced expiry, once, and reports the changed session', async () => {
    const before = await storedOAuth();
    before.oauth.tokens.expiresAt = Date.now() - 1000;
    await api.secrets.store(SESSIONS_SECRET, JSON.stringify([before]));
    await waitFor('the expired token to be read', async () => ((await sessions())[0]?.accessToken === before.oauth.tokens.accessToken ? true : undefined));
    await Promise.all([api.client.getMe(), api.client.getMe(), api.client.listWorkspaces()]);
    assert.equal(oauth.grantCount('refresh_token'), 1);
    const after = await storedOAuth();
    assert.notEqual(after.oauth.tokens.accessToken, before.oauth.tokens.accessToken);
    assert.ok((after.oauth.tokens.expiresAt ?? 0) > Date.now() + 3000_000);
    await waitFor('a changed-session event', () => (events.some((e) => e.changed?.length) ? true : undefined));
    assert.equal((await sessions())[0].accessToken, after.oauth.tokens.accessToken);
  });

  it('Sign Out revokes the tokens at the server (RFC 7009) and deletes them', async () => {
    const session = await storedOAuth();
    const result = (await vscode.commands.executeCommand('postman.signOut')) as { was: string; revocation?: { attempted: boolean; problem?: string } };
    assert.deepEqual(result, { was: 'oauth', revocation: { attempted: true } });
    assert.equal(oauth.count('/token/revocation', 'refresh_token'), 1);
    assert.equal(oauth.count('/token/revocation', 'access_token'), 1);
    assert.equal(await oauth.introspect(session.oauth.tokens.accessToken), false);
    assert.equal(await stored(), undefined);
    assert.deepEqual(await sessions(), []);
  });

  it('ignores a response with a wrong state (saying so) and finishes with the right one; a replay is ignored too', async () => {
    let genuine: vscode.Uri | undefined;
    browser = async (url) => {
      genuine = await approveAndReturn(url);
      const forged = new URLSearchParams(genuine.query);
      forged.set('state', 'forged-state-value');
      api.oauth.handleUri(genuine.with({ query: forged.toString() }));
      api.oauth.handleUri(genuine);
    };
    await signInWithBrowser();
    assert.equal((await sessions()).length, 1);
    assert.equal(asked.length, 1);
    assert.match(asked[0].message, /did not ask for .*ignored/);
    api.oauth.handleUri(genuine as vscode.Uri);
    assert.match(asked[1]?.message ?? '', /arrived a second time; it was ignored/);
    assert.equal(oauth.grantCount('authorization_code'), 1, 'the code was exchanged once');
    await signOut();
  });

  it('stops waiting after the time allowed; a late response is ignored and nothing is stored', async () => {
    api.oauth.requests.lifetimeMs = 400;
    let late: vscode.Uri | undefined;
    browser = async (url) => {
      late = await approveAndReturn(url);
    };
    try {
      await signInWithBrowser();
    } finally {
      api.oauth.requests.lifetimeMs = 5 * 60_000;
    }
    assert.match(asked[0]?.message ?? '', /No answer came back from the browser within 1 second/);
    await waitFor('the browser to finish', () => late);
    api.oauth.handleUri(late as vscode.Uri);
    assert.match(asked[1]?.message ?? '', /after its sign-in was cancelled or timed out/);
    assert.equal(oauth.grantCount('authorization_code'), 0);
    assert.equal(await stored(), undefined);
  });

  it('says so when the user denies consent, and stores nothing', async () => {
    browser = async (url) => api.oauth.handleUri(await approveAndReturn(url, { consent: false }));
    await signInWithBrowser();
    assert.equal(asked.length, 1);
    assert.match(asked[0].message, /Access was not granted \(access_denied\)/);
    assert.equal(await stored(), undefined);
  });

  it('shows the server\'s error_description as text: a planted command link is not live', async () => {
    const planted = '[Open Settings](command:workbench.action.openGlobalKeybindings)';
    browser = async (url) => {
      const denied = await approveAndReturn(url, { consent: false });
      const query = new URLSearchParams(denied.query);
      query.set('error_description', `Denied. ${planted}`);
      api.oauth.handleUri(denied.with({ query: query.toString() }));
    };
    await signInWithBrowser();
    assert.equal(asked.length, 1);
    assert.match(asked[0].message, /Denied\. \[Open Settings\]/);
    assert.deepEqual([...asked[0].message.matchAll(/\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)/gi)].map((m) => m[0]), []);
    assert.equal(await stored(), undefined);
  });

  it('refuses an answer from another issuer (RFC 9207 iss): the code is never exchanged', async () => {
    let genuineIss: string | null = null;
    browser = async (url) => {
      const genuine = await approveAndReturn(url);
      const query = new URLSearchParams(genuine.query);
      genuineIss = query.get('iss');
      query.set('iss', 'https://evil.example');
      api.oauth.handleUri(genuine.with({ query: query.toString() }));
    };
    await signInWithBrowser();
    assert.equal(genuineIss, oauth.issuer, 'the server names itself, so the check runs on every sign-in');
    assert.equal(asked.length, 1);
    assert.match(asked[0].message, /issuer "https:\/\/evil\.example"/);
    assert.equal(oauth.grantCount('authorization_code'), 0, 'the code was not exchanged');
    assert.equal(await stored(), undefined);
  });

  it('says so when the token endpoint is down, and stores nothing', async () => {
    oauth.tokenEndpointFault = 'reset';
    await signInWithBrowser();
    assert.equal(asked.length, 1);
    assert.equal(asked[0].severity, 'error');
    assert.match(asked[0].message, /Could not reach the OAuth server: 127\.0\.0\.1:\d+: the connection was reset/);
    assert.equal(await stored(), undefined);
    assert.deepEqual(await sessions(), []);
  });

  it('keeps no half-session when Postman refuses the token: it is revoked and the user told', async () => {
    postman.bearerTokens = () => false;
    await signInWithBrowser();
    assert.match(asked[0]?.message ?? '', /Postman rejected the access token from your authorization server \(401\)/);
    assert.equal(await stored(), undefined);
    assert.equal(oauth.count('/token/revocation'), 2, 'the unused tokens were revoked');
  });

  it('signs the session out with one prompt when its refresh token is revoked', async () => {
    await signInWithBrowser();
    const session = await storedOAuth();
    const revoke = await fetch(oauth.revocationUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: session.oauth.tokens.refreshToken as string, token_type_hint: 'refresh_token', client_id: PUBLIC_CLIENT_ID }).toString(),
    });
    assert.equal(revoke.status, 200);
    const results = await Promise.allSettled([api.client.getMe(), api.client.listWorkspaces(), api.client.getMe()]);
    assert.ok(results.every((r) => r.status === 'rejected'));
    await waitFor('the prompt', () => (asked.length ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(asked.length, 1, asked.map((a) => a.message).join('\n'));
    assert.match(asked[0].message, /OAuth sign-in has ended and you were signed out: .*invalid_grant/);
    assert.deepEqual(asked[0].actions, ['Sign In Again']);
    assert.equal(await stored(), undefined);
    await waitFor('signed out', async () => ((await sessions()).length === 0 ? true : undefined));
  });

  it('OAuth needs its settings: without them it explains, offers an API key, and stores nothing', async () => {
    await setOAuthSettings({ authorizationUrl: undefined, clientId: undefined });
    await signInWithBrowser();
    assert.equal(opened.length, 0);
    assert.match(asked[0]?.message ?? '', /OAuth 2\.0 needs an OAuth client .* settings: postman\.oauth\.authorizationUrl, postman\.oauth\.clientId/);
    assert.deepEqual(asked[0].actions, ['Use an API Key', 'Open Settings']);
    assert.equal(await stored(), undefined);
  });

  it('Client Credentials: asks for the secret once (kept in secret storage), signs in, revokes at sign-out', async () => {
    await setOAuthSettings({ clientId: CONFIDENTIAL_CLIENT_ID, authorizationUrl: undefined });
    const prompts: string[] = [];
    api.setUi('secretPrompt', async (o) => {
      prompts.push(render(o.prompt));
      return CONFIDENTIAL_CLIENT_SECRET;
    });
    api.setSignInMethodPick(async () => 'oauthClientCredentials');
    await vscode.commands.executeCommand('postman.signIn');
    assert.equal(prompts.length, 1);
    assert.match(prompts[0], new RegExp(`client secret of OAuth client "${CONFIDENTIAL_CLIENT_ID}"`));
    const secret = JSON.parse((await api.secrets.get(CLIENT_SECRET_KEY)) ?? '{}') as Record<string, string>;
    assert.deepEqual(secret, { clientId: CONFIDENTIAL_CLIENT_ID, tokenUrl: oauth.tokenUrl, secret: CONFIDENTIAL_CLIENT_SECRET });
    const session = await storedOAuth();
    assert.equal(session.oauth.grant, 'clientCredentials');
    assert.equal(session.oauth.tokens.refreshToken, undefined);
    assert.equal((await sessions())[0]?.account.label, LABEL);
    assert.equal(oauth.grantCount('client_credentials'), 1);
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('postman')).includes(CONFIDENTIAL_CLIENT_SECRET), 'not in settings');

    // Expired: a new token with the same secret, no prompt.
    session.oauth.tokens.expiresAt = Date.now() - 1000;
    await api.secrets.store(SESSIONS_SECRET, JSON.stringify([session]));
    await api.client.getMe();
    assert.equal(oauth.grantCount('client_credentials'), 2);
    assert.equal(prompts.length, 1);

    const renewed = await storedOAuth();
    const result = (await vscode.commands.executeCommand('postman.signOut')) as { revocation?: { attempted: boolean } };
    assert.equal(result.revocation?.attempted, true);
    assert.equal(await oauth.introspect(renewed.oauth.tokens.accessToken), false);
    assert.equal(await stored(), undefined);
  });

  it('Set OAuth Client Secret binds the secret to the client; empty input deletes it', async () => {
    await setOAuthSettings({ clientId: CONFIDENTIAL_CLIENT_ID });
    api.setUi('secretPrompt', async () => 'another-secret-value-123');
    assert.equal(await vscode.commands.executeCommand('postman.setOAuthClientSecret'), 'stored');
    assert.equal(JSON.parse((await api.secrets.get(CLIENT_SECRET_KEY)) ?? '{}').secret, 'another-secret-value-123');
    api.setUi('secretPrompt', async () => '');
    assert.equal(await vscode.commands.executeCommand('postman.setOAuthClientSecret'), 'deleted');
    assert.equal(await api.secrets.get(CLIENT_SECRET_KEY), undefined);
    await setOAuthSettings({ clientId: '' });
    assert.equal(await vscode.commands.executeCommand('postman.setOAuthClientSecret'), 'needsSettings');
  });

  it('never writes a token, code or secret to the log, settings or state', async () => {
    assert.ok(seenSecrets.size >= 5);
    seenSecrets.add(CONFIDENTIAL_CLIENT_SECRET);
    const logFile = path.join(api.logDir, 'Postman.log');
    await waitFor('the log to record the token requests', () => fs.existsSync(logFile) && /OAuth token \(refresh_token\): POST 127\.0\.0\.1:\d+\/token 200/.test(fs.readFileSync(logFile, 'utf8')));
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const texts = [...walk(api.logDir).map((f) => fs.readFileSync(f, 'utf8')), JSON.stringify(api.stateSnapshot()), JSON.stringify(vscode.workspace.getConfiguration('postman'))];
    for (const secret of seenSecrets) {
      assert.ok(!texts.some((t) => t.includes(secret)), 'a secret was written out');
    }
  });
});
