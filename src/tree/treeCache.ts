import * as vscode from 'vscode';
import type { Account } from '../auth/account';
import { ENVIRONMENT_ACCOUNT } from '../auth/credentialStore';
import { UNKNOWN_ACCOUNT } from '../auth/sessionData';
import type { Logger, PostmanRepository } from '../postman';
import { msg } from '../text/plain';
import { notify } from '../ui/messages';
import type { BackgroundBudget } from '../usage/budget';
import { type CacheOwner, decodeTreeCache, encodeTreeCache, isKept } from './model/treeCache';
import { Revalidator } from './model/revalidator';

export const KEEP_SETTING = 'postman.tree.keepBetweenSessions';
const FILE_NAME = 'tree-cache.json';
/** Kept data is written this long after the last change: one write for a burst of loads. */
const WRITE_DELAY_MS = 1500;
/** Between two background checks: at most 5 of the 10 calls Postman allows per 10 s for a workspace, the rest for clicks. */
const GAP_MS = 2000;
const SHOW_USAGE = 'Show API Usage';

export interface TreeCacheOptions {
  storage: vscode.Uri;
  repo: PostmanRepository;
  account: Account;
  log: Logger;
  budget: BackgroundBudget;
  baseUrl: () => string;
}

/**
 * Keeps the tree's last known data on disk (the extension's global storage), per sign-in,
 * so a reloaded window shows the tree at once, then checks what it shows with Postman in the
 * background (Revalidator, within the background budget). Nothing secret is kept (see
 * model/treeCache.ts). Sign-out, another account, or a file of an unknown format deletes
 * the file; a corrupt one is ignored; `postman.tree.keepBetweenSessions` turns it off.
 */
export class TreeCache implements vscode.Disposable {
  readonly file: vscode.Uri;
  readonly revalidator: Revalidator;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private resumeTimer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly subscriptions: vscode.Disposable[];
  /** A pause between background checks; tests shorten it. */
  gapMs = GAP_MS;

  constructor(private readonly o: TreeCacheOptions) {
    this.file = vscode.Uri.joinPath(o.storage, FILE_NAME);
    this.revalidator = new Revalidator(o.repo, {
      take: () => o.budget.take(),
      gapMs: () => this.gapMs,
      onError: (key, message) => o.log.warn(`Checking kept ${key.split(':')[0]} data with Postman failed: ${message}`),
      onRefused: (refusal) => this.refused(refusal.reason, refusal.first),
    });
    this.subscriptions = [
      toDisposable(o.repo.onDidReadSeeded((key) => this.revalidator.enqueue(key))),
      toDisposable(o.repo.onDidLoad((key) => isKept(key) && this.scheduleWrite())),
      o.account.onDidChange((state) => void this.accountChanged(state)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(KEEP_SETTING)) {
          void (enabled() ? this.write() : this.delete('turned off in the settings'));
        }
      }),
    ];
  }

  /**
   * Puts the kept data of the signed-in account into the repository, marked as not yet
   * checked. Reads only the local file — except for a POSTMAN_API_KEY, whose owner is
   * unknown until Postman says (one call): another account's key may have replaced it.
   */
  async restore(): Promise<number> {
    if (!enabled() || this.o.account.state !== 'signedIn') {
      return 0;
    }
    const text = await this.read();
    const owner = text === undefined ? undefined : await this.owner(true);
    if (text === undefined || !owner) {
      return 0; // nothing kept yet, or no owner to match it against
    }
    const decoded = decodeTreeCache(text, owner);
    if (decoded.kind === 'corrupt') {
      this.o.log.warn('The kept tree data is unreadable; it is ignored and replaced by the next save.');
      return 0;
    }
    if (decoded.kind !== 'ok') {
      await this.delete(decoded.kind === 'otherFormat' ? 'written by another version' : 'kept for another sign-in');
      return 0;
    }
    this.o.repo.seed(decoded.entries);
    this.o.log.info(`Showing the tree as kept on ${new Date(decoded.savedAt).toISOString()} (${decoded.entries.length} lists); checking with Postman in the background.`);
    return decoded.entries.length;
  }

  /** Writes what is loaded now (tests; a changed setting). */
  async write(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.writing.then(() => this.writeNow());
    this.writing = next.catch(() => undefined);
    return next;
  }

  async delete(why: string): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.revalidator.clear();
    await this.writing;
    try {
      await vscode.workspace.fs.delete(this.file);
      this.o.log.info(`Deleted the kept tree data (${why}).`);
    } catch {
      // nothing to delete
    }
  }

  dispose(): void {
    clearTimeout(this.resumeTimer);
    if (this.timer) {
      // A write was due: do it now (best effort; the window is closing).
      void this.write();
    }
    this.subscriptions.forEach((s) => s.dispose());
  }

  private scheduleWrite(): void {
    if (!enabled()) {
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.write().catch((err: unknown) => this.o.log.warn(`Keeping the tree data failed: ${String(err)}`)), WRITE_DELAY_MS);
  }

  private async writeNow(): Promise<void> {
    const owner = enabled() ? await this.owner(false) : undefined;
    if (!owner) {
      return;
    }
    const text = encodeTreeCache(owner, this.o.repo.snapshot(isKept), Date.now());
    // Written beside, then moved into place: a window closing mid-write leaves the old file whole.
    const temp = vscode.Uri.joinPath(this.o.storage, `${FILE_NAME}.${process.pid}.tmp`);
    await vscode.workspace.fs.createDirectory(this.o.storage);
    await vscode.workspace.fs.writeFile(temp, new TextEncoder().encode(text));
    await vscode.workspace.fs.rename(temp, this.file, { overwrite: true });
  }

  /** The signed-in account as the file names it; undefined while its Postman user is unknown (`ask`: find out, one call). */
  private async owner(ask: boolean): Promise<CacheOwner | undefined> {
    let current = await this.o.account.credential();
    if (current && ask && !knownUser(current.account.id)) {
      try {
        await this.o.account.loadMe();
        current = await this.o.account.credential();
      } catch {
        return undefined;
      }
    }
    if (!current || !knownUser(current.account.id)) {
      return undefined;
    }
    return { baseUrl: this.o.baseUrl(), sessionId: current.sessionId, userId: current.account.id };
  }

  private async accountChanged(state: 'signedIn' | 'signedOut'): Promise<void> {
    this.revalidator.clear();
    if (state === 'signedOut') {
      await this.delete('signed out');
      return;
    }
    // Another sign-in: the file names its owner, and one of another is deleted.
    const text = await this.read();
    const owner = text === undefined ? undefined : await this.owner(false);
    if (text !== undefined && owner && decodeTreeCache(text, owner).kind === 'otherAccount') {
      await this.delete('kept for another sign-in');
    }
  }

  /** The file's text; undefined when there is none. */
  private async read(): Promise<string | undefined> {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(this.file));
    } catch {
      return undefined;
    }
  }

  private refused(reason: 'hourly' | 'monthly', first: boolean): void {
    if (reason === 'hourly') {
      if (first) {
        this.o.log.info(`Background checks paused: ${this.o.budget.describe()}. Rows keep what was kept; Refresh asks Postman now.`);
      }
      clearTimeout(this.resumeTimer);
      this.resumeTimer = setTimeout(() => this.revalidator.resume(), Math.max(1000, this.o.budget.nextFreeAt() - Date.now()));
      return;
    }
    if (first) {
      this.o.log.warn(`Background checks stopped: ${this.o.budget.describe()}.`);
      void notify(
        'warning',
        msg`Postman: background checks of the tree stopped, because this month's API calls are nearly used up. Rows show what was kept; Refresh still asks Postman.`,
        SHOW_USAGE,
      ).then((choice) => choice === SHOW_USAGE && vscode.commands.executeCommand('postman.showUsage'));
    }
  }
}

function enabled(): boolean {
  return vscode.workspace.getConfiguration().get<boolean>(KEEP_SETTING, true);
}

function knownUser(id: string): boolean {
  return id !== UNKNOWN_ACCOUNT.id && id !== ENVIRONMENT_ACCOUNT.id;
}

function toDisposable(d: { dispose(): void }): vscode.Disposable {
  return new vscode.Disposable(() => d.dispose());
}

