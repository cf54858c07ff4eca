import * as vscode from 'vscode';
import type { Account } from '../auth/account';
import { isPostmanError, type Logger, type PostmanClient, userMessage, type WorkspaceSummary } from '../postman';
import { MessageNode, TreeNode } from './node';
import { WorkspaceNode } from './workspaceNodes';

export const VIEW_ID = 'postman.workspaces';

/** Personal workspace first, then by name: the order people look for. */
function byKindThenName(a: WorkspaceSummary, b: WorkspaceSummary): number {
  const rank = (w: WorkspaceSummary) => (w.type === 'personal' ? 0 : 1);
  return rank(a) - rank(b) || a.name.localeCompare(b.name);
}

/**
 * The one owner of the sidebar tree. It delegates rows to the nodes, turns failures into
 * rows with a Retry (never a broken tree), shows progress on the view while loading, and
 * keeps what it loaded until Refresh.
 */
export class WorkspacesProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Promise<WorkspaceNode[]> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly client: PostmanClient,
    private readonly account: Account,
    private readonly log: Logger,
  ) {
    this.subscription = account.onDidChange(() => this.refresh());
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.toTreeItem();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (this.account.state !== 'signedIn') {
      return []; // the welcome view with its Sign In button shows instead
    }
    try {
      return await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () =>
        node ? Promise.resolve(node.getChildren()) : this.loadRoots(),
      );
    } catch (err) {
      return [this.errorRow(node, err)];
    }
  }

  private async loadRoots(): Promise<TreeNode[]> {
    this.roots ??= this.client.listWorkspaces().then((list) => list.sort(byKindThenName).map((w) => new WorkspaceNode(w, this.client)));
    let roots: WorkspaceNode[];
    try {
      roots = await this.roots;
    } catch (err) {
      this.roots = undefined;
      throw err;
    }
    return roots.length > 0 ? roots : [new MessageNode(undefined, 'No workspaces', { icon: 'info' })];
  }

  private errorRow(node: TreeNode | undefined, err: unknown): TreeNode {
    const what = node ? 'Could not load this' : 'Could not load workspaces';
    this.log.error(`${what}: ${userMessage(err)}`);
    if (isPostmanError(err, 'unauthorized')) {
      return new MessageNode(node, 'Postman rejected the API key. Sign in again.', {
        icon: 'key',
        tooltip: userMessage(err),
        command: { command: 'postman.signIn', title: 'Sign In' },
        contextValue: 'message signIn',
      });
    }
    return new MessageNode(node, `${what}: ${userMessage(err)} Click to retry.`, {
      icon: 'error',
      tooltip: userMessage(err),
      command: { command: 'postman.retry', title: 'Retry', arguments: [node] },
      contextValue: 'message retry',
    });
  }

  /** Forgets cached data and redraws: the whole tree, or one node's subtree. */
  refresh(node?: TreeNode): void {
    if (node) {
      node.reset();
      this.changed.fire(node);
      return;
    }
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
