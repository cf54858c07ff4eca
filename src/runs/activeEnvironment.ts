import * as vscode from 'vscode';
import type { PostmanRepository } from '../postman';
import { msg } from '../text/plain';
import { inputText } from '../ui/messages';

const KEY = 'postman.activeEnvironments';
const LAST_WORKSPACE_KEY = 'postman.lastSendWorkspace';

interface Choice {
  /** Environment uid; absent: "No environment". */
  uid?: string;
  name?: string;
}

/**
 * The environment requests are sent with, one per Postman workspace and account, remembered
 * across reloads (global state: it names no secret). Shown in the status bar for the
 * workspace the user last sent from; clicking it picks another.
 */
export class ActiveEnvironments implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly item = vscode.window.createStatusBarItem('postman.environment', vscode.StatusBarAlignment.Left, 50);
  /** The signed-in account's active environment uids, for drawing tree rows without waiting. */
  private active = new Set<string>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly repo: PostmanRepository,
    private readonly accountKey: () => Promise<string>,
  ) {
    this.item.name = 'Postman Environment';
    this.item.command = 'postman.selectEnvironment';
  }

  private async slot(workspaceId: string): Promise<string> {
    return `${await this.accountKey()}/${workspaceId}`;
  }

  /** Whether requests of some workspace are sent with this environment (as last read). */
  isActive(uid: string): boolean {
    return this.active.has(uid);
  }

  private async readActive(): Promise<void> {
    const prefix = `${await this.accountKey()}/`;
    const all = this.state.get<Record<string, Choice>>(KEY, {});
    this.active = new Set(Object.entries(all).filter(([slot, c]) => slot.startsWith(prefix) && c.uid).map(([, c]) => c.uid as string));
  }

  async get(workspaceId: string): Promise<Choice> {
    return this.state.get<Record<string, Choice>>(KEY, {})[await this.slot(workspaceId)] ?? {};
  }

  async set(workspaceId: string, choice: Choice): Promise<void> {
    const all = { ...this.state.get<Record<string, Choice>>(KEY, {}) };
    all[await this.slot(workspaceId)] = choice.uid ? { uid: choice.uid, ...(choice.name ? { name: choice.name } : {}) } : {};
    await this.state.update(KEY, all);
    await this.state.update(LAST_WORKSPACE_KEY, { id: workspaceId, account: await this.accountKey() });
    await this.render();
    this.changed.fire();
  }

  /** The workspace the status bar speaks of: the last one sent from or chosen for. */
  async lastWorkspace(): Promise<string | undefined> {
    const last = this.state.get<{ id: string; account: string }>(LAST_WORKSPACE_KEY);
    return last && last.account === (await this.accountKey()) ? last.id : undefined;
  }

  async noteWorkspace(workspaceId: string): Promise<void> {
    await this.state.update(LAST_WORKSPACE_KEY, { id: workspaceId, account: await this.accountKey() });
    await this.render();
  }

  /** Quick pick of the workspace's environments and "No environment". Undefined: dismissed. */
  async pick(workspaceId: string, workspaceName: string): Promise<Choice | undefined> {
    const [workspace, current] = await Promise.all([this.repo.workspace(workspaceId), this.get(workspaceId)]);
    type Item = vscode.QuickPickItem & { choice: Choice };
    const items: Item[] = [
      { label: '$(circle-slash) No environment', choice: {}, ...(current.uid ? {} : { description: 'active' }) },
      ...workspace.environments.map((e) => {
        const uid = e.uid ?? e.id;
        return { label: `$(symbol-variable) ${e.name.replace(/\$\(/g, '$\u200b(')}`, choice: { uid, name: e.name }, ...(uid === current.uid ? { description: 'active' } : {}) };
      }),
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: inputText(msg`Environment for requests in ${workspaceName}`),
      placeHolder: 'Variables from this environment are used when sending requests',
    });
    return picked?.choice;
  }

  /** Shows the active environment of the last workspace used, when signed in. */
  async render(signedIn = true): Promise<void> {
    await this.readActive();
    const workspaceId = signedIn ? await this.lastWorkspace() : undefined;
    if (!workspaceId) {
      this.item.hide();
      return;
    }
    const choice = await this.get(workspaceId);
    this.item.text = `$(symbol-variable) ${(choice.name ?? 'No environment').replace(/\$\(/g, '$\u200b(')}`;
    this.item.tooltip = 'Postman environment for sending requests in this workspace. Click to change.';
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    this.changed.dispose();
  }
}
