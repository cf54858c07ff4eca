import * as vscode from 'vscode';
import type { MockRef, PostmanClient, ResourceRef, WorkspaceDetail, WorkspaceSummary } from '../postman';
import { MessageNode, TreeNode } from './node';

export type ResourceKind = 'collection' | 'environment' | 'mock' | 'monitor';

const WORKSPACE_ICONS: Record<string, string> = {
  personal: 'account',
  team: 'organization',
  private: 'lock',
  public: 'globe',
  partner: 'link',
};

const GROUPS: Record<ResourceKind, { label: string; icon: string; itemIcon: string; key: keyof Pick<WorkspaceDetail, 'collections' | 'environments' | 'mocks' | 'monitors'> }> = {
  collection: { label: 'Collections', icon: 'library', itemIcon: 'folder-library', key: 'collections' },
  environment: { label: 'Environments', icon: 'server-environment', itemIcon: 'symbol-namespace', key: 'environments' },
  mock: { label: 'Mocks', icon: 'server-process', itemIcon: 'server', key: 'mocks' },
  monitor: { label: 'Monitors', icon: 'pulse', itemIcon: 'pulse', key: 'monitors' },
};

/** A workspace: one GET /workspaces/{id} gives all four groups, cached until Refresh. */
export class WorkspaceNode extends TreeNode {
  private detail: Promise<WorkspaceDetail> | undefined;

  constructor(
    readonly workspace: WorkspaceSummary,
    private readonly client: PostmanClient,
  ) {
    super(`workspace:${workspace.id}`, undefined);
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.workspace.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const kind = this.workspace.visibility ?? this.workspace.type;
    item.iconPath = new vscode.ThemeIcon(WORKSPACE_ICONS[kind] ?? WORKSPACE_ICONS[this.workspace.type] ?? 'folder');
    item.description = kind;
    item.tooltip = `${this.workspace.name}\n${kind} workspace`;
    item.contextValue = 'workspace';
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    this.detail ??= this.client.getWorkspace(this.workspace.id);
    let detail: WorkspaceDetail;
    try {
      detail = await this.detail;
    } catch (err) {
      this.detail = undefined;
      throw err;
    }
    return (Object.keys(GROUPS) as ResourceKind[]).map((kind) => new GroupNode(this, kind, detail[GROUPS[kind].key]));
  }

  reset(): void {
    this.detail = undefined;
  }
}

export class GroupNode extends TreeNode {
  constructor(
    readonly workspaceNode: WorkspaceNode,
    readonly kind: ResourceKind,
    private readonly items: ResourceRef[],
  ) {
    super(`${workspaceNode.id}/${kind}s`, workspaceNode);
  }

  toTreeItem(): vscode.TreeItem {
    const group = GROUPS[this.kind];
    const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(group.icon);
    item.description = String(this.items.length);
    item.contextValue = `group ${this.kind}s`;
    return item;
  }

  getChildren(): TreeNode[] {
    if (this.items.length === 0) {
      return [new MessageNode(this, `No ${GROUPS[this.kind].label.toLowerCase()}`, { contextValue: 'message empty' })];
    }
    return [...this.items]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((ref) => new ResourceNode(this, this.kind, ref, this.workspaceNode.workspace));
  }
}

export class ResourceNode extends TreeNode {
  constructor(
    parent: GroupNode,
    readonly kind: ResourceKind,
    readonly ref: ResourceRef | MockRef,
    readonly workspace: WorkspaceSummary,
  ) {
    super(`${parent.id}/${ref.uid ?? ref.id}`, parent);
  }

  /** Collections and environments are addressed by UID in the API. */
  get uid(): string {
    return this.ref.uid ?? this.ref.id;
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.ref.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const deactivated = 'deactivated' in this.ref && this.ref.deactivated === true;
    item.iconPath = new vscode.ThemeIcon(
      GROUPS[this.kind].itemIcon,
      deactivated ? new vscode.ThemeColor('disabledForeground') : undefined,
    );
    item.description = deactivated ? 'deactivated' : undefined;
    item.tooltip = `${this.ref.name}\n${this.kind} · ${this.uid}`;
    item.contextValue = deactivated ? `${this.kind} deactivated` : this.kind;
    if (this.kind === 'collection') {
      item.command = { command: 'postman.openCollection', title: 'Open as JSON', arguments: [this] };
    }
    return item;
  }
}
