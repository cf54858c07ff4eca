import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareImport, serialize } from '../../src/documents/model/content';
import { DocumentSaver, openedFrom, type SaveQuestions } from '../../src/documents/model/saver';
import { type CollectionDocument, HttpTransport, PostmanClient, PostmanError, PostmanRepository } from '../../src/postman';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';

/**
 * The extension's own open and save (src/documents/model, the client, the repository) against
 * the local server, which checks a PUT as Postman does (Collection Format v2.1.0, 400 with the
 * reasons) and stamps items and saved responses with uid, createdAt and updatedAt. Opening a
 * collection and saving it unchanged must send what Postman accepts and change nothing there.
 */

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'collections');

type Obj = Record<string, unknown>;

/** A save asks nothing here: lost ids or a conflict would be a bug. */
const questions: SaveQuestions = {
  lostIds: async () => assert.fail('lost ids reported for an unchanged document'),
  confirm: async () => true,
  conflict: async () => assert.fail('a conflict reported for a document opened from the current copy'),
};

/** Every folder, request and saved response with the fields Postman sets on them. */
function stamps(items: unknown, out: string[] = []): string[] {
  for (const item of items as Obj[]) {
    for (const owner of [item, ...((item.response as Obj[] | undefined) ?? [])]) {
      out.push(`${owner.name as string}|${owner.id as string}|${owner.uid as string}|${owner.createdAt as string}|${owner.updatedAt as string}`);
    }
    if (Array.isArray(item.item)) {
      stamps(item.item, out);
    }
  }
  return out;
}

describe('saving a collection through the document model, against a server as strict as Postman', () => {
  let now = Date.UTC(2025, 5, 1, 9, 0, 0);
  const server = new LocalPostmanServer({ rateLimits: false, clock: () => now });
  let client: PostmanClient;
  let repo: PostmanRepository;
  let saver: DocumentSaver;

  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    const http = new HttpTransport(() => ({ baseUrl: server.url, timeoutMs: 10_000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }));
    client = new PostmanClient(http);
    repo = new PostmanRepository(client);
    saver = new DocumentSaver(client, repo);
  });

  /** Opens as the editor does (the text it shows, what a save is checked against), saves that text unchanged. */
  async function openAndSaveUnchanged(uid: string): Promise<{ text: string; saved: CollectionDocument }> {
    const resource = await repo.collection(uid);
    const text = serialize(resource);
    const opened = openedFrom('collection', resource, text);
    server.resetCounts();
    now += 60_000;
    const result = await saver.save({ kind: 'collection', uid, text, opened, questions });
    const puts = server.requests.filter((r) => r.method === 'PUT');
    assert.deepEqual(puts.map((r) => r.status), [200], 'one PUT, accepted');
    return { text, saved: result.saved as CollectionDocument };
  }

  it('every sample collection: accepted, and Postman\'s copy keeps every id, uid and time (but who saved the collection when)', async () => {
    for (const [uid, stored] of Object.entries(server.dataset.collections)) {
      const before = structuredClone(stored);
      const { text, saved } = await openAndSaveUnchanged(uid);
      const after = server.dataset.collections[uid];
      assert.equal(after.info.updatedAt, new Date(now).toISOString(), stored.info.name);
      assert.equal(after.info.lastUpdatedBy, String(server.dataset.user.id));
      assert.deepEqual({ ...after, info: { ...after.info, updatedAt: before.info.updatedAt, lastUpdatedBy: before.info.lastUpdatedBy } }, before, stored.info.name);
      // The editor then shows what Postman holds: the same text but for who saved it when.
      const expected = text
        .replace(`"updatedAt": "${before.info.updatedAt}"`, `"updatedAt": "${after.info.updatedAt}"`)
        .replace(`"lastUpdatedBy": "${before.info.lastUpdatedBy}"`, `"lastUpdatedBy": "${after.info.lastUpdatedBy}"`);
      assert.equal(serialize(saved), expected, stored.info.name);
    }
  });

  it('a collection with every body, auth, script and saved-response kind: imported, opened and saved unchanged', async () => {
    const workspace = server.dataset.workspaces[0];
    const file = fs.readFileSync(path.join(FIXTURES, 'everything.postman_collection.json'), 'utf8');
    // Import sends it as Postman creates collections; the server stores and stamps it.
    const created = await client.createCollection(workspace.id, prepareImport(file));
    assert.ok(created.uid);
    const stored = server.dataset.collections[created.uid];
    const sent = JSON.parse(file) as CollectionDocument;
    assert.deepEqual(stored.item.map((i) => i.name), sent.item.map((i) => (i as { name: string }).name));
    const before = stamps(stored.item);
    assert.ok(before.length >= 15 && before.every((s) => !s.includes('undefined')), before.join('\n'));
    await openAndSaveUnchanged(created.uid);
    assert.deepEqual(stamps(server.dataset.collections[created.uid].item), before, 'no item changed');
  });

  it('imports what Import accepts: the API\'s wrapped form and lower-case or custom methods', async () => {
    const workspace = server.dataset.workspaces[0];
    for (const name of ['wrapped.postman_collection.json', 'lowercase-methods.postman_collection.json']) {
      const created = await client.createCollection(workspace.id, prepareImport(fs.readFileSync(path.join(FIXTURES, name), 'utf8')));
      assert.ok(created.uid && server.dataset.collections[created.uid], name);
      await openAndSaveUnchanged(created.uid);
    }
  });

  it('a save Postman refuses fails with its reasons, where they are, and stores nothing', async () => {
    const [uid, stored] = Object.entries(server.dataset.collections).find(([, c]) => c.info.name === 'Sandbox') ?? assert.fail('no Sandbox');
    const before = JSON.stringify(stored);
    const resource = await repo.collection(uid);
    const text = serialize(resource);
    const opened = openedFrom('collection', resource, text);
    // Passes the extension's own checks (JSON, info.name, item, ids) but not Postman's schema.
    const edited = text.replace('"method": "GET"', '"method": 7');
    assert.notEqual(edited, text);
    await assert.rejects(saver.save({ kind: 'collection', uid, text: edited, opened, questions }), (err: unknown) => {
      assert.ok(err instanceof PostmanError && err.kind === 'badRequest', String(err));
      assert.match(err.message, /^Found \d+ errors with the supplied collection\. .*item\/0\/request\/method: must be string/);
      return true;
    });
    assert.equal(JSON.stringify(server.dataset.collections[uid]), before);
  });
});
