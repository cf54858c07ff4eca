import * as vscode from 'vscode';
import type { Logger } from '../postman';
import { type Link, LINKS_PATH, parseLinks, serializeLinks } from './model/linksFile';
import { WorkspaceFiles } from './workspaceFiles';

/** The links of one workspace folder, as its `postman/links.json` says. */
export interface LinkFolder {
  folder: vscode.WorkspaceFolder;
  files: WorkspaceFiles;
  links: Link[];
  /** Entries left out (or why the whole file could not be read): shown in the Links view. */
  problems: string[];
  /** The file could not be read as a whole: it is never written over. */
  broken: boolean;
}

/**
 * The one owner of the links files: reads `postman/links.json` of every workspace folder,
 * watches them (a `git pull` or a teammate's branch changes them), and writes them back
 * read-modify-write, never over a file it could not read whole (nothing a user wrote is lost).
 * In Restricted Mode no links file is read: a repository's file decides nothing until trusted.
 */
export class LinkStore implements vscode.Disposable {
  private folders: LinkFolder[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private loading: Promise<void> | undefined;

  constructor(private readonly log: Logger) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${LINKS_PATH}`);
    const reload = () => void this.reload();
    this.disposables.push(
      watcher,
      watcher.onDidChange(reload),
      watcher.onDidCreate(reload),
      watcher.onDidDelete(reload),
      vscode.workspace.onDidChangeWorkspaceFolders(reload),
      vscode.workspace.onDidGrantWorkspaceTrust(reload),
      this.changed,
    );
  }

  /** Whether links are read at all: not in Restricted Mode. */
  get enabled(): boolean {
    return vscode.workspace.isTrusted;
  }

  async all(): Promise<LinkFolder[]> {
    await (this.loading ??= this.load());
    return this.folders;
  }

  filesOf(folder: vscode.WorkspaceFolder): WorkspaceFiles {
    return new WorkspaceFiles(folder.uri);
  }

  /** Reads every folder's links file again (it changed on disk). */
  async reload(): Promise<void> {
    this.loading = this.load();
    await this.loading;
    this.changed.fire();
  }

  private async load(): Promise<void> {
    const folders: LinkFolder[] = [];
    if (this.enabled) {
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        folders.push(await this.read(folder));
      }
    }
    this.folders = folders;
  }

  /** A folder's links, and the file's text as read (undefined: there is none). */
  private async read(folder: vscode.WorkspaceFolder): Promise<LinkFolder & { text?: string }> {
    const files = new WorkspaceFiles(folder.uri);
    try {
      const text = await files.read(LINKS_PATH);
      if (text === undefined) {
        return { folder, files, links: [], problems: [], broken: false };
      }
      const { links, problems } = parseLinks(text);
      if (problems.length > 0) {
        this.log.warn(`${folder.name}/${LINKS_PATH}: ${problems.length} entr${problems.length === 1 ? 'y' : 'ies'} left out: ${problems.join('; ')}`);
      }
      return { folder, files, links, problems, broken: problems.length > 0, text };
    } catch (err) {
      const problem = err instanceof Error ? err.message : String(err);
      this.log.warn(`${folder.name}: ${problem}`);
      return { folder, files, links: [], problems: [problem], broken: true };
    }
  }

  /**
   * Changes a folder's links: read again from disk, changed, written back (sorted, for quiet
   * diffs). Refuses when the file has entries it cannot read, so none is dropped by a rewrite.
   */
  async update(folder: vscode.WorkspaceFolder, change: (links: Link[]) => Link[]): Promise<Link[]> {
    const current = await this.read(folder);
    if (current.broken) {
      throw new Error(`${LINKS_PATH} in ${folder.name} has entries this extension cannot read (${current.problems[0] ?? 'unreadable'}); fix or remove them first, so that rewriting the file loses nothing`);
    }
    const links = change(current.links);
    const text = serializeLinks(links);
    if (current.text !== text) {
      await current.files.write(LINKS_PATH, text);
    }
    await this.reload();
    return links;
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
