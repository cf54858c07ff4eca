import * as assert from 'node:assert/strict';
import { sameContent } from './kindHelpers';
import type { CollectionDocument } from '../../src/postman';

/** A collection as the editor holds it, and as Postman answers GET after storing it (stamped). */
function pair(): { edited: CollectionDocument; stored: CollectionDocument } {
  const edited = {
    info: { _postman_id: 'c1', name: 'Orders', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: [
      { id: 'f1', name: 'Folder', item: [{ id: 'r1', name: 'List', request: { method: 'GET', url: 'https://x/orders' }, response: [{ id: 'e1', name: 'OK', code: 200, body: '[]' }] }] },
    ],
  } as unknown as CollectionDocument;
  const stamp = { createdAt: '2026-12-02T10:00:00.000Z', updatedAt: '2026-12-02T10:00:00.000Z' };
  const stored = {
    info: { ...(edited.info as object), updatedAt: '2026-12-02T10:00:00.000Z', uid: '1-c1' },
    item: [
      {
        id: 'f1', name: 'Folder', uid: '1-f1', ...stamp,
        item: [{ id: 'r1', name: 'List', uid: '1-r1', ...stamp, request: { method: 'GET', url: 'https://x/orders' }, response: [{ id: 'e1', name: 'OK', code: 200, body: '[]', uid: '1-e1', ...stamp }] }],
      },
    ],
  } as unknown as CollectionDocument;
  return { edited, stored };
}

describe('sameContent: what Postman stamps is not a change', () => {
  it('a collection read back after a save, stamped on every item and saved response, is the same as the edit', () => {
    const { edited, stored } = pair();
    assert.equal(sameContent('collection', edited, stored), true);
    assert.equal(sameContent('collection', stored, edited), true);
  });

  it('a change anywhere else is a change: a name deep down, a saved response, an item gone', () => {
    const deep = pair();
    (deep.stored.item[0] as unknown as { item: { name: string }[] }).item[0].name = 'List (theirs)';
    assert.equal(sameContent('collection', deep.edited, deep.stored), false);
    const response = pair();
    (response.stored.item[0] as unknown as { item: { response: { body: string }[] }[] }).item[0].response[0].body = '[1]';
    assert.equal(sameContent('collection', response.edited, response.stored), false);
    const gone = pair();
    (gone.stored.item[0] as unknown as { item: unknown[] }).item = [];
    assert.equal(sameContent('collection', gone.edited, gone.stored), false);
    // A field named like a stamp inside a request is content, not a stamp.
    const body = pair();
    (body.stored.item[0] as unknown as { item: { request: Record<string, unknown> }[] }).item[0].request.updatedAt = 'x';
    assert.equal(sameContent('collection', body.edited, body.stored), false);
  });
});
