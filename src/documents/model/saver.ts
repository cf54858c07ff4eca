import { type CollectionDocument, type EnvironmentDocument, type PostmanClient, PostmanError, type PostmanRepository } from '../../postman';
import {
  checkIds,
  collectionPutBody,
  type DocumentKind,
  environmentPutBody,
  idsOf,
  type ItemInfo,
  parseEdited,
  type Resource,
  sameContent,
  SaveRefused,
  versionOf,
} from './content';

/** What a document was when its editor read it: the base a save is checked against. */
export interface Opened {
  version: string;
  /** Collections: the item ids (and names) it had. */
  ids?: ReadonlyMap<string, string>;
  postmanId?: string;
}

export function openedFrom(kind: DocumentKind, resource: Resource, text?: string): Opened {
  if (kind === 'environment') {
    return { version: versionOf(kind, resource, text) };
  }
  const collection = resource as CollectionDocument;
  const postmanId = collection.info._postman_id;
  return { version: versionOf(kind, resource, text), ids: idsOf(collection), ...(postmanId ? { postmanId } : {}) };
}

export type ConflictChoice = 'overwrite' | 'compare' | 'cancel';

/** The questions a save may ask; the extension shows modal dialogs, tests and the benchmark answer directly. */
export interface SaveQuestions {
  /** Items lost their ids: true sends anyway (and counts as the confirmation). */
  lostIds(lost: ItemInfo[], missing: number): Promise<boolean>;
  /** Confirmation before changing cloud data; answers true at once when it is not needed. */
  confirm(): Promise<boolean>;
  /** Postman's copy is not the one the editor started from (or that is unknown: a restored backup). */
  conflict(remote: Resource, unknownBase: boolean): Promise<ConflictChoice>;
}

export interface SaveRequest {
  kind: DocumentKind;
  uid: string;
  text: string;
  /** Undefined when the base is unknown (a document restored from a backup after a reload). */
  opened: Opened | undefined;
  questions: SaveQuestions;
  /** Told how long each step took (the benchmark prints them). */
  onStep?: (step: 'parse' | 'check' | 'get' | 'put' | 'reload', ms: number) => void;
}

export interface SaveResult {
  /** What Postman holds after the save; undefined if reading it back failed (the save itself worked). */
  saved: Resource | undefined;
  opened: Opened | undefined;
}

export const CANCELLED = 'Not saved: you cancelled. Your changes are still in the editor.';

/**
 * Saves an edited collection or environment back to Postman, in the order that keeps a
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
    const { kind, uid, questions } = req;
    const step = async <T>(name: Parameters<NonNullable<SaveRequest['onStep']>>[0], fn: () => T | Promise<T>): Promise<T> => {
      const started = this.now();
      const result = await fn();
      req.onStep?.(name, this.now() - started);
      return result;
    };
    const edited = await step('parse', () => parseEdited(kind, req.text, req.opened?.postmanId));
    let confirmed = false;
    if (kind === 'collection') {
      const report = await step('check', () => checkIds(req.opened?.ids ?? new Map(), edited as CollectionDocument));
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
    const remote = await step('get', () => this.read(kind, uid));
    const unknownBase = req.opened === undefined;
    // Postman's copy may already say exactly what is being saved: the user's own earlier save
    // whose answer was lost (a proxy cut it short, the connection dropped after Postman
    // stored it). Overwriting it loses nobody's change, so there is no conflict to ask about.
    if ((unknownBase || versionOf(kind, remote) !== req.opened?.version) && !sameContent(kind, remote, edited)) {
      const choice = await questions.conflict(remote, unknownBase);
      if (choice !== 'overwrite') {
        throw new SaveRefused(
          choice === 'compare'
            ? 'Not saved: this changed in Postman since you opened it. The diff shows Postman\'s copy beside yours; save again and choose Overwrite to replace it, or take its changes into yours first.'
            : 'Not saved: this changed in Postman since you opened it, and you chose not to overwrite. Your changes are still in the editor.',
        );
      }
    }
    await step('put', () =>
      kind === 'collection'
        ? this.client.updateCollection(uid, collectionPutBody(edited as CollectionDocument))
        : this.client.updateEnvironment(uid, environmentPutBody(edited as EnvironmentDocument)),
    );
    let saved: Resource | undefined;
    try {
      saved = await step('reload', () => this.read(kind, uid));
    } catch {
      // Saved, but not read back: forget the cached copy; the next save asks before overwriting.
      this.repo.invalidate(`${kind}:${uid}`);
      return { saved: undefined, opened: undefined };
    }
    // A 2xx that stored nothing (something answering in Postman's place, with `{}`): Postman
    // still holds the copy from before the PUT. Calling that saved would reload it over the
    // user's edit; failing keeps the edit in the editor.
    if (versionOf(kind, saved) === versionOf(kind, remote) && sameContent(kind, saved, remote) && !sameContent(kind, saved, edited)) {
      throw new PostmanError('badResponse', `PUT /${kind === 'collection' ? 'collections' : 'environments'}/${encodeURIComponent(uid)} answered as if saved, but Postman's copy did not change`);
    }
    if (kind === 'collection') {
      this.repo.update('collection', uid, saved as CollectionDocument);
    } else {
      this.repo.update('environment', uid, saved as EnvironmentDocument);
    }
    return { saved, opened: openedFrom(kind, saved) };
  }

  /** Postman's current copy, past the cache. */
  private read(kind: DocumentKind, uid: string): Promise<Resource> {
    return kind === 'collection' ? this.client.getCollection(uid) : this.client.getEnvironment(uid);
  }
}
