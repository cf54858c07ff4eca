import * as vscode from 'vscode';
import { isPostmanError, type Logger, type Me, type PostmanClient, userMessage } from '../postman';
import type { ApiKeyPrompt } from './apiKeyPrompt';
import type { CredentialStore } from './credentialStore';

export type SignInState = 'signedIn' | 'signedOut';

/**
 * Signed-in state for the UI. It is derived from the credential store alone — no network
 * at activation — and published as the `postman.state` context key that gates the welcome
 * view and menus.
 */
export class Account implements vscode.Disposable {
  private current: SignInState = 'signedOut';
  private readonly changed = new vscode.EventEmitter<SignInState>();
  readonly onDidChange = this.changed.event;
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

  /** Re-reads the store; called at activation and whenever another window changes the secret. */
  async update(): Promise<SignInState> {
    const next: SignInState = (await this.store.get()) ? 'signedIn' : 'signedOut';
    await vscode.commands.executeCommand('setContext', 'postman.state', next);
    if (next !== this.current) {
      this.current = next;
      this.changed.fire(next);
    }
    return next;
  }

  /**
   * Asks for a key, checks it with GET /me, and only then stores it. A rejected key is
   * never stored. Returns the user on success, undefined if cancelled.
   */
  async signInWithApiKey(prompt: ApiKeyPrompt): Promise<Me | undefined> {
    let me: Me | undefined;
    const key = await prompt(async (candidate) => {
      try {
        me = await this.client.getMe({ credential: { kind: 'apiKey', key: candidate } });
        return undefined;
      } catch (err) {
        this.log.warn(`Sign-in: the key was not accepted: ${userMessage(err)}`);
        return isPostmanError(err, 'unauthorized')
          ? 'Postman rejected this API key (401). Check that it is complete and not revoked, then paste it again.'
          : userMessage(err);
      }
    });
    if (!key || !me) {
      return undefined;
    }
    await this.store.storeApiKey(key);
    await this.update();
    this.log.info(`Signed in as ${me.user.username}.`);
    return me;
  }

  async signOut(): Promise<void> {
    await this.store.clear();
    await this.update();
    this.log.info('Signed out; the API key was deleted from secret storage.');
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
