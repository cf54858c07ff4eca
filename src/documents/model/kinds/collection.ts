import type { CollectionDocument } from '../../../postman';
import { checkIds, collectionPutBody, idsOf, parseJson, sameJson, serialize, stringOrUndefined, unstamped, versionBy } from '../content';
import { msg } from '../../../text/plain';
import type { KindBehaviour } from '../documentKind';
import { isObj, type Obj, refuse } from '../checks';

/**
 * A whole collection (Collection Format v2.1) as JSON. A save keeps item ids (Postman deletes
 * and recreates items sent without one) and `info._postman_id`.
 */
export const collectionKind: KindBehaviour<CollectionDocument> = {
  noun: 'collection',
  suffix: '.postman_collection.json',
  cacheKey: (a) => `collection:${a.uid}`,
  load: (repo, a) => repo.collection(a.uid),
  read: (client, a) => client.getCollection(a.uid),
  put: (client, a, edited) => client.updateCollection(a.uid, collectionPutBody(edited)).then(() => undefined),
  remember: (repo, a, value) => repo.update('collection', a.uid, value),
  describe: (name) => msg`collection "${name}"`,
  text: serialize,
  name: (value) => value.info.name,
  version: (value, text) => versionBy(value.info?.updatedAt, () => text ?? serialize(value)),
  updatedAt: (value) => stringOrUndefined(value.info?.updatedAt),
  parse: (text, opened) => parseCollection(text, opened?.postmanId),
  same: (a, b) => {
    const body = (c: CollectionDocument) => {
      const put = collectionPutBody(c);
      return { ...put, item: unstamped(put.item) };
    };
    return sameJson(body(a), body(b));
  },
  opened: (value, text) => {
    const postmanId = value.info._postman_id;
    return { version: collectionKind.version(value, text), ids: idsOf(value), ...(postmanId ? { postmanId } : {}) };
  },
  checkIds: (opened, edited) => checkIds(opened?.ids ?? new Map(), edited),
  workspaceName: (repo, a) => repo.workspaceNameOf('collection', a.uid),
};

/**
 * Parses an edited collection and checks what Postman needs before anything is sent: its
 * `info.name`, an `item` array of objects at every depth, and its `_postman_id` unchanged.
 */
function parseCollection(text: string, postmanId: string | undefined): CollectionDocument {
  const value = parseJson(text, 'This collection');
  if (!isObj(value)) {
    return refuse('a collection must be a JSON object');
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
