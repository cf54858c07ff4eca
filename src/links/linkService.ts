import * as vscode from 'vscode';
import type { Address } from '../documents/model/documentKind';
import type { ItemInfo } from '../documents/model/content';
import { SaveRefused } from '../documents/model/checks';
import type { ConflictChoice, SaveQuestions } from '../documents/model/saver';
import type { RemoteDocuments } from '../documents/remoteDocuments';
import type { DocumentUi } from '../documents/ui';
import { isPostmanError, type Logger, type Me, type PostmanClient, type PostmanRepository, userMessage } from '../postman';
import { list, type Message, msg, piece } from '../text/plain';
import { notify, notificationProgress } from '../ui/messages';
import type { BackgroundBudget } from '../usage/budget';
import { LINKED_KINDS } from './model/linkedKinds';
import { isSafeLinkPath, type Link, type LinkAccount, linkAccount, type LinkKind, LINKS_PATH, sameAccount } from './model/linksFile';
import { fileOf, hashParts, type LinkFiles, type LinkState, LinkSync, stateOf, stateText } from './model/sync';
import type { LinkFolder, LinkStore } from './linkStore';

/** One link as the view, the decorations and the commands see it. */
export interface LinkEntry {
  folder: LinkFolder;
  link: Link;
  /** Where its file (a spec: its folder) is. */
  uri: vscode.Uri;
  state: LinkState;
  missing?: 'file' | 'postman';
  /** Whether Postman was asked (else only the file's side is known). */
  checked: boolean;
  /** Made with another account (server or team): never checked, pulled or pushed with this one. */
  otherAccount: boolean;
  problem?: string;
  /** The file side's canonical hash, as last read (undefined: missing). */
  local?: string;
  /** The last check failed: why. */
  error?: string;
  name?: string;
}

/** What the link commands ask the user; host tests answer it (TestingApi.setLinkUi). */
export interface LinkUi {
  pickFolder(folders: readonly vscode.WorkspaceFolder[]): Promise<vscode.WorkspaceFolder | undefined>;
  askPath(suggested: string, validate: (value: string) => string | undefined): Promise<string | undefined>;
  pickFile(paths: readonly string[]): Promise<string | undefined>;
}

export const defaultLinkUi: LinkUi = {
  pickFolder: async (folders) => (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'The folder to write the linked file into' })) ?? (folders.length === 1 ? folders[0] : undefined),
  askPath: async (suggested, validate) =>
    vscode.window.showInputBox({
      title: 'Link to File',
      prompt: 'Where the file goes, relative to the folder (it is committed with your code; postman/links.json records the link)',
      value: suggested,
      valueSelection: [suggested.lastIndexOf('/') + 1, suggested.length],
      validateInput: validate,
    }),
  pickFile: async (paths) => vscode.window.showQuickPick([...paths], { placeHolder: 'The spec file to compare' }),
};

/** How long a window's focus waits before it checks the links with Postman again. */
export const FOCUS_CHECK_MS = 5 * 60_000;

export function stateWords(entry: Pick<LinkEntry, 'state' | 'missing' | 'checked' | 'otherAccount'>): string {
  if (entry.otherAccount) {
    return 'linked with another account';
  }
  return stateText(entry.state, entry.missing) + (entry.checked || entry.state !== 'inSync' ? '' : ' (not checked with Postman yet)');
}

interface Known {
  remote?: string | null;
  name?: string;
  error?: string;
}

export interface LinkServiceDeps {
  client: PostmanClient;
  repo: PostmanRepository;
  store: LinkStore;
  log: Logger;
  budget: BackgroundBudget;
  remote: RemoteDocuments;
  documentUi: () => DocumentUi;
  ui: () => LinkUi;
  /** GET /me for the signed-in account (who links are made with). */
  me(): Promise<Me>;
  baseUrl(): string;
  signedIn(): boolean;
  /** A push changed a resource: the tree redraws it. */
  onDidPush(address: Address, name: string): void;
}

/**
 * The one owner of links at work: their status (the file's side at once, Postman's on
 * Refresh, on a focused window every few minutes, and when the Links view first shows —
 * those within the budget of background calls), and Link, Pull, Push, Compare and Remove.
 */
export class LinkService implements vscode.Disposable {
  private entries: LinkEntry[] = [];
  /** Postman's side as last checked, by entry key. */
  private readonly known = new Map<string, Known>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private identity: Promise<LinkAccount> | undefined;
  private lastCheck = 0;
  private confirmedThisWindow = false;
  private watchers: vscode.Disposable[] = [];
  private watched = '';
  private computing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: LinkServiceDeps) {
    this.disposables.push(
      this.changed,
      deps.store.onDidChange(() => void this.recompute()),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.entries.some((e) => isUnder(doc.uri, e.uri))) {
          void this.recompute();
        }
      }),
      vscode.window.onDidChangeWindowState((s) => {
        if (s.focused && Date.now() - this.lastCheck >= FOCUS_CHECK_MS) {
          void this.check({ background: true });
        }
      }),
    );
  }

  /** Forgets who links are made with and what Postman said (another sign-in). */
  accountChanged(): void {
    this.identity = undefined;
    this.known.clear();
    void this.recompute();
  }

  async list(): Promise<LinkEntry[]> {
    await this.computing;
    return this.entries;
  }

  /** The entry of a file (or spec folder) URI, if it is linked. */
  entryOf(uri: vscode.Uri): LinkEntry | undefined {
    return this.entries.find((e) => e.uri.toString() === uri.toString());
  }

  /** Entries of a resource (a tree row): it may be linked in more than one place. */
  entriesOf(kind: LinkKind, uid: string): LinkEntry[] {
    return this.entries.filter((e) => e.link.kind === kind && e.link.uid === uid);
  }

  private async account(): Promise<LinkAccount> {
    this.identity ??= this.deps.me().then(
      (me) => linkAccount(this.deps.baseUrl().replace(/\/+$/, ''), me.user),
      (err: unknown) => {
        this.identity = undefined;
        throw err;
      },
    );
    return this.identity;
  }

  /**
   * Who links are made with, when known without a call (Postman was asked already, by a check
   * or a link): the file side is computed at activation, which makes no call.
   */
  private async accountIfKnown(): Promise<LinkAccount | undefined> {
    if (!this.deps.signedIn() || !this.identity) {
      return undefined;
    }
    return this.identity.catch(() => undefined);
  }

  /** Recomputes every entry's file side (no call to Postman). */
  recompute(): Promise<void> {
    this.computing = this.computing.then(() => this.computeNow()).catch((err: unknown) => this.deps.log.warn(`Links: ${err instanceof Error ? err.message : String(err)}`));
    return this.computing;
  }

  private async computeNow(): Promise<void> {
    const folders = await this.deps.store.all();
    const account = await this.accountIfKnown();
    const entries: LinkEntry[] = [];
    for (const folder of folders) {
      const sync = this.sync(folder);
      for (const link of folder.links) {
        const key = keyOf(folder, link);
        const known = this.known.get(key) ?? {};
        const local = await sync.local(link).catch((err: unknown) => ({ texts: undefined, hash: undefined, problem: err instanceof Error ? err.message : String(err) }));
        const state = stateOf(link.synced, local.hash, known.remote);
        entries.push({
          folder,
          link,
          uri: folder.files.uri(link.path),
          ...state,
          checked: known.remote !== undefined,
          otherAccount: account !== undefined && !sameAccount(link.account, account),
          ...(local.problem !== undefined ? { problem: local.problem } : {}),
          ...(local.hash !== undefined ? { local: local.hash } : {}),
          ...(known.error !== undefined ? { error: known.error } : {}),
          ...(known.name !== undefined ? { name: known.name } : {}),
        });
      }
    }
    this.entries = entries;
    this.watch();
    void vscode.commands.executeCommand('setContext', 'postman.linkedFiles', entries.filter((e) => !LINKED_KINDS[e.link.kind].isFolder).map((e) => e.uri.fsPath));
    void vscode.commands.executeCommand('setContext', 'postman.hasLinks', entries.length > 0);
    this.changed.fire();
  }

  /** Linked files edited outside an editor (a `git checkout`, another tool) update their state too. */
  private watch(): void {
    const watched = this.entries.map((e) => `${e.folder.folder.uri.toString()}|${e.link.path}`).join('\n');
    if (watched === this.watched) {
      return;
    }
    this.watched = watched;
    this.watchers.forEach((w) => w.dispose());
    this.watchers = this.entries.map((e) => {
      const pattern = new vscode.RelativePattern(e.folder.folder, LINKED_KINDS[e.link.kind].isFolder ? `${e.link.path}/**` : e.link.path);
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      const again = () => void this.recompute();
      watcher.onDidChange(again);
      watcher.onDidCreate(again);
      watcher.onDidDelete(again);
      return watcher;
    });
  }

  private sync(where: { files: LinkFiles }): LinkSync {
    return new LinkSync(this.deps.client, this.deps.repo, where.files);
  }

  /**
   * Asks Postman for every link of this account (one read each, a spec one per file), one at
   * a time. In the background each takes from the budget, and a refusal stops the round.
   */
  async check(options: { background: boolean } = { background: false }): Promise<void> {
    if (!this.deps.signedIn()) {
      return;
    }
    this.lastCheck = Date.now();
    try {
      // Which links are this account's (GET /me, once per sign-in).
      await this.account();
    } catch (err) {
      this.deps.log.warn(`Links: could not ask Postman who is signed in: ${userMessage(err)}`);
      return;
    }
    await this.recompute();
    for (const entry of this.entries) {
      if (entry.otherAccount) {
        continue;
      }
      if (options.background) {
        const take = this.deps.budget.take();
        if (!take.ok) {
          this.deps.log.info(`Links: background checks stopped (${take.reason === 'monthly' ? "the month's API calls are nearly used up" : "this hour's budget of background calls is spent"}).`);
          break;
        }
      }
      const key = keyOf(entry.folder, entry.link);
      try {
        const remote = await this.sync(entry.folder).remote(entry.link);
        this.known.set(key, remote ? { remote: hashParts(remote.parts), name: remote.name } : { remote: null });
      } catch (err) {
        this.known.set(key, { ...this.known.get(key), error: userMessage(err) });
        this.deps.log.warn(`Links: checking ${entry.link.path} failed: ${userMessage(err)}`);
      }
    }
    this.withKnown();
  }

  /** Entries again with what Postman said, from the file sides just read (no file is read again). */
  private withKnown(): void {
    this.entries = this.entries.map((e) => {
      const known = this.known.get(keyOf(e.folder, e.link)) ?? {};
      const rest: LinkEntry = { ...e };
      delete rest.error;
      delete rest.name;
      delete rest.missing;
      return {
        ...rest,
        ...stateOf(e.link.synced, e.local, known.remote),
        checked: known.remote !== undefined,
        ...(known.error !== undefined ? { error: known.error } : {}),
        ...(known.name !== undefined ? { name: known.name } : {}),
      };
    });
    this.changed.fire();
  }

  /** Link to File…: writes Postman's copy into the folder and records the link. */
  async link(target: { kind: LinkKind; uid: string; workspace: string; name: string }): Promise<LinkEntry | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (!this.deps.store.enabled) {
      void notify('warning', msg`Links are off in Restricted Mode: trust this folder to link files in it to Postman.`);
      return undefined;
    }
    if (folders.length === 0) {
      void notify('warning', msg`Open a folder first: a linked file goes into the folder, next to your code.`);
      return undefined;
    }
    const folder = folders.length === 1 ? folders[0] : await this.deps.ui().pickFolder(folders);
    if (!folder) {
      return undefined;
    }
    const kind = LINKED_KINDS[target.kind];
    const existing = (await this.deps.store.all()).find((f) => f.folder.uri.toString() === folder.uri.toString());
    if (existing?.broken) {
      void notify('error', msg`Not linked: ${LINKS_PATH} in ${folder.name} has entries this extension cannot read (${existing.problems[0] ?? 'unreadable'}); fix or remove them first, so that rewriting the file loses nothing.`);
      return undefined;
    }
    const taken = new Set((existing?.links ?? []).map((l) => l.path.toLowerCase()));
    const already = existing?.links.find((l) => l.kind === target.kind && l.uid === target.uid);
    if (already) {
      void notify('info', msg`The ${kind.noun} "${target.name}" is already linked to ${already.path}.`);
      return this.entries.find((e) => e.link === already);
    }
    const path = await this.deps.ui().askPath(kind.defaultPath(target.name), (value) => pathProblem(value, taken, kind.isFolder));
    if (path === undefined) {
      return undefined;
    }
    const problem = pathProblem(path, taken, kind.isFolder);
    if (problem) {
      void notify('error', msg`Not linked: ${problem}`);
      return undefined;
    }
    const files = existing?.files ?? this.deps.store.filesOf(folder);
    let present: boolean;
    try {
      present = kind.isFolder ? (await files.list(path)).length > 0 : (await files.read(path)) !== undefined;
    } catch (err) {
      void notify('error', msg`Could not link ${path}: ${errorText(err)}`);
      return undefined;
    }
    if (present) {
      const replace = await this.deps.documentUi().modal(
        msg`${path} already exists. Replace it with Postman's copy of the ${kind.noun} "${target.name}"?`,
        msg`Its current content stays in git's history if it was committed; otherwise it is lost. Cancel, and pick another path, to keep it.`,
        'Replace',
      );
      if (replace !== 'Replace') {
        return undefined;
      }
    }
    let writeSecrets = false;
    if (target.kind === 'environment') {
      const env = await this.deps.repo.environment(target.uid);
      if (env.values.some((v) => v.type === 'secret' && v.value !== '')) {
        const choice = await this.deps.documentUi().modal(
          msg`The environment "${target.name}" has secret values. Leave them out of the file?`,
          msg`A repository is read by everyone who can clone it. Left out, secret values are written empty; Postman keeps them, and a push never empties them there.`,
          'Leave Secrets Empty',
          'Write Secret Values',
        );
        if (choice === undefined) {
          return undefined;
        }
        writeSecrets = choice === 'Write Secret Values';
      }
    }
    const link: Link = { kind: target.kind, uid: target.uid, workspace: target.workspace, path, account: await this.account(), ...(writeSecrets ? { writeSecrets: true as const } : {}) };
    try {
      const result = await this.sync({ files }).pull(link);
      this.known.set(keyOf({ folder }, link), { remote: result.link.synced ?? null, name: result.name });
      await this.deps.store.update(folder, (links) => [...links.filter((l) => l.path !== path), result.link]);
    } catch (err) {
      void notify('error', msg`Could not link ${path}: ${errorText(err)}`);
      return undefined;
    }
    await this.recompute();
    const entry = this.entries.find((e) => e.folder.folder.uri.toString() === folder.uri.toString() && e.link.path === path);
    void notify('info', msg`Linked the ${kind.noun} "${target.name}" to ${path}. Commit postman/links.json with it.`, 'Open File').then((choice) => {
      if (choice === 'Open File' && entry && !kind.isFolder) {
        void vscode.window.showTextDocument(entry.uri);
      }
    });
    return entry;
  }

  /** Pull: Postman's copy into the file; asks first when the file has changes of its own. */
  async pull(entry: LinkEntry, options: { ask: boolean } = { ask: true }): Promise<boolean> {
    if (!this.usable(entry, 'pull')) {
      return false;
    }
    if (this.unsaved(entry, 'pull')) {
      return false;
    }
    if (options.ask && (entry.state === 'changedHere' || entry.state === 'changedBoth')) {
      const choice = await this.deps.documentUi().modal(
        msg`${entry.link.path} has changes that are not in Postman. Replace them with Postman's copy?`,
        msg`Pulling writes Postman's copy over the file. Compare shows both; Push sends yours instead.`,
        'Compare',
        'Replace',
      );
      if (choice === 'Compare') {
        await this.compare(entry);
        return false;
      }
      if (choice !== 'Replace') {
        return false;
      }
    }
    try {
      const result = await notificationProgress(msg`Pulling ${entry.link.path} from Postman…`, () => this.sync(entry.folder).pull(entry.link));
      this.known.set(keyOf(entry.folder, entry.link), { remote: result.link.synced ?? null, name: result.name });
      await this.record(entry, result.link);
      if (result.extra.length > 0) {
        void notify('info', msg`Pulled ${entry.link.path}. Files Postman does not have were left in place: ${list(result.extra, 5)}.`);
      }
      return true;
    } catch (err) {
      return this.failed(entry, 'pull', err);
    }
  }

  /** Push: the file to Postman through the editors' conflict-safe save. */
  async push(entry: LinkEntry): Promise<boolean> {
    if (!this.usable(entry, 'push') || this.unsaved(entry, 'push')) {
      return false;
    }
    try {
      const result = await notificationProgress(msg`Pushing ${entry.link.path} to Postman…`, () => this.sync(entry.folder).push(entry.link, this.questions(entry)));
      this.known.set(keyOf(entry.folder, entry.link), { remote: result.link.synced ?? null, name: result.name });
      await this.record(entry, result.link);
      if (result.sent > 0) {
        this.deps.onDidPush({ kind: entry.link.kind === 'spec' ? 'specFile' : entry.link.kind, uid: entry.link.uid }, result.name);
      }
      void notify(
        'info',
        result.sent === 0
          ? msg`${entry.link.path} already says what Postman holds: nothing was sent.`
          : result.rewritten.length > 0
            ? msg`Pushed ${entry.link.path} to the ${LINKED_KINDS[entry.link.kind].noun} "${result.name}". Postman stores it slightly differently; the file now holds Postman's copy.`
            : msg`Pushed ${entry.link.path} to the ${LINKED_KINDS[entry.link.kind].noun} "${result.name}".`,
      );
      return true;
    } catch (err) {
      return this.failed(entry, 'push', err);
    }
  }

  /** Compare: Postman's copy (left, as the file would hold it) against the file. */
  async compare(entry: LinkEntry): Promise<void> {
    if (!this.usable(entry, 'compare')) {
      return;
    }
    try {
      const sync = this.sync(entry.folder);
      const [remote, local] = await Promise.all([sync.remoteTexts(entry.link), sync.localTexts(entry.link)]);
      let part = '';
      if (LINKED_KINDS[entry.link.kind].isFolder) {
        const differing = [...new Set([...remote.texts.keys(), ...(local?.keys() ?? [])])].filter((p) => remote.texts.get(p) !== local?.get(p)).sort();
        if (differing.length === 0) {
          void notify('info', msg`${entry.link.path} and Postman's copy say the same.`);
          return;
        }
        const picked = differing.length === 1 ? differing[0] : await this.deps.ui().pickFile(differing);
        if (picked === undefined) {
          return;
        }
        part = picked;
      }
      const path = fileOf(entry.link, part);
      await this.deps.remote.compare(entry.folder.files.uri(path), remote.texts.get(part) ?? '', `${remote.name}: Postman ↔ ${path}`);
    } catch (err) {
      void notify('error', msg`Could not compare ${entry.link.path}: ${errorText(err)}`);
    }
  }

  /** Removes the link (the file stays). */
  async unlink(entry: LinkEntry): Promise<void> {
    try {
      await this.deps.store.update(entry.folder.folder, (links) => links.filter((l) => l.path !== entry.link.path));
      this.known.delete(keyOf(entry.folder, entry.link));
      void notify('info', msg`${entry.link.path} is no longer linked to Postman; the file stays.`);
    } catch (err) {
      void notify('error', msg`Could not remove the link: ${errorText(err)}`);
    }
  }

  /** Pull All: every link changed in Postman (or missing here); links changed on both sides are left for Compare. */
  async pullAll(): Promise<void> {
    await this.check();
    const both = this.entries.filter((e) => !e.otherAccount && e.state === 'changedBoth');
    for (const entry of this.entries.filter((e) => !e.otherAccount && (e.state === 'changedInPostman' || (e.state === 'missing' && e.missing === 'file')))) {
      await this.pull(entry, { ask: false });
    }
    if (both.length > 0) {
      void notify('warning', msg`Not pulled, changed on both sides (Compare first): ${list(both.map((e) => e.link.path), 5)}.`);
    }
  }

  /** Push All: every link changed here; links changed on both sides ask, through the save's conflict question. */
  async pushAll(): Promise<void> {
    await this.check();
    for (const entry of this.entries.filter((e) => !e.otherAccount && (e.state === 'changedHere' || e.state === 'changedBoth'))) {
      if (!(await this.push(entry))) {
        break;
      }
    }
  }

  /** Copies the links script (shipped in the extension) into a folder, for its CI. */
  async addScript(extensionPath: string): Promise<vscode.Uri | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0 || !this.deps.store.enabled) {
      void notify('warning', msg`Open a trusted folder first: the script goes into it, next to postman/links.json.`);
      return undefined;
    }
    const folder = folders.length === 1 ? folders[0] : await this.deps.ui().pickFolder(folders);
    if (!folder) {
      return undefined;
    }
    const files = this.deps.store.filesOf(folder);
    const target = 'postman/postman-links.js';
    const script = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(vscode.Uri.file(extensionPath), 'dist', 'postman-links.js')));
    const before = await files.read(target);
    if (before !== undefined && before !== script) {
      const choice = await this.deps.documentUi().modal(msg`Replace ${target} with this version's links script?`, msg`The file is there already, and differs.`, 'Replace');
      if (choice !== 'Replace') {
        return undefined;
      }
    }
    await files.write(target, script);
    void notify('info', msg`Wrote ${target}. In CI, with your key in the POSTMAN_API_KEY secret: node ${target} status (exit code 1 when a link is out of sync).`);
    return files.uri(target);
  }

  private async record(entry: LinkEntry, link: Link): Promise<void> {
    if (JSON.stringify(link) !== JSON.stringify(entry.link)) {
      await this.deps.store.update(entry.folder.folder, (links) => links.map((l) => (l.path === link.path ? link : l)));
    } else {
      await this.recompute();
    }
  }

  private usable(entry: LinkEntry, action: string): boolean {
    if (!this.deps.signedIn()) {
      void notify('warning', msg`Sign in to Postman to ${action} ${entry.link.path}.`);
      return false;
    }
    if (entry.otherAccount) {
      void notify('warning', msg`${entry.link.path} was linked with another Postman account (${entry.link.account.api}). Sign in with that account to ${action} it.`);
      return false;
    }
    return true;
  }

  /** An open editor with unsaved changes to the file: never written over, nor pushed without them. */
  private unsaved(entry: LinkEntry, action: 'pull' | 'push'): boolean {
    const dirty = vscode.workspace.textDocuments.find((d) => d.isDirty && isUnder(d.uri, entry.uri));
    if (dirty) {
      void notify('warning', msg`${vscode.workspace.asRelativePath(dirty.uri)} has unsaved changes: save or revert them, then ${action} again.`);
      return true;
    }
    return false;
  }

  private failed(entry: LinkEntry, action: 'pull' | 'push', err: unknown): false {
    const cancelled = err instanceof SaveRefused && /you cancelled|chose not to overwrite|diff shows/.test(err.message);
    if (!cancelled) {
      this.deps.log.warn(`Links: ${action} of ${entry.link.path} failed: ${errorText(err)}`);
    }
    void notify(cancelled ? 'info' : 'error', msg`${action === 'pull' ? 'Pull' : 'Push'} of ${entry.link.path}: ${errorText(err)}`);
    void this.recompute();
    return false;
  }

  /** The questions of a push: the editors' questions, naming the file and the resource. */
  private questions(entry: LinkEntry): SaveQuestions {
    const ui = this.deps.documentUi();
    const noun = LINKED_KINDS[entry.link.kind].noun;
    const what = entry.name !== undefined ? msg`the ${noun} "${entry.name}"` : msg`its ${noun}`;
    return {
      lostIds: async (lost: ItemInfo[], missing: number) =>
        (await ui.modal(
          msg`${lost.length === 1 ? 'An item' : `${lost.length} items`} in ${entry.link.path} lost the id ${lost.length === 1 ? 'it has' : 'they have'} in Postman.`,
          msg`Postman deletes items sent without their id and creates new ones: anything that refers to them (monitors, mocks, comments) loses track. ${missing} id${missing === 1 ? ' is' : 's are'} gone; items without their id: ${list(lost.map((i) => `"${i.name}"`), 5)}. Put the "id" lines back, or push anyway.`,
          'Push Anyway',
        )) === 'Push Anyway',
      confirm: async () => {
        if (this.confirmedThisWindow || !vscode.workspace.getConfiguration('postman').get<boolean>('confirmBeforeSave', true)) {
          return true;
        }
        const choice = await ui.modal(msg`Push ${entry.link.path} to ${what} in Postman?`, msg`This replaces Postman's copy for everyone who can see it. You are asked once per window; the setting "postman.confirmBeforeSave" turns this question off.`, 'Push');
        this.confirmedThisWindow = choice === 'Push';
        return this.confirmedThisWindow;
      },
      conflict: async (remote: object): Promise<ConflictChoice> => {
        const choice = await ui.modal(
          msg`${what} changed in Postman since ${entry.link.path} was last pulled or pushed.`,
          msg`Pushing now would replace those changes with the file. Compare shows Postman's copy beside the file; Overwrite replaces it; Cancel keeps both as they are.`,
          'Compare',
          'Overwrite',
        );
        if (choice === 'Compare') {
          const kind = LINKED_KINDS[entry.link.kind];
          // A spec is saved file by file: the question is about the file Postman answered with.
          const part = kind.isFolder ? String((remote as { path?: unknown }).path ?? '') : '';
          await this.deps.remote.compare(entry.folder.files.uri(fileOf(entry.link, part)), kind.partText(remote, entry.link), `${entry.name ?? entry.link.path}: Postman ↔ ${entry.link.path}`);
          return 'compare';
        }
        return choice === 'Overwrite' ? 'overwrite' : 'cancel';
      },
    };
  }

  dispose(): void {
    this.watchers.forEach((w) => w.dispose());
    this.disposables.forEach((d) => d.dispose());
  }
}

function keyOf(folder: { folder: vscode.WorkspaceFolder }, link: Link): string {
  return `${folder.folder.uri.toString()}|${link.path}`;
}

function isUnder(uri: vscode.Uri, root: vscode.Uri): boolean {
  const a = uri.toString();
  const b = root.toString();
  return a === b || a.startsWith(`${b}/`);
}

/** Why a path cannot hold a new link, or undefined. */
export function pathProblem(value: string, taken: ReadonlySet<string>, isFolder: boolean): string | undefined {
  const path = value.trim();
  if (!isSafeLinkPath(path)) {
    return 'the path must be relative to the folder, with / between its parts, and stay inside it';
  }
  if (path.toLowerCase() === LINKS_PATH) {
    return 'that path is reserved';
  }
  if (taken.has(path.toLowerCase())) {
    return 'another link already uses that path';
  }
  if (!isFolder && !path.toLowerCase().endsWith('.json')) {
    return 'the file name must end in .json';
  }
  return undefined;
}

function errorText(err: unknown): Message {
  if (isPostmanError(err)) {
    return piece(userMessage(err));
  }
  return piece(err instanceof Error ? err.message : String(err));
}
