import * as os from 'node:os';
import * as vscode from 'vscode';
import { type EnvironmentDocument, type Logger, type PostmanClient, type PostmanRepository, userMessage, type WorkspaceSummary } from '../postman';
import { type Row, workspaceOf } from '../tree/model/row';
import { pickResource } from '../tree/resourcePicker';
import { type DocumentKind, prepareImport, SaveRefused, secretValues, serialize } from './model/content';
import { parseResourceUri, resourceUri, safeFileName, SCHEME, SUFFIXES } from './postmanUri';
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
  kind: DocumentKind;
  name: string;
  /** The text to write; undefined: Postman's copy, loaded from the cache. */
  text?: string;
  uid: string;
}

/** **Save a Copy…** (export to a local .json) and **Import from File…** (a new collection in a workspace). */
export function registerDocumentCommands(deps: DocumentCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('postman.saveCopy', (arg?: Row | vscode.Uri) => saveCopy(deps, arg)),
    vscode.commands.registerCommand('postman.importCollection', (row?: Row) => importCollection(deps, row)),
  ];
}

async function saveCopy(deps: DocumentCommandDeps, arg: Row | vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  const source = await sourceOf(deps, arg);
  if (!source) {
    return undefined;
  }
  try {
    let text = source.text;
    if (text === undefined) {
      const resource = source.kind === 'collection' ? await deps.repo.collection(source.uid) : await deps.repo.environment(source.uid);
      text = serialize(resource);
    }
    if (source.kind === 'environment') {
      text = await withSecretsDecided(deps, source, text);
      if (text === undefined) {
        return undefined;
      }
    }
    const fileName = `${safeFileName(source.name)}${SUFFIXES[source.kind]}`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
    const target = await deps.ui().saveDialog({
      defaultUri: vscode.Uri.joinPath(folder, fileName),
      filters: { JSON: ['json'] },
      saveLabel: 'Save a Copy',
      title: `Save a copy of the ${source.kind} "${source.name}"`,
    });
    if (!target) {
      return undefined;
    }
    if (target.scheme === SCHEME) {
      void notify('error', msg`Choose a local file for the copy; to change the Postman copy, edit it and save.`);
      return undefined;
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    deps.log.info(`Saved a copy of ${source.kind} ${source.uid} to ${target.toString(true)}`);
    void notify('info', msg`Saved a copy of "${source.name}" to ${target.scheme === 'file' ? target.fsPath : target.toString(true)}.`);
    return target;
  } catch (err) {
    const reason = err instanceof vscode.FileSystemError || err instanceof SaveRefused ? err.message : userMessage(err);
    deps.log.error(`Save a Copy of ${source.kind} ${source.uid} failed: ${plain(reason, 600)}`);
    void notify('error', msg`Could not save a copy of "${source.name}": ${piece(reason)}`);
    return undefined;
  }
}

/** What to export: a row, a `postman:` document (with its unsaved edits), the active editor, or one picked from a list. */
async function sourceOf(deps: DocumentCommandDeps, arg: Row | vscode.Uri | undefined): Promise<Source | undefined> {
  if (arg && !(arg instanceof vscode.Uri) && (arg.kind === 'collection' || arg.kind === 'environment') && arg.uid) {
    return { kind: arg.kind, uid: arg.uid, name: arg.label };
  }
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const parsed = uri?.scheme === SCHEME ? parseResourceUri(uri) : undefined;
  if (uri && parsed?.isFile) {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return { kind: parsed.kind, uid: parsed.uid, name: parsed.name, ...(doc ? { text: doc.getText() } : {}) };
  }
  const choice = await vscode.window.showQuickPick(['Collection', 'Environment'], {
    title: 'Postman: Save a Copy',
    placeHolder: 'Save a copy of a collection or an environment?',
  });
  const kind: DocumentKind | undefined = choice === 'Collection' ? 'collection' : choice === 'Environment' ? 'environment' : undefined;
  const picked = kind && (await pickResource(deps.repo, kind));
  return picked && kind ? { kind, uid: picked.uid, name: picked.name } : undefined;
}

/** An environment's secret values would land in a plain file: say so, and offer to leave them out. */
async function withSecretsDecided(deps: DocumentCommandDeps, source: Source, text: string): Promise<string | undefined> {
  let env: EnvironmentDocument;
  try {
    env = JSON.parse(text) as EnvironmentDocument;
  } catch {
    return text; // unsaved, unparsable edits: exported as they are
  }
  const secrets = Array.isArray(env.values) ? secretValues(env) : 0;
  if (secrets === 0) {
    return text;
  }
  const without = 'Save Without Secret Values';
  const choice = await deps.ui().modal(
    msg`The environment "${source.name}" has ${secrets} secret value${secrets === 1 ? '' : 's'}.`,
    msg`A copy is a plain file: anyone who can read it (or a repository it is committed to) sees those values.`,
    'Save With Secrets',
    without,
  );
  if (choice === without) {
    return serialize({ ...env, values: env.values.map((v) => (v.type === 'secret' ? { ...v, value: '' } : v)) });
  }
  return choice ? text : undefined;
}

async function importCollection(deps: DocumentCommandDeps, row: Row | undefined): Promise<string | undefined> {
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
        await vscode.window.showTextDocument(resourceUri('collection', uid, name, workspace.name));
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
async function workspaceFor(deps: DocumentCommandDeps, row: Row | undefined): Promise<WorkspaceSummary | undefined> {
  const id = workspaceOf(row)?.workspaceId;
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
