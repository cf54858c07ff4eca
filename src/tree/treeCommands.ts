import * as vscode from 'vscode';
import type { Address } from '../documents/model/documentKind';
import { KINDS } from '../documents/model/kinds';
import { resourceUri } from '../documents/postmanUri';
import { pickResource } from '../documents/resourcePicker';
import { type Logger, type PostmanRepository, userMessage } from '../postman';
import { msg, piece, plain, render } from '../text/plain';
import { notify } from '../ui/messages';
import { type Row, workspaceOf } from './model/row';
import { VIEW_ID, type WorkspacesProvider } from './workspacesProvider';

/**
 * Opens a `postman:` document (any kind of the table) in an editor, with progress on the view;
 * a failure is logged and shown in its own words. Used by row clicks and by the tree's edits.
 */
export async function openResource(repo: PostmanRepository, log: Logger, address: Address, name: string, workspaceName: string | undefined): Promise<void> {
  const kind = KINDS[address.kind];
  const uri = resourceUri(address, name, workspaceName);
  try {
    await vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: render(msg`Opening ${name}`) }, async () => {
      // Loaded first through the shared cache (the document then reads it from there, with
      // no second call): a failure arrives typed, in its own words, not wrapped in the
      // editor's "cannot open postman://… Detail: Unable to read file …" (a deleted
      // collection would even lose them to "Unable to resolve nonexistent file"). A document
      // already open needs nothing loaded: it shows as it is, offline too.
      if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) {
        await kind.load(repo, address);
      }
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: true });
    });
  } catch (err) {
    const reason = err instanceof vscode.FileSystemError ? err.message : userMessage(err);
    log.error(`Opening ${kind.noun} ${address.uid}${address.path !== undefined ? `/${address.path}` : ''} failed: ${plain(reason, 600)}`);
    void notify('error', msg`Could not open the ${kind.describe(address.path ?? name)}: ${piece(reason)}`);
  }
}

/** Commands on rows of the tree and the palette commands that find rows' resources. */
export function registerTreeCommands(tree: WorkspacesProvider, repo: PostmanRepository, log: Logger): vscode.Disposable[] {
  const open = (address: Address, name: string, workspaceName: string | undefined) => openResource(repo, log, address, name, workspaceName);
  /** A row's document; for a spec file the URI names the spec (the row's parent), and the file by its path. */
  const openDocument = (row: Row & { document: Address }) =>
    open(row.document, row.kind === 'specFile' ? (row.parent?.label ?? row.label) : row.label, workspaceOf(row)?.label);
  const openRow = (kind: 'collection' | 'environment') => async (row?: Row) => {
    // A row of the tree names its document; a row-like argument of the kind, by its uid.
    const document = row?.document ?? (row?.kind === kind && row.uid ? { kind, uid: row.uid } : undefined);
    if (row && document?.kind === kind) {
      return openDocument({ ...row, document });
    }
    const picked = await pickResource(repo, kind);
    if (picked) {
      await open({ kind, uid: picked.uid }, picked.name, picked.workspaceName);
    }
  };
  const copy = async (value: string | undefined, what: string) => {
    if (value) {
      await vscode.env.clipboard.writeText(value);
      void vscode.window.setStatusBarMessage(`Copied ${what}: ${value}`, 3000);
    }
  };
  return [
    vscode.commands.registerCommand('postman.refresh', (row?: Row) => tree.refresh(row)),
    vscode.commands.registerCommand('postman.retry', (row?: Row) => tree.refresh(row)),
    vscode.commands.registerCommand('postman.openDocument', (row?: Row) => row?.document && openDocument(row as Row & { document: Address })),
    vscode.commands.registerCommand('postman.openCollection', openRow('collection')),
    vscode.commands.registerCommand('postman.openEnvironment', openRow('environment')),
    vscode.commands.registerCommand('postman.findCollection', openRow('collection')),
    vscode.commands.registerCommand('postman.findEnvironment', openRow('environment')),
    vscode.commands.registerCommand('postman.copyId', (row?: Row) => copy(row?.ids?.id, 'ID')),
    vscode.commands.registerCommand('postman.copyUid', (row?: Row) => copy(row?.ids?.uid, 'UID')),
    vscode.commands.registerCommand('postman.copyMockUrl', (row?: Row) => copy(row?.mockUrl, 'mock URL')),
    vscode.commands.registerCommand('postman.openInPostman', (row?: Row) => row?.webUrl && vscode.env.openExternal(vscode.Uri.parse(row.webUrl))),
  ];
}
