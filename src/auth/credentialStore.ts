import * as vscode from 'vscode';
import type { Credential } from '../postman';

const API_KEY_SECRET = 'postman.apiKey';
/** Not a secret: remembers that the user signed out while POSTMAN_API_KEY is set. */
const IGNORE_ENV_KEY = 'postman.ignoreEnvironmentKey';

export type CredentialSource = 'secretStorage' | 'environment';

export interface StoredCredential {
  credential: Credential;
  source: CredentialSource;
}

/**
 * The one owner of credentials. The API key lives in VS Code's SecretStorage (the OS
 * keychain on the desktop) and nowhere else; with none stored, POSTMAN_API_KEY from the
 * environment is used, so CI and containers need no stored secret. Other windows learn of
 * changes through SecretStorage's change event, which this class forwards.
 */
export class CredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === API_KEY_SECRET) {
        this.changed.fire();
      }
    });
  }

  async get(): Promise<StoredCredential | undefined> {
    const stored = await this.secrets.get(API_KEY_SECRET);
    if (stored) {
      return { credential: { kind: 'apiKey', key: stored }, source: 'secretStorage' };
    }
    const fromEnv = this.env.POSTMAN_API_KEY?.trim();
    if (fromEnv && !this.state.get<boolean>(IGNORE_ENV_KEY)) {
      return { credential: { kind: 'apiKey', key: fromEnv }, source: 'environment' };
    }
    return undefined;
  }

  async storeApiKey(key: string): Promise<void> {
    await this.state.update(IGNORE_ENV_KEY, undefined);
    await this.secrets.store(API_KEY_SECRET, key);
  }

  /** Signs out: deletes the stored key and stops using POSTMAN_API_KEY until the next sign-in. */
  async clear(): Promise<void> {
    await this.state.update(IGNORE_ENV_KEY, this.env.POSTMAN_API_KEY ? true : undefined);
    await this.secrets.delete(API_KEY_SECRET);
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
