import * as assert from 'node:assert/strict';
import { insertItem, isWithin, locate, locateResponse, removeItem, renameItem, replaceItem } from '../../src/postman/itemTree';
import type { CollectionDocument } from '../../src/postman';

/**
 * The pure changes to a cached collection's item tree (src/postman/itemTree.ts) that the tree
 * edits and item saves apply once Postman confirmed them: where an item is, and putting a new
 * copy in place, renaming, taking out and inserting, each checked to the exact list and place.
 */

type Obj = Record<string, unknown>;

/**
 * A collection with:
 *   junk (null, a string, an array): skipped
 *   f1 "Orders" (folder)
 *     r1 "List" (request; responses x1, x2)
 *     f2 "Archive" (folder)
 *       r2 "Old" (request; response x3)
 *       dup "Deep twin"
 *   r3 "Health" (request, no responses)
 *   dup "Top twin"
 *   f3 "Empty" (folder, no items)
 */
function sample(): CollectionDocument {
  return {
    info: { name: 'Shop', _postman_id: 'c' },
    item: [
      null,
      'junk',
      Object.assign([], { id: 'r3' }),
      {
        id: 'f1', name: 'Orders', description: 'orders', item: [
          { id: 'r1', name: 'List', request: { method: 'GET', url: 'https://x/orders' }, response: [{ id: 'x1', name: 'OK', code: 200 }, null, { id: 'x2', name: 'Gone', code: 404 }] },
          { id: 'f2', name: 'Archive', item: [
            { id: 'r2', name: 'Old', request: { method: 'DELETE', url: 'https://x/old' }, response: [{ id: 'x3', name: 'Deleted', code: 204 }] },
            { id: 'dup', name: 'Deep twin', request: { method: 'GET', url: 'u' } },
          ] },
        ],
      },
      { id: 'r3', name: 'Health', request: { method: 'GET', url: 'https://x/health' } },
      { id: 'dup', name: 'Top twin', request: { method: 'GET', url: 'u' } },
      { id: 'f3', name: 'Empty', item: [] },
    ],
  };
}

/** The ids of a list's entries; an entry that is not an object as itself, an array as '[]'. */
const ids = (list: unknown): unknown[] => (list as unknown[]).map((i) => (Array.isArray(i) ? '[]' : typeof i === 'object' && i !== null ? (i as Obj).id : i));
const at = (c: CollectionDocument, ...path: number[]): Obj => {
  let node: unknown = c.item[path[0]];
  for (const i of path.slice(1)) {
    node = ((node as Obj).item as unknown[])[i];
  }
  return node as Obj;
};

describe('itemTree: locate', () => {
  it('finds a top-level item in the collection list, with no folder', () => {
    const c = sample();
    const found = locate(c.item, 'r3');
    assert.ok(found);
    assert.equal(found.item, c.item[4]);
    assert.equal(found.list, c.item);
    assert.equal(found.index, 4);
    assert.equal(found.folder, undefined);
  });

  it('finds an item at any depth, with the list and folder that hold it', () => {
    const c = sample();
    const orders = at(c, 3);
    const archive = at(c, 3, 1);
    const r1 = locate(c.item, 'r1');
    assert.deepEqual(r1 && [r1.item, r1.list, r1.index, r1.folder], [(orders.item as unknown[])[0], orders.item, 0, orders]);
    assert.equal(r1?.item, (orders.item as unknown[])[0]);
    assert.equal(r1?.list, orders.item);
    assert.equal(r1?.folder, orders);
    const r2 = locate(c.item, 'r2');
    assert.equal(r2?.item, (archive.item as unknown[])[0]);
    assert.equal(r2?.list, archive.item);
    assert.equal(r2?.index, 0);
    assert.equal(r2?.folder, archive);
    const f2 = locate(c.item, 'f2');
    assert.equal(f2?.item, archive);
    assert.equal(f2?.index, 1);
    assert.equal(f2?.folder, orders);
    const f3 = locate(c.item, 'f3');
    assert.equal(f3?.index, 6);
    assert.equal(f3?.folder, undefined);
  });

  it('returns the first match in document order (depth first), not a later twin', () => {
    const c = sample();
    const found = locate(c.item, 'dup');
    assert.equal(found?.item.name, 'Deep twin');
    assert.equal(found?.index, 1);
    assert.equal(found?.folder?.id, 'f2');
  });

  it('looks at a folder itself before what it holds, and passes a folder that does not hold it', () => {
    const items = [{ id: 'a', name: 'A', item: [{ id: 'a', name: 'inner A' }] }, { id: 'b', item: [{ id: 'c' }] }, { id: 'z' }];
    assert.equal(locate(items, 'a')?.item.name, 'A');
    assert.equal(locate(items, 'z')?.index, 2);
    assert.equal(locate(items, 'c')?.folder, items[1]);
  });

  it('skips entries that are not objects (null, text, arrays) and finds nothing for an unknown id or a response id', () => {
    const c = sample();
    assert.equal(locate(c.item, 'r3')?.index, 4, 'the array carrying id r3 is skipped');
    assert.equal(locate(c.item, 'nope'), undefined);
    assert.equal(locate(c.item, 'x1'), undefined, 'saved responses are not items');
    assert.equal(locate([], 'r1'), undefined);
    assert.equal(locate([null, 5, 'r1', ['r1']], 'r1'), undefined);
  });

  it('skips a function even when it carries the id', () => {
    const items = [Object.assign(() => 0, { id: 'a', item: [{ id: 'b' }] }), { id: 'a', name: 'real' }];
    assert.equal(locate(items, 'a')?.index, 1);
    assert.equal(locate(items, 'b'), undefined);
  });

  it('passes the given folder down as the holder of top-level entries', () => {
    const holder = { id: 'h' };
    const items = [{ id: 'a' }];
    assert.equal(locate(items, 'a', holder)?.folder, holder);
  });
});

describe('itemTree: locateResponse', () => {
  it('finds a saved response at any depth, with its list, place and request', () => {
    const c = sample();
    const r1 = (at(c, 3).item as Obj[])[0];
    const x2 = locateResponse(c.item, 'x2');
    assert.ok(x2);
    assert.equal(x2.response, (r1.response as unknown[])[2]);
    assert.equal(x2.list, r1.response);
    assert.equal(x2.index, 2);
    assert.equal(x2.request, r1);
    const r2 = (at(c, 3, 1).item as Obj[])[0];
    const x3 = locateResponse(c.item, 'x3');
    assert.equal(x3?.request, r2);
    assert.equal(x3?.index, 0);
    assert.equal(x3?.response.name, 'Deleted');
  });

  it('finds nothing for an unknown id, an item id, or responses of a folder (a folder holds items only)', () => {
    const c = sample();
    assert.equal(locateResponse(c.item, 'nope'), undefined);
    assert.equal(locateResponse(c.item, 'r1'), undefined);
    const odd = [{ id: 'f', item: [], response: [{ id: 'y' }] }];
    assert.equal(locateResponse(odd, 'y'), undefined);
    assert.equal(locateResponse([null, 'x', { id: 'r', response: 'not a list' }, { id: 's', response: [null, 'y', ['y']] }], 'y'), undefined);
  });

  it('skips a function among items and among responses', () => {
    const items = [Object.assign(() => 0, { id: 'r', response: [{ id: 'y' }] }), { id: 's', response: [Object.assign(() => 0, { id: 'y' }), { id: 'y', name: 'real' }] }];
    const found = locateResponse(items, 'y');
    assert.equal(found?.request, items[1]);
    assert.equal(found?.index, 1);
    assert.equal(found?.response.name, 'real');
  });

  it('keeps looking past a folder and a request that do not hold it', () => {
    const items = [{ id: 'f', item: [{ id: 'r0', response: [{ id: 'a' }] }] }, { id: 'r', response: [{ id: 'b' }] }, { id: 's', response: [{ id: 'c' }, { id: 'y' }] }];
    const found = locateResponse(items, 'y');
    assert.equal(found?.request, items[2]);
    assert.equal(found?.index, 1);
  });
});

describe('itemTree: replaceItem', () => {
  it('a folder: the new content with its id, keeping the items it holds (not the ones sent)', () => {
    const c = sample();
    const orders = at(c, 3);
    const children = orders.item;
    assert.equal(replaceItem(c, 'folder', 'f1', { id: 'other', name: 'Orders v2', description: 'new', item: [], response: ['kept as sent'] }), true);
    const next = at(c, 3);
    assert.notEqual(next, orders, 'a new object in its place');
    assert.deepEqual(Object.keys(next), ['id', 'name', 'description', 'item', 'response']);
    assert.equal(next.id, 'f1', 'the id is the one asked for');
    assert.equal(next.name, 'Orders v2');
    assert.equal(next.description, 'new');
    assert.equal(next.item, children, 'its items stay');
    assert.deepEqual(next.response, ['kept as sent'], 'only a folder\'s items are its children');
    assert.equal(orders.name, 'Orders', 'the old object is not changed');
  });

  it('a nested request: keeps its saved responses, and takes the new content in its own list and place', () => {
    const c = sample();
    const archive = at(c, 3, 1);
    const old = (archive.item as Obj[])[0];
    const responses = old.response;
    assert.equal(replaceItem(c, 'request', 'r2', { name: 'Older', request: { method: 'PUT', url: 'v' }, response: [], item: ['as sent'] }), true);
    const next = (archive.item as Obj[])[0];
    assert.deepEqual(next, { name: 'Older', request: { method: 'PUT', url: 'v' }, response: responses, item: ['as sent'], id: 'r2' });
    assert.equal(next.response, responses);
    assert.equal((archive.item as Obj[]).length, 2);
    assert.equal((archive.item as Obj[])[1].id, 'dup');
  });

  it('a request without responses gets none added; a folder without items none either', () => {
    const c = sample();
    assert.equal(replaceItem(c, 'request', 'r3', { name: 'H' }), true);
    assert.deepEqual(c.item[4], { name: 'H', id: 'r3' });
    assert.equal('response' in (c.item[4] as Obj), false);
    const odd: CollectionDocument = { info: { name: 'o' }, item: [{ id: 'f', item: [] }] };
    (odd.item[0] as Obj).item = undefined;
    assert.equal(replaceItem(odd, 'folder', 'f', { name: 'F' }), true);
    assert.deepEqual(odd.item[0], { name: 'F', id: 'f' });
    assert.equal('item' in (odd.item[0] as Obj), false);
  });

  it('a saved response: the content as sent, with its id, in its request\'s list', () => {
    const c = sample();
    const r1 = (at(c, 3).item as Obj[])[0];
    assert.equal(replaceItem(c, 'response', 'x2', { id: 'zz', name: 'Not found', code: 404, item: ['sent'], response: ['sent'] }), true);
    assert.deepEqual((r1.response as unknown[])[2], { id: 'x2', name: 'Not found', code: 404, item: ['sent'], response: ['sent'] });
    assert.deepEqual(ids(r1.response), ['x1', null, 'x2']);
  });

  it('false, and nothing changed, when the collection does not hold it (a response id is no request, an item id no response)', () => {
    const c = sample();
    const before = structuredClone(c);
    assert.equal(replaceItem(c, 'request', 'nope', { name: 'n' }), false);
    assert.equal(replaceItem(c, 'folder', 'x1', { name: 'n' }), false);
    assert.equal(replaceItem(c, 'response', 'r1', { name: 'n' }), false);
    assert.deepEqual(c, before);
  });
});

describe('itemTree: renameItem', () => {
  it('renames a folder, a request and a saved response in place, and only them', () => {
    const c = sample();
    const archive = at(c, 3, 1);
    assert.equal(renameItem(c, 'f2', 'Attic'), true);
    assert.equal(at(c, 3, 1), archive, 'the same object');
    assert.equal(archive.name, 'Attic');
    assert.equal(renameItem(c, 'r3', 'Ping'), true);
    assert.equal((c.item[4] as Obj).name, 'Ping');
    assert.equal(renameItem(c, 'x3', 'Removed'), true);
    const r2 = (archive.item as Obj[])[0];
    assert.deepEqual(r2.response, [{ id: 'x3', name: 'Removed', code: 204 }]);
    assert.equal(at(c, 3).name, 'Orders');
    assert.equal(renameItem(c, 'dup', 'Twin'), true);
    assert.equal((archive.item as Obj[])[1].name, 'Twin', 'the first match');
    assert.equal((c.item[5] as Obj).name, 'Top twin');
  });

  it('false, and nothing changed, for an id the collection does not hold', () => {
    const c = sample();
    const before = structuredClone(c);
    assert.equal(renameItem(c, 'nope', 'x'), false);
    assert.deepEqual(c, before);
  });

  it('an item wins over a saved response of the same id', () => {
    const c: CollectionDocument = { info: { name: 'c' }, item: [{ id: 'r', response: [{ id: 's', name: 'resp' }] }, { id: 's', name: 'item' }] };
    assert.equal(renameItem(c, 's', 'renamed'), true);
    assert.deepEqual(c.item, [{ id: 'r', response: [{ id: 's', name: 'resp' }] }, { id: 's', name: 'renamed' }]);
  });
});

describe('itemTree: removeItem', () => {
  it('takes a nested item out of its list and returns it', () => {
    const c = sample();
    const archive = at(c, 3, 1);
    const r2 = (archive.item as Obj[])[0];
    assert.equal(removeItem(c, 'r2'), r2);
    assert.deepEqual(ids(archive.item), ['dup']);
  });

  it('takes a folder out with everything in it; a top-level item from the collection list', () => {
    const c = sample();
    const orders = at(c, 3);
    assert.equal(removeItem(c, 'f1'), orders);
    assert.deepEqual(ids(c.item), [null, 'junk', '[]', 'r3', 'dup', 'f3']);
    assert.equal(locate(c.item, 'r1'), undefined);
    assert.equal(removeItem(c, 'f3')?.name, 'Empty');
    assert.deepEqual(ids(c.item), [null, 'junk', '[]', 'r3', 'dup']);
  });

  it('takes a saved response out of its request and returns it', () => {
    const c = sample();
    const r1 = (at(c, 3).item as Obj[])[0];
    const x1 = (r1.response as Obj[])[0];
    assert.equal(removeItem(c, 'x1'), x1);
    assert.deepEqual(ids(r1.response), [null, 'x2']);
    assert.deepEqual(removeItem(c, 'x2'), { id: 'x2', name: 'Gone', code: 404 });
    assert.deepEqual(ids(r1.response), [null]);
  });

  it('undefined, and nothing changed, when it is not there', () => {
    const c = sample();
    const before = structuredClone(c);
    assert.equal(removeItem(c, 'nope'), undefined);
    assert.deepEqual(c, before);
  });

  it('only the first of two twins', () => {
    const c = sample();
    assert.equal(removeItem(c, 'dup')?.name, 'Deep twin');
    assert.equal(removeItem(c, 'dup')?.name, 'Top twin');
    assert.equal(removeItem(c, 'dup'), undefined);
  });
});

describe('itemTree: insertItem', () => {
  const fresh = (id: string): Obj => ({ id, name: id });

  it('at the end of the collection\'s top level', () => {
    const c = sample();
    const item = fresh('n');
    assert.equal(insertItem(c, item, { folder: undefined }), true);
    assert.equal(c.item.length, 8);
    assert.equal(c.item[7], item);
  });

  it('at the end of a folder, at any depth', () => {
    const c = sample();
    const item = fresh('n');
    assert.equal(insertItem(c, item, { folder: 'f2' }), true);
    assert.deepEqual(ids(at(c, 3, 1).item), ['r2', 'dup', 'n']);
    assert.equal((at(c, 3, 1).item as unknown[])[2], item);
    assert.equal(c.item.length, 7, 'not at the top');
  });

  it('gives a folder without an items list one', () => {
    const c: CollectionDocument = { info: { name: 'c' }, item: [{ id: 'f', name: 'bare' }, { id: 'g', item: 'not a list' }] };
    assert.equal(insertItem(c, fresh('n'), { folder: 'f' }), true);
    assert.deepEqual(c.item[0], { id: 'f', name: 'bare', item: [{ id: 'n', name: 'n' }] });
    assert.equal(insertItem(c, fresh('m'), { folder: 'g' }), true);
    assert.deepEqual((c.item[1] as Obj).item, [{ id: 'm', name: 'm' }]);
  });

  it('keeps a folder\'s existing items list (the same array)', () => {
    const c = sample();
    const list = at(c, 3).item;
    insertItem(c, fresh('n'), { folder: 'f1' });
    assert.equal(at(c, 3).item, list);
    assert.deepEqual(ids(list), ['r1', 'f2', 'n']);
  });

  it('before a sibling: in the middle, and before the first', () => {
    const c = sample();
    assert.equal(insertItem(c, fresh('n'), { folder: 'f2', before: 'dup' }), true);
    assert.deepEqual(ids(at(c, 3, 1).item), ['r2', 'n', 'dup']);
    assert.equal(insertItem(c, fresh('m'), { folder: 'f2', before: 'r2' }), true);
    assert.deepEqual(ids(at(c, 3, 1).item), ['m', 'r2', 'n', 'dup']);
    assert.equal(insertItem(c, fresh('t'), { folder: undefined, before: 'r3' }), true);
    assert.deepEqual(ids(c.item), [null, 'junk', '[]', 'f1', 't', 'r3', 'dup', 'f3']);
  });

  it('before a sibling only in the list it goes to, skipping entries that are not objects', () => {
    const c = sample();
    // r1 is in f1, not in f2: the item goes to f2's end.
    assert.equal(insertItem(c, fresh('n'), { folder: 'f2', before: 'r1' }), true);
    assert.deepEqual(ids(at(c, 3, 1).item), ['r2', 'dup', 'n']);
    assert.deepEqual(ids(at(c, 3).item), ['r1', 'f2']);
    // At the top the array entry carrying id r3 is not a sibling: the real r3 is.
    insertItem(c, fresh('m'), { folder: undefined, before: 'r3' });
    assert.deepEqual(ids(c.item), [null, 'junk', '[]', 'f1', 'm', 'r3', 'dup', 'f3']);
  });

  it('without a sibling named: at the end, even when the list holds items without an id', () => {
    const c: CollectionDocument = { info: { name: 'c' }, item: [{ name: 'no id' }, { id: 'a' }, Object.assign(() => 0, { id: 'b' })] };
    assert.equal(insertItem(c, fresh('n'), { folder: undefined }), true);
    assert.deepEqual(ids(c.item).slice(0, 2), [undefined, 'a']);
    assert.equal((c.item[3] as Obj).id, 'n');
    assert.equal(insertItem(c, fresh('m'), { folder: undefined, before: 'b' }), true, 'a function is no sibling');
    assert.equal((c.item[4] as Obj).id, 'm');
  });

  it('an unknown sibling: at the end', () => {
    const c = sample();
    assert.equal(insertItem(c, fresh('n'), { folder: 'f1', before: 'nope' }), true);
    assert.deepEqual(ids(at(c, 3).item), ['r1', 'f2', 'n']);
    assert.equal(insertItem(c, fresh('m'), { folder: undefined, before: 'nope' }), true);
    assert.equal((c.item[7] as Obj).id, 'm');
  });

  it('false, and nothing changed, for a folder the collection does not hold (a response id is no folder)', () => {
    const c = sample();
    const before = structuredClone(c);
    assert.equal(insertItem(c, fresh('n'), { folder: 'nope' }), false);
    assert.equal(insertItem(c, fresh('n'), { folder: 'x1', before: 'r1' }), false);
    assert.deepEqual(c, before);
  });
});

describe('itemTree: isWithin', () => {
  it('true for the folder itself and for anything inside it, at any depth', () => {
    const c = sample();
    assert.equal(isWithin(c, 'f1', 'f1'), true);
    assert.equal(isWithin(c, 'f1', 'r1'), true);
    assert.equal(isWithin(c, 'f1', 'f2'), true);
    assert.equal(isWithin(c, 'f1', 'r2'), true);
    assert.equal(isWithin(c, 'f2', 'r2'), true);
    assert.equal(isWithin(c, 'f3', 'f3'), true);
  });

  it('false for what is outside it, above it, beside it, or not there', () => {
    const c = sample();
    assert.equal(isWithin(c, 'f2', 'f1'), false, 'its parent');
    assert.equal(isWithin(c, 'f2', 'r1'), false, 'a sibling');
    assert.equal(isWithin(c, 'f1', 'r3'), false);
    assert.equal(isWithin(c, 'f3', 'r1'), false, 'an empty folder holds nothing');
    assert.equal(isWithin(c, 'f1', 'nope'), false);
    assert.equal(isWithin(c, 'nope', 'r1'), false, 'an unknown folder holds nothing');
    assert.equal(isWithin(c, 'nope', 'nope'), false, 'an unknown folder is not itself');
    assert.equal(isWithin(c, 'f1', 'x1'), false, 'saved responses are not items');
  });

  it('a request holds nothing but is itself', () => {
    const c = sample();
    assert.equal(isWithin(c, 'r3', 'r3'), true);
    assert.equal(isWithin(c, 'r1', 'x1'), false);
    const odd: CollectionDocument = { info: { name: 'o' }, item: [{ id: 'r', item: 'text' }, { id: 's' }] };
    assert.equal(isWithin(odd, 'r', 's'), false);
  });
});
