import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createEngine } from '../../src/runs/engine/engine';
import type { Engine, RunEvent, RunPlan, RunResult } from '../../src/runs/model/types';
import { BEARER_TOKEN, TargetApi } from '../fixtures/targetApi';
import { until } from './assertions';

const SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

function plan(collection: object, overrides: Partial<RunPlan> = {}): RunPlan {
  return {
    collection,
    globals: [],
    collectionVariables: [],
    timeouts: { requestMs: 5000, scriptMs: 2000 },
    strictSSL: true,
    maxBodyBytes: 1024 * 1024,
    ...overrides,
  };
}

function request(id: string, url: string, extra: { prerequest?: string[]; test?: string[]; method?: string; body?: object; auth?: object; header?: object[] } = {}): object {
  const event = [
    ...(extra.prerequest ? [{ listen: 'prerequest', script: { exec: extra.prerequest } }] : []),
    ...(extra.test ? [{ listen: 'test', script: { exec: extra.test } }] : []),
  ];
  return {
    id,
    name: `request ${id}`,
    request: { method: extra.method ?? 'GET', url, ...(extra.body ? { body: extra.body } : {}), ...(extra.auth ? { auth: extra.auth } : {}), ...(extra.header ? { header: extra.header } : {}) },
    ...(event.length ? { event } : {}),
  };
}

async function run(engine: Engine, p: RunPlan): Promise<{ events: RunEvent[]; result: RunResult }> {
  const events: RunEvent[] = [];
  const result = await engine.run(p, (e) => events.push(e)).done;
  return { events, result };
}

const of = <T extends RunEvent['type']>(events: RunEvent[], type: T) => events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);

describe('Engine: sending with postman-runtime against a local target API', function () {
  this.timeout(30_000);
  let api: TargetApi;
  let engine: Engine;

  before(async () => {
    api = await TargetApi.start();
  });
  after(() => api.close());
  beforeEach(() => {
    api.reset();
    engine = createEngine();
  });

  it('runs collection, folder and request scripts in order, with their tests, console and variables', async () => {
    const collection = {
      info: { name: 'Scripts', schema: SCHEMA },
      event: [{ listen: 'prerequest', script: { exec: ['console.log("collection pre-request")'] } }],
      variable: [{ key: 'path', value: 'echo' }],
      item: [{
        id: 'folder-1', name: 'Folder',
        event: [{ listen: 'prerequest', script: { exec: ['pm.variables.set("fromFolder", "f")'] } }],
        item: [request('r1', `${api.url}/{{path}}?q={{fromFolder}}&e={{envVar}}&g={{globalVar}}`, {
          prerequest: ['pm.environment.set("token", "from-script")', 'console.log("request pre-request", pm.variables.get("fromFolder"))'],
          test: [
            'pm.test("status is 200", () => pm.response.to.have.status(200));',
            'pm.test("wrong query", () => pm.expect(pm.response.json().query.q).to.eql("other"));',
            'pm.collectionVariables.set("path", "changed");',
            'pm.globals.set("count", 2);',
          ],
        })],
      }],
    };
    const { events, result } = await run(engine, plan(collection, {
      entry: 'r1',
      environment: { name: 'Local', values: [{ key: 'envVar', value: 'E' }, { key: 'apiKey', value: 'k', type: 'secret' }] },
      globals: [{ key: 'globalVar', value: 'G' }],
    }));
    const sent = of(events, 'request');
    assert.equal(sent.length, 1);
    assert.equal(sent[0].request.url, `${api.url}/echo?q=f&e=E&g=G`);
    assert.equal(sent[0].response?.code, 200);
    assert.deepEqual(sent[0].item.path, ['Folder']);
    assert.equal(sent[0].item.id, 'r1');
    assert.deepEqual(of(events, 'console').map((c) => c.text), ['collection pre-request', 'request pre-request f']);
    const assertions = of(events, 'assertion').map((a) => a.assertion);
    assert.deepEqual(assertions.map((a) => [a.name, a.passed]), [['status is 200', true], ['wrong query', false]]);
    assert.equal(assertions[1].error?.message, "expected 'f' to deeply equal 'other'");
    assert.equal(assertions[1].error?.expected, 'other');
    assert.equal(assertions[1].error?.actual, 'f');
    assert.deepEqual(result.variables.environment?.map((v) => [v.key, v.value]), [['envVar', 'E'], ['apiKey', 'k'], ['token', 'from-script']]);
    assert.deepEqual(result.variables.collectionVariables.map((v) => [v.key, v.value]), [['path', 'changed']]);
    assert.deepEqual(result.variables.globals.map((v) => [v.key, v.value]), [['globalVar', 'G'], ['count', '2']]);
    assert.equal(result.aborted, false);
    assert.equal(result.error, undefined);
    assert.deepEqual(of(events, 'item-start').map((e) => e.item.id), ['r1']);
    assert.deepEqual(of(events, 'item-end').map((e) => [e.item.id, e.skipped]), [['r1', false]]);
  });

  it("uses the user's current values of collection variables over the collection's own", async () => {
    const collection = { info: { name: 'Vars', schema: SCHEMA }, variable: [{ key: 'v', value: 'initial' }], item: [request('r', `${api.url}/echo?v={{v}}`)] };
    const { events, result } = await run(engine, plan(collection, { collectionVariables: [{ key: 'v', value: 'current' }] }));
    assert.equal(of(events, 'request')[0].request.url, `${api.url}/echo?v=current`);
    assert.deepEqual(result.variables.collectionVariables.map((v) => [v.key, v.value]), [['v', 'current']]);
  });

  it('answers pm.sendRequest from a script, and auth helpers resolve variables', async () => {
    const collection = {
      info: { name: 'Nested', schema: SCHEMA },
      auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{token}}', type: 'string' }] },
      item: [request('r', `${api.url}/bearer`, {
        prerequest: [`pm.sendRequest("${api.url}/json", (err, res) => { pm.environment.set("fetched", String(res.code)); });`],
        test: ['pm.test("authorized", () => pm.response.to.have.status(200));'],
      })],
    };
    const { events, result } = await run(engine, plan(collection, { environment: { name: 'E', values: [{ key: 'token', value: BEARER_TOKEN, type: 'secret' }] } }));
    assert.equal(of(events, 'request')[1].response?.code, 200);
    assert.deepEqual(of(events, 'assertion').map((a) => a.assertion.passed), [true]);
    assert.equal(result.variables.environment?.find((v) => v.key === 'fetched')?.value, '200');
    assert.deepEqual(api.requests.map((r) => r.path), ['/json', '/bearer']);
    // The script's request belongs to the item whose script sent it, marked as nested.
    assert.deepEqual(of(events, 'request').map((e) => [e.item.id, e.nested ?? false, new URL(e.request.url).pathname]), [['r', true, '/json'], ['r', false, '/bearer']]);
    assert.equal(api.requests[1].headers.authorization, `Bearer ${BEARER_TOKEN}`);
  });

  it('keeps cookies between sends of one engine, and forgets them on clearCookies', async () => {
    const collection = { info: { name: 'Cookies', schema: SCHEMA }, item: [request('set', `${api.url}/cookies/set?session=abc`), request('read', `${api.url}/cookies`)] };
    await run(engine, plan(collection, { entry: 'set' }));
    const again = await run(engine, plan(collection, { entry: 'read' }));
    const body = (e: RunEvent[]) => JSON.parse(Buffer.from(of(e, 'request')[0].response?.body ?? []).toString()) as { cookies: Record<string, string> };
    assert.deepEqual(body(again.events).cookies, { session: 'abc' });
    engine.clearCookies();
    const cleared = await run(engine, plan(collection, { entry: 'read' }));
    assert.deepEqual(body(cleared.events).cookies, {});
  });

  it('reports a connection reset, a redirect loop and a request timeout as errors of the request', async () => {
    const collection = {
      info: { name: 'Faults', schema: SCHEMA },
      item: [request('reset', `${api.url}/reset`), request('loop', `${api.url}/redirect-loop`), request('hang', `${api.url}/hang`), request('redirects', `${api.url}/redirect/3`)],
    };
    const errorOf = async (entry: string) => of((await run(engine, plan(collection, { entry, timeouts: { requestMs: 500, scriptMs: 1000 } }))).events, 'request')[0];
    assert.match((await errorOf('reset')).error ?? '', /^The server closed the connection without answering \((read ECONNRESET|socket hang up)\)\.$/);
    assert.match((await errorOf('loop')).error ?? '', /redirect/i);
    const hung = await errorOf('hang');
    assert.match(hung.error ?? '', /^(The server stopped answering|No answer) within the request timeout \(postman\.send\.requestTimeoutSeconds\) \((ESOCKETTIMEDOUT|ETIMEDOUT)\)\.$/);
    assert.equal(hung.response, undefined);
    const redirected = await errorOf('redirects');
    assert.equal(redirected.error, undefined);
    assert.equal(redirected.response?.code, 200);
  });

  it('checks TLS certificates unless strictSSL is off', async () => {
    const collection = { info: { name: 'TLS', schema: SCHEMA }, item: [request('r', `${api.httpsUrl}/json`)] };
    const strict = of((await run(engine, plan(collection))).events, 'request')[0];
    assert.match(strict.error ?? '', /self[- ]signed|DEPTH_ZERO_SELF_SIGNED_CERT|certificate/i);
    const lax = of((await run(engine, plan(collection, { strictSSL: false }))).events, 'request')[0];
    assert.equal(lax.response?.code, 200);
  });

  it('stops a script that loops forever at the script timeout and says so', async () => {
    const collection = { info: { name: 'Loop', schema: SCHEMA }, item: [request('r', `${api.url}/json`, { test: ['while (true) {}'] })] };
    const started = Date.now();
    const { events } = await run(engine, plan(collection, { timeouts: { requestMs: 5000, scriptMs: 500 } }));
    assert.ok(Date.now() - started < 10_000);
    const errors = of(events, 'script-error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].target, 'test');
    assert.match(errors[0].message, /timed? ?out|timeout/i);
  });

  it('reports a script that throws, with its message', async () => {
    const collection = { info: { name: 'Throws', schema: SCHEMA }, item: [request('r', `${api.url}/json`, { prerequest: ['throw new TypeError("bad input")'] })] };
    const errors = of((await run(engine, plan(collection))).events, 'script-error');
    assert.deepEqual(errors.map((e) => [e.target, e.message]), [['prerequest', 'TypeError: bad input']]);
  });

  it('keeps at most maxBodyBytes of a big body and reports its whole size', async () => {
    const collection = { info: { name: 'Big', schema: SCHEMA }, item: [request('r', `${api.url}/big?mb=10`)] };
    const response = of((await run(engine, plan(collection, { maxBodyBytes: 1000 }))).events, 'request')[0].response;
    assert.ok(response);
    assert.equal(response.body.byteLength, 1000);
    assert.equal(response.truncated, true);
    assert.ok(response.size >= 10 * 1024 * 1024 * 0.9, `size ${response.size}`);
  });

  it('aborts a run at once', async () => {
    const collection = { info: { name: 'Slow', schema: SCHEMA }, item: [request('r', `${api.url}/slow?ms=20000`)] };
    const handle = engine.run(plan(collection, { timeouts: { requestMs: 60_000, scriptMs: 1000 } }), () => undefined);
    setTimeout(() => handle.abort(), 300);
    const started = Date.now();
    const result = await handle.done;
    assert.equal(result.aborted, true, JSON.stringify(result));
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });

  it('leaves no script thread and no timer behind when a run is cancelled mid-request', async () => {
    // Each run's scripts live in a worker thread; a cancelled run that kept it (or the
    // runtime's 3-minute run timer) would keep the extension host, and this test process, busy.
    const count = (what: string) => process.getActiveResourcesInfo().filter((r) => r === what).length;
    const resources = () => process.getActiveResourcesInfo().join(', ');
    // The threads of earlier tests' runs end a moment after those runs: start from none.
    await until(() => count('MessagePort') === 0, 5000, resources);
    const before = { ports: count('MessagePort'), timers: count('Timeout') }; // mocha's own timer for this test is set by now
    assert.equal(before.ports, 0, process.getActiveResourcesInfo().join(', '));
    const collection = { info: { name: 'Slow', schema: SCHEMA }, item: [request('r', `${api.url}/slow?ms=20000`, { test: ['pm.test("t", () => {});'] })] };
    const handle = engine.run(plan(collection, { timeouts: { requestMs: 60_000, scriptMs: 1000 } }), () => undefined);
    await until(() => api.pending > 0, 5000, resources);
    assert.ok(count('MessagePort') > 0, 'the run has its script thread while its request is on the wire');
    handle.abort();
    await handle.done;
    await until(() => count('MessagePort') === 0 && count('Timeout') <= before.timers, 5000, resources);
    assert.deepEqual({ ports: count('MessagePort'), timers: count('Timeout') }, before, process.getActiveResourcesInfo().join(', '));
  });

  it('sends nothing when aborted before the runtime started', async () => {
    const collection = { info: { name: 'Never', schema: SCHEMA }, item: [request('r', `${api.url}/json`)] };
    const handle = engine.run(plan(collection), () => undefined);
    handle.abort();
    const result = await handle.done;
    assert.equal(result.aborted, true);
    assert.equal(api.requests.length, 0);
  });

  it('never reads a file of this machine for a form-data body', async () => {
    const collection = {
      info: { name: 'Files', schema: SCHEMA },
      item: [request('r', `${api.url}/form`, { method: 'POST', body: { mode: 'formdata', formdata: [{ key: 'f', type: 'file', src: '/etc/hostname' }, { key: 'field', value: 'x', type: 'text' }] } })],
    };
    await run(engine, plan(collection));
    const form = api.requests.find((r) => r.path === '/form');
    assert.ok(form, 'the request is still sent');
    assert.ok(!form.body.includes(fs.readFileSync('/etc/hostname', 'utf8').trim()), 'the file content was not sent');
  });

  it('runs a whole collection with data iterations when no entry is named', async () => {
    const collection = { info: { name: 'Data', schema: SCHEMA }, item: [request('a', `${api.url}/echo?n={{n}}`), request('b', `${api.url}/echo?n={{n}}b`)] };
    const { events } = await run(engine, plan(collection, { data: [{ n: '1' }, { n: '2' }, { n: '3' }] }));
    assert.deepEqual(of(events, 'request').map((e) => [e.item.iteration, new URL(e.request.url).search]), [
      [0, '?n=1'], [0, '?n=1b'], [1, '?n=2'], [1, '?n=2b'], [2, '?n=3'], [2, '?n=3b'],
    ]);
  });
});
