import * as assert from 'node:assert/strict';
import { checkIds, collectionPutBody, digest, environmentPutBody, idsOf, itemsOf, prepareImport, SaveRefused, serialize } from '../../src/documents/model/content';
import { nameOf, parseEdited, sameContent, secretValues, versionOf } from './kindHelpers';
import type { CollectionDocument, EnvironmentDocument } from '../../src/postman';

/**
 * What a `postman:` document shows and what a save may send, in plain Node: the text, the
 * checks that refuse a broken edit before any request, the ids Postman needs kept, and the
 * body of the PUT.
 */
const collection = (over: Partial<CollectionDocument> = {}): CollectionDocument => ({
  info: { _postman_id: 'pid-1', name: 'Payments', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json', updatedAt: '2025-01-01T00:00:00.000Z' },
  item: [
    { id: 'f1', name: 'Folder', item: [{ id: 'r1', name: 'List', request: { method: 'GET', url: 'https://x/list' } }, { id: 'r2', name: 'Create', request: { method: 'POST', url: 'https://x' } }] },
    { id: 'r3', name: 'Ping', request: 'https://x/ping' },
  ],
  ...over,
});
const environment = (over: Partial<EnvironmentDocument> = {}): EnvironmentDocument => ({
  id: 'e1', name: 'Staging', updatedAt: '2025-01-02T00:00:00.000Z',
  values: [{ key: 'host', value: 'https://s', enabled: true, type: 'default' }, { key: 'token', value: 'secret-value', enabled: true, type: 'secret' }],
  ...over,
});

/** The message of the SaveRefused that `fn` throws. */
function refused(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof SaveRefused, `expected SaveRefused, got ${String(err)}`);
    assert.equal(err.name, 'SaveRefused');
    return err.message;
  }
  assert.fail('expected the save to be refused');
}

/** JSON.parse failing with Node 20's wording ("at position N", no line): the line and column must still be named. */
function withNode20Messages<T>(fn: () => T): T {
  const parse = JSON.parse;
  JSON.parse = ((text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) => {
    try {
      return parse(text, reviver);
    } catch (err) {
      throw new SyntaxError((err as Error).message.replace(/ \(line \d+ column \d+\)$/, ''));
    }
  }) as typeof JSON.parse;
  try {
    return fn();
  } finally {
    JSON.parse = parse;
  }
}

describe('document text', () => {
  it('is pretty-printed with two spaces and a final newline', () => {
    assert.equal(serialize({ a: 1, b: [true] }), '{\n  "a": 1,\n  "b": [\n    true\n  ]\n}\n');
  });

  it('writes U+2028 and U+2029 as escapes, so the editor cannot take them for line breaks', () => {
    const text = serialize({ name: 'a\u2028b\u2029c' });
    assert.equal(text, '{\n  "name": "a\\u2028b\\u2029c"\n}\n');
    assert.equal((JSON.parse(text) as { name: string }).name, 'a\u2028b\u2029c');
  });

  it('names a collection by info.name and an environment by name', () => {
    assert.equal(nameOf('collection', collection()), 'Payments');
    assert.equal(nameOf('environment', environment()), 'Staging');
  });

  it('versions by Postman\'s updatedAt, else by a digest of the text', () => {
    assert.equal(versionOf('collection', collection()), 'updatedAt:2025-01-01T00:00:00.000Z');
    assert.equal(versionOf('environment', environment()), 'updatedAt:2025-01-02T00:00:00.000Z');
    const bare = collection({ info: { name: 'x' } });
    assert.equal(versionOf('collection', bare), `sha256:${digest(serialize(bare))}`);
    assert.equal(versionOf('collection', bare, 'the text'), `sha256:${digest('the text')}`);
    assert.equal(versionOf('collection', collection({ info: { name: 'x', updatedAt: '' } }), 't'), `sha256:${digest('t')}`);
    assert.equal(versionOf('environment', environment({ updatedAt: undefined }), 't'), `sha256:${digest('t')}`);
    assert.equal(digest('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('items and their ids', () => {
  it('lists every folder and request, any depth, parents first; items without an id or name say so', () => {
    const items = itemsOf([{ id: 'a', name: 'A', item: [{ id: 'b', name: 'B', item: [{ name: 'C' }] }] }, { id: '', name: 7 }, 'junk', null, { id: 'd', name: 'D' }, { id: 5, name: 'E' }]);
    assert.deepEqual(items, [
      { id: 'a', name: 'A' }, { id: 'b', name: 'B' }, { id: undefined, name: 'C' }, { id: undefined, name: '(unnamed)' }, { id: 'd', name: 'D' }, { id: undefined, name: 'E' },
    ]);
    assert.deepEqual(itemsOf(undefined), []);
    assert.deepEqual(itemsOf({ item: [] }), []);
  });

  it('remembers the ids a collection had when opened, with their names', () => {
    assert.deepEqual([...idsOf(collection())], [['f1', 'Folder'], ['r1', 'List'], ['r2', 'Create'], ['r3', 'Ping']]);
    assert.deepEqual([...idsOf(collection({ item: [{ name: 'no id' }, { id: 'x', name: 'X' }] }))], [['x', 'X']]);
  });

  it('has nothing to warn about when every id is kept, or items were only deleted or added with new ids', () => {
    const opened = idsOf(collection());
    assert.deepEqual(checkIds(opened, collection()), { lost: [], missing: 0 });
    const deleted = collection({ item: [{ id: 'r3', name: 'Ping' }] });
    assert.deepEqual(checkIds(opened, deleted), { lost: [], missing: 3 });
    const added = collection({ item: [...collection().item, { name: 'New' }] });
    assert.deepEqual(checkIds(opened, added), { lost: [], missing: 0 });
  });

  it('names the items that lost their id (Postman would recreate them) when ids of the opened collection are gone', () => {
    const opened = idsOf(collection());
    const edited = collection({ item: [{ name: 'Folder', item: [{ id: 'r1', name: 'List' }, { id: 'zz', name: 'Create' }] }, { id: 'r3', name: 'Ping' }] });
    assert.deepEqual(checkIds(opened, edited), { lost: [{ id: undefined, name: 'Folder' }, { id: 'zz', name: 'Create' }], missing: 2 });
  });

  it('does not take two items without an id for twins', () => {
    assert.deepEqual(checkIds(new Map(), collection({ item: [{ name: 'new 1' }, { name: 'new 2' }] })), { lost: [], missing: 0 });
  });

  it('refuses two items with one id', () => {
    const twins = collection({ item: [{ id: 'r1', name: 'List' }, { id: 'r1', name: 'List copy' }] });
    assert.equal(refused(() => checkIds(new Map(), twins)),
      'Not saved: "List" and "List copy" have the same id (r1). Remove the "id" of the copy so Postman creates it as a new item. Nothing was sent.');
  });
});

describe('checks before a save', () => {
  const text = (v: unknown) => JSON.stringify(v);

  it('accepts a valid collection and environment as they are, a byte-order mark too', () => {
    assert.deepEqual(parseEdited('collection', serialize(collection()), 'pid-1'), collection());
    assert.deepEqual(parseEdited('environment', `\ufeff${serialize(environment())}`), environment());
    assert.deepEqual(parseEdited('collection', text({ info: { name: 'n' }, item: [] }), 'pid-1'), { info: { name: 'n' }, item: [] }, 'no _postman_id in the text is fine');
  });

  it('refuses text that is not JSON, saying where the mistake is', () => {
    const broken = '{\n  "info": {"name": "x"},\n  "item": [1 2]\n}\n';
    const message = refused(() => parseEdited('collection', broken));
    let native = '';
    try {
      JSON.parse(broken);
    } catch (err) {
      native = (err as Error).message;
    }
    // Node 22 and later name the line themselves; Node 20 gives a position, turned into a line here: named once either way.
    assert.equal(message, `This collection is not valid JSON: ${native}${/line \d/.test(native) ? '' : ' (line 3, column 14)'}. Nothing was sent; fix it and save again.`);
    assert.equal(message.match(/line \d/g)?.length, 1);
    const node20 = withNode20Messages(() => refused(() => parseEdited('collection', broken)));
    assert.match(node20, /^This collection is not valid JSON: Expected ',' or '\]' after array element in JSON at position 40 \(line 3, column 14\)\. Nothing was sent; fix it and save again\.$/);
    const first = withNode20Messages(() => refused(() => parseEdited('environment', '{"a": 1,}')));
    assert.match(first, /^This environment is not valid JSON: .+ at position 8 \(line 1, column 9\)\. Nothing was sent/);
    const bom = withNode20Messages(() => refused(() => parseEdited('environment', '\ufeff{"a": 1,}')));
    assert.match(bom, /\(line 1, column 9\)/, 'counted without the byte-order mark');
    assert.equal(refused(() => parseEdited('collection', '')), 'This collection is not valid JSON: Unexpected end of JSON input. Nothing was sent; fix it and save again.');
    assert.match(refused(() => parseEdited('collection', '{"a": }')), /^This collection is not valid JSON: Unexpected token '\}', "\{"a": \}" is not valid JSON\. Nothing was sent/);
  });

  it('refuses a collection without what Postman needs, saying what is missing', () => {
    const cases: [unknown, string][] = [
      [[], 'a collection must be a JSON object'],
      [null, 'a collection must be a JSON object'],
      [{ collection: { info: { name: 'x' }, item: [] } }, 'the document must be the collection itself ({"info": …, "item": […]}), not wrapped in {"collection": …}'],
      [{ item: [] }, 'the collection needs its "info" object'],
      [{ info: 'x', item: [] }, 'the collection needs its "info" object'],
      [{ info: {}, item: [] }, 'the collection needs "info.name" (a non-empty string)'],
      [{ info: { name: '  ' }, item: [] }, 'the collection needs "info.name" (a non-empty string)'],
      [{ info: { name: 1 }, item: [] }, 'the collection needs "info.name" (a non-empty string)'],
      [{ info: { name: 'x' } }, 'the collection needs its "item" array'],
      [{ info: { name: 'x' }, item: {} }, 'the collection needs its "item" array'],
      [{ info: { name: 'x' }, item: ['r'] }, 'item[0] must be an object (a folder or a request)'],
      [{ info: { name: 'x' }, item: [{ name: 'f', item: [{}, 3] }] }, 'item[0].item[1] must be an object (a folder or a request)'],
      [{ info: { name: 'x' }, item: [{}, { name: 'f', item: 'no' }] }, 'item[1].item must be an array'],
      [{ info: { name: 'x' }, item: [{ item: [{ item: [{ item: {} }] }] }] }, 'item[0].item[0].item[0].item must be an array'],
    ];
    for (const [value, problem] of cases) {
      assert.equal(refused(() => parseEdited('collection', text(value))), `Not saved: ${problem}. Nothing was sent to Postman.`, text(value));
    }
  });

  it('accepts a wrapped-looking document that is a collection after all (it has info)', () => {
    const value = { collection: 'not a wrapper', info: { name: 'x' }, item: [] };
    assert.deepEqual(parseEdited('collection', text(value)), value);
    const alongside = { collection: { info: { name: 'inner' }, item: [] }, info: { name: 'x' }, item: [] };
    assert.deepEqual(parseEdited('collection', text(alongside)), alongside);
  });

  it('refuses a changed _postman_id, and only then', () => {
    const changed = { ...collection(), info: { ...collection().info, _postman_id: 'other' } };
    assert.equal(refused(() => parseEdited('collection', text(changed), 'pid-1')),
      'Not saved: "info._postman_id" was changed; it must stay "pid-1" (it names this collection in Postman). Nothing was sent to Postman.');
    assert.deepEqual(parseEdited('collection', text(changed)), changed, 'nothing to compare with: accepted');
  });

  it('refuses an environment without a name or variables with keys', () => {
    const cases: [unknown, string][] = [
      ['x', 'an environment must be a JSON object'],
      [{ values: [] }, 'the environment needs a "name" (a non-empty string)'],
      [{ name: ' ', values: [] }, 'the environment needs a "name" (a non-empty string)'],
      [{ name: 'n' }, 'the environment needs a "values" array of variables'],
      [{ name: 'n', values: [{ key: 'a' }, { value: 'b' }] }, '"values[1]" must be an object with a "key" string'],
      [{ name: 'n', values: [[]] }, '"values[0]" must be an object with a "key" string'],
    ];
    for (const [value, problem] of cases) {
      assert.equal(refused(() => parseEdited('environment', text(value))), `Not saved: ${problem}. Nothing was sent to Postman.`, text(value));
    }
  });
});

describe('what a save sends', () => {
  it('sends a collection without the fields Postman sets itself, and leaves the editor\'s copy alone', () => {
    const edited = collection({ info: { _postman_id: 'p', name: 'n', schema: 's', updatedAt: 'u', createdAt: 'c', lastUpdatedBy: 'l', uid: '1-p', fork: {}, description: 'd' } });
    assert.deepEqual(collectionPutBody(edited), { ...edited, info: { _postman_id: 'p', name: 'n', schema: 's', description: 'd' } });
    assert.equal(edited.info.updatedAt, 'u');
  });

  it('sends an environment\'s name and variables only', () => {
    assert.deepEqual(environmentPutBody(environment({ owner: 'me', isPublic: false } as Partial<EnvironmentDocument>)), { name: 'Staging', values: environment().values });
  });

  it('compares content whatever the key order, server fields aside', () => {
    const a = collection();
    const b = JSON.parse(JSON.stringify({ item: a.item, info: { updatedAt: 'later', schema: a.info.schema, name: a.info.name, _postman_id: a.info._postman_id } })) as CollectionDocument;
    assert.equal(sameContent('collection', a, b), true);
    assert.equal(sameContent('collection', a, collection({ info: { ...a.info, name: 'Other' } })), false);
    assert.equal(sameContent('collection', a, collection({ item: [] })), false);
    assert.equal(sameContent('environment', environment(), environment({ id: 'other', updatedAt: 'x' })), true);
    assert.equal(sameContent('environment', environment(), environment({ values: [] })), false);
    assert.equal(sameContent('environment', environment(), environment({ name: 'Prod' })), false);
    const nested = (x: unknown) => collection({ item: [{ id: 'a', name: 'n', request: x }] });
    assert.equal(sameContent('collection', nested({ b: 1, a: { d: 2, c: 3 } }), nested({ a: { c: 3, d: 2 }, b: 1 })), true);
    assert.equal(sameContent('collection', nested({ a: { c: 3, d: 2 } }), nested({ a: { c: 3, d: 4 } })), false);
    assert.equal(sameContent('collection', nested(['b', 'a']), nested(['a', 'b'])), false, 'arrays keep their order');
    const keys = ['method', 'header', 'body', 'url', 'auth', 'description', 'proxy', 'certificate'];
    const forward = Object.fromEntries(keys.map((k, i) => [k, i]));
    const backward = Object.fromEntries([...keys].reverse().map((k) => [k, forward[k]]));
    const shuffled = Object.fromEntries([3, 0, 6, 1, 7, 4, 2, 5].map((i) => [keys[i], i]));
    assert.equal(sameContent('collection', nested(forward), nested(backward)), true);
    assert.equal(sameContent('collection', nested(forward), nested(shuffled)), true);
  });

  it('counts the secret variables that have a value', () => {
    assert.equal(secretValues(environment()), 1);
    assert.equal(secretValues(environment({ values: [{ key: 't', value: '', enabled: true, type: 'secret' }, { key: 'p', value: 'v', enabled: true, type: 'default' }] })), 0);
  });
});

describe('importing a collection file', () => {
  it('takes a bare or wrapped v2.1 collection and strips every id so Postman gives new ones', () => {
    const file = {
      info: { _postman_id: 'p', name: 'File', schema: 's', updatedAt: 'u', createdAt: 'c', lastUpdatedBy: 'l', uid: '1-p', fork: {} },
      item: [{ id: 'f', uid: '1-f', name: 'F', item: [{ id: 'r', name: 'R', response: [{ id: 'x', uid: '1-x', name: 'ok' }, 'junk'] }] }],
    };
    const expected = { info: { name: 'File', schema: 's' }, item: [{ name: 'F', item: [{ name: 'R', response: [{ name: 'ok' }, 'junk'] }] }] };
    assert.deepEqual(prepareImport(JSON.stringify(file)), expected);
    assert.deepEqual(prepareImport(JSON.stringify({ collection: file })), expected);
    assert.deepEqual(prepareImport(`\ufeff${JSON.stringify(file)}`), expected);
  });

  it('says why a file cannot be imported', () => {
    const cases: [string, string][] = [
      ['{', 'The file is not valid JSON: '],
      ['[]', 'Cannot import this file: it is not a JSON object.'],
      [JSON.stringify({ collection: 'x' }), 'Cannot import this file: it has no "info.name"; a Postman collection (v2.1) starts with {"info": {"name": …}, "item": […]}.'],
      [JSON.stringify({ name: 'env', values: [] }), 'Cannot import this file: it is a Postman environment, not a collection.'],
      [JSON.stringify({ name: 'v1', requests: [] }), 'Cannot import this file: it is in Collection Format v1; export it from Postman as Collection v2.1 and import that file.'],
      [JSON.stringify({ name: 'v1', order: [] }), 'Cannot import this file: it is in Collection Format v1; export it from Postman as Collection v2.1 and import that file.'],
      [JSON.stringify({ info: { name: '' }, item: [] }), 'Cannot import this file: it has no "info.name"; a Postman collection (v2.1) starts with {"info": {"name": …}, "item": […]}.'],
      [JSON.stringify({ info: 'x', item: [] }), 'Cannot import this file: it has no "info.name"; a Postman collection (v2.1) starts with {"info": {"name": …}, "item": […]}.'],
      [JSON.stringify({ info: { name: 'x' } }), 'Cannot import this file: it has no "item" array.'],
    ];
    for (const [text, message] of cases) {
      const got = refused(() => prepareImport(text));
      assert.ok(got.startsWith(message), `${text}: ${got}`);
    }
    assert.deepEqual(prepareImport(JSON.stringify({ info: { name: 'with values' }, values: [], item: [] })), { info: { name: 'with values' }, values: [], item: [] });
    for (const name of [5, '   ', null]) {
      assert.ok(refused(() => prepareImport(JSON.stringify({ info: { name }, item: [] }))).startsWith('Cannot import this file: it has no "info.name"'), String(name));
    }
    assert.deepEqual(prepareImport(JSON.stringify({ collection: { info: { name: 'in' }, item: [] }, info: { name: 'outer' }, item: [] })).info.name, 'outer');
  });
});
