import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { serialize } from '../../src/documents/model/content';
import { toDocument, toWire } from '../../src/documents/model/items/convert';
import { type ItemModel, itemOf, mergeWire, type Obj, walkItems, wireOf } from '../fixtures/itemWire';

/**
 * The proof that one item can be opened and saved on its own without losing anything: every
 * folder, request and saved response of real-world collections (test/fixtures/collections/realworld)
 * goes the whole way a save goes, against the local server's model of Postman's storage
 * (test/fixtures/itemWire.ts):
 *
 *   stored v2.1 ─wireOf→ what GET answers ─toDocument→ the editor's text ─parse→ toWire(…, opened)
 *   ─mergeWire→ what Postman holds after the PUT ─itemOf→ stored v2.1
 *
 * and must come back equal to what was stored. Then each kind of edit a person makes (remove one
 * header, all headers, the body, the auth, a script; change the body mode; rename) must arrive in
 * the stored item, and nothing else may change.
 *
 * Equal means equal after `normal()` below, which puts right only what Postman's converter
 * (postman-collection-transformer, which the storage model uses as Postman does) rewrites, rule
 * by rule:
 * 1. Storage is JSON: properties whose value is `undefined` do not exist.
 * 2. A description `{content, type}` is stored as its `content`: Postman's item format keeps a
 *    description as text (the converter's v2→v1 `description()` takes `content`).
 * 3. A cookie's `expires` is compared as the instant it names (or as none when it names none):
 *    Postman's item format keeps a cookie's expiry as seconds (`expirationDate`), and the
 *    converter writes it back as `Date#toString()` ("Invalid Date" when there was none).
 * And for what is stored before the round trip:
 * 4. A request stored as a URL string is stored as Postman's import stores it,
 *    `{method: "GET", header: [], url: <the URL parsed>}`: the storage model's `wireOf` reads
 *    `request.url` of the item, which a string does not have.
 */

const ROOT = path.join(__dirname, '..', '..', '..');
const DIR = path.join(ROOT, 'test', 'fixtures', 'collections', 'realworld');
const OWNER = '23817465';

interface Collection {
  info: { name: string };
  item: unknown[];
}

interface Entry {
  collection: string;
  model: ItemModel;
  /** What the server stores (v2.1, a request with its `response` list, a folder with its `item` list). */
  stored: Obj;
  stamps: { collectionId: string; owner: string; parentFolderId: string | null; parentRequestId?: string };
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

function load(): { name: string; file: string; text: string; collection: Collection }[] {
  return fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.postman_collection.json'))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(DIR, file), 'utf8');
      const collection = JSON.parse(text) as Collection;
      return { name: collection.info.name, file, text, collection };
    });
}

/** Rule 4: a request given as a URL string, as Postman stores it. */
function expandStringRequests(collection: Collection): void {
  walkItems(collection, (item) => {
    if (typeof item.request === 'string') {
      item.request = { method: 'GET', header: [], url: urlParts(item.request) };
    }
  });
}

/** A URL string as Postman's URL parser splits it (raw, protocol, host, path, query). */
function urlParts(url: string): Obj {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { util } = require('postman-collection-transformer') as { util: { urlparse(u: string): Obj } };
  return JSON.parse(JSON.stringify(util.urlparse(url))) as Obj;
}

function entriesOf(collection: Collection, name: string): Entry[] {
  const out: Entry[] = [];
  walkItems(collection, (item, parentFolderId) => {
    const stamps = { collectionId: `c-${name}`, owner: OWNER, parentFolderId };
    if (Array.isArray(item.item)) {
      out.push({ collection: name, model: 'folder', stored: item, stamps });
      return;
    }
    out.push({ collection: name, model: 'request', stored: item, stamps });
    for (const response of Array.isArray(item.response) ? item.response.filter(isObj) : []) {
      out.push({ collection: name, model: 'response', stored: response, stamps: { ...stamps, parentRequestId: item.id as string } });
    }
  });
  return out;
}

/** The normalisation rules 1–3 above, applied to a stored item. */
function normal(item: Obj): Obj {
  const json = JSON.parse(JSON.stringify(item)) as Obj;
  const visit = (v: unknown, key: string): unknown => {
    if (Array.isArray(v)) {
      return v.map((x) => visit(x, ''));
    }
    if (!isObj(v)) {
      return v;
    }
    if (key === 'description' && typeof v.content === 'string') {
      return v.content;
    }
    const out: Obj = {};
    for (const [k, value] of Object.entries(v)) {
      out[k] = visit(value, k);
    }
    if (Array.isArray(out.cookie)) {
      out.cookie = (out.cookie as unknown[]).map((c) => {
        if (!isObj(c)) {
          return c;
        }
        const time = typeof c.expires === 'string' ? Date.parse(c.expires) : NaN;
        const copy: Obj = { ...c };
        delete copy.expires;
        return Number.isFinite(time) ? { ...copy, expires: new Date(time).toISOString() } : copy;
      });
    }
    return out;
  };
  return visit(json, '') as Obj;
}

/** The editor's text for the stored item: what GET answers, converted; parsed back as a save parses it. */
function open(entry: Entry, stored = entry.stored): { wire: Obj; text: string; document: Obj } {
  const wire = wireOf(entry.model, stored, entry.stamps);
  const text = serialize(toDocument(entry.model, wire));
  return { wire, text, document: JSON.parse(text) as Obj };
}

/** Saves `document` over what was opened: the PUT body, Postman's merge, and what it then stores. */
function save(entry: Entry, wire: Obj, document: Obj): { body: Obj; merged: Obj; stored: Obj } {
  const body = toWire(entry.model, document, wire);
  const merged = mergeWire(wire, body);
  return { body, merged, stored: itemOf(entry.model, merged, entry.stored) };
}

const label = (e: Entry) => `${e.collection} › ${e.model} "${String(e.stored.name)}"`;

/** Every `"id"` value anywhere in a value. */
function idsIn(value: unknown, out = new Set<unknown>()): Set<unknown> {
  if (Array.isArray(value)) {
    value.forEach((v) => idsIn(v, out));
  } else if (isObj(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'id') {
        out.add(v);
      }
      idsIn(v, out);
    }
  }
  return out;
}

const collections = load();
for (const c of collections) {
  expandStringRequests(c.collection);
}
const all: Entry[] = collections.flatMap((c) => entriesOf(c.collection, c.name));
const of = (model: ItemModel) => all.filter((e) => e.model === model);

describe('items opened and saved on their own: a round trip over real-world collections', () => {
  describe('the collections', () => {
    it('are 5 or more with 60 or more requests, each item with an id', () => {
      assert.ok(collections.length >= 5, `${collections.length} collections`);
      assert.ok(of('request').length >= 60, `${of('request').length} requests`);
      assert.ok(of('folder').length >= 15, `${of('folder').length} folders`);
      assert.ok(of('response').length >= 12, `${of('response').length} saved responses`);
      for (const e of all) {
        assert.match(String(e.stored.id), /^[0-9a-f-]{36}$/, label(e));
      }
      assert.equal(new Set(all.map((e) => e.stored.id)).size, all.length, 'ids are unique');
    });

    it('are valid Collection Format v2.1 (the bundled schema)', () => {
      const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'collection-v2.1.0.schema.json'), 'utf8')) as Obj;
      delete schema.$schema;
      const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
      for (const c of load()) {
        assert.equal(validate(c.collection), true, `${c.file}: ${JSON.stringify(validate.errors)}`);
      }
    });

    it('cover every auth kind at the collection, folder and request level, and inherited auth', () => {
      const kinds = new Set<string>();
      let inherited = 0;
      for (const c of collections) {
        kinds.add(`collection:${String((c.collection as unknown as { auth?: Obj }).auth?.type)}`);
      }
      for (const e of all) {
        const auth = e.model === 'request' ? (e.stored.request as Obj).auth : e.model === 'folder' ? e.stored.auth : undefined;
        if (isObj(auth)) {
          kinds.add(`${e.model}:${String(auth.type)}`);
        } else if (e.model === 'request') {
          inherited++;
        }
      }
      const types = new Set([...kinds].map((k) => k.split(':')[1]));
      for (const type of ['noauth', 'bearer', 'basic', 'apikey', 'oauth1', 'oauth2', 'digest', 'awsv4', 'hawk', 'ntlm', 'edgegrid', 'jwt', 'asap']) {
        assert.ok(types.has(type), `auth ${type} in ${[...kinds].join(' ')}`);
      }
      for (const level of ['collection', 'folder', 'request']) {
        assert.ok([...kinds].some((k) => k.startsWith(`${level}:`) && !k.endsWith(':noauth') && !k.endsWith(':undefined')), `${level}-level auth`);
      }
      assert.ok(inherited >= 30, `${inherited} requests inherit their auth`);
    });

    it('cover every body mode, scripts, path variables, disabled entries, descriptions, protocol profiles and rich saved responses', () => {
      const text = collections.map((c) => c.text).join('\n');
      const requests = of('request').map((e) => e.stored.request as Obj);
      const bodies = requests.map((r) => r.body).filter(isObj);
      const modes = new Set(bodies.map((b) => b.mode));
      assert.deepEqual([...modes].sort(), ['file', 'formdata', 'graphql', 'raw', 'urlencoded']);
      const languages = new Set(bodies.map((b) => (isObj(b.options) && isObj(b.options.raw) ? b.options.raw.language : undefined)));
      for (const language of ['json', 'xml', 'text']) {
        assert.ok(languages.has(language), `raw ${language}`);
      }
      const formdata = bodies.flatMap((b) => (Array.isArray(b.formdata) ? (b.formdata as Obj[]) : []));
      assert.ok(formdata.some((f) => f.type === 'file' && typeof f.src === 'string'), 'a form-data file');
      assert.ok(formdata.some((f) => f.type === 'file' && Array.isArray(f.src) && f.src.length > 1), 'a form-data field with several files');
      assert.ok(formdata.some((f) => f.type === 'text' && typeof f.contentType === 'string'), 'a form-data text with its content type');
      assert.ok(bodies.some((b) => b.disabled === true), 'a disabled body');
      assert.ok(requests.some((r) => Array.isArray(r.header) && (r.header as Obj[]).some((h) => h.disabled === true)), 'a disabled header');
      assert.ok(requests.some((r) => isObj(r.url) && Array.isArray(r.url.query) && (r.url.query as Obj[]).some((q) => q.disabled === true)), 'a disabled query parameter');
      assert.ok(requests.some((r) => isObj(r.url) && Array.isArray(r.url.variable)), 'path variables');
      assert.ok(of('request').some((e) => Array.isArray(e.stored.variable)), 'request variables');
      assert.ok(of('request').some((e) => isObj(e.stored.protocolProfileBehavior)) && of('folder').some((e) => isObj(e.stored.protocolProfileBehavior)), 'protocol profile behaviour');
      const events = (e: Entry) => (Array.isArray(e.stored.event) ? (e.stored.event as Obj[]) : []);
      for (const listen of ['prerequest', 'test']) {
        assert.ok(of('request').some((e) => events(e).some((ev) => ev.listen === listen)), `a request ${listen} script`);
        assert.ok(of('folder').some((e) => events(e).some((ev) => ev.listen === listen)), `a folder ${listen} script`);
      }
      assert.ok(of('request').some((e) => events(e).length === 2), 'a request with both scripts');
      assert.ok(requests.some((r) => typeof r.description === 'string') && requests.some((r) => isObj(r.description)), 'request descriptions, text and object');
      assert.ok(of('folder').some((e) => typeof e.stored.description === 'string') && of('folder').some((e) => isObj(e.stored.description)), 'folder descriptions, text and object');
      assert.match(text, /"request": "https:\/\//, 'a request that is a URL string');
      const responses = of('response').map((e) => e.stored);
      assert.ok(responses.every((r) => Array.isArray(r.header) && r.header.length > 0), 'saved responses with headers');
      assert.ok(responses.filter((r) => Array.isArray(r.cookie) && r.cookie.length > 0).length >= 3, 'saved responses with cookies');
      assert.ok(responses.filter((r) => isObj(r.originalRequest)).length >= 10 && responses.some((r) => r.originalRequest === undefined), 'with and without originalRequest');
      assert.ok(responses.some((r) => isObj(r.originalRequest) && isObj((r.originalRequest as Obj).body) && ((r.originalRequest as Obj).body as Obj).mode === 'graphql'), 'a saved GraphQL request');
    });
  });

  describe('opening and saving unchanged gives back what was stored', () => {
    for (const c of collections) {
      it(c.file, () => {
        const entries = all.filter((e) => e.collection === c.name);
        for (const entry of entries) {
          const { wire, text, document } = open(entry);
          assert.equal(serialize(toDocument(entry.model, wire)), text, `${label(entry)}: the same text each time`);
          for (const key of ['owner', 'createdAt', 'updatedAt', 'lastRevision', 'lastUpdatedBy', 'collection', 'folder', 'order', 'folders_order', 'responses_order', 'response', 'item']) {
            assert.equal(key in document, false, `${label(entry)}: no "${key}" in the document`);
          }
          assert.equal(document.id, entry.stored.id, label(entry));
          const storedIds = idsIn(entry.stored);
          for (const id of idsIn(document)) {
            assert.ok(storedIds.has(id), `${label(entry)}: the document shows an id that Postman does not hold: ${String(id)}`);
          }
          const { body, stored } = save(entry, wire, document);
          for (const key of ['id', 'owner', 'createdAt', 'updatedAt', 'lastRevision', 'lastUpdatedBy', 'collection', 'folder', 'order', 'folders_order', 'responses_order', 'responses']) {
            assert.equal(key in body, false, `${label(entry)}: "${key}" is not sent`);
          }
          assert.deepEqual(normal(stored), normal(entry.stored), label(entry));
          // Opening again shows the same document: nothing drifts from save to save.
          assert.deepEqual(normal(open(entry, stored).document), normal(document), `${label(entry)}: the same document after the save`);
        }
      });
    }
  });

  describe('each edit arrives in Postman, and nothing else changes', () => {
    type Edit = (item: Obj) => boolean;
    /** Applies `edit` to the document and, to say what must be stored, to the stored item; false when it does not apply to this item. */
    function check(name: string, model: ItemModel, edit: Edit, minimum: number, after?: (merged: Obj, entry: Entry) => void) {
      it(`${name} (${model}s)`, () => {
        let applied = 0;
        for (const entry of of(model)) {
          const { wire, document } = open(entry);
          const expected = clone(entry.stored);
          if (!edit(expected)) {
            continue;
          }
          assert.equal(edit(document), true, `${label(entry)}: the edit applies to the document too`);
          applied++;
          const { merged, stored } = save(entry, wire, JSON.parse(serialize(document)) as Obj);
          assert.notDeepEqual(normal(expected), normal(entry.stored), `${label(entry)}: the edit changes something`);
          assert.deepEqual(normal(stored), normal(expected), label(entry));
          after?.(merged, entry);
        }
        assert.ok(applied >= minimum, `applied to ${applied} ${model}s`);
      });
    }
    const req = (item: Obj): Obj => item.request as Obj;
    const headersOf = (item: Obj): Obj[] | undefined => (Array.isArray(req(item).header) ? (req(item).header as Obj[]) : undefined);

    check('remove one header (the last)', 'request', (item) => {
      const headers = headersOf(item);
      if (!headers?.length) {
        return false;
      }
      headers.pop();
      return true;
    }, 30, (merged) => {
      assert.equal(Array.isArray(merged.headerData), true);
      assert.equal((merged.headerData as Obj[]).length, String(merged.headers).split('\n').filter((l) => l !== '').length, 'the header text agrees with the list');
    });
    check('remove the first header', 'request', (item) => {
      const headers = headersOf(item);
      return headers !== undefined && headers.length > 1 && headers.shift() !== undefined;
    }, 12);
    check('remove all headers', 'request', (item) => {
      const headers = headersOf(item);
      if (!headers?.length) {
        return false;
      }
      req(item).header = [];
      return true;
    }, 30, (merged) => {
      assert.deepEqual([merged.headerData, merged.headers], [[], '']);
    });
    check('enable a disabled header', 'request', (item) => {
      const header = headersOf(item)?.find((h) => h.disabled === true);
      if (!header) {
        return false;
      }
      delete header.disabled;
      return true;
    }, 5);
    check('remove the body', 'request', (item) => {
      if (req(item).body === undefined) {
        return false;
      }
      delete req(item).body;
      return true;
    }, 40, (merged) => {
      assert.equal(merged.dataMode, null);
      for (const key of ['data', 'rawModeData', 'graphqlModeData', 'dataOptions']) {
        assert.equal(merged[key] ?? null, null, key);
      }
    });
    check('change the body mode to urlencoded', 'request', (item) => {
      const body = req(item).body as Obj | undefined;
      if (!body || body.mode === 'urlencoded') {
        return false;
      }
      req(item).body = { mode: 'urlencoded', urlencoded: [{ key: 'grant_type', value: 'client_credentials', type: 'text' }, { key: 'scope', value: 'read', type: 'text', disabled: true }] };
      return true;
    }, 30);
    check('change the body mode to raw JSON', 'request', (item) => {
      const body = req(item).body as Obj | undefined;
      if (!body || body.mode === 'raw') {
        return false;
      }
      req(item).body = { mode: 'raw', raw: '{\n  "ok": true\n}', options: { raw: { language: 'json' } } };
      return true;
    }, 15);
    check('change the body mode to GraphQL', 'request', (item) => {
      const body = req(item).body as Obj | undefined;
      if (!body || body.mode === 'graphql') {
        return false;
      }
      req(item).body = { mode: 'graphql', graphql: { query: 'query { viewer { id } }', variables: '{}' } };
      return true;
    }, 30);
    check('add a body to a request without one', 'request', (item) => {
      if (req(item).body !== undefined) {
        return false;
      }
      req(item).body = { mode: 'formdata', formdata: [{ key: 'note', value: 'hello', type: 'text' }, { key: 'attachment', type: 'file', src: '/tmp/a.txt' }] };
      return true;
    }, 15);
    check('remove the auth (inherit from the parent)', 'request', (item) => {
      if (req(item).auth === undefined) {
        return false;
      }
      delete req(item).auth;
      return true;
    }, 15, (merged) => {
      assert.equal(merged.auth, null);
    });
    check('set no auth on a request that inherited', 'request', (item) => {
      if (req(item).auth !== undefined) {
        return false;
      }
      req(item).auth = { type: 'noauth' };
      return true;
    }, 30);
    check('remove a script (the first)', 'request', (item) => {
      const events = item.event as Obj[] | undefined;
      if (!events?.length) {
        return false;
      }
      events.shift();
      if (events.length === 0) {
        delete item.event;
      }
      return true;
    }, 12, (merged, entry) => {
      // The legacy script texts cannot bring back what was removed from `events`.
      assert.equal(merged.tests ?? null, null, label(entry));
      assert.equal(merged.preRequestScript ?? null, null, label(entry));
    });
    check('remove all scripts', 'request', (item) => {
      if (item.event === undefined) {
        return false;
      }
      delete item.event;
      return true;
    }, 12);
    check('remove the description', 'request', (item) => {
      if (req(item).description === undefined) {
        return false;
      }
      delete req(item).description;
      return true;
    }, 5);
    check('remove a disabled query parameter', 'request', (item) => {
      const url = req(item).url;
      if (!isObj(url) || !Array.isArray(url.query)) {
        return false;
      }
      const at = (url.query as Obj[]).findIndex((q) => q.disabled === true);
      if (at < 0) {
        return false;
      }
      (url.query as Obj[]).splice(at, 1);
      return true;
    }, 6);
    check('remove the protocol profile behaviour', 'request', (item) => {
      if (item.protocolProfileBehavior === undefined) {
        return false;
      }
      delete item.protocolProfileBehavior;
      return true;
    }, 3);
    check('remove the request variables', 'request', (item) => {
      if (item.variable === undefined) {
        return false;
      }
      delete item.variable;
      return true;
    }, 1);
    for (const model of ['request', 'folder', 'response'] as const) {
      check('rename', model, (item) => {
        item.name = `${String(item.name)} (renamed)`;
        return true;
      }, model === 'response' ? 12 : 15);
    }
    check('remove the auth', 'folder', (item) => {
      if (item.auth === undefined) {
        return false;
      }
      delete item.auth;
      return true;
    }, 8);
    check('remove the scripts', 'folder', (item) => {
      if (item.event === undefined) {
        return false;
      }
      delete item.event;
      return true;
    }, 3);
    check('remove the description and the variables', 'folder', (item) => {
      if (item.description === undefined && item.variable === undefined) {
        return false;
      }
      delete item.description;
      delete item.variable;
      return true;
    }, 6);
    check('remove one header', 'response', (item) => {
      const headers = item.header as Obj[];
      headers.splice(0, 1);
      return true;
    }, 12);
    check('remove the cookies and change the status', 'response', (item) => {
      item.cookie = [];
      item.code = 503;
      item.status = 'Service Unavailable';
      return true;
    }, 12);
    check('remove the saved request', 'response', (item) => {
      if (item.originalRequest === undefined) {
        return false;
      }
      delete item.originalRequest;
      return true;
    }, 10);
    check('remove a header of the saved request', 'response', (item) => {
      const original = item.originalRequest as Obj | undefined;
      if (!original || !Array.isArray(original.header) || original.header.length === 0) {
        return false;
      }
      (original.header as unknown[]).pop();
      return true;
    }, 8);
  });
});
