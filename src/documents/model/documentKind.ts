import type { CacheKey, PostmanClient, PostmanRepository } from '../../postman';
import type { Message } from '../../text/plain';
import type { IdReport } from './content';

/**
 * What one kind of `postman:` document is: how it is named, loaded, shown, checked and
 * saved. Every kind is one entry of the table in ./kinds (with its own file); the file
 * system, the saver, the commands and the tree read the table and never branch on a kind.
 */

export type DocumentKind = 'collection' | 'environment' | 'globals' | 'specFile' | 'folder' | 'request' | 'response';

/** Which resource a document is: its kind, its id in Postman, and for a spec file the file's path in the spec. */
export interface Address {
  kind: DocumentKind;
  /** The collection or environment UID, the workspace id (globals), the spec id (spec files). */
  uid: string;
  /** Spec files: the file's path in the spec (`index.yaml`, `components/schemas.json`). */
  path?: string;
  /** Folders, requests and saved responses: the item's id in its collection (`uid` is the collection's UID). */
  item?: string;
}

/** What a document was when its editor read it: the base a save is checked against. */
export interface Opened {
  version: string;
  /** Collections: the item ids (and names) it had. */
  ids?: ReadonlyMap<string, string>;
  postmanId?: string;
}

export interface KindBehaviour<R extends object = object> {
  /** How messages name the kind: "collection", "spec file". */
  readonly noun: string;
  /**
   * The URI's file name ends in this (the bundled JSON schemas are matched by it). Spec files
   * have none: their URI ends in the file's own path, whose extension gives the language.
   */
  readonly suffix?: string;
  /** Items of a collection (folders, requests, saved responses): the address names the item too (`Address.item`). */
  readonly isItem?: true;
  /** The cache entry the document reads from, shared with the tree. */
  cacheKey(a: Address): CacheKey;
  /** From the shared cache (loaded once for tree and editor). */
  load(repo: PostmanRepository, a: Address): Promise<R>;
  /** Postman's current copy, past the cache. */
  read(client: PostmanClient, a: Address): Promise<R>;
  /**
   * Sends the edited copy. `current` is Postman's copy read just before: what the edit is sent
   * against (item endpoints merge like a PATCH, so a removal is sent explicitly). Returns what
   * Postman holds afterwards when its answer says (then no read-back call is made), else undefined.
   */
  put(client: PostmanClient, a: Address, edited: R, current: R): Promise<R | undefined>;
  /** Puts Postman's current copy into the shared cache (and its name into the workspace listing). */
  remember(repo: PostmanRepository, a: Address, value: R): void;
  /** The text the editor shows. */
  text(value: R): string;
  /** How a message names one (`collection "Orders"`, `globals`), its name escaped. */
  describe(name: string): Message;
  /** Its name, as Postman holds it. */
  name(value: R, a: Address): string;
  /** Compared at save time: Postman's `updatedAt` when it gives one, else a digest of the content. */
  version(value: R, text?: string): string;
  /** When Postman last changed it, if it says (for the conflict question). */
  updatedAt(value: R): string | undefined;
  /** The edited text as a value, or a SaveRefused saying what to fix; nothing is sent for broken text. */
  parse(text: string, opened: Opened | undefined): R;
  /** Whether two copies say the same, Postman's own stamps aside. */
  same(a: R, b: R): boolean;
  /** The base a save is checked against. */
  opened(value: R, text?: string): Opened;
  /** Collections: items that lost their id since the document was opened. */
  checkIds?(opened: Opened | undefined, edited: R): IdReport;
  /** Kinds holding secret values: how many have a value, and the text with them emptied (Save a Copy). */
  secrets?(value: R): { count: number; emptied: () => string };
  /** The workspace it belongs to, by name, when a loaded answer says; no call is made. */
  workspaceName(repo: PostmanRepository, a: Address): string | undefined;
}
