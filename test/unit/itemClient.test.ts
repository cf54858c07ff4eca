import * as assert from 'node:assert/strict';
import { collectionIdOf, HttpTransport, PostmanClient, PostmanError, type WireItem } from '../../src/postman';
import { recording, rejectsWith } from './assertions';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY, type Collection, type Dataset } from '../fixtures/sampleData';

/**
 * The client's item and tree-edit calls: first the exact requests (method, path, query, body)
 * and the parsing of odd answers through a recording transport, then real round trips against
 * the local server (which speaks Postman's item format, merges PUTs, moves and copies).
 */

const CID = '12ece9e1-2abf-4edc-8e34-de66e74114d2';
const CUID = `12345678-${CID}`;
const RID = 'c82dd02c-4870-4907-8fcb-593a876cf05b';
const FID = '65a99e60-8e0a-4b6e-b79c-7d8264cc5caa';
const WS = '1f0df51a-8658-4ee8-a2a1-d2567dfa09a9';
const ENV = '12345678-5daabc50-8451-43f6-922d-96b403b4f28e';
const TASK = '694899-358b6bdb-bfb8-4715-a8e5-eca2a375e232';

describe('collectionIdOf: a collection UID to the ID the item endpoints take', () => {
  it('drops the owner, keeps an ID as it is (even one whose first group is all digits)', () => {
    assert.equal(collectionIdOf(CUID), CID);
    assert.equal(collectionIdOf(CID), CID);
    assert.equal(collectionIdOf('12345678-1234-4abc-8def-0123456789ab'), '12345678-1234-4abc-8def-0123456789ab');
    assert.equal(collectionIdOf('87654321-12345678-1234-4abc-8def-0123456789ab'), '12345678-1234-4abc-8def-0123456789ab');
    assert.equal(collectionIdOf('1-c'), 'c');
    assert.equal(collectionIdOf('plain'), 'plain');
    for (const bad of ['', '..', 'a/b', '-x']) {
      assert.throws(() => collectionIdOf(bad), (e: unknown) => e instanceof PostmanError && e.kind === 'badRequest' && /collection id/.test(e.message));
    }
  });
});

describe('PostmanClient: the requests of the item and tree-edit calls', () => {
  const data = { id: RID, name: 'Example', updatedAt: '2023-08-22T12:52:11.000Z', owner: '12345678', headers: null };

  it('getItem / updateItem / deleteItem: /collections/{collection ID}/{requests|folders|responses}/{id}', async () => {
    const { client, sent } = recording({ model_id: RID, meta: {}, data });
    assert.deepEqual(await client.getItem('request', CUID, RID), data);
    await client.getItem('folder', CID, FID);
    await client.getItem('response', CUID, `12345678-${RID}`);
    assert.deepEqual(await client.updateItem('request', CUID, RID, { name: 'New' }), data);
    await client.deleteItem('folder', CUID, FID);
    assert.deepEqual(sent, [
      { method: 'GET', path: `/collections/${CID}/requests/${RID}` },
      { method: 'GET', path: `/collections/${CID}/folders/${FID}` },
      { method: 'GET', path: `/collections/${CID}/responses/12345678-${RID}` },
      { method: 'PUT', path: `/collections/${CID}/requests/${RID}`, body: { name: 'New' } },
      { method: 'DELETE', path: `/collections/${CID}/folders/${FID}` },
    ]);
  });

  it('createFolder: POST {name, folder?}; createRequest: POST with ?folderId=', async () => {
    const { client, sent } = recording({ data: { id: FID, name: 'F' } });
    assert.deepEqual(await client.createFolder(CUID, 'F'), { id: FID, name: 'F' });
    await client.createFolder(CUID, 'G', FID);
    await client.createRequest(CUID, { name: 'R', method: 'GET', url: 'https://x' });
    await client.createRequest(CUID, { name: 'S' }, FID);
    assert.deepEqual(sent, [
      { method: 'POST', path: `/collections/${CID}/folders`, body: { name: 'F' } },
      { method: 'POST', path: `/collections/${CID}/folders`, body: { name: 'G', folder: FID } },
      { method: 'POST', path: `/collections/${CID}/requests`, body: { name: 'R', method: 'GET', url: 'https://x' } },
      { method: 'POST', path: `/collections/${CID}/requests`, query: { folderId: FID }, body: { name: 'S' } },
    ]);
  });

  it('transferItems: POST to the requests or folders endpoint; location model and id only before/after (null otherwise)', async () => {
    const { client, sent } = recording({ ids: ['12345678-a9b481c1-3e78-4af7-8db0-dce3f3f3c105'] });
    const ids = await client.transferItems('request', { ids: [`12345678-${RID}`], target: { model: 'collection', id: CUID }, location: { position: 'end' }, mode: 'copy' });
    assert.deepEqual(ids, ['12345678-a9b481c1-3e78-4af7-8db0-dce3f3f3c105']);
    await client.transferItems('folder', {
      ids: [`12345678-${FID}`], target: { model: 'folder', id: `12345678-${RID}` }, location: { position: 'before', model: 'request', id: `12345678-${RID}` }, mode: 'move',
    });
    await client.transferItems('folder', { ids: [`12345678-${FID}`], target: { model: 'collection', id: CUID }, location: { position: 'after', id: `12345678-${FID}` }, mode: 'move' });
    // A stray location id for start/end is not sent.
    await client.transferItems('request', { ids: [`12345678-${RID}`], target: { model: 'collection', id: CUID }, location: { position: 'start', id: 'x', model: 'folder' }, mode: 'move' });
    assert.deepEqual(sent, [
      {
        method: 'POST', path: '/collection-requests-transfers',
        body: { ids: [`12345678-${RID}`], target: { model: 'collection', id: CUID }, location: { position: 'end', model: null, id: null }, mode: 'copy' },
      },
      {
        method: 'POST', path: '/collection-folders-transfers',
        body: { ids: [`12345678-${FID}`], target: { model: 'folder', id: `12345678-${RID}` }, location: { position: 'before', model: 'request', id: `12345678-${RID}` }, mode: 'move' },
      },
      {
        method: 'POST', path: '/collection-folders-transfers',
        body: { ids: [`12345678-${FID}`], target: { model: 'collection', id: CUID }, location: { position: 'after', model: 'folder', id: `12345678-${FID}` }, mode: 'move' },
      },
      {
        method: 'POST', path: '/collection-requests-transfers',
        body: { ids: [`12345678-${RID}`], target: { model: 'collection', id: CUID }, location: { position: 'start', model: null, id: null }, mode: 'move' },
      },
    ]);
  });

  it('collections and environments: rename (PATCH), delete, create an environment, duplicate and poll', async () => {
    const { client, sent } = recording({ environment: { id: 'e', name: 'E', uid: '1-e' }, task: { id: TASK, status: 'processing', reason: null } });
    await client.renameCollection(CUID, 'Renamed');
    await client.deleteCollection(CUID);
    assert.deepEqual(await client.createEnvironment(WS, { name: 'E', values: [{ key: 'k', value: 'v', enabled: true, type: 'default' }] }), { id: 'e', name: 'E', uid: '1-e' });
    await client.renameEnvironment(ENV, 'Staging');
    await client.deleteEnvironment(ENV);
    assert.deepEqual(await client.duplicateCollection(CUID, WS, 'Copy'), { id: TASK, status: 'processing' });
    assert.deepEqual(await client.getDuplicateTask(TASK), { id: TASK, status: 'processing' });
    assert.deepEqual(sent, [
      { method: 'PATCH', path: `/collections/${CUID}`, body: { collection: { info: { name: 'Renamed' } } } },
      { method: 'DELETE', path: `/collections/${CUID}` },
      { method: 'POST', path: '/environments', query: { workspace: WS }, body: { environment: { name: 'E', values: [{ key: 'k', value: 'v', enabled: true, type: 'default' }] } } },
      { method: 'PATCH', path: `/environments/${ENV}`, body: [{ op: 'replace', path: '/name', value: 'Staging' }] },
      { method: 'DELETE', path: `/environments/${ENV}` },
      { method: 'POST', path: `/collections/${CUID}/duplicates`, body: { workspace: WS, suffix: 'Copy' } },
      { method: 'GET', path: `/collection-duplicate-tasks/${TASK}` },
    ]);
    const failed = recording({ task: { id: TASK, status: 'failed', reason: 'instance not found' } });
    assert.deepEqual(await failed.client.getDuplicateTask(TASK), { id: TASK, status: 'failed', reason: 'instance not found' });
  });

  it('an item answer keeps every field, leaves out a name or updatedAt that is not a string, and takes a numeric id', async () => {
    const odd = recording({ data: { id: 7, name: 5, updatedAt: null, url: 'u' } });
    assert.deepEqual(await odd.client.getItem('request', CUID, RID), { id: '7', url: 'u' });
  });

  it('a malformed 2xx is a typed badResponse, never a crash', async () => {
    const items: unknown[] = [null, [], 'text', {}, { data: null }, { data: [] }, { data: {} }, { data: { id: '' } }, { data: { name: 'no id' } }];
    for (const answer of items) {
      const { client } = recording(answer);
      for (const call of [
        () => client.getItem('request', CUID, RID), () => client.updateItem('folder', CUID, FID, {}), () => client.createFolder(CUID, 'F'), () => client.createRequest(CUID, {}),
      ]) {
        const err = await rejectsWith(call(), 'badResponse');
        assert.match(err.message, /\/collections\/12ece9e1-2abf-4edc-8e34-de66e74114d2\//);
      }
    }
    for (const answer of [null, {}, { ids: 'x' }, { ids: [1] }, { ids: [''] }, { ids: null }]) {
      const { client } = recording(answer);
      const err = await rejectsWith(client.transferItems('request', { ids: [`1-${RID}`], target: { model: 'collection', id: CUID }, location: { position: 'end' }, mode: 'move' }), 'badResponse');
      assert.match(err.message, /POST \/collection-requests-transfers/);
    }
    for (const answer of [null, {}, { task: null }, { task: {} }, { task: { id: TASK } }, { task: { status: 'completed' } }, { task: { id: '', status: 'completed' } }]) {
      const { client } = recording(answer);
      await rejectsWith(client.duplicateCollection(CUID, WS, 'Copy'), 'badResponse');
      assert.match((await rejectsWith(client.getDuplicateTask(TASK), 'badResponse')).message, /collection-duplicate-tasks/);
    }
    // Writes whose answer only confirms: any JSON 2xx is done.
    const { client } = recording(null);
    await client.deleteItem('request', CUID, RID);
    await client.renameCollection(CUID, 'x');
    await client.deleteCollection(CUID);
    await client.renameEnvironment(ENV, 'x');
    await client.deleteEnvironment(ENV);
    assert.deepEqual(await client.createEnvironment(WS, { name: 'x', values: [] }), {});
  });

  it('sends nothing for an id that is not one, an unknown model or position, or a relative position without its item', async () => {
    const { client, sent } = recording({});
    const transfer = (over: object) => ({ ids: [`1-${RID}`], target: { model: 'collection' as const, id: CUID }, location: { position: 'end' as const }, mode: 'move' as const, ...over });
    for (const bad of ['..', '', 'a/b', 'x?y']) {
      await rejectsWith(client.getItem('request', bad, RID), 'badRequest');
      await rejectsWith(client.getItem('request', CUID, bad), 'badRequest');
      await rejectsWith(client.updateItem('folder', CUID, bad, {}), 'badRequest');
      await rejectsWith(client.deleteItem('response', bad, RID), 'badRequest');
      await rejectsWith(client.createFolder(bad, 'F'), 'badRequest');
      await rejectsWith(client.createFolder(CUID, 'F', bad), 'badRequest');
      await rejectsWith(client.createRequest(CUID, {}, bad), 'badRequest');
      await rejectsWith(client.transferItems('request', transfer({ ids: [bad] })), 'badRequest');
      await rejectsWith(client.transferItems('request', transfer({ target: { model: 'folder', id: bad } })), 'badRequest');
      await rejectsWith(client.transferItems('request', transfer({ location: { position: 'after', id: bad } })), 'badRequest');
      await rejectsWith(client.renameCollection(bad, 'x'), 'badRequest');
      await rejectsWith(client.deleteCollection(bad), 'badRequest');
      await rejectsWith(client.createEnvironment(bad, { name: 'x', values: [] }), 'badRequest');
      await rejectsWith(client.renameEnvironment(bad, 'x'), 'badRequest');
      await rejectsWith(client.deleteEnvironment(bad), 'badRequest');
      await rejectsWith(client.duplicateCollection(bad, WS, 'x'), 'badRequest');
      await rejectsWith(client.duplicateCollection(CUID, bad, 'x'), 'badRequest');
      await rejectsWith(client.getDuplicateTask(bad), 'badRequest');
    }
    assert.match((await rejectsWith(client.getItem('request', CUID, '..'), 'badRequest')).message, /not a Postman request id/);
    await rejectsWith(client.getItem('collection' as 'request', CUID, RID), 'badRequest');
    await rejectsWith(client.transferItems('response' as 'request', transfer({})), 'badRequest');
    await rejectsWith(client.transferItems('request', transfer({ ids: [] })), 'badRequest');
    await rejectsWith(client.transferItems('request', transfer({ location: { position: 'middle' } })), 'badRequest');
    assert.match((await rejectsWith(client.transferItems('request', transfer({ location: { position: 'before' } })), 'badRequest')).message, /needs that item's id/);
    assert.deepEqual(sent, []);
  });
});

type Obj = Record<string, unknown>;

describe('PostmanClient: items and tree edits against the local Postman server', () => {
  const server = new LocalPostmanServer({ rateLimits: false });
  let client: PostmanClient;
  const d = (): Dataset => server.dataset;
  const ws = (name: string) => d().workspaces.find((w) => w.name === name)!;
  const entry = (name: string): [string, Collection] => Object.entries(d().collections).find(([, c]) => c.info.name === name)!;
  /** A stored item (v2.1) of a collection by name, any depth; responses too. */
  function stored(collection: string, name: string): Obj | undefined {
    let hit: Obj | undefined;
    const walk = (items: unknown[]): void => {
      for (const item of items as Obj[]) {
        if (item.name === name) {
          hit ??= item;
        }
        for (const r of (item.response as Obj[] | undefined) ?? []) {
          if (r.name === name) {
            hit ??= r;
          }
        }
        walk((item.item as unknown[] | undefined) ?? []);
      }
    };
    walk(entry(collection)[1].item);
    return hit;
  }
  const idOf = (collection: string, name: string) => stored(collection, name)?.id as string;
  const API = 'Payments API v2';
  const PAYMENTS = 'Payments Platform';

  before(async () => {
    const baseUrl = await server.start();
    client = new PostmanClient(new HttpTransport(() => ({ baseUrl, timeoutMs: 5000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }), undefined, undefined, { pacer: false }));
  });
  after(() => server.stop());
  beforeEach(() => server.reset());

  it('reads a request, a folder and a saved response in Postman\'s item format, the same twice, by ID or UID', async () => {
    const [uid, c] = entry(API);
    const cid = c.info._postman_id;
    const request = await client.getItem('request', uid, idOf(API, 'List payments'));
    assert.equal(request.name, 'List payments');
    assert.equal(request.method, 'GET');
    assert.equal(request.collection, cid);
    assert.equal(request.folder, idOf(API, 'Payments'));
    assert.equal(request.owner, '12345678');
    assert.equal(typeof request.headers, 'string');
    assert.ok(Array.isArray(request.headerData) && Array.isArray(request.queryParams));
    assert.deepEqual(request.responses_order, [idOf(API, 'One page')]);
    assert.equal(request.responses, undefined, 'a request comes without its responses');
    assert.equal(request.updatedAt, stored(API, 'List payments')?.updatedAt);
    assert.deepEqual(await client.getItem('request', cid, `12345678-${request.id}`), request, 'the same again, by the collection ID and the item UID');
    const folder = await client.getItem('folder', uid, idOf(API, 'By ID'));
    assert.equal(folder.folder, idOf(API, 'Payments'));
    assert.ok(Array.isArray(folder.order) && (folder.order as string[]).includes(idOf(API, 'Get payment')));
    assert.deepEqual(folder.folders_order, [idOf(API, 'Refunds')]);
    assert.equal(folder.item, undefined, 'a folder comes without its children');
    const response = await client.getItem('response', uid, idOf(API, 'One page'));
    assert.equal(response.request, request.id);
    assert.equal(typeof response.requestObject, 'string');
    assert.equal((JSON.parse(response.requestObject as string) as Obj).method, 'GET');
    assert.deepEqual(response.responseCode, { code: 200, name: 'OK', detail: '' });
  });

  it('a PUT merges: the fields sent replace the stored ones, the rest stays; the item and its collection get a new updatedAt', async () => {
    const [uid, c] = entry(API);
    const id = idOf(API, 'Create payment');
    const before = structuredClone(stored(API, 'Create payment')) as Obj;
    const collectionBefore = c.info.updatedAt;
    const saved = await client.updateItem('request', uid, id, { name: 'Create a payment', id: 'ignored', owner: 'ignored', updatedAt: 'ignored' });
    assert.equal(saved.id, id);
    assert.equal(saved.name, 'Create a payment');
    assert.notEqual(saved.updatedAt, before.updatedAt);
    const after = stored(API, 'Create a payment') as Obj;
    assert.deepEqual(after.request, before.request, 'the request itself is kept');
    assert.deepEqual(after.event, before.event);
    assert.equal(after.id, id);
    assert.equal(after.updatedAt, saved.updatedAt);
    assert.notEqual(entry(API)[1].info.updatedAt, collectionBefore, 'a whole-collection editor sees a change');
    // The headers: sent as text alone, the text is what counts.
    await client.updateItem('request', uid, id, { headers: 'X-One: 1\n// X-Off: 0' });
    assert.deepEqual((stored(API, 'Create a payment')?.request as Obj).header, [{ key: 'X-One', value: '1' }, { key: 'X-Off', value: '0', disabled: true }]);
    // …or as the list alone: the list counts, and the text follows it.
    const listed = await client.updateItem('request', uid, id, { headerData: [{ key: 'X-Two', value: '2' }] });
    assert.equal(listed.headers, 'X-Two: 2');
    assert.deepEqual((stored(API, 'Create a payment')?.request as Obj).header, [{ key: 'X-Two', value: '2' }]);
    // A description set to null is gone.
    await client.updateItem('request', uid, idOf(API, 'List payments'), { description: null });
    assert.equal((stored(API, 'List payments')?.request as Obj).description, undefined);
    // Reading and sending back what was read changes nothing stored.
    const item = stored(API, 'Get payment') as Obj;
    const copy = structuredClone(item);
    const wire = await client.getItem('request', uid, item.id as string);
    await client.updateItem('request', uid, item.id as string, wire);
    const again = stored(API, 'Get payment') as Obj;
    assert.deepEqual({ ...again, updatedAt: copy.updatedAt }, copy);
  });

  it('a folder\'s PUT keeps its children; a response\'s PUT changes the saved response', async () => {
    const [uid] = entry(API);
    const folder = await client.updateItem('folder', uid, idOf(API, 'Customers'), { name: 'Clients', description: 'Who pays' });
    assert.equal(folder.name, 'Clients');
    const stored1 = stored(API, 'Clients') as Obj;
    assert.equal(stored1.description, 'Who pays');
    assert.equal((stored1.item as unknown[]).length, 5);
    const response = await client.updateItem('response', uid, idOf(API, 'One page'), { name: 'First page', text: '{}', responseCode: { code: 201, name: 'Created' } });
    assert.equal(response.name, 'First page');
    const r = stored(API, 'First page') as Obj;
    assert.deepEqual([r.code, r.status, r.body], [201, 'Created', '{}']);
    assert.ok(r.originalRequest, 'the saved request is kept');
  });

  it('creates folders (nested) and requests (in a folder), at the end, in the stored collection and the answer', async () => {
    const [uid] = entry(API);
    const folder = await client.createFolder(uid, 'New folder');
    assert.equal(folder.name, 'New folder');
    assert.deepEqual(entry(API)[1].item.at(-1)?.id, folder.id);
    const inner = await client.createFolder(uid, 'Inner', folder.id);
    assert.equal(inner.folder, folder.id);
    const request = await client.createRequest(uid, { name: 'New request', method: 'POST', url: 'https://api.example.com/things?x=1', headers: [{ key: 'A', value: 'b' }] }, inner.id);
    assert.equal(request.name, 'New request');
    assert.equal(request.folder, inner.id);
    const s = stored(API, 'New request') as { request: Obj; id: string; uid: string };
    assert.equal(s.request.method, 'POST');
    assert.deepEqual(s.request.header, [{ key: 'A', value: 'b' }]);
    assert.equal(s.uid, `12345678-${s.id}`);
    const read = await client.getCollection(uid);
    const newFolder = read.item.at(-1) as Obj;
    assert.equal(((newFolder.item as Obj[])[0].item as Obj[])[0].name, 'New request');
    // The parent folder by UID too.
    const byUid = await client.createRequest(uid, { name: 'Top' }, `12345678-${folder.id}`);
    assert.equal(byUid.folder, folder.id);
  });

  it('deletes a folder with all it holds, a request, a saved response; they answer 404 afterwards', async () => {
    const [uid] = entry(API);
    const folderId = idOf(API, 'By ID');
    const inside = idOf(API, 'Get dispute');
    await client.deleteItem('folder', uid, folderId);
    assert.equal(stored(API, 'By ID'), undefined);
    assert.equal(stored(API, 'Get dispute'), undefined);
    await rejectsWith(client.getItem('request', uid, inside), 'notFound');
    const responseId = idOf(API, 'One page');
    await client.deleteItem('response', uid, responseId);
    assert.deepEqual(stored(API, 'List payments')?.response, []);
    await rejectsWith(client.getItem('response', uid, responseId), 'notFound');
    const ping = idOf(API, 'Ping');
    await client.deleteItem('request', uid, ping);
    assert.equal((await rejectsWith(client.deleteItem('request', uid, ping), 'notFound')).status, 404);
  });

  it('404: an unknown item, an item of another model, an unknown collection (Postman\'s instanceFoundError / instanceNotFoundError)', async () => {
    const [uid] = entry(API);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const request = await rejectsWith(client.getItem('request', uid, unknown), 'notFound');
    assert.equal(request.status, 404);
    assert.match(request.message, /could not find the request/);
    assert.match((await rejectsWith(client.getItem('folder', uid, idOf(API, 'Ping')), 'notFound')).message, /could not find the folder/);
    await rejectsWith(client.getItem('response', uid, idOf(API, 'Ping')), 'notFound');
    await rejectsWith(client.updateItem('request', uid, unknown, { name: 'x' }), 'notFound');
    await rejectsWith(client.deleteItem('folder', uid, unknown), 'notFound');
    await rejectsWith(client.getItem('request', `12345678-${unknown}`, idOf(API, 'Ping')), 'notFound');
    // A create under a folder that is not there: Postman's 400 instanceNotFoundError, read as notFound.
    const parent = await rejectsWith(client.createFolder(uid, 'x', unknown), 'notFound');
    assert.equal(parent.status, 400);
    await rejectsWith(client.createRequest(uid, { name: 'x' }, unknown), 'notFound');
    await rejectsWith(client.renameCollection(`12345678-${unknown}`, 'x'), 'notFound');
    await rejectsWith(client.deleteCollection(`12345678-${unknown}`), 'notFound');
    await rejectsWith(client.renameEnvironment(`12345678-${unknown}`, 'x'), 'notFound');
    await rejectsWith(client.deleteEnvironment(`12345678-${unknown}`), 'notFound');
    await rejectsWith(client.duplicateCollection(`12345678-${unknown}`, ws(PAYMENTS).id, 'Copy'), 'notFound');
    await rejectsWith(client.getDuplicateTask(unknown), 'notFound');
  });

  it('403 on every write in a read-only workspace; nothing changes', async () => {
    const [uid] = entry(API);
    const snapshot = JSON.stringify(d().collections[uid]);
    const envUid = ws(PAYMENTS).environments[0].uid;
    server.setWorkspaceReadOnly(ws(PAYMENTS).id);
    const id = idOf(API, 'Ping');
    const writes: (() => Promise<unknown>)[] = [
      () => client.updateItem('request', uid, id, { name: 'x' }),
      () => client.createFolder(uid, 'x'),
      () => client.createRequest(uid, { name: 'x' }),
      () => client.deleteItem('request', uid, id),
      () => client.transferItems('request', { ids: [`12345678-${id}`], target: { model: 'folder', id: `12345678-${idOf(API, 'Payments')}` }, location: { position: 'end' }, mode: 'move' }),
      () => client.renameCollection(uid, 'x'),
      () => client.deleteCollection(uid),
      () => client.createEnvironment(ws(PAYMENTS).id, { name: 'x', values: [] }),
      () => client.renameEnvironment(envUid, 'x'),
      () => client.deleteEnvironment(envUid),
      () => client.duplicateCollection(uid, ws(PAYMENTS).id, 'Copy'),
    ];
    for (const write of writes) {
      const err = await rejectsWith(write(), 'forbidden');
      assert.equal(err.status, 403);
    }
    assert.equal(JSON.stringify(d().collections[uid]), snapshot);
    // Reads still work, and a copy out of the read-only workspace into a writable one too.
    await client.getItem('request', uid, id);
    const copied = await client.transferItems('request', { ids: [`12345678-${id}`], target: { model: 'collection', id: entry('Sandbox')[0] }, location: { position: 'end' }, mode: 'copy' });
    assert.equal(copied.length, 1);
  });

  it('400: an empty name, a folder moved into its own subfolder, an unknown target or anchor, an empty environment name', async () => {
    const [uid] = entry(API);
    const bad = await rejectsWith(client.updateItem('request', uid, idOf(API, 'Ping'), { name: '' }), 'badRequest');
    assert.equal(bad.status, 400);
    await rejectsWith(client.createFolder(uid, ''), 'badRequest');
    await rejectsWith(client.updateItem('request', uid, idOf(API, 'Ping'), { method: 5 } as Obj), 'badRequest');
    const into = await rejectsWith(client.transferItems('folder', {
      ids: [`12345678-${idOf(API, 'By ID')}`], target: { model: 'folder', id: `12345678-${idOf(API, 'Disputes')}` }, location: { position: 'end' }, mode: 'move',
    }), 'badRequest');
    assert.match(into.message, /into itself or into one of its subfolders/);
    await rejectsWith(client.transferItems('folder', {
      ids: [`12345678-${idOf(API, 'By ID')}`], target: { model: 'folder', id: `12345678-${idOf(API, 'By ID')}` }, location: { position: 'end' }, mode: 'move',
    }), 'badRequest');
    await rejectsWith(client.transferItems('request', {
      ids: [`12345678-${idOf(API, 'Ping')}`], target: { model: 'collection', id: '12345678-00000000-0000-4000-8000-000000000000' }, location: { position: 'end' }, mode: 'move',
    }), 'badRequest');
    await rejectsWith(client.transferItems('request', {
      ids: [`12345678-${idOf(API, 'Ping')}`], target: { model: 'collection', id: uid }, location: { position: 'before', id: '12345678-00000000-0000-4000-8000-000000000000' }, mode: 'move',
    }), 'badRequest');
    assert.ok(stored(API, 'Ping'), 'a failed move leaves the item where it was');
    assert.equal(entry(API)[1].item.at(-1)?.name, 'Ping');
    await rejectsWith(client.renameCollection(uid, ''), 'badRequest');
    await rejectsWith(client.createEnvironment(ws(PAYMENTS).id, { name: '', values: [] }), 'badRequest');
    await rejectsWith(client.renameEnvironment(ws(PAYMENTS).environments[0].uid, ''), 'badRequest');
  });

  it('moves requests and folders: start, end, before, after, into another collection (new owner in the uids)', async () => {
    const [uid] = entry(API);
    const payments = idOf(API, 'Payments');
    const ping = idOf(API, 'Ping');
    const moved = await client.transferItems('request', { ids: [`12345678-${ping}`], target: { model: 'folder', id: `12345678-${payments}` }, location: { position: 'start' }, mode: 'move' });
    assert.deepEqual(moved, [`12345678-${ping}`]);
    assert.equal((stored(API, 'Payments')?.item as Obj[])[0].id, ping);
    await client.transferItems('request', {
      ids: [`12345678-${ping}`], target: { model: 'folder', id: `12345678-${payments}` }, location: { position: 'after', model: 'request', id: `12345678-${idOf(API, 'Create payment')}` }, mode: 'move',
    });
    assert.deepEqual((stored(API, 'Payments')?.item as Obj[]).map((i) => i.name), ['List payments', 'Create payment', 'Ping', 'By ID']);
    await client.transferItems('request', {
      ids: [`12345678-${ping}`], target: { model: 'collection', id: uid }, location: { position: 'before', model: 'folder', id: `12345678-${payments}` }, mode: 'move',
    });
    assert.equal(entry(API)[1].item[0].id, ping);
    const [webhooks] = entry('Webhooks');
    const folderMoved = await client.transferItems('folder', { ids: [`12345678-${idOf(API, 'Customers')}`], target: { model: 'collection', id: webhooks }, location: { position: 'end' }, mode: 'move' });
    assert.deepEqual(folderMoved, [`87654321-${idOf('Webhooks', 'Customers')}`]);
    assert.equal(stored('Webhooks', 'Delete customer')?.uid, `87654321-${idOf('Webhooks', 'Delete customer')}`);
    assert.equal(stored(API, 'Delete customer'), undefined);
    const wire = await client.getItem('request', webhooks, idOf('Webhooks', 'Delete customer'));
    assert.equal(wire.folder, idOf('Webhooks', 'Customers'));
  });

  it('copies get new ids at every depth, saved responses included; the original stays', async () => {
    const [uid] = entry(API);
    const original = structuredClone(stored(API, 'Payments')) as Obj;
    const [copyUid] = await client.transferItems('folder', { ids: [`12345678-${original.id as string}`], target: { model: 'collection', id: uid }, location: { position: 'end' }, mode: 'copy' });
    const copy = entry(API)[1].item.at(-1) as unknown as Obj;
    assert.equal(copyUid, `12345678-${copy.id as string}`);
    assert.equal(copy.name, 'Payments');
    const ids = (item: Obj): string[] => [item.id as string, ...((item.response as Obj[] | undefined) ?? []).map((r) => r.id as string), ...((item.item as Obj[] | undefined) ?? []).flatMap(ids)];
    const before = ids(original);
    const after = ids(copy);
    assert.equal(after.length, before.length);
    assert.equal(after.filter((id) => before.includes(id)).length, 0, 'no id shared with the original');
    assert.deepEqual(stored(API, 'Payments'), original, 'the original is untouched');
    const copiedRequest = (copy.item as Obj[])[0];
    assert.equal(copiedRequest.uid, `12345678-${copiedRequest.id as string}`);
    const requests = await client.transferItems('request', {
      ids: [`12345678-${idOf(API, 'Ping')}`, `12345678-${idOf(API, 'Health')}`], target: { model: 'collection', id: entry('Sandbox')[0] }, location: { position: 'start' }, mode: 'copy',
    });
    assert.equal(requests.length, 2);
    assert.deepEqual(entry('Sandbox')[1].item.slice(0, 2).map((i) => i.name), ['Ping', 'Health']);
  });

  it('renames and deletes a collection; the workspace listing follows', async () => {
    const [uid, c] = entry('Webhooks');
    await client.renameCollection(uid, 'Hooks');
    assert.equal(c.info.name, 'Hooks');
    assert.equal((await client.getWorkspace(ws(PAYMENTS).id)).collections.find((r) => r.uid === uid)?.name, 'Hooks');
    // By ID as well.
    await client.renameCollection(c.info._postman_id, 'Hooks 2');
    assert.equal((await client.getCollection(uid)).info.name, 'Hooks 2');
    await client.deleteCollection(uid);
    assert.equal((await client.getWorkspace(ws(PAYMENTS).id)).collections.some((r) => r.uid === uid), false);
    await rejectsWith(client.getCollection(uid), 'notFound');
  });

  it('creates, renames and deletes an environment; the workspace listing follows', async () => {
    const wsId = ws(PAYMENTS).id;
    const created = await client.createEnvironment(wsId, { name: 'QA', values: [{ key: 'base', value: 'https://qa', enabled: true, type: 'default' }] });
    assert.equal(created.name, 'QA');
    assert.ok(created.uid);
    const listed = (await client.getWorkspace(wsId)).environments.find((e) => e.uid === created.uid);
    assert.equal(listed?.name, 'QA');
    await client.renameEnvironment(created.uid as string, 'QA 2');
    const env = await client.getEnvironment(created.uid as string);
    assert.equal(env.name, 'QA 2');
    assert.deepEqual(env.values.map((v) => [v.key, v.value]), [['base', 'https://qa']]);
    assert.equal((await client.getWorkspace(wsId)).environments.find((e) => e.uid === created.uid)?.name, 'QA 2');
    await client.deleteEnvironment(created.uid as string);
    assert.equal((await client.getWorkspace(wsId)).environments.some((e) => e.uid === created.uid), false);
    await rejectsWith(client.getEnvironment(created.uid as string), 'notFound');
  });

  it('duplicates a collection: processing, processing, then completed; the copy is "<name> <suffix>" with new ids, in the target workspace', async () => {
    const [uid, c] = entry(API);
    const target = ws('My Workspace').id;
    const task = await client.duplicateCollection(uid, target, 'Copy');
    assert.equal(task.status, 'processing');
    assert.equal((await client.getDuplicateTask(task.id)).status, 'processing');
    const done = await client.getDuplicateTask(task.id);
    assert.deepEqual(done, { id: task.id, status: 'completed' });
    assert.deepEqual(await client.getDuplicateTask(task.id), done, 'stays completed');
    const ref = (await client.getWorkspace(target)).collections.find((r) => r.name === `${API} Copy`);
    assert.ok(ref?.uid);
    const copy = await client.getCollection(ref.uid);
    assert.notEqual(copy.info._postman_id, c.info._postman_id);
    assert.equal(copy.item.length, c.item.length);
    assert.notEqual((copy.item[0] as Obj).id, c.item[0].id);
    // The source gone before it completes: failed, with Postman's reason.
    const again = await client.duplicateCollection(entry('Webhooks')[0], target, 'Copy');
    await client.deleteCollection(entry('Webhooks')[0]);
    await client.getDuplicateTask(again.id);
    assert.deepEqual(await client.getDuplicateTask(again.id), { id: again.id, status: 'failed', reason: 'instance not found' });
  });

  it('a teammate\'s edit bumps updatedAt (a conflict for a whole-collection editor); a teammate\'s deletion is a 404', async () => {
    const [uid, c] = entry(API);
    const id = idOf(API, 'Health');
    const first: WireItem = await client.getItem('request', uid, id);
    const collectionAt = c.info.updatedAt;
    const edited = server.editItemAsTeammate(uid, id, { name: 'Health (teammate)' });
    assert.equal(edited.name, 'Health (teammate)');
    const second = await client.getItem('request', uid, id);
    assert.equal(second.name, 'Health (teammate)');
    assert.notEqual(second.updatedAt, first.updatedAt);
    assert.notEqual(entry(API)[1].info.updatedAt, collectionAt);
    assert.equal(entry(API)[1].info.lastUpdatedBy, '87654321');
    assert.ok(server.deleteItemAsTeammate(uid, id));
    assert.equal(server.deleteItemAsTeammate(uid, id), false);
    await rejectsWith(client.getItem('request', uid, id), 'notFound');
    assert.throws(() => server.editItemAsTeammate(uid, id, { name: 'x' }));
    // Over the control surface too (for callers in another process).
    const other = idOf(API, 'Ping');
    const res = await fetch(`${server.url}/__control/collections/${uid}/items/${other}`, { method: 'PATCH', body: JSON.stringify({ name: 'Pong' }) });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as Obj).name, 'Pong');
    assert.equal((await fetch(`${server.url}/__control/collections/${uid}/items/${other}`, { method: 'DELETE' })).status, 200);
    assert.equal((await fetch(`${server.url}/__control/collections/${uid}/items/${other}`, { method: 'DELETE' })).status, 404);
    assert.equal((await fetch(`${server.url}/__control/collections/${uid}/items/${other}`, { method: 'PATCH', body: '{}' })).status, 404);
  });
});
