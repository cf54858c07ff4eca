import { createHash } from 'node:crypto';
import type { CollectionDocument, EnvironmentDocument, EnvironmentUpdate } from '../../postman';

/**
 * What a `postman:` document holds and what may be sent back, without VS Code: the text
 * the editor shows, the checks a save passes before any request, the ids Postman needs
 * kept, and the body of the PUT. Plain functions, so the benchmark and unit tests use
 * exactly what the extension runs.
 */

export type DocumentKind = 'collection' | 'environment';
export type Resource = CollectionDocument | EnvironmentDocument;

/** A save refused before anything was sent; the message says why and what to do. */
export class SaveRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SaveRefused';
  }
}

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

export function nameOf(kind: DocumentKind, resource: Resource): string {
  return kind === 'collection' ? (resource as CollectionDocument).info.name : (resource as EnvironmentDocument).name;
}

export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A resource's version, compared at save time: Postman's `updatedAt` when it sends one,
 * otherwise a digest of the content.
 */
export function versionOf(kind: DocumentKind, resource: Resource, text?: string): string {
  const updatedAt = kind === 'collection' ? (resource as CollectionDocument).info?.updatedAt : (resource as EnvironmentDocument).updatedAt;
  return typeof updatedAt === 'string' && updatedAt !== '' ? `updatedAt:${updatedAt}` : `sha256:${digest(text ?? serialize(resource))}`;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

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

function parseJson(text: string, what: string): unknown {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(clean);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new SaveRefused(`${what} is not valid JSON: ${message}${where(clean, message)}. Nothing was sent; fix it and save again.`);
  }
}

/**
 * Parses an edited document and checks what Postman needs before anything is sent: a
 * collection keeps `info.name`, an `item` array of objects and its `_postman_id`; an
 * environment keeps its `name` and a `values` array of variables with keys.
 */
export function parseEdited(kind: DocumentKind, text: string, postmanId?: string): Resource {
  const value = parseJson(text, `This ${kind}`);
  const refuse = (problem: string): never => {
    throw new SaveRefused(`Not saved: ${problem}. Nothing was sent to Postman.`);
  };
  if (!isObj(value)) {
    return refuse(`a ${kind} must be a JSON object`);
  }
  if (kind === 'environment') {
    if (typeof value.name !== 'string' || value.name.trim() === '') {
      refuse('the environment needs a "name" (a non-empty string)');
    }
    if (!Array.isArray(value.values)) {
      refuse('the environment needs a "values" array of variables');
    }
    (value.values as unknown[]).forEach((v, i) => {
      if (!isObj(v) || typeof v.key !== 'string') {
        refuse(`"values[${i}]" must be an object with a "key" string`);
      }
    });
    return value as EnvironmentDocument;
  }
  if (isObj(value.collection) && value.info === undefined) {
    refuse('the document must be the collection itself ({"info": …, "item": […]}), not wrapped in {"collection": …}');
  }
  const info = value.info;
  if (!isObj(info)) {
    return refuse('the collection needs its "info" object');
  }
  if (typeof info.name !== 'string' || info.name.trim() === '') {
    refuse('the collection needs "info.name" (a non-empty string)');
  }
  if (!Array.isArray(value.item)) {
    refuse('the collection needs its "item" array');
  }
  const walk = (list: unknown[], path: string) =>
    list.forEach((item, i) => {
      if (!isObj(item)) {
        refuse(`${path}[${i}] must be an object (a folder or a request)`);
      }
      const inner = (item as Obj).item;
      if (inner !== undefined) {
        if (!Array.isArray(inner)) {
          refuse(`${path}[${i}].item must be an array`);
        }
        walk(inner as unknown[], `${path}[${i}].item`);
      }
    });
  walk(value.item as unknown[], 'item');
  if (postmanId && info._postman_id !== undefined && info._postman_id !== postmanId) {
    refuse(`"info._postman_id" was changed; it must stay "${postmanId}" (it names this collection in Postman)`);
  }
  return value as CollectionDocument;
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
const SERVER_INFO_FIELDS = ['updatedAt', 'createdAt', 'lastUpdatedBy', 'uid', 'fork'];

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

/** What Postman stamps on every folder, request and saved response it stores (`GET /collections/{id}`). */
const SERVER_ITEM_FIELDS = ['uid', 'createdAt', 'updatedAt'];

/** A collection's items without Postman's own stamps, at any depth, saved responses included. */
function unstamped(items: unknown): unknown {
  if (!Array.isArray(items)) {
    return items;
  }
  const clean = (v: unknown): unknown => {
    if (!isObj(v)) {
      return v;
    }
    const copy: Obj = { ...v };
    for (const key of SERVER_ITEM_FIELDS) {
      delete copy[key];
    }
    if (Array.isArray(copy.response)) {
      copy.response = copy.response.map(clean);
    }
    if (Array.isArray(copy.item)) {
      copy.item = unstamped(copy.item);
    }
    return copy;
  };
  return items.map(clean);
}

/**
 * Whether two copies of a resource say the same, the fields Postman sets itself aside (on
 * the collection's info and on every item and saved response): what a PUT of the one would
 * send is what the other holds. A copy just saved and read back is the same as the edit.
 */
export function sameContent(kind: DocumentKind, a: Resource, b: Resource): boolean {
  const body = (r: Resource) => {
    if (kind === 'environment') {
      return environmentPutBody(r as EnvironmentDocument);
    }
    const put = collectionPutBody(r as CollectionDocument);
    return { ...put, item: unstamped(put.item) };
  };
  return canonical(body(a)) === canonical(body(b));
}

/** Secret variables of an environment that have a value (an exported copy would show them). */
export function secretValues(environment: EnvironmentDocument): number {
  return environment.values.filter((v) => v.type === 'secret' && v.value !== '').length;
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
