import * as assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { itemOf, mergeWire, walkItems, wireOf, type Obj } from '../fixtures/itemWire';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { largeDataset, SAMPLE_API_KEY, sampleDataset, type Collection } from '../fixtures/sampleData';

/**
 * The local server's item format and the endpoints the client has no method for (yet): the
 * conversion between Postman's item format and the stored v2.1 items (itemWire.ts), saved
 * responses created with `POST /collections/{id}/responses`, environments patched with JSON
 * Patch, collections patched beyond their name.
 */

describe('itemWire: Postman\'s item format for stored v2.1 items', () => {
  function eachStored(collections: Record<string, Collection>, visit: (model: 'request' | 'folder' | 'response', item: Obj, stamps: Parameters<typeof wireOf>[2]) => void): void {
    for (const [uid, c] of Object.entries(collections)) {
      walkItems(c, (item, parent) => {
        const stamps = { collectionId: c.info._postman_id, owner: uid.split('-')[0], parentFolderId: parent };
        visit(Array.isArray(item.item) ? 'folder' : 'request', item, stamps);
        for (const response of (item.response as Obj[] | undefined) ?? []) {
          visit('response', response, { ...stamps, parentRequestId: item.id as string });
        }
      });
    }
  }

  it('every item of the sample and large data: the same wire form twice, and what was read stores back unchanged', () => {
    const big = largeDataset({ workspaces: 1, collectionsPerWorkspace: 1, bigCollection: { requests: 60, depth: 3 } });
    let count = 0;
    for (const collections of [sampleDataset().collections, big.collections]) {
      eachStored(collections, (model, item, stamps) => {
        const wire = wireOf(model, item, stamps);
        assert.ok(isDeepStrictEqual(wire, wireOf(model, item, stamps)), `${model} ${String(item.name)}: the same twice`);
        assert.equal(JSON.stringify(itemOf(model, mergeWire(wire, {}), item)), JSON.stringify(item), `${model} ${String(item.name)}: a round trip changes nothing`);
        count++;
      });
    }
    assert.ok(count > 100, String(count));
  });

  it('the stamps of Postman\'s examples: owner, lastUpdatedBy, lastRevision, folder, collection (request), request and requestObject (response)', () => {
    const item = { id: 'r', name: 'R', request: { method: 'GET', header: [], url: 'https://x.test/a' }, response: [{ id: 's', name: 'S', originalRequest: { method: 'GET', header: [], url: 'https://x.test/a' }, code: 200, status: 'OK', header: [], cookie: [], body: '' }], createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-02T00:00:00.000Z', uid: '1-r' };
    const wire = wireOf('request', item, { collectionId: 'c', owner: '1', parentFolderId: 'f' });
    assert.deepEqual(Object.keys(wire).slice(0, 6), ['owner', 'lastUpdatedBy', 'lastRevision', 'folder', 'collection', 'id']);
    assert.deepEqual([wire.owner, wire.folder, wire.collection, wire.lastRevision, wire.createdAt, wire.updatedAt], ['1', 'f', 'c', Date.parse(item.updatedAt), item.createdAt, item.updatedAt]);
    assert.deepEqual(wire.responses_order, ['s']);
    assert.equal(wire.uid, undefined);
    const response = wireOf('response', item.response[0], { collectionId: 'c', owner: '1', parentFolderId: null, parentRequestId: 'r' });
    assert.equal(response.request, 'r');
    const saved = JSON.parse(response.requestObject as string) as Obj;
    assert.equal(saved.url, 'https://x.test/a');
    assert.equal(saved.id, undefined, 'no invented id');
  });

  it('a PUT body sending one of a pair (headers/headerData, url/queryParams, events/tests, auth/currentHelper) wins over the stored other', () => {
    const item: Obj = {
      id: 'r', name: 'R',
      request: { method: 'GET', header: [{ key: 'A', value: '1' }], url: 'https://x.test/a?q=1', auth: { type: 'bearer', bearer: [{ key: 'token', value: 't', type: 'string' }] } },
      response: [], event: [{ listen: 'test', script: { type: 'text/javascript', exec: ['old()'] } }],
    };
    const wire = wireOf('request', item, { collectionId: 'c', owner: '1', parentFolderId: null });
    const stored = (body: Obj) => itemOf('request', mergeWire(wire, body), item);
    assert.deepEqual((stored({ headers: 'B: 2' }).request as Obj).header, [{ key: 'B', value: '2' }]);
    assert.deepEqual((stored({ headerData: [{ key: 'C', value: '3' }] }).request as Obj).header, [{ key: 'C', value: '3' }]);
    assert.equal(mergeWire(wire, { headerData: [{ key: 'C', value: '3' }, { key: 'D', value: '4', enabled: false }] }).headers, 'C: 3\n// D: 4');
    assert.equal(((stored({ url: 'https://y.test/b?r=2' }).request as Obj).url as Obj).raw, 'https://y.test/b?r=2');
    assert.equal(((stored({ queryParams: [{ key: 'z', value: '9' }] }).request as Obj).url as Obj).raw, 'https://x.test/a?z=9');
    assert.deepEqual(stored({ events: [{ listen: 'test', script: { type: 'text/javascript', exec: ['fresh()'] } }] }).event, [{ listen: 'test', script: { type: 'text/javascript', exec: ['fresh()'] } }]);
    assert.deepEqual(stored({ tests: 'other()' }).event, [{ listen: 'test', script: { type: 'text/javascript', exec: ['other()'] } }]);
    assert.equal((stored({ auth: null }).request as Obj).auth, undefined);
    assert.deepEqual((stored({ auth: { type: 'noauth' } }).request as Obj).auth, { type: 'noauth' });
    // Postman's own fields are not the body's to change.
    const kept = mergeWire(wire, { id: 'x', owner: 'x', collection: 'x', folder: 'x', createdAt: 'x', updatedAt: 'x', lastRevision: 1, order: [], responses: [], responses_order: ['x'] });
    assert.deepEqual(kept, wire);
    assert.equal(mergeWire(wire, { description: null }).description, null);
  });
});

type Json = Record<string, unknown>;

describe('the local server: saved responses, environment patches, collection patches', () => {
  const server = new LocalPostmanServer({ rateLimits: false });
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${server.url}${path}`, {
      method, headers: { 'X-Api-Key': SAMPLE_API_KEY, 'Content-Type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const entry = (name: string): [string, Collection] => Object.entries(server.dataset.collections).find(([, c]) => c.info.name === name)!;

  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => server.reset());

  it('POST /collections/{id}/responses?request=: a saved response under the request, with the request as it is unless a requestObject is sent', async () => {
    const [uid, c] = entry('Sandbox');
    const request = c.item[0] as unknown as Json;
    const created = await call('POST', `/collections/${c.info._postman_id}/responses?request=${String(request.id)}`, { name: 'Saved', responseCode: { code: 201, name: 'Created' }, text: '{"ok":true}', language: 'json' });
    assert.equal(created.status, 200);
    const data = created.body.data as Json;
    assert.equal(data.request, request.id);
    const stored = (request.response as Json[]).at(-1)!;
    assert.deepEqual([stored.name, stored.code, stored.status, stored.body], ['Saved', 201, 'Created', '{"ok":true}']);
    assert.deepEqual(stored.originalRequest, request.request);
    assert.equal(stored.uid, `12345678-${String(stored.id)}`);
    const read = await call('GET', `/collections/${uid}/responses/${String(stored.id)}`);
    assert.equal((read.body.data as Json).name, 'Saved');
    const withObject = await call('POST', `/collections/${uid}/responses?request=${String(request.id)}`, { name: 'Other', requestObject: JSON.stringify({ method: 'DELETE', url: 'https://x.test/z' }) });
    assert.equal(((request.response as Json[]).at(-1)!.originalRequest as Json).method, 'DELETE');
    assert.equal(withObject.status, 200);
    assert.equal((await call('POST', `/collections/${uid}/responses`, { name: 'x' })).status, 400);
    const missing = await call('POST', `/collections/${uid}/responses?request=00000000-0000-4000-8000-000000000000`, { name: 'x' });
    assert.deepEqual([missing.status, (missing.body.error as Json).name], [400, 'instanceNotFoundError']);
  });

  it('PATCH /environments/{id}: JSON Patch on the name and the variables, all or nothing, in Postman\'s words', async () => {
    const env = Object.values(server.dataset.environments).find((e) => e.name === 'Local')!;
    const before = structuredClone(env);
    const ok = await call('PATCH', `/environments/${env.uid}`, [
      { op: 'replace', path: '/name', value: 'Local 2' },
      { op: 'add', path: '/values/0', value: { key: 'added', value: 'a', type: 'default', enabled: true } },
      { op: 'replace', path: '/values/1/value', value: 'changed' },
      { op: 'replace', path: '/values/0/type', value: 'secret' },
    ]);
    assert.equal(ok.status, 200);
    const answered = ok.body.environment as Json;
    assert.deepEqual([answered.name, answered.uid, answered.owner], ['Local 2', env.uid, env.owner]);
    assert.deepEqual(env.values.slice(0, 2).map((v) => [v.key, v.value, v.type]), [['added', 'a', 'secret'], [before.values[0].key, 'changed', before.values[0].type]]);
    assert.ok(server.dataset.workspaces.some((w) => w.environments.some((r) => r.uid === env.uid && r.name === 'Local 2')));
    const snapshot = structuredClone(env);
    for (const [ops, detail] of [
      [{ op: 'replace' }, 'Patch sequence must be an array'],
      [[{ op: 'replace', path: '/nope', value: 'x' }], 'Invalid path in JSON Patch operation'],
      [[{ op: 'replace', path: '/values/99/value', value: 'x' }], 'Cannot perform the operation at a path that does not exist'],
      [[{ op: 'replace', path: '/name', value: '' }], 'Patch operations with empty value are not supported'],
      [[{ op: 'replace', path: '/name', value: 'ok' }, { op: 'replace', path: '/values/0/value', value: 5 }], ['/values/0/value: must be a string']],
    ] as [unknown, unknown][]) {
      const bad = await call('PATCH', `/environments/${env.id}`, ops);
      assert.deepEqual([bad.status, bad.body.detail], [400, detail]);
    }
    assert.deepEqual(env, snapshot, 'a failed patch changes nothing');
    const removed = await call('PATCH', `/environments/${env.id}`, [{ op: 'remove', path: '/values/0' }]);
    assert.equal(removed.status, 200);
    assert.equal(env.values.length, snapshot.values.length - 1);
  });

  it('PATCH /collections/{id}: the name, description, variables, auth and events; a body without them is 400', async () => {
    const [uid, c] = entry('Sandbox');
    const before = c.info.updatedAt;
    const res = await call('PATCH', `/collections/${uid}`, {
      collection: { info: { name: 'Sandbox 2', description: 'Play here' }, variable: [{ key: 'v', value: '1' }], auth: { type: 'noauth' }, events: [{ listen: 'test', script: { type: 'text/javascript', exec: ['x'] } }] },
    });
    assert.deepEqual(res, { status: 200, body: { collection: { id: c.info._postman_id, name: 'Sandbox 2', description: 'Play here' } } });
    const now = server.dataset.collections[uid];
    assert.deepEqual([now.info.name, now.info.description, now.variable, now.auth, now.event], ['Sandbox 2', 'Play here', [{ key: 'v', value: '1' }], { type: 'noauth' }, [{ listen: 'test', script: { type: 'text/javascript', exec: ['x'] } }]]);
    assert.notEqual(now.info.updatedAt, before);
    const empty = await call('PATCH', `/collections/${uid}`, { collection: {} });
    assert.deepEqual([empty.status, (empty.body.error as Json).name], [400, 'paramMissingError']);
    assert.equal((await call('PATCH', `/collections/${uid}`, { collection: { item: [] } })).status, 400);
  });

  it('every change moves updatedAt on, even when the clock has not (a change is always seen)', async () => {
    const fixed = Date.parse('2030-01-01T00:00:00.000Z');
    const frozen = new LocalPostmanServer({ rateLimits: false, clock: () => fixed });
    const base = await frozen.start();
    try {
      const [uid, c] = Object.entries(frozen.dataset.collections).find(([, x]) => x.info.name === 'Sandbox')!;
      const id = String((c.item[0] as unknown as Json).id);
      const put = (name: string) => fetch(`${base}/collections/${uid}/requests/${id}`, { method: 'PUT', headers: { 'X-Api-Key': SAMPLE_API_KEY, 'Content-Type': 'application/json' }, body: JSON.stringify({ name }) });
      const first = ((await (await put('A')).json()) as { data: Json }).data.updatedAt;
      const second = ((await (await put('B')).json()) as { data: Json }).data.updatedAt;
      assert.ok(String(second) > String(first), `${String(first)} then ${String(second)}`);
    } finally {
      await frozen.stop();
    }
  });
});
