import * as assert from 'node:assert/strict';
import { OAuthError } from '../../src/auth/oauth/errors';
import { isConfigured, missingSettings, normalizeScopes, oauthConfig, parseEndpointUrl, SETTING } from '../../src/auth/oauth/settings';
import { isExpired, needsRenewal, renewalMarginMs } from '../../src/auth/oauth/tokens';
import { accountOf, type AnySession, displayName, LEGACY_API_KEY_SECRET, oauthRecord, parseSessions, serializeSessions, SESSIONS_SECRET, UNKNOWN_ACCOUNT } from '../../src/auth/sessionData';

/** The OAuth settings as checked, when tokens are due, and the sign-in as it is stored. */
describe('OAuth settings', () => {
  it('lists every missing setting in the refusal, per grant', () => {
    assert.throws(() => oauthConfig({ tokenUrl: ' ', clientId: '' }, 'authorizationCode'), {
      message: 'Signing in with OAuth 2.0 needs an OAuth client registered with your authorization server, and the settings postman.oauth.authorizationUrl, postman.oauth.tokenUrl, postman.oauth.clientId.',
    });
    assert.throws(() => oauthConfig({ clientId: 'c' }, 'clientCredentials'), {
      message: 'Signing in with OAuth 2.0 client credentials needs an OAuth client registered with your authorization server, and the settings postman.oauth.tokenUrl.',
    });
    assert.deepEqual(missingSettings({ authorizationUrl: 'x', tokenUrl: 'y', clientId: 'z' }, 'authorizationCode'), []);
    assert.deepEqual(missingSettings({ authorizationUrl: 3, tokenUrl: 'y', clientId: 'z' }, 'authorizationCode'), [SETTING.authorizationUrl]);
    assert.deepEqual(missingSettings({ tokenUrl: 'y', clientId: 'z' }, 'clientCredentials'), []);
  });

  it('builds the configuration from trimmed values; the authorization URL only for the browser sign-in, the revocation URL when set', () => {
    const raw = { authorizationUrl: ' https://a/auth ', tokenUrl: ' https://a/token ', clientId: ' c ', scopes: 'x y x', revocationUrl: ' https://a/revoke ' };
    assert.deepEqual(oauthConfig(raw, 'authorizationCode'), { tokenUrl: 'https://a/token', clientId: 'c', scopes: ['x', 'y'], authorizationUrl: 'https://a/auth', issuer: 'https://a', revocationUrl: 'https://a/revoke' });
    assert.deepEqual(oauthConfig(raw, 'clientCredentials'), { tokenUrl: 'https://a/token', clientId: 'c', scopes: ['x', 'y'], revocationUrl: 'https://a/revoke' });
    assert.deepEqual(oauthConfig({ ...raw, revocationUrl: '  ' }, 'clientCredentials'), { tokenUrl: 'https://a/token', clientId: 'c', scopes: ['x', 'y'] });
    assert.throws(() => oauthConfig({ ...raw, authorizationUrl: 'http://evil.example/auth' }, 'authorizationCode'), /postman\.oauth\.authorizationUrl uses plain http/);
    assert.throws(() => oauthConfig({ ...raw, tokenUrl: 'ftp://a/token' }, 'clientCredentials'), /postman\.oauth\.tokenUrl must be an https URL, not ftp:/);
  });

  it('says whether a grant can be offered at all', () => {
    assert.equal(isConfigured({ tokenUrl: 'https://a/t', clientId: 'c' }, 'clientCredentials'), true);
    assert.equal(isConfigured({ tokenUrl: 'https://a/t', clientId: 'c' }, 'authorizationCode'), false);
    assert.equal(isConfigured({ tokenUrl: 'http://evil/t', clientId: 'c' }, 'clientCredentials'), false);
  });

  it('refuses with OAuth errors of kind "config"', () => {
    for (const [raw, grant] of [
      [{ tokenUrl: 'nope', clientId: 'c' }, 'clientCredentials'],
      [{ tokenUrl: 'ftp://a/t', clientId: 'c' }, 'clientCredentials'],
      [{ tokenUrl: 'http://evil/t', clientId: 'c' }, 'clientCredentials'],
      [{ tokenUrl: 'https://u:p@a/t', clientId: 'c' }, 'clientCredentials'],
      [{ tokenUrl: 'https://a/t#f', clientId: 'c' }, 'clientCredentials'],
      [{ tokenUrl: 'https://a/t' }, 'clientCredentials'],
    ] as const) {
      assert.throws(() => oauthConfig(raw, grant), (err: unknown) => err instanceof OAuthError && err.kind === 'config', JSON.stringify(raw));
    }
  });

  it('words each refusal of an endpoint URL with the setting and the value', () => {
    assert.throws(() => parseEndpointUrl('  nope  ', 'postman.oauth.tokenUrl'), { message: 'The setting postman.oauth.tokenUrl is not a valid URL: "nope".' });
    assert.throws(() => parseEndpointUrl('file:///etc/passwd', 's'), { message: 'The setting s must be an https URL, not file:.' });
    assert.throws(() => parseEndpointUrl('http://auth.example/t', 's'), { message: 'The setting s uses plain http for auth.example; codes and tokens would travel unencrypted. Use https (http is allowed only for localhost).' });
    assert.throws(() => parseEndpointUrl('https://user@a/t', 's'), { message: 'The setting s must not contain a user name or password.' });
    assert.throws(() => parseEndpointUrl('https://:pw@a/t', 's'), { message: 'The setting s must not contain a user name or password.' });
    assert.throws(() => parseEndpointUrl('https://a/t#x', 's'), { message: 'The setting s must not contain a fragment (#…).' });
    assert.equal(parseEndpointUrl(' https://a/t?tenant=1 ', 's'), 'https://a/t?tenant=1', 'a query is fine (some servers need one)');
  });

  it('normalises scopes from a list or a string; anything else is none', () => {
    assert.deepEqual(normalizeScopes(['a  b\tc', 'b', null, ' ']), ['a', 'b', 'c']);
    assert.deepEqual(normalizeScopes(' a '), ['a']);
    assert.deepEqual(normalizeScopes(42), []);
    assert.deepEqual(normalizeScopes({ a: 'b' }), []);
  });
});

describe('OAuth token timing', () => {
  it('renews a minute before expiry, a quarter of a short life before, never with a negative margin', () => {
    assert.equal(renewalMarginMs({ accessToken: 'a', obtainedAt: 0, expiresAt: 240_000 }), 60_000);
    assert.equal(renewalMarginMs({ accessToken: 'a', obtainedAt: 0, expiresAt: 200_000 }), 50_000);
    assert.equal(renewalMarginMs({ accessToken: 'a', obtainedAt: 100, expiresAt: 50 }), 0);
    assert.equal(renewalMarginMs({ accessToken: 'a', obtainedAt: 0 }), 0);
    const t = { accessToken: 'a', obtainedAt: 0, expiresAt: 4000 };
    assert.equal(needsRenewal(t, 2999), false);
    assert.equal(needsRenewal(t, 3000), true);
    assert.equal(isExpired(t, 3999), false);
    assert.equal(isExpired(t, 4000), true);
    assert.equal(isExpired({ accessToken: 'a', obtainedAt: 0 }, Number.MAX_SAFE_INTEGER), false);
  });
});

describe('the stored sign-in', () => {
  const oauthSession = (over: Record<string, unknown> = {}, tokens: Record<string, unknown> = {}) => ({
    id: 'o1', kind: 'oauth', account: { id: '7', label: 'Ada (ada)' }, createdAt: 1000,
    oauth: {
      grant: 'clientCredentials', tokenUrl: 'https://a/token', clientId: 'c', scopes: ['s', 3, 't'],
      tokens: { accessToken: 'at', refreshToken: 'rt', expiresAt: 5000, obtainedAt: 1000, scope: 's t', ...tokens },
      ...over,
    },
  });

  it('names its secrets', () => {
    assert.equal(SESSIONS_SECRET, 'postman.sessions');
    assert.equal(LEGACY_API_KEY_SECRET, 'postman.apiKey');
    assert.deepEqual(UNKNOWN_ACCOUNT, { id: 'unknown', label: 'Postman API key' });
  });

  it('reads an OAuth session, keeping only well-formed token fields and string scopes', () => {
    const [s] = parseSessions(JSON.stringify([oauthSession({ revocationUrl: '' }, { refreshToken: ' ', expiresAt: -1, obtainedAt: 'x', scope: 4 })])).sessions;
    assert.deepEqual(s, {
      id: 'o1', kind: 'oauth', account: { id: '7', label: 'Ada (ada)' }, createdAt: 1000,
      oauth: { grant: 'clientCredentials', tokenUrl: 'https://a/token', clientId: 'c', scopes: ['s', 't'], tokens: { accessToken: 'at', obtainedAt: 0 } },
    });
    const [full] = parseSessions(JSON.stringify([oauthSession({ revocationUrl: 'https://a/revoke', scopes: 'not a list' }, { expiresAt: Infinity })])).sessions;
    assert.equal(full.kind === 'oauth' && full.oauth.revocationUrl, 'https://a/revoke');
    assert.deepEqual(full.kind === 'oauth' && full.oauth.scopes, []);
    assert.deepEqual(full.kind === 'oauth' && full.oauth.tokens, { accessToken: 'at', refreshToken: 'rt', obtainedAt: 1000, scope: 's t' });
  });

  it('refuses OAuth entries it cannot use', () => {
    for (const broken of [
      oauthSession({ tokens: 'x' }),
      oauthSession({}, { accessToken: ' ' }),
      oauthSession({}, { accessToken: 5 }),
      { ...oauthSession(), oauth: 'x' },
      { ...oauthSession(), oauth: { ...oauthSession().oauth, tokenUrl: 5 } },
      { ...oauthSession(), oauth: { ...oauthSession().oauth, clientId: '' } },
    ]) {
      assert.deepEqual(parseSessions(JSON.stringify([broken])), { sessions: [], corrupt: true }, JSON.stringify(broken));
    }
  });

  it('repairs an account it cannot read, and keeps an id of any string', () => {
    const read = (account: unknown) => parseSessions(JSON.stringify([{ id: 'a', key: 'PMAK-x', account, createdAt: 1 }])).sessions[0].account;
    assert.deepEqual(read({ id: '1', label: '' }), UNKNOWN_ACCOUNT);
    assert.deepEqual(read({ id: 1, label: 'x' }), UNKNOWN_ACCOUNT);
    assert.deepEqual(read({ id: '1' }), UNKNOWN_ACCOUNT);
    assert.deepEqual(read([]), UNKNOWN_ACCOUNT);
    assert.deepEqual(read({ id: '', label: 'L' }), { id: '', label: 'L' });
    assert.notEqual(read(null), UNKNOWN_ACCOUNT, 'a copy: editing it cannot change the placeholder');
  });

  it('counts a session as corrupt when an entry is unusable or duplicated, and dates an undated one now', () => {
    const key = { id: 'a', key: 'PMAK-x', account: { id: '1', label: 'x' }, createdAt: 1 };
    assert.deepEqual(parseSessions(JSON.stringify([key, key])), { sessions: [key], corrupt: true });
    assert.deepEqual(parseSessions(JSON.stringify([{ ...key, id: '' }])), { sessions: [], corrupt: true });
    assert.deepEqual(parseSessions(JSON.stringify([{ ...key, kind: 'other' }])), { sessions: [], corrupt: true });
    assert.deepEqual(parseSessions('{}'), { sessions: [], corrupt: true });
    assert.deepEqual(parseSessions('null'), { sessions: [], corrupt: true });
    const before = Date.now();
    for (const createdAt of [0, -5, Infinity, '1']) {
      const [s] = parseSessions(JSON.stringify([{ ...key, createdAt }])).sessions;
      assert.ok(s.createdAt >= before, String(createdAt));
    }
  });

  it('writes only the known fields of an OAuth session, tokens included', () => {
    const [s] = parseSessions(JSON.stringify([oauthSession({ revocationUrl: 'https://a/r' })])).sessions as AnySession[];
    const written = JSON.parse(serializeSessions([{ ...s, extra: "x" } as unknown as AnySession]));
    assert.deepEqual(written, [{
      id: 'o1', kind: 'oauth', account: { id: '7', label: 'Ada (ada)' }, createdAt: 1000,
      oauth: { grant: 'clientCredentials', tokenUrl: 'https://a/token', clientId: 'c', revocationUrl: 'https://a/r', scopes: ['s', 't'], tokens: { accessToken: 'at', refreshToken: 'rt', expiresAt: 5000, obtainedAt: 1000, scope: 's t' } },
    }]);
  });

  it('hands the token manager the session\'s client, with the revocation URL only when there is one', () => {
    const data = { grant: 'authorizationCode' as const, tokenUrl: 'https://a/t', clientId: 'c', scopes: ['s'], tokens: { accessToken: 'at', obtainedAt: 1 } };
    assert.deepEqual(oauthRecord('o1', data), { sessionId: 'o1', grant: 'authorizationCode', client: { tokenUrl: 'https://a/t', clientId: 'c' }, scopes: ['s'], tokens: data.tokens });
    assert.deepEqual(oauthRecord('o1', { ...data, revocationUrl: 'https://a/r' }).client, { tokenUrl: 'https://a/t', clientId: 'c', revocationUrl: 'https://a/r' });
  });

  it('labels an account by name and username, the username alone when they are the same', () => {
    assert.equal(displayName({ username: 'ada', fullName: 'ada' }), 'ada');
    assert.equal(displayName({ username: 'ada', fullName: '' }), 'ada');
    assert.deepEqual(accountOf({ id: 'x1', username: 'ada' }), { id: 'x1', label: 'ada' });
  });
});
