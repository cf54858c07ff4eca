import * as assert from 'node:assert/strict';
import { OAuthError } from '../../src/auth/oauth/errors';
import type { OAuthClientRef } from '../../src/auth/oauth/settings';
import { type ClientAuth, type RevocationHint, TokenEndpoint } from '../../src/auth/oauth/tokenEndpoint';
import { type OAuthSessionRecord, type OAuthSessionStore, TokenManager, toPostmanError } from '../../src/auth/oauth/tokenManager';
import type { TokenSet } from '../../src/auth/oauth/tokens';
import { type Credential, PostmanError } from '../../src/postman';
import { memoryLog, rejectsWith } from './assertions';

/**
 * The token manager when several VS Code windows share one sign-in (SecretStorage is one
 * store for all of them): a window that loses a renewal race takes the winner's tokens
 * instead of signing the user out; a window signed out elsewhere stops; one window renews
 * once however many requests wait. The authorization server is scripted, so each race
 * happens exactly where the test puts it.
 */
const NOW = 1_700_000_000_000;
const CLIENT: OAuthClientRef = { tokenUrl: 'https://auth.example.com/token', clientId: 'vscode' };

const tokens = (n: number, over: Partial<TokenSet> = {}): TokenSet => ({
  accessToken: `access-${n}-abcdefgh`, refreshToken: `refresh-${n}-abcdefgh`, obtainedAt: NOW - 3_600_000, expiresAt: NOW - 1000, ...over,
});
const fresh = (n: number, over: Partial<TokenSet> = {}) => tokens(n, { obtainedAt: NOW, expiresAt: NOW + 3_600_000, ...over });
const bearer = (t: TokenSet): Credential => ({ kind: 'bearer', token: t.accessToken });
const invalidGrant = () => new OAuthError('rejected', 'The refresh token was already used.', 'invalid_grant', 400);
const unreachable = () => new OAuthError('network', 'auth.example.com: connection refused');

/** SecretStorage as every window sees it. */
class SharedStore implements OAuthSessionStore {
  record: OAuthSessionRecord | undefined;
  removed: string[] = [];
  freshReads = 0;

  constructor(t: TokenSet, over: Partial<OAuthSessionRecord> = {}) {
    this.record = { sessionId: 's1', grant: 'authorizationCode', client: CLIENT, scopes: ['p:read'], tokens: t, ...over };
  }

  async read(isFresh?: boolean): Promise<OAuthSessionRecord | undefined> {
    if (isFresh) {
      this.freshReads++;
    }
    return this.record && structuredClone(this.record);
  }

  async saveTokens(sessionId: string, t: TokenSet): Promise<boolean> {
    if (this.record?.sessionId !== sessionId) {
      return false;
    }
    this.record = { ...this.record, tokens: t };
    return true;
  }

  async remove(sessionId: string): Promise<void> {
    if (this.record?.sessionId === sessionId) {
      this.record = undefined;
      this.removed.push(sessionId);
    }
  }
}

/** The authorization server, scripted per test. */
class ScriptedEndpoint extends TokenEndpoint {
  readonly calls: string[] = [];
  onRefresh: (client: ClientAuth, refreshToken: string) => Promise<TokenSet> = async () => fresh(2);
  onClientCredentials: (client: ClientAuth, scopes: readonly string[]) => Promise<TokenSet> = async () => fresh(2, { refreshToken: undefined });
  onRevoke: (token: string, hint: RevocationHint) => Promise<void> = async () => undefined;

  override refresh(client: ClientAuth, refreshToken: string): Promise<TokenSet> {
    this.calls.push(`refresh ${refreshToken}${client.clientSecret ? ' (with secret)' : ''}`);
    return this.onRefresh(client, refreshToken);
  }

  override clientCredentials(client: ClientAuth, scopes: readonly string[]): Promise<TokenSet> {
    this.calls.push(`client_credentials ${scopes.join(' ')}${client.clientSecret ? ' (with secret)' : ''}`);
    return this.onClientCredentials(client, scopes);
  }

  override revoke(client: ClientAuth & { revocationUrl: string }, token: string, hint: RevocationHint): Promise<void> {
    this.calls.push(`revoke ${hint} ${token} at ${client.revocationUrl}${client.clientSecret ? ' (with secret)' : ''}`);
    return this.onRevoke(token, hint);
  }
}

function window(store: SharedStore, endpoint: ScriptedEndpoint, opts: { secret?: string } = {}) {
  const log = memoryLog();
  const ended: OAuthError[] = [];
  const rejectedAgain: Credential[] = [];
  const manager = new TokenManager({
    store, endpoint, log, now: () => NOW,
    ...(opts.secret ? { clientSecret: async () => opts.secret } : {}),
    onEnded: (err) => void ended.push(err),
    onRejectedAfterRenewal: (c) => void rejectedAgain.push(c),
  });
  return { manager, log, ended, rejectedAgain };
}

describe('OAuth tokens shared by several windows', () => {
  it('a window whose renewal lost the race to another window takes that window\'s tokens, and stays signed in', async () => {
    const store = new SharedStore(tokens(1));
    const endpoint = new ScriptedEndpoint();
    // Window A renews first (rotating the refresh token) while B's request is on its way.
    endpoint.onRefresh = async () => {
      store.record = { ...(store.record as OAuthSessionRecord), tokens: fresh(2) };
      throw invalidGrant();
    };
    const b = window(store, endpoint);
    assert.deepEqual(await b.manager.credential(), bearer(fresh(2)));
    assert.deepEqual(store.removed, []);
    assert.deepEqual(b.ended, []);
    assert.deepEqual(store.record?.tokens, fresh(2));
    assert.equal(store.freshReads, 2, 'it read the store past any cache, before renewing and after the refusal');
  });

  it('a window that finds the tokens already renewed by another one uses them without asking the server', async () => {
    const store = new SharedStore(fresh(2));
    const endpoint = new ScriptedEndpoint();
    const b = window(store, endpoint);
    const stale: OAuthSessionRecord = { ...(store.record as OAuthSessionRecord), tokens: tokens(1) };
    assert.deepEqual(await b.manager.renew(stale), fresh(2));
    assert.deepEqual(endpoint.calls, []);
  });

  it('after a 401, a window takes the token another request (or window) already stored instead of renewing again', async () => {
    const store = new SharedStore(fresh(2));
    const endpoint = new ScriptedEndpoint();
    const b = window(store, endpoint);
    assert.deepEqual(await b.manager.renewAfterRejection(bearer(fresh(1))), bearer(fresh(2)));
    assert.deepEqual(endpoint.calls, []);
  });

  it('a refusal with no other window involved signs the session out once, tells once, and says why', async () => {
    const store = new SharedStore(tokens(1));
    const endpoint = new ScriptedEndpoint();
    endpoint.onRefresh = async () => {
      throw invalidGrant();
    };
    const b = window(store, endpoint);
    const err = await rejectsWith(b.manager.credential(), 'unauthorized');
    assert.equal(err.status, 401);
    assert.equal(err.message, 'The OAuth sign-in ended: The authorization server refused the sign-in (invalid_grant): The refresh token was already used.');
    assert.deepEqual(store.removed, ['s1']);
    assert.equal(b.ended.length, 1);
    assert.equal(b.ended[0].code, 'invalid_grant');
    assert.ok(b.log.lines.includes('The OAuth session ended and was signed out: The authorization server refused the sign-in (invalid_grant): The refresh token was already used.'), b.log.lines.join('\n'));
  });

  it('a window signed out elsewhere while it renewed stores nothing and signs nobody out', async () => {
    const store = new SharedStore(tokens(1));
    const endpoint = new ScriptedEndpoint();
    endpoint.onRefresh = async () => {
      store.record = undefined; // the user signed out in another window meanwhile
      return fresh(2);
    };
    const b = window(store, endpoint);
    const record = (await store.read()) as OAuthSessionRecord;
    await assert.rejects(b.manager.renew(record), (err: unknown) => err instanceof OAuthError && err.kind === 'cancelled' && err.message === 'The OAuth session was signed out meanwhile.');
    assert.equal(store.record, undefined);
    assert.deepEqual(store.removed, []);
    assert.deepEqual(b.ended, []);
  });

  it('a window whose session was replaced (signed out, then in as someone else) does not renew the old one', async () => {
    const store = new SharedStore(tokens(1));
    const endpoint = new ScriptedEndpoint();
    const b = window(store, endpoint);
    const old = (await store.read()) as OAuthSessionRecord;
    store.record = { ...old, sessionId: 's2', tokens: fresh(5) };
    await assert.rejects(b.manager.renew(old), (err: unknown) => err instanceof OAuthError && err.kind === 'cancelled' && err.message === 'The OAuth session was signed out meanwhile.');
    store.record = undefined;
    await assert.rejects(b.manager.renew(old), (err: unknown) => err instanceof OAuthError && err.kind === 'cancelled');
    assert.deepEqual(endpoint.calls, []);
  });

  it('a refused renewal does not sign out a session that another window replaced meanwhile', async () => {
    const store = new SharedStore(tokens(1));
    const endpoint = new ScriptedEndpoint();
    endpoint.onRefresh = async () => {
      store.record = { ...(store.record as OAuthSessionRecord), sessionId: 's2', tokens: fresh(7) };
      throw invalidGrant();
    };
    const b = window(store, endpoint);
    await rejectsWith(b.manager.credential(), 'unauthorized');
    assert.equal(store.record?.sessionId, 's2', 'the new sign-in stays');
    assert.deepEqual(store.removed, []);
  });
});

describe('OAuth token renewal in one window', () => {
  it('renews once however many requests ask at once, and again later', async () => {
    const store = new SharedStore(tokens(1));
    const endpoint = new ScriptedEndpoint();
    let release!: () => void;
    endpoint.onRefresh = () => new Promise((resolve) => (release = () => resolve(fresh(2))));
    const w = window(store, endpoint);
    const all = Promise.all(Array.from({ length: 5 }, () => w.manager.credential()));
    await new Promise((r) => setImmediate(r));
    release();
    assert.deepEqual(await all, Array(5).fill(bearer(fresh(2))));
    assert.deepEqual(endpoint.calls, ['refresh refresh-1-abcdefgh']);
    store.record = { ...(store.record as OAuthSessionRecord), tokens: tokens(2) };
    endpoint.onRefresh = async () => fresh(3);
    assert.deepEqual(await w.manager.credential(), bearer(fresh(3)));
    assert.equal(endpoint.calls.length, 2, 'a later renewal is a new request');
  });

  it('does not share a renewal between two sessions', async () => {
    const store = new SharedStore(tokens(1));
    const endpoint = new ScriptedEndpoint();
    const w = window(store, endpoint);
    const one = (await store.read()) as OAuthSessionRecord;
    let release!: () => void;
    endpoint.onRefresh = () => new Promise((resolve) => (release = () => resolve(fresh(2))));
    const first = w.manager.renew(one);
    await new Promise((r) => setImmediate(r));
    store.record = { ...one, sessionId: 's2' };
    endpoint.onRefresh = async () => fresh(9);
    let releaseSecond!: () => void;
    endpoint.onRefresh = () => new Promise((resolve) => (releaseSecond = () => resolve(fresh(9))));
    const second = w.manager.renew({ ...one, sessionId: 's2' });
    await new Promise((r) => setImmediate(r));
    release();
    await assert.rejects(first, (err: unknown) => err instanceof OAuthError && err.kind === 'cancelled');
    const joined = w.manager.renew({ ...one, sessionId: 's2' });
    releaseSecond();
    assert.deepEqual(await Promise.all([second, joined]), [fresh(9), fresh(9)]);
    assert.equal(endpoint.calls.length, 2, 'the first renewal ending does not make s2\'s callers start another');
  });

  it('a renewal of one session that ends after another session\'s renewal fails only as signed out', async () => {
    const store = new SharedStore(tokens(1));
    const endpoint = new ScriptedEndpoint();
    const w = window(store, endpoint);
    const one = (await store.read()) as OAuthSessionRecord;
    let releaseOne!: () => void;
    endpoint.onRefresh = () => new Promise((resolve) => (releaseOne = () => resolve(fresh(2))));
    const first = w.manager.renew(one);
    await new Promise((r) => setImmediate(r));
    store.record = { ...one, sessionId: 's2' };
    endpoint.onRefresh = async () => fresh(9);
    assert.deepEqual(await w.manager.renew({ ...one, sessionId: 's2' }), fresh(9));
    releaseOne();
    await assert.rejects(first, (err: unknown) => err instanceof OAuthError && err.kind === 'cancelled');
  });

  it('uses a token that is not due yet without asking anything', async () => {
    const store = new SharedStore(fresh(1));
    const endpoint = new ScriptedEndpoint();
    const w = window(store, endpoint);
    assert.deepEqual(await w.manager.credential(), bearer(fresh(1)));
    assert.deepEqual(endpoint.calls, []);
    assert.equal(store.freshReads, 0);
    store.record = undefined;
    assert.equal(await w.manager.credential(), undefined);
  });

  it('keeps using a token that is due but still valid when the server cannot be reached, and keeps the session', async () => {
    const dueSoon = tokens(1, { expiresAt: NOW + 30_000 });
    const store = new SharedStore(dueSoon);
    const endpoint = new ScriptedEndpoint();
    endpoint.onRefresh = async () => {
      throw unreachable();
    };
    const w = window(store, endpoint);
    assert.deepEqual(await w.manager.credential(), bearer(dueSoon));
    assert.ok(w.log.lines.includes('Renewing the OAuth access token failed; the session is kept: Could not reach the OAuth server: auth.example.com: connection refused. Check your network or proxy and the postman.oauth.* settings.'), w.log.lines.join('\n'));
    assert.deepEqual(store.removed, []);
  });

  it('fails with "could not renew" (not a sign-out) once the token has expired and the server is still unreachable', async () => {
    const store = new SharedStore(tokens(1, { expiresAt: NOW }));
    const endpoint = new ScriptedEndpoint();
    endpoint.onRefresh = async () => {
      throw unreachable();
    };
    const w = window(store, endpoint);
    const err = await rejectsWith(w.manager.credential(), 'authServer');
    assert.equal(err.message, 'Could not renew the OAuth sign-in: Could not reach the OAuth server: auth.example.com: connection refused. Check your network or proxy and the postman.oauth.* settings.');
    assert.ok(store.record);
    assert.deepEqual(w.ended, []);
  });

  it('stores the renewed tokens and logs how long they are valid', async () => {
    const store = new SharedStore(tokens(1));
    const endpoint = new ScriptedEndpoint();
    endpoint.onRefresh = async () => fresh(2, { expiresAt: NOW + 1_800_400 });
    const w = window(store, endpoint);
    await w.manager.credential();
    assert.deepEqual(store.record?.tokens, fresh(2, { expiresAt: NOW + 1_800_400 }));
    assert.deepEqual(w.log.lines, ['Renewed the OAuth access token (valid for 1800 s).']);
    endpoint.onRefresh = async () => fresh(3, { expiresAt: undefined });
    store.record = { ...(store.record as OAuthSessionRecord), tokens: tokens(2) };
    await w.manager.credential();
    assert.equal(w.log.lines[1], 'Renewed the OAuth access token.');
  });

  it('ends a session without a refresh token, and renews Client Credentials by asking again with the secret and scopes', async () => {
    const noRefresh = new SharedStore(tokens(1, { refreshToken: undefined }));
    const endpoint = new ScriptedEndpoint();
    const w = window(noRefresh, endpoint);
    const err = await rejectsWith(w.manager.credential(), 'unauthorized');
    assert.equal(err.message, 'The OAuth sign-in ended: The OAuth access token expired and the server issued no refresh token to renew it. Sign in again.');
    assert.equal(w.ended[0]?.kind, 'noRefreshToken');
    assert.deepEqual(noRefresh.removed, ['s1']);
    assert.deepEqual(endpoint.calls, []);

    const cc = new SharedStore(tokens(1, { refreshToken: undefined }), { grant: 'clientCredentials', scopes: ['a', 'b'] });
    const m = window(cc, endpoint, { secret: 'client-secret-123' });
    assert.deepEqual(await m.manager.credential(), bearer(fresh(2, { refreshToken: undefined })));
    assert.deepEqual(endpoint.calls, ['client_credentials a b (with secret)']);
  });

  it('sends the stored client secret with a refresh when one is kept for the client', async () => {
    const store = new SharedStore(tokens(1));
    const endpoint = new ScriptedEndpoint();
    await window(store, endpoint, { secret: 'client-secret-123' }).manager.credential();
    assert.deepEqual(endpoint.calls, ['refresh refresh-1-abcdefgh (with secret)']);
  });
});

describe('OAuth token manager without callbacks', () => {
  it('signs out and says why even when nobody listens, and does not renew again after a second 401', async () => {
    const store = new SharedStore(tokens(1));
    const endpoint = new ScriptedEndpoint();
    endpoint.onRefresh = async () => {
      throw invalidGrant();
    };
    const bare = new TokenManager({ store, endpoint, now: () => NOW });
    await rejectsWith(bare.credential(), 'unauthorized');
    assert.deepEqual(store.removed, ['s1']);

    const kept = new SharedStore(fresh(1));
    const ok = new ScriptedEndpoint();
    const m = new TokenManager({ store: kept, endpoint: ok, now: () => NOW });
    const renewed = await m.renewAfterRejection(bearer(fresh(1)));
    assert.equal(await m.renewAfterRejection(renewed as Credential), undefined);
  });
});

describe('OAuth after Postman rejects a token (401)', () => {
  it('renews the rejected token and hands back the new one; an API key is not its business', async () => {
    const store = new SharedStore(fresh(1));
    const endpoint = new ScriptedEndpoint();
    const w = window(store, endpoint);
    assert.deepEqual(await w.manager.renewAfterRejection(bearer(fresh(1))), bearer(fresh(2)));
    assert.equal(await w.manager.renewAfterRejection({ kind: 'apiKey', key: 'PMAK-x' }), undefined);
    store.record = undefined;
    assert.equal(await w.manager.renewAfterRejection(bearer(fresh(1))), undefined);
    assert.deepEqual(endpoint.calls, ['refresh refresh-1-abcdefgh']);
  });

  it('does not renew again when Postman rejects the token that was just renewed: tells once per rejection, asks nothing', async () => {
    const store = new SharedStore(fresh(1));
    const endpoint = new ScriptedEndpoint();
    const w = window(store, endpoint);
    const renewed = await w.manager.renewAfterRejection(bearer(fresh(1)));
    assert.deepEqual(renewed, bearer(fresh(2)));
    assert.equal(await w.manager.renewAfterRejection(renewed as Credential), undefined);
    assert.deepEqual(w.rejectedAgain, [renewed]);
    assert.ok(w.log.lines.includes('Postman rejected the OAuth access token that was just renewed; not renewing again.'));
    assert.equal(endpoint.calls.length, 1);
  });

  it('turns a failed renewal into the error the tree shows', async () => {
    const store = new SharedStore(fresh(1));
    const endpoint = new ScriptedEndpoint();
    endpoint.onRefresh = async () => {
      throw unreachable();
    };
    const w = window(store, endpoint);
    await rejectsWith(w.manager.renewAfterRejection(bearer(fresh(1))), 'authServer');
    endpoint.onRefresh = async () => {
      throw invalidGrant();
    };
    await rejectsWith(w.manager.renewAfterRejection(bearer(fresh(1))), 'unauthorized');
  });

  it('keeps a PostmanError as it is', () => {
    const err = new PostmanError('timeout', 'slow');
    assert.equal(toPostmanError(err), err);
    assert.equal(toPostmanError(new OAuthError('client', 'bad client')).kind, 'unauthorized');
    assert.equal(toPostmanError(new OAuthError('config', 'no url')).kind, 'unauthorized');
    assert.equal(toPostmanError(new OAuthError('denied', 'no')).kind, 'unauthorized');
    assert.equal(toPostmanError(new OAuthError('server', '503')).kind, 'authServer');
    assert.equal(toPostmanError(new Error('boom')).kind, 'authServer');
  });
});

describe('OAuth revocation at sign-out', () => {
  const record = (t: TokenSet): OAuthSessionRecord => ({ sessionId: 's1', grant: 'authorizationCode', client: CLIENT, scopes: [], tokens: t });

  it('revokes the refresh token first, then the access token, with the client secret if one is kept', async () => {
    const endpoint = new ScriptedEndpoint();
    const w = window(new SharedStore(fresh(1)), endpoint, { secret: 'client-secret-123' });
    assert.deepEqual(await w.manager.revoke(record(fresh(1)), 'https://auth.example.com/revoke'), { attempted: true });
    assert.deepEqual(endpoint.calls, [
      'revoke refresh_token refresh-1-abcdefgh at https://auth.example.com/revoke (with secret)',
      'revoke access_token access-1-abcdefgh at https://auth.example.com/revoke (with secret)',
    ]);
    assert.deepEqual(w.log.lines, ['Revoked the OAuth tokens.']);
  });

  it('revokes only the access token when there is no refresh token, and nothing without a revocation URL', async () => {
    const endpoint = new ScriptedEndpoint();
    const w = window(new SharedStore(fresh(1)), endpoint);
    assert.deepEqual(await w.manager.revoke(record(fresh(1)), undefined), { attempted: false });
    assert.deepEqual(await w.manager.revoke(record(fresh(1, { refreshToken: undefined })), 'https://a/r'), { attempted: true });
    assert.deepEqual(endpoint.calls, ['revoke access_token access-1-abcdefgh at https://a/r']);
  });

  it('accepts a server that cannot revoke access tokens (unsupported_token_type), and reports any other failure', async () => {
    const endpoint = new ScriptedEndpoint();
    const w = window(new SharedStore(fresh(1)), endpoint);
    endpoint.onRevoke = async (_token, hint) => {
      if (hint === 'access_token') {
        throw new OAuthError('rejected', 'unsupported', 'unsupported_token_type', 400);
      }
    };
    assert.deepEqual(await w.manager.revoke(record(fresh(1)), 'https://a/r'), { attempted: true });
    endpoint.onRevoke = async (_token, hint) => {
      throw hint === 'refresh_token' ? unreachable() : new OAuthError('server', 'down', undefined, 503);
    };
    const result = await w.manager.revoke(record(fresh(1)), 'https://a/r');
    assert.deepEqual(result, { attempted: true, problem: 'Could not reach the OAuth server: auth.example.com: connection refused. Check your network or proxy and the postman.oauth.* settings.' });
    assert.equal(w.log.lines.at(-1), `Revoking the OAuth tokens failed: ${result.problem}`);
    endpoint.onRevoke = async (_token, hint) => {
      if (hint === 'refresh_token') {
        throw new OAuthError('rejected', 'unsupported', 'unsupported_token_type', 400);
      }
    };
    assert.equal((await w.manager.revoke(record(fresh(1)), 'https://a/r')).problem, 'The authorization server refused the sign-in (unsupported_token_type): unsupported', 'only the access token may be unsupported');
    endpoint.onRevoke = async (_token, hint) => {
      if (hint === 'access_token') {
        throw new OAuthError('server', 'down', undefined, 503);
      }
    };
    assert.equal((await w.manager.revoke(record(fresh(1)), 'https://a/r')).problem, 'The OAuth server had an error (503); try again in a moment.', 'any other failure of the access token is reported');
  });
});
