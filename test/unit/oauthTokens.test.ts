import * as assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthorizationRequests } from '../../src/auth/oauth/authorization';
import { isOAuthError, OAuthError } from '../../src/auth/oauth/errors';
import { type ClientAuth, TokenEndpoint } from '../../src/auth/oauth/tokenEndpoint';
import { type OAuthSessionRecord, type OAuthSessionStore, TokenManager } from '../../src/auth/oauth/tokenManager';
import type { TokenSet } from '../../src/auth/oauth/tokens';
import { HttpTransport, PostmanClient } from '../../src/postman';
import {
  CONFIDENTIAL_CLIENT_ID, CONFIDENTIAL_CLIENT_SECRET, OAuthTestServer, PUBLIC_CLIENT_ID, SCOPE, withoutRequestId,
} from '../fixtures/oauthServer';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { memoryLog, rejectsWith } from './assertions';

const REDIRECT = 'vscode://postman-workspaces-dev.postman-workspaces/oauth-callback';
const CODE_SERVER_REDIRECT = 'http://127.0.0.1:8080/stable-0123abcd/callback?vscode-reqid=1&vscode-scheme=code-oss&vscode-authority=postman-workspaces-dev.postman-workspaces&vscode-path=%2Foauth-callback';

/** The session as the extension keeps it, in memory. */
class MemoryStore implements OAuthSessionStore {
  record: OAuthSessionRecord | undefined;
  removed = 0;

  async read(): Promise<OAuthSessionRecord | undefined> {
    return this.record && structuredClone(this.record);
  }

  async saveTokens(sessionId: string, tokens: TokenSet): Promise<boolean> {
    if (this.record?.sessionId !== sessionId) {
      return false;
    }
    this.record = { ...this.record, tokens };
    return true;
  }

  async remove(sessionId: string): Promise<void> {
    if (this.record?.sessionId === sessionId) {
      this.record = undefined;
      this.removed++;
    }
  }
}

async function oauthRejection(promise: Promise<unknown>, kind: OAuthError['kind']): Promise<OAuthError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(isOAuthError(err), `expected an OAuthError, got ${String(err)}`);
    assert.equal(err.kind, kind, `${err.kind}: ${err.message}`);
    return err;
  }
  assert.fail(`expected an OAuthError ${kind}`);
}

describe('OAuth against a real authorization server (oidc-provider) and the local Postman server', function () {
  this.timeout(20_000);
  const oauth = new OAuthTestServer({ redirectUris: [REDIRECT, CODE_SERVER_REDIRECT] });
  const postman = new LocalPostmanServer({ rateLimits: false, bearerTokens: oauth.bearerCheck });
  const log = memoryLog();
  /** Every secret the tests saw: none may reach the log. */
  const secrets = new Set<string>();
  let endpoint: TokenEndpoint;
  let postmanUrl = '';
  let publicClient: ClientAuth;
  let confidentialClient: ClientAuth;

  let store: MemoryStore;
  let skewMs = 0;
  let ended: OAuthError[] = [];
  let rejectedAfterRenewal = 0;
  let manager: TokenManager;
  let client: PostmanClient;

  const keep = (tokens: TokenSet): TokenSet => {
    secrets.add(tokens.accessToken);
    if (tokens.refreshToken) {
      secrets.add(tokens.refreshToken);
    }
    return tokens;
  };

  /** Authorization Code + PKCE, with the headless user signing in and consenting. */
  async function authorize(redirectUri = REDIRECT): Promise<{ code: string; verifier: string; redirectUri: string }> {
    const requests = new AuthorizationRequests();
    const pending = requests.begin({ authorizationUrl: oauth.authorizationUrl, clientId: PUBLIC_CLIENT_ID, redirectUri, scopes: [SCOPE] });
    const answer = requests.wait(pending.state);
    const back = new URL(await oauth.approve(pending.url));
    assert.equal(withoutRequestId(`${back.protocol}//${back.host}${back.pathname}`), withoutRequestId(redirectUri).split('?')[0]);
    assert.deepEqual(requests.deliver(back.searchParams), { accepted: true });
    const response = await answer;
    assert.ok(response.code, `the server answered ${response.error}`);
    secrets.add(response.code).add(pending.verifier).add(pending.state);
    return { code: response.code, verifier: pending.verifier, redirectUri: pending.redirectUri };
  }

  async function signIn(): Promise<TokenSet> {
    const { code, verifier, redirectUri } = await authorize();
    const tokens = keep(await endpoint.exchangeCode(publicClient, { code, redirectUri, verifier }));
    store.record = { sessionId: 'session-1', grant: 'authorizationCode', client: { tokenUrl: oauth.tokenUrl, clientId: PUBLIC_CLIENT_ID }, scopes: [SCOPE], tokens };
    return tokens;
  }

  const current = () => store.record?.tokens;
  const active = (token: string) => oauth.introspect(token);
  const bearerCalls = (status: number) => postman.requests.filter((r) => r.credential === 'bearer' && r.status === status).length;

  before(async () => {
    await oauth.start();
    postmanUrl = await postman.start();
    endpoint = new TokenEndpoint(log, { timeoutMs: 3000 });
    publicClient = { tokenUrl: oauth.tokenUrl, clientId: PUBLIC_CLIENT_ID };
    confidentialClient = { tokenUrl: oauth.tokenUrl, clientId: CONFIDENTIAL_CLIENT_ID, clientSecret: CONFIDENTIAL_CLIENT_SECRET };
    secrets.add(CONFIDENTIAL_CLIENT_SECRET);
  });

  after(async () => {
    await postman.stop();
    await oauth.stop();
  });

  beforeEach(() => {
    oauth.reset();
    oauth.accessTokenTtlSeconds = 3600;
    postman.reset();
    postman.bearerTokens = oauth.bearerCheck;
    store = new MemoryStore();
    skewMs = 0;
    ended = [];
    rejectedAfterRenewal = 0;
    manager = new TokenManager({
      store,
      endpoint,
      log,
      now: () => Date.now() + skewMs,
      clientSecret: async (c) => (c.clientId === CONFIDENTIAL_CLIENT_ID ? CONFIDENTIAL_CLIENT_SECRET : undefined),
      onEnded: (err) => void ended.push(err),
      onRejectedAfterRenewal: () => void rejectedAfterRenewal++,
    });
    const transport = new HttpTransport(() => ({ baseUrl: postmanUrl, timeoutMs: 5000 }), () => manager.credential(), log, undefined, { pacer: false });
    transport.renew = (c) => manager.renewAfterRejection(c);
    client = new PostmanClient(transport);
  });

  describe('Authorization Code with PKCE', () => {
    it('signs in; Postman accepts the access token as a Bearer token and rejects any other', async () => {
      const tokens = await signIn();
      assert.ok(tokens.refreshToken, 'a refresh token for the public client');
      assert.equal(tokens.scope, SCOPE);
      assert.ok(tokens.expiresAt && tokens.expiresAt > Date.now() + 3500_000);
      const me = await client.getMe();
      assert.equal(me.user.username, 'taylor-lee');
      assert.equal(bearerCalls(200), 1);
      await rejectsWith(client.getMe({ credential: { kind: 'bearer', token: 'made-up-token-1234567890' } }), 'unauthorized');
      await rejectsWith(client.getMe({ credential: { kind: 'bearer', token: tokens.refreshToken } }), 'unauthorized');
    });

    it('refuses a code without the verifier it was issued for (PKCE)', async () => {
      const { code, redirectUri } = await authorize();
      const err = await oauthRejection(endpoint.exchangeCode(publicClient, { code, redirectUri, verifier: 'x'.repeat(43) }), 'rejected');
      assert.equal(err.code, 'invalid_grant');
    });

    it('refuses a replayed code, and revokes the tokens issued with it', async () => {
      const { code, verifier, redirectUri } = await authorize();
      const first = keep(await endpoint.exchangeCode(publicClient, { code, redirectUri, verifier }));
      assert.equal(await active(first.accessToken), true);
      const err = await oauthRejection(endpoint.exchangeCode(publicClient, { code, redirectUri, verifier }), 'rejected');
      assert.equal(err.code, 'invalid_grant');
      assert.match(err.message, /used already|consumed|invalid/i);
      assert.equal(await active(first.accessToken), false, 'the tokens of a replayed code are revoked');
    });

    it('matches the redirect URI exactly, except code-server\'s changing vscode-reqid', async () => {
      await authorize(CODE_SERVER_REDIRECT.replace('vscode-reqid=1', 'vscode-reqid=42'));
      for (const wrong of [
        'vscode://someone-else.extension/oauth-callback',
        `${REDIRECT}/more`,
        CODE_SERVER_REDIRECT.replace('vscode-authority=postman', 'vscode-authority=evil'),
        CODE_SERVER_REDIRECT.replace('127.0.0.1:8080', '127.0.0.1:8081'),
      ]) {
        const requests = new AuthorizationRequests();
        const pending = requests.begin({ authorizationUrl: oauth.authorizationUrl, clientId: PUBLIC_CLIENT_ID, redirectUri: wrong, scopes: [SCOPE] });
        await assert.rejects(oauth.approve(pending.url), /redirect_uri|invalid_redirect_uri/, wrong);
        requests.cancelAll('done');
      }
      // The code is bound to the redirect URI it was issued for.
      const { code, verifier } = await authorize();
      assert.equal((await oauthRejection(endpoint.exchangeCode(publicClient, { code, verifier, redirectUri: `${REDIRECT}x` }), 'rejected')).code, 'invalid_grant');
    });

    it('passes on a denied consent as access_denied', async () => {
      const requests = new AuthorizationRequests();
      const pending = requests.begin({ authorizationUrl: oauth.authorizationUrl, clientId: PUBLIC_CLIENT_ID, redirectUri: REDIRECT, scopes: [SCOPE] });
      const answer = requests.wait(pending.state);
      requests.deliver(new URL(await oauth.approve(pending.url, { consent: false })).searchParams);
      assert.equal((await answer).error, 'access_denied');
    });
  });

  describe('the token lifecycle', () => {
    it('renews the access token shortly before it expires, rotating the refresh token', async () => {
      const first = await signIn();
      skewMs = 3600_000 - 30_000; // 30 s left: inside the one-minute margin
      await client.getMe();
      const renewed = keep(current() as TokenSet);
      assert.notEqual(renewed.accessToken, first.accessToken);
      assert.notEqual(renewed.refreshToken, first.refreshToken, 'the public client\'s refresh token is rotated');
      assert.equal(oauth.grantCount('refresh_token'), 1);
      skewMs = 0;
      await client.getMe();
      assert.equal(oauth.grantCount('refresh_token'), 1, 'a fresh token is not renewed again');
    });

    it('renews once however many requests wait for an expired token (single flight)', async () => {
      await signIn();
      skewMs = 3601_000;
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? client.getMe() : client.listWorkspaces())));
      assert.equal(results.length, 20);
      assert.equal(oauth.grantCount('refresh_token'), 1, 'one refresh for 20 requests');
      // A second refresh with the rotated-away token would have made the server revoke the whole grant.
      assert.equal(await active(keep(current() as TokenSet).accessToken), true);
    });

    it('after a 401, renews once and retries every waiting request', async () => {
      const first = await signIn();
      // Postman stops accepting this token (revoking it at oidc-provider would end its whole grant).
      postman.bearerTokens = (token) => token !== first.accessToken && oauth.bearerCheck(token);
      const results = await Promise.all([client.getMe(), client.listWorkspaces(), client.getMe(), client.listWorkspaces(), client.getWorkspace(postman.dataset.workspaces[0].id)]);
      assert.equal(results.length, 5);
      assert.equal(oauth.grantCount('refresh_token'), 1);
      assert.ok(bearerCalls(401) >= 1, 'Postman rejected the revoked token');
      assert.notEqual(keep(current() as TokenSet).accessToken, first.accessToken);
      assert.equal(ended.length, 0);
    });

    it('renews a token that expired early by the client\'s clock (a 401 from Postman, then a refresh)', async () => {
      oauth.accessTokenTtlSeconds = 3;
      const first = await signIn();
      skewMs = -60_000; // this machine's clock is behind: it still thinks the token is fresh
      // Past the server's 3 s lifetime whatever the machine's load (a call made before this
      // wait could itself meet the expiry on a busy machine and count twice); the renewed
      // token then has 3 s for the retry.
      await new Promise((r) => setTimeout(r, 3300));
      await client.getMe();
      assert.equal(bearerCalls(401), 1, 'Postman rejected the expired token once');
      assert.equal(oauth.grantCount('refresh_token'), 1);
      assert.notEqual(keep(current() as TokenSet).accessToken, first.accessToken);
    });

    it('does not loop when Postman rejects even the renewed token: one renewal, one prompt', async () => {
      await signIn();
      postman.bearerTokens = () => false;
      await rejectsWith(client.getMe(), 'unauthorized');
      await rejectsWith(client.getMe(), 'unauthorized');
      assert.equal(oauth.grantCount('refresh_token'), 1);
      assert.ok(rejectedAfterRenewal >= 1);
      assert.ok(store.record, 'the session stays: the authorization server still renews it');
    });

    it('signs the session out when the refresh token was revoked: once, with one prompt, nothing left', async () => {
      const first = await signIn();
      await endpoint.revoke({ ...publicClient, revocationUrl: oauth.revocationUrl }, first.refreshToken as string, 'refresh_token');
      skewMs = 3601_000;
      const all = await Promise.allSettled(Array.from({ length: 5 }, () => client.getMe()));
      for (const r of all) {
        assert.equal(r.status, 'rejected');
        assert.equal((r as PromiseRejectedResult).reason.kind, 'unauthorized');
      }
      assert.equal(store.record, undefined);
      assert.equal(store.removed, 1);
      assert.equal(ended.length, 1, 'one prompt');
      assert.equal(ended[0].code, 'invalid_grant');
      assert.equal(oauth.count('/token', 'refresh_token'), 1);
    });

    it('ends a session that has no refresh token once its access token expires', async () => {
      const tokens = keep(await endpoint.clientCredentials(confidentialClient, [SCOPE]));
      store.record = { sessionId: 's', grant: 'authorizationCode', client: publicClient, scopes: [], tokens };
      skewMs = 3601_000;
      await rejectsWith(client.getMe(), 'unauthorized');
      assert.equal(ended[0]?.kind, 'noRefreshToken');
      assert.equal(store.record, undefined);
    });

    it('keeps the session when the token endpoint is down, and renews once it is back', async () => {
      const first = await signIn();
      oauth.tokenEndpointFault = 'reset';
      skewMs = 3600_000 - 30_000; // due for renewal, still valid: the current token goes on working
      await client.getMe();
      assert.equal(current()?.accessToken, first.accessToken);
      skewMs = 3601_000; // expired: requests fail with a clear message, the session stays
      const err = await rejectsWith(client.getMe(), 'authServer');
      assert.match(err.message, /Could not renew the OAuth sign-in: Could not reach the OAuth server: 127\.0\.0\.1:\d+: the connection was reset/);
      oauth.tokenEndpointFault = 503;
      assert.match((await rejectsWith(client.getMe(), 'authServer')).message, /server had an error \(503\)/);
      assert.ok(store.record);
      assert.equal(ended.length, 0);
      oauth.tokenEndpointFault = undefined;
      await client.getMe();
      assert.notEqual(keep(current() as TokenSet).accessToken, first.accessToken);
    });
  });

  describe('Client Credentials', () => {
    it('gets a token for a confidential client; Postman accepts it; renewal asks again with the secret', async () => {
      const tokens = keep(await endpoint.clientCredentials(confidentialClient, [SCOPE]));
      assert.equal(tokens.refreshToken, undefined);
      store.record = { sessionId: 'cc', grant: 'clientCredentials', client: { tokenUrl: oauth.tokenUrl, clientId: CONFIDENTIAL_CLIENT_ID }, scopes: [SCOPE], tokens };
      assert.equal((await client.getMe()).user.username, 'taylor-lee');
      skewMs = 3601_000;
      await client.getMe();
      assert.equal(oauth.grantCount('client_credentials'), 2);
      assert.notEqual(keep(current() as TokenSet).accessToken, tokens.accessToken);
    });

    it('refuses a wrong secret (invalid_client) and needs one at all', async () => {
      const err = await oauthRejection(endpoint.clientCredentials({ ...confidentialClient, clientSecret: 'wrong-secret-value' }, [SCOPE]), 'client');
      assert.equal(err.code, 'invalid_client');
      await oauthRejection(endpoint.clientCredentials({ ...confidentialClient, clientSecret: undefined }, [SCOPE]), 'config');
      await oauthRejection(endpoint.clientCredentials({ tokenUrl: oauth.tokenUrl, clientId: PUBLIC_CLIENT_ID, clientSecret: 'x' }, [SCOPE]), 'client');
    });
  });

  describe('revocation (RFC 7009)', () => {
    it('revokes the refresh token and the access token at sign-out', async () => {
      const tokens = await signIn();
      const result = await manager.revoke(store.record as OAuthSessionRecord, oauth.revocationUrl);
      assert.deepEqual(result, { attempted: true });
      assert.equal(oauth.count('/token/revocation', 'refresh_token'), 1);
      assert.equal(oauth.count('/token/revocation', 'access_token'), 1);
      assert.equal(await active(tokens.accessToken), false);
      assert.equal((await oauthRejection(endpoint.refresh(publicClient, tokens.refreshToken as string), 'rejected')).code, 'invalid_grant');
      await rejectsWith(client.getMe({ credential: { kind: 'bearer', token: tokens.accessToken } }), 'unauthorized');
    });

    it('sends nothing without a revocation URL, and reports a failure without throwing', async () => {
      await signIn();
      assert.deepEqual(await manager.revoke(store.record as OAuthSessionRecord, undefined), { attempted: false });
      assert.equal(oauth.count('/token/revocation'), 0);
      const down = await manager.revoke(store.record as OAuthSessionRecord, 'http://127.0.0.1:9/revoke');
      assert.equal(down.attempted, true);
      assert.match(down.problem ?? '', /Could not reach the OAuth server: 127\.0\.0\.1:9: connection refused/);
    });
  });

  describe('token endpoint answers', () => {
    let odd: http.Server;
    let oddUrl = '';
    let reply: { status: number; type: string; body: string } = { status: 200, type: 'text/html', body: '<html>proxy</html>' };
    before(async () => {
      odd = http.createServer((_req, res) => res.writeHead(reply.status, { 'Content-Type': reply.type }).end(reply.body));
      await new Promise<void>((r) => odd.listen(0, '127.0.0.1', r));
      oddUrl = `http://127.0.0.1:${(odd.address() as AddressInfo).port}/token`;
    });
    after(() => new Promise<void>((r) => odd.close(() => r())));

    const ask = () => endpoint.refresh({ tokenUrl: oddUrl, clientId: 'c' }, 'rt-abcdefghijklmnop');

    it('says what is wrong with a response that is not a usable token', async () => {
      reply = { status: 200, type: 'text/html', body: '<html>proxy</html>' };
      assert.match((await oauthRejection(ask(), 'badResponse')).message, /HTML page/);
      reply = { status: 200, type: 'application/json', body: '{"token_type":"Bearer"}' };
      assert.match((await oauthRejection(ask(), 'badResponse')).message, /no access_token/);
      reply = { status: 200, type: 'application/json', body: '{"access_token":"a","token_type":"DPoP"}' };
      assert.match((await oauthRejection(ask(), 'badResponse')).message, /only "Bearer" tokens are supported$/);
      reply = { status: 302, type: 'text/plain', body: '' };
      assert.match((await oauthRejection(ask(), 'badResponse')).message, /redirect/);
      reply = { status: 400, type: 'application/json', body: '{"error":"invalid_scope","error_description":"bad scope rt-abcdefghijklmnop"}' };
      const scoped = await oauthRejection(ask(), 'rejected');
      assert.equal(scoped.code, 'invalid_scope');
      assert.ok(!scoped.message.includes('rt-abcdefghijklmnop'), 'a token echoed by the server is redacted');
    });

    it('keeps the refresh token when the server does not rotate it', async () => {
      reply = { status: 200, type: 'application/json', body: '{"access_token":"new-access-token-123","token_type":"bearer","expires_in":"60"}' };
      const tokens = await ask();
      assert.equal(tokens.refreshToken, 'rt-abcdefghijklmnop');
      assert.ok(tokens.expiresAt && Math.abs(tokens.expiresAt - (tokens.obtainedAt + 60_000)) < 5);
    });
  });

  describe('the log', () => {
    // Mocha runs a suite's own tests before its nested suites: this one has to be a suite, last.
    it('never writes a token, code, verifier, state or secret to the log', () => {
      assert.ok(secrets.size > 10, `${secrets.size} secrets seen`);
      assert.ok(log.lines.some((l) => /OAuth token \(refresh_token\): POST 127\.0\.0\.1:\d+\/token 200/.test(l)), log.lines.join('\n'));
      for (const secret of secrets) {
        const hit = log.lines.find((l) => l.includes(secret));
        assert.equal(hit, undefined, `a secret in the log: ${hit}`);
      }
    });
  });
});
