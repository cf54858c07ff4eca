import type { CollectionDocument, ItemModel } from './types';

export type { ItemModel } from './types';

/**
 * Changes to the item tree of a cached collection (Collection Format v2.1), made after Postman
 * confirmed an edit of one item, so the tree and open documents show it without loading the
 * whole collection again. Pure functions on the value: no call, no VS Code.
 */

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where a folder or request sits: its list (the collection's `item` or a folder's) and its place in it. */
export interface Located {
  item: Obj;
  list: unknown[];
  index: number;
  /** The folder holding it; undefined at the collection's top level. */
  folder: Obj | undefined;
}

/** The folder or request with this id, at any depth. */
export function locate(items: unknown[], id: string, folder?: Obj): Located | undefined {
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (!isObj(item)) {
      continue;
    }
    if (item.id === id) {
      return { item, list: items, index, folder };
    }
    if (Array.isArray(item.item)) {
      const found = locate(item.item, id, item);
      if (found) {
        return found;
      }
    }
  }
  return undefined;
}

/** The saved response with this id, with the request that holds it. */
export function locateResponse(items: unknown[], id: string): { response: Obj; list: unknown[]; index: number; request: Obj } | undefined {
  for (const item of items) {
    if (!isObj(item)) {
      continue;
    }
    if (Array.isArray(item.item)) {
      const found = locateResponse(item.item, id);
      if (found) {
        return found;
      }
    } else if (Array.isArray(item.response)) {
      const list = item.response;
      const index = list.findIndex((r) => isObj(r) && r.id === id);
      if (index >= 0) {
        return { response: list[index] as Obj, list, index, request: item };
      }
    }
  }
  return undefined;
}

/** The fields an item's own document does not hold: its children stay as the collection has them. */
const CHILDREN: Record<ItemModel, string[]> = { folder: ['item'], request: ['response'], response: [] };

/**
 * Puts an item's new content (its v2.1 document, as Postman now holds it) in place, keeping
 * its children (a folder's items, a request's saved responses). False when the collection
 * does not hold it.
 */
export function replaceItem(c: CollectionDocument, model: ItemModel, id: string, content: Obj): boolean {
  const found = model === 'response' ? locateResponse(c.item, id) : locate(c.item, id);
  if (!found) {
    return false;
  }
  const old = 'response' in found && model === 'response' ? found.response : (found as Located).item;
  const next: Obj = { ...content, id };
  for (const key of CHILDREN[model]) {
    if (old[key] !== undefined) {
      next[key] = old[key];
    }
  }
  found.list[found.index] = next;
  return true;
}

/** Renames a folder, request or saved response in place. */
export function renameItem(c: CollectionDocument, id: string, name: string): boolean {
  const found = locate(c.item, id)?.item ?? locateResponse(c.item, id)?.response;
  if (!found) {
    return false;
  }
  found.name = name;
  return true;
}

/** Takes a folder, request or saved response out of the collection; returns it, or undefined when it is not there. */
export function removeItem(c: CollectionDocument, id: string): Obj | undefined {
  const found = locate(c.item, id) ?? locateResponse(c.item, id);
  if (!found) {
    return undefined;
  }
  found.list.splice(found.index, 1);
  return 'response' in found ? found.response : found.item;
}

/** Where an item goes: into a folder (undefined: the collection's top level), at the end or before a sibling. */
export interface Place {
  folder: string | undefined;
  before?: string;
}

/**
 * Puts an item into a folder (or the top level), before a sibling or at the end, as Postman
 * places a transfer. False when the folder is not there.
 */
export function insertItem(c: CollectionDocument, item: Obj, place: Place): boolean {
  let list: unknown[];
  if (place.folder === undefined) {
    list = c.item;
  } else {
    const folder = locate(c.item, place.folder)?.item;
    if (!folder) {
      return false;
    }
    if (!Array.isArray(folder.item)) {
      folder.item = [];
    }
    list = folder.item as unknown[];
  }
  const at = place.before === undefined ? -1 : list.findIndex((i) => isObj(i) && i.id === place.before);
  if (at < 0) {
    list.push(item);
  } else {
    list.splice(at, 0, item);
  }
  return true;
}

/** Whether `id` is the folder `ancestor` itself or sits anywhere inside it (a folder cannot move into itself). */
export function isWithin(c: CollectionDocument, ancestor: string, id: string): boolean {
  const found = locate(c.item, ancestor)?.item;
  return found !== undefined && (found.id === id || (Array.isArray(found.item) && locate(found.item, id) !== undefined));
}
