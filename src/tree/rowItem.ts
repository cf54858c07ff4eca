import * as vscode from 'vscode';
import { keptNote, md, type Row, type RowKind } from './model/row';

/** Rows whose data comes from a call of their own (or their document's): Refresh reloads it. */
const REFRESHABLE: ReadonlySet<RowKind> = new Set<RowKind>(['workspace', 'group', 'collection', 'environment', 'globals', 'spec', 'specFile', 'monitor']);

/** Turns a model row into what VS Code draws. */
export function rowToTreeItem(row: Row, expanded: boolean): vscode.TreeItem {
  const state = !row.expandable
    ? vscode.TreeItemCollapsibleState.None
    : expanded
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(row.label, state);
  item.id = row.id;
  item.description = row.description;
  if (row.tooltip || row.keptAt !== undefined) {
    // Descriptions come from Postman users: rendered as Markdown, never trusted (no command links, no HTML).
    item.tooltip = new vscode.MarkdownString((row.tooltip ?? `**${md(row.label)}**`) + keptNote(row.keptAt));
  }
  if (row.icon) {
    item.iconPath = new vscode.ThemeIcon(row.icon, row.iconColor ? new vscode.ThemeColor(row.iconColor) : undefined);
  }
  const flags = [...row.flags];
  if (row.ids?.id) {
    flags.push('hasId');
  }
  if (row.ids?.uid) {
    flags.push('hasUid');
  }
  if (row.webUrl) {
    flags.push('hasWeb');
  }
  if (REFRESHABLE.has(row.kind)) {
    flags.push('refreshable');
  }
  item.contextValue = flags.join(' ');
  if (row.document) {
    item.command = { command: 'postman.openDocument', title: 'Open', arguments: [row] };
  } else if (row.action === 'retry') {
    item.command = { command: 'postman.retry', title: 'Retry', arguments: [row.retryTarget] };
  } else if (row.action === 'signIn') {
    item.command = { command: 'postman.signIn', title: 'Sign In' };
  }
  return item;
}
