import type { Address } from '../../documents/model/documentKind';
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
  | 'response'
  | 'environment'
  | 'globals'
  | 'spec'
  | 'specFile'
  | 'variable'
  | 'mock'
  | 'monitor'
  | 'detail'
  | 'message';

export type GroupKind = 'collections' | 'environments' | 'specs' | 'mocks' | 'monitors';

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
  /** The `postman:` document the row opens (collections, environments, globals, spec files). */
  document?: Address;
  /** Values the Copy ID/UID action offers. */
  ids?: { id?: string; uid?: string };
  webUrl?: string;
  mockUrl?: string;
  /** Folder rows: their items; request rows: their saved responses. Expanding them needs no call. */
  items?: readonly unknown[];
  /** Collection rows: the collection UID the item belongs to (folders, requests). */
  collectionUid?: string;
  /** Message rows: the row whose load failed (undefined: the root). */
  retryTarget?: Row | undefined;
  /**
   * When what the row shows was kept by an earlier window and Postman has not been asked
   * since (ms since the epoch): its tooltip says so (`keptNote`).
   */
  keptAt?: number;
  /** Message rows: run this command when clicked. */
  action?: 'retry' | 'signIn';
}

export { displayName } from '../../text/plain';

/** The workspace row a row sits under (itself for a workspace row), or undefined above them. */
export function workspaceOf(row: Row | undefined): Row | undefined {
  let r = row;
  while (r && r.kind !== 'workspace') {
    r = r.parent;
  }
  return r;
}

/** Escapes text for inclusion in a Markdown tooltip, so names cannot inject links or HTML. */
export { escapeMarkdown as md } from '../../text/plain';

/**
 * VS Code refuses two rows with one id (the whole list fails to draw), and Postman data can
 * repeat an id (two workspaces in one of its own examples do): later twins get a suffix.
 */
export function uniqueIds(rows: Row[]): Row[] {
  const seen = new Set<string>();
  return rows.map((row) => {
    let id = row.id;
    for (let n = 2; seen.has(id); n++) {
      id = `${row.id}~${n}`;
    }
    seen.add(id);
    return id === row.id ? row : { ...row, id };
  });
}

/** The line a row's tooltip gains while it shows what an earlier window kept and Postman has not been asked since. */
export function keptNote(keptAt: number | undefined): string {
  return keptAt === undefined ? '' : `\n\n*Kept from ${new Date(keptAt).toLocaleString('en-US')}; checked with Postman in the background, or now with Refresh.*`;
}
