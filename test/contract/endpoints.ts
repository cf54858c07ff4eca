/**
 * The endpoints the extension uses, as the contract tests drive them: which client call
 * makes the request, which user journey it serves, and what the client must make of each of
 * the spec's example responses. Shared by the plain-Node contract test and the report.
 */
import * as assert from 'node:assert/strict';
import type { PostmanClient } from '../../src/postman';
import type { Journey } from '../reliability/report';
import type { Example } from './spec';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export interface Endpoint {
  method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** As the spec writes the path. */
  template: string;
  journey: Journey;
  /** False when the client has no method for it (yet); given PostmanClient.prototype. */
  available(client: object): boolean;
  call(client: PostmanClient): Promise<unknown>;
  /**
   * For a 2xx example: checks the client's result against it; returns a reason when the
   * example answers a request the client never makes (then a typed badResponse is right).
   */
  check(result: unknown, example: Example): void;
  /** 2xx examples the client is right to refuse (with badResponse), and why. */
  notForThisClient?: (example: Example) => string | undefined;
}

const ID = '12345678-12ece9e1-2abf-4edc-8e34-de66e74114d2';
/** The spec, task and workspace ids of the OpenAPI examples. */
const SPEC_ID = '73e15000-bc7a-4802-b80e-05fff18fd7f8';
const TASK_ID = '66ae9950-0869-4e65-96b0-1e0e47e771af';
const WORKSPACE_ID = '1f0df51a-8658-4ee8-a2a1-d2567dfa09a9';
/** A nested file (the examples' own): its `/` travel percent-encoded in the one `{filePath}` segment. */
const NESTED_FILE = 'components/schemas/spacecrafts.json';
/** Globals to save: a secret and a plain one, as the spec's request example. */
const GLOBALS = [
  { key: 'x-api-key', value: '{{postman-api-key}}', type: 'secret', enabled: true },
  { key: 'collectionId', value: ID, type: 'default', enabled: true, description: "The collection's ID." },
];

/** The ids of the item endpoints' examples: the collection's ID (its UID without the owner), a request, folder and response. */
const ITEM_COLLECTION = '12ece9e1-2abf-4edc-8e34-de66e74114d2';
const REQUEST_ID = 'c82dd02c-4870-4907-8fcb-593a876cf05b';
const FOLDER_ID = '65a99e60-8e0a-4b6e-b79c-7d8264cc5caa';
const RESPONSE_ID = 'cc364734-7dfd-4bfc-897d-be763dcdbb07';
const DUPLICATE_TASK = '694899-358b6bdb-bfb8-4715-a8e5-eca2a375e232';
/** A request as an item editor saves it: Postman's item format, the fields the PUT's schema describes. */
const REQUEST_BODY = {
  name: 'Example POST Request', method: 'POST', url: 'https://postman-echo.com/post', headerData: [{ key: 'Content-Type', value: 'application/json' }],
  queryParams: [], dataMode: 'raw', rawModeData: '{\n    "field": "Value"\n}', dataOptions: { raw: { language: 'json' } }, description: 'This is an example POST request.',
};

/** An item endpoint's answer: the item the example gives in `data`, as it is. */
function wireItemAsIn(result: unknown, ex: Example): void {
  const data = obj(obj(ex.value).data);
  const got = obj(result);
  assert.equal(got.id, data.id);
  if (typeof data.name === 'string') {
    assert.equal(got.name, data.name);
  }
  if (typeof data.updatedAt === 'string') {
    assert.equal(got.updatedAt, data.updatedAt);
  }
  for (const key of Object.keys(data).filter((k) => k !== 'name' && k !== 'updatedAt' && k !== 'id')) {
    assert.deepEqual(got[key], data[key], `data.${key} is kept`);
  }
}

/** A write whose answer only confirms it. */
function done(result: unknown): void {
  assert.equal(result, undefined);
}

/** The item endpoints the item editor and the tree's edits use: one GET, PUT and DELETE per model. */
function itemEndpoints(): Endpoint[] {
  const models = [
    { model: 'request' as const, template: '/collections/{collectionId}/requests/{requestId}', id: REQUEST_ID, body: REQUEST_BODY },
    { model: 'folder' as const, template: '/collections/{collectionId}/folders/{folderId}', id: FOLDER_ID, body: { name: 'Test Folder', description: 'This is a test folder.' } },
    { model: 'response' as const, template: '/collections/{collectionId}/responses/{responseId}', id: RESPONSE_ID, body: { name: 'Example Response', responseCode: { code: 200, name: 'OK' }, text: '{}', language: 'json' } },
  ];
  return models.flatMap(({ model, template, id, body }): Endpoint[] => [
    {
      method: 'GET', template, journey: 'open', available: (c) => typeof (c as { getItem?: unknown }).getItem === 'function',
      call: (c) => c.getItem(model, `12345678-${ITEM_COLLECTION}`, id), check: wireItemAsIn,
    },
    {
      method: 'PUT', template, journey: 'save', available: (c) => typeof (c as { updateItem?: unknown }).updateItem === 'function',
      call: (c) => c.updateItem(model, `12345678-${ITEM_COLLECTION}`, id, body), check: wireItemAsIn,
    },
    {
      method: 'DELETE', template, journey: 'save', available: (c) => typeof (c as { deleteItem?: unknown }).deleteItem === 'function',
      call: (c) => c.deleteItem(model, `12345678-${ITEM_COLLECTION}`, id), check: done,
    },
  ]);
}

/** The collection the spec's GET example returns: what an editor would send back on save. */
export let collectionBody: Obj = {
  info: { name: 'Test Collection', schema: 'https://schema.postman.com/json/collection/v2.1.0/collection.json' },
  item: [],
};
export let environmentBody: { name: string; values: unknown[] } = { name: 'Test Environment', values: [] };

/** Uses the spec's own GET examples as the bodies to save back (a round trip through the description). */
export function useSpecBodies(getCollection: Example | undefined, getEnvironment: Example | undefined): void {
  const collection = obj(obj(getCollection?.value).collection);
  if (Object.keys(collection).length > 0) {
    collectionBody = collection;
  }
  const env = obj(obj(getEnvironment?.value).environment);
  if (typeof env.name === 'string') {
    environmentBody = { name: env.name, values: arr(env.values) };
  }
}

/** An environment's or the globals' variables: the example's keys, each with a string value. */
function assertVariablesAsIn(got: { key: string; value: unknown }[], want: Obj[]): void {
  assert.deepEqual(got.map((v) => v.key), want.map((v) => v.key));
  // A vault-backed secret has no value at all: shown as empty, never "undefined".
  assert.ok(got.every((v) => typeof v.value === 'string'));
}

export const ENDPOINTS: Endpoint[] = [
  {
    method: 'GET',
    template: '/me',
    journey: 'sign in',
    available: () => true,
    call: (c) => c.getMe(),
    check: (result, ex) => {
      const me = result as Awaited<ReturnType<PostmanClient['getMe']>>;
      const user = obj(obj(ex.value).user);
      assert.equal(String(me.user.id), String(user.id));
      assert.equal(me.user.username, user.username);
      assert.equal(me.user.fullName, user.fullName);
      assert.equal(me.operations.length, arr(obj(ex.value).operations).length);
      const usage = me.operations.find((o) => o.name === 'api_usage');
      assert.ok(usage && usage.limit > 0, 'the month’s API usage is read');
    },
  },
  {
    method: 'GET',
    template: '/workspaces',
    journey: 'browse',
    available: () => true,
    call: (c) => c.listWorkspaces(),
    check: (result, ex) => {
      const list = result as Awaited<ReturnType<PostmanClient['listWorkspaces']>>;
      const page = arr(obj(ex.value).workspaces).map(obj);
      // Static Prism answers the next page with the same example, cursor included: the client
      // follows it once, sees the cursor again and stops.
      const pages = obj(obj(ex.value).meta).nextCursor ? 2 : 1;
      assert.equal(list.length, page.length * pages);
      assert.deepEqual(list.slice(0, page.length).map((w) => [w.id, w.name, w.visibility]), page.map((w) => [w.id, w.name, w.visibility]));
    },
  },
  {
    method: 'GET',
    template: '/workspaces/{workspaceId}',
    journey: 'browse',
    available: () => true,
    call: (c) => c.getWorkspace('1f0df51a-8658-4ee8-a2a1-d2567dfa09a9'),
    notForThisClient: (ex) => (obj(ex.value).workspace === undefined ? 'an unwrapped body (the spec’s example for `include=`, which the client never sends)' : undefined),
    check: (result, ex) => {
      const ws = result as Awaited<ReturnType<PostmanClient['getWorkspace']>>;
      const want = obj(obj(ex.value).workspace);
      assert.equal(ws.id, want.id);
      assert.equal(ws.name, want.name);
      for (const kind of ['collections', 'environments', 'mocks', 'monitors', 'specs'] as const) {
        assert.deepEqual(ws[kind].map((r) => r.name), arr(want[kind]).map((r) => obj(r).name), kind);
      }
    },
  },
  {
    method: 'GET',
    template: '/collections/{collectionId}',
    journey: 'open',
    available: () => true,
    call: (c) => c.getCollection(ID),
    notForThisClient: (ex) => (!Array.isArray(obj(obj(ex.value).collection).item) ? 'no item tree (the spec’s example for `model=minimal`, which the client never sends)' : undefined),
    check: (result, ex) => {
      const collection = result as Awaited<ReturnType<PostmanClient['getCollection']>>;
      const want = obj(obj(ex.value).collection);
      assert.deepEqual(collection, want, 'the collection is kept exactly as sent');
    },
  },
  {
    method: 'GET',
    template: '/environments/{environmentId}',
    journey: 'open',
    available: () => true,
    call: (c) => c.getEnvironment('12345678-5daabc50-8451-43f6-922d-96b403b4f28e'),
    check: (result, ex) => {
      const env = result as Awaited<ReturnType<PostmanClient['getEnvironment']>>;
      const want = obj(obj(ex.value).environment);
      assert.equal(env.name, want.name);
      assertVariablesAsIn(env.values, arr(want.values).map(obj));
    },
  },
  {
    method: 'GET',
    template: '/workspaces/{workspaceId}/global-variables',
    journey: 'send',
    available: () => true,
    call: (c) => c.getGlobals('1f0df51a-8658-4ee8-a2a1-d2567dfa09a9'),
    check: (result, ex) => {
      const globals = result as Awaited<ReturnType<PostmanClient['getGlobals']>>;
      const want = arr(obj(ex.value).values).map(obj);
      assertVariablesAsIn(globals, want);
      assert.deepEqual(globals.map((v) => v.type === 'secret'), want.map((v) => v.type === 'secret'), 'secret globals stay secret (masked when shown)');
    },
  },
  {
    method: 'GET',
    template: '/mocks',
    journey: 'browse',
    available: () => true,
    call: (c) => c.listMocks('1f0df51a-8658-4ee8-a2a1-d2567dfa09a9'),
    check: (result, ex) => {
      const mocks = result as Awaited<ReturnType<PostmanClient['listMocks']>>;
      const want = arr(obj(ex.value).mocks).map(obj);
      assert.deepEqual(mocks.map((m) => [m.id, m.mockUrl, m.collection]), want.map((m) => [m.id, m.mockUrl, m.collection]));
    },
  },
  {
    method: 'GET',
    template: '/monitors/{monitorId}',
    journey: 'browse',
    available: () => true,
    call: (c) => c.getMonitor('1e6b6cc1-c760-48e0-968f-4bfaeeae9af1'),
    check: (result, ex) => {
      const m = result as Awaited<ReturnType<PostmanClient['getMonitor']>>;
      const want = obj(obj(ex.value).monitor);
      assert.equal(m.name, want.name);
      assert.equal(m.schedule?.cron, obj(want.schedule).cron);
      assert.equal(m.lastRun?.status, obj(want.lastRun).status);
      assert.equal(m.lastRun?.assertionsTotal, obj(obj(obj(want.lastRun).stats).assertions).total);
    },
  },
  {
    method: 'PUT',
    template: '/collections/{collectionId}',
    journey: 'save',
    available: (c) => typeof (c as { updateCollection?: unknown }).updateCollection === 'function',
    call: (c) => (c as unknown as { updateCollection(uid: string, body: object): Promise<unknown> }).updateCollection(ID, collectionBody),
    check: (result, ex) => savedRef(result, ex, 'collection'),
  },
  {
    method: 'PUT',
    template: '/environments/{environmentId}',
    journey: 'save',
    available: (c) => typeof (c as { updateEnvironment?: unknown }).updateEnvironment === 'function',
    call: (c) =>
      (c as unknown as { updateEnvironment(uid: string, body: object): Promise<unknown> }).updateEnvironment('12345678-5daabc50-8451-43f6-922d-96b403b4f28e', environmentBody),
    check: (result, ex) => savedRef(result, ex, 'environment'),
  },
  {
    method: 'POST',
    template: '/collections',
    journey: 'save',
    available: (c) => typeof (c as { createCollection?: unknown }).createCollection === 'function',
    call: (c) =>
      (c as unknown as { createCollection(ws: string, body: object): Promise<unknown> }).createCollection('1f0df51a-8658-4ee8-a2a1-d2567dfa09a9', collectionBody),
    check: (result, ex) => savedRef(result, ex, 'collection'),
  },
  {
    method: 'PUT',
    template: '/workspaces/{workspaceId}/global-variables',
    journey: 'save',
    available: (c) => typeof (c as { updateGlobals?: unknown }).updateGlobals === 'function',
    call: (c) => c.updateGlobals(WORKSPACE_ID, GLOBALS),
    check: (result, ex) => {
      const globals = result as Awaited<ReturnType<PostmanClient['updateGlobals']>>;
      const want = arr(obj(ex.value).values).map(obj);
      assertVariablesAsIn(globals, want);
      assert.deepEqual(globals.map((v) => v.type), want.map((v) => v.type));
    },
  },
  {
    method: 'GET',
    template: '/specs/{specId}',
    journey: 'browse',
    available: (c) => typeof (c as { getSpec?: unknown }).getSpec === 'function',
    call: (c) => c.getSpec(SPEC_ID),
    check: (result, ex) => {
      const spec = result as Awaited<ReturnType<PostmanClient['getSpec']>>;
      const want = obj(ex.value);
      assert.deepEqual([spec.id, spec.name, spec.type, spec.fileFormat, spec.updatedAt], [want.id, want.name, want.type, want.fileFormat, want.updatedAt]);
    },
  },
  {
    method: 'GET',
    template: '/specs/{specId}/files',
    journey: 'browse',
    available: (c) => typeof (c as { listSpecFiles?: unknown }).listSpecFiles === 'function',
    call: (c) => c.listSpecFiles(SPEC_ID),
    check: (result, ex) => {
      const files = result as Awaited<ReturnType<PostmanClient['listSpecFiles']>>;
      const page = arr(obj(ex.value).files).map(obj);
      // Static Prism answers the next page with the same example, cursor included: followed once, then seen again.
      const pages = obj(obj(ex.value).meta).nextCursor ? 2 : 1;
      assert.equal(files.length, page.length * pages);
      assert.deepEqual(files.slice(0, page.length).map((f) => [f.id, f.path, f.name, f.type]), page.map((f) => [f.id, f.path, f.name, f.type]));
    },
  },
  {
    method: 'GET',
    template: '/specs/{specId}/files/{filePath}',
    journey: 'open',
    available: (c) => typeof (c as { getSpecFile?: unknown }).getSpecFile === 'function',
    call: (c) => c.getSpecFile(SPEC_ID, NESTED_FILE),
    check: (result, ex) => {
      const file = result as Awaited<ReturnType<PostmanClient['getSpecFile']>>;
      const want = obj(ex.value);
      assert.deepEqual([file.id, file.path, file.name, file.type, file.content], [want.id, want.path, want.name, want.type, want.content]);
    },
  },
  {
    method: 'PATCH',
    template: '/specs/{specId}/files/{filePath}',
    journey: 'save',
    available: (c) => typeof (c as { updateSpecFile?: unknown }).updateSpecFile === 'function',
    call: (c) => c.updateSpecFile(SPEC_ID, NESTED_FILE, '{\n  "Spacecraft": { "type": "object" }\n}\n'),
    check: (result, ex) => {
      const saved = result as Awaited<ReturnType<PostmanClient['updateSpecFile']>>;
      const want = obj(ex.value);
      assert.deepEqual([saved.id, saved.path, saved.type, saved.updatedAt], [want.id, want.path, want.type, want.updatedAt]);
    },
  },
  {
    method: 'POST',
    template: '/specs/{specId}/generations/{elementType}',
    journey: 'save',
    available: (c) => typeof (c as { generateCollection?: unknown }).generateCollection === 'function',
    call: (c) => c.generateCollection(SPEC_ID, 'Sample API'),
    check: (result, ex) => {
      const task = result as Awaited<ReturnType<PostmanClient['generateCollection']>>;
      assert.deepEqual(task, { taskId: obj(ex.value).taskId, url: obj(ex.value).url });
    },
  },
  {
    method: 'GET',
    template: '/{elementType}/{elementId}/tasks/{taskId}',
    journey: 'save',
    available: (c) => typeof (c as { getSpecTask?: unknown }).getSpecTask === 'function',
    call: (c) => c.getSpecTask(SPEC_ID, TASK_ID),
    check: (result, ex) => {
      const task = result as Awaited<ReturnType<PostmanClient['getSpecTask']>>;
      const want = obj(ex.value);
      const details = want.details;
      assert.equal(task.status, want.status);
      assert.equal(task.collectionUid, obj(arr(obj(details).resources)[0]).id);
      assert.equal(task.error, typeof details === 'string' ? details : undefined);
    },
  },
  {
    method: 'GET',
    template: '/specs/{specId}/generations/{elementType}',
    journey: 'browse',
    available: (c) => typeof (c as { listSpecCollections?: unknown }).listSpecCollections === 'function',
    call: (c) => c.listSpecCollections(SPEC_ID),
    check: (result, ex) => {
      const collections = result as Awaited<ReturnType<PostmanClient['listSpecCollections']>>;
      const want = arr(obj(ex.value).collections).map(obj);
      assert.deepEqual(collections.map((g) => [g.id, g.name, g.state, g.updatedAt]), want.map((g) => [g.id, g.name, g.state, g.updatedAt]));
    },
  },
  ...itemEndpoints(),
  {
    method: 'POST',
    template: '/collections/{collectionId}/folders',
    journey: 'save',
    available: (c) => typeof (c as { createFolder?: unknown }).createFolder === 'function',
    call: (c) => c.createFolder(`12345678-${ITEM_COLLECTION}`, 'Test Folder'),
    check: wireItemAsIn,
  },
  {
    method: 'POST',
    template: '/collections/{collectionId}/requests',
    journey: 'save',
    available: (c) => typeof (c as { createRequest?: unknown }).createRequest === 'function',
    call: (c) => c.createRequest(`12345678-${ITEM_COLLECTION}`, { name: 'Example GET Request', method: 'GET', url: 'https://postman-echo.com/get?param=value' }, FOLDER_ID),
    check: wireItemAsIn,
  },
  ...(['request', 'folder'] as const).map((model): Endpoint => ({
    method: 'POST',
    template: `/collection-${model}s-transfers`,
    journey: 'save',
    available: (c) => typeof (c as { transferItems?: unknown }).transferItems === 'function',
    call: (c) => c.transferItems(model, {
      ids: ['12345678-bcb5648b-eecb-4468-ade7-4efb38431bd1'], target: { model: 'collection', id: '12345678-2ba6b9c4-5327-4c46-9bf3-4ec84b74b720' }, location: { position: 'end' }, mode: 'copy',
    }),
    check: (result, ex) => assert.deepEqual(result, obj(ex.value).ids),
  })),
  {
    method: 'PATCH',
    template: '/collections/{collectionId}',
    journey: 'save',
    available: (c) => typeof (c as { renameCollection?: unknown }).renameCollection === 'function',
    call: (c) => c.renameCollection(ID, 'Test Collection v2'),
    check: done,
  },
  {
    method: 'DELETE',
    template: '/collections/{collectionId}',
    journey: 'save',
    available: (c) => typeof (c as { deleteCollection?: unknown }).deleteCollection === 'function',
    call: (c) => c.deleteCollection(ID),
    check: done,
  },
  {
    method: 'POST',
    template: '/environments',
    journey: 'save',
    available: (c) => typeof (c as { createEnvironment?: unknown }).createEnvironment === 'function',
    call: (c) => c.createEnvironment(WORKSPACE_ID, { name: 'Test Environment', values: [{ key: 'collectionId', value: ID, enabled: true, type: 'default' }] }),
    check: (result, ex) => savedRef(result, ex, 'environment'),
  },
  {
    method: 'PATCH',
    template: '/environments/{environmentId}',
    journey: 'save',
    available: (c) => typeof (c as { renameEnvironment?: unknown }).renameEnvironment === 'function',
    call: (c) => c.renameEnvironment('12345678-5daabc50-8451-43f6-922d-96b403b4f28e', 'Test API Environment'),
    check: done,
  },
  {
    method: 'DELETE',
    template: '/environments/{environmentId}',
    journey: 'save',
    available: (c) => typeof (c as { deleteEnvironment?: unknown }).deleteEnvironment === 'function',
    call: (c) => c.deleteEnvironment('12345678-5daabc50-8451-43f6-922d-96b403b4f28e'),
    check: done,
  },
  {
    method: 'POST',
    template: '/collections/{collectionId}/duplicates',
    journey: 'save',
    available: (c) => typeof (c as { duplicateCollection?: unknown }).duplicateCollection === 'function',
    call: (c) => c.duplicateCollection(ID, WORKSPACE_ID, 'Copy'),
    check: (result, ex) => duplicateTaskAsIn(result, ex),
  },
  {
    method: 'GET',
    template: '/collection-duplicate-tasks/{taskId}',
    journey: 'save',
    available: (c) => typeof (c as { getDuplicateTask?: unknown }).getDuplicateTask === 'function',
    call: (c) => c.getDuplicateTask(DUPLICATE_TASK),
    check: (result, ex) => duplicateTaskAsIn(result, ex),
  },
];

function duplicateTaskAsIn(result: unknown, ex: Example): void {
  const want = obj(obj(ex.value).task);
  assert.deepEqual(result, { id: want.id, status: want.status, ...(typeof want.reason === 'string' ? { reason: want.reason } : {}) });
}

function savedRef(result: unknown, ex: Example, key: string): void {
  const want = obj(obj(ex.value)[key]);
  const got = obj(result);
  if (Object.keys(want).length === 0) {
    // 202 {task}: accepted for later; nothing to name.
    assert.equal(typeof result, 'object');
    return;
  }
  for (const k of ['id', 'uid', 'name']) {
    if (want[k] !== undefined) {
      assert.equal(got[k], want[k], k);
    }
  }
}

/** What the client must make of an error example: the typed error's kind. */
export function expectedKind(ex: Example): string {
  const body = obj(ex.value);
  const error = obj(body.error);
  const notFound = error.name === 'instanceNotFoundError' || (typeof body.type === 'string' && /\/not-found$/.test(body.type)) || body.status === 404;
  switch (ex.code) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'notFound';
    case 429:
      return error.name === 'serviceLimitExhausted' ? 'quotaExhausted' : 'rateLimited';
    default:
      if (ex.code >= 500) {
        return 'server';
      }
      return ex.code === 400 && notFound ? 'notFound' : 'badRequest';
  }
}

/** The server's own words in an error example, which the error message should carry. */
export function serverWords(ex: Example): string | undefined {
  const body = obj(ex.value);
  const error = obj(body.error);
  if (typeof error.message === 'string') {
    return error.message;
  }
  if (typeof body.detail === 'string') {
    return body.detail;
  }
  return typeof body.message === 'string' ? body.message : undefined;
}
