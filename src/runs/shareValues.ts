import * as vscode from 'vscode';
import type { PostmanClient, PostmanRepository } from '../postman';
import { msg, plain } from '../text/plain';
import { modal, notify } from '../ui/messages';
import type { CurrentValuesStore } from './currentValues';
import { applyShare, MASK, shareChanges, type ShareChange } from './model/variables';

export const SHARE_SCHEME = 'postman-share';

/**
 * "Share Current Values to Postman…": never automatic. Shows what would change as a diff
 * (secret values masked), asks, and includes secrets only when the user picks that button.
 * Sharing writes the environment's initial values in Postman; the shared current values then
 * equal them and drop out of the local store.
 */
export class ShareCurrentValues implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly sides = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(SHARE_SCHEME, this);

  constructor(
    private readonly client: PostmanClient,
    private readonly repo: PostmanRepository,
    private readonly currentValues: CurrentValuesStore,
    private readonly accountKey: () => Promise<string>,
    /** Answers the modal (tests); undefined asks the user. */
    public confirm?: (changes: ShareChange[]) => Promise<'share' | 'withSecrets' | undefined>,
  ) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.sides.get(uri.toString()) ?? '';
  }

  /** Returns the keys shared, or undefined when nothing was. */
  async share(uid: string, name: string): Promise<string[] | undefined> {
    const account = await this.accountKey();
    // What Postman holds now, not a cached copy: the diff must show what really changes.
    this.repo.invalidate(`environment:${uid}`);
    const environment = await this.repo.environment(uid);
    const current = await this.currentValues.get(account, `environment:${uid}`);
    const changes = shareChanges(environment.values, current);
    if (changes.length === 0) {
      void notify('info', msg`Your current values of ${name} are the same as in Postman: nothing to share.`);
      return undefined;
    }
    await this.showDiff(uid, name, environment.values.map((v) => ({ key: v.key, value: v.value, secret: v.type === 'secret' })), changes);
    const secrets = changes.filter((c) => c.secret);
    const answer = this.confirm
      ? await this.confirm(changes)
      : await (async () => {
          const buttons = secrets.length > 0 ? ['Share Without Secrets', 'Share Including Secrets'] : ['Share'];
          const choice = await modal(
            msg`Share ${String(changes.length)} current value${changes.length === 1 ? '' : 's'} of ${name} to Postman?`,
            msg`They become the initial values that everyone with access to the environment sees.${secrets.length > 0 ? ` ${secrets.length} of them ${secrets.length === 1 ? 'is a secret' : 'are secrets'} (${secrets.map((s) => s.key).join(', ')}): shared only with "Share Including Secrets".` : ''}`,
            ...buttons,
          );
          return choice === 'Share Including Secrets' ? 'withSecrets' : choice ? 'share' : undefined;
        })();
    if (!answer) {
      return undefined;
    }
    const chosen = answer === 'withSecrets' ? changes : changes.filter((c) => !c.secret);
    if (chosen.length === 0) {
      void notify('info', msg`Nothing shared: every changed value of ${name} is a secret.`);
      return undefined;
    }
    const values = applyShare(environment.values, chosen);
    await this.client.updateEnvironment(uid, { name: environment.name, values });
    this.repo.update('environment', uid, { ...environment, values: values.map((v) => ({ key: v.key, value: v.value, type: v.type ?? 'default', enabled: v.enabled !== false })) });
    const rest = { ...current };
    for (const c of chosen) {
      delete rest[c.key];
    }
    await this.currentValues.set(account, `environment:${uid}`, rest);
    void notify('info', msg`Shared ${String(chosen.length)} value${chosen.length === 1 ? '' : 's'} of ${name} to Postman.`);
    return chosen.map((c) => c.key);
  }

  private async showDiff(uid: string, name: string, initial: { key: string; value: string; secret: boolean }[], changes: ShareChange[]): Promise<void> {
    const shown = (value: string | undefined, secret: boolean) => (value === undefined ? undefined : secret ? MASK : value);
    const left = Object.fromEntries(initial.map((v) => [v.key, shown(v.value, v.secret)]));
    const right = { ...left };
    for (const c of changes) {
      right[c.key] = shown(c.to, c.secret);
    }
    const side = (which: string, content: object) => {
      const uri = vscode.Uri.from({ scheme: SHARE_SCHEME, path: `/${uid}/${which}.json` });
      this.sides.set(uri.toString(), `${JSON.stringify(content, null, 2)}\n`);
      this.changed.fire(uri);
      return uri;
    };
    await vscode.commands.executeCommand('vscode.diff', side('postman', left), side('current', right), `${plain(name, 80)}: Postman ↔ Your Current Values`, { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
