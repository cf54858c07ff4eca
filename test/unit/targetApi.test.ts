import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as https from 'node:https';
import { TargetApi } from '../fixtures/targetApi';
import { until } from './assertions';

/**
 * The local target API that "send a request" tests aim at: every route answers what it
 * promises over HTTP and HTTPS, the record shows what arrived, and close() never waits on a
 * client (hanging, slow, streaming or keep-alive).
 */

// Response bodies are probed field by field; the assertions are the type checks.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function json(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}

interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  authorized: boolean;
}

function httpsGet(url: string, options: https.RequestOptions = { rejectUnauthorized: false }): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { ...options, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: Buffer.concat(chunks),
        authorized: (res.socket as import('node:tls').TLSSocket).authorized,
      }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('TargetApi (the local target API for sending requests)', () => {
  let api: TargetApi;
  before(async () => {
    api = await TargetApi.start();
  });
  after(() => api.close());
  beforeEach(() => api.reset());

  it('listens on 127.0.0.1 for HTTP and HTTPS, on two ports', () => {
    assert.match(api.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(api.httpsUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(new URL(api.url).port, new URL(api.httpsUrl).port);
  });

  describe('/echo and the record', () => {
    it('echoes method, path, query, headers and a JSON body, and records the request', async () => {
      const res = await fetch(`${api.url}/echo?a=1&a=2&b=x%20y`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'X-Custom': 'Value' },
        body: JSON.stringify({ hello: ['world'] }),
      });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const body = await json(res);
      assert.equal(body.method, 'PUT');
      assert.equal(body.path, '/echo?a=1&a=2&b=x%20y');
      assert.deepEqual(body.query, { a: ['1', '2'], b: 'x y' });
      assert.equal(body.headers['x-custom'], 'Value');
      assert.equal(body.body, '{"hello":["world"]}');
      assert.deepEqual(body.json, { hello: ['world'] });

      assert.equal(api.requests.length, 1);
      const [r] = api.requests;
      assert.equal(r.method, 'PUT');
      assert.equal(r.path, '/echo?a=1&a=2&b=x%20y');
      assert.equal(r.headers['x-custom'], 'Value');
      assert.equal(r.headers['content-type'], 'application/json');
      assert.equal(r.body, '{"hello":["world"]}');
      assert.equal(r.secure, false);
      assert.ok(Object.keys(r.headers).every((k) => k === k.toLowerCase()), 'header names are lower-case');
    });

    it('takes any method; a text body is not parsed as JSON; reset() clears the record', async () => {
      for (const method of ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS']) {
        const body = method === 'GET' ? undefined : 'plain words';
        const res = await fetch(`${api.url}/echo`, { method, body, headers: { 'Content-Type': 'text/plain' } });
        const echoed = await json(res);
        assert.equal(echoed.method, method);
        assert.equal(echoed.body, body ?? '');
        assert.equal('json' in echoed, false);
      }
      const head = await fetch(`${api.url}/echo`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(await head.text(), '');
      assert.deepEqual(api.requests.map((r) => r.method), ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']);
      api.reset();
      assert.deepEqual(api.requests, []);
    });

    it('keeps a binary body byte for byte in rawBody', async () => {
      const bytes = crypto.randomBytes(300);
      await (await fetch(`${api.url}/echo`, { method: 'POST', body: bytes, headers: { 'Content-Type': 'application/octet-stream' } })).arrayBuffer();
      assert.deepEqual(api.requests[0].rawBody, bytes);
    });
  });

  describe('content types', () => {
    it('/json: an object with a nested array', async () => {
      const res = await fetch(`${api.url}/json`);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const body = await json(res);
      assert.ok(Array.isArray(body.items) && body.items.length > 0);
      assert.ok(Array.isArray(body.items[1].tags));
    });

    it('/xml, /html and /text', async () => {
      const xml = await fetch(`${api.url}/xml`);
      assert.match(xml.headers.get('content-type') ?? '', /^application\/xml/);
      assert.match(await xml.text(), /^<\?xml /);
      const html = await fetch(`${api.url}/html`);
      assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await html.text(), /^<!DOCTYPE html>/);
      const text = await fetch(`${api.url}/text`);
      assert.match(text.headers.get('content-type') ?? '', /^text\/plain/);
      assert.match(await text.text(), /^Hello/);
    });

    it('/binary: a PNG of about 2 KB, starting with the PNG signature', async () => {
      const res = await fetch(`${api.url}/binary`);
      assert.equal(res.headers.get('content-type'), 'image/png');
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      assert.equal(bytes.subarray(12, 16).toString('ascii'), 'IHDR');
      assert.equal(bytes.subarray(-8, -4).toString('ascii'), 'IEND');
      assert.ok(bytes.length > 1500 && bytes.length < 3000, `${bytes.length} bytes`);
      assert.equal(Number(res.headers.get('content-length')), bytes.length);
    });

    it('/big?mb=2: about 2 MB of valid JSON, streamed', async () => {
      const res = await fetch(`${api.url}/big?mb=2`);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(res.headers.get('transfer-encoding'), 'chunked');
      const text = await res.text();
      const mb = Buffer.byteLength(text) / 1024 / 1024;
      assert.ok(mb > 1.9 && mb < 2.1, `${mb} MB`);
      const body = JSON.parse(text) as Json;
      assert.ok(body.items.length > 1000);
    });
  });

  describe('statuses and failures', () => {
    it('/status/:code answers that status with a small JSON body', async () => {
      for (const code of [200, 201, 400, 404, 418, 503]) {
        const res = await fetch(`${api.url}/status/${code}`, { method: 'POST' });
        assert.equal(res.status, code);
        assert.equal((await json(res)).status, code);
      }
      const empty = await fetch(`${api.url}/status/204`);
      assert.equal(empty.status, 204);
      assert.equal(await empty.text(), '');
    });

    it('/error: 500 with a JSON body; an unknown path: 404', async () => {
      const res = await fetch(`${api.url}/error`);
      assert.equal(res.status, 500);
      assert.equal(typeof (await json(res)).message, 'string');
      assert.equal((await fetch(`${api.url}/nowhere`)).status, 404);
    });

    it('/slow?ms=N waits about N ms', async () => {
      const t0 = Date.now();
      const res = await fetch(`${api.url}/slow?ms=150`);
      assert.equal(res.status, 200);
      assert.deepEqual(await json(res), { waitedMs: 150 });
      assert.ok(Date.now() - t0 >= 140, `${Date.now() - t0} ms`);
    });

    it('/slow stops waiting when the client goes away', async () => {
      const abort = new AbortController();
      const pending = fetch(`${api.url}/slow?ms=10000`, { signal: abort.signal });
      await until(() => api.requests.length === 1);
      assert.equal(api.pending, 1);
      abort.abort();
      await assert.rejects(pending, { name: 'AbortError' });
      await until(() => api.pending === 0);
    });

    it('/reset drops the connection without an answer', async () => {
      await assert.rejects(fetch(`${api.url}/reset`), (e: Error) => {
        const cause = (e as Error & { cause?: { code?: string } }).cause;
        assert.equal(e.name, 'TypeError');
        assert.equal(cause?.code, 'ECONNRESET');
        return true;
      });
      assert.equal(api.requests[0].path, '/reset');
    });

    it('/hang never answers, and close() returns within 1 s while it is pending', async () => {
      const own = await TargetApi.start();
      const hanging = fetch(`${own.url}/hang`).then(() => 'answered', () => 'failed');
      const slow = fetch(`${own.url}/slow?ms=60000`).then(() => 'answered', () => 'failed');
      const streaming = fetch(`${own.url}/big?mb=500`); // its body is never read: backpressure
      const secure = httpsGet(`${own.httpsUrl}/hang`).then(() => 'answered', () => 'failed');
      await until(() => own.requests.length === 4);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(own.pending, 4);
      const t0 = Date.now();
      await own.close();
      const took = Date.now() - t0;
      assert.ok(took < 1000, `close() took ${took} ms`);
      assert.equal(await hanging, 'failed');
      assert.equal(await slow, 'failed');
      assert.equal(await secure, 'failed');
      await assert.rejects((await streaming).text());
      assert.equal(own.pending, 0);
      await own.close(); // twice is fine
    });
  });

  describe('redirects', () => {
    it('/redirect/3: three 302s, then /echo', async () => {
      const first = await fetch(`${api.url}/redirect/3`, { redirect: 'manual' });
      assert.equal(first.status, 302);
      assert.equal(first.headers.get('location'), '/redirect/2');
      api.reset();
      const res = await fetch(`${api.url}/redirect/3`);
      assert.equal(res.status, 200);
      assert.equal(new URL(res.url).pathname, '/echo');
      assert.ok(res.redirected);
      assert.deepEqual(api.requests.map((r) => r.path), ['/redirect/3', '/redirect/2', '/redirect/1', '/echo']);
    });

    it('/redirect-loop redirects to itself forever', async () => {
      const res = await fetch(`${api.url}/redirect-loop`, { redirect: 'manual' });
      assert.equal(res.status, 302);
      assert.equal(res.headers.get('location'), '/redirect-loop');
      await assert.rejects(fetch(`${api.url}/redirect-loop`), TypeError);
      assert.ok(api.requests.length > 10);
    });

    it('/redirect-to?url= redirects anywhere (here: to the HTTPS side)', async () => {
      const target = `${api.httpsUrl}/json`;
      const res = await fetch(`${api.url}/redirect-to?url=${encodeURIComponent(target)}`, { redirect: 'manual' });
      assert.equal(res.status, 302);
      assert.equal(res.headers.get('location'), target);
      const other = await fetch(`${api.url}/redirect-to?status=307&url=/echo`, { redirect: 'manual' });
      assert.equal(other.status, 307);
    });
  });

  describe('cookies and auth', () => {
    it('/cookies/set sets cookies; /cookies shows those received', async () => {
      const set = await fetch(`${api.url}/cookies/set?session=abc&theme=dark%20mode`, { headers: { Cookie: 'old=1' } });
      assert.deepEqual(set.headers.getSetCookie(), ['session=abc; Path=/', 'theme=dark%20mode; Path=/']);
      assert.deepEqual(await json(set), { cookies: { old: '1' }, set: { session: 'abc', theme: 'dark mode' } });
      const got = await fetch(`${api.url}/cookies`, { headers: { Cookie: 'session=abc; theme=dark%20mode' } });
      assert.deepEqual(await json(got), { cookies: { session: 'abc', theme: 'dark mode' } });
      assert.deepEqual(await json(await fetch(`${api.url}/cookies`)), { cookies: {} });
    });

    it('/basic-auth: 401 with a challenge unless user:pass', async () => {
      const none = await fetch(`${api.url}/basic-auth`);
      assert.equal(none.status, 401);
      assert.match(none.headers.get('www-authenticate') ?? '', /^Basic realm=/);
      const basic = (s: string) => ({ Authorization: `Basic ${Buffer.from(s).toString('base64')}` });
      assert.equal((await fetch(`${api.url}/basic-auth`, { headers: basic('user:wrong') })).status, 401);
      const ok = await fetch(`${api.url}/basic-auth`, { headers: basic('user:pass') });
      assert.equal(ok.status, 200);
      assert.deepEqual(await json(ok), { authenticated: true, user: 'user' });
    });

    it('/bearer: 401 unless "Bearer secret-token"', async () => {
      assert.equal((await fetch(`${api.url}/bearer`)).status, 401);
      assert.equal((await fetch(`${api.url}/bearer`, { headers: { Authorization: 'Bearer other' } })).status, 401);
      const ok = await fetch(`${api.url}/bearer`, { headers: { Authorization: 'Bearer secret-token' } });
      assert.equal(ok.status, 200);
      assert.equal((await json(ok)).authenticated, true);
    });

    it('/headers answers the request headers, lower-case', async () => {
      const res = await fetch(`${api.url}/headers`, { headers: { 'X-One': '1', 'X-Two': 'two' } });
      const { headers } = await json(res);
      assert.equal(headers['x-one'], '1');
      assert.equal(headers['x-two'], 'two');
      assert.match(headers.host, /^127\.0\.0\.1:\d+$/);
    });
  });

  describe('/form', () => {
    it('reads an urlencoded body', async () => {
      const res = await fetch(`${api.url}/form`, { method: 'POST', body: new URLSearchParams({ name: 'Ada Lovelace', lang: 'en' }) });
      assert.deepEqual(await json(res), { type: 'urlencoded', fields: { name: 'Ada Lovelace', lang: 'en' }, files: [] });
    });

    it('reads multipart/form-data: field names and values, file names and sizes', async () => {
      const form = new FormData();
      form.append('title', 'Hello');
      form.append('note', 'two\r\nlines');
      const bytes = crypto.randomBytes(1234);
      form.append('upload', new Blob([bytes], { type: 'application/octet-stream' }), 'data.bin');
      form.append('readme', new Blob(['text file'], { type: 'text/plain' }), 'readme.txt');
      const res = await fetch(`${api.url}/form`, { method: 'POST', body: form });
      assert.deepEqual(await json(res), {
        type: 'multipart',
        fields: { title: 'Hello', note: 'two\r\nlines' },
        files: [
          { field: 'upload', filename: 'data.bin', contentType: 'application/octet-stream', size: 1234 },
          { field: 'readme', filename: 'readme.txt', contentType: 'text/plain', size: 9 },
        ],
      });
      assert.match(api.requests[0].headers['content-type'], /^multipart\/form-data; boundary=/);
    });

    it('refuses another content type with 415', async () => {
      assert.equal((await fetch(`${api.url}/form`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } })).status, 415);
    });
  });

  describe('HTTPS', () => {
    it('serves the same routes over TLS with a self-signed certificate, and records them as secure', async () => {
      const res = await httpsGet(`${api.httpsUrl}/json`);
      assert.equal(res.status, 200);
      assert.ok(Array.isArray((JSON.parse(res.body.toString()) as Json).items));
      assert.equal(res.authorized, false, 'self-signed: not trusted by default');
      const echo = await httpsGet(`${api.httpsUrl}/echo?x=1`);
      assert.equal((JSON.parse(echo.body.toString()) as Json).path, '/echo?x=1');
      assert.deepEqual(api.requests.map((r) => [r.path, r.secure]), [['/json', true], ['/echo?x=1', true]]);
    });

    it('is refused when verification is on, and trusted with its certificate as the CA (for 127.0.0.1 and localhost)', async () => {
      await assert.rejects(httpsGet(`${api.httpsUrl}/text`, {}), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
      const trusted = await httpsGet(`${api.httpsUrl}/text`, { ca: api.certificate });
      assert.equal(trusted.status, 200);
      assert.equal(trusted.authorized, true);
      const byName = await httpsGet(`${api.httpsUrl}/text`, { ca: api.certificate, servername: 'localhost' });
      assert.equal(byName.authorized, true);
      const x509 = new crypto.X509Certificate(api.certificate);
      assert.match(x509.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
      assert.ok(new Date(x509.validTo).getTime() > Date.now() + 300 * 24 * 3600 * 1000);
    });

    it('/reset and /status work over TLS too', async () => {
      assert.equal((await httpsGet(`${api.httpsUrl}/status/404`)).status, 404);
      await assert.rejects(httpsGet(`${api.httpsUrl}/reset`));
    });
  });

  it('each start() has its own certificate and ports', async () => {
    const other = await TargetApi.start({ https: true });
    try {
      assert.notEqual(other.url, api.url);
      assert.notEqual(other.certificate, api.certificate);
    } finally {
      await other.close();
    }
  });
});
