import * as assert from 'node:assert/strict';
import { HttpTransport, PostmanClient, PostmanError } from '../../src/postman';
import { filePathSegment } from '../../src/postman/ids';
import { recording, rejectsWith } from './assertions';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY, SAMPLE_SPECS, specNamed, type Spec } from '../fixtures/sampleData';

/**
 * The Spec Hub and globals calls of the client: first the exact requests (method, path, query,
 * body) through a recording transport, then real round trips against the local server.
 */

const SPEC = '73e15000-bc7a-4802-b80e-05fff18fd7f8';
const TASK = '66ae9950-0869-4e65-96b0-1e0e47e771af';
const WS = '1f0df51a-8658-4ee8-a2a1-d2567dfa09a9';

describe('PostmanClient: the requests of the Spec Hub and globals calls', () => {
  it('getSpec: GET /specs/{specId}', async () => {
    const { client, sent } = recording({ id: SPEC, name: 'Sample API', type: 'OPENAPI:3.0', fileFormat: 'yaml' });
    assert.deepEqual(await client.getSpec(SPEC), { id: SPEC, name: 'Sample API', type: 'OPENAPI:3.0', fileFormat: 'yaml' });
    assert.deepEqual(sent, [{ method: 'GET', path: `/specs/${SPEC}` }]);
  });

  it('listSpecFiles: follows meta.nextCursor page by page, and stops at a cursor seen before', async () => {
    const { client, sent } = recording(
      { files: [{ path: 'index.yaml', type: 'ROOT' }], meta: { nextCursor: 'c1' } },
      { files: [{ path: 'components/a.yaml' }], meta: { nextCursor: 'c2' } },
      { files: [{ path: 'components/b.yaml' }], meta: { nextCursor: 'c1' } },
    );
    const files = await client.listSpecFiles(SPEC);
    assert.deepEqual(files.map((f) => f.path), ['index.yaml', 'components/a.yaml', 'components/b.yaml']);
    assert.deepEqual(sent, [
      { method: 'GET', path: `/specs/${SPEC}/files`, query: { cursor: undefined } },
      { method: 'GET', path: `/specs/${SPEC}/files`, query: { cursor: 'c1' } },
      { method: 'GET', path: `/specs/${SPEC}/files`, query: { cursor: 'c2' } },
    ]);
    const last = recording({ files: [{ path: 'index.yaml' }], meta: { nextCursor: null } });
    assert.equal((await last.client.listSpecFiles(SPEC)).length, 1);
    assert.equal(last.sent.length, 1);
  });

  it('getSpecFile: the whole path as one percent-encoded segment', async () => {
    const { client, sent } = recording({ path: 'components/schemas.json', content: '{}' });
    const file = await client.getSpecFile(SPEC, 'components/schemas.json');
    assert.deepEqual(file, { path: 'components/schemas.json', name: 'schemas.json', type: 'DEFAULT', content: '{}' });
    assert.deepEqual(sent, [{ method: 'GET', path: `/specs/${SPEC}/files/components%2Fschemas.json` }]);
    await client.getSpecFile(SPEC, 'schémas/a b?#%.json');
    assert.equal(sent[1].path, `/specs/${SPEC}/files/sch%C3%A9mas%2Fa%20b%3F%23%25.json`);
  });

  it('updateSpecFile: PATCH with {content} only', async () => {
    const { client, sent } = recording({ id: 'f', path: 'components/schemas.json', type: 'DEFAULT', updatedAt: 'u' });
    const saved = await client.updateSpecFile(SPEC, 'components/schemas.json', 'a: 1\n');
    assert.deepEqual(saved, { id: 'f', path: 'components/schemas.json', name: 'schemas.json', type: 'DEFAULT', updatedAt: 'u' });
    assert.deepEqual(sent, [{ method: 'PATCH', path: `/specs/${SPEC}/files/components%2Fschemas.json`, body: { content: 'a: 1\n' } }]);
    // An empty file is content too.
    await client.updateSpecFile(SPEC, 'index.yaml', '');
    assert.deepEqual(sent[1].body, { content: '' });
  });

  it('generateCollection: POST {name, options} to /generations/collection; getSpecTask: GET /specs/{specId}/tasks/{taskId}', async () => {
    const { client, sent } = recording({ taskId: TASK, url: `/specs/${SPEC}/tasks/${TASK}` });
    assert.deepEqual(await client.generateCollection(SPEC, 'Sample API'), { taskId: TASK, url: `/specs/${SPEC}/tasks/${TASK}` });
    assert.deepEqual(sent, [{ method: 'POST', path: `/specs/${SPEC}/generations/collection`, body: { name: 'Sample API', options: {} } }]);
    const task = recording({ status: 'completed', details: { resources: [{ id: '1-c' }] } });
    assert.deepEqual(await task.client.getSpecTask(SPEC, TASK), { status: 'completed', collectionUid: '1-c' });
    assert.deepEqual(task.sent, [{ method: 'GET', path: `/specs/${SPEC}/tasks/${TASK}` }]);
  });

  it('listSpecCollections: GET /specs/{specId}/generations/collection, following cursors', async () => {
    const { client, sent } = recording(
      { collections: [{ id: 'c1', name: 'A', state: 'in-sync' }], meta: { nextCursor: 'n' } },
      { collections: [{ id: 'c2', name: 'B', state: 'out-of-sync' }], meta: { nextCursor: null } },
    );
    assert.deepEqual(await client.listSpecCollections(SPEC), [{ id: 'c1', name: 'A', state: 'in-sync' }, { id: 'c2', name: 'B', state: 'out-of-sync' }]);
    assert.deepEqual(sent, [
      { method: 'GET', path: `/specs/${SPEC}/generations/collection`, query: { cursor: undefined } },
      { method: 'GET', path: `/specs/${SPEC}/generations/collection`, query: { cursor: 'n' } },
    ]);
  });

  it('listWorkspaces still asks for 100 a page', async () => {
    const { client, sent } = recording({ workspaces: [{ id: 'w' }] });
    await client.listWorkspaces();
    assert.deepEqual(sent, [{ method: 'GET', path: '/workspaces', query: { limit: 100, cursor: undefined } }]);
  });

  it('updateGlobals: PUT {values} with key, value, type, enabled (and a description), returning what Postman answers', async () => {
    const answer = { values: [{ key: 'k', value: 'v', type: 'secret', enabled: false }] };
    const { client, sent } = recording(answer);
    const values = [
      { key: 'k', value: 'v', type: 'secret', enabled: false, description: 'why', extra: 1 },
      { key: 'n', value: '1', type: 'any', enabled: true, description: 7 },
    ];
    assert.deepEqual(await client.updateGlobals(WS, values), [{ key: 'k', value: 'v', type: 'secret', enabled: false }]);
    assert.deepEqual(sent, [{
      method: 'PUT',
      path: `/workspaces/${WS}/global-variables`,
      body: { values: [{ key: 'k', value: 'v', type: 'secret', enabled: false, description: 'why' }, { key: 'n', value: '1', type: 'default', enabled: true }] },
    }]);
    const silent = recording({});
    assert.deepEqual(await silent.client.updateGlobals(WS, [{ key: 'a', value: 'b', type: 'default', enabled: true }]), [{ key: 'a', value: 'b', type: 'default', enabled: true }]);
  });

  it('sends nothing for a spec id, task id or workspace id that is not one', async () => {
    const { client, sent } = recording({});
    for (const bad of ['..', '', 'a/b', 'x?y', '%2e%2e']) {
      await rejectsWith(client.getSpec(bad), 'badRequest');
      await rejectsWith(client.listSpecFiles(bad), 'badRequest');
      await rejectsWith(client.getSpecFile(bad, 'index.yaml'), 'badRequest');
      await rejectsWith(client.updateSpecFile(bad, 'index.yaml', ''), 'badRequest');
      await rejectsWith(client.generateCollection(bad, 'n'), 'badRequest');
      await rejectsWith(client.getSpecTask(bad, TASK), 'badRequest');
      await rejectsWith(client.getSpecTask(SPEC, bad), 'badRequest');
      await rejectsWith(client.listSpecCollections(bad), 'badRequest');
      await rejectsWith(client.updateGlobals(bad, []), 'badRequest');
    }
    assert.match((await rejectsWith(client.getSpecFile('..', 'index.yaml'), 'badRequest')).message, /not a Postman spec id/);
    assert.match((await rejectsWith(client.getSpecTask(SPEC, '..'), 'badRequest')).message, /not a Postman task id/);
    assert.match((await rejectsWith(client.updateGlobals('..', []), 'badRequest')).message, /not a Postman workspace id/);
    for (const call of [() => client.getSpec('..'), () => client.listSpecFiles('..'), () => client.updateSpecFile('..', 'a', ''), () => client.generateCollection('..', 'n'), () => client.getSpecTask('..', TASK), () => client.listSpecCollections('..')]) {
      assert.match((await rejectsWith(call(), 'badRequest')).message, /not a Postman spec id/);
    }
    assert.deepEqual(sent, []);
  });

  it('sends nothing for a file path that is empty, has an empty, "." or ".." part, or a control character', async () => {
    const { client, sent } = recording({});
    for (const bad of ['', '..', '.', '../index.yaml', 'a/../b.yaml', 'a/./b.yaml', '/index.yaml', 'a//b.yaml', 'components/', 'a\nb', 'a\u0000b', 'a\u001fb', 'a\u007fb', 'x'.repeat(1001)]) {
      const get = await rejectsWith(client.getSpecFile(SPEC, bad), 'badRequest');
      assert.match(get.message, /spec file path/);
      await rejectsWith(client.updateSpecFile(SPEC, bad, 'x'), 'badRequest');
    }
    assert.deepEqual(sent, []);
    const message = (path: string) => (() => { try { filePathSegment(path); } catch (e) { return (e as Error).message; } return 'accepted'; })();
    assert.equal(message(''), 'A spec file path is needed: it is empty.');
    assert.equal(message('a\tb'), 'That is not a spec file path: it is too long or holds a control character.');
    assert.equal(message('a/../b'), 'That is not a spec file path: "a/../b" has an empty, "." or ".." part.');
    assert.equal(filePathSegment('x'.repeat(1000)).length, 1000);
    assert.equal(filePathSegment('..a/b..'), '..a%2Fb..');
    assert.throws(() => filePathSegment(undefined as unknown as string), (e: unknown) => e instanceof PostmanError && e.kind === 'badRequest');
  });
});

describe('PostmanClient: specs and globals against the local Postman server', () => {
  const server = new LocalPostmanServer({ rateLimits: false, pageSizes: { specFiles: 1 } });
  let client: PostmanClient;
  let multi: Spec;
  let single: Spec;
  let unicode: Spec;

  before(async () => {
    const baseUrl = await server.start();
    client = new PostmanClient(new HttpTransport(() => ({ baseUrl, timeoutMs: 5000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }), undefined, undefined, { pacer: false }));
  });
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    server.specTaskPendingPolls = 0;
    multi = specNamed(server.dataset, SAMPLE_SPECS.multiFile);
    single = specNamed(server.dataset, SAMPLE_SPECS.single);
    unicode = specNamed(server.dataset, SAMPLE_SPECS.unicode);
  });

  it('a workspace lists its specs; getSpec reads one', async () => {
    const ws = await client.getWorkspace(multi.workspaceId);
    assert.deepEqual(ws.specs.map((s) => s.name), [SAMPLE_SPECS.single, SAMPLE_SPECS.multiFile]);
    assert.equal(ws.specs[1].uid, `12345678-${multi.id}`);
    assert.deepEqual(await client.getSpec(single.id), { id: single.id, name: SAMPLE_SPECS.single, type: 'OPENAPI:3.0', fileFormat: 'yaml', updatedAt: single.updatedAt });
  });

  it('lists every file of a multi-file spec across pages (one file a page here)', async () => {
    server.resetCounts();
    const files = await client.listSpecFiles(multi.id);
    assert.deepEqual(files.map((f) => [f.path, f.name, f.type]), [
      ['components/responses/errors.yaml', 'errors.yaml', 'DEFAULT'],
      ['components/schemas.yaml', 'schemas.yaml', 'DEFAULT'],
      ['index.yaml', 'index.yaml', 'ROOT'],
    ]);
    assert.equal(server.count({ path: `/specs/${multi.id}/files` }), 3);
  });

  it('reads and saves a nested file; the save changes updatedAt and puts generated collections out of sync', async () => {
    const path = 'components/responses/errors.yaml';
    const file = await client.getSpecFile(multi.id, path);
    assert.equal(file.content, server.specFile(multi.id, path)?.content);
    assert.equal(file.type, 'DEFAULT');
    const { taskId } = await client.generateCollection(multi.id, 'Customers');
    assert.equal((await client.getSpecTask(multi.id, taskId)).status, 'completed');
    assert.deepEqual((await client.listSpecCollections(multi.id)).map((c) => [c.name, c.state]), [['Customers', 'in-sync']]);
    const saved = await client.updateSpecFile(multi.id, path, `${file.content}# edited\n`);
    assert.equal(saved.path, path);
    assert.notEqual(saved.updatedAt, file.updatedAt);
    assert.equal(server.specFile(multi.id, path)?.content, `${file.content}# edited\n`);
    assert.deepEqual((await client.listSpecCollections(multi.id)).map((c) => c.state), ['out-of-sync']);
  });

  it('reads a file whose path has non-ASCII characters', async () => {
    const file = await client.getSpecFile(unicode.id, 'schémas/café.json');
    assert.equal(file.name, 'café.json');
    assert.ok(JSON.parse(file.content).Café);
  });

  it('generates a collection: a task to poll, then a collection in the spec’s workspace with one request per operation', async () => {
    server.specTaskPendingPolls = 1;
    const { taskId, url } = await client.generateCollection(single.id, 'Payments from spec');
    assert.equal(url, `/specs/${single.id}/tasks/${taskId}`);
    assert.deepEqual(await client.getSpecTask(single.id, taskId), { status: 'pending' });
    const done = await client.getSpecTask(single.id, taskId);
    assert.equal(done.status, 'completed');
    const ws = await client.getWorkspace(single.workspaceId);
    const ref = ws.collections.find((c) => c.uid === done.collectionUid);
    assert.equal(ref?.name, 'Payments from spec');
    const collection = await client.getCollection(done.collectionUid ?? '');
    assert.deepEqual(
      (collection.item as { name: string; request: { method: string } }[]).map((i) => [i.name, i.request.method]),
      [['List payments', 'GET'], ['Create payment', 'POST'], ['Get payment', 'GET'], ['Cancel payment', 'DELETE']],
    );
  });

  it('a generation fails when the root file is no definition', async () => {
    server.editSpecFileAsTeammate(single.id, 'index.yaml', 'not: [an, openapi');
    const { taskId } = await client.generateCollection(single.id, 'Broken');
    assert.deepEqual(await client.getSpecTask(single.id, taskId), { status: 'failed', error: 'Failed to generate collection from specification' });
  });

  it('maps unknown specs and files to notFound, and writes to a read-only workspace to forbidden', async () => {
    await rejectsWith(client.getSpec('00000000-0000-4000-8000-000000000000'), 'notFound');
    const missing = await rejectsWith(client.getSpecFile(multi.id, 'nope.yaml'), 'notFound');
    assert.match(missing.message, /does not exist/);
    server.deleteSpecFile(multi.id, 'components/schemas.yaml');
    await rejectsWith(client.getSpecFile(multi.id, 'components/schemas.yaml'), 'notFound');
    assert.ok(server.setWorkspaceReadOnly(multi.workspaceId));
    const refused = await rejectsWith(client.updateSpecFile(multi.id, 'index.yaml', 'x'), 'forbidden');
    assert.match(refused.message, /not permitted/);
    await rejectsWith(client.generateCollection(multi.id, 'x'), 'forbidden');
    await rejectsWith(client.updateGlobals(multi.workspaceId, []), 'forbidden');
    server.deleteSpec(multi.id);
    await rejectsWith(client.listSpecFiles(multi.id), 'notFound');
  });

  it('replaces the globals and reads back what Postman holds', async () => {
    const ws = server.dataset.workspaces[0].id;
    const values = [
      { key: 'token', value: 's3cr3t', type: 'secret', enabled: true, description: 'API token' },
      { key: 'off', value: '1', type: 'default', enabled: false },
    ];
    assert.deepEqual(await client.updateGlobals(ws, values), values);
    assert.deepEqual(await client.getGlobals(ws), values);
    assert.deepEqual(await client.updateGlobals(ws, []), []);
    assert.deepEqual(await client.getGlobals(ws), []);
  });
});
