import * as vscode from 'vscode';
import type { Address } from '../documents/model/documentKind';
import type { Account } from '../auth/account';
import { type Logger, userMessage } from '../postman';
import type { Row } from './model/row';
import type { TreeModel } from './model/treeModel';
import { rowToTreeItem } from './rowItem';

export const VIEW_ID = 'postman.workspaces';
const EXPANDED_KEY = 'postman.tree.expanded';
const SELECTED_KEY = 'postman.tree.selectedWorkspace';

/**
 * The one owner of the sidebar tree: it asks the model for rows, turns failures into
 * rows with Retry (never a broken tree), shows progress on the view while loading, and
 * remembers expansion and the selected workspace across window reloads.
 */
export class WorkspacesProvider implements vscode.TreeDataProvider<Row>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Row | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly expanded: Set<string>;
  private readonly disposables: vscode.Disposable[] = [];
  private view: vscode.TreeView<Row> | undefined;
  private restoredSelection = false;
  /** Rows wait for this before their first load (the tree's kept data being read from disk). */
  private ready: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly model: TreeModel,
    private readonly account: Account,
    private readonly log: Logger,
    private readonly state: vscode.Memento,
  ) {
    this.expanded = new Set(state.get<string[]>(EXPANDED_KEY, []));
    this.disposables.push(
      account.onDidChange(() => this.refresh()),
      model.watchCache((rows) => rows.forEach((row) => this.changed.fire(row))),
    );
  }

  /** Creates the view and wires what it reports back (expansion, selection). */
  createView(dragAndDropController?: vscode.TreeDragAndDropController<Row>): vscode.TreeView<Row> {
    const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true, canSelectMany: true, dragAndDropController });
    this.view = view;
    this.disposables.push(
      view,
      view.onDidExpandElement((e) => this.remember(e.element, true)),
      view.onDidCollapseElement((e) => this.remember(e.element, false)),
      view.onDidChangeSelection((e) => {
        const ws = e.selection[0] && topOf(e.selection[0]);
        if (ws) {
          void this.state.update(SELECTED_KEY, ws.id);
        }
      }),
    );
    return view;
  }

  /** Holds the first loads until `work` ends (whatever its outcome). */
  waitFor(work: Promise<unknown>): void {
    this.ready = work.then(
      () => undefined,
      () => undefined,
    );
  }

  /** The rows selected in the view (what a keybinding such as F2 acts on). */
  get selection(): readonly Row[] {
    return this.view?.selection ?? [];
  }

  /** Shown above the tree, e.g. while waiting for Postman's rate limit. */
  setMessage(message: string | undefined): void {
    if (this.view) {
      this.view.message = message;
    }
  }

  get message(): string | undefined {
    return this.view?.message;
  }

  /**
   * Adds what other features know of a row (the environment requests are sent with) to its
   * item; set by the composition root, so the tree imports none of them.
   */
  decorate: ((row: Row, item: vscode.TreeItem) => void) | undefined;

  getTreeItem(row: Row): vscode.TreeItem {
    const item = rowToTreeItem(row, this.expanded.has(row.id));
    this.decorate?.(row, item);
    return item;
  }

  /** Draws every loaded row again from the cache (no call): a decoration changed. */
  redraw(): void {
    this.changed.fire(undefined);
  }

  getParent(row: Row): Row | undefined {
    return row.parent;
  }

  async getChildren(row?: Row): Promise<Row[]> {
    if (this.account.state !== 'signedIn') {
      return []; // the welcome view with its Sign In button shows instead
    }
    const wasLoaded = row?.flags.includes('loaded');
    await this.ready;
    try {
      const rows = await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => this.model.children(row));
      if (row?.kind === 'monitor' && !wasLoaded) {
        this.changed.fire(row); // its icon now shows the last run
      }
      if (!row) {
        this.restoreSelection(rows);
      }
      return rows;
    } catch (err) {
      this.log.error(`${row ? `Loading "${row.label}"` : 'Loading workspaces'} failed: ${userMessage(err)}`);
      return [this.model.errorRow(row, err)];
    }
  }

  /** Hovering a monitor fetches its details once, for the tooltip and icon. */
  async resolveTreeItem(item: vscode.TreeItem, row: Row): Promise<vscode.TreeItem> {
    if (row.kind === 'monitor' && !row.flags.includes('loaded')) {
      try {
        await this.model.loadMonitor(row);
        const fresh = this.getTreeItem(row);
        item.tooltip = fresh.tooltip;
        setTimeout(() => this.changed.fire(row), 0);
      } catch (err) {
        item.tooltip = `Could not load the monitor: ${userMessage(err)}`;
      }
    }
    return item;
  }

  /** Forgets cached data and redraws: the whole tree, or one row's subtree. */
  refresh(row?: Row): void {
    this.model.refresh(row);
    this.changed.fire(row);
  }

  /** A document changed in Postman (saved from its editor): the rows that open it redraw from the cache. */
  resourceChanged(address: Address, name: string): void {
    for (const row of this.model.resourceChanged(address, name)) {
      this.changed.fire(row);
    }
  }

  /** Something was added to a workspace (an import): it reloads. */
  workspaceChanged(workspaceId: string): void {
    for (const row of this.model.workspaceChanged(workspaceId)) {
      this.changed.fire(row);
    }
  }

  private remember(row: Row, open: boolean): void {
    if (open) {
      this.expanded.add(row.id);
    } else {
      this.expanded.delete(row.id);
    }
    void this.state.update(EXPANDED_KEY, [...this.expanded].slice(-500));
  }

  private restoreSelection(roots: Row[]): void {
    if (this.restoredSelection || !this.view) {
      return;
    }
    this.restoredSelection = true;
    const id = this.state.get<string>(SELECTED_KEY);
    const row = roots.find((r) => r.id === id);
    if (row) {
      setTimeout(() => void this.view?.reveal(row, { select: true, focus: false, expand: false }).then(undefined, () => undefined), 0);
    }
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
    this.changed.dispose();
  }
}

function topOf(row: Row): Row {
  let r = row;
  while (r.parent) {
    r = r.parent;
  }
  return r;
}
