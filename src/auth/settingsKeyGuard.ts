import * as vscode from 'vscode';
import type { Logger } from '../postman';
import { list, msg, piece, plain } from '../text/plain';
import type { Account } from './account';
import { displayName } from './sessionData';
import { findSecretSettings, isDeclaredSecretSetting } from './settingsSecrets';
import type { AuthUi } from './ui';

const MOVE = 'Move to Secret Storage';
const REMOVE = 'Remove from Settings';
const REPLACE = 'Replace';
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

export type GuardResult = 'none' | 'dismissed' | 'moved' | 'rejected' | 'failed' | 'removed';

/**
 * Finds API keys pasted into settings (`postman.apiKey` and the like) and gets them out of
 * those plain-text files. Reading settings is local: this runs at activation, on every
 * `postman.*` change and when the workspace becomes trusted.
 *
 * Only a key in the user's own (User) settings can become the sign-in, on one click, checked
 * with Postman like any sign-in, and — when another account is signed in — only after a
 * second question naming both. A key in workspace or folder settings is never used: any
 * repository can ship one (an attacker's key would quietly receive everything the user then
 * saves), so the user is only offered its removal, and told to revoke it since it was
 * written into files that are committed and shared. In Restricted Mode the workspace's
 * settings are not read at all.
 */
export class SettingsKeyGuard implements vscode.Disposable {
  private running: Promise<GuardResult> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly account: Account,
    private readonly ui: () => AuthUi,
    private readonly log: Logger,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('postman')) {
          void this.check();
        }
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.check()),
    ];
  }

  /** Every key found in settings; never logged or shown. Workspace and folder settings only in a trusted workspace. */
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
    if (!this.ui().workspaceTrusted()) {
      return found;
    }
    add(config, { target: vscode.ConfigurationTarget.Workspace, where: 'Workspace settings' }, (i) => i?.workspaceValue);
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const place = { target: vscode.ConfigurationTarget.WorkspaceFolder, folder, where: `folder settings of ${folder.name}` };
      add(vscode.workspace.getConfiguration('postman', folder.uri), place, (i) => i?.workspaceFolderValue);
    }
    return found;
  }

  /** Warns about keys in settings (one warning at a time) and moves or removes them if the user agrees. */
  check(): Promise<GuardResult> {
    this.running ??= this.warn().finally(() => (this.running = undefined));
    return this.running;
  }

  private async warn(): Promise<GuardResult> {
    const found = this.find();
    const fromWorkspace = found.filter((f) => !isUserSettings(f));
    const fromUser = found.filter(isUserSettings);
    let result: GuardResult = 'none';
    if (fromWorkspace.length > 0) {
      result = await this.warnWorkspace(fromWorkspace);
    }
    if (fromUser.length > 0) {
      result = await this.warnUser(fromUser);
    }
    return result;
  }

  /** A key in workspace or folder settings: never used; removal offered, revocation advised. */
  private async warnWorkspace(found: SettingsKey[]): Promise<GuardResult> {
    const names = nameList(found);
    this.log.warn(`A Postman API key was found in workspace settings (${plain(names.join(', '), 600)}); it is not used.`);
    const choice = await this.ui().ask(
      'warning',
      msg`A Postman API key is in this workspace's settings: ${list(names)}. It is not used: a key from a workspace's settings never signs you in, since any repository could ship one. It was written into files that are often committed or shared, so remove it here and revoke it in Postman.`,
      REMOVE,
      OPEN,
    );
    if (choice === OPEN) {
      await vscode.commands.executeCommand(found[0].place.target === vscode.ConfigurationTarget.WorkspaceFolder ? 'workbench.action.openFolderSettingsFile' : 'workbench.action.openWorkspaceSettingsFile');
      return 'dismissed';
    }
    if (choice !== REMOVE) {
      return 'dismissed';
    }
    const manual = await this.remove(found);
    if (manual.length > 0) {
      void this.ui().ask('warning', msg`Remove ${list(manual)} from the settings file by hand: this extension cannot edit undeclared settings. Then revoke the key in Postman.`);
      await vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile');
    } else {
      void this.ui().ask('info', msg`The API key was removed from this workspace's settings. Revoke it in Postman: it was in a file others may have seen.`);
    }
    this.log.info('Removed the API key from workspace settings.');
    return 'removed';
  }

  private async warnUser(found: SettingsKey[]): Promise<GuardResult> {
    const names = nameList(found);
    this.log.warn(`A Postman API key was found in settings: ${plain(names.join(', '), 600)}.`);
    const choice = await this.ui().ask(
      'warning',
      msg`A Postman API key is in your settings: ${list(names)}. Settings are plain-text files, often synced, shared or committed; keep the key in VS Code's secret storage instead.`,
      MOVE,
      OPEN,
    );
    if (choice === OPEN) {
      await vscode.commands.executeCommand('workbench.action.openSettingsJson');
      return 'dismissed';
    }
    return choice === MOVE ? this.move(found) : 'dismissed';
  }

  /**
   * Checks the key(s) from User settings with Postman, keeps the first accepted one, and
   * removes them all from settings. Keys from workspace or folder settings are never adopted.
   */
  async move(found = this.find().filter(isUserSettings)): Promise<GuardResult> {
    const own = found.filter(isUserSettings);
    if (own.length === 0) {
      return 'none';
    }
    const current = await this.account.credential();
    const inUse = current?.source === 'secretStorage' && current.credential.kind === 'apiKey' ? current.credential.key : undefined;
    let result: GuardResult = 'rejected';
    for (const value of new Set(own.map((f) => f.value))) {
      if (value === inUse) {
        result = 'moved';
        break;
      }
      const checked = await this.account.checkApiKey(value, 'Moving the key from settings');
      if (checked.me) {
        const newAccount = checked.me.user;
        if (current && current.account.id !== String(newAccount.id)) {
          const replace = await this.ui().modal(
            msg`Sign in as ${displayName(newAccount)} instead of ${current.account.label}?`,
            msg`The API key in your User settings belongs to ${displayName(newAccount)}. You are signed in as ${current.account.label}${current.oauth ? ' with OAuth 2.0' : ''}; replacing signs that account out here.`,
            REPLACE,
          );
          if (replace !== REPLACE) {
            return 'dismissed';
          }
        }
        await this.account.storeCheckedApiKey(value, checked.me, 'with the key moved out of settings');
        result = 'moved';
        break;
      }
      if (!checked.rejected) {
        // Postman could not be asked (network, quota…): keep the settings as they are.
        void this.ui().ask('error', msg`The API key in settings was not moved: ${piece(checked.problem ?? 'it could not be checked')} Try again later.`);
        return 'failed';
      }
    }
    const manual = await this.remove(own);
    const signedIn = result === 'moved' ? "It is now kept in VS Code's secret storage" : 'Postman rejected it (revoked?), so it was not stored';
    if (manual.length > 0) {
      void this.ui().ask('warning', msg`${signedIn}. Remove ${list(manual)} from your settings file by hand: this extension cannot edit undeclared settings.`);
      await vscode.commands.executeCommand('workbench.action.openSettingsJson');
    } else {
      void this.ui().ask(result === 'moved' ? 'info' : 'warning', msg`The API key was removed from your settings. ${signedIn}.`);
    }
    this.log.info(`Removed the API key from settings (${result}).`);
    return result;
  }

  /** Removes each found setting; returns those it could not (undeclared settings cannot be written). */
  private async remove(found: SettingsKey[]): Promise<string[]> {
    const manual: string[] = [];
    for (const f of found) {
      if (!isDeclaredSecretSetting(f.path)) {
        manual.push(nameOf(f));
        continue;
      }
      try {
        await vscode.workspace.getConfiguration('postman', f.place.folder?.uri).update(f.path, undefined, f.place.target);
      } catch (err) {
        this.log.warn(`Could not remove ${plain(nameOf(f))}: ${plain(err instanceof Error ? err.message : String(err))}`);
        manual.push(nameOf(f));
      }
    }
    return manual;
  }

  dispose(): void {
    for (const s of this.subscriptions) {
      s.dispose();
    }
  }
}

function isUserSettings(f: SettingsKey): boolean {
  return f.place.target === vscode.ConfigurationTarget.Global;
}

function nameOf(f: SettingsKey): string {
  return `postman.${f.path} (${f.place.where})`;
}

function nameList(found: SettingsKey[]): string[] {
  return [...new Set(found.map(nameOf))];
}

