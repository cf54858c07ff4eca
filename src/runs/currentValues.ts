import type * as vscode from 'vscode';
import type { CurrentValues } from './model/variables';

/** A scope of variables: an environment, a workspace's globals, or a collection's variables. */
export type VariableScopeKey = `environment:${string}` | `globals:${string}` | `collection:${string}`;

const PREFIX = 'postman.currentValues';

/**
 * The user's current values, per account and scope, in VS Code's secret storage: they may
 * hold tokens, and they never leave this machine unless the user shares them to Postman.
 */
export class CurrentValuesStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private key(account: string, scope: VariableScopeKey): string {
    return `${PREFIX}/${account}/${scope}`;
  }

  async get(account: string, scope: VariableScopeKey): Promise<CurrentValues | undefined> {
    const raw = await this.secrets.get(this.key(account, scope));
    if (!raw) {
      return undefined;
    }
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return undefined;
      }
      return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      // A value this version cannot read is treated as none: the initial values apply.
      return undefined;
    }
  }

  async set(account: string, scope: VariableScopeKey, values: CurrentValues): Promise<void> {
    if (Object.keys(values).length === 0) {
      await this.secrets.delete(this.key(account, scope));
    } else {
      await this.secrets.store(this.key(account, scope), JSON.stringify(values));
    }
  }

  reset(account: string, scope: VariableScopeKey): Thenable<void> {
    return this.secrets.delete(this.key(account, scope));
  }
}
