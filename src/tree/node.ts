import * as vscode from 'vscode';

/**
 * A row of the Postman tree. Each node knows its own TreeItem and children, so the
 * provider only delegates. `id`s are stable across refreshes so VS Code keeps expansion
 * and selection.
 */
export abstract class TreeNode {
  constructor(
    readonly id: string,
    readonly parent: TreeNode | undefined,
  ) {}

  abstract toTreeItem(): vscode.TreeItem;

  getChildren(): TreeNode[] | Promise<TreeNode[]> {
    return [];
  }

  /** Drops cached data so the next expansion loads again (Refresh, Retry). */
  reset(): void {}
}

/** A row that says something instead of showing data: an error with Retry, or "No mocks". */
export class MessageNode extends TreeNode {
  constructor(
    parent: TreeNode | undefined,
    private readonly text: string,
    private readonly opts: { icon?: string; tooltip?: string; command?: vscode.Command; contextValue?: string } = {},
  ) {
    super(`${parent?.id ?? 'root'}/message:${text}`, parent);
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = this.opts.icon ? new vscode.ThemeIcon(this.opts.icon) : undefined;
    item.tooltip = this.opts.tooltip ?? this.text;
    item.contextValue = this.opts.contextValue ?? 'message';
    if (this.opts.command) {
      item.command = this.opts.command;
    }
    return item;
  }
}
