import * as vscode from 'vscode';
import type { Logger } from '../postman';
import type { Account } from './account';
import { findSecretSettings, isDeclaredSecretSetting } from './settingsSecrets';
import type { AuthUi } from './ui';

const MOVE = 'Move to Secret Storage';
const OPEN = 'Open Settings';

interface Place {
  target: vscode.ConfigurationTarget;
  folder?: vscode.WorkspaceFolder;
  where: string;
}

export interface SettingsKey {
  /** Relative to `postman.`, e.g. `apiKey`. */
  path: string;
  place: Place;
  value: string;
}

export type GuardResult = 'none' | 'dismissed' | 'moved' | 'rejected' | 'failed';

/**
 * Finds API keys pasted into settings (`postman.apiKey` and the like, in user, workspace
 * or folder settings), warns, and on one click moves the key into SecretStorage — checked
 * with Postman like any sign-in — and removes it from every settings file it is in.
 * Reading settings is local: this runs at activation and on every `postman.*` change.
 */
export class SettingsKeyGuard implements vscode.Disposable {
  private running: Promise<GuardResult> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly account: Account,
    private readonly ui: () => AuthUi,
    private readonly log: Logger,
  ) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('postman')) {
        void this.check();
      }
    });
  }

  /** Every key found in settings; never logged or shown. */
  find(): SettingsKey[] {
    const found: SettingsKey[] = [];
    const add = (config: vscode.WorkspaceConfiguration, place: Place, pick: (i: ReturnType<typeof config.inspect<unknown>>) => unknown) => {
      for (const path of findSecretSettings(config)) {
        const value = pick(config.inspect(path));
        if (typeof value === 'string' && value.trim() !== '' && !found.some((f) => f.path === path && f.place.where === place.where)) {
          found.push({ path, place, value: value.trim() });
        }
      }
    };
    const config = vscode.workspace.getConfiguration('postman');
    add(config, { target: vscode.ConfigurationTarget.Global, where: 'User settings' }, (i) => i?.globalValue);
    add(config, { target: vscode.ConfigurationTarget.Workspace, where: 'Workspace settings' }, (i) => i?.workspaceValue);
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const place = { target: vscode.ConfigurationTarget.WorkspaceFolder, folder, where: `folder settings of ${folder.name}` };
      add(vscode.workspace.getConfiguration('postman', folder.uri), place, (i) => i?.workspaceFolderValue);
    }
    return found;
  }

  /** Warns about keys in settings (one warning at a time) and moves them if the user agrees. */
  check(): Promise<GuardResult> {
    this.running ??= this.warn().finally(() => (this.running = undefined));
    return this.running;
  }

  private async warn(): Promise<GuardResult> {
    const found = this.find();
    if (found.length === 0) {
      return 'none';
    }
    const names = [...new Set(found.map((f) => `postman.${f.path} (${f.place.where})`))].join(', ');
    this.log.warn(`A Postman API key was found in settings: ${names}.`);
    const choice = await this.ui().ask(
      'warning',
      `A Postman API key is in your settings: ${names}. Settings are plain-text files, often synced, shared or committed; keep the key in VS Code's secret storage instead.`,
      MOVE,
      OPEN,
    );
    if (choice === OPEN) {
      await vscode.commands.executeCommand(found[0].place.target === vscode.ConfigurationTarget.Global ? 'workbench.action.openSettingsJson' : 'workbench.action.openWorkspaceSettingsFile');
      return 'dismissed';
    }
    return choice === MOVE ? this.move(found) : 'dismissed';
  }

  /** Checks the key(s) with Postman, keeps the first accepted one, and removes them all from settings. */
  async move(found = this.find()): Promise<GuardResult> {
    if (found.length === 0) {
      return 'none';
    }
    const current = await this.account.credential();
    const inUse = current?.source === 'secretStorage' && current.credential.kind === 'apiKey' ? current.credential.key : undefined;
    let result: GuardResult = 'rejected';
    for (const value of new Set(found.map((f) => f.value))) {
      if (value === inUse) {
        result = 'moved';
        break;
      }
      const adopted = await this.account.adoptApiKey(value);
      if (adopted.me) {
        result = 'moved';
        break;
      }
      if (!adopted.rejected) {
        // Postman could not be asked (network, quota…): keep the settings as they are.
        void this.ui().ask('error', `The API key in settings was not moved: ${adopted.problem ?? 'it could not be checked'}. Try again later.`);
        return 'failed';
      }
    }
    const manual = await this.remove(found);
    const signedIn = result === 'moved' ? "It is now kept in VS Code's secret storage" : 'Postman rejected it (revoked?), so it was not stored';
    if (manual.length > 0) {
      void this.ui().ask('warning', `${signedIn}. Remove ${manual.join(', ')} from your settings file by hand: this extension cannot edit undeclared settings.`);
      await vscode.commands.executeCommand('workbench.action.openSettingsJson');
    } else {
      void this.ui().ask(result === 'moved' ? 'info' : 'warning', `The API key was removed from your settings. ${signedIn}.`);
    }
    this.log.info(`Removed the API key from settings (${result}).`);
    return result;
  }

  /** Removes each found setting; returns those it could not (undeclared settings cannot be written). */
  private async remove(found: SettingsKey[]): Promise<string[]> {
    const manual: string[] = [];
    for (const f of found) {
      if (!isDeclaredSecretSetting(f.path)) {
        manual.push(`postman.${f.path} (${f.place.where})`);
        continue;
      }
      try {
        await vscode.workspace.getConfiguration('postman', f.place.folder?.uri).update(f.path, undefined, f.place.target);
      } catch (err) {
        this.log.warn(`Could not remove postman.${f.path} from ${f.place.where}: ${err instanceof Error ? err.message : String(err)}`);
        manual.push(`postman.${f.path} (${f.place.where})`);
      }
    }
    return manual;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
