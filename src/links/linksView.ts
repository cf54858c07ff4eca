import * as vscode from 'vscode';
import type { Row, RowKind } from '../tree/model/row';
import { workspaceOf } from '../tree/model/row';
import { md } from '../tree/model/row';
import { LINKED_KINDS } from './model/linkedKinds';
import type { LinkKind } from './model/linksFile';
import type { LinkState } from './model/sync';
import { type LinkEntry, type LinkService, stateWords } from './linkService';
import type { LinkStore } from './linkStore';

export const LINKS_VIEW_ID = 'postman.links';
/** The scheme of the URIs the Postman tree gives linked rows, so that they get the link's decoration. */
export const ROW_SCHEME = 'postman-link';

/** Tree rows that can be linked, and as which kind of link. */
const LINKABLE: Partial<Record<RowKind, LinkKind>> = { collection: 'collection', environment: 'environment', spec: 'spec' };

export interface LinkTarget {
  kind: LinkKind;
  uid: string;
  workspace: string;
  name: string;
}

/** What a Postman tree row would be linked as, if it can be. */
export function linkTarget(row: Row | undefined): LinkTarget | undefined {
  const kind = row && LINKABLE[row.kind];
  const uid = row?.document?.uid ?? row?.uid;
  const workspace = row?.workspaceId ?? workspaceOf(row)?.workspaceId;
  return kind && uid && workspace ? { kind, uid, workspace, name: row.label } : undefined;
}

/** How each state looks: badge (two characters at most), colour, icon. */
const LOOKS: Record<LinkState, { badge: string; color?: string; icon: string; hint: string }> = {
  inSync: { badge: '✓', icon: 'pass', hint: 'the file and Postman say the same' },
  changedHere: { badge: '↑', color: 'gitDecoration.modifiedResourceForeground', icon: 'arrow-up', hint: 'Push sends the file to Postman' },
  changedInPostman: { badge: '↓', color: 'gitDecoration.untrackedResourceForeground', icon: 'arrow-down', hint: "Pull writes Postman's copy into the file" },
  changedBoth: { badge: '⇅', color: 'gitDecoration.conflictingResourceForeground', icon: 'git-compare', hint: 'Compare, then pull or push' },
  missing: { badge: '!', color: 'gitDecoration.deletedResourceForeground', icon: 'warning', hint: 'Pull writes the file again, or remove the link' },
};

/** The worst of several states (a resource linked twice shows the one that needs work). */
const ORDER: LinkState[] = ['inSync', 'changedHere', 'changedInPostman', 'changedBoth', 'missing'];

/**
 * Link status where people look: a decoration on linked files in the Explorer and on linked
 * rows of the Postman tree (their `postman-link:` URI), and the Postman Links view listing the
 * links of the open folder(s) with their actions.
 */
export class LinksView implements vscode.TreeDataProvider<LinkEntry>, vscode.FileDecorationProvider, vscode.Disposable {
  private readonly treeChanged = new vscode.EventEmitter<LinkEntry | undefined>();
  readonly onDidChangeTreeData = this.treeChanged.event;
  private readonly decorationsChanged = new vscode.EventEmitter<vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.decorationsChanged.event;
  private readonly disposables: vscode.Disposable[] = [];
  readonly view: vscode.TreeView<LinkEntry>;
  private shownOnce = false;

  constructor(
    private readonly service: LinkService,
    private readonly store: LinkStore,
  ) {
    this.view = vscode.window.createTreeView(LINKS_VIEW_ID, { treeDataProvider: this });
    this.disposables.push(
      this.view,
      this.treeChanged,
      this.decorationsChanged,
      vscode.window.registerFileDecorationProvider(this),
      service.onDidChange(() => {
        this.treeChanged.fire(undefined);
        this.decorationsChanged.fire(undefined);
        void this.describe();
      }),
      this.view.onDidChangeVisibility((e) => {
        // The first time the view shows, Postman's side is checked (within the background budget).
        if (e.visible && !this.shownOnce) {
          this.shownOnce = true;
          void service.check({ background: true });
        }
      }),
    );
  }

  async getChildren(parent?: LinkEntry): Promise<LinkEntry[]> {
    return parent ? [] : [...(await this.service.list())].sort((a, b) => (a.link.path < b.link.path ? -1 : 1));
  }

  getTreeItem(entry: LinkEntry): vscode.TreeItem {
    const kind = LINKED_KINDS[entry.link.kind];
    const name = entry.link.path.split('/').pop() ?? entry.link.path;
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
    item.id = `${entry.folder.folder.uri.toString()}|${entry.link.path}`;
    item.resourceUri = entry.uri;
    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    item.description = `${stateWords(entry)}${entry.error !== undefined ? ' · check failed' : ''} · ${multiRoot ? `${entry.folder.folder.name}/` : ''}${entry.link.path}`;
    const looks = LOOKS[entry.state];
    item.iconPath = entry.otherAccount ? new vscode.ThemeIcon('account') : new vscode.ThemeIcon(looks.icon, looks.color ? new vscode.ThemeColor(looks.color) : undefined);
    const lines = [
      `**${md(entry.link.path)}** — ${md(kind.noun)}${entry.name !== undefined ? ` "${md(entry.name)}"` : ''}`,
      `${md(stateWords(entry))}: ${md(looks.hint)}`,
      ...(entry.problem !== undefined ? [`The file cannot be pushed as it is: ${md(entry.problem)}`] : []),
      ...(entry.error !== undefined ? [`The last check with Postman failed: ${md(entry.error)}`] : []),
    ];
    item.tooltip = new vscode.MarkdownString(lines.join('\n\n'));
    item.contextValue = ['link', `link-${entry.state}`, entry.otherAccount ? 'otherAccount' : 'ownAccount', kind.isFolder ? 'linkFolder' : 'linkFile'].join(' ');
    if (!kind.isFolder) {
      item.command = { command: 'vscode.open', title: 'Open', arguments: [entry.uri] };
    }
    return item;
  }

  /** The view's message: why there is nothing (Restricted Mode, a broken links file). */
  private async describe(): Promise<void> {
    if (!this.store.enabled) {
      this.view.message = 'Links are off in Restricted Mode: trust this folder to use the links in its postman/links.json.';
      return;
    }
    const problems = (await this.store.all()).flatMap((f) => f.problems.map((p) => `${f.folder.name}: ${p}`));
    this.view.message = problems.length > 0 ? `postman/links.json: ${problems.slice(0, 3).join('; ')}` : undefined;
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const entries = uri.scheme === ROW_SCHEME ? this.rowEntries(uri) : this.fileEntries(uri);
    const mine = entries.filter((e) => !e.otherAccount);
    if (mine.length === 0) {
      return undefined;
    }
    const worst = mine.reduce((a, b) => (ORDER.indexOf(b.state) > ORDER.indexOf(a.state) ? b : a));
    const looks = LOOKS[worst.state];
    const decoration = new vscode.FileDecoration(looks.badge, `Linked ${uri.scheme === ROW_SCHEME ? `to ${worst.link.path}` : 'to Postman'}: ${stateWords(worst)}`, looks.color ? new vscode.ThemeColor(looks.color) : undefined);
    return decoration;
  }

  private rowEntries(uri: vscode.Uri): LinkEntry[] {
    const [, kind, uid] = uri.path.split('/');
    return kind && uid && kind in LINKED_KINDS ? this.service.entriesOf(kind as LinkKind, decodeURIComponent(uid)) : [];
  }

  private fileEntries(uri: vscode.Uri): LinkEntry[] {
    const entry = this.service.entryOf(uri);
    return entry ? [entry] : [];
  }

  /** Gives a Postman tree row that is linked the URI its decoration is found by. */
  decorateRow(row: Row, item: vscode.TreeItem): void {
    const target = linkTarget(row);
    if (target && this.service.entriesOf(target.kind, target.uid).length > 0) {
      item.resourceUri = vscode.Uri.from({ scheme: ROW_SCHEME, path: `/${target.kind}/${encodeURIComponent(target.uid)}` });
    }
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
