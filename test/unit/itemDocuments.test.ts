import * as assert from 'node:assert/strict';
import { SaveRefused } from '../../src/documents/model/checks';
import type { Address } from '../../src/documents/model/documentKind';
import { itemConverter, itemConverterLoaded, useItemConverterFrom } from '../../src/documents/model/items/converter';
import { KINDS } from '../../src/documents/model/kinds';
import type { ItemDocument } from '../../src/documents/model/kinds/item';
import { DocumentSaver, type SaveQuestions } from '../../src/documents/model/saver';
import { type CollectionDocument, type PostmanRepository, type WireItem } from '../../src/postman';
import { locate, locateResponse } from '../../src/postman/itemTree';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { rejectsWith } from './assertions';
import { documentStack } from './kindHelpers';

type Obj = Record<string, unknown>;

/**
 * One folder, request or saved response as a document of its own: the kinds of the table that
 * speak Postman's item endpoints, through the same saver as whole documents, against the local
 * Postman server (which stores v2.1 and answers in Postman's item format, merging like a PATCH).
 */
describe('items as documents (request, folder, saved response)', () => {
  let clock = Date.UTC(2025, 8, 1);
  const server = new LocalPostmanServer({ rateLimits: false, clock: () => (clock += 1000) });
  let repo: PostmanRepository;
  let saver: DocumentSaver;
  let uid: string;
  let collection: CollectionDocument;
  let asked: string[];

  const questions = (conflict: 'overwrite' | 'cancel' = 'cancel'): SaveQuestions => ({
    lostIds: async () => {
      asked.push('lostIds');
      return true;
    },
    confirm: async () => {
      asked.push('confirm');
      return true;
    },
    conflict: async () => {
      asked.push('conflict');
      return conflict;
    },
  });

  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    asked = [];
    ({ repo, saver } = documentStack(server.url));
    const entry = Object.entries(server.dataset.collections).find(([, c]) => c.info.name === 'Payments API v2');
    assert.ok(entry);
    uid = entry[0];
    collection = entry[1] as unknown as CollectionDocument;
  });

  const found = (name: string): Obj => {
    const walk = (items: unknown[]): Obj | undefined => {
      for (const i of items as Obj[]) {
        if (i.name === name) {
          return i;
        }
        const inner = Array.isArray(i.item) ? walk(i.item) : undefined;
        if (inner) {
          return inner;
        }
      }
      return undefined;
    };
    const item = walk(collection.item);
    assert.ok(item, name);
    return item;
  };
  const address = (kind: 'request' | 'folder' | 'response', item: string): Address => ({ kind, uid, item });
  const storedNow = (id: string): Obj => {
    const c = server.dataset.collections[uid] as unknown as CollectionDocument;
    return (locate(c.item, id)?.item ?? locateResponse(c.item, id)?.response) as Obj;
  };

  it('the table names each item kind: noun, suffix, cache key; it is an item kind', () => {
    assert.deepEqual(
      (['folder', 'request', 'response'] as const).map((k) => [KINDS[k].noun, KINDS[k].suffix, KINDS[k].isItem, KINDS[k].cacheKey(address(k, 'i1'))]),
      [
        ['folder', '.postman_folder.json', true, `item:${uid}/folder/i1`],
        ['request', '.postman_request.json', true, `item:${uid}/request/i1`],
        ['saved response', '.postman_response.json', true, `item:${uid}/response/i1`],
      ],
    );
    assert.equal(KINDS.collection.isItem, undefined);
    assert.equal(KINDS.request.describe('Get <x>').toString().includes('request "Get'), true);
  });

  it('loads a request through the shared cache (one call), as v2.1 without its saved responses, the same value each time', async () => {
    const request = found('List payments');
    const a = address('request', request.id as string);
    server.resetCounts();
    const first = (await KINDS.request.load(repo, a)) as ItemDocument;
    const again = (await KINDS.request.load(repo, a)) as ItemDocument;
    assert.equal(server.count(), 1);
    assert.equal(again, first, 'the converted value is kept for Postman\'s copy');
    assert.equal(first.document.id, request.id);
    assert.equal(first.document.name, 'List payments');
    assert.equal((first.document.request as Obj).method, 'GET');
    assert.equal(first.document.response, undefined);
    assert.equal(first.wire?.id, request.id);
    const text = KINDS.request.text(first);
    assert.deepEqual(JSON.parse(text), first.document);
    assert.ok(text.endsWith('}\n'));
    assert.equal(KINDS.request.name(first, a), 'List payments');
    assert.equal(KINDS.request.version(first), `updatedAt:${first.wire?.updatedAt as string}`);
    assert.equal(KINDS.request.updatedAt(first), first.wire?.updatedAt);
    assert.deepEqual(KINDS.request.opened(first), { version: `updatedAt:${first.wire?.updatedAt as string}`, postmanId: request.id });
    assert.equal(KINDS.request.workspaceName(repo, a), undefined, 'no workspace listing loaded: no name, no call');
    await repo.workspace(server.dataset.workspaces.find((w) => w.name === 'Payments Platform')?.id as string);
    assert.equal(KINDS.request.workspaceName(repo, a), 'Payments Platform');
  });

  it('versions by content when Postman gives no updatedAt, and compares documents only', () => {
    const doc = { id: 'r1', name: 'A', request: { method: 'GET', url: 'https://x' } };
    const noStamp: ItemDocument = { document: doc };
    assert.match(KINDS.request.version(noStamp), /^sha256:[0-9a-f]{64}$/);
    assert.equal(KINDS.request.version(noStamp), KINDS.request.version({ document: { ...doc } }));
    assert.notEqual(KINDS.request.version(noStamp), KINDS.request.version({ document: { ...doc, name: 'B' } }));
    assert.equal(KINDS.request.updatedAt(noStamp), undefined);
    assert.deepEqual(KINDS.request.opened({ document: { name: 'no id' } }), { version: KINDS.request.version({ document: { name: 'no id' } }) });
    const wire = { id: 'r1', updatedAt: 'then' } as WireItem;
    assert.equal(KINDS.request.same({ document: doc, wire }, { document: { ...doc } }), true);
    assert.equal(KINDS.request.same({ document: doc }, { document: { ...doc, name: 'B' } }), false);
    assert.equal(KINDS.request.name({ document: { name: 7 } }, address('request', 'r1')), '');
  });

  it('parses an edited request: broken JSON, a changed id or no request are refused before any call', () => {
    assert.throws(() => KINDS.request.parse('{"name": ', undefined), (e: unknown) => e instanceof SaveRefused && /This request/.test(e.message));
    assert.throws(() => KINDS.request.parse('{"id": "other", "name": "x", "request": {"method": "GET", "url": ""}}', { version: 'v', postmanId: 'r1' }), SaveRefused);
    const parsed = KINDS.request.parse('{"id": "r1", "name": "x", "request": {"method": "GET", "url": ""}}', { version: 'v', postmanId: 'r1' }) as ItemDocument;
    assert.equal(parsed.document.name, 'x');
    assert.equal(parsed.wire, undefined);
  });

  it('saves an edited request with two calls (Postman\'s copy, then the PUT, whose answer is the saved copy); a removed header is removed', async () => {
    const request = found('CORS preflight');
    const a = address('request', request.id as string);
    const opened = (await KINDS.request.load(repo, a)) as ItemDocument;
    const doc = structuredClone(opened.document) as { request: { header: Obj[] } };
    doc.request.header = doc.request.header.filter((h) => h.key !== 'Origin');
    server.resetCounts();
    const result = await saver.save({ ...a, text: JSON.stringify(doc), opened: KINDS.request.opened(opened), questions: questions() });
    assert.deepEqual(asked, ['confirm']);
    assert.equal(server.count(), 2);
    assert.equal(server.count({ method: 'GET', path: new RegExp(`/requests/${request.id as string}$`) }), 1);
    assert.equal(server.count({ method: 'PUT', path: new RegExp(`/requests/${request.id as string}$`) }), 1);
    assert.deepEqual(((storedNow(request.id as string).request as Obj).header as Obj[]).map((h) => h.key), ['Access-Control-Request-Method']);
    const saved = result.saved as ItemDocument;
    assert.deepEqual(((saved.document.request as Obj).header as Obj[]).map((h) => h.key), ['Access-Control-Request-Method']);
    assert.notEqual(result.opened?.version, KINDS.request.opened(opened).version, 'a new base: Postman\'s new updatedAt');
    // Remembered: the item's cache holds Postman's copy, and the loaded collection (if any) shows it.
    assert.equal(((await KINDS.request.load(repo, a)) as ItemDocument).wire, saved.wire);
  });

  it('a save updates the loaded collection in place (no call), keeps its saved responses, and stamps its updatedAt', async () => {
    await repo.collection(uid);
    const request = found('List payments');
    const a = address('request', request.id as string);
    const opened = (await KINDS.request.load(repo, a)) as ItemDocument;
    const changed: Obj[] = [];
    repo.onDidChange((key) => changed.push({ key }));
    const result = await saver.save({ ...a, text: JSON.stringify({ ...opened.document, name: 'List all payments' }), opened: KINDS.request.opened(opened), questions: questions() });
    const cached = repo.loadedCollection(uid) as CollectionDocument;
    const item = locate(cached.item, request.id as string)?.item as Obj;
    assert.equal(item.name, 'List all payments');
    assert.equal((item.response as Obj[]).length, (request.response as Obj[]).length, 'its saved responses stay');
    assert.equal(cached.info.updatedAt, (result.saved as ItemDocument).wire?.updatedAt);
    assert.deepEqual(changed, [{ key: `collection:${uid}` }]);
  });

  it('a teammate\'s change to the item is a conflict (Cancel keeps Postman\'s copy); Overwrite sends the edit against Postman\'s current copy', async () => {
    const request = found('Get payment');
    const a = address('request', request.id as string);
    const opened = (await KINDS.request.load(repo, a)) as ItemDocument;
    server.editItemAsTeammate(uid, request.id as string, { name: 'Get payment (teammate)' });
    const text = JSON.stringify({ ...opened.document, name: 'Get one payment' });
    await assert.rejects(saver.save({ ...a, text, opened: KINDS.request.opened(opened), questions: questions('cancel') }), SaveRefused);
    assert.deepEqual(asked, ['confirm', 'conflict']);
    assert.equal(storedNow(request.id as string).name, 'Get payment (teammate)');
    asked = [];
    await saver.save({ ...a, text, opened: KINDS.request.opened(opened), questions: questions('overwrite') });
    assert.equal(storedNow(request.id as string).name, 'Get one payment');
  });

  it('a request deleted by a teammate fails the save with notFound; a read-only workspace with forbidden', async () => {
    const request = found('Cancel payment');
    const a = address('request', request.id as string);
    const opened = (await KINDS.request.load(repo, a)) as ItemDocument;
    const text = JSON.stringify({ ...opened.document, name: 'x' });
    server.setWorkspaceReadOnly(server.dataset.workspaces.find((w) => w.name === 'Payments Platform')?.id as string);
    await rejectsWith(saver.save({ ...a, text, opened: KINDS.request.opened(opened), questions: questions() }), 'forbidden');
    server.reset();
    server.deleteItemAsTeammate(uid, request.id as string);
    await rejectsWith(saver.save({ ...a, text, opened: KINDS.request.opened(opened), questions: questions() }), 'notFound');
  });

  it('a folder and a saved response open and save on their own, keeping the folder\'s items and the request\'s other responses', async () => {
    await repo.collection(uid);
    const folder = found('Customers');
    const f = address('folder', folder.id as string);
    const openedFolder = (await KINDS.folder.load(repo, f)) as ItemDocument;
    assert.equal(openedFolder.document.item, undefined, 'a folder document holds no items');
    await saver.save({ ...f, text: JSON.stringify({ ...openedFolder.document, name: 'Clients', description: 'People who pay.' }), opened: KINDS.folder.opened(openedFolder), questions: questions() });
    const storedFolder = storedNow(folder.id as string);
    assert.equal(storedFolder.name, 'Clients');
    assert.equal((storedFolder.item as Obj[]).length, (folder.item as Obj[]).length);
    assert.equal((locate((repo.loadedCollection(uid) as CollectionDocument).item, folder.id as string)?.item.item as Obj[]).length, (folder.item as Obj[]).length);

    const withResponse = found('List payments');
    const response = (withResponse.response as Obj[])[0];
    const r = address('response', response.id as string);
    const openedResponse = (await KINDS.response.load(repo, r)) as ItemDocument;
    assert.equal(openedResponse.document.name, response.name);
    await saver.save({ ...r, text: JSON.stringify({ ...openedResponse.document, name: 'First page' }), opened: KINDS.response.opened(openedResponse), questions: questions() });
    assert.equal(storedNow(response.id as string).name, 'First page');
    assert.equal((locateResponse((repo.loadedCollection(uid) as CollectionDocument).item, response.id as string)?.response as Obj).name, 'First page');
  });

  it('the converter loads once, on first use, from where the extension says', () => {
    const real = itemConverter();
    let loads = 0;
    useItemConverterFrom(() => {
      loads++;
      return real;
    });
    assert.equal(itemConverterLoaded(), false);
    assert.equal(itemConverter(), real);
    assert.equal(itemConverter(), real);
    assert.equal(loads, 1);
    assert.equal(itemConverterLoaded(), true);
  });
});
