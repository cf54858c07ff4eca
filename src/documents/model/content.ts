import { createHash } from 'node:crypto';
import type { CollectionDocument, EnvironmentDocument, EnvironmentUpdate } from '../../postman';
import { isObj, type Obj, SaveRefused } from './checks';

export { SaveRefused } from './checks';

/**
 * What a `postman:` document holds and what may be sent back, without VS Code: the text
 * the editor shows, the checks a save passes before any request, the ids Postman needs
 * kept, and the body of the PUT. Plain functions, so the benchmark and unit tests use
 * exactly what the extension runs.
 */


/**
 * How the editor shows a resource: pretty-printed with two spaces and a final newline.
 * U+2028 and U+2029 are written as escapes: JSON allows them raw inside strings, but an
 * editor takes them for line breaks (VS Code removes them as "unusual line terminators"),
 * which would silently change a name or a value on the next save. They can only occur
 * inside strings, where the escape means the same character.
 */
export function serialize(resource: object): string {
  return `${JSON.stringify(resource, null, 2)}\n`.replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}


export interface ItemInfo {
  id: string | undefined;
  name: string;
}

/** Visits every folder and request of an item list, any depth, in order (parents first). */
function eachItem(list: unknown, visit: (item: Obj) => void): void {
  if (!Array.isArray(list)) {
    return;
  }
  for (const item of list) {
    if (isObj(item)) {
      visit(item);
      eachItem(item.item, visit);
    }
  }
}

/** Every folder and request of a collection, any depth, in order. */
export function itemsOf(items: unknown): ItemInfo[] {
  const out: ItemInfo[] = [];
  eachItem(items, (item) => out.push({ id: typeof item.id === 'string' && item.id !== '' ? item.id : undefined, name: typeof item.name === 'string' ? item.name : '(unnamed)' }));
  return out;
}

/** The ids of a collection's items when it was opened, with their names (for the warning). */
export function idsOf(collection: CollectionDocument): Map<string, string> {
  const ids = new Map<string, string>();
  for (const item of itemsOf(collection.item)) {
    if (item.id) {
      ids.set(item.id, item.name);
    }
  }
  return ids;
}

/** A version from Postman's `updatedAt` when it sends one, otherwise a digest of the text. */
export function versionBy(updatedAt: unknown, text: () => string): string {
  return typeof updatedAt === 'string' && updatedAt !== '' ? `updatedAt:${updatedAt}` : `sha256:${digest(text())}`;
}

export function stringOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** "line 3, column 7" for a JSON.parse position, so the user can find the mistake. */
function where(text: string, message: string): string {
  if (/line \d+/.test(message)) {
    return '';
  }
  const position = Number(/position (\d+)/.exec(message)?.[1]);
  if (!Number.isFinite(position)) {
    return '';
  }
  const before = text.slice(0, position).split('\n');
  return ` (line ${before.length}, column ${before[before.length - 1].length + 1})`;
}

/** The text as JSON, or a SaveRefused saying where the mistake is. */
export function parseJson(text: string, what: string): unknown {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(clean);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new SaveRefused(`${what} is not valid JSON: ${message}${where(clean, message)}. Nothing was sent; fix it and save again.`);
  }
}

export interface IdReport {
  /** Items that carry no id, or an id this collection did not have, while ids it had are gone. */
  lost: ItemInfo[];
  /** How many ids present when the collection was opened are gone (deleted items included). */
  missing: number;
}

/**
 * Compares an edited collection's item ids with those it had when opened. Deleting items is
 * editing; what deserves a warning is items that lost their id (Postman deletes and
 * recreates those). Two items with one id are refused: Postman cannot tell them apart.
 */
export function checkIds(opened: ReadonlyMap<string, string>, edited: CollectionDocument): IdReport {
  const items = itemsOf(edited.item);
  const seen = new Map<string, string>();
  for (const item of items) {
    if (item.id === undefined) {
      continue;
    }
    const other = seen.get(item.id);
    if (other !== undefined) {
      throw new SaveRefused(
        `Not saved: "${other}" and "${item.name}" have the same id (${item.id}). Remove the "id" of the copy so Postman creates it as a new item. Nothing was sent.`,
      );
    }
    seen.set(item.id, item.name);
  }
  let missing = 0;
  for (const id of opened.keys()) {
    if (!seen.has(id)) {
      missing++;
    }
  }
  const lost = missing === 0 ? [] : items.filter((i) => i.id === undefined || !opened.has(i.id));
  return { lost, missing };
}

/** Fields Postman sets itself: never sent back (it would ignore or refuse them). */
export const SERVER_INFO_FIELDS = ['updatedAt', 'createdAt', 'lastUpdatedBy', 'uid', 'fork'];

/** The body of `PUT /collections/{uid}` (under `collection`) for an edited collection. */
export function collectionPutBody(edited: CollectionDocument): CollectionDocument {
  const info: CollectionDocument['info'] = { ...edited.info };
  for (const key of SERVER_INFO_FIELDS) {
    delete info[key];
  }
  return { ...edited, info };
}

/** The body of `PUT /environments/{uid}`: its name and variables. */
export function environmentPutBody(edited: EnvironmentDocument): EnvironmentUpdate {
  return { name: edited.name, values: edited.values };
}

/** A JSON value as text with every object's keys sorted: equal for equal values, whatever the key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObj(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Whether two JSON values are equal, whatever the key order of their objects (arrays keep theirs). */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** What Postman stamps on every folder, request and saved response it stores (`GET /collections/{id}`). */
export const SERVER_ITEM_FIELDS = ['uid', 'createdAt', 'updatedAt'];

/** A collection's items without Postman's own stamps (or the `fields` given), at any depth, saved responses included. */
export function unstamped(items: unknown, fields: readonly string[] = SERVER_ITEM_FIELDS): unknown {
  if (!Array.isArray(items)) {
    return items;
  }
  const clean = (v: unknown): unknown => {
    if (!isObj(v)) {
      return v;
    }
    const copy: Obj = { ...v };
    for (const key of fields) {
      delete copy[key];
    }
    if (Array.isArray(copy.response)) {
      copy.response = copy.response.map(clean);
    }
    if (Array.isArray(copy.item)) {
      copy.item = unstamped(copy.item, fields);
    }
    return copy;
  };
  return items.map(clean);
}

/**
 * A local collection file made ready for `POST /collections`: Collection Format v2.0/v2.1,
 * bare or wrapped in `{"collection": …}` (as the API returns it). Ids are removed so Postman
 * gives the new collection and its items ids of their own instead of clashing with the
 * collection the file came from.
 */
export function prepareImport(text: string): CollectionDocument {
  let value = parseJson(text, 'The file');
  if (isObj(value) && isObj(value.collection) && value.info === undefined) {
    value = value.collection;
  }
  const refuse = (problem: string): never => {
    throw new SaveRefused(`Cannot import this file: ${problem}.`);
  };
  if (!isObj(value)) {
    return refuse('it is not a JSON object');
  }
  if (Array.isArray(value.values) && value.info === undefined) {
    refuse('it is a Postman environment, not a collection');
  }
  if (Array.isArray(value.requests) || Array.isArray(value.order)) {
    refuse('it is in Collection Format v1; export it from Postman as Collection v2.1 and import that file');
  }
  const info = value.info;
  if (!isObj(info) || typeof info.name !== 'string' || info.name.trim() === '') {
    refuse('it has no "info.name"; a Postman collection (v2.1) starts with {"info": {"name": …}, "item": […]}');
  }
  if (!Array.isArray(value.item)) {
    refuse('it has no "item" array');
  }
  const cleanInfo = info as Obj;
  for (const key of ['_postman_id', ...SERVER_INFO_FIELDS]) {
    delete cleanInfo[key];
  }
  eachItem(value.item, (item) => {
    for (const owner of [item, ...(Array.isArray(item.response) ? item.response.filter(isObj) : [])]) {
      delete owner.id;
      delete owner.uid;
    }
  });
  return value as CollectionDocument;
}
