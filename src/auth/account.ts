import * as vscode from 'vscode';
import { isPostmanError, type Logger, type Me, type PostmanClient, userMessage } from '../postman';
import type { ApiKeyPrompt } from './apiKeyPrompt';
import type { CredentialStore, StoredCredential } from './credentialStore';
import { accountOf, displayName, UNKNOWN_ACCOUNT } from './sessionData';
import { type AuthUi, OAUTH_NEEDS_SETTINGS } from './ui';

export type SignInState = 'signedIn' | 'signedOut';

export type RotationResult = 'rotated' | 'cancelled' | 'notSignedIn' | 'environment';

const REJECTED = 'Postman rejected this API key (401). Check that it is complete and not revoked, then paste it again.';

/**
 * Signed-in state for the UI and the sign-in flows. The state is derived from the
 * credential store alone — no network at activation — and published as the `postman.state`
 * context key that gates the welcome view and menus. Every key is checked with GET /me
 * before it is stored; a rejected key is never stored.
 */
export class Account implements vscode.Disposable {
  private current: SignInState = 'signedOut';
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
    const next: SignInState = (await this.store.get()) ? 'signedIn' : 'signedOut';
    await vscode.commands.executeCommand('setContext', 'postman.state', next);
    if (next !== this.current) {
      this.current = next;
      this.changed.fire(next);
    }
    return next;
  }

  /** The sign-in quick pick (API key, or OAuth 2.0 which only explains what it needs), then the key prompt. */
  async signIn(ui: AuthUi): Promise<Me | undefined> {
    const method = await ui.pickSignInMethod();
    if (method === 'oauth') {
      const choice = await ui.ask('info', OAUTH_NEEDS_SETTINGS, 'Use an API Key');
      if (choice !== 'Use an API Key') {
        return undefined;
      }
    } else if (method !== 'apiKey') {
      return undefined;
    }
    return this.signInWithApiKey(ui.apiKeyPrompt);
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

  /** Stores a key that came from elsewhere (settings.json) after checking it; returns the problem if any. */
  async adoptApiKey(key: string): Promise<{ me?: Me; problem?: string; rejected?: boolean }> {
    const checked = await this.check(key, 'Moving the key from settings');
    if (!checked.me) {
      return checked;
    }
    await this.store.storeApiKey(key, accountOf(checked.me.user));
    await this.update();
    this.log.info(`Signed in as ${checked.me.user.username} with the key moved out of settings.`);
    this.meLoaded.fire(checked.me);
    return checked;
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

  async signOut(): Promise<void> {
    await this.store.clear();
    await this.update();
    this.log.info('Signed out; the API key was deleted from secret storage.');
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
