import { isObj, type Obj } from '../../documents/model/checks';
import { digest, serialize, SERVER_INFO_FIELDS, SERVER_ITEM_FIELDS, unstamped } from '../../documents/model/content';
import type { CollectionDocument, EnvironmentDocument } from '../../postman';

/**
 * The one normalisation of a linked resource, used for the file written into the repository
 * and for the hashes that say whether a side changed: keys in a fixed order, 2-space JSON, one
 * trailing newline, Postman's own stamps (times, owner, fork) left out, ids kept (a push
 * must never make Postman recreate an item).
 */

/** Keys written first, in this order, wherever they occur; the rest follow alphabetically. */
const FIRST = ['info', '_postman_id', 'id', 'name', 'key', 'value', 'type', 'enabled', 'description', 'schema'];
const RANK = new Map(FIRST.map((k, i) => [k, i]));

function byRank(a: string, b: string): number {
  const ra = RANK.get(a) ?? FIRST.length;
  const rb = RANK.get(b) ?? FIRST.length;
  return ra !== rb ? ra - rb : a < b ? -1 : a > b ? 1 : 0;
}

function ordered(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(ordered);
  }
  if (isObj(value)) {
    const out: Obj = {};
    for (const key of Object.keys(value).sort(byRank)) {
      out[key] = ordered(value[key]);
    }
    return out;
  }
  return value;
}

/** JSON as the repository holds it: 2 spaces, a trailing newline, keys in the fixed order (or as given). */
export function canonicalText(value: unknown, sortKeys = true): string {
  return serialize((sortKeys ? ordered(value) : value) as object);
}

export function sha256(text: string): string {
  return `sha256:${digest(text)}`;
}

/** Fields of a collection's `info` that Postman stamps (and that change without anyone editing): the save's, and what exports add. */
const INFO_STAMPS = [...SERVER_INFO_FIELDS, 'owner', '_exporter_id', '_collection_link'];
/** Fields Postman stamps on items and saved responses: the save's, and who changed them. */
const ITEM_STAMPS = [...SERVER_ITEM_FIELDS, 'owner', 'lastUpdatedBy', 'lastRevision'];

/** A collection as its linked file holds it. */
export function canonicalCollection(value: CollectionDocument | Obj): Obj {
  const source = value as Obj;
  const copy: Obj = { ...source };
  if (isObj(source.info)) {
    const info: Obj = { ...source.info };
    for (const key of INFO_STAMPS) {
      delete info[key];
    }
    copy.info = info;
  }
  copy.item = unstamped(source.item, ITEM_STAMPS);
  return ordered(copy) as Obj;
}

/** Environment fields Postman stamps. */
const ENVIRONMENT_STAMPS = ['owner', 'createdAt', 'updatedAt', 'isPublic', 'uid'];

/**
 * An environment as its linked file holds it; secret values are emptied unless the link
 * asks for them (a repository is no place for a secret, and a push never sends the empty
 * value back over Postman's: see `keepSecrets`).
 */
export function canonicalEnvironment(value: EnvironmentDocument | Obj, writeSecrets: boolean): Obj {
  const source = value as Obj;
  const copy: Obj = { ...source };
  for (const key of ENVIRONMENT_STAMPS) {
    delete copy[key];
  }
  if (Array.isArray(source.values)) {
    copy.values = source.values.map((v: unknown) => (isObj(v) && v.type === 'secret' && !writeSecrets ? { ...v, value: '' } : v));
  }
  return ordered(copy) as Obj;
}

/**
 * The environment a push sends: each secret that the file holds empty keeps the value Postman
 * has for that key (the file was written without it); a value typed into the file is sent.
 */
export function keepSecrets(edited: EnvironmentDocument, postman: EnvironmentDocument): EnvironmentDocument {
  const held = new Map(postman.values.filter((v) => v.type === 'secret' && v.value !== '').map((v) => [v.key, v.value]));
  return {
    ...edited,
    values: edited.values.map((v) => (v.type === 'secret' && (v.value === '' || v.value === undefined) && held.has(v.key) ? { ...v, value: held.get(v.key) as string } : v)),
  };
}
