import { type PostmanClient, PostmanError, type PostmanRepository } from '../../postman';
import { SaveRefused } from './checks';
import type { ItemInfo } from './content';
import type { Address, DocumentKind, Opened } from './documentKind';
import { KINDS } from './kinds';

export type { Opened } from './documentKind';

/** The base a save is checked against, for a copy of a resource as Postman holds it. */
export function openedFrom(kind: DocumentKind, resource: object, text?: string): Opened {
  return KINDS[kind].opened(resource, text);
}

export type ConflictChoice = 'overwrite' | 'compare' | 'cancel';

/** The questions a save may ask; the extension shows modal dialogs, tests and the benchmark answer directly. */
export interface SaveQuestions {
  /** Items lost their ids: true sends anyway (and counts as the confirmation). */
  lostIds(lost: ItemInfo[], missing: number): Promise<boolean>;
  /** Confirmation before changing cloud data; answers true at once when it is not needed. */
  confirm(): Promise<boolean>;
  /** Postman's copy is not the one the editor started from (or that is unknown: a restored backup). */
  conflict(remote: object, unknownBase: boolean): Promise<ConflictChoice>;
}

export interface SaveRequest extends Address {
  text: string;
  /** Undefined when the base is unknown (a document restored from a backup after a reload). */
  opened: Opened | undefined;
  questions: SaveQuestions;
  /** Told how long each step took (the benchmark prints them). */
  onStep?: (step: 'parse' | 'check' | 'get' | 'put' | 'reload', ms: number) => void;
}

export interface SaveResult {
  /** What Postman holds after the save; undefined if reading it back failed (the save itself worked). */
  saved: object | undefined;
  opened: Opened | undefined;
}

export const CANCELLED = 'Not saved: you cancelled. Your changes are still in the editor.';

/**
 * Saves an edited document (any kind of the table) back to Postman, in the order that keeps a
 * team's data safe: parse and check locally (nothing is sent for broken text), warn
 * about lost item ids, confirm, read Postman's current copy past the cache and refuse to
 * overwrite a change made since the document was opened unless told to, then PUT and
 * read back what Postman now holds into the shared cache. Any failure throws: the caller
 * keeps the user's text.
 */
export class DocumentSaver {
  constructor(
    private readonly client: PostmanClient,
    private readonly repo: PostmanRepository,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async save(req: SaveRequest): Promise<SaveResult> {
    const { questions } = req;
    const kind = KINDS[req.kind];
    const address: Address = { kind: req.kind, uid: req.uid, ...(req.path !== undefined ? { path: req.path } : {}), ...(req.item !== undefined ? { item: req.item } : {}) };
    const step = async <T>(name: Parameters<NonNullable<SaveRequest['onStep']>>[0], fn: () => T | Promise<T>): Promise<T> => {
      const started = this.now();
      const result = await fn();
      req.onStep?.(name, this.now() - started);
      return result;
    };
    const edited = await step('parse', () => kind.parse(req.text, req.opened));
    let confirmed = false;
    if (kind.checkIds) {
      const check = kind.checkIds.bind(kind);
      const report = await step('check', () => check(req.opened, edited));
      if (report.lost.length > 0) {
        if (!(await questions.lostIds(report.lost, report.missing))) {
          throw new SaveRefused(CANCELLED);
        }
        confirmed = true;
      }
    }
    if (!confirmed && !(await questions.confirm())) {
      throw new SaveRefused(CANCELLED);
    }
    const remote = await step('get', () => kind.read(this.client, address));
    const unknownBase = req.opened === undefined;
    // Postman's copy may already say exactly what is being saved: the user's own earlier save
    // whose answer was lost (a proxy cut it short, the connection dropped after Postman
    // stored it). Overwriting it loses nobody's change, so there is no conflict to ask about.
    if ((unknownBase || kind.version(remote) !== req.opened?.version) && !kind.same(remote, edited)) {
      const choice = await questions.conflict(remote, unknownBase);
      if (choice !== 'overwrite') {
        throw new SaveRefused(
          choice === 'compare'
            ? 'Not saved: this changed in Postman since you opened it. The diff shows Postman\'s copy beside yours; save again and choose Overwrite to replace it, or take its changes into yours first.'
            : 'Not saved: this changed in Postman since you opened it, and you chose not to overwrite. Your changes are still in the editor.',
        );
      }
    }
    // Kinds whose PUT answers with what Postman now holds need no read-back call.
    let saved = await step('put', () => kind.put(this.client, address, edited, remote));
    try {
      saved ??= await step('reload', () => kind.read(this.client, address));
    } catch {
      // Saved, but not read back: forget the cached copy; the next save asks before overwriting.
      this.repo.invalidate(kind.cacheKey(address));
      return { saved: undefined, opened: undefined };
    }
    // A 2xx that stored nothing (something answering in Postman's place, with `{}`): Postman
    // still holds the copy from before the PUT. Calling that saved would reload it over the
    // user's edit; failing keeps the edit in the editor.
    if (kind.version(saved) === kind.version(remote) && kind.same(saved, remote) && !kind.same(saved, edited)) {
      throw new PostmanError('badResponse', `the save of the ${kind.noun} ${req.uid}${req.path !== undefined ? ` (${req.path})` : ''} was answered as if stored, but Postman's copy did not change`);
    }
    kind.remember(this.repo, address, saved);
    return { saved, opened: kind.opened(saved) };
  }
}
