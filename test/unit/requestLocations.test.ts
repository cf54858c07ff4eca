import * as assert from 'node:assert/strict';
import { requestLocations } from '../../src/runs/model/requestLocations';

describe('requestLocations: where the "Send" lenses go in a collection text', () => {
  it('finds requests at any folder depth, in text order, with method (upper-cased, GET by default) and name', () => {
    const collection = {
      info: { name: 'c' },
      item: [
        { id: 'a', name: 'First', request: { method: 'post', url: 'x' } },
        { id: 'f', name: 'Folder', item: [{ id: 'b', name: 'Nested', request: 'https://example.com' }, { id: 'g', name: 'Deeper', item: [{ id: 'c', request: { url: 'y' } }] }] },
      ],
    };
    const text = JSON.stringify(collection, null, 2);
    const found = requestLocations(text);
    assert.deepEqual(found.map((r) => [r.id, r.name, r.method]), [['a', 'First', 'POST'], ['b', 'Nested', 'GET'], ['c', '', 'GET']]);
    for (const r of found) {
      assert.equal(text[r.offset], '{');
      assert.ok(text.slice(r.offset, r.offset + 200).includes(`"id": "${r.id}"`));
    }
  });

  it('leaves out items without an id or without a request, and folders themselves', () => {
    const text = JSON.stringify({ item: [{ name: 'no id', request: { url: 'x' } }, { id: '', request: {} }, { id: 'x', name: 'no request' }, { id: 'f', item: [] }, 'not an object', { id: 7, request: {} }] });
    assert.deepEqual(requestLocations(text), []);
  });

  it('reads what it can of text being edited, and nothing of text that is not a collection', () => {
    assert.deepEqual(requestLocations('{"item": [{"id": "a", "request": {"method": "GET"}}, {"id": "b", "req'), [{ id: 'a', name: '', method: 'GET', offset: 10 }]);
    assert.deepEqual(requestLocations('[{"item": [{"id": "a", "request": {}}]}]'), []);
    assert.deepEqual(requestLocations('{"item": {"id": "a", "request": {}}}'), []);
    assert.deepEqual(requestLocations(''), []);
    assert.deepEqual(requestLocations('{"info": {}}'), []);
  });

  it('accepts trailing commas as the editor does, and a method that is not a string falls back to GET', () => {
    assert.deepEqual(requestLocations('{"item": [{"id": "a", "request": {"method": 5},},]}').map((r) => r.method), ['GET']);
  });

  it('stops at a depth no collection reaches, instead of overflowing', () => {
    let items: unknown = [{ id: 'leaf', request: {} }];
    for (let i = 0; i < 70; i++) {
      items = [{ id: `f${i}`, item: items }];
    }
    assert.deepEqual(requestLocations(JSON.stringify({ item: items })), []);
    let shallow: unknown = [{ id: 'leaf', request: {} }];
    for (let i = 0; i < 60; i++) {
      shallow = [{ id: `f${i}`, item: shallow }];
    }
    assert.deepEqual(requestLocations(JSON.stringify({ item: shallow })).map((r) => r.id), ['leaf']);
  });
});
