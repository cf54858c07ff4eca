import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { HttpTransport, PostmanClient, PostmanError, userMessage } from '../../../src/postman';
import { SAMPLE_API_KEY } from '../../fixtures/sampleData';
import { collectionBody, meBody, workspaceDetailBody } from '../arbitraries';
import { saw, scenario } from '../report';

/**
 * The whole client over real HTTP meets generated answers (any status, content type,
 * Retry-After, and bodies from valid to truncated, HTML or binary): each call gives a result
 * or a typed PostmanError whose message names no header and no key.
 */
const RUNS = Math.ceil((Number(process.env.POSTMAN_PROPERTY_RUNS) || 2000) / 2);

interface Answer {
  status: number;
  contentType: string;
  retryAfter: string | undefined;
  body: Buffer;
}

const text = (s: string) => Buffer.from(s, 'utf8');

const bodyArb: fc.Arbitrary<Buffer> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => text(JSON.stringify(v))),
  fc.oneof(meBody, workspaceDetailBody, collectionBody).map((v) => text(JSON.stringify(v) ?? '')),
  fc.oneof(meBody, collectionBody).chain((v) => {
    const json = JSON.stringify(v) ?? '{}';
    return fc.nat({ max: json.length }).map((cut) => text(json.slice(0, cut)));
  }),
  fc.constantFrom(
    '<!DOCTYPE html><html><body>Blocked by the corporate proxy</body></html>',
    '',
    ' ',
    'null',
    '"just a string"',
    '{"error":{"name":"serviceLimitExhausted","message":"quota"}}',
    '{"error":{"name":"rateLimited","message":"slow down"}}',
    '{"type":"https://api.postman.com/problems/unauthorized","title":"Unauthorized","status":401}',
    `{"error":{"name":"x","message":"echo X-Api-Key: ${SAMPLE_API_KEY}"}}`,
  ).map(text),
  fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
);

const answerArb: fc.Arbitrary<Answer> = fc.record({
  status: fc.oneof(fc.constantFrom(200, 201, 202, 204, 301, 302, 400, 401, 403, 404, 409, 413, 429, 500, 502, 503, 504), fc.integer({ min: 200, max: 599 })),
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/problem+json', 'text/html', 'text/plain', ''),
  retryAfter: fc.option(fc.constantFrom('0', '1', '30', '-5', 'abc', '1e400', 'Wed, 21 Oct 2015 07:28:00 GMT', ''), { nil: undefined }),
  body: bodyArb,
});

describe('property: the client over HTTP never crashes on what a server or proxy answers', function () {
  this.timeout(120_000);
  let server: http.Server;
  let next: Answer | undefined;
  let client: PostmanClient;
  const lines: string[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const a = next;
        if (!a) {
          res.writeHead(500).end();
          return;
        }
        const headers: Record<string, string> = {};
        if (a.contentType) {
          headers['Content-Type'] = a.contentType;
        }
        if (a.retryAfter !== undefined) {
          headers['Retry-After'] = a.retryAfter;
        }
        if (a.status >= 300 && a.status < 400) {
          headers.Location = 'http://127.0.0.1:1/elsewhere';
        }
        res.writeHead(a.status, headers);
        res.end(a.status === 204 || a.status === 304 ? undefined : a.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const push = (m: string) => void lines.push(m);
    const transport = new HttpTransport(() => ({ baseUrl, timeoutMs: 5000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }), { debug: push, info: push, warn: push, error: push }, undefined, {
      pacer: false,
    });
    client = new PostmanClient(transport);
  });

  after(() => new Promise<void>((r) => server.close(() => r())));

  scenario('node', 'parsers', `${RUNS} generated HTTP answers (status, content type, Retry-After, body) through the whole client`, async () => {
    const kinds = new Map<string, number>();
    const calls = [() => client.getMe(), () => client.getWorkspace('w'), () => client.getCollection('1-c'), () => client.listWorkspaces(), () => client.getEnvironment('1-e')];
    await fc.assert(
      fc.asyncProperty(answerArb, fc.nat({ max: calls.length - 1 }), async (answer, which) => {
        next = answer;
        try {
          await calls[which]();
          kinds.set('ok', (kinds.get('ok') ?? 0) + 1);
        } catch (err) {
          assert.ok(err instanceof PostmanError, `status ${answer.status}: not a typed error: ${String(err)}`);
          const shown = userMessage(err);
          assert.ok(!shown.includes(SAMPLE_API_KEY), shown);
          assert.ok(!/x-api-key\s*:\s*\S/i.test(shown.replace(/\[redacted\]/g, '')), shown);
          assert.ok(err.retryAfterSeconds === undefined || (Number.isFinite(err.retryAfterSeconds) && err.retryAfterSeconds >= 0), `retryAfter ${err.retryAfterSeconds}`);
          kinds.set(err.kind, (kinds.get(err.kind) ?? 0) + 1);
        }
      }),
      { numRuns: RUNS },
    );
    assert.ok(!lines.join('\n').includes(SAMPLE_API_KEY), 'the log never has the key');
    saw(`0 crashes; ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  });
});
