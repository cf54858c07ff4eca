import * as assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isOAuthError, type OAuthError } from '../../src/auth/oauth/errors';
import { TokenEndpoint, tokenSet } from '../../src/auth/oauth/tokenEndpoint';
import { memoryLog } from './assertions';

/**
 * The token and revocation endpoints as the authorization server sees them: the form that
 * arrives (grant, code, verifier, client authentication), and what each answer becomes.
 */
interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
  form: Record<string, string>;
}

async function failure(promise: Promise<unknown>): Promise<OAuthError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(isOAuthError(err), `expected an OAuthError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a failure');
}

describe('OAuth token endpoint on the wire', () => {
  const seen: Seen[] = [];
  let reply: { status: number; body: string; type?: string; delayMs?: number } = { status: 200, body: '' };
  let base = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers, form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) });
      setTimeout(() => res.writeHead(reply.status, { 'Content-Type': reply.type ?? 'application/json' }).end(reply.body), reply.delayMs ?? 0);
    });
  });
  const ok = (body: object) => (reply = { status: 200, body: JSON.stringify(body) });
  let log: ReturnType<typeof memoryLog>;
  const now = 1_000_000;
  let endpoint: TokenEndpoint;
  const publicClient = () => ({ tokenUrl: `${base}/token`, clientId: 'vscode ext' });
  const confidential = () => ({ tokenUrl: `${base}/token`, clientId: 'ci bot:1', clientSecret: 'p@ss word+/=' });

  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  }));
  beforeEach(() => {
    seen.length = 0;
    log = memoryLog();
    endpoint = new TokenEndpoint(log, { timeoutMs: 2000, now: () => now, userAgent: 'test-agent' });
    ok({ access_token: 'at-1', token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt-2', scope: 'read' });
  });

  it('exchanges a code with the verifier and the same redirect URI; a public client names itself in the form', async () => {
    const tokens = await endpoint.exchangeCode(publicClient(), { code: 'the-code', redirectUri: 'vscode://x/cb?a=1', verifier: 'v'.repeat(43) });
    assert.deepEqual(tokens, { accessToken: 'at-1', refreshToken: 'rt-2', scope: 'read', obtainedAt: 1_000_000, expiresAt: 1_000_000 + 3_600_000 });
    const [req] = seen;
    assert.equal(req.path, '/token');
    assert.deepEqual(req.form, { grant_type: 'authorization_code', code: 'the-code', redirect_uri: 'vscode://x/cb?a=1', code_verifier: 'v'.repeat(43), client_id: 'vscode ext' });
    assert.equal(req.headers.authorization, undefined);
    assert.equal(req.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(req.headers.accept, 'application/json');
    assert.equal(req.headers['user-agent'], 'test-agent');
  });

  it('authenticates a confidential client with HTTP Basic, each part form-encoded, and no client_id in the form', async () => {
    await endpoint.refresh(confidential(), 'rt-1');
    const [req] = seen;
    assert.deepEqual(req.form, { grant_type: 'refresh_token', refresh_token: 'rt-1' });
    const basic = Buffer.from(String(req.headers.authorization).replace(/^Basic /, ''), 'base64').toString('utf8');
    assert.equal(basic, 'ci+bot%3A1:p%40ss+word%2B%2F%3D');
  });

  it('asks for client credentials with the scopes, and only with a secret', async () => {
    await endpoint.clientCredentials(confidential(), ['a', 'b']);
    await endpoint.clientCredentials(confidential(), []);
    assert.deepEqual(seen.map((s) => s.form), [{ grant_type: 'client_credentials', scope: 'a b' }, { grant_type: 'client_credentials' }]);
    const err = await failure(endpoint.clientCredentials(publicClient(), ['a']));
    assert.equal(err.kind, 'config');
    assert.equal(err.message, 'The client credentials grant needs the secret of OAuth client "vscode ext": run "Postman: Set OAuth Client Secret".');
    assert.equal(seen.length, 2);
  });

  it('keeps the old refresh token when the server does not send a new one', async () => {
    ok({ access_token: 'at-9', token_type: 'bearer' });
    assert.deepEqual(await endpoint.refresh(publicClient(), 'rt-old'), { accessToken: 'at-9', obtainedAt: 1_000_000, refreshToken: 'rt-old' });
  });

  it('revokes with the token and its hint, at the revocation URL', async () => {
    reply = { status: 200, body: '' };
    await endpoint.revoke({ ...publicClient(), revocationUrl: `${base}/revoke` }, 'tok', 'refresh_token');
    assert.deepEqual(seen.map((s) => [s.path, s.form]), [['/revoke', { token: 'tok', token_type_hint: 'refresh_token', client_id: 'vscode ext' }]]);
    reply = { status: 503, body: '' };
    assert.equal((await failure(endpoint.revoke({ ...publicClient(), revocationUrl: `${base}/revoke` }, 'tok', 'access_token'))).kind, 'server');
    reply = { status: 400, body: JSON.stringify({ error: 'unsupported_token_type' }) };
    assert.equal((await failure(endpoint.revoke({ ...publicClient(), revocationUrl: `${base}/revoke` }, 'tok', 'access_token'))).code, 'unsupported_token_type');
  });

  it('turns each error answer into its kind, with the server\'s words, redacted and shortened', async () => {
    const cases: [number, string, string, string | undefined, string][] = [
      [400, JSON.stringify({ error: 'invalid_grant', error_description: 'Grant expired' }), 'rejected', 'invalid_grant', 'Grant expired. The code or refresh token may have expired, been used already or been revoked.'],
      [400, JSON.stringify({ error: 'invalid_grant', error_description: 'Grant expired.' }), 'rejected', 'invalid_grant', 'Grant expired. The code or refresh token may have expired, been used already or been revoked.'],
      [400, JSON.stringify({ error: 'invalid_scope' }), 'rejected', 'invalid_scope', 'invalid_scope.'],
      [400, JSON.stringify({ error: 'invalid_request', error_description: 'Why?' }), 'rejected', 'invalid_request', 'Why?'],
      [401, JSON.stringify({ error: 'invalid_client', error_description: 'Unknown client' }), 'client', 'invalid_client', 'Unknown client'],
      [400, JSON.stringify({ error: 'unauthorized_client' }), 'client', 'unauthorized_client', 'the client id or secret was not accepted.'],
      [401, '', 'client', undefined, 'the client was not authenticated (401).'],
      [500, JSON.stringify({ error: 'server_error', error_description: 'Boom' }), 'server', 'server_error', 'Boom'],
      [503, '<html>down</html>', 'server', undefined, 'the server answered 503'],
      [302, '', 'badResponse', undefined, 'the endpoint redirected (302); redirects are not followed'],
      [404, 'not found', 'badResponse', undefined, 'the endpoint answered 404 without an OAuth error'],
      [400, '[]', 'badResponse', undefined, 'the endpoint answered 400 without an OAuth error'],
      [400, JSON.stringify({ error: 7 }), 'badResponse', undefined, 'the endpoint answered 400 without an OAuth error'],
      [400, JSON.stringify({ error: 'x'.repeat(100), error_description: 'd'.repeat(400) }), 'rejected', 'x'.repeat(60), `${'d'.repeat(300)}.`],
      [400, JSON.stringify({ error: 'invalid_request', error_description: 'bad refresh rt-secret-1 given' }), 'rejected', 'invalid_request', 'bad refresh [redacted] given.'],
    ];
    for (const [status, body, kind, code, message] of cases) {
      reply = { status, body };
      const err = await failure(endpoint.refresh(publicClient(), 'rt-secret-1'));
      assert.deepEqual([err.kind, err.code, err.status, err.message], [kind, code, status, message], `${status} ${body.slice(0, 40)}`);
    }
  });

  it('names what came instead of a token', async () => {
    const cases: [string, string | undefined, string][] = [
      ['<html>proxy</html>', 'text/html', 'the token endpoint answered 200 with an HTML page instead of JSON'],
      ['  <p>x</p>', 'text/plain', 'the token endpoint answered 200 with an HTML page instead of JSON'],
      ['', 'application/json', 'the token endpoint answered 200 with an empty body instead of JSON'],
      ['  ', 'application/json', 'the token endpoint answered 200 with an empty body instead of JSON'],
      ['{"access', 'application/json', 'the token endpoint answered 200 with malformed JSON instead of JSON'],
      ['{"token_type":"Bearer"}', undefined, 'the token response has no access_token'],
      ['{"access_token":"","token_type":"Bearer"}', undefined, 'the token response has no access_token'],
      ['{"access_token":"a"}', undefined, 'the token type is missing; only "Bearer" tokens are supported'],
      ['{"access_token":"a","token_type":"DPoP-and-then-some-more-text"}', undefined, 'the token type is "DPoP-and-then-some-m"; only "Bearer" tokens are supported'],
      ['null', undefined, 'the token response has no access_token'],
    ];
    for (const [body, type, message] of cases) {
      reply = { status: 200, body, ...(type ? { type } : {}) };
      const err = await failure(endpoint.refresh(publicClient(), 'rt'));
      assert.deepEqual([err.kind, err.message], ['badResponse', message], body);
    }
  });

  it('logs endpoint, grant, status and time; never the code, token, verifier or secret', async () => {
    let t = 0;
    const timed = new TokenEndpoint(log, { now: () => (t += 7) });
    await timed.exchangeCode(confidential(), { code: 'code-secret-1', redirectUri: 'vscode://x', verifier: 'verifier-secret-1' });
    reply = { status: 400, body: JSON.stringify({ error: 'invalid_grant' }) };
    await failure(timed.refresh(publicClient(), 'refresh-secret-1'));
    assert.deepEqual(log.lines, [
      `OAuth token (authorization_code): POST ${base.replace('http://', '')}/token 200 7 ms`,
      `OAuth token (refresh_token): POST ${base.replace('http://', '')}/token 400 7 ms`,
    ]);
  });

  it('names the host it could not reach, and the time it waited', async () => {
    const dead = new TokenEndpoint(log, { timeoutMs: 2000, now: () => 0 });
    const refused = await failure(dead.refresh({ tokenUrl: 'http://127.0.0.1:9/token', clientId: 'c', clientSecret: 'client-secret-9' }, 'rt-secret-9'));
    assert.deepEqual([refused.kind, refused.message], ['network', '127.0.0.1:9: connection refused']);
    assert.deepEqual(log.lines, ['OAuth token (refresh_token): POST 127.0.0.1:9/token failed after 0 ms: 127.0.0.1:9: connection refused']);
    reply = { status: 200, body: '{}', delayMs: 1500 };
    const slow = new TokenEndpoint(log, { timeoutMs: 600 });
    const late = await failure(slow.refresh(publicClient(), 'rt'));
    assert.deepEqual([late.kind, late.message], ['timeout', `no answer from ${base.replace('http://', '')} within 1 s`]);
  });

  it('sends its own user agent by default, and logs a revocation by its hint', async () => {
    const plain = new TokenEndpoint(log, { now: () => 0 });
    reply = { status: 200, body: '' };
    await plain.revoke({ ...publicClient(), revocationUrl: `${base}/revoke` }, 'tok', 'access_token');
    assert.equal(seen[0].headers['user-agent'], 'postman-workspaces-vscode');
    assert.deepEqual(log.lines, [`OAuth revocation (access_token): POST ${base.replace('http://', '')}/revoke 200 0 ms`]);
  });

  it('keeps a revoked token out of the server\'s words about it', async () => {
    reply = { status: 400, body: JSON.stringify({ error: 'invalid_request', error_description: 'cannot revoke opaque-9f8e7d6c here' }) };
    const err = await failure(endpoint.revoke({ ...publicClient(), revocationUrl: `${base}/revoke` }, 'opaque-9f8e7d6c', 'refresh_token'));
    assert.equal(err.message, 'cannot revoke [redacted] here.');
  });

  it('ends the server\'s words with a full stop only when they have none at the end', async () => {
    reply = { status: 400, body: JSON.stringify({ error: 'invalid_request', error_description: 'Bad. See the docs' }) };
    assert.equal((await failure(endpoint.refresh(publicClient(), 'rt'))).message, 'Bad. See the docs.');
    reply = { status: 400, body: JSON.stringify({ error: 'invalid_request', error_description: 'Really?' }) };
    assert.equal((await failure(endpoint.refresh(publicClient(), 'rt'))).message, 'Really?');
  });

  it('reads HTML by content type or first character, and a 2xx other than 200, a 300 or a null body as no OAuth answer', async () => {
    reply = { status: 200, body: 'Access denied', type: 'text/html' };
    assert.equal((await failure(endpoint.refresh(publicClient(), 'rt'))).message, 'the token endpoint answered 200 with an HTML page instead of JSON');
    reply = { status: 200, body: 'a < b', type: 'application/json' };
    assert.equal((await failure(endpoint.refresh(publicClient(), 'rt'))).message, 'the token endpoint answered 200 with malformed JSON instead of JSON');
    for (const [status, body, message] of [
      [201, '{}', 'the endpoint answered 201 without an OAuth error'],
      [300, '{}', 'the endpoint redirected (300); redirects are not followed'],
      [400, 'null', 'the endpoint answered 400 without an OAuth error'],
      [400, '"text"', 'the endpoint answered 400 without an OAuth error'],
    ] as const) {
      reply = { status, body };
      const err = await failure(endpoint.refresh(publicClient(), 'rt'));
      assert.deepEqual([err.kind, err.message], ['badResponse', message], `${status} ${body}`);
    }
  });

  it('logs a failed request\'s duration', async () => {
    let t = 100;
    const timed = new TokenEndpoint(log, { timeoutMs: 2000, now: () => (t += 25) });
    await failure(timed.refresh({ tokenUrl: 'http://127.0.0.1:9/token', clientId: 'c' }, 'rt'));
    assert.deepEqual(log.lines, ['OAuth token (refresh_token): POST 127.0.0.1:9/token failed after 25 ms: 127.0.0.1:9: connection refused']);
  });

  it('reads a token response: expiry from a number or numeric string, only when positive', () => {
    assert.deepEqual(tokenSet({ access_token: 'a', token_type: 'bearer', expires_in: true }, 10), { accessToken: 'a', obtainedAt: 10 });
    assert.deepEqual(tokenSet({ access_token: 'a', token_type: 'bearer', expires_in: [60] }, 10), { accessToken: 'a', obtainedAt: 10 });
    assert.deepEqual(tokenSet({ access_token: 'a', token_type: 'BEARER', expires_in: '60' }, 10), { accessToken: 'a', obtainedAt: 10, expiresAt: 60_010 });
    assert.deepEqual(tokenSet({ access_token: 'a', token_type: 'bearer', expires_in: 0, refresh_token: '', scope: '' }, 10), { accessToken: 'a', obtainedAt: 10, scope: '' });
    assert.deepEqual(tokenSet({ access_token: 'a', token_type: 'bearer', expires_in: 'soon', scope: 3 }, 10), { accessToken: 'a', obtainedAt: 10 });
    assert.deepEqual(tokenSet({ access_token: 'a', token_type: 'bearer', expires_in: -5 }, 10), { accessToken: 'a', obtainedAt: 10 });
  });
});
