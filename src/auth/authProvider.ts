import * as vscode from 'vscode';
import type { Account } from './account';
import { type CredentialStore, ENVIRONMENT_ACCOUNT, type StoredCredential } from './credentialStore';
import type { AuthUi } from './ui';

export const AUTH_PROVIDER_ID = 'postman';
export const AUTH_PROVIDER_LABEL = 'Postman';

type Session = vscode.AuthenticationSession;

/**
 * The `postman` authentication provider: the account in VS Code's Accounts menu (where
 * signing out works), and `vscode.authentication.getSession('postman', [])` for other
 * extensions (after VS Code's consent prompt). It owns no credentials: it presents the
 * CredentialStore's one sign-in as a session and reports every change to it, including
 * those from other windows, as added/removed/changed sessions.
 *
 * Postman API keys carry the user's whole access and no scopes, so the one session has
 * scopes `[]`; a request for specific scopes finds no session and cannot create one.
 */
export class PostmanAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  /** The sessions last reported, to compute what changed. */
  private published = new Map<string, Session>();
  private publishing: Promise<void> = Promise.resolve();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: CredentialStore,
    private readonly account: Account,
    private readonly ui: () => AuthUi,
  ) {
    this.subscription = store.onDidChange(() => void this.publish());
  }

  /** Reads the current sessions without reporting them (at activation: nothing changed). */
  async initialize(): Promise<void> {
    this.published = new Map((await this.sessions()).map((s) => [s.id, s]));
  }

  async getSessions(scopes: readonly string[] | undefined, options?: vscode.AuthenticationProviderSessionOptions): Promise<Session[]> {
    if (scopes && scopes.length > 0) {
      return [];
    }
    const all = await this.sessions();
    const wanted = options?.account;
    return wanted ? all.filter((s) => s.account.id === wanted.id || s.account.label === wanted.label) : all;
  }

  async createSession(scopes: readonly string[], _options?: vscode.AuthenticationProviderSessionOptions): Promise<Session> {
    if (scopes.length > 0) {
      throw new Error(`Postman API keys have no scopes; ask for the "postman" session with [] instead of [${scopes.join(', ')}].`);
    }
    const me = await this.account.signIn(this.ui());
    if (!me) {
      throw new vscode.CancellationError();
    }
    await this.publish();
    const [session] = await this.sessions();
    if (!session) {
      throw new Error('Signing in to Postman did not store a session.');
    }
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    const current = await this.store.get();
    if (current?.sessionId === sessionId) {
      await this.account.signOut();
    }
    await this.publish();
  }

  /** Reports the difference between what was last reported and what is stored now (serialised). */
  publish(): Promise<void> {
    this.publishing = this.publishing.then(async () => {
      const now = new Map((await this.sessions()).map((s) => [s.id, s]));
      const added = [...now.values()].filter((s) => !this.published.has(s.id));
      const removed = [...this.published.values()].filter((s) => !now.has(s.id));
      const changed = [...now.values()].filter((s) => {
        const before = this.published.get(s.id);
        return before !== undefined && (before.accessToken !== s.accessToken || before.account.label !== s.account.label || before.account.id !== s.account.id);
      });
      this.published = now;
      if (added.length + removed.length + changed.length > 0) {
        this.changed.fire({ added, removed, changed });
      }
    }).catch(() => undefined);
    return this.publishing;
  }

  private async sessions(): Promise<Session[]> {
    const current = await this.store.get();
    return current ? [toSession(current)] : [];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function toSession(c: StoredCredential): Session {
  const token = c.credential.kind === 'apiKey' ? c.credential.key : c.credential.token;
  const label = c.source === 'environment' && c.account.label !== ENVIRONMENT_ACCOUNT.label ? `${c.account.label} (POSTMAN_API_KEY)` : c.account.label;
  return { id: c.sessionId, accessToken: token, account: { id: c.account.id, label }, scopes: [] };
}
