import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Diagnostic, getLanguageService, type LanguageService, TextDocument } from 'vscode-json-languageservice';
import { parse as parseYaml } from 'yaml';
import { largeDataset, sampleDataset } from '../fixtures/sampleData';

/**
 * The collection schemas as VS Code applies them: the `jsonValidation` entries of package.json
 * given to `vscode-json-languageservice` (the validator behind VS Code's JSON support), schemas
 * read from disk through its schema request service, relative `$ref`s resolved the way VS Code's
 * JSON server does. Collections shaped as users have them must show no diagnostic at all; real
 * mistakes must still show, so no test here can pass because nothing was checked.
 */

const ROOT = path.join(__dirname, '..', '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'collections');

type Obj = Record<string, unknown>;

interface JsonValidation {
  fileMatch: string | string[];
  url: string;
}

function service(): { ls: LanguageService; loaded: string[] } {
  const loaded: string[] = [];
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { jsonValidation: JsonValidation[] } };
  const extensionUri = pathToFileURL(`${ROOT}${path.sep}`);
  const ls = getLanguageService({
    // Nothing is fetched: only files of this repository may be asked for.
    schemaRequestService: async (uri) => {
      assert.match(uri, /^file:/, `a schema from outside the extension: ${uri}`);
      loaded.push(path.relative(ROOT, fileURLToPath(uri)));
      return fs.readFileSync(fileURLToPath(uri), 'utf8');
    },
    // As VS Code's JSON server: relative to the folder of the referring schema.
    workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() },
  });
  ls.configure({
    validate: true,
    allowComments: false,
    // As VS Code's JSON extension hands contributed schemas over: "./x" joined to the extension's
    // folder, a file pattern without a folder made to match in any folder.
    schemas: manifest.contributes.jsonValidation.map((v) => ({
      uri: new URL(v.url, extensionUri).toString(),
      fileMatch: (Array.isArray(v.fileMatch) ? v.fileMatch : [v.fileMatch]).map((m) => (m.startsWith('/') ? m : `/${m}`)),
    })),
  });
  return { ls, loaded };
}

/** VS Code's diagnostics for a document named `name` (the name decides the schema) holding `content`. */
async function validate(ls: LanguageService, name: string, content: string | unknown): Promise<Diagnostic[]> {
  const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
  const doc = TextDocument.create(pathToFileURL(path.join(FIXTURES, name)).toString(), 'json', 1, text);
  return ls.doValidation(doc, ls.parseJSONDocument(doc), { schemaValidation: 'error', comments: 'error', trailingCommas: 'error' });
}

function describeAll(text: string, diagnostics: Diagnostic[]): string {
  const lines = text.split('\n');
  return diagnostics.map((d) => `line ${d.range.start.line + 1}: ${d.message}  | ${lines[d.range.start.line]?.trim()}`).join('\n');
}

function fixture(name: string): { text: string; json: Obj } {
  const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  return { text, json: JSON.parse(text) as Obj };
}

/** The first request item of a collection, depth first. */
function firstRequest(items: unknown): Obj | undefined {
  for (const item of items as Obj[]) {
    const found = item.request ? item : Array.isArray(item.item) ? firstRequest(item.item) : undefined;
    if (found) {
      return found;
    }
  }
  return undefined;
}

/**
 * A named example of Postman's OpenAPI description (`components.examples.<name>.value`). Only
 * that entry is parsed: the whole 1.7 MB description takes seconds.
 */
function openApiExample(name: string): unknown {
  const text = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'postman-api', 'openapi.yaml'), 'utf8');
  const examples = text.indexOf('\n  examples:\n');
  const start = text.indexOf(`\n    ${name}:\n`, examples);
  assert.ok(examples > 0 && start > examples, `no example ${name}`);
  const end = text.slice(start + 1).search(/\n {0,4}\S/);
  return (parseYaml(text.slice(start + 1, start + 1 + end + 1)) as Record<string, { value: unknown }>)[name].value;
}

describe('collection schemas, as VS Code applies them', () => {
  let ls: LanguageService;
  let loaded: string[];

  before(() => {
    ({ ls, loaded } = service());
  });

  it('package.json gives *.postman_collection.json the dispatching schema, which loads both formats from disk', async () => {
    const { text } = fixture('lowercase-methods.postman_collection.json');
    await validate(ls, 'x.postman_collection.json', text);
    await validate(ls, 'v20.postman_collection.json', fixture('v2.0-object-auth.postman_collection.json').text);
    assert.deepEqual(
      [...new Set(loaded)].sort(),
      ['schemas/collection-v2.0.0.schema.json', 'schemas/collection-v2.1.0.schema.json', 'schemas/collection.schema.json'].map((p) => p.split('/').join(path.sep)),
    );
    // A name the pattern does not match gets no schema: the negative cases below are what prove checking.
    assert.deepEqual(await validate(ls, 'notes.json', { item: 'not a list' }), []);
  });

  const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.postman_collection.json')).sort();

  it('has the fixtures this suite is about', () => {
    assert.deepEqual(files, [
      'everything.postman_collection.json',
      'lowercase-methods.postman_collection.json',
      'v2.0-object-auth.postman_collection.json',
      'wrapped.postman_collection.json',
    ]);
  });

  for (const file of files) {
    it(`${file}: no diagnostics`, async () => {
      const { text } = fixture(file);
      const diagnostics = await validate(ls, file, text);
      assert.equal(diagnostics.length, 0, describeAll(text, diagnostics));
    });
  }

  it("Postman's own API examples (OpenAPI getCollection, putCollection, createCollection) have no diagnostics", async () => {
    for (const name of ['getCollection', 'getCollectionForked', 'putCollection', 'createCollection']) {
      const value = openApiExample(name) as Obj;
      assert.ok(Array.isArray((value.collection as Obj).item), name);
      // As the API answers (wrapped), and as the editor shows it (the collection itself).
      for (const shape of [value, value.collection]) {
        const diagnostics = await validate(ls, `${name}.postman_collection.json`, shape);
        assert.equal(diagnostics.length, 0, `${name}: ${describeAll(JSON.stringify(shape, null, 2), diagnostics)}`);
      }
    }
  });

  it("the local test server's collections have no diagnostics", async () => {
    const datasets = [sampleDataset(), largeDataset({ workspaces: 2, collectionsPerWorkspace: 2, bigCollection: { requests: 40, depth: 3 } })];
    for (const collection of datasets.flatMap((d) => Object.values(d.collections))) {
      const diagnostics = await validate(ls, 'served.postman_collection.json', collection);
      assert.equal(diagnostics.length, 0, `${collection.info.name}: ${describeAll(JSON.stringify(collection, null, 2), diagnostics)}`);
    }
  });

  it('still offers the standard methods as completions', async () => {
    const text = '{"info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": [{"name": "r", "request": {"method": }}]}';
    const doc = TextDocument.create(pathToFileURL(path.join(FIXTURES, 'c.postman_collection.json')).toString(), 'json', 1, text);
    const at = doc.positionAt(text.indexOf('"method": ') + '"method": '.length);
    const list = await ls.doComplete(doc, at, ls.parseJSONDocument(doc));
    const labels = (list?.items ?? []).map((i) => i.label);
    for (const method of ['"GET"', '"POST"', '"PUT"', '"PATCH"', '"DELETE"', '"PROPFIND"']) {
      assert.ok(labels.includes(method), `${method} in ${labels.join(' ')}`);
    }
  });

  describe('still catches real mistakes', () => {
    const messages = async (name: string, value: unknown): Promise<string[]> => (await validate(ls, name, value)).map((d) => String(d.message));

    it('item that is not an array', async () => {
      const { json } = fixture('everything.postman_collection.json');
      assert.deepEqual(await messages('bad.postman_collection.json', { ...json, item: { name: 'one request' } }), ['Incorrect type. Expected "array".']);
    });

    it('a collection without info, a header without key, a method that is not a string, a response code that is not a number', async () => {
      const { json } = fixture('lowercase-methods.postman_collection.json');
      assert.ok((await messages('bad.postman_collection.json', { item: json.item })).includes('Missing property "info".'));
      const broken = structuredClone(json);
      const request = firstRequest(broken.item)?.request as Obj;
      request.header = [{ value: 'application/json' }];
      request.method = 7;
      const found = await messages('bad.postman_collection.json', broken);
      assert.ok(found.includes('Missing property "key".'), found.join('\n'));
      assert.ok(found.some((m) => /Incorrect type\. Expected "string"/.test(m)), found.join('\n'));
      const withResponse = structuredClone(fixture('everything.postman_collection.json').json);
      const created = (((withResponse.item as Obj[])[0].item as Obj[])[1].response as Obj[])[0];
      created.code = '201';
      assert.deepEqual(await messages('bad.postman_collection.json', withResponse), ['Incorrect type. Expected "integer".']);
    });

    it('v2.0-style object auth in a collection that says v2.1: the version picks the schema', async () => {
      const { json } = fixture('v2.0-object-auth.postman_collection.json');
      const asV21 = { ...json, info: { ...(json.info as Obj), schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' } };
      const found = await messages('bad.postman_collection.json', asV21);
      assert.ok(found.length >= 5 && found.every((m) => m === 'Incorrect type. Expected "array".'), found.join('\n'));
      // And v2.1's list form in a v2.0 collection is wrong the other way round.
      const { json: v21 } = fixture('everything.postman_collection.json');
      const asV20 = { ...v21, info: { ...(v21.info as Obj), schema: 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json' } };
      assert.ok((await messages('bad.postman_collection.json', asV20)).includes('Incorrect type. Expected "object".'));
    });

    it('the wrapped form is checked as the collection inside', async () => {
      const { json } = fixture('wrapped.postman_collection.json');
      const inner = json.collection as Obj;
      assert.deepEqual(await messages('bad.postman_collection.json', { collection: { info: inner.info } }), ['Missing property "item".']);
      assert.deepEqual(await messages('bad.postman_collection.json', { collection: { ...inner, item: 'x' } }), ['Incorrect type. Expected "array".']);
      assert.deepEqual(await messages('bad.postman_collection.json', { collection: 'x' }), ['Incorrect type. Expected "object".']);
    });

    it('a missing info.schema is reported, as Postman refuses it', async () => {
      const { json } = fixture('lowercase-methods.postman_collection.json');
      const info = { ...(json.info as Obj) };
      delete info.schema;
      assert.deepEqual(await messages('bad.postman_collection.json', { ...json, info }), ['Missing property "schema".']);
    });
  });
  describe('one item as its own document (*.postman_request.json, *.postman_folder.json, *.postman_response.json)', () => {
    const msgs = async (name: string, value: unknown) => (await validate(ls, name, value)).map((d) => d.message);
    const { json } = fixture('everything.postman_collection.json');
    const request = { ...(firstRequest(json.item) as Obj) };
    const responses = (request.response as Obj[] | undefined) ?? [];
    delete request.response;

    it('a request, a folder and a saved response as the extension shows them are valid', async () => {
      assert.deepEqual(await msgs('x.postman_request.json', request), []);
      assert.deepEqual(await msgs('x.postman_folder.json', { id: 'f1', name: 'Folder', description: 'd', auth: { type: 'noauth' }, event: [], variable: [{ key: 'a', value: 'b' }] }), []);
      assert.deepEqual(await msgs('x.postman_response.json', responses[0] ?? { name: 'OK', code: 200, header: [], body: '' }), []);
    });

    it('reports mistakes in each, as inside a collection', async () => {
      assert.deepEqual(await msgs('x.postman_request.json', { name: 'No request' }), ['Missing property "request".']);
      assert.deepEqual(await msgs('x.postman_request.json', { ...request, event: 'x' }), ['Incorrect type. Expected "array".']);
      assert.deepEqual(await msgs('x.postman_folder.json', { id: 'f1' }), ['Missing property "name".']);
      assert.deepEqual(await msgs('x.postman_folder.json', { name: 'F', event: 'x' }), ['Incorrect type. Expected "array".']);
      assert.deepEqual(await msgs('x.postman_response.json', { name: 'OK', code: 'two hundred' }), ['Incorrect type. Expected "integer".']);
    });
  });
});
