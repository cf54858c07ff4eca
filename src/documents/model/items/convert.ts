import { isObj, type Obj, refuse } from '../checks';

/**
 * One folder, request or saved response of a collection, between Postman's item format (what
 * `GET /collections/{cid}/requests|folders|responses/{id}` answers: v1-like, `dataMode`,
 * `headerData`, `requestObject` as text…) and the Collection Format v2.1 JSON the editor
 * shows. The conversions are Postman's own (postman-collection-transformer); this file puts
 * right what that converter invents or loses, and computes what a save must send: the item
 * endpoints' PUT merges like a PATCH (a field sent replaces the stored one, a field not sent
 * is kept), so everything the edit removed is sent explicitly empty.
 *
 * Bundled on its own (dist/itemConverter.js) and loaded on first use by ./converter.
 */

export type ItemModel = 'request' | 'folder' | 'response';
export type Wire = Record<string, unknown>;

type Callback = (err: unknown, result: unknown) => void;
interface Transformer {
  convert(collection: unknown, options: object, callback: Callback): void;
  convertSingle(item: unknown, options: object, callback: Callback): void;
  convertResponse(response: unknown, options: object, callback: Callback): void;
  util: { urlparse(url: string): Obj; urlunparse(url: Obj): string };
}

// The package has no types; its functions answer through the callback before they return.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transformer = require('postman-collection-transformer') as Transformer;

/** Postman's item format to v2.1, ids kept; `events` and `auth` are the truth when set (the legacy `tests`, `currentHelper`… count only when they are not). */
const TO_V21 = { inputVersion: '1.0.0', outputVersion: '2.1.0', retainIds: true, prioritizeV2: true };
const TO_V1 = { inputVersion: '2.1.0', outputVersion: '1.0.0' };

function run(fn: 'convert' | 'convertSingle' | 'convertResponse', input: unknown, options: object): Obj {
  let out: unknown;
  let failure: unknown;
  transformer[fn](structuredClone(input), options, (err, result) => {
    failure = err;
    out = result;
  });
  if (failure) {
    throw failure;
  }
  return out as Obj;
}

/** The fields in this order (JSON then leaves out those that are undefined). */
const pick = (from: Obj, keys: readonly string[]): Obj => Object.fromEntries(keys.map((key) => [key, from[key]]));

/** The value as JSON has it (what is sent and shown): no property is `undefined`. */
const json = (v: Obj): Obj => JSON.parse(JSON.stringify(v)) as Obj;

const arrayOf = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** Whether a field holds something (a save may have to clear it). */
const holds = (v: unknown): boolean => v !== undefined && v !== null;

// ---------------------------------------------------------------------------------------------
// Auth: the same list-of-parameters shape in both formats ({type, [type]: [{key, value, type}]}),
// so it is taken as it is rather than through the converter, which rebuilds the parameters
// from a key→value map (duplicate keys merged, each `type` guessed again from the value).

const typeOf = (value: unknown): string => (['string', 'boolean', 'number'].includes(typeof value) ? typeof value : 'any');

/** A v2.1 auth as the document shows it: its type and that type's parameters (a map of parameters, v2.0 style, becomes the list). */
function cleanAuth(auth: Obj): Obj {
  const type = String(auth.type);
  const params = auth[type];
  if (Array.isArray(params)) {
    return { type, [type]: params };
  }
  return { type, [type]: isObj(params) ? Object.entries(params).map(([key, value]) => ({ key, value, type: typeOf(value) })) : undefined };
}

/** The auth a wire item holds: its `auth` when that says one (`null` means inherited), else what the converter read of the legacy helper fields. */
function authFromWire(wireAuth: unknown, converted: unknown): unknown {
  if (isObj(wireAuth) && typeof wireAuth.type === 'string') {
    return cleanAuth(wireAuth);
  }
  return typeof wireAuth === 'string' && wireAuth !== '' ? { type: wireAuth } : converted;
}

/** The auth to send: the document's (v2.0-style parameters as the list), or none (sent as null: inherit from the parent). */
function authToWire(auth: unknown): Obj | undefined {
  return isObj(auth) && typeof auth.type === 'string' && auth.type !== '' ? cleanAuth(auth) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Descriptions: Postman's item format keeps text; a v2.1 description may be `{content, type}`.

function descriptionText(d: unknown): string | undefined {
  const text = isObj(d) ? d.content : d;
  return typeof text === 'string' && text !== '' ? text : undefined;
}

// ---------------------------------------------------------------------------------------------
// Variables: the converter gives every variable without an id a random one.

/** `converted`'s variables with the ids `source` had, by position, and none where it had none. */
function keepVariableIds(converted: unknown, source: unknown): Obj[] | undefined {
  if (!Array.isArray(converted)) {
    return undefined;
  }
  // Stryker disable next-line ArrayDeclaration: a stand-in element is no object with an id either
  const list: unknown[] = Array.isArray(source) ? source : [];
  return (converted as Obj[]).map((v, i) => {
    const rest = { ...v };
    delete rest.id;
    const from = list[i];
    return isObj(from) && 'id' in from ? { id: from.id, ...rest } : rest;
  });
}

// ---------------------------------------------------------------------------------------------
// Requests.

/** A v2.1 request as the converter needs it: a URL string becomes `{url}`, a URL object without its parts is parsed from `raw`, GET when no method is given. */
function requestForConverter(request: unknown): Obj {
  const req: Obj = typeof request === 'string' ? { url: request } : { ...(request as Obj) };
  const url = req.url;
  if (isObj(url) && url.host === undefined && url.path === undefined) {
    req.url = { ...transformer.util.urlparse(String(url.raw)), ...url };
  } else if (isObj(url) && typeof url.raw === 'string' && transformer.util.urlunparse(url) !== url.raw) {
    // The parts say another URL than `raw`: `raw` was edited, the URL as people read it (Postman's
    // URL bar). It wins, or the edit would be silently dropped; path variables keep their values.
    req.url = { ...transformer.util.urlparse(url.raw), ...(url.variable !== undefined ? { variable: url.variable } : {}) };
  }
  if (typeof req.method !== 'string' || req.method === '') {
    req.method = 'GET';
  }
  const body = req.body;
  if (isObj(body) && isObj(body.graphql) && isObj(body.graphql.variables)) {
    req.body = { ...body, graphql: { ...body.graphql, variables: JSON.stringify(body.graphql.variables, null, 2) } };
  }
  return req;
}

/**
 * A wire request as the converter should read it: `headerData` is the truth when it is a list
 * (the converter would add back any header of the `headers` text that the list lacks).
 */
function requestV1ForConverter(v1: Obj): Obj {
  const out = { ...v1 };
  if (Array.isArray(out.headerData)) {
    delete out.headers;
  }
  return out;
}

/** The v2.1 `request` the converter made of a wire request, in a stable order, with the auth the wire form holds. */
function requestDocumentOf(converted: Obj, wire: Obj): Obj {
  return pick({ ...converted, auth: authFromWire(wire.auth, converted.auth) }, ['auth', 'method', 'header', 'body', 'url', 'description']);
}

function requestDocument(wire: Wire): Obj {
  const item = run('convertSingle', requestV1ForConverter(wire), TO_V21);
  return pick(
    {
      ...item,
      id: wire.id,
      name: wire.name ?? '',
      request: requestDocumentOf(item.request as Obj, wire),
      variable: keepVariableIds(item.variable, wire.variables),
    },
    ['id', 'name', 'event', 'protocolProfileBehavior', 'request', 'variable'],
  );
}

/** A saved request (`requestObject`) as the document shows it. */
function savedRequestDocument(saved: Obj): Obj {
  return requestDocumentOf(run('convertSingle', requestV1ForConverter(saved), TO_V21).request as Obj, saved);
}

/** What a save of a request sends, in this order. */
const REQUEST_FIELDS = [
  'name', 'description', 'method', 'url', 'queryParams', 'pathVariables', 'pathVariableData', 'headers', 'headerData', 'dataMode', 'data', 'rawModeData',
  'graphqlModeData', 'dataOptions', 'dataDisabled', 'auth', 'events', 'tests', 'preRequestScript', 'variables', 'protocolProfileBehavior',
];

/** The value that clears a field that can be absent (the converter always gives the others). */
const REQUEST_EMPTY: Obj = {
  description: null,
  pathVariables: {},
  dataMode: null,
  data: null,
  rawModeData: null,
  graphqlModeData: null,
  dataOptions: null,
  dataDisabled: false,
  auth: null,
  // The scripts live in `events`; the legacy texts are emptied, so they cannot bring back a script removed from `events`.
  events: null,
  tests: null,
  preRequestScript: null,
  variables: null,
  protocolProfileBehavior: null,
};

/** A v2.1 request item in Postman's request format: every field that has a value. */
function requestFields(edited: Obj): Obj {
  const request = requestForConverter(edited.request);
  const v1 = run('convertSingle', { ...edited, request }, TO_V1);
  const events = arrayOf(v1.events);
  return {
    ...v1,
    description: descriptionText(request.description),
    auth: authToWire(request.auth),
    events: events.length > 0 ? events : undefined,
    tests: undefined,
    preRequestScript: undefined,
    variables: keepVariableIds(v1.variables, edited.variable),
  };
}

// ---------------------------------------------------------------------------------------------
// Folders.

function folderDocument(wire: Wire): Obj {
  const item = (run('convert', { folders: [wire] }, TO_V21).item as Obj[])[0];
  return pick(
    { ...item, id: wire.id, name: wire.name ?? '', auth: authFromWire(wire.auth, item.auth), variable: keepVariableIds(item.variable, wire.variables) },
    ['id', 'name', 'description', 'auth', 'event', 'variable', 'protocolProfileBehavior'],
  );
}

const FOLDER_FIELDS = ['name', 'description', 'auth', 'events', 'variables', 'protocolProfileBehavior'];
const FOLDER_EMPTY: Obj = { description: null, auth: null, events: null, variables: null, protocolProfileBehavior: null };

function folderFields(edited: Obj): Obj {
  const converted = (run('convert', { item: [{ ...edited, item: [] }] }, TO_V1).folders as Obj[])[0];
  return {
    ...converted,
    name: edited.name,
    description: descriptionText(edited.description),
    auth: authToWire(edited.auth),
    variables: keepVariableIds(converted.variables, edited.variable),
  };
}

// ---------------------------------------------------------------------------------------------
// Saved responses.

/**
 * A cookie as the document shows it. The converter writes `expires` as `new Date(expirationDate * 1000)`
 * in the machine's time zone, which is "Invalid Date" for the text Postman often keeps there:
 * the text is kept, a number of seconds becomes an HTTP date.
 */
function cookieToV2(c: Obj): Obj {
  const exp = c.expirationDate;
  const expires = typeof exp === 'number' ? new Date(exp * 1000).toUTCString() : (exp ?? c.expires);
  return pick({ ...c, expires, key: c.name ?? c.key }, ['expires', 'maxAge', 'domain', 'path', 'hostOnly', 'httpOnly', 'secure', 'session', 'value', 'key', 'extensions']);
}

/** A cookie in Postman's (Chrome's) form: `expirationDate` in seconds, when `expires` names a time. */
function cookieToV1(c: Obj): Obj {
  const ms = typeof c.expires === 'number' ? c.expires * 1000 : Date.parse(String(c.expires));
  return pick(
    { ...c, name: c.key ?? c.name, expirationDate: Number.isFinite(ms) ? ms / 1000 : undefined },
    ['domain', 'expirationDate', 'maxAge', 'hostOnly', 'httpOnly', 'name', 'path', 'secure', 'session', 'value', 'extensions'],
  );
}

/** The saved request of a wire response (`requestObject`, JSON text or an object), or undefined. */
function savedRequestOf(requestObject: unknown): Obj | undefined {
  if (isObj(requestObject)) {
    return requestObject;
  }
  try {
    const parsed: unknown = JSON.parse(String(requestObject));
    return isObj(parsed) ? parsed : undefined;
  }
  // Stryker disable next-line BlockStatement: the function ends after the catch, with undefined either way
  catch {
    return undefined;
  }
}

function responseDocument(wire: Wire): Obj {
  const saved = savedRequestOf(wire.requestObject);
  // `request` is the parent request's id; the saved request and the cookies are read on their own.
  const item = run('convertResponse', { ...wire, request: undefined, requestObject: undefined, cookies: undefined }, TO_V21);
  return pick(
    {
      ...item,
      id: wire.id,
      name: wire.name ?? '',
      originalRequest: saved && savedRequestDocument(saved),
      _postman_previewlanguage: item._postman_previewlanguage ?? undefined,
      header: wire.headers ?? [],
      cookie: arrayOf(wire.cookies).map(cookieToV2),
      responseTime: wire.time ?? undefined,
      body: wire.text ?? '',
    },
    ['id', 'name', 'originalRequest', 'status', 'code', '_postman_previewlanguage', 'header', 'cookie', 'responseTime', 'body'],
  );
}

const RESPONSE_FIELDS = ['name', 'status', 'responseCode', 'time', 'headers', 'cookies', 'text', 'language', 'requestObject'];
const RESPONSE_EMPTY: Obj = { status: null, responseCode: null, time: null, headers: [], cookies: [], text: null, language: null, requestObject: null };

/** What a saved response's `requestObject` holds: the request as sent, without an id, name or scripts of its own. */
const SAVED_REQUEST_FIELDS = [
  'method', 'url', 'queryParams', 'pathVariables', 'pathVariableData', 'headers', 'headerData', 'dataMode', 'data', 'rawModeData', 'graphqlModeData',
  'dataOptions', 'dataDisabled', 'auth', 'description',
];

function responseFields(edited: Obj): Obj {
  const { code, status } = edited;
  const original = edited.originalRequest;
  return {
    name: edited.name,
    status,
    responseCode: holds(code) || holds(status) ? { code, name: status } : undefined,
    time: edited.responseTime,
    headers: edited.header,
    cookies: Array.isArray(edited.cookie) ? arrayOf(edited.cookie).map(cookieToV1) : undefined,
    text: edited.body,
    language: edited._postman_previewlanguage,
    requestObject: holds(original) ? JSON.stringify(pick(requestFields({ request: original }), SAVED_REQUEST_FIELDS)) : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// The API.

const FIELDS: Record<ItemModel, { order: string[]; empty: Obj; of: (edited: Obj) => Obj }> = {
  request: { order: REQUEST_FIELDS, empty: REQUEST_EMPTY, of: requestFields },
  folder: { order: FOLDER_FIELDS, empty: FOLDER_EMPTY, of: folderFields },
  response: { order: RESPONSE_FIELDS, empty: RESPONSE_EMPTY, of: responseFields },
};

/**
 * The v2.1 JSON an editor shows for an item as the item endpoint gave it (`data`): a request
 * `{id, name, event?, protocolProfileBehavior?, request, variable?}` without its responses
 * (they are documents of their own), a folder `{id, name, description?, auth?, event?,
 * variable?, protocolProfileBehavior?}` without its children, a response `{id, name,
 * originalRequest?, status, code, _postman_previewlanguage?, header, cookie, responseTime?,
 * body}`. Key order stable; no Postman bookkeeping (owner, createdAt, updatedAt,
 * lastRevision, lastUpdatedBy, collection, folder, order, folders_order, responses_order).
 */
export function toDocument(model: ItemModel, wire: Wire): Record<string, unknown> {
  return json(model === 'request' ? requestDocument(wire) : model === 'folder' ? folderDocument(wire) : responseDocument(wire));
}

/**
 * The body of the PUT that makes Postman hold `edited` (v2.1, as the user saved it), given
 * what was opened (the wire form the editor started from; undefined when unknown): every
 * field that has a value is sent (the two forms of the headers, of the query and of the path
 * variables together, so they agree), and each field the opened form had that the edit removed
 * is sent explicitly empty (all of them when the opened form is unknown). Never sends Postman's
 * own fields (id, owner, timestamps, collection, folder, order lists, responses), nor the
 * legacy forms of auth and scripts (`currentHelper`, `helperAttributes`; `tests` and
 * `preRequestScript` only ever emptied).
 */
export function toWire(model: ItemModel, edited: Record<string, unknown>, opened: Wire | undefined): Wire {
  const { order, empty, of } = FIELDS[model];
  const now = of(edited);
  const body: Wire = {};
  for (const key of order) {
    if (holds(now[key])) {
      body[key] = now[key];
    } else if (opened === undefined || holds(opened[key])) {
      body[key] = empty[key];
    }
  }
  return json(body);
}

/** The body of `POST` that creates the item: a request or saved response from v2.1, a folder `{name}` (with its description, auth, scripts and variables if it has them); only the fields that have a value. */
export function newWire(model: ItemModel, v2: Record<string, unknown>): Wire {
  const { order, of } = FIELDS[model];
  return json(pick(of(v2), order));
}

// ---------------------------------------------------------------------------------------------
// Checks before a save.

const NOUNS: Record<ItemModel, string> = { request: 'request', folder: 'folder', response: 'saved response' };

/** An HTTP method: a token (RFC 9110), as Postman accepts custom methods too. */
const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function checkRequest(value: Obj): void {
  const request = value.request;
  if (typeof request === 'string') {
    return;
  }
  if (!isObj(request)) {
    refuse('a request needs its "request" object ({"method": …, "url": …}) or a URL string');
  }
  const method = request.method;
  if (method !== undefined && (typeof method !== 'string' || !METHOD.test(method))) {
    refuse(`"request.method" must be an HTTP method such as "GET" or "POST", not ${JSON.stringify(method)}`);
  }
  if (request.header !== undefined && !Array.isArray(request.header)) {
    refuse('"request.header" must be a list of headers ([{"key": …, "value": …}])');
  }
  if (value.response !== undefined) {
    refuse('a request\'s saved responses are documents of their own: remove "response" here and open each response from the tree');
  }
}

/**
 * What a save of an item needs, checked before anything is sent (a SaveRefused says what to
 * fix): a `name` string; a request its `request` object (or a URL string) with a valid
 * method; a folder no `item` list (its children are edited in their own documents); a saved
 * response a numeric `code`, if any; and the `id`, if present, the one it was opened with.
 */
export function checkItem(model: ItemModel, value: unknown, openedId?: string): Record<string, unknown> {
  const noun = NOUNS[model];
  if (!isObj(value)) {
    return refuse(`a ${noun} must be a JSON object`);
  }
  if (typeof value.name !== 'string') {
    refuse(`the ${noun} needs a "name" (a string)`);
  }
  if (value.id !== undefined && openedId !== undefined && value.id !== openedId) {
    refuse(`"id" must stay "${openedId}": it is this ${noun}'s id in Postman (to make a copy, use Duplicate in the tree)`);
  }
  if (model === 'request') {
    checkRequest(value);
  } else if (model === 'folder' && value.item !== undefined) {
    refuse('a folder\'s requests and folders are not edited here: remove "item" (open each one from the tree, or edit the whole collection)');
  } else if (model === 'response' && value.code !== undefined && typeof value.code !== 'number') {
    refuse(`"code" must be a number (the HTTP status, such as 200), not ${JSON.stringify(value.code)}`);
  }
  return value;
}
