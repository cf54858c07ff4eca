import * as assert from 'node:assert/strict';
import { HttpTransport, PostmanClient, PostmanError, type PostmanErrorKind } from '../../src/postman';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY, SAMPLE_SPECS, specNamed, type Dataset } from '../fixtures/sampleData';
import { saw, scenario } from '../reliability/report';
import { ContractProxy, type Exchange, type Prism, startPrism } from './prism';

/**
 * The local Postman server (test/fixtures), which the unit, integration and e2e tests take
 * for Postman, behind `prism proxy` serving Postman's own OpenAPI description: the client
 * drives each endpoint, and Prism validates both the client's request and the local server's
 * answer (its status, and its body against that status's schema). A finding on either side
 * is a failure: the local server must answer as Postman describes it, errors included.
 */
describe('contract: the local Postman server against Postman’s OpenAPI description (Prism proxy)', function () {
  this.timeout(120_000);
  const server = new LocalPostmanServer({ rateLimits: false, pageSizes: { specFiles: 2 } });
  let prism: Prism;
  let proxy: ContractProxy;
  let client: PostmanClient;
  const d = (): Dataset => server.dataset;
  const payments = () => d().workspaces.find((w) => w.name === 'Payments Platform')!;
  const multi = () => specNamed(d(), SAMPLE_SPECS.multiFile);
  const single = () => specNamed(d(), SAMPLE_SPECS.single);

  before(async () => {
    prism = await startPrism({ proxyTo: await server.start() });
    proxy = new ContractProxy(prism.url);
    const baseUrl = await proxy.start();
    client = new PostmanClient(new HttpTransport(() => ({ baseUrl, timeoutMs: 15_000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }), undefined, undefined, { pacer: false }));
  });

  after(async () => {
    await proxy?.stop();
    await prism?.stop();
    await server.stop();
  });

  beforeEach(() => {
    server.reset();
    server.specTaskPendingPolls = 0;
  });

  /** Runs `call` through Prism; no request or answer of it may have a finding. Returns its result or error. */
  async function valid<T>(call: () => Promise<T>): Promise<{ result: T | undefined; error: unknown; exchanges: Exchange[] }> {
    const outcome = await proxy.with(undefined, call);
    assert.ok(outcome.exchanges.length > 0, 'a request went through Prism');
    for (const x of outcome.exchanges) {
      assert.equal(x.violations, undefined, `${x.method} ${x.url} (${x.status}): ${JSON.stringify(x.violations)}`);
    }
    return outcome;
  }

  async function answers<T>(call: () => Promise<T>): Promise<T> {
    const { result, error, exchanges } = await valid(call);
    assert.equal(error, undefined, String(error));
    saw(`${exchanges.map((x) => `${x.method} ${x.url.split('?')[0]} ${x.status}`).join(', ')}: valid`);
    return result as T;
  }

  async function fails(call: () => Promise<unknown>, kind: PostmanErrorKind, status: number): Promise<void> {
    const { error } = await valid(call);
    assert.ok(error instanceof PostmanError, `expected a PostmanError, got ${String(error)}`);
    assert.deepEqual([error.kind, error.status], [kind, status], error.message);
    saw(`${status} ${kind}, body valid: ${error.message}`);
  }

  scenario('node', 'contract', 'local server: GET /me, GET /workspaces, GET /workspaces/{id} (with specs)', async () => {
    await answers(() => client.getMe());
    assert.equal((await answers(() => client.listWorkspaces())).length, d().workspaces.length);
    const ws = await answers(() => client.getWorkspace(payments().id));
    assert.deepEqual(ws.specs.map((s) => s.name), [SAMPLE_SPECS.single, SAMPLE_SPECS.multiFile]);
  });

  scenario('node', 'contract', 'local server: collections, environments, mocks, monitors, globals (reads and saves)', async () => {
    const ws = payments();
    const collection = await answers(() => client.getCollection(ws.collections[0].uid));
    // The sample data names the schema by its older host (schema.getpostman.com), as many stored
    // collections do; the description's request schema allows only schema.postman.com.
    const schema = 'https://schema.postman.com/json/collection/v2.1.0/collection.json';
    await answers(() => client.updateCollection(ws.collections[0].uid, { ...collection, info: { ...collection.info, schema } }));
    await answers(() => client.createCollection(ws.id, { info: { name: 'New', schema }, item: [] }));
    const env = await answers(() => client.getEnvironment(ws.environments[0].uid));
    await answers(() => client.updateEnvironment(ws.environments[0].uid, { name: env.name, values: env.values }));
    await answers(() => client.listMocks(ws.id));
    await answers(() => client.getMonitor(ws.monitors[0].id));
    const values = [{ key: 'token', value: 's3cr3t', type: 'secret', enabled: true, description: 'API token' }, { key: 'n', value: '1', type: 'default', enabled: false }];
    assert.deepEqual(await answers(() => client.updateGlobals(ws.id, values)), values);
    assert.deepEqual(await answers(() => client.getGlobals(ws.id)), values);
  });

  scenario('node', 'contract', 'local server: GET /specs/{id}, its files (paged), a nested and a non-ASCII file', async () => {
    assert.equal((await answers(() => client.getSpec(single().id))).type, 'OPENAPI:3.0');
    assert.equal((await answers(() => client.listSpecFiles(multi().id))).length, 3);
    assert.match((await answers(() => client.getSpecFile(multi().id, 'components/responses/errors.yaml'))).content, /^BadRequest:/);
    const unicode = specNamed(d(), SAMPLE_SPECS.unicode);
    assert.equal((await answers(() => client.getSpecFile(unicode.id, 'schémas/café.json'))).name, 'café.json');
  });

  scenario('node', 'contract', 'local server: PATCH a spec file, generate a collection, poll its task, list generated collections', async () => {
    server.specTaskPendingPolls = 1;
    const { taskId } = await answers(() => client.generateCollection(multi().id, 'Customers'));
    await fails(() => client.generateCollection(multi().id, 'Again'), 'badRequest', 423);
    assert.equal((await answers(() => client.getSpecTask(multi().id, taskId))).status, 'pending');
    const done = await answers(() => client.getSpecTask(multi().id, taskId));
    assert.equal(done.status, 'completed');
    await answers(() => client.updateSpecFile(multi().id, 'components/schemas.yaml', 'A:\n  type: string\n'));
    assert.deepEqual((await answers(() => client.listSpecCollections(multi().id))).map((c) => c.state), ['out-of-sync']);
    server.editSpecFileAsTeammate(single().id, 'index.yaml', 'not: [a definition');
    server.specTaskPendingPolls = 0;
    const broken = await answers(() => client.generateCollection(single().id, 'Broken'));
    assert.equal((await answers(() => client.getSpecTask(single().id, broken.taskId))).status, 'failed');
  });

  /** A collection of the sample data by name: its uid and stored v2.1 form. */
  const collection = (name: string) => {
    const [uid, c] = Object.entries(d().collections).find(([, x]) => x.info.name === name)!;
    return { uid, c };
  };
  /** An item's id in a collection's stored tree, by name (any depth, saved responses too). */
  function itemId(name: string, inCollection = 'Payments API v2'): string {
    let hit: string | undefined;
    const walk = (items: unknown[]): void => {
      for (const item of items as { id: string; name: string; item?: unknown[]; response?: { id: string; name: string }[] }[]) {
        hit ??= item.name === name ? item.id : item.response?.find((r) => r.name === name)?.id;
        walk(item.item ?? []);
      }
    };
    walk(collection(inCollection).c.item);
    return hit!;
  }

  scenario('node', 'contract', 'local server: items in Postman\'s format — GET, PUT (merged), POST a folder and a request, DELETE a response, request and folder', async () => {
    const { uid } = collection('Payments API v2');
    const request = await answers(() => client.getItem('request', uid, itemId('List payments')));
    await answers(() => client.getItem('folder', uid, itemId('By ID')));
    await answers(() => client.getItem('response', uid, itemId('One page')));
    const saved = await answers(() => client.updateItem('request', uid, request.id, { name: 'List all payments', method: 'GET', url: 'https://api.example.com/payments', headerData: [{ key: 'Accept', value: 'application/json' }] }));
    assert.equal(saved.name, 'List all payments');
    await answers(() => client.updateItem('folder', uid, itemId('By ID'), { name: 'By id', description: 'One payment' }));
    await answers(() => client.updateItem('response', uid, itemId('One page'), { name: 'First page', text: '{}', responseCode: { code: 200, name: 'OK' } }));
    const folder = await answers(() => client.createFolder(uid, 'Contract folder', itemId('Payments')));
    const created = await answers(() => client.createRequest(uid, { name: 'Contract request', method: 'POST', url: 'https://api.example.com/x', dataMode: 'raw', rawModeData: '{}' }, folder.id));
    assert.equal(created.folder, folder.id);
    await answers(() => client.deleteItem('response', uid, itemId('First page')));
    await answers(() => client.deleteItem('request', uid, created.id));
    await answers(() => client.deleteItem('folder', uid, folder.id));
  });

  scenario('node', 'contract', 'local server: transfers — move and copy requests and folders, positions, and the 400 for a bad target', async () => {
    const { uid } = collection('Payments API v2');
    const ref = (id: string) => `12345678-${id}`;
    await answers(() => client.transferItems('request', { ids: [ref(itemId('Ping'))], target: { model: 'folder', id: ref(itemId('Payments')) }, location: { position: 'start' }, mode: 'move' }));
    await answers(() => client.transferItems('request', {
      ids: [ref(itemId('Ping'))], target: { model: 'collection', id: uid }, location: { position: 'before', model: 'folder', id: ref(itemId('Payments')) }, mode: 'move',
    }));
    const copies = await answers(() => client.transferItems('folder', { ids: [ref(itemId('Customers'))], target: { model: 'collection', id: collection('Sandbox').uid }, location: { position: 'end' }, mode: 'copy' }));
    assert.equal(copies.length, 1);
    await fails(() => client.transferItems('folder', {
      ids: [ref(itemId('By ID'))], target: { model: 'folder', id: ref(itemId('Refunds')) }, location: { position: 'end' }, mode: 'move',
    }), 'badRequest', 400);
    await fails(() => client.transferItems('request', {
      ids: [ref(itemId('Ping'))], target: { model: 'collection', id: '12345678-00000000-0000-4000-8000-000000000000' }, location: { position: 'end' }, mode: 'move',
    }), 'badRequest', 400);
  });

  scenario('node', 'contract', 'local server: collections renamed, duplicated (task polled), deleted; environments created, renamed, deleted', async () => {
    const ws = payments();
    const { uid } = collection('Webhooks');
    await answers(() => client.renameCollection(uid, 'Hooks'));
    const task = await answers(() => client.duplicateCollection(uid, ws.id, 'Copy'));
    assert.equal((await answers(() => client.getDuplicateTask(task.id))).status, 'processing');
    assert.equal((await answers(() => client.getDuplicateTask(task.id))).status, 'completed');
    assert.ok(ws.collections.some((c) => c.name === 'Hooks Copy'));
    await answers(() => client.deleteCollection(uid));
    const env = await answers(() => client.createEnvironment(ws.id, { name: 'QA', values: [{ key: 'base', value: 'https://qa.example.com', enabled: true, type: 'default' }] }));
    await answers(() => client.renameEnvironment(env.uid!, 'QA 2'));
    await answers(() => client.deleteEnvironment(env.uid!));
  });

  scenario('node', 'contract', 'local server: 404 for unknown items, collections, environments and tasks; 403 for a read-only workspace where the description has one', async () => {
    const { uid } = collection('Payments API v2');
    const unknown = '00000000-0000-4000-8000-000000000000';
    await fails(() => client.getItem('request', uid, unknown), 'notFound', 404);
    await fails(() => client.getItem('folder', uid, unknown), 'notFound', 404);
    await fails(() => client.getItem('response', uid, unknown), 'notFound', 404);
    await fails(() => client.updateItem('request', uid, unknown, { name: 'x' }), 'notFound', 404);
    await fails(() => client.deleteItem('folder', uid, unknown), 'notFound', 404);
    await fails(() => client.createFolder(uid, 'x', unknown), 'notFound', 400);
    await fails(() => client.renameCollection(`12345678-${unknown}`, 'x'), 'notFound', 404);
    await fails(() => client.deleteCollection(`12345678-${unknown}`), 'notFound', 404);
    await fails(() => client.renameEnvironment(`12345678-${unknown}`, 'x'), 'notFound', 404);
    await fails(() => client.deleteEnvironment(`12345678-${unknown}`), 'notFound', 404);
    await fails(() => client.getDuplicateTask(unknown), 'notFound', 404);
    server.setWorkspaceReadOnly(payments().id);
    await fails(() => client.renameCollection(uid, 'x'), 'forbidden', 403);
    await fails(() => client.createEnvironment(payments().id, { name: 'x', values: [] }), 'forbidden', 403);
    await fails(() => client.renameEnvironment(payments().environments[0].uid, 'x'), 'forbidden', 403);
    await fails(() => client.duplicateCollection(uid, payments().id, 'Copy'), 'forbidden', 403);
  });

  scenario('node', 'contract', 'local server: 404 for an unknown spec, file or task; 403 for writes to a read-only workspace', async () => {
    await fails(() => client.getSpec('00000000-0000-4000-8000-000000000000'), 'notFound', 404);
    await fails(() => client.listSpecFiles('00000000-0000-4000-8000-000000000000'), 'notFound', 404);
    await fails(() => client.getSpecFile(multi().id, 'nope.yaml'), 'notFound', 404);
    await fails(() => client.updateSpecFile(multi().id, 'nope.yaml', 'x'), 'notFound', 404);
    await fails(() => client.getSpecTask(multi().id, '00000000-0000-4000-8000-000000000000'), 'notFound', 404);
    await fails(() => client.listSpecCollections('00000000-0000-4000-8000-000000000000'), 'notFound', 404);
    server.setWorkspaceReadOnly(payments().id);
    await fails(() => client.updateSpecFile(multi().id, 'index.yaml', 'x'), 'forbidden', 403);
    await fails(() => client.generateCollection(multi().id, 'x'), 'forbidden', 403);
  });
});
