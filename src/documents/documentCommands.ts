import * as os from 'node:os';
import * as vscode from 'vscode';
import { type Logger, type PostmanClient, type PostmanRepository, userMessage, type WorkspaceSummary } from '../postman';
import { prepareImport, SaveRefused } from './model/content';
import type { Address } from './model/documentKind';
import { KINDS } from './model/kinds';
import { addressOf, parseResourceUri, resourceUri, safeFileName, SCHEME } from './postmanUri';
import { pickResource } from './resourcePicker';
import { msg, piece, plain } from '../text/plain';
import { notificationProgress, notify } from '../ui/messages';
import type { DocumentUi } from './ui';

export interface DocumentCommandDeps {
  client: PostmanClient;
  repo: PostmanRepository;
  ui: () => DocumentUi;
  log: Logger;
  /** A collection was added to a workspace: the tree reloads that workspace. */
  onDidAddToWorkspace: (workspaceId: string) => void;
}

interface Source {
  address: Address;
  name: string;
  /** The text to write; undefined: Postman's copy, loaded from the cache. */
  text?: string;
}

/**
 * What a command is given from a row of the tree (the tree's rows carry these fields; the
 * documents need nothing else of the tree): the document the row opens, its name, its workspace.
 */
export interface RowArg {
  label: string;
  document?: Address;
  workspaceId?: string;
  /** A row-like argument without `document` (a keybinding's, a test's): its kind and uid name the document. */
  kind?: string;
  uid?: string;
}

/** The document a row names: its own, or a kind of the table with its uid. */
function documentOf(arg: RowArg): Address | undefined {
  if (arg.document) {
    return arg.document;
  }
  const kind = Object.keys(KINDS).find((k) => k === arg.kind) as Address['kind'] | undefined;
  // An item needs its id too, which only a row's own document gives.
  return kind && arg.uid && KINDS[kind].suffix !== undefined && !KINDS[kind].isItem ? { kind, uid: arg.uid } : undefined;
}

/** **Save a Copy…** (export to a local .json) and **Import from File…** (a new collection in a workspace). */
export function registerDocumentCommands(deps: DocumentCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('postman.saveCopy', (arg?: RowArg | vscode.Uri) => saveCopy(deps, arg)),
    vscode.commands.registerCommand('postman.importCollection', (row?: RowArg) => importCollection(deps, row)),
  ];
}

async function saveCopy(deps: DocumentCommandDeps, arg: RowArg | vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  const source = await sourceOf(deps, arg);
  if (!source) {
    return undefined;
  }
  const kind = KINDS[source.address.kind];
  const described = `${kind.noun} ${source.address.uid}${source.address.path !== undefined ? `/${source.address.path}` : ''}`;
  try {
    let text = source.text;
    if (text === undefined) {
      text = kind.text(await kind.load(deps.repo, source.address));
    }
    text = await withSecretsDecided(deps, source, text);
    if (text === undefined) {
      return undefined;
    }
    // A spec file keeps its own name (its extension says YAML or JSON); the others are named by their kind's suffix.
    const fileName = kind.suffix !== undefined ? `${safeFileName(source.name)}${kind.suffix}` : safeFileName((source.address.path ?? source.name).split('/').pop() ?? source.name);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
    const target = await deps.ui().saveDialog({
      defaultUri: vscode.Uri.joinPath(folder, fileName),
      ...(kind.suffix !== undefined ? { filters: { JSON: ['json'] } } : {}),
      saveLabel: 'Save a Copy',
      title: `Save a copy of the ${kind.noun} "${source.name}"`,
    });
    if (!target) {
      return undefined;
    }
    if (target.scheme === SCHEME) {
      void notify('error', msg`Choose a local file for the copy; to change the Postman copy, edit it and save.`);
      return undefined;
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    deps.log.info(`Saved a copy of ${described} to ${target.toString(true)}`);
    void notify('info', msg`Saved a copy of "${source.name}" to ${target.scheme === 'file' ? target.fsPath : target.toString(true)}.`);
    return target;
  } catch (err) {
    const reason = err instanceof vscode.FileSystemError || err instanceof SaveRefused ? err.message : userMessage(err);
    deps.log.error(`Save a Copy of ${described} failed: ${plain(reason, 600)}`);
    void notify('error', msg`Could not save a copy of "${source.name}": ${piece(reason)}`);
    return undefined;
  }
}

/** What to export: a row, a `postman:` document (with its unsaved edits), the active editor, or one picked from a list. */
async function sourceOf(deps: DocumentCommandDeps, arg: RowArg | vscode.Uri | undefined): Promise<Source | undefined> {
  const document = arg && !(arg instanceof vscode.Uri) ? documentOf(arg) : undefined;
  if (arg && !(arg instanceof vscode.Uri) && document) {
    return { address: document, name: document.path ?? arg.label };
  }
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const parsed = uri?.scheme === SCHEME ? parseResourceUri(uri) : undefined;
  if (uri && parsed?.isFile) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return { address: addressOf(parsed), name: parsed.path ?? parsed.name, ...(doc ? { text: doc.getText() } : {}) };
  }
  const choice = await vscode.window.showQuickPick(['Collection', 'Environment'], {
    title: 'Postman: Save a Copy',
    placeHolder: 'Save a copy of a collection or an environment?',
  });
  const kind = choice === 'Collection' ? 'collection' : choice === 'Environment' ? 'environment' : undefined;
  const picked = kind && (await pickResource(deps.repo, kind));
  return picked && kind ? { address: { kind, uid: picked.uid }, name: picked.name } : undefined;
}

/** Secret values (of an environment, of globals) would land in a plain file: say so, and offer to leave them out. */
async function withSecretsDecided(deps: DocumentCommandDeps, source: Source, text: string): Promise<string | undefined> {
  const kind = KINDS[source.address.kind];
  let found: { count: number; emptied: () => string } | undefined;
  try {
    found = kind.secrets?.(kind.parse(text, undefined));
  } catch {
    return text; // unsaved edits that would not save either: exported as they are
  }
  const secrets = found?.count ?? 0;
  if (!found || secrets === 0) {
    return text;
  }
  const without = 'Save Without Secret Values';
  const choice = await deps.ui().modal(
    msg`There ${secrets === 1 ? 'is' : 'are'} ${secrets} secret value${secrets === 1 ? '' : 's'} in the ${kind.describe(source.name)}.`,
    msg`A copy is a plain file: anyone who can read it (or a repository it is committed to) sees those values.`,
    'Save With Secrets',
    without,
  );
  if (choice === without) {
    return found.emptied();
  }
  return choice ? text : undefined;
}

async function importCollection(deps: DocumentCommandDeps, row: RowArg | undefined): Promise<string | undefined> {
  const file = await deps.ui().openDialog({
    canSelectMany: false,
    canSelectFolders: false,
    filters: { 'Postman collection': ['json'] },
    openLabel: 'Import',
    title: 'Postman: Import a collection (v2.1 JSON) from a file',
  });
  if (!file) {
    return undefined;
  }
  try {
    const collection = prepareImport(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
    const workspace = await workspaceFor(deps, row);
    if (!workspace) {
      return undefined;
    }
    const name = collection.info.name;
    const created = await notificationProgress(msg`Importing "${name}" into ${workspace.name}…`, () => deps.client.createCollection(workspace.id, collection));
    deps.log.info(`Imported ${file.toString(true)} as collection ${created.uid ?? created.id ?? '?'} into workspace ${workspace.id}`);
    deps.onDidAddToWorkspace(workspace.id);
    const uid = created.uid ?? created.id;
    void notify('info', msg`Imported "${name}" into the workspace "${workspace.name}".`, ...(uid ? ['Open'] : [])).then(async (choice) => {
      if (choice && uid) {
        await vscode.window.showTextDocument(resourceUri({ kind: 'collection', uid }, name, workspace.name));
      }
    });
    return uid;
  } catch (err) {
    const reason = err instanceof SaveRefused || err instanceof vscode.FileSystemError ? err.message : userMessage(err);
    deps.log.error(`Import from ${file.toString()} failed: ${plain(reason, 600)}`);
    void notify('error', reason.startsWith('Cannot import') ? msg`${piece(reason)}` : msg`Could not import the collection: ${piece(reason)}`);
    return undefined;
  }
}

/** The workspace of the row the command ran on, or one the user picks. */
async function workspaceFor(deps: DocumentCommandDeps, row: RowArg | undefined): Promise<WorkspaceSummary | undefined> {
  const id = row?.workspaceId;
  const workspaces = await deps.repo.workspaces();
  if (id) {
    const found = workspaces.find((w) => w.id === id);
    if (found) {
      return found;
    }
  }
  const sorted = [...workspaces].sort((a, b) => Number(b.type === 'personal') - Number(a.type === 'personal') || a.name.localeCompare(b.name));
  return deps.ui().pickWorkspace(sorted, 'Postman: Import from File — choose a workspace');
}
