import * as assert from 'node:assert/strict';
import { AuthorizationRequests, authorizationUrl, checkIssuer, ignoredMessage } from '../../src/auth/oauth/authorization';
import { isOAuthError, OAuthError } from '../../src/auth/oauth/errors';
import { createPkce, randomState, s256Challenge } from '../../src/auth/oauth/pkce';
import { missingSettings, normalizeScopes, oauthConfig, parseEndpointUrl } from '../../src/auth/oauth/settings';
import { needsRenewal, renewalMarginMs } from '../../src/auth/oauth/tokens';
import { type AnySession, parseSessions, serializeSessions } from '../../src/auth/sessionData';

const PARAMS = { authorizationUrl: 'https://auth.example.com/authorize?tenant=acme', clientId: 'vscode', redirectUri: 'vscode://pub.ext/oauth-callback', scopes: ['postman:read'] };

async function rejection(promise: Promise<unknown>): Promise<OAuthError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(isOAuthError(err), `expected an OAuthError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

describe('OAuth: PKCE (RFC 7636) and state', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', () => {
    assert.equal(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes a fresh 43-character verifier from the unreserved alphabet each time, always S256', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const p = createPkce();
      assert.match(p.verifier, /^[A-Za-z0-9\-._~]{43}$/);
      assert.equal(p.method, 'S256');
      assert.equal(p.challenge, s256Challenge(p.verifier));
      assert.notEqual(p.challenge, p.verifier);
      seen.add(p.verifier);
    }
    assert.equal(seen.size, 50);
  });

  it('makes unguessable states (256 bits)', () => {
    const states = new Set(Array.from({ length: 50 }, randomState));
    assert.equal(states.size, 50);
    for (const s of states) {
      assert.match(s, /^[A-Za-z0-9_-]{43}$/);
    }
  });

  it('builds the authorization URL: code, client, exact redirect URI, scope, state, S256 challenge; keeps the configured query', () => {
    const url = new URL(authorizationUrl({ ...PARAMS, redirectUri: 'http://127.0.0.1:9/stable-x/callback?vscode-reqid=3&vscode-scheme=code-oss' }, 'st', 'ch'));
    assert.equal(url.origin + url.pathname, 'https://auth.example.com/authorize');
    const q = Object.fromEntries(url.searchParams);
    assert.deepEqual(q, {
      tenant: 'acme', response_type: 'code', client_id: 'vscode', redirect_uri: 'http://127.0.0.1:9/stable-x/callback?vscode-reqid=3&vscode-scheme=code-oss',
      scope: 'postman:read', state: 'st', code_challenge: 'ch', code_challenge_method: 'S256',
    });
    assert.equal(new URL(authorizationUrl({ ...PARAMS, scopes: [] }, 's', 'c')).searchParams.has('scope'), false);
  });
});

describe('OAuth: authorization responses through the URI handler', () => {
  let requests: AuthorizationRequests;
  beforeEach(() => {
    requests = new AuthorizationRequests(60_000);
  });
  afterEach(() => requests.cancelAll('test over'));

  const deliver = (q: Record<string, string>) => requests.deliver(new URLSearchParams(q));

  it('hands the code of a pending state to the sign-in waiting for it, once', async () => {
    const pending = requests.begin(PARAMS);
    assert.equal(new URL(pending.url).searchParams.get('state'), pending.state);
    assert.equal(new URL(pending.url).searchParams.get('code_challenge'), s256Challenge(pending.verifier));
    const answer = requests.wait(pending.state);
    assert.deepEqual(deliver({ code: 'c0de', state: pending.state, iss: 'https://auth.example.com' }), { accepted: true });
    assert.deepEqual(await answer, { code: 'c0de', iss: 'https://auth.example.com' });
    assert.deepEqual(deliver({ code: 'c0de', state: pending.state }), { accepted: false, reason: 'alreadyUsed' });
    assert.equal(requests.inFlight, 0);
  });

  it('ignores a wrong, missing or unknown state and keeps waiting for the right one', async () => {
    const pending = requests.begin(PARAMS);
    const answer = requests.wait(pending.state);
    assert.deepEqual(deliver({ code: 'evil', state: 'forged' }), { accepted: false, reason: 'unknownState' });
    assert.deepEqual(deliver({ code: 'evil' }), { accepted: false, reason: 'noState' });
    assert.deepEqual(deliver({ code: 'evil', state: `${pending.state}x` }), { accepted: false, reason: 'unknownState' });
    assert.equal(requests.inFlight, 1);
    deliver({ code: 'good', state: pending.state });
    assert.equal((await answer).code, 'good');
  });

  it('passes on an error the server sent (access_denied)', async () => {
    const pending = requests.begin(PARAMS);
    const answer = requests.wait(pending.state);
    deliver({ error: 'access_denied', error_description: 'The user denied access.', state: pending.state });
    assert.deepEqual(await answer, { error: 'access_denied', description: 'The user denied access.' });
  });

  it('gives up after its lifetime (5 minutes by default); a response after that is late and ignored', async () => {
    assert.equal(new AuthorizationRequests().lifetimeMs, 5 * 60_000);
    const short = new AuthorizationRequests(40);
    const pending = short.begin(PARAMS);
    const err = await rejection(short.wait(pending.state));
    assert.equal(err.kind, 'expired');
    assert.match(err.message, /No answer came back from the browser within 1 second/);
    assert.deepEqual(short.deliver(new URLSearchParams({ code: 'late', state: pending.state })), { accepted: false, reason: 'late' });
  });

  it('is cancellable (the progress notification), and a response after that is late', async () => {
    const pending = requests.begin(PARAMS);
    const abort = new AbortController();
    const answer = requests.wait(pending.state, abort.signal);
    abort.abort();
    assert.equal((await rejection(answer)).kind, 'cancelled');
    assert.deepEqual(deliver({ code: 'c', state: pending.state }), { accepted: false, reason: 'late' });
  });

  it('lets a newer sign-in replace one in flight', async () => {
    const first = requests.begin(PARAMS);
    const firstAnswer = requests.wait(first.state);
    requests.cancelAll('A newer sign-in replaced this one.');
    const second = requests.begin(PARAMS);
    assert.notEqual(first.state, second.state);
    assert.notEqual(first.verifier, second.verifier);
    assert.match((await rejection(firstAnswer)).message, /newer sign-in/);
    assert.deepEqual(deliver({ code: 'c', state: first.state }), { accepted: false, reason: 'late' });
  });

  it('says why a response was ignored', () => {
    for (const reason of ['noState', 'unknownState', 'alreadyUsed', 'late'] as const) {
      assert.match(ignoredMessage(reason), /ignored/);
    }
  });
});

describe('OAuth: the issuer of an authorization response (RFC 9207)', () => {
  const refused = (iss: string, expected: string) => {
    try {
      checkIssuer({ code: 'c', iss }, expected);
    } catch (err) {
      assert.ok(isOAuthError(err, 'denied'), String(err));
      assert.equal(err.code, 'invalid_issuer');
      return err.message;
    }
    return undefined;
  };

  it('accepts the expected issuer, a trailing slash aside, and an answer that names none', () => {
    assert.equal(refused('https://auth.example.com', 'https://auth.example.com'), undefined);
    assert.equal(refused('https://auth.example.com/', 'https://auth.example.com'), undefined);
    assert.equal(refused('https://auth.example.com', 'https://auth.example.com/'), undefined);
    assert.doesNotThrow(() => checkIssuer({ code: 'c' }, 'https://auth.example.com'));
    assert.doesNotThrow(() => checkIssuer({ code: 'c', iss: 'https://x' }, undefined));
  });

  it('refuses any other issuer, saying which and how to set the right one', () => {
    for (const iss of ['https://evil.example', 'https://auth.example.com.evil.example', 'http://auth.example.com', 'https://auth.example.com/tenant', 'https://AUTH.example.com']) {
      const message = refused(iss, 'https://auth.example.com');
      assert.ok(message, iss);
      assert.ok(message.includes(`"${iss}"`) && message.includes('postman.oauth.issuer'), message);
    }
  });

  it('expects the setting when set, the authorization URL\'s origin otherwise; client credentials have none', () => {
    const base = { authorizationUrl: 'https://login.example.com/oauth/authorize', tokenUrl: 'https://login.example.com/token', clientId: 'c' };
    assert.equal(oauthConfig(base, 'authorizationCode').issuer, 'https://login.example.com');
    assert.equal(oauthConfig({ ...base, issuer: 'https://login.example.com/tenant-1' }, 'authorizationCode').issuer, 'https://login.example.com/tenant-1');
    assert.throws(() => oauthConfig({ ...base, issuer: 'http://login.example.com' }, 'authorizationCode'), /postman\.oauth\.issuer/);
    assert.equal(oauthConfig(base, 'clientCredentials').issuer, undefined);
  });
});

describe('OAuth: settings', () => {
  it('needs authorization URL, token URL and client id for the browser sign-in; token URL and client id for client credentials', () => {
    assert.deepEqual(missingSettings({}, 'authorizationCode'), ['postman.oauth.authorizationUrl', 'postman.oauth.tokenUrl', 'postman.oauth.clientId']);
    assert.deepEqual(missingSettings({ tokenUrl: 'https://a/token', clientId: ' ' }, 'clientCredentials'), ['postman.oauth.clientId']);
    assert.throws(() => oauthConfig({}, 'clientCredentials'), /needs an OAuth client .* settings postman\.oauth\.tokenUrl, postman\.oauth\.clientId/);
  });

  it('accepts https anywhere and http only on loopback, like the API base URL', () => {
    assert.equal(parseEndpointUrl('https://auth.example.com/token', 's'), 'https://auth.example.com/token');
    assert.equal(parseEndpointUrl('http://127.0.0.1:8080/token', 's'), 'http://127.0.0.1:8080/token');
    assert.equal(parseEndpointUrl('http://localhost/token', 's'), 'http://localhost/token');
    assert.throws(() => parseEndpointUrl('http://auth.example.com/token', 'postman.oauth.tokenUrl'), /postman\.oauth\.tokenUrl uses plain http for auth\.example\.com/);
    assert.throws(() => parseEndpointUrl('ftp://x/token', 's'), /https URL/);
    assert.throws(() => parseEndpointUrl('https://u:p@x/token', 's'), /user name or password/);
    assert.throws(() => parseEndpointUrl('https://x/token#frag', 's'), /fragment/);
    assert.throws(() => parseEndpointUrl('not a url', 's'), /not a valid URL/);
    assert.throws(() => oauthConfig({ tokenUrl: 'https://a/t', clientId: 'c', revocationUrl: 'http://evil.example/revoke' }, 'clientCredentials'), /revocationUrl uses plain http/);
  });

  it('reads scopes as a list, splitting on spaces and dropping blanks and duplicates', () => {
    assert.deepEqual(normalizeScopes(['a b', ' c ', '', 'a', 3]), ['a', 'b', 'c']);
    assert.deepEqual(normalizeScopes('x y'), ['x', 'y']);
    assert.deepEqual(normalizeScopes(undefined), []);
    const config = oauthConfig({ authorizationUrl: 'https://a/auth', tokenUrl: 'https://a/token', clientId: ' vscode ', scopes: ['p:read'] }, 'authorizationCode');
    assert.deepEqual(config, { authorizationUrl: 'https://a/auth', tokenUrl: 'https://a/token', clientId: 'vscode', scopes: ['p:read'], issuer: 'https://a' });
  });
});

describe('OAuth: tokens kept with the session', () => {
  const oauthSession = (): AnySession => ({
    id: 's1', kind: 'oauth', account: { id: '12345678', label: 'Taylor Lee (taylor-lee)' }, createdAt: 1_700_000_000_000,
    oauth: {
      grant: 'authorizationCode', tokenUrl: 'https://a/token', clientId: 'vscode', revocationUrl: 'https://a/revoke', scopes: ['p:read'],
      tokens: { accessToken: 'at-1234567890', refreshToken: 'rt-1234567890', expiresAt: 1_700_000_360_000, obtainedAt: 1_700_000_000_000, scope: 'p:read' },
    },
  });

  it('round-trips an OAuth session in the one stored JSON value', () => {
    const s = oauthSession();
    assert.deepEqual(parseSessions(serializeSessions([s])), { sessions: [s], corrupt: false });
  });

  it('drops an OAuth entry without an access token, token URL or client id, or with an unknown grant', () => {
    for (const broken of [
      { tokens: { refreshToken: 'x', obtainedAt: 1 } },
      { tokenUrl: '' },
      { clientId: undefined },
      { grant: 'implicit' },
    ]) {
      const s = oauthSession() as unknown as { oauth: Record<string, unknown> };
      const text = JSON.stringify([{ ...s, oauth: { ...s.oauth, ...broken } }]);
      assert.deepEqual(parseSessions(text), { sessions: [], corrupt: true }, JSON.stringify(broken));
    }
    assert.deepEqual(parseSessions(JSON.stringify([{ id: 'x', kind: 'saml', key: 'k' }])), { sessions: [], corrupt: true });
  });

  it('renews a minute before expiry, or a quarter of a short lifetime before', () => {
    const hour = { accessToken: 'a', obtainedAt: 0, expiresAt: 3_600_000 };
    assert.equal(renewalMarginMs(hour), 60_000);
    assert.equal(needsRenewal(hour, 3_539_999), false);
    assert.equal(needsRenewal(hour, 3_540_000), true);
    const short = { accessToken: 'a', obtainedAt: 0, expiresAt: 4_000 };
    assert.equal(renewalMarginMs(short), 1_000);
    assert.equal(needsRenewal({ accessToken: 'a', obtainedAt: 0 }, Number.MAX_SAFE_INTEGER), false, 'no expiry known: renewed after a 401 only');
  });
});
