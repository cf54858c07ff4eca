import * as assert from 'node:assert/strict';
import { destinationOf, targetOf } from '../../src/tree/model/editTargets';
import type { Row, RowKind } from '../../src/tree/model/row';

/** What a row stands for in an edit (targetOf), and where a drop onto a row moves things (destinationOf). */

function row(kind: RowKind, extra: Partial<Row> = {}): Row {
  return { id: `id-${kind}`, kind, parent: undefined, label: `${kind} label`, expandable: false, flags: [kind], ...extra };
}

const collection = row('collection', { workspaceId: 'w', uid: '12-c' });
const folder = row('folder', { workspaceId: 'w', collectionUid: '12-c', ids: { id: 'f', uid: '12-f' }, parent: collection });

describe('targetOf: the thing a row stands for', () => {
  it('a collection or environment: its model, UID, workspace and name', () => {
    assert.deepEqual(targetOf(collection), { model: 'collection', uid: '12-c', workspaceId: 'w', name: 'collection label' });
    assert.deepEqual(targetOf(row('environment', { workspaceId: 'w', uid: '12-e', label: 'Prod' })), { model: 'environment', uid: '12-e', workspaceId: 'w', name: 'Prod' });
  });

  it('a folder, request or saved response: its model, its collection\'s UID, its id, workspace and name', () => {
    assert.deepEqual(targetOf(folder), { model: 'folder', uid: '12-c', item: 'f', workspaceId: 'w', name: 'folder label' });
    assert.deepEqual(targetOf(row('request', { workspaceId: 'w', collectionUid: '12-c', ids: { id: 'r' }, label: 'Get' })), {
      model: 'request', uid: '12-c', item: 'r', workspaceId: 'w', name: 'Get',
    });
    assert.deepEqual(targetOf(row('response', { workspaceId: 'w', collectionUid: '12-c', ids: { id: 'x' }, label: 'OK' })), {
      model: 'response', uid: '12-c', item: 'x', workspaceId: 'w', name: 'OK',
    });
  });

  it('nothing without a workspace, a UID, a collection or an item id', () => {
    assert.equal(targetOf(row('collection', { uid: '12-c' })), undefined);
    assert.equal(targetOf(row('collection', { workspaceId: 'w' })), undefined);
    assert.equal(targetOf(row('environment', { workspaceId: 'w', uid: '' })), undefined);
    assert.equal(targetOf(row('folder', { collectionUid: '12-c', ids: { id: 'f' } })), undefined);
    assert.equal(targetOf(row('folder', { workspaceId: 'w', ids: { id: 'f' } })), undefined);
    assert.equal(targetOf(row('request', { workspaceId: 'w', collectionUid: '12-c' })), undefined);
    assert.equal(targetOf(row('request', { workspaceId: 'w', collectionUid: '12-c', ids: { uid: '12-r' } })), undefined);
    assert.equal(targetOf(row('response', { workspaceId: 'w', collectionUid: '12-c', ids: { id: '' } })), undefined);
  });

  it('nothing for the other kinds of row (workspace, group, globals, spec, variable, mock, monitor…)', () => {
    for (const kind of ['workspace', 'group', 'globals', 'spec', 'specFile', 'variable', 'mock', 'monitor', 'detail', 'message'] as const) {
      assert.equal(targetOf(row(kind, { workspaceId: 'w', uid: 'u', collectionUid: '12-c', ids: { id: 'i' } })), undefined, kind);
    }
  });
});

describe('destinationOf: where a drop onto a row moves things', () => {
  it('onto a collection: to its end', () => {
    assert.deepEqual(destinationOf(collection), { collectionUid: '12-c', workspaceId: 'w' });
  });

  it('onto a folder: to its end', () => {
    assert.deepEqual(destinationOf(folder), { collectionUid: '12-c', workspaceId: 'w', folder: 'f' });
  });

  it('onto a request in a folder: before it, in that folder', () => {
    const request = row('request', { workspaceId: 'w', collectionUid: '12-c', ids: { id: 'r' }, parent: folder });
    assert.deepEqual(destinationOf(request), { collectionUid: '12-c', workspaceId: 'w', folder: 'f', before: { model: 'request', id: 'r' } });
  });

  it('onto a request at the top of a collection: before it, in no folder', () => {
    const request = row('request', { workspaceId: 'w', collectionUid: '12-c', ids: { id: 'r' }, parent: collection });
    const to = destinationOf(request);
    assert.deepEqual(to, { collectionUid: '12-c', workspaceId: 'w', before: { model: 'request', id: 'r' } });
    assert.equal(to && 'folder' in to, false);
    const orphan = destinationOf(row('request', { workspaceId: 'w', collectionUid: '12-c', ids: { id: 'r' } }));
    assert.deepEqual(orphan, { collectionUid: '12-c', workspaceId: 'w', before: { model: 'request', id: 'r' } });
    const idless = row('folder', { workspaceId: 'w', collectionUid: '12-c', parent: collection });
    const underIdless = destinationOf(row('request', { workspaceId: 'w', collectionUid: '12-c', ids: { id: 'r' }, parent: idless }));
    assert.equal(underIdless && 'folder' in underIdless, false, 'a folder without an id names no folder');
  });

  it('nowhere onto a generated collection, a row without workspace, UID, collection or id, or a row of another kind', () => {
    assert.equal(destinationOf(row('collection', { workspaceId: 'w', uid: '12-c', flags: ['collection', 'generated', 'document'] })), undefined);
    assert.equal(destinationOf(row('collection', { uid: '12-c' })), undefined);
    assert.equal(destinationOf(row('collection', { workspaceId: 'w' })), undefined);
    assert.equal(destinationOf(row('folder', { workspaceId: 'w', ids: { id: 'f' } })), undefined);
    assert.equal(destinationOf(row('folder', { workspaceId: 'w', collectionUid: '12-c' })), undefined);
    assert.equal(destinationOf(row('folder', { collectionUid: '12-c', ids: { id: 'f' } })), undefined);
    assert.equal(destinationOf(row('request', { workspaceId: 'w', ids: { id: 'r' } })), undefined);
    assert.equal(destinationOf(row('request', { workspaceId: 'w', collectionUid: '12-c', ids: {} })), undefined);
    assert.equal(destinationOf(row('request', { workspaceId: 'w', collectionUid: '12-c' })), undefined);
    assert.equal(destinationOf(row('folder', { workspaceId: 'w', collectionUid: '12-c' })), undefined);
    assert.equal(destinationOf(row('request', { collectionUid: '12-c', ids: { id: 'r' } })), undefined);
    for (const kind of ['response', 'environment', 'workspace', 'group', 'globals', 'spec', 'message'] as const) {
      assert.equal(destinationOf(row(kind, { workspaceId: 'w', uid: 'u', collectionUid: '12-c', ids: { id: 'i' } })), undefined, kind);
    }
  });
});
