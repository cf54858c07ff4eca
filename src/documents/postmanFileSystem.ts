import * as vscode from 'vscode';
import { type CacheKey, isPostmanError, type Logger, type PostmanRepository, userMessage } from '../postman';
import { SaveRefused } from './model/checks';
import type { ItemInfo } from './model/content';
import type { Address, DocumentKind } from './model/documentKind';
import { KINDS } from './model/kinds';
import { type ConflictChoice, type DocumentSaver, type Opened, type SaveQuestions } from './model/saver';
import { addressOf, type ParsedUri, parseResourceUri, SCHEME } from './postmanUri';
import type { RemoteDocuments } from './remoteDocuments';
import { list, msg, piece, plain } from '../text/plain';
import { fsError } from '../ui/messages';
import type { DocumentUi } from './ui';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const VERSIONS_KEY = 'postman.documents.openedVersions';
const READ_ONLY = msg`Postman documents are read-only (setting "postman.readOnlyDocuments"). Turn the setting off to save changes back to Postman, or use "Postman: Save a Copy…" to keep them in a local file.`;
const NO_AUTO_SAVE = msg`Not saved: auto save never saves Postman documents (a save changes your team's data); save with Ctrl+S / Cmd+S, and if you just did while auto save was running, save again. Your changes are still in the editor.`;

type FileUri = Extract<ParsedUri, { isFile: true }>;

/** What the editor was last given for a URI. `mtime` is a version counter, not a time (see writeFile). */
interface Served {
  resource: object;
  version: string;
  bytes: Uint8Array;
  mtime: number;
}

export interface DocumentsOptions {
  repo: PostmanRepository;
  saver: DocumentSaver;
  remote: RemoteDocuments;
  ui: () => DocumentUi;
  log: Logger;
  /** Remembers what each document was opened from, so a document restored after a reload can still detect conflicts. */
  state: vscode.Memento;
  /** Open documents follow a Refresh only while signed in (signed out, they would only fail). */
  signedIn: () => boolean;
  /** Postman's copy of a resource changed: saved from here, or found changed when saving. */
  onDidChangeResource: (address: Address, name: string) => void;
}

/**
 * The one owner of `postman:` documents, of every kind in the table of kinds. Reading shows
 * Postman's copy from the cache the tree shares (opening what the tree loaded costs no
 * call). Saving goes through DocumentSaver — local checks, lost-id warning, confirmation,
 * conflict check, PUT — and any failure becomes a FileSystemError, so the editor stays
 * dirty with the user's text and says what happened.
 */
export class PostmanFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly served = new Map<string, Served>();
  private readonly opened = new Map<string, Opened>();
  /** After a save: the stat VS Code takes right after writing describes the user's text, then the reload brings Postman's. */
  private readonly afterSave = new Map<string, { mtime: number; size: number; timer: ReturnType<typeof setTimeout> }>();
  private readonly saveReasons = new Map<string, vscode.TextDocumentSaveReason>();
  private confirmedThisSession = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly opts: DocumentsOptions) {
    this.disposables.push(
      vscode.workspace.onWillSaveTextDocument((e) => {
        if (e.document.uri.scheme === SCHEME) {
          this.saveReasons.set(e.document.uri.toString(), e.reason);
        }
      }),
      // After a Refresh, documents open in tabs without unsaved changes show Postman's copy anew
      // (VS Code reloads only those); others catch up when they next become the active editor.
      opts.repo.onDidInvalidate((key) => this.followCache(key)),
      // An edit of one item changed the loaded collection in place: an open whole-collection document shows it.
      opts.repo.onDidChange((key) => this.followCache(key)),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        const doc = editor?.document;
        if (doc?.uri.scheme === SCHEME && !doc.isDirty && opts.signedIn()) {
          void this.reloadIfChanged(doc.uri);
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('postman.readOnlyDocuments')) {
          // Open editors re-read the stat (unchanged content) and pick up the permission.
          this.fireChanged(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === SCHEME).map((d) => d.uri));
        }
      }),
    );
  }

  /** Open documents without unsaved changes that read `key` (every one, if undefined) re-read it; VS Code reloads those in tabs. */
  private followCache(key: CacheKey | undefined): void {
    if (this.opts.signedIn()) {
      const open = new Set(vscode.window.tabGroups.all.flatMap((g) => g.tabs).flatMap((t) => tabUris(t.input)));
      this.fireChanged([...this.served.keys()].filter((k) => open.has(k)).map((k) => vscode.Uri.parse(k)).filter((uri) => key === undefined || isKeyOf(key, uri)));
    }
  }

  /** Forgets this window's "don't ask again until reload" answer (tests). */
  resetSessionConfirmation(): void {
    this.confirmedThisSession = false;
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => {});
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const parsed = this.parse(uri);
    if (!parsed.isFile) {
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    }
    const permissions = readOnlyDocuments() ? { permissions: vscode.FilePermission.Readonly } : {};
    const key = uri.toString();
    const pending = this.afterSave.get(key);
    if (pending) {
      this.afterSave.delete(key);
      clearTimeout(pending.timer);
      setTimeout(() => this.fireChanged([uri]), 20);
      return { type: vscode.FileType.File, ctime: 0, mtime: pending.mtime, size: pending.size, ...permissions };
    }
    const served = await this.serve(uri, parsed);
    return { type: vscode.FileType.File, ctime: 0, mtime: served.mtime, size: served.bytes.byteLength, ...permissions };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const parsed = this.parse(uri);
    if (!parsed.isFile) {
      throw vscode.FileSystemError.FileIsADirectory(uri);
    }
    // VS Code files these bytes under the stat it took just before: a copy the cache took in
    // between keeps that version, or VS Code would refuse the next save as "file is newer".
    const served = await this.serve(uri, parsed, false);
    this.remember(uri, KINDS[parsed.kind].opened(served.resource));
    return served.bytes;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const parsed = parseResourceUri(uri);
    if (!parsed?.isFile) {
      throw fsError('NoPermissions', msg`New files cannot be created in Postman this way; use "Postman: Import from File…" to add a collection.`);
    }
    const key = uri.toString();
    const reason = this.saveReasons.get(key);
    this.saveReasons.delete(key);
    if (readOnlyDocuments()) {
      throw fsError('NoPermissions', READ_ONLY);
    }
    if (reason === vscode.TextDocumentSaveReason.AfterDelay || reason === vscode.TextDocumentSaveReason.FocusOut) {
      throw fsError('NoPermissions', NO_AUTO_SAVE);
    }
    const opened = this.opened.get(key) ?? this.restoredBase(key, parsed.kind);
    const kind = KINDS[parsed.kind];
    const address = addressOf(parsed);
    let result;
    try {
      result = await this.opts.saver.save({ ...address, text: decoder.decode(content), opened, questions: this.questions(uri, parsed) });
    } catch (err) {
      throw this.saveError(err, parsed);
    }
    const { saved } = result;
    if (!saved || !result.opened) {
      this.opened.delete(key);
      this.opts.log.warn(`Saved ${kind.noun} ${describeAddress(address)}, but reading it back failed; the next save asks before overwriting.`);
      return;
    }
    this.remember(uri, result.opened);
    const name = kind.name(saved, address);
    this.opts.log.info(`Saved ${kind.noun} "${name}" (${describeAddress(address)}) to Postman.`);
    // VS Code stats the file right after writing and keeps that as the editor's version;
    // answer that one with the user's text, then serve Postman's copy (new ids for new
    // items, updatedAt) under a newer version so the editor reloads to what Postman holds.
    const before = this.served.get(key)?.mtime ?? 1;
    const bytes = encoder.encode(kind.text(saved));
    this.served.set(key, { resource: saved, version: kind.version(saved), bytes, mtime: before + 2 });
    const timer = setTimeout(() => {
      if (this.afterSave.delete(key)) {
        this.fireChanged([uri]);
      }
    }, 3000);
    this.afterSave.set(key, { mtime: before + 1, size: content.byteLength, timer });
    this.opts.onDidChangeResource(address, name);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw fsError('NoPermissions', msg`Postman documents have no folders to create.`);
  }

  delete(): void {
    throw fsError('NoPermissions', msg`Postman documents cannot be deleted from here; delete them in Postman.`);
  }

  rename(): void {
    throw fsError('NoPermissions', msg`Postman documents cannot be renamed or moved; change "name" inside the document and save to rename it in Postman.`);
  }

  dispose(): void {
    for (const pending of this.afterSave.values()) {
      clearTimeout(pending.timer);
    }
    this.disposables.forEach((d) => d.dispose());
    this.changed.dispose();
  }

  private parse(uri: vscode.Uri): ParsedUri {
    const parsed = parseResourceUri(uri);
    if (!parsed) {
      throw fsError('FileNotFound', uri);
    }
    return parsed;
  }

  /**
   * The bytes and stat of what Postman holds, from the shared cache. stat and readFile both
   * come here so they always agree (VS Code keeps the stat taken before reading; a read does
   * not move the counter, so a copy the cache took in between keeps the version VS Code saw). The
   * version counter stays put when the content changes underneath (a Refresh, a conflict
   * found at save), so VS Code never reports its own "file is newer" conflict: conflicts
   * with Postman are detected, and asked about, when saving.
   */
  private async serve(uri: vscode.Uri, parsed: FileUri, moveVersion = true): Promise<Served> {
    const kind = KINDS[parsed.kind];
    let resource: object;
    try {
      resource = await kind.load(this.opts.repo, addressOf(parsed));
    } catch (err) {
      throw readError(err, parsed);
    }
    const key = uri.toString();
    const previous = this.served.get(key);
    if (previous?.resource === resource) {
      return previous;
    }
    const text = kind.text(resource);
    const version = kind.version(resource, text);
    // A new version moves the counter only for a document without unsaved changes, so VS Code
    // reloads it; an edited one keeps its counter and meets the change when it is saved.
    const dirty = vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.toString() === key);
    const mtime = (previous?.mtime ?? 1) + (moveVersion && previous && previous.version !== version && !dirty ? 2 : 0);
    const served: Served = { resource, version, bytes: encoder.encode(text), mtime };
    this.served.set(key, served);
    return served;
  }

  /** A document VS Code kept from earlier shows the cache's current copy when it comes back into view. */
  private async reloadIfChanged(uri: vscode.Uri): Promise<void> {
    const parsed = parseResourceUri(uri);
    const before = this.served.get(uri.toString());
    if (!parsed?.isFile || !before) {
      return;
    }
    try {
      const now = await this.serve(uri, parsed);
      if (now.version !== before.version) {
        this.fireChanged([uri]);
      }
    } catch {
      // Not loadable now (offline, signed out): the document stays as it is.
    }
  }

  private remember(uri: vscode.Uri, opened: Opened): void {
    const key = uri.toString();
    this.opened.set(key, opened);
    const versions = { ...this.opts.state.get<Record<string, string>>(VERSIONS_KEY, {}) };
    delete versions[key];
    versions[key] = opened.version;
    const keys = Object.keys(versions);
    for (const old of keys.slice(0, Math.max(0, keys.length - 200))) {
      delete versions[old];
    }
    void this.opts.state.update(VERSIONS_KEY, versions);
  }

  /** A document VS Code restored from a backup was never read in this window: its base version comes from state. */
  private restoredBase(key: string, kind: DocumentKind): Opened | undefined {
    const version = this.opts.state.get<Record<string, string>>(VERSIONS_KEY, {})[key];
    if (!version) {
      return undefined;
    }
    // Ids are checked against the cached copy when it is still the version that was opened.
    const current = this.served.get(key);
    return current && current.version === version ? KINDS[kind].opened(current.resource) : { version };
  }

  private questions(uri: vscode.Uri, parsed: FileUri): SaveQuestions {
    // Named as Postman names them (the copy served to the editor, the workspace listing that
    // holds it), never as the URI says: a URI is only a label anyone can write.
    const kind = KINDS[parsed.kind];
    const address = addressOf(parsed);
    const served = this.served.get(uri.toString());
    const what = served ? kind.describe(kind.name(served.resource, address)) : msg`${kind.noun}`;
    const workspace = kind.workspaceName(this.opts.repo, address);
    const where = workspace !== undefined ? msg` in the workspace "${workspace}"` : msg``;
    const ui = this.opts.ui();
    return {
      lostIds: async (lost: ItemInfo[], missing: number) => {
        const names = list(lost.map((i) => `"${i.name}"`), 5);
        const choice = await ui.modal(
          msg`${lost.length === 1 ? 'An item' : `${lost.length} items`} of the ${what} no longer ${lost.length === 1 ? 'has' : 'have'} the id ${lost.length === 1 ? 'it' : 'they'} had when you opened it.`,
          msg`Postman deletes items sent without their id and creates new ones in their place, with new ids: anything that refers to the old items (monitors, mocks, links, comments) can lose track of them. ${missing} id${missing === 1 ? ' is' : 's are'} gone; items without their id: ${names}. Put the "id" lines back to keep the items as they are, or save anyway.`,
          'Save Anyway',
        );
        if (choice === 'Save Anyway') {
          this.confirmedThisSession = true;
          return true;
        }
        return false;
      },
      confirm: async () => {
        if (this.confirmedThisSession || !vscode.workspace.getConfiguration('postman').get<boolean>('confirmBeforeSave', true)) {
          return true;
        }
        const always = "Save and Don't Ask Again";
        const choice = await ui.modal(
          msg`Save your changes to the ${what} in Postman?`,
          msg`This replaces the ${kind.noun}${where} for everyone who can see it. You are asked once per window; the setting "postman.confirmBeforeSave" turns this question off.`,
          'Save to Postman',
          always,
        );
        if (choice === always) {
          await vscode.workspace.getConfiguration('postman').update('confirmBeforeSave', false, vscode.ConfigurationTarget.Global);
        }
        this.confirmedThisSession = choice !== undefined;
        return this.confirmedThisSession;
      },
      conflict: async (remote: object, unknownBase: boolean): Promise<ConflictChoice> => {
        const name = kind.name(remote, address);
        // Postman's newer copy goes into the cache: the tree shows it, and Revert takes it.
        this.updateCache(parsed, remote);
        const updatedAt = kind.updatedAt(remote);
        const when = updatedAt !== undefined ? ` (last changed ${new Date(updatedAt).toLocaleString()})` : '';
        const choice = await ui.modal(
          unknownBase
            ? msg`The ${what} was restored after a reload: Postman's copy may have changed since you started editing.`
            : msg`The ${what} changed in Postman since you opened it${when}.`,
          msg`Saving now would replace Postman's copy with yours, and its changes would be lost. Compare shows Postman's copy beside yours; Overwrite replaces it; Cancel keeps editing.`,
          'Compare',
          'Overwrite',
        );
        if (choice === 'Compare') {
          await this.opts.remote.compare(uri, kind.text(remote), `${name}: Postman ↔ yours`);
          return 'compare';
        }
        return choice === 'Overwrite' ? 'overwrite' : 'cancel';
      },
    };
  }

  private updateCache(parsed: FileUri, resource: object): void {
    const kind = KINDS[parsed.kind];
    const address = addressOf(parsed);
    kind.remember(this.opts.repo, address, resource);
    this.opts.onDidChangeResource(address, kind.name(resource, address));
  }

  private saveError(err: unknown, parsed: FileUri): vscode.FileSystemError {
    if (err instanceof SaveRefused) {
      return fsError('NoPermissions', msg`${piece(err.message)}`);
    }
    const noun = KINDS[parsed.kind].noun;
    this.opts.log.error(`Saving ${noun} ${describeAddress(parsed)} failed: ${plain(userMessage(err), 600)}`);
    if (isPostmanError(err, 'notFound')) {
      return fsError('Unavailable', msg`Not saved: this ${noun} no longer exists in Postman (deleted?). Use "Postman: Save a Copy…" to keep your text in a local file.`);
    }
    return fsError('Unavailable', msg`Not saved to Postman: ${piece(userMessage(err))} Your changes are still in the editor; save again to retry.`);
  }

  private fireChanged(uris: vscode.Uri[]): void {
    if (uris.length > 0) {
      this.changed.fire(uris.map((uri) => ({ type: vscode.FileChangeType.Changed, uri })));
    }
  }
}

function tabUris(input: unknown): string[] {
  if (input instanceof vscode.TabInputText) {
    return [input.uri.toString()];
  }
  return input instanceof vscode.TabInputTextDiff ? [input.modified.toString()] : [];
}

function isKeyOf(key: string, uri: vscode.Uri): boolean {
  const parsed = parseResourceUri(uri);
  return parsed?.isFile === true && key === KINDS[parsed.kind].cacheKey(parsed);
}

function readOnlyDocuments(): boolean {
  return vscode.workspace.getConfiguration('postman').get<boolean>('readOnlyDocuments', false);
}

function readError(err: unknown, parsed: FileUri): vscode.FileSystemError {
  const kind = KINDS[parsed.kind];
  if (isPostmanError(err, 'notFound')) {
    return fsError('FileNotFound', msg`This ${kind.noun} no longer exists in Postman (${describeAddress(parsed)}).`);
  }
  if (isPostmanError(err, 'notSignedIn')) {
    return fsError('Unavailable', msg`Sign in to Postman to open the ${kind.describe(parsed.path ?? parsed.name)}: run "Postman: Sign In"; it opens once you are signed in.`);
  }
  return fsError('Unavailable', msg`${piece(userMessage(err))}`);
}


/** `<uid>`, `<spec id>/<path>` for a spec file, `<collection uid>/<item id>` for an item: for the log and messages. */
function describeAddress(a: Address): string {
  return [a.uid, a.path, a.item].filter((p) => p !== undefined).join('/');
}
