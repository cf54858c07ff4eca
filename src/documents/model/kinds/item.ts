import { itemKey, type PostmanRepository, type WireItem } from '../../../postman';
import { type ItemModel, replaceItem } from '../../../postman/itemTree';
import { msg } from '../../../text/plain';
import type { Address, KindBehaviour } from '../documentKind';
import { parseJson, sameJson, serialize, stringOrUndefined, versionBy } from '../content';
import { itemConverter } from '../items/converter';

/** One item as a document: the Collection Format v2.1 JSON the editor shows, and Postman's own copy (item format) when it came from Postman. */
export interface ItemDocument {
  document: Record<string, unknown>;
  wire?: WireItem;
}

const ITEMS: Record<ItemModel, { noun: string; suffix: string }> = {
  folder: { noun: 'folder', suffix: '.postman_folder.json' },
  request: { noun: 'request', suffix: '.postman_request.json' },
  response: { noun: 'saved response', suffix: '.postman_response.json' },
};

const idOf = (a: Address): string => a.item ?? '';

/**
 * A folder, request or saved response of a collection, opened and saved on its own through
 * Postman's item endpoints (`/collections/{id}/requests/{requestId}`…): a teammate's change
 * elsewhere in the collection is no conflict, and a save sends one item, not the collection.
 * Postman speaks its own item format there; the editor shows Collection Format v2.1 (a
 * folder without its children, a request without its saved responses: each is a document of
 * its own), converted both ways by ../items/convert. Postman's PUT merges like a PATCH, so
 * the save is computed against Postman's current copy and sends each removal explicitly.
 */
export function itemKind(model: ItemModel): KindBehaviour<ItemDocument> {
  const { noun, suffix } = ITEMS[model];
  // One document per copy of Postman's: the editor re-reads the cache often, and the converted
  // value is then the same object (no conversion, no new version).
  const converted = new WeakMap<WireItem, ItemDocument>();
  const of = (wire: WireItem): ItemDocument => {
    let value = converted.get(wire);
    if (!value) {
      value = { wire, document: itemConverter().toDocument(model, wire) };
      converted.set(wire, value);
    }
    return value;
  };
  const kind: KindBehaviour<ItemDocument> = {
    noun,
    suffix,
    isItem: true,
    cacheKey: (a) => itemKey(model, a.uid, idOf(a)),
    load: async (repo, a) => of(await repo.item(model, a.uid, idOf(a))),
    read: async (client, a) => of(await client.getItem(model, a.uid, idOf(a))),
    put: async (client, a, edited, current) =>
      of(await client.updateItem(model, a.uid, idOf(a), itemConverter().toWire(model, edited.document, current.wire))),
    remember: (repo, a, value) => rememberItem(repo, model, a, value),
    describe: (name) => msg`${noun} "${name}"`,
    text: (value) => serialize(value.document),
    name: (value) => (typeof value.document.name === 'string' ? value.document.name : ''),
    version: (value, text) => versionBy(value.wire?.updatedAt, () => text ?? serialize(value.document)),
    updatedAt: (value) => stringOrUndefined(value.wire?.updatedAt),
    parse: (text, opened) => ({ document: itemConverter().checkItem(model, parseJson(text, `This ${noun}`), opened?.postmanId) }),
    same: (a, b) => sameJson(a.document, b.document),
    opened: (value, text) => {
      const id = value.document.id;
      return { version: kind.version(value, text), ...(typeof id === 'string' ? { postmanId: id } : {}) };
    },
    workspaceName: (repo, a) => repo.workspaceNameOf('collection', a.uid),
  };
  return kind;
}

/** Postman's copy of the item goes into the cache, and into the loaded collection (the tree and an open whole-collection document follow, with no call). */
function rememberItem(repo: PostmanRepository, model: ItemModel, a: Address, value: ItemDocument): void {
  const key = itemKey(model, a.uid, idOf(a));
  repo.store(key, value.wire);
  repo.patchCollection(a.uid, (c) => replaceItem(c, model, idOf(a), value.document), value.wire?.updatedAt);
}
