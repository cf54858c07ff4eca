import * as assert from 'node:assert/strict';
import { DEFAULT_BASE_URL, parseBaseUrl, PostmanError } from '../../src/postman';

describe('parseBaseUrl', () => {
  it('defaults to the public API and strips trailing slashes', () => {
    assert.equal(parseBaseUrl(undefined), DEFAULT_BASE_URL);
    assert.equal(parseBaseUrl('  '), DEFAULT_BASE_URL);
    assert.equal(parseBaseUrl('https://api.eu.postman.com/'), 'https://api.eu.postman.com');
  });

  it('accepts plain http only on loopback', () => {
    assert.equal(parseBaseUrl('http://127.0.0.1:4010'), 'http://127.0.0.1:4010');
    assert.equal(parseBaseUrl('http://localhost:8080/'), 'http://localhost:8080');
    assert.equal(parseBaseUrl('http://[::1]:9000'), 'http://[::1]:9000');
    assert.equal(parseBaseUrl('http://127.8.9.10'), 'http://127.8.9.10');
  });

  for (const [input, fragment] of [
    ['http://api.getpostman.com', 'plain http'],
    ['http://localhost.evil.example', 'plain http'],
    ['http://10.0.0.5', 'plain http'],
    ['ftp://api.getpostman.com', 'https'],
    ['not a url', 'not a valid URL'],
    ['https://user:pw@api.getpostman.com', 'user name or password'],
    ['https://api.getpostman.com/?apikey=x', 'query'],
  ] as const) {
    it(`refuses ${input} with a clear message`, () => {
      assert.throws(
        () => parseBaseUrl(input),
        (err: unknown) => err instanceof PostmanError && err.kind === 'invalidConfig' && err.message.includes(fragment) && err.message.includes('postman.apiBaseUrl'),
      );
    });
  }
});
