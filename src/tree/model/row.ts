/**
 * One row of the Postman tree, as plain data: what it shows and what it refers to. The
 * model builds rows without VS Code (so the tree is unit-testable and benchmarkable); the
 * provider turns them into TreeItems.
 */
export type RowKind =
  | 'workspace'
  | 'group'
  | 'collection'
  | 'folder'
  | 'request'
  | 'environment'
  | 'variable'
  | 'mock'
  | 'monitor'
  | 'detail'
  | 'message';

export type GroupKind = 'collections' | 'environments' | 'mocks' | 'monitors';

export interface Row {
  /** Stable across refreshes and reloads: VS Code keeps expansion and selection by it. */
  readonly id: string;
  readonly kind: RowKind;
  readonly parent: Row | undefined;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  /** A codicon id, and optionally a theme colour id for it. */
  icon?: string;
  iconColor?: string;
  expandable: boolean;
  /** Space-separated flags that menus match with `viewItem =~ /\bflag\b/`. */
  flags: string[];
  workspaceId?: string;
  groupKind?: GroupKind;
  /** The API address of the resource: UID for collections and environments, id for mocks and monitors. */
  uid?: string;
  /** Values the Copy ID/UID action offers. */
  ids?: { id?: string; uid?: string };
  webUrl?: string;
  mockUrl?: string;
  /** Folder rows: their items, so expanding them needs no call. */
  items?: readonly unknown[];
  /** Collection rows: the collection UID the item belongs to (folders, requests). */
  collectionUid?: string;
  /** Message rows: the row whose load failed (undefined: the root). */
  retryTarget?: Row | undefined;
  /** Message rows: run this command when clicked. */
  action?: 'retry' | 'signIn';
}

/** Escapes text for inclusion in a Markdown tooltip, so names cannot inject links or HTML. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}
