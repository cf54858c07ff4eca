import * as assert from 'node:assert/strict';
import { testNodes, type TestNode } from '../../src/runs/model/testNodes';

/** A chain of `levels` folders, each holding the next and one request; the innermost holds a request only. */
function chain(levels: number): unknown[] {
  let items: unknown[] = [{ id: `r${levels}`, name: `request ${levels}`, request: { method: 'get' } }];
  for (let level = levels - 1; level >= 0; level--) {
    items = [{ id: `f${level}`, name: `folder ${level}`, item: items }, { id: `r${level}`, name: `request ${level}`, request: 'https://x' }];
  }
  return items;
}

/** The ids along the first child of each folder, from the top down. */
function depthIds(nodes: TestNode[]): string[] {
  const ids: string[] = [];
  let level = nodes;
  while (level.length > 0) {
    ids.push(...level.map((n) => n.id));
    const folder = level.find((n): n is Extract<TestNode, { kind: 'folder' }> => n.kind === 'folder');
    level = folder ? folder.children : [];
  }
  return ids;
}

describe('test nodes of a collection', () => {
  it('folders and requests in collection order, nested', () => {
    assert.deepEqual(
      testNodes([
        { id: 'f1', name: 'Users', item: [{ id: 'r1', name: 'List users', request: { method: 'get', url: 'https://x/users' } }, { id: 'f2', name: 'Admin', item: [] }] },
        { id: 'r2', name: 'Create', request: { method: 'Post', url: 'https://x' } },
        { id: 'r3', name: 'Health', request: 'https://x/health' },
      ]),
      [
        {
          kind: 'folder',
          id: 'f1',
          name: 'Users',
          children: [
            { kind: 'request', id: 'r1', name: 'List users', method: 'GET' },
            { kind: 'folder', id: 'f2', name: 'Admin', children: [] },
          ],
        },
        { kind: 'request', id: 'r2', name: 'Create', method: 'POST' },
        { kind: 'request', id: 'r3', name: 'Health', method: 'GET' },
      ],
    );
  });

  it('no items, no nodes', () => {
    assert.deepEqual(testNodes([]), []);
  });

  it('an item is a folder when its `item` is an array, whatever else it has', () => {
    assert.deepEqual(testNodes([{ id: 'f', name: 'F', item: [], request: { method: 'POST' } }]), [{ kind: 'folder', id: 'f', name: 'F', children: [] }]);
  });

  it('an `item` that is not an array makes a request', () => {
    assert.deepEqual(
      testNodes([
        { id: 'a', name: 'A', item: { id: 'x' } },
        { id: 'b', name: 'B', item: 'x' },
        { id: 'c', name: 'C', item: null },
      ]),
      [
        { kind: 'request', id: 'a', name: 'A', method: 'GET' },
        { kind: 'request', id: 'b', name: 'B', method: 'GET' },
        { kind: 'request', id: 'c', name: 'C', method: 'GET' },
      ],
    );
  });

  it('the method is upper-cased, and GET when there is none to read', () => {
    const methods = testNodes([
      { id: '1', request: { method: 'patch' } },
      { id: '2', request: { method: 'DELETE' } },
      { id: '3', request: 'https://x' },
      { id: '4', request: { url: 'https://x' } },
      { id: '5', request: { method: 7 } },
      { id: '6', request: null },
      { id: '7' },
      { id: '8', request: Object.assign([], { method: 'put' }) },
      { id: '9', request: { method: '' } },
      { id: '10', request: { method: 'propfind' } },
    ]).map((n) => (n.kind === 'request' ? n.method : n.kind));
    assert.deepEqual(methods, ['PATCH', 'DELETE', 'GET', 'GET', 'GET', 'GET', 'GET', 'GET', '', 'PROPFIND']);
  });

  it('a missing or non-text name is empty', () => {
    assert.deepEqual(
      testNodes([
        { id: 'r', request: {} },
        { id: 'f', name: 3, item: [] },
        { id: 'e', name: '', item: [] },
      ]),
      [
        { kind: 'request', id: 'r', name: '', method: 'GET' },
        { kind: 'folder', id: 'f', name: '', children: [] },
        { kind: 'folder', id: 'e', name: '', children: [] },
      ],
    );
  });

  it('items without a text id, with an empty id, and entries that are not objects are left out', () => {
    assert.deepEqual(
      testNodes([
        { name: 'no id', request: {} },
        { id: '', name: 'empty id', request: {} },
        { id: 5, name: 'numeric id', request: {} },
        { id: null, name: 'null id', item: [{ id: 'inner' }] },
        null,
        undefined,
        'r1',
        42,
        true,
        Object.assign(['x'], { id: 'array' }),
        Object.assign([], { id: 'array folder', item: [] }),
        { id: 'kept', name: 'Kept' },
      ]),
      [{ kind: 'request', id: 'kept', name: 'Kept', method: 'GET' }],
    );
  });

  it('inside a folder, bad entries are left out and the rest kept', () => {
    assert.deepEqual(testNodes([{ id: 'f', name: 'F', item: [null, { id: '' }, { id: 'r', name: 'R', request: { method: 'head' } }, 'x'] }]), [
      { kind: 'folder', id: 'f', name: 'F', children: [{ kind: 'request', id: 'r', name: 'R', method: 'HEAD' }] },
    ]);
  });

  it('a folder without an id is left out with everything in it', () => {
    assert.deepEqual(testNodes([{ name: 'F', item: [{ id: 'r', name: 'R' }] }]), []);
  });

  it('lists folders down to depth 64 (65 levels) and nothing deeper', () => {
    const nodes = testNodes(chain(70));
    const ids = depthIds(nodes);
    const expected: string[] = [];
    for (let level = 0; level <= 64; level++) {
      expected.push(`f${level}`, `r${level}`);
    }
    assert.deepEqual(ids, expected);
    // The folder at depth 64 is listed, and empty: its children are at depth 65.
    let level: TestNode[] = nodes;
    for (let depth = 0; depth < 64; depth++) {
      const folder = level[0];
      assert.equal(folder.kind, 'folder');
      level = folder.kind === 'folder' ? folder.children : [];
    }
    assert.deepEqual(level, [
      { kind: 'folder', id: 'f64', name: 'folder 64', children: [] },
      { kind: 'request', id: 'r64', name: 'request 64', method: 'GET' },
    ]);
  });

  it('a collection exactly 65 levels deep is listed whole', () => {
    const nodes = testNodes(chain(64));
    let level: TestNode[] = nodes;
    for (let depth = 0; depth < 64; depth++) {
      const folder = level[0];
      level = folder.kind === 'folder' ? folder.children : [];
    }
    assert.deepEqual(level, [{ kind: 'request', id: 'r64', name: 'request 64', method: 'GET' }]);
  });

  it('a start depth counts toward the limit', () => {
    const items = [{ id: 'f', name: 'F', item: [{ id: 'r', name: 'R' }] }];
    assert.deepEqual(testNodes(items, 64), [{ kind: 'folder', id: 'f', name: 'F', children: [] }]);
    assert.deepEqual(testNodes(items, 63), [{ kind: 'folder', id: 'f', name: 'F', children: [{ kind: 'request', id: 'r', name: 'R', method: 'GET' }] }]);
    assert.deepEqual(testNodes(items, 65), []);
  });
});
