import * as vscode from 'vscode';
import { itemsOf } from '../documents/model/content';
import type { Address } from '../documents/model/documentKind';
import { type Logger, type PostmanRepository, type ResourceRef, userMessage } from '../postman';
import { type Message, msg, piece, plain, render } from '../text/plain';
import { modal, notify } from '../ui/messages';
import { TreeDragAndDrop } from './dragAndDrop';
import { EditRefused, type EditTarget, type TreeEdits } from './model/edits';
import { targetOf } from './model/editTargets';
import { type Row, workspaceOf } from './model/row';
import { openResource } from './treeCommands';
import { VIEW_ID } from './workspacesProvider';

/** The questions the edits ask; tests answer them directly. */
export interface EditUi {
  /** A name, pre-filled when renaming; undefined when the user cancels. */
  askName(prompt: string, value: string): Promise<string | undefined>;
  /** A modal confirmation naming what is lost; true to go ahead. */
  confirmDelete(message: Message, detail: Message, action: string): Promise<boolean>;
}

const defaultEditUi: EditUi = {
  askName: async (prompt, value) =>
    vscode.window.showInputBox({
      prompt,
      value,
      valueSelection: [0, value.length],
      validateInput: (text) => (text.trim() === '' ? 'Enter a name.' : undefined),
    }),
  confirmDelete: async (message, detail, action) => (await modal(message, detail, action)) === action,
};

/** The noun each row kind is called by in questions and messages. */
const NOUNS: Partial<Record<Row['kind'], string>> = {
  collection: 'collection',
  environment: 'environment',
  folder: 'folder',
  request: 'request',
  response: 'saved response',
};

export interface TreeEditing {
  disposables: vscode.Disposable[];
  edits: TreeEdits;
  dragAndDrop: TreeDragAndDrop;
  setUi(overrides: Partial<EditUi> | undefined): void;
}

/**
 * New, Rename…, Duplicate and Delete on the tree's rows, and moving by drag and drop. Each
 * asks what it needs (a name in an input box, a modal before deleting), shows progress on
 * the view, and on failure says why, leaving the tree as it was.
 */
export function setUpTreeEdits(edits: TreeEdits, repo: PostmanRepository, log: Logger, selection: () => readonly Row[]): TreeEditing {
  let overrides: Partial<EditUi> = {};
  const ui = (): EditUi => ({ ...defaultEditUi, ...overrides });

  const run = async (what: Message, action: () => Promise<void>): Promise<boolean> => {
    try {
      await vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: render(what) }, action);
      return true;
    } catch (err) {
      const reason = err instanceof EditRefused ? err.message : userMessage(err);
      log.error(`${render(what)} failed: ${plain(reason, 600)}`);
      void notify('error', msg`${what} failed: ${piece(reason)}`);
      return false;
    }
  };

  const askName = async (prompt: string, value: string): Promise<string | undefined> => {
    const name = (await ui().askName(prompt, value))?.trim();
    return name ? name : undefined;
  };

  /** Opens what was just created, in the workspace of the row it was created from. */
  const open = (under: Row, document: Address, name: string) => openResource(repo, log, document, name, workspaceOf(under)?.label);

  const newInWorkspace = (model: 'collection' | 'environment') => async (row?: Row) => {
    const ws = workspaceOf(row);
    const workspaceId = ws?.workspaceId ?? (await pickWorkspace(repo));
    if (!workspaceId) {
      return;
    }
    const name = await askName(`Name of the new ${model}`, model === 'collection' ? 'New Collection' : 'New Environment');
    if (!name) {
      return;
    }
    let created: ResourceRef | undefined;
    await run(msg`Creating the ${model} "${name}"`, async () => {
      created = await (model === 'collection' ? edits.createCollection(workspaceId, name) : edits.createEnvironment(workspaceId, name));
    });
    const uid = created?.uid ?? created?.id;
    if (uid && row) {
      await open(row, { kind: model, uid }, name);
    }
  };

  const newInCollection = (model: 'folder' | 'request') => async (row?: Row) => {
    const collectionUid = row?.kind === 'collection' ? row.uid : row?.collectionUid;
    if (!row || !collectionUid || (row.kind !== 'collection' && row.kind !== 'folder')) {
      void notify('info', msg`Choose a collection or folder in the Postman view, then use New ${model === 'folder' ? 'Folder' : 'Request'} on it.`);
      return;
    }
    const folder = row.kind === 'folder' ? row.ids?.id : undefined;
    const name = await askName(`Name of the new ${model}`, model === 'folder' ? 'New Folder' : 'New Request');
    if (!name) {
      return;
    }
    let created: string | undefined;
    const done = await run(msg`Creating the ${model} "${name}"`, async () => {
      created = model === 'folder' ? await edits.createFolder(collectionUid, folder, name) : await edits.createRequest(collectionUid, folder, name);
    });
    if (done && created) {
      await open(row, { kind: model, uid: collectionUid, item: created }, name);
    }
  };

  const rename = async (clicked?: Row) => {
    const row = clicked ?? selection()[0];
    const target = row && targetOf(row);
    if (!row || !target) {
      return;
    }
    const noun = NOUNS[row.kind] as string;
    const name = await askName(`New name of the ${noun} "${row.label}"`, row.label);
    if (name && name !== row.label) {
      await run(msg`Renaming the ${noun} "${row.label}" to "${name}"`, () => edits.rename(target, name));
    }
  };

  const duplicate = async (row?: Row) => {
    const target = row && targetOf(row);
    if (row && target) {
      await run(msg`Duplicating the ${NOUNS[row.kind] as string} "${row.label}"`, () => edits.duplicate(target));
    }
  };

  const remove = async (row?: Row, selected?: Row[]) => {
    // From a keybinding there is no argument: the view's selection is what is deleted.
    const chosen = selected && selected.length > 0 ? selected : row ? [row] : selection();
    const rows = chosen.filter((r) => targetOf(r) !== undefined);
    if (rows.length === 0) {
      return;
    }
    const first = rows[0];
    const what = rows.length === 1 ? msg`the ${NOUNS[first.kind] as string} "${first.label}"` : msg`${rows.length} items`;
    const inside = rows.reduce((n, r) => n + (r.kind === 'folder' ? itemsOf(r.items).length : 0), 0);
    const detail = msg`${rows.length === 1 && first.kind === 'collection' ? 'Every folder, request and saved response in it is deleted too, and mocks and monitors that use it stop working. ' : inside > 0 ? `The ${inside} item${inside === 1 ? '' : 's'} inside ${rows.length === 1 ? 'the folder' : 'the folders'} ${inside === 1 ? 'is' : 'are'} deleted too. ` : ''}It is deleted in Postman for everyone in the workspace, and Postman has no undo.`;
    if (!(await ui().confirmDelete(msg`Delete ${what}?`, detail, 'Delete'))) {
      return;
    }
    for (const r of rows) {
      if (!(await run(msg`Deleting the ${NOUNS[r.kind] as string} "${r.label}"`, () => edits.delete(targetOf(r) as EditTarget)))) {
        return;
      }
    }
  };

  const dragAndDrop = new TreeDragAndDrop(edits, (what, action) => run(what, action));
  return {
    edits,
    dragAndDrop,
    setUi: (o) => void (overrides = o ? { ...overrides, ...o } : {}),
    disposables: [
      vscode.commands.registerCommand('postman.newCollection', newInWorkspace('collection')),
      vscode.commands.registerCommand('postman.newEnvironment', newInWorkspace('environment')),
      vscode.commands.registerCommand('postman.newFolder', newInCollection('folder')),
      vscode.commands.registerCommand('postman.newRequest', newInCollection('request')),
      vscode.commands.registerCommand('postman.rename', rename),
      vscode.commands.registerCommand('postman.duplicate', duplicate),
      vscode.commands.registerCommand('postman.delete', remove),
    ],
  };
}

/** The workspace to create something in, when the command came from the palette. */
async function pickWorkspace(repo: PostmanRepository): Promise<string | undefined> {
  const workspaces = await repo.workspaces();
  const picked = await vscode.window.showQuickPick(
    workspaces.map((w) => ({ label: w.name, description: w.type, id: w.id })),
    { title: 'Postman: choose a workspace', placeHolder: 'Workspace' },
  );
  return picked?.id;
}

