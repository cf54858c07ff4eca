import * as assert from 'node:assert/strict';
import { REDACTED, redact } from '../../src/postman';

const KEY = 'PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01';

describe('redact', () => {
  it('removes a known secret wherever it appears', () => {
    const secret = 'super-secret-token-value';
    assert.equal(redact(`a ${secret} b ${secret}`, [secret]), `a ${REDACTED} b ${REDACTED}`);
  });

  it('removes Postman API keys even when they are not known', () => {
    assert.ok(!redact(`key=${KEY} rejected`).includes(KEY));
  });

  it('removes bearer tokens, X-Api-Key headers and token query parameters', () => {
    const text = redact('Authorization: Bearer abc.def.ghi; {"x-api-key": "k-123456789"} https://h/cb?code=xyz&state=1&access_token=tok-secret-9');
    for (const leaked of ['abc.def.ghi', 'k-123456789', 'code=xyz', 'tok-secret-9']) {
      assert.ok(!text.includes(leaked), `${leaked} leaked in: ${text}`);
    }
    assert.ok(text.includes('state=1'), 'non-secret parameters stay readable');
  });

  it('leaves ordinary text and short strings alone', () => {
    assert.equal(redact('GET /workspaces 200 12 ms', ['ab']), 'GET /workspaces 200 12 ms');
  });
});
