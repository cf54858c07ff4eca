import * as assert from 'node:assert/strict';
import { SaveRefused } from '../../src/documents/model/checks';
import { checkItem, newWire, toDocument, toWire, type Wire } from '../../src/documents/model/items/convert';

/**
 * One folder, request or saved response between Postman's item format (what the item
 * endpoints answer, as Postman's OpenAPI examples show it) and the v2.1 JSON the editor shows,
 * and the body of the PUT that saves an edit: the item endpoints merge like a PATCH, so a
 * removal must be sent as an explicitly empty field.
 */

type Obj = Record<string, unknown>;

/** `getCollectionRequest` of Postman's OpenAPI description (`data`), as Postman answers it. */
const openApiRequest = (): Wire => ({
  owner: '12345678',
  lastUpdatedBy: '12345678',
  lastRevision: 32206434799,
  folder: null,
  collection: '12ece9e1-2abf-4edc-8e34-de66e74114d2',
  id: 'c82dd02c-4870-4907-8fcb-593a876cf05b',
  name: 'Example GET Request',
  dataMode: null,
  data: null,
  auth: null,
  events: null,
  rawModeData: null,
  descriptionFormat: null,
  description: 'This is an example GET request.',
  variables: null,
  headers: null,
  method: 'GET',
  pathVariables: {},
  url: 'https://postman-echo.com/get',
  preRequestScript: null,
  tests: 'var data = JSON.parse(responseBody);',
  currentHelper: null,
  helperAttributes: null,
  queryParams: [{ key: 'id', value: '{{id}}', equals: true, description: "Optional. The user's ID.", enabled: true }],
  headerData: [],
  pathVariableData: [],
  protocolProfileBehavior: { disableBodyPruning: true },
  dataDisabled: false,
  responses_order: [],
  createdAt: '2023-08-22T12:52:01.000Z',
  updatedAt: '2023-08-22T12:52:11.000Z',
});

/** A request as Postman's converter writes it for a stored v2.1 request (both forms of headers, scripts and auth). */
const wireRequest = (over: Obj = {}): Wire => ({
  owner: '1',
  collection: 'c1',
  folder: null,
  id: 'r1',
  name: 'Create order',
  method: 'POST',
  currentHelper: 'bearerAuth',
  helperAttributes: { id: 'bearer', token: '{{token}}' },
  auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{token}}', type: 'string' }] },
  events: [
    { listen: 'prerequest', script: { id: 's1', type: 'text/javascript', exec: ['pm.variables.set("n", 1);'] } },
    { listen: 'test', script: { id: 's2', type: 'text/javascript', exec: ['pm.test("ok", () => {});'] } },
  ],
  headers: 'Content-Type: application/json\n// X-Debug: 1',
  dataMode: 'raw',
  rawModeData: '{"a":1}',
  pathVariables: { shop: 'berlin' },
  tests: 'pm.test("ok", () => {});',
  preRequestScript: 'pm.variables.set("n", 1);',
  url: 'https://api.example.com/shops/:shop/orders?page=2',
  dataOptions: { raw: { language: 'json' } },
  responses_order: ['resp1'],
  pathVariableData: [{ key: 'shop', value: 'berlin', description: 'Shop handle' }],
  queryParams: [{ key: 'page', value: '2' }, { key: 'size', value: '50', enabled: false }],
  headerData: [{ key: 'Content-Type', value: 'application/json' }, { key: 'X-Debug', value: '1', enabled: false }],
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-02T00:00:00.000Z',
  ...over,
});

const URL_OBJECT = {
  raw: 'https://api.example.com/shops/:shop/orders?page=2',
  protocol: 'https',
  host: ['api', 'example', 'com'],
  path: ['shops', ':shop', 'orders'],
  query: [{ key: 'page', value: '2' }, { key: 'size', value: '50', disabled: true }],
  variable: [{ key: 'shop', value: 'berlin', description: 'Shop handle' }],
};

const requestDocument = (): Obj => ({
  id: 'r1',
  name: 'Create order',
  event: [
    { listen: 'prerequest', script: { id: 's1', type: 'text/javascript', exec: ['pm.variables.set("n", 1);'] } },
    { listen: 'test', script: { id: 's2', type: 'text/javascript', exec: ['pm.test("ok", () => {});'] } },
  ],
  request: {
    auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{token}}', type: 'string' }] },
    method: 'POST',
    header: [{ key: 'Content-Type', value: 'application/json' }, { key: 'X-Debug', value: '1', disabled: true }],
    body: { mode: 'raw', raw: '{"a":1}', options: { raw: { language: 'json' } } },
    url: URL_OBJECT,
  },
});

/** The fields a PUT clears a request with (when it does not know what Postman holds). */
const EMPTY_REQUEST = {
  description: null,
  queryParams: [],
  pathVariables: {},
  pathVariableData: [],
  headers: '',
  headerData: [],
  dataMode: null,
  data: null,
  rawModeData: null,
  graphqlModeData: null,
  dataOptions: null,
  dataDisabled: false,
  auth: null,
  events: null,
  tests: null,
  preRequestScript: null,
  variables: null,
  protocolProfileBehavior: null,
};

function refused(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof SaveRefused, `expected SaveRefused, got ${String(err)}`);
    return err.message;
  }
  return assert.fail('expected a SaveRefused');
}

describe('item conversion: requests', () => {
  describe('toDocument', () => {
    it('shows Postman\'s own example as v2.1: the legacy test text as a script, the query list as the URL\'s query, no bookkeeping', () => {
      const document = toDocument('request', openApiRequest());
      assert.deepEqual(document, {
        id: 'c82dd02c-4870-4907-8fcb-593a876cf05b',
        name: 'Example GET Request',
        event: [{ listen: 'test', script: { type: 'text/javascript', exec: ['var data = JSON.parse(responseBody);'] } }],
        protocolProfileBehavior: { disableBodyPruning: true },
        request: {
          method: 'GET',
          header: [],
          url: {
            raw: 'https://postman-echo.com/get?id={{id}}',
            protocol: 'https',
            host: ['postman-echo', 'com'],
            path: ['get'],
            query: [{ key: 'id', value: '{{id}}', description: "Optional. The user's ID." }],
          },
          description: 'This is an example GET request.',
        },
      });
      assert.deepEqual(Object.keys(document), ['id', 'name', 'event', 'protocolProfileBehavior', 'request']);
      assert.deepEqual(Object.keys(document.request as Obj), ['method', 'header', 'url', 'description']);
    });

    it('shows a request with both forms of its headers, scripts and auth once, from the list forms, keys in a stable order', () => {
      const document = toDocument('request', wireRequest());
      assert.deepEqual(document, requestDocument());
      assert.deepEqual(Object.keys(document.request as Obj), ['auth', 'method', 'header', 'body', 'url']);
      assert.equal(JSON.stringify(toDocument('request', wireRequest())), JSON.stringify(document), 'the same text each time');
    });

    it('takes the header list as the truth, and the header text only when there is no list', () => {
      const listed = toDocument('request', wireRequest({ headerData: [], headers: 'X-Stale: 1' }));
      assert.deepEqual((listed.request as Obj).header, []);
      const text = toDocument('request', wireRequest({ headerData: null, headers: 'Accept: text/plain\n// X-Off: 2' }));
      assert.deepEqual((text.request as Obj).header, [{ key: 'Accept', value: 'text/plain' }, { key: 'X-Off', value: '2', disabled: true }]);
    });

    it('takes `events` as the truth over the legacy script texts, which count only when `events` is empty', () => {
      const stale = toDocument('request', wireRequest({ events: [{ listen: 'test', script: { exec: ['a();'] } }], tests: 'old();', preRequestScript: 'older();' }));
      assert.deepEqual(stale.event, [{ listen: 'test', script: { type: 'text/javascript', exec: ['a();'] } }]);
      const legacy = toDocument('request', wireRequest({ events: [], tests: 't1();\nt2();', preRequestScript: 'p();' }));
      assert.deepEqual(legacy.event, [
        { listen: 'test', script: { type: 'text/javascript', exec: ['t1();', 't2();'] } },
        { listen: 'prerequest', script: { type: 'text/javascript', exec: ['p();'] } },
      ]);
      const none = toDocument('request', wireRequest({ events: null, tests: null, preRequestScript: '' }));
      assert.equal('event' in none, false);
    });

    it('shows the auth as Postman holds it: each parameter\'s own type, only the active type\'s parameters', () => {
      const auth = {
        type: 'oauth2',
        oauth2: [{ key: 'tokenRequestParams', value: [{ key: 'audience', value: 'x' }], type: 'any' }, { key: 'useBrowser', value: true, type: 'boolean' }, { key: 'x', value: 'y' }],
        basic: [{ key: 'username', value: 'left over from an earlier choice' }],
      };
      assert.deepEqual((toDocument('request', wireRequest({ auth })).request as Obj).auth, {
        type: 'oauth2',
        oauth2: [{ key: 'tokenRequestParams', value: [{ key: 'audience', value: 'x' }], type: 'any' }, { key: 'useBrowser', value: true, type: 'boolean' }, { key: 'x', value: 'y' }],
      });
    });

    it('shows v2.0-style auth parameters (a map) as the v2.1 list, with each value\'s type', () => {
      const auth = { type: 'apikey', apikey: { key: 'X-Key', value: '{{k}}', in: 'header', n: 3, on: false, nested: { a: 1 } } };
      assert.deepEqual((toDocument('request', wireRequest({ auth })).request as Obj).auth, {
        type: 'apikey',
        apikey: [
          { key: 'key', value: 'X-Key', type: 'string' },
          { key: 'value', value: '{{k}}', type: 'string' },
          { key: 'in', value: 'header', type: 'string' },
          { key: 'n', value: 3, type: 'number' },
          { key: 'on', value: false, type: 'boolean' },
          { key: 'nested', value: { a: 1 }, type: 'any' },
        ],
      });
    });

    it('shows no auth, an auth named by its type only, or the legacy helper\'s auth when `auth` says none', () => {
      assert.deepEqual((toDocument('request', wireRequest({ auth: { type: 'noauth' } })).request as Obj).auth, { type: 'noauth' });
      assert.deepEqual((toDocument('request', wireRequest({ auth: 'noauth' })).request as Obj).auth, { type: 'noauth' });
      assert.deepEqual((toDocument('request', wireRequest({ auth: { type: 'ntlm' } })).request as Obj).auth, { type: 'ntlm' });
      assert.deepEqual((toDocument('request', wireRequest({ auth: null })).request as Obj).auth, { type: 'bearer', bearer: [{ key: 'token', value: '{{token}}', type: 'string' }] });
      const inherited = toDocument('request', wireRequest({ auth: null, currentHelper: null, helperAttributes: null }));
      assert.equal('auth' in (inherited.request as Obj), false);
      const blank = toDocument('request', wireRequest({ auth: '', currentHelper: null, helperAttributes: null }));
      assert.equal('auth' in (blank.request as Obj), false);
    });

    it('shows every body mode', () => {
      const body = (over: Obj) => (toDocument('request', wireRequest({ dataMode: null, rawModeData: null, dataOptions: null, ...over })).request as Obj).body;
      assert.deepEqual(body({ dataMode: 'urlencoded', data: [{ key: 'a', value: '1', enabled: false, description: '' }, { key: 'b', value: '2', type: 'text' }] }), {
        mode: 'urlencoded',
        urlencoded: [{ key: 'a', value: '1', disabled: true }, { key: 'b', value: '2', type: 'text' }],
      });
      assert.deepEqual(body({ dataMode: 'params', data: [{ key: 'f', value: '/tmp/a.png', type: 'file' }, { key: 'g', value: ['/a', '/b'], type: 'file' }, { key: 't', value: 'x', type: 'text', contentType: 'application/json' }] }), {
        mode: 'formdata',
        formdata: [{ key: 'f', src: '/tmp/a.png', type: 'file' }, { key: 'g', src: ['/a', '/b'], type: 'file' }, { key: 't', value: 'x', type: 'text', contentType: 'application/json' }],
      });
      assert.deepEqual(body({ dataMode: 'binary', rawModeData: '/tmp/upload.bin' }), { mode: 'file', file: { src: '/tmp/upload.bin' } });
      assert.deepEqual(body({ dataMode: 'graphql', graphqlModeData: { query: '{ a }', variables: '{"x": 1}' } }), { mode: 'graphql', graphql: { query: '{ a }', variables: '{"x": 1}' } });
      assert.deepEqual(body({ dataMode: 'raw', rawModeData: 'x', dataDisabled: true }), { mode: 'raw', raw: 'x', disabled: true });
      assert.equal(body({}), undefined);
    });

    it('shows request variables with the ids they have and no invented ones', () => {
      const document = toDocument('request', wireRequest({ variables: [{ key: 'a', value: '1' }, { id: 'v2', key: 'b', value: '2', type: 'text', disabled: true }] }));
      assert.deepEqual(document.variable, [{ key: 'a', value: '1' }, { id: 'v2', key: 'b', value: '2', type: 'string', disabled: true }]);
      assert.deepEqual(Object.keys(document), ['id', 'name', 'event', 'request', 'variable']);
    });

    it('shows no auth when `auth` names no type and no legacy helper is set', () => {
      const request = toDocument('request', wireRequest({ auth: {}, currentHelper: null, helperAttributes: null })).request as Obj;
      assert.deepEqual(Object.keys(request), ['method', 'header', 'body', 'url']);
    });

    it('keeps a variable\'s id even when it is null', () => {
      assert.deepEqual(toDocument('request', wireRequest({ variables: [{ id: null, key: 'a', value: '1' }] })).variable, [{ id: null, key: 'a', value: '1' }]);
    });

    it('fails, saying why, when Postman\'s converter cannot read the item', () => {
      assert.throws(() => toDocument('request', wireRequest({ headerData: [null] })), { name: 'TypeError', message: /reading 'key'/ });
    });

    it('gives a request without a name an empty one', () => {
      assert.equal(toDocument('request', wireRequest({ name: undefined })).name, '');
      assert.equal(toDocument('request', wireRequest({ name: null })).name, '');
    });
  });

  describe('toWire', () => {
    it('sends an unchanged request as Postman holds it: list and text forms that agree, scripts in `events` only, no bookkeeping', () => {
      const body = toWire('request', requestDocument(), wireRequest());
      assert.deepEqual(body, {
        name: 'Create order',
        method: 'POST',
        url: 'https://api.example.com/shops/:shop/orders?page=2',
        queryParams: [{ key: 'page', value: '2' }, { key: 'size', value: '50', enabled: false }],
        pathVariables: { shop: 'berlin' },
        pathVariableData: [{ key: 'shop', value: 'berlin', description: 'Shop handle' }],
        headers: 'Content-Type: application/json\n// X-Debug: 1',
        headerData: [{ key: 'Content-Type', value: 'application/json' }, { key: 'X-Debug', value: '1', enabled: false }],
        dataMode: 'raw',
        rawModeData: '{"a":1}',
        dataOptions: { raw: { language: 'json' } },
        auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{token}}', type: 'string' }] },
        events: [
          { listen: 'prerequest', script: { id: 's1', type: 'text/javascript', exec: ['pm.variables.set("n", 1);'] } },
          { listen: 'test', script: { id: 's2', type: 'text/javascript', exec: ['pm.test("ok", () => {});'] } },
        ],
        tests: null,
        preRequestScript: null,
      });
      assert.deepEqual(Object.keys(body).slice(0, 4), ['name', 'method', 'url', 'queryParams'], 'in a stable order');
    });

    it('sends each removal explicitly empty: headers, body, auth, scripts, description', () => {
      const document = requestDocument();
      const request = document.request as Obj;
      request.header = [];
      delete request.body;
      delete request.auth;
      delete document.event;
      const body = toWire('request', document, wireRequest({ description: 'was here', variables: [{ key: 'v', value: '1' }], protocolProfileBehavior: { strictSSL: false } }));
      assert.deepEqual(body, {
        name: 'Create order',
        description: null,
        method: 'POST',
        url: 'https://api.example.com/shops/:shop/orders?page=2',
        queryParams: [{ key: 'page', value: '2' }, { key: 'size', value: '50', enabled: false }],
        pathVariables: { shop: 'berlin' },
        pathVariableData: [{ key: 'shop', value: 'berlin', description: 'Shop handle' }],
        headers: '',
        headerData: [],
        dataMode: null,
        rawModeData: null,
        dataOptions: null,
        auth: null,
        events: null,
        tests: null,
        preRequestScript: null,
        variables: null,
        protocolProfileBehavior: null,
      });
    });

    it('sends one header removed as both forms without it', () => {
      const document = requestDocument();
      (document.request as Obj).header = [{ key: 'X-Debug', value: '1', disabled: true }];
      const body = toWire('request', document, wireRequest());
      assert.equal(body.headers, '// X-Debug: 1');
      assert.deepEqual(body.headerData, [{ key: 'X-Debug', value: '1', enabled: false }]);
    });

    it('sends nothing about what neither the edit nor Postman\'s copy has, and every field when Postman\'s copy is unknown', () => {
      const document = { id: 'r1', name: 'Ping', request: { method: 'GET', header: [], url: 'https://x.example/ping' } };
      const opened = { id: 'r1', name: 'Ping', method: 'GET', url: 'https://x.example/ping', headers: '', headerData: [], queryParams: [], pathVariableData: [], pathVariables: null, auth: null, events: null, tests: null, preRequestScript: null };
      assert.deepEqual(toWire('request', document, opened), {
        name: 'Ping',
        method: 'GET',
        url: 'https://x.example/ping',
        queryParams: [],
        pathVariableData: [],
        headers: '',
        headerData: [],
      });
      assert.deepEqual(toWire('request', document, undefined), {
        name: 'Ping',
        ...EMPTY_REQUEST,
        method: 'GET',
        url: 'https://x.example/ping',
      });
    });

    it('changes the body mode and clears the old mode\'s data', () => {
      const document = requestDocument();
      (document.request as Obj).body = { mode: 'urlencoded', urlencoded: [{ key: 'a', value: '1', disabled: true, description: 'first' }, { key: 'b', value: '', description: '' }] };
      const body = toWire('request', document, wireRequest());
      assert.deepEqual(
        [body.dataMode, body.data, body.rawModeData, body.graphqlModeData, body.dataOptions, body.dataDisabled],
        ['urlencoded', [{ key: 'a', value: '1', enabled: false, description: 'first' }, { key: 'b', value: '' }], null, undefined, null, undefined],
      );
    });

    it('sends form data with files, binary files, GraphQL (variables as text) and a disabled body', () => {
      const send = (body: Obj) => toWire('request', { name: 'r', request: { method: 'POST', url: 'https://x/y', body } }, undefined);
      const form = send({ mode: 'formdata', formdata: [{ key: 'f', type: 'file', src: '/a.png' }, { key: 'm', type: 'file', src: ['/1', '/2'], disabled: true }, { key: 't', value: 'v', type: 'text' }] });
      assert.deepEqual([form.dataMode, form.data, form.rawModeData], ['params', [{ key: 'f', type: 'file', value: '/a.png' }, { key: 'm', type: 'file', value: ['/1', '/2'], enabled: false }, { key: 't', value: 'v', type: 'text' }], null]);
      const file = send({ mode: 'file', file: { src: '/tmp/upload.bin' } });
      assert.deepEqual([file.dataMode, file.rawModeData, file.data], ['binary', '/tmp/upload.bin', null]);
      const graphql = send({ mode: 'graphql', graphql: { query: 'query Q($a: Int) { q(a: $a) }', variables: { a: 1 } } });
      assert.deepEqual([graphql.dataMode, graphql.graphqlModeData], ['graphql', { query: 'query Q($a: Int) { q(a: $a) }', variables: '{\n  "a": 1\n}' }]);
      const asText = send({ mode: 'graphql', graphql: { query: '{ a }', variables: '{"a": 1}' } });
      assert.deepEqual(asText.graphqlModeData, { query: '{ a }', variables: '{"a": 1}' });
      const noVariables = send({ mode: 'graphql', graphql: { query: '{ a }' } });
      assert.deepEqual(noVariables.graphqlModeData, { query: '{ a }' });
      const disabled = send({ mode: 'raw', raw: 'x', disabled: true, options: { raw: { language: 'text' } } });
      assert.deepEqual([disabled.dataMode, disabled.rawModeData, disabled.dataDisabled, disabled.dataOptions], ['raw', 'x', true, { raw: { language: 'text' } }]);
    });

    it('sends a request that is a URL string as a GET of that URL', () => {
      const body = toWire('request', { id: 'r9', name: 'WSDL', request: 'https://ws.example/Ship.asmx?WSDL' }, undefined);
      assert.deepEqual(body, {
        name: 'WSDL',
        ...EMPTY_REQUEST,
        method: 'GET',
        url: 'https://ws.example/Ship.asmx?WSDL',
        queryParams: [{ key: 'WSDL', value: null }],
      });
    });

    it('reads a URL object that has only its raw form, keeps its query list, and sends a method when none is given', () => {
      const body = toWire('request', { name: 'r', request: { url: { raw: 'https://x.example/a/:id?q=1', query: [{ key: 'q', value: '1' }, { key: 'off', value: '2', disabled: true }], variable: [{ key: 'id', value: '7' }] } } }, undefined);
      assert.deepEqual([body.method, body.url, body.queryParams, body.pathVariables, body.pathVariableData], [
        'GET',
        'https://x.example/a/:id?q=1',
        [{ key: 'q', value: '1' }, { key: 'off', value: '2', enabled: false }],
        { id: '7' },
        [{ key: 'id', value: '7' }],
      ]);
      const fromRaw = toWire('request', { name: 'r', request: { url: { raw: 'https://x.example/a?q=1&r=2' } } }, undefined);
      assert.deepEqual([fromRaw.url, fromRaw.queryParams], ['https://x.example/a?q=1&r=2', [{ key: 'q', value: '1' }, { key: 'r', value: '2' }]]);
      assert.equal(toWire('request', { name: 'r', request: { method: '', url: 'https://x' } }, undefined).method, 'GET');
      assert.equal(toWire('request', { name: 'r', request: { method: 'propfind', url: 'https://x' } }, undefined).method, 'propfind', 'the method as written');
      assert.equal(toWire('request', { name: 'r', request: { url: { host: ['x'], raw: 'https://edited.example' } } }, undefined).url, 'https://edited.example', 'raw wins when the parts say another URL: it was edited');
      const agreeing = { raw: 'https://x.example/a/:id?q=1', protocol: 'https', host: ['x', 'example'], path: ['a', ':id'], query: [{ key: 'q', value: '1', description: 'kept' }], variable: [{ key: 'id', value: '7' }] };
      const kept = toWire('request', { name: 'r', request: { url: agreeing } }, undefined);
      assert.deepEqual([kept.url, kept.queryParams], ['https://x.example/a/:id?q=1', [{ key: 'q', value: '1', description: 'kept' }]], 'parts that agree with raw are kept as they are');
      const edited = toWire('request', { name: 'r', request: { url: { ...agreeing, raw: 'https://x.example/a/:id?q=2' } } }, undefined);
      assert.deepEqual([edited.url, edited.queryParams, edited.pathVariableData], ['https://x.example/a/:id?q=2', [{ key: 'q', value: '2' }], [{ key: 'id', value: '7' }]], 'an edited raw is parsed anew; path variables keep their values');
    });

    it('sends the auth as written (a v2.0 map as the list), none as null, and never the legacy helper fields', () => {
      const auth = (a: unknown) => toWire('request', { name: 'r', request: { url: 'https://x', auth: a } }, wireRequest());
      assert.deepEqual(auth({ type: 'noauth' }).auth, { type: 'noauth' });
      assert.deepEqual(auth({ type: 'basic', basic: { username: 'u', password: 'p' } }).auth, { type: 'basic', basic: [{ key: 'username', value: 'u', type: 'string' }, { key: 'password', value: 'p', type: 'string' }] });
      assert.deepEqual(auth({ type: 'apikey', apikey: [{ key: 'in', value: 'query' }], bearer: [{ key: 'token', value: 'x' }] }).auth, { type: 'apikey', apikey: [{ key: 'in', value: 'query' }] });
      for (const none of [undefined, null, {}, { type: '' }, 'bearer']) {
        assert.equal(auth(none).auth, null, JSON.stringify(none));
      }
      const body = auth({ type: 'bearer', bearer: [{ key: 'token', value: 't' }] });
      assert.equal('currentHelper' in body || 'helperAttributes' in body, false);
    });

    it('sends variables with the ids they have and no invented ones, and a description object as its text', () => {
      const body = toWire('request', { name: 'r', variable: [{ key: 'a', value: '1' }, { id: 'v2', key: 'b', value: '2', type: 'string' }], request: { url: 'https://x', description: { content: '**Bold**', type: 'text/markdown' } } }, undefined);
      assert.deepEqual(body.variables, [{ key: 'a', value: '1' }, { id: 'v2', key: 'b', value: '2', type: 'string' }]);
      assert.equal(body.description, '**Bold**');
      const blank = toWire('request', { name: 'r', request: { url: 'https://x', description: { content: '' } } }, undefined);
      assert.equal(blank.description, null);
    });

    it('sends no description for one without text, and GET for a new request without a method', () => {
      assert.equal(toWire('request', { name: 'r', request: { url: 'https://x', description: { type: 'text/plain' } } }, undefined).description, null);
      assert.equal(toWire('request', { name: 'r', request: { url: 'https://x', description: 5 } }, undefined).description, null);
      assert.equal(newWire('request', { name: 'r', request: { url: 'https://x' } }).method, 'GET');
      assert.equal(toWire('request', { name: 'r', request: { url: { path: ['a', 'b'], raw: '/a/b' } } }, undefined).url, '/a/b', 'parts that agree with raw');
    });

    it('reads a v1-style `variables` list too, without ids it cannot place', () => {
      assert.deepEqual(toWire('request', { name: 'r', request: { url: 'https://x' }, variables: [{ id: 'x', key: 'a', value: '1' }] }, undefined).variables, [{ key: 'a', value: '1' }]);
    });

    it('never sends Postman\'s own fields, even when the document has them', () => {
      const body = toWire('request', { ...requestDocument(), owner: '9', createdAt: 'x', updatedAt: 'y', collection: 'c', folder: 'f', response: [{ id: 'x' }], responses_order: ['x'], lastRevision: 1 }, wireRequest());
      for (const key of ['id', 'owner', 'createdAt', 'updatedAt', 'collection', 'folder', 'response', 'responses', 'responses_order', 'lastRevision', 'currentHelper', 'helperAttributes']) {
        assert.equal(key in body, false, key);
      }
    });

    it('gives the same body for the same edit', () => {
      assert.equal(JSON.stringify(toWire('request', requestDocument(), undefined)), JSON.stringify(toWire('request', requestDocument(), undefined)));
    });
  });
});

describe('item conversion: folders', () => {
  /** `getCollectionFolder` of Postman's OpenAPI description. */
  const openApiFolder = (): Wire => ({
    owner: '12345678',
    collection: '12ece9e1-2abf-4edc-8e34-de66e74114d2',
    folder: null,
    id: '65a99e60-8e0a-4b6e-b79c-7d8264cc5caa',
    name: 'Test Folder',
    description: 'This is a test collection folder.',
    variables: null,
    auth: { type: 'apikey', apikey: [{ key: 'value', value: '{{apiKey}}' }, { key: 'key', value: 'X-Api-Key' }, { key: 'in', value: 'header' }] },
    events: null,
    order: ['81b49e05-0b87-4ca4-ac8c-091aaedafea3'],
    folders_order: ['5c341de9-5751-461f-b7bd-af86bbae740c'],
    createdAt: '2022-08-29T16:49:19.964Z',
    updatedAt: '2022-08-29T16:49:19.964Z',
  });

  it('shows Postman\'s example without its children or bookkeeping', () => {
    const document = toDocument('folder', openApiFolder());
    assert.deepEqual(document, {
      id: '65a99e60-8e0a-4b6e-b79c-7d8264cc5caa',
      name: 'Test Folder',
      description: 'This is a test collection folder.',
      auth: { type: 'apikey', apikey: [{ key: 'value', value: '{{apiKey}}' }, { key: 'key', value: 'X-Api-Key' }, { key: 'in', value: 'header' }] },
    });
  });

  it('shows scripts, variables and protocol profile in a stable order, no invented ids', () => {
    const document = toDocument('folder', {
      ...openApiFolder(),
      auth: null,
      protocolProfileBehavior: { followRedirects: false },
      variables: [{ key: 'region', value: 'eu' }, { id: 'v1', key: 'tier', value: 'gold' }],
      events: [{ listen: 'prerequest', script: { exec: 'a();\nb();' } }],
    });
    assert.deepEqual(document, {
      id: '65a99e60-8e0a-4b6e-b79c-7d8264cc5caa',
      name: 'Test Folder',
      description: 'This is a test collection folder.',
      event: [{ listen: 'prerequest', script: { type: 'text/javascript', exec: ['a();', 'b();'] } }],
      variable: [{ key: 'region', value: 'eu' }, { id: 'v1', key: 'tier', value: 'gold' }],
      protocolProfileBehavior: { followRedirects: false },
    });
    assert.deepEqual(Object.keys(toDocument('folder', { id: 'f', name: 'F', auth: { type: 'noauth' }, description: 'd', events: [{ listen: 'test', script: { exec: ['x'] } }] })), ['id', 'name', 'description', 'auth', 'event']);
    assert.equal(toDocument('folder', { id: 'f' }).name, '');
  });

  it('sends a folder\'s content, and each removal explicitly empty', () => {
    const document = { id: 'f1', name: 'Refunds', description: { content: 'Legacy', type: 'text/plain' }, auth: { type: 'basic', basic: [{ key: 'username', value: 'u' }] }, event: [{ listen: 'test', script: { exec: ['t();'] } }], variable: [{ key: 'a', value: '1' }], protocolProfileBehavior: { strictSSL: false } };
    assert.deepEqual(toWire('folder', document, undefined), {
      name: 'Refunds',
      description: 'Legacy',
      auth: { type: 'basic', basic: [{ key: 'username', value: 'u' }] },
      events: [{ listen: 'test', script: { type: 'text/javascript', exec: ['t();'] } }],
      variables: [{ key: 'a', value: '1' }],
      protocolProfileBehavior: { strictSSL: false },
    });
    assert.deepEqual(toWire('folder', { id: 'f1', name: 'Refunds' }, { ...openApiFolder(), events: [{ listen: 'test' }], variables: [{ key: 'a' }], protocolProfileBehavior: { strictSSL: false } }), {
      name: 'Refunds',
      description: null,
      auth: null,
      events: null,
      variables: null,
      protocolProfileBehavior: null,
    });
    assert.deepEqual(toWire('folder', { id: 'f1', name: 'Renamed' }, { id: 'f1', name: 'Refunds', description: null, auth: null, order: [] }), { name: 'Renamed' });
    assert.deepEqual(toWire('folder', { id: 'f1', name: 'No auth', auth: { type: 'noauth' } }, openApiFolder()), { name: 'No auth', description: null, auth: { type: 'noauth' } });
  });
});

describe('item conversion: saved responses', () => {
  /** `getCollectionResponse` of Postman's OpenAPI description. */
  const openApiResponse = (): Wire => ({
    owner: '12345678',
    lastUpdatedBy: '12345678',
    lastRevision: 32457792182,
    request: 'c82dd02c-4870-4907-8fcb-593a876cf05b',
    id: 'cc364734-7dfd-4bfc-897d-be763dcdbb07',
    name: 'Successful GET Response',
    status: null,
    responseCode: { code: 200, name: 'OK' },
    time: null,
    headers: [{ key: 'Content-Type', name: 'Content-Type', value: 'application/json', description: '', type: 'text' }],
    cookies: null,
    mime: null,
    text: '{\n    "title": "Not Found"\n}',
    language: 'json',
    rawDataType: null,
    requestObject:
      '{"data":null,"dataMode":"raw","dataOptions":{"raw":{"language":"json"}},"headerData":[{"key":"Accept","value":"application/vnd.example.v1+json","description":"","type":"text","enabled":true}],"method":"GET","pathVariableData":[],"queryParams":[{"key":"id","value":"test-api","equals":true,"description":null,"enabled":true}],"url":"http://api.postman.com/v1/request?id=test-api","headers":"Accept: application/vnd.example.v1+json\\n","pathVariables":{},"protocolProfileBehavior":{"disableBodyPruning":true},"rawModeData":"","graphqlModeData":{}}',
    createdAt: '2023-09-07T14:39:52.000Z',
    updatedAt: '2023-09-07T14:41:08.000Z',
  });

  const original = {
    method: 'GET',
    header: [{ key: 'Accept', value: 'application/vnd.example.v1+json', type: 'text' }],
    body: { mode: 'raw', raw: '', options: { raw: { language: 'json' } } },
    url: { raw: 'http://api.postman.com/v1/request?id=test-api', protocol: 'http', host: ['api', 'postman', 'com'], path: ['v1', 'request'], query: [{ key: 'id', value: 'test-api' }] },
  };

  it('shows Postman\'s example: the saved request from `requestObject`, the status from `responseCode`, no parent id', () => {
    const document = toDocument('response', openApiResponse());
    assert.deepEqual(document, {
      id: 'cc364734-7dfd-4bfc-897d-be763dcdbb07',
      name: 'Successful GET Response',
      originalRequest: original,
      status: 'OK',
      code: 200,
      _postman_previewlanguage: 'json',
      header: [{ key: 'Content-Type', name: 'Content-Type', value: 'application/json', description: '', type: 'text' }],
      cookie: [],
      body: '{\n    "title": "Not Found"\n}',
    });
  });

  it('shows cookies with their expiry as Postman keeps it, headers as they are, the time, and no saved request when there is none', () => {
    const document = toDocument('response', {
      id: 'x1',
      name: 'With cookies',
      request: 'parent-request-id',
      requestObject: 'parent-request-id',
      responseCode: { code: '201', name: 'Created' },
      headers: 'Set-Cookie: a=1\r\nX-Empty:\nnot a header',
      cookies: [
        { name: 'sid', value: 'abc', domain: 'x.example', path: '/', expirationDate: 1718701964, httpOnly: true, secure: true, hostOnly: false, session: false },
        { key: 'legacy', value: '2', expirationDate: 'Wed, 04 Jun 2025 10:00:00 GMT' },
        { name: 'plain', value: '3', expires: 'Invalid Date' },
      ],
      time: 182,
      language: null,
      text: null,
    });
    assert.deepEqual(document, {
      id: 'x1',
      name: 'With cookies',
      status: 'Created',
      code: 201,
      header: 'Set-Cookie: a=1\r\nX-Empty:\nnot a header',
      cookie: [
        { expires: 'Tue, 18 Jun 2024 09:12:44 GMT', domain: 'x.example', path: '/', hostOnly: false, httpOnly: true, secure: true, session: false, value: 'abc', key: 'sid' },
        { expires: 'Wed, 04 Jun 2025 10:00:00 GMT', value: '2', key: 'legacy' },
        { expires: 'Invalid Date', value: '3', key: 'plain' },
      ],
      responseTime: 182,
      body: '',
    });
    assert.equal(toDocument('response', { id: 'x', requestObject: '{"method": "GET"' }).originalRequest, undefined, 'unreadable saved request');
    assert.deepEqual(toDocument('response', { id: 'x', requestObject: { method: 'PUT', url: 'https://x/y' } }).originalRequest, { method: 'PUT', header: [], url: { raw: 'https://x/y', protocol: 'https', host: ['x'], path: ['y'] } });
    assert.equal(toDocument('response', { id: 'x', requestObject: '[1]' }).originalRequest, undefined);
    assert.deepEqual(toDocument('response', { id: 'x' }), { id: 'x', name: '', header: [], cookie: [], body: '' });
  });

  it('sends a saved response with its saved request as JSON text, cookies in Postman\'s form, and never its parent', () => {
    const document = {
      ...toDocument('response', openApiResponse()),
      cookie: [
        { key: 'sid', value: 'abc', domain: 'x.example', path: '/', expires: 'Tue, 18 Jun 2024 09:12:44 GMT', httpOnly: true },
        { name: 'n', value: '1', expires: 'Invalid Date' },
        { key: 'e', value: '2', expires: 1718701964 },
      ],
      responseTime: 40,
    };
    const body = toWire('response', document, openApiResponse());
    assert.deepEqual(body, {
      name: 'Successful GET Response',
      status: 'OK',
      responseCode: { code: 200, name: 'OK' },
      time: 40,
      headers: [{ key: 'Content-Type', name: 'Content-Type', value: 'application/json', description: '', type: 'text' }],
      cookies: [
        { domain: 'x.example', expirationDate: 1718701964, httpOnly: true, name: 'sid', path: '/', value: 'abc' },
        { name: 'n', value: '1' },
        { expirationDate: 1718701964, name: 'e', value: '2' },
      ],
      text: '{\n    "title": "Not Found"\n}',
      language: 'json',
      requestObject: JSON.stringify({
        method: 'GET',
        url: 'http://api.postman.com/v1/request?id=test-api',
        queryParams: [{ key: 'id', value: 'test-api' }],
        pathVariableData: [],
        headers: 'Accept: application/vnd.example.v1+json',
        headerData: [{ key: 'Accept', value: 'application/vnd.example.v1+json', type: 'text' }],
        dataMode: 'raw',
        rawModeData: '',
        dataOptions: { raw: { language: 'json' } },
      }),
    });
    assert.equal('request' in body, false);
  });

  it('keeps every cookie field both ways, and skips entries that are no cookies', () => {
    const v1 = { domain: 'x.example', expirationDate: 1718701964, maxAge: 3600, hostOnly: true, httpOnly: false, name: 'sid', path: '/a', secure: true, session: false, value: 'v', extensions: [{ key: 'SameSite', value: 'Lax' }] };
    const v2 = { expires: 'Tue, 18 Jun 2024 09:12:44 GMT', maxAge: 3600, domain: 'x.example', path: '/a', hostOnly: true, httpOnly: false, secure: true, session: false, value: 'v', key: 'sid', extensions: [{ key: 'SameSite', value: 'Lax' }] };
    const document = toDocument('response', { id: 'x', name: 'n', cookies: [v1, null, 'sid=v'] });
    assert.deepEqual(document.cookie, [v2]);
    assert.deepEqual(Object.keys((document.cookie as Obj[])[0]), Object.keys(v2));
    const body = toWire('response', { name: 'n', cookie: [v2, null, 3] }, undefined);
    assert.deepEqual(body.cookies, [v1]);
    assert.deepEqual(Object.keys((body.cookies as Obj[])[0]), Object.keys(v1));
  });

  it('sends the saved request\'s auth, description, path variables and disabled body in its JSON text', () => {
    const body = toWire('response', {
      name: 'n',
      originalRequest: {
        auth: { type: 'basic', basic: [{ key: 'username', value: 'u' }] },
        method: 'DELETE',
        header: [],
        body: { mode: 'raw', raw: 'x', disabled: true },
        url: { raw: 'https://x/users/:id', protocol: 'https', host: ['x'], path: ['users', ':id'], variable: [{ key: 'id', value: '7' }] },
        description: 'Deletes',
      },
    }, undefined);
    assert.deepEqual(JSON.parse(body.requestObject as string), {
      method: 'DELETE',
      url: 'https://x/users/:id',
      queryParams: [],
      pathVariables: { id: '7' },
      pathVariableData: [{ key: 'id', value: '7' }],
      headers: '',
      headerData: [],
      dataMode: 'raw',
      rawModeData: 'x',
      dataDisabled: true,
      auth: { type: 'basic', basic: [{ key: 'username', value: 'u' }] },
      description: 'Deletes',
    });
  });

  it('sends each removal explicitly empty, and only what Postman\'s copy had', () => {
    const body = toWire('response', { id: 'cc', name: 'Bare' }, { ...openApiResponse(), time: 12, cookies: [], status: 'OK' });
    assert.deepEqual(body, { name: 'Bare', status: null, responseCode: null, time: null, headers: [], cookies: [], text: null, language: null, requestObject: null });
    assert.deepEqual(toWire('response', { name: 'Bare', responseTime: null, status: 'Teapot' }, { id: 'cc', name: 'x' }), { name: 'Bare', status: 'Teapot', responseCode: { name: 'Teapot' } });
    assert.deepEqual(toWire('response', { name: 'Only a code', code: 418 }, undefined), {
      name: 'Only a code',
      status: null,
      responseCode: { code: 418 },
      time: null,
      headers: [],
      cookies: [],
      text: null,
      language: null,
      requestObject: null,
    });
    assert.deepEqual(toWire('response', { name: 'No saved request', originalRequest: null }, { id: 'x', requestObject: '{}' }), { name: 'No saved request', requestObject: null });
  });
});

describe('item conversion: new items', () => {
  it('a new request: only the fields that have a value', () => {
    assert.deepEqual(newWire('request', { name: 'Monthly report', request: { method: 'GET', header: [], url: '' } }), {
      name: 'Monthly report',
      method: 'GET',
      url: '',
      queryParams: [],
      pathVariableData: [],
      headers: '',
      headerData: [],
    });
    assert.deepEqual(newWire('request', { name: 'Upload', request: { method: 'POST', url: 'https://x/u', body: { mode: 'raw', raw: 'a' }, auth: { type: 'noauth' } } }), {
      name: 'Upload',
      method: 'POST',
      url: 'https://x/u',
      queryParams: [],
      pathVariableData: [],
      headers: '',
      headerData: [],
      dataMode: 'raw',
      rawModeData: 'a',
      auth: { type: 'noauth' },
    });
  });

  it('a new folder: its name (and what else it is given)', () => {
    assert.deepEqual(newWire('folder', { name: 'Reports' }), { name: 'Reports' });
    assert.deepEqual(newWire('folder', { name: 'Reports', description: 'Monthly', item: [] }), { name: 'Reports', description: 'Monthly' });
  });

  it('a new saved response', () => {
    assert.deepEqual(newWire('response', { name: 'OK', code: 200, status: 'OK', header: [], body: '{}' }), {
      name: 'OK',
      status: 'OK',
      responseCode: { code: 200, name: 'OK' },
      headers: [],
      text: '{}',
    });
  });
});

describe('item conversion: checks before a save', () => {
  it('returns the value when it can be saved', () => {
    const request = { id: 'r1', name: 'Ping', request: { method: 'GET', url: 'https://x' } };
    assert.equal(checkItem('request', request, 'r1'), request);
    const noId = { name: 'Ping', request: 'https://x' };
    assert.equal(checkItem('request', noId, 'r1'), noId);
    const custom = { name: 'Purge', request: { method: 'PURGE', url: 'https://x' } };
    assert.equal(checkItem('request', custom), custom);
    const noMethod = { name: 'Default GET', request: { url: 'https://x', header: [] } };
    assert.equal(checkItem('request', noMethod), noMethod);
    const folder = { id: 'f1', name: 'F' };
    assert.equal(checkItem('folder', folder, 'f1'), folder);
    const response = { name: 'R', code: 200 };
    assert.equal(checkItem('response', response), response);
    const anyId = { id: 'whatever', name: 'R' };
    assert.equal(checkItem('response', anyId), anyId, 'no opened id to compare with');
  });

  it('refuses what is not an item, with what to fix', () => {
    assert.equal(refused(() => checkItem('request', [])), 'Not saved: a request must be a JSON object. Nothing was sent to Postman.');
    assert.equal(refused(() => checkItem('response', 'x')), 'Not saved: a saved response must be a JSON object. Nothing was sent to Postman.');
    assert.equal(refused(() => checkItem('folder', { item: [] })), 'Not saved: the folder needs a "name" (a string). Nothing was sent to Postman.');
    assert.equal(refused(() => checkItem('response', { name: 3 })), 'Not saved: the saved response needs a "name" (a string). Nothing was sent to Postman.');
  });

  it('refuses another id', () => {
    assert.equal(
      refused(() => checkItem('request', { id: 'r2', name: 'x', request: 'https://x' }, 'r1')),
      'Not saved: "id" must stay "r1": it is this request\'s id in Postman (to make a copy, use Duplicate in the tree). Nothing was sent to Postman.',
    );
    assert.match(refused(() => checkItem('folder', { id: '', name: 'x' }, 'f1')), /"id" must stay "f1": it is this folder's id/);
  });

  it('refuses a request without a request, with a bad method or headers, or with saved responses', () => {
    assert.equal(refused(() => checkItem('request', { name: 'x' })), 'Not saved: a request needs its "request" object ({"method": …, "url": …}) or a URL string. Nothing was sent to Postman.');
    assert.equal(refused(() => checkItem('request', { name: 'x', request: 7 })), 'Not saved: a request needs its "request" object ({"method": …, "url": …}) or a URL string. Nothing was sent to Postman.');
    assert.equal(refused(() => checkItem('request', { name: 'x', request: { method: 7 } })), 'Not saved: "request.method" must be an HTTP method such as "GET" or "POST", not 7. Nothing was sent to Postman.');
    assert.equal(refused(() => checkItem('request', { name: 'x', request: { method: 'GET /x' } })), 'Not saved: "request.method" must be an HTTP method such as "GET" or "POST", not "GET /x". Nothing was sent to Postman.');
    assert.match(refused(() => checkItem('request', { name: 'x', request: { method: '' } })), /not ""/);
    assert.equal(refused(() => checkItem('request', { name: 'x', request: { method: 'GET', header: {} } })), 'Not saved: "request.header" must be a list of headers ([{"key": …, "value": …}]). Nothing was sent to Postman.');
    assert.equal(
      refused(() => checkItem('request', { name: 'x', request: { method: 'GET' }, response: [] })),
      'Not saved: a request\'s saved responses are documents of their own: remove "response" here and open each response from the tree. Nothing was sent to Postman.',
    );
  });

  it('refuses a folder with children, and a saved response whose code is not a number', () => {
    assert.equal(
      refused(() => checkItem('folder', { name: 'F', item: [] })),
      'Not saved: a folder\'s requests and folders are not edited here: remove "item" (open each one from the tree, or edit the whole collection). Nothing was sent to Postman.',
    );
    assert.equal(refused(() => checkItem('response', { name: 'R', code: '200' })), 'Not saved: "code" must be a number (the HTTP status, such as 200), not "200". Nothing was sent to Postman.');
    const folderWithResponse = { name: 'F', response: [] };
    assert.equal(checkItem('folder', folderWithResponse), folderWithResponse, 'only a request is asked about saved responses');
    const responseWithItem = { name: 'R', item: [] };
    assert.equal(checkItem('response', responseWithItem), responseWithItem, 'only a folder is asked about children');
    const requestWithCode = { name: 'Q', code: 'x', request: 'https://x' };
    assert.equal(checkItem('request', requestWithCode), requestWithCode, 'only a saved response is asked about its code');
    const folderWithCode = { name: 'F', code: 'x' };
    assert.equal(checkItem('folder', folderWithCode), folderWithCode, 'only a saved response is asked about its code');
  });
});
