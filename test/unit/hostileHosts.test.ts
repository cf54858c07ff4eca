import * as assert from 'node:assert/strict';
import { parseEndpointUrl } from '../../src/auth/oauth/settings';
import { isLoopback, parseBaseUrl, PostmanError, resolveBaseUrl } from '../../src/postman';
import { OAuthError } from '../../src/auth/oauth/errors';

/**
 * Plain http is allowed only where it never leaves the machine. Hosts that merely start or
 * end like a loopback address are somewhere else, and a key or token must not go there.
 */
const HOSTILE = [
  'http://127.0.0.1.evil.example',
  'http://127.0.0.1.nip.io:8080',
  'http://localhost.evil.example',
  'http://evil-localhost',
  'http://mylocalhost',
  'http://127.0.0.1x',
  'http://128.0.0.1',
  'http://10.127.0.1',
  'http://[::2]',
  'http://[::ffff:7f00:1]',
  'http://0.0.0.0',
];
const LOOPBACK = ['http://127.0.0.1:4010', 'http://localhost', 'http://LOCALHOST:1', 'http://[::1]:9', 'http://127.255.255.254', 'http://127.1'];

describe('loopback, and hosts that only look like it', () => {
  for (const url of HOSTILE) {
    it(`refuses plain http to ${url} for the API key and for OAuth`, () => {
      assert.throws(() => parseBaseUrl(url), (err: unknown) => err instanceof PostmanError && err.kind === 'invalidConfig' && /plain http/.test(err.message));
      assert.throws(() => parseEndpointUrl(url, 'postman.oauth.tokenUrl'), (err: unknown) => err instanceof OAuthError && err.kind === 'config' && /plain http/.test(err.message));
      assert.equal(parseBaseUrl(url.replace('http:', 'https:')).startsWith('https://'), true, 'https is fine anywhere');
    });
  }

  for (const url of LOOPBACK) {
    it(`accepts plain http to ${url}`, () => {
      assert.ok(parseBaseUrl(url).startsWith('http://'));
      assert.ok(parseEndpointUrl(url, 's').startsWith('http://'));
    });
  }

  it('knows loopback host names exactly', () => {
    for (const host of ['localhost', '127.0.0.1', '127.0.0.255', '127.10.20.30', '[::1]', '::1']) {
      assert.equal(isLoopback(host), true, host);
    }
    for (const host of ['127.0.0.1.evil.example', 'x127.0.0.1', '127.0.0', '127.0.0.1.1', '127.0.0.1234', '127.a.b.c', '1270.0.0.1', 'localhost.', 'localhost:80', '[::1]:80', '']) {
      assert.equal(isLoopback(host), false, host);
    }
  });

  it('refuses a user name or a password alone, and strips every trailing slash', () => {
    for (const url of ['https://user@api.getpostman.com', 'https://:secret@api.getpostman.com']) {
      assert.throws(() => parseBaseUrl(url), { message: 'The setting postman.apiBaseUrl must not contain a user name or password.' });
    }
    assert.equal(parseBaseUrl('https://api.getpostman.com/v1///'), 'https://api.getpostman.com/v1');
    assert.throws(() => parseBaseUrl('https://api.getpostman.com/#top'), { message: 'The setting postman.apiBaseUrl must not contain a query or fragment.' });
    assert.throws(() => parseBaseUrl('file:///tmp/x'), { message: 'The setting postman.apiBaseUrl must be an https URL, not file:.' });
    assert.throws(() => parseBaseUrl('::'), { message: 'The setting postman.apiBaseUrl is not a valid URL: "::".' });
  });

  it('names the host and the setting when it refuses', () => {
    assert.throws(() => parseBaseUrl('http://127.0.0.1.evil.example/api'), {
      message: 'The setting postman.apiBaseUrl uses plain http for 127.0.0.1.evil.example; the API key would travel unencrypted. Use https (http is allowed only for localhost).',
    });
    assert.throws(() => resolveBaseUrl('http://127.0.0.1.evil.example', 'eu'), /plain http/);
  });
});
