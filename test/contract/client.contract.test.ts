import * as assert from 'node:assert/strict';
import { HttpTransport, PostmanClient, PostmanError, userMessage } from '../../src/postman';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';
import { saw, scenario } from '../reliability/report';
import { ENDPOINTS, expectedKind, serverWords, useSpecBodies } from './endpoints';
import { ContractProxy, type Exchange, type Prism, startPrism } from './prism';
import { examples } from './spec';

/**
 * The client (src/postman) against Prism serving Postman's own OpenAPI description: every
 * named example response of every endpoint the extension uses is parsed into the right
 * result or the right typed error, and every request the client sends passes Prism's
 * request validation (no `sl-violations`).
 */
describe('contract: the Postman client against Postman’s OpenAPI description (Prism)', function () {
  this.timeout(120_000);
  let prism: Prism;
  let proxy: ContractProxy;
  let client: PostmanClient;
  const lines: string[] = [];
  const log = { debug: (m: string) => void lines.push(m), info: (m: string) => void lines.push(m), warn: (m: string) => void lines.push(m), error: (m: string) => void lines.push(m) };

  before(async () => {
    prism = await startPrism();
    proxy = new ContractProxy(prism.url);
    const baseUrl = await proxy.start();
    // Unpaced: each example is one answer to read, not a rate limit to ride out.
    const http = new HttpTransport(() => ({ baseUrl, timeoutMs: 15_000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }), log, undefined, { pacer: false });
    client = new PostmanClient(http);
    useSpecBodies(examples('GET', '/collections/{collectionId}')[0], examples('GET', '/environments/{environmentId}')[0]);
  });

  after(async () => {
    await proxy?.stop();
    await prism?.stop();
  });

  /** The request passed validation, carried the key in its header and nowhere else. */
  function assertValidRequests(exchanges: Exchange[]): void {
    assert.ok(exchanges.length > 0, 'the client sent a request');
    for (const x of exchanges) {
      assert.equal(x.violations, undefined, `${x.method} ${x.url} failed Prism's request validation: ${JSON.stringify(x.violations)}`);
      assert.ok(x.headerNames.includes('x-api-key'), 'the key goes in the X-Api-Key header');
      assert.ok(!x.url.includes(SAMPLE_API_KEY), 'never in the URL');
    }
  }

  for (const ep of ENDPOINTS) {
    const name = `${ep.method} ${ep.template}`;
    describe(name, () => {
      const all = examples(ep.method, ep.template);
      before(function () {
        if (!ep.available(PostmanClient.prototype)) {
          this.skip();
        }
      });

      it('sends a request that passes Prism’s validation, and reads the default answer', async () => {
        const { error, exchanges } = await proxy.with(undefined, () => ep.call(client));
        assertValidRequests(exchanges);
        assert.ok(exchanges.every((x) => x.status < 300), `status ${exchanges.map((x) => x.status).join(', ')}`);
        assert.equal(error, undefined, String(error));
      });

      for (const ex of all) {
        scenario('node', ep.journey, `spec example: ${name} — ${ex.code} ${ex.name}`, async () => {
          const { result, error, exchanges } = await proxy.with({ code: ex.code, example: ex.name }, () => ep.call(client));
          assertValidRequests(exchanges);
          assert.ok(exchanges.every((x) => x.status === ex.code), `Prism answered ${exchanges.map((x) => x.status).join(', ')}`);
          if (ex.code < 300) {
            const why = ep.notForThisClient?.(ex);
            if (why) {
              assert.ok(error instanceof PostmanError && error.kind === 'badResponse', `expected badResponse, got ${String(error)}`);
              saw(`badResponse, right: ${why}`);
              return;
            }
            assert.equal(error, undefined, `the client failed on a valid answer: ${String(error)}`);
            ep.check(result, ex);
            saw('parsed, matches the example');
            return;
          }
          assert.ok(error instanceof PostmanError, `expected a typed PostmanError, got ${String(error)}`);
          assert.equal(error.kind, expectedKind(ex), `${error.kind}: ${error.message}`);
          assert.equal(error.status, ex.code);
          const words = serverWords(ex);
          if (words && ['forbidden', 'notFound', 'badRequest'].includes(error.kind)) {
            assert.ok(error.message.includes(words), `the message carries Postman's words "${words}": ${error.message}`);
          }
          const shown = userMessage(error);
          assert.ok(!/x-api-key|authorization|user-agent/i.test(shown), shown);
          assert.ok(!shown.includes(SAMPLE_API_KEY));
          saw(`${error.kind}: ${shown}`);
        });
      }
    });
  }

  it('refuses to send anything without a credential (Prism would answer 401 problem+json)', async () => {
    const http = new HttpTransport(() => ({ baseUrl: prism.url, timeoutMs: 5000 }), async () => undefined, log, undefined, { pacer: false });
    await assert.rejects(new PostmanClient(http).getMe(), (e: unknown) => e instanceof PostmanError && e.kind === 'notSignedIn');
  });

  it('Prism itself answers a request without a key with a problem+json 401, the shape the 401 examples test', async () => {
    const res = await fetch(`${prism.url}/me`);
    assert.equal(res.status, 401);
    assert.match(String(res.headers.get('content-type')), /application\/problem\+json/);
    assert.equal(((await res.json()) as { status?: unknown }).status, 401);
  });

  // Last: mocha runs a suite's own tests before its nested suites.
  describe('afterwards', () => it('never logged the key or a request header', () => {
    const text = lines.join('\n');
    assert.ok(lines.length > 0);
    assert.ok(!text.includes(SAMPLE_API_KEY));
    assert.ok(!/x-api-key|authorization:/i.test(text), text.split('\n').find((l) => /x-api-key|authorization:/i.test(l)));
  }));
});
