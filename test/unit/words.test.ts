import * as assert from 'node:assert/strict';
import { isFinal, isOAuthError, OAuthError, oauthMessage } from '../../src/auth/oauth/errors';
import { isPostmanError, PostmanError, userMessage } from '../../src/postman';
import { isTimeout, networkReason } from '../../src/postman/wire';
import type { AxiosError } from 'axios';

/** The words a user reads for each failure: what happened and what to do. */
describe('words for Postman failures', () => {
  const e = (kind: ConstructorParameters<typeof PostmanError>[0], message: string, opts: { status?: number; retryAfterSeconds?: number } = {}) => new PostmanError(kind, message, opts);

  it('says what happened and what to do, for each kind', () => {
    const cases: [PostmanError, string][] = [
      [e('unauthorized', 'x', { status: 401 }), 'Postman rejected the credentials (401). The API key or OAuth token may be wrong, expired or revoked: sign in again.'],
      [e('forbidden', 'No access'), 'Postman refused access (403): No access'],
      [e('notFound', 'gone', { status: 400 }), 'Not found in Postman (400); it may have been deleted. gone'],
      [e('notFound', 'gone'), 'Not found in Postman (404); it may have been deleted. gone'],
      [e('rateLimited', 'x', { retryAfterSeconds: 0 }), "Postman's rate limit was reached; try again in 0 s."],
      [e('rateLimited', 'x'), "Postman's rate limit was reached; try again shortly."],
      [e('quotaExhausted', 'x'), "Your Postman plan's monthly API call quota is used up. Requests will work again when it resets, or after upgrading the plan."],
      [e('badRequest', 'bad', { status: 422 }), 'Postman did not accept the request (422): bad'],
      [e('badRequest', 'bad'), 'Postman did not accept the request (400): bad'],
      [e('server', 'x', { status: 503 }), 'Postman had a server error (503); try again in a moment.'],
      [e('server', 'x'), 'Postman had a server error (5xx); try again in a moment.'],
      [e('network', 'host not found'), 'Could not reach the Postman API: host not found. Check your network or proxy, and the postman.apiBaseUrl setting.'],
      [e('timeout', 'no answer within 30 s'), 'The Postman API did not answer in time (no answer within 30 s).'],
      [e('badResponse', 'GET /me returned an HTML page instead of JSON'), 'The Postman API sent a response this extension cannot read: GET /me returned an HTML page instead of JSON. A proxy between you and Postman may have answered instead.'],
      [e('invalidConfig', 'Fix the setting.'), 'Fix the setting.'],
      [e('authServer', 'Could not renew.'), 'Could not renew.'],
      [e('notSignedIn', 'Sign in.'), 'Sign in.'],
      [e('cancelled', 'Cancelled.'), 'Cancelled.'],
    ];
    for (const [err, words] of cases) {
      assert.equal(userMessage(err), words, err.kind);
    }
    assert.equal(userMessage(new Error('boom')), 'Unexpected error: boom');
    assert.equal(userMessage('text'), 'Unexpected error: text');
  });

  it('carries kind, status and Retry-After, and is told apart by kind', () => {
    const err = e('rateLimited', 'm', { status: 429, retryAfterSeconds: 3 });
    assert.deepEqual([err.name, err.kind, err.status, err.retryAfterSeconds, err.message], ['PostmanError', 'rateLimited', 429, 3, 'm']);
    assert.ok(err instanceof Error);
    assert.equal(isPostmanError(err), true);
    assert.equal(isPostmanError(err, 'rateLimited'), true);
    assert.equal(isPostmanError(err, 'server'), false);
    assert.equal(isPostmanError(new Error('x')), false);
    assert.deepEqual([e('server', 'x').status, e('server', 'x').retryAfterSeconds], [undefined, undefined]);
  });

  it('names network failures below HTTP in words, and knows axios\'s timeouts', () => {
    const ax = (code: string | undefined, message = '') => ({ code, message }) as AxiosError;
    const reasons: [string, string][] = [
      ['ECONNREFUSED', 'connection refused'],
      ['ECONNRESET', 'the connection was reset'],
      ['ENOTFOUND', 'host not found'],
      ['EAI_AGAIN', 'DNS lookup failed'],
      ['EHOSTUNREACH', 'host unreachable'],
      ['ENETUNREACH', 'network unreachable'],
      ['CERT_HAS_EXPIRED', 'the server certificate has expired'],
      ['SELF_SIGNED_CERT_IN_CHAIN', 'a self-signed certificate is in the chain (a corporate proxy?)'],
      ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'the server certificate could not be verified'],
      ['EPROTO', 'EPROTO'],
    ];
    for (const [code, words] of reasons) {
      assert.equal(networkReason(ax(code, 'ignored')), words);
    }
    assert.equal(networkReason(ax(undefined, 'socket closed')), 'socket closed');
    assert.equal(networkReason(ax(undefined)), 'network error');
    assert.equal(isTimeout(ax('ECONNABORTED')), true);
    assert.equal(isTimeout(ax('ETIMEDOUT')), true);
    assert.equal(isTimeout(ax('ERR_CANCELED', 'timeout of 5000ms exceeded')), true);
    assert.equal(isTimeout(ax('ERR_CANCELED', 'canceled')), false);
    assert.equal(isTimeout(ax('ECONNRESET', 'timeout')), false);
    assert.equal(isTimeout(ax(undefined, 'timeout')), false);
  });
});

describe('words for OAuth failures', () => {
  it('says what happened and what to do, for each kind', () => {
    const cases: [OAuthError, string][] = [
      [new OAuthError('rejected', 'Expired.', 'invalid_grant', 400), 'The authorization server refused the sign-in (invalid_grant): Expired.'],
      [new OAuthError('rejected', 'Expired.', undefined, 400), 'The authorization server refused the sign-in (400): Expired.'],
      [new OAuthError('rejected', 'Expired.'), 'The authorization server refused the sign-in (error): Expired.'],
      [new OAuthError('client', 'Wrong secret.', 'invalid_client', 401), 'The authorization server does not accept this OAuth client (invalid_client): Wrong secret. Check postman.oauth.clientId and, for a confidential client, run "Postman: Set OAuth Client Secret".'],
      [new OAuthError('client', 'Wrong secret.', undefined, 401), 'The authorization server does not accept this OAuth client (401): Wrong secret. Check postman.oauth.clientId and, for a confidential client, run "Postman: Set OAuth Client Secret".'],
      [new OAuthError('client', 'x'), 'The authorization server does not accept this OAuth client (error): x Check postman.oauth.clientId and, for a confidential client, run "Postman: Set OAuth Client Secret".'],
      [new OAuthError('denied', 'The user said no.', 'consent_required'), 'Access was not granted (consent_required): The user said no.'],
      [new OAuthError('denied', 'No.'), 'Access was not granted (access_denied): No.'],
      [new OAuthError('network', 'auth: connection refused'), 'Could not reach the OAuth server: auth: connection refused. Check your network or proxy and the postman.oauth.* settings.'],
      [new OAuthError('timeout', 'no answer from auth within 30 s'), 'The OAuth server did not answer in time (no answer from auth within 30 s).'],
      [new OAuthError('server', 'x', undefined, 502), 'The OAuth server had an error (502); try again in a moment.'],
      [new OAuthError('server', 'x'), 'The OAuth server had an error (5xx); try again in a moment.'],
      [new OAuthError('badResponse', 'no access_token'), 'The OAuth server sent a response this extension cannot use: no access_token'],
      [new OAuthError('config', 'Set the URL.'), 'Set the URL.'],
      [new OAuthError('noRefreshToken', 'Sign in again.'), 'Sign in again.'],
      [new OAuthError('cancelled', 'Cancelled.'), 'Cancelled.'],
      [new OAuthError('expired', 'Too late.'), 'Too late.'],
    ];
    for (const [err, words] of cases) {
      assert.equal(oauthMessage(err), words, err.kind);
    }
    assert.equal(oauthMessage(new Error('token abc Bearer xyz.123')), 'OAuth sign-in failed: token abc Bearer [redacted]');
    assert.equal(oauthMessage(42), 'OAuth sign-in failed: 42');
  });

  it('keeps tokens out of its own message, and knows which failures end a session', () => {
    const err = new OAuthError('rejected', 'refresh failed for https://a/cb?refresh_token=rt-123&x=1', 'invalid_grant', 400);
    assert.equal(err.message, 'refresh failed for https://a/cb?refresh_token=[redacted]&x=1');
    assert.deepEqual([err.name, err.kind, err.code, err.status], ['OAuthError', 'rejected', 'invalid_grant', 400]);
    for (const kind of ['rejected', 'client', 'noRefreshToken', 'config', 'denied'] as const) {
      assert.equal(isFinal(new OAuthError(kind, 'x')), true, kind);
    }
    for (const kind of ['network', 'timeout', 'server', 'badResponse', 'cancelled', 'expired'] as const) {
      assert.equal(isFinal(new OAuthError(kind, 'x')), false, kind);
    }
    assert.equal(isFinal(new PostmanError('unauthorized', 'x')), false);
    assert.equal(isOAuthError(err, 'rejected'), true);
    assert.equal(isOAuthError(err, 'client'), false);
    assert.equal(isOAuthError(new Error('x')), false);
  });
});
