import * as vscode from 'vscode';
import { isPostmanError, type Logger, type Me, type PostmanClient, userMessage } from '../postman';
import type { ApiKeyPrompt } from './apiKeyPrompt';
import type { ClientSecretStore } from './clientSecret';
import type { CredentialStore, StoredCredential } from './credentialStore';
import { isOAuthError, oauthMessage } from './oauth/errors';
import { isConfigured, missingSettings, type OAuthConfig, oauthConfig, type OAuthGrant, type RawOAuthSettings } from './oauth/settings';
import type { RevocationResult, TokenManager } from './oauth/tokenManager';
import type { TokenSet } from './oauth/tokens';
import type { OAuthFlows } from './oauthFlow';
import { list, msg, piece } from '../text/plain';
import { accountOf, displayName, type OAuthSessionData, oauthRecord, UNKNOWN_ACCOUNT } from './sessionData';
import type { AuthUi } from './ui';

export type SignInState = 'signedIn' | 'signedOut';

export type RotationResult = 'rotated' | 'cancelled' | 'notSignedIn' | 'environment' | 'oauth';

/** The OAuth pieces the sign-in uses (built in extension.ts). */
export interface OAuthDeps {
  flows: OAuthFlows;
  tokens: TokenManager;
  secrets: ClientSecretStore;
  settings: () => RawOAuthSettings;
}

export interface SignOutResult {
  /** What was signed out of. */
  was: 'apiKey' | 'environment' | 'oauth' | 'nothing';
  /** For an OAuth session: whether its tokens were revoked at the server. */
  revocation?: RevocationResult;
}

const USE_API_KEY = 'Use an API Key';
const OPEN_SETTINGS = 'Open Settings';

const REJECTED = 'Postman rejected this API key (401). Check that it is complete and not revoked, then paste it again.';

/**
 * Signed-in state for the UI and the sign-in flows. The state is derived from the
 * credential store alone — no network at activation — and published as the `postman.state`
 * context key that gates the welcome view and menus. Every key is checked with GET /me
 * before it is stored; a rejected key is never stored.
 */
export class Account implements vscode.Disposable {
  private current: SignInState = 'signedOut';
  private session: string | undefined;
  private readonly changed = new vscode.EventEmitter<SignInState>();
  readonly onDidChange = this.changed.event;
  private readonly meLoaded = new vscode.EventEmitter<Me>();
  /** Fires whenever GET /me answered for the signed-in credential (usage display). */
  readonly onDidLoadMe = this.meLoaded.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: CredentialStore,
    private readonly client: PostmanClient,
    private readonly log: Logger,
    private readonly oauth?: OAuthDeps,
  ) {
    this.subscription = store.onDidChange(() => void this.update());
  }

  get state(): SignInState {
    return this.current;
  }

  credential(): Promise<StoredCredential | undefined> {
    return this.store.get();
  }

  /** Re-reads the store; called at activation and whenever the store (or another window) changes. */
  async update(): Promise<SignInState> {
    const stored = await this.store.get();
    const next: SignInState = stored ? 'signedIn' : 'signedOut';
    await vscode.commands.executeCommand('setContext', 'postman.state', next);
    // A new sign-in while signed in (a new key after a 401, another account) is a change too:
    // the tree loaded with the old credential (its "Sign in again" rows) must redraw. Rotation
    // and OAuth renewals keep the session id and change nothing here.
    const session = stored?.sessionId;
    if (next !== this.current || session !== this.session) {
      this.current = next;
      this.session = session;
      this.changed.fire(next);
    }
    return next;
  }

  /** The sign-in quick pick (API key, OAuth 2.0 in the browser, OAuth 2.0 client credentials), then that sign-in. */
  async signIn(ui: AuthUi): Promise<Me | undefined> {
    const raw = this.oauth?.settings() ?? {};
    const method = await ui.pickSignInMethod({ authorizationCode: isConfigured(raw, 'authorizationCode'), clientCredentials: isConfigured(raw, 'clientCredentials') });
    if (method === 'oauth' || method === 'oauthClientCredentials') {
      return this.signInWithOAuth(method === 'oauth' ? 'authorizationCode' : 'clientCredentials', ui);
    }
    return method === 'apiKey' ? this.signInWithApiKey(ui.apiKeyPrompt) : undefined;
  }

  /**
   * OAuth 2.0: the grant, then GET /me with the new access token; only a token Postman
   * accepts is stored (with the account it belongs to). Any failure is said once, and leaves
   * nothing stored — tokens already issued are revoked where a revocation URL is set.
   */
  async signInWithOAuth(grant: OAuthGrant, ui: AuthUi): Promise<Me | undefined> {
    const oauth = this.oauth;
    if (!oauth) {
      return undefined;
    }
    const raw = oauth.settings();
    const missing = missingSettings(raw, grant);
    if (missing.length > 0) {
      const what = grant === 'authorizationCode' ? 'Signing in with OAuth 2.0' : 'Signing in with OAuth 2.0 client credentials';
      const choice = await ui.ask('info', msg`${what} needs an OAuth client registered with your authorization server, and these settings: ${list(missing)}. Sign in with an API key, or fill in the settings first.`, USE_API_KEY, OPEN_SETTINGS);
      if (choice === OPEN_SETTINGS) {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'postman.oauth');
      }
      return choice === USE_API_KEY ? this.signInWithApiKey(ui.apiKeyPrompt) : undefined;
    }
    let config: OAuthConfig;
    let tokens: TokenSet;
    try {
      config = oauthConfig(raw, grant);
      if (grant === 'clientCredentials' && !(await oauth.secrets.get(config)) && !(await this.askClientSecret(config, ui))) {
        return undefined;
      }
      tokens = grant === 'authorizationCode' ? await oauth.flows.authorize(config) : await oauth.flows.clientCredentials(config);
    } catch (err) {
      if (isOAuthError(err, 'cancelled')) {
        this.log.info(`OAuth sign-in: ${err.message}`);
        return undefined;
      }
      this.log.warn(`OAuth sign-in failed: ${oauthMessage(err)}`);
      void ui.ask('error', msg`${piece(oauthMessage(err))}`);
      return undefined;
    }
    const session: OAuthSessionData = { grant, tokenUrl: config.tokenUrl, clientId: config.clientId, ...(config.revocationUrl ? { revocationUrl: config.revocationUrl } : {}), scopes: config.scopes, tokens };
    let me: Me;
    try {
      me = await this.client.getMe({ credential: { kind: 'bearer', token: tokens.accessToken } });
    } catch (err) {
      this.log.warn(`OAuth sign-in: Postman did not accept the access token: ${userMessage(err)}`);
      await oauth.tokens.revoke(oauthRecord('', session), config.revocationUrl);
      const why = isPostmanError(err, 'unauthorized')
        ? 'Postman rejected the access token from your authorization server (401). The OAuth client may not be set up for the Postman API, or the scopes may be too narrow.'
        : userMessage(err);
      void ui.ask('error', msg`Signing in with OAuth 2.0 did not work: ${piece(why)}`);
      return undefined;
    }
    await this.store.storeOAuthSession(session, accountOf(me.user));
    await this.update();
    this.log.info(`Signed in as ${me.user.username} with OAuth 2.0 (${grant === 'authorizationCode' ? 'authorization code' : 'client credentials'}).`);
    this.meLoaded.fire(me);
    return me;
  }

  /** "Postman: Set OAuth Client Secret": asks for the secret of the configured client; empty removes it. */
  async setClientSecret(ui: AuthUi): Promise<'stored' | 'deleted' | 'cancelled' | 'needsSettings'> {
    const oauth = this.oauth;
    const raw = oauth?.settings() ?? {};
    const missing = missingSettings(raw, 'clientCredentials');
    if (!oauth || missing.length > 0) {
      void ui.ask('info', msg`Set ${list(missing, 8, ' and ')} first: the secret is kept for that client and token endpoint only.`, OPEN_SETTINGS).then((choice) => {
        if (choice === OPEN_SETTINGS) {
          void vscode.commands.executeCommand('workbench.action.openSettings', 'postman.oauth');
        }
      });
      return 'needsSettings';
    }
    let config: OAuthConfig;
    try {
      config = oauthConfig(raw, 'clientCredentials');
    } catch (err) {
      void ui.ask('error', msg`${piece(oauthMessage(err))}`);
      return 'needsSettings';
    }
    return (await this.askClientSecret(config, ui, true)) ?? 'cancelled';
  }

  private async askClientSecret(config: OAuthConfig, ui: AuthUi, allowDelete = false): Promise<'stored' | 'deleted' | 'cancelled' | undefined> {
    const oauth = this.oauth as OAuthDeps;
    const secret = await ui.secretPrompt({
      title: 'Postman: Set OAuth Client Secret',
      prompt: msg`The client secret of OAuth client "${config.clientId}" (${new URL(config.tokenUrl).host}). It is kept in VS Code's secret storage, never in settings.${allowDelete ? msg` Leave empty to delete the stored secret.` : ''}`,
      placeholder: 'client secret',
    });
    if (secret === undefined || (secret === '' && !allowDelete)) {
      return allowDelete ? 'cancelled' : undefined;
    }
    if (secret === '') {
      await oauth.secrets.delete();
      return 'deleted';
    }
    await oauth.secrets.set(config, secret);
    return 'stored';
  }

  /**
   * Asks for a key, checks it with GET /me, and only then stores it. Returns the user on
   * success, undefined if cancelled.
   */
  async signInWithApiKey(prompt: ApiKeyPrompt): Promise<Me | undefined> {
    let me: Me | undefined;
    const key = await prompt(async (candidate) => {
      const checked = await this.check(candidate, 'Sign-in');
      me = checked.me;
      return checked.problem;
    });
    if (!key || !me) {
      return undefined;
    }
    await this.store.storeApiKey(key, accountOf(me.user));
    await this.update();
    this.log.info(`Signed in as ${me.user.username}.`);
    this.meLoaded.fire(me);
    return me;
  }

  /** Checks a key that came from elsewhere (settings.json) with GET /me, storing nothing. */
  checkApiKey(key: string, what: string): Promise<{ me?: Me; problem?: string; rejected?: boolean }> {
    return this.check(key, what);
  }

  /** Signs in with a key that `checkApiKey` accepted (the caller asked before replacing another account). */
  async storeCheckedApiKey(key: string, me: Me, how: string): Promise<void> {
    await this.store.storeApiKey(key, accountOf(me.user));
    await this.update();
    this.log.info(`Signed in as ${me.user.username} ${how}.`);
    this.meLoaded.fire(me);
  }

  /**
   * Rotation: the new key is checked first (GET /me, same account), then replaces the old
   * one in a single write. Until then — and if anything fails — the old key keeps working.
   */
  async rotateApiKey(prompt: ApiKeyPrompt): Promise<RotationResult> {
    const current = await this.store.get();
    if (!current) {
      return 'notSignedIn';
    }
    if (current.source === 'environment') {
      return 'environment';
    }
    if (current.oauth) {
      return 'oauth';
    }
    const oldKey = current.credential.kind === 'apiKey' ? current.credential.key : '';
    let me: Me | undefined;
    const key = await prompt(
      async (candidate) => {
        if (candidate === oldKey) {
          return 'This is the key in use now. Generate a new key in Postman and paste that one.';
        }
        const checked = await this.check(candidate, 'Rotation');
        if (checked.me && current.account.id !== UNKNOWN_ACCOUNT.id && String(checked.me.user.id) !== current.account.id) {
          return `This key belongs to ${displayName(checked.me.user)}, not ${current.account.label}. To switch accounts, sign out and sign in instead.`;
        }
        me = checked.me;
        return checked.problem;
      },
      {
        title: 'Postman: Rotate API Key',
        prompt: 'Paste the new API key. It is checked with Postman first; the current key stays in use until then.',
      },
    );
    if (!key || !me) {
      return 'cancelled';
    }
    await this.store.replaceApiKey(key, accountOf(me.user));
    await this.update();
    this.log.info(`Rotated the API key of ${me.user.username}.`);
    this.meLoaded.fire(me);
    return 'rotated';
  }

  /** GET /me with the signed-in credential: who it is and the month's usage. */
  async loadMe(): Promise<Me> {
    const current = await this.store.get();
    const me = await this.client.getMe();
    if (current?.credential.kind === 'apiKey') {
      await this.store.learnAccount(current.credential.key, accountOf(me.user));
    }
    this.meLoaded.fire(me);
    return me;
  }

  /**
   * Signs out at once (the secret is deleted first, so nothing is left half-done), then, for
   * an OAuth session with a revocation URL, revokes its tokens at the server (RFC 7009).
   */
  async signOut(): Promise<SignOutResult> {
    const before = await this.store.get();
    await this.store.clear();
    await this.update();
    if (!before) {
      return { was: 'nothing' };
    }
    if (!before.oauth) {
      this.log.info(before.source === 'environment' ? 'Signed out; POSTMAN_API_KEY is not used in this window until the next sign-in.' : 'Signed out; the API key was deleted from secret storage.');
      return { was: before.source === 'environment' ? 'environment' : 'apiKey' };
    }
    const { tokenUrl, clientId, revocationUrl } = before.oauth;
    this.log.info('Signed out; the OAuth tokens were deleted from secret storage.');
    const revocation = await this.oauth?.tokens.revoke(oauthRecord(before.sessionId, before.oauth), revocationUrl ?? this.currentRevocationUrl(tokenUrl, clientId));
    return { was: 'oauth', ...(revocation ? { revocation } : {}) };
  }

  /** The revocation URL set now, if the settings still name the client the tokens came from. */
  private currentRevocationUrl(tokenUrl: string, clientId: string): string | undefined {
    try {
      const now = oauthConfig(this.oauth?.settings() ?? {}, 'clientCredentials');
      return now.tokenUrl === tokenUrl && now.clientId === clientId ? now.revocationUrl : undefined;
    } catch {
      return undefined;
    }
  }

  private async check(candidate: string, what: string): Promise<{ me?: Me; problem?: string; rejected?: boolean }> {
    try {
      return { me: await this.client.getMe({ credential: { kind: 'apiKey', key: candidate } }) };
    } catch (err) {
      this.log.warn(`${what}: the key was not accepted: ${userMessage(err)}`);
      const rejected = isPostmanError(err, 'unauthorized');
      return { problem: rejected ? REJECTED : userMessage(err), rejected };
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.meLoaded.dispose();
  }
}
