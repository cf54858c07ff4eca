import * as assert from 'node:assert/strict';
import { REDACTED, redact } from '../../src/postman';

/**
 * The exact text the redactor leaves: a secret is replaced whole (not all but its first
 * character), the words around it stay readable, and only secret query parameters go.
 */
const KEY = 'PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01';
const R = REDACTED;

describe('redact: the exact text left', () => {
  const cases: [string, string][] = [
    ['Authorization: Bearer abc.def.ghi; next', `Authorization: Bearer ${R}; next`],
    ['authorization: bearer eyJ0eXAi.J9-_~+/x==, more', `authorization: bearer ${R}, more`],
    ['BEARER\tTOKEN123', `BEARER\t${R}`],
    ['Bearer  two-spaces-token', `Bearer  ${R}`],
    ['X-Api-Key : k-123456789', `X-Api-Key : ${R}`],
    ['{"x-api-key": "k-123456789"}', `{"x-api-key": "${R}"}`],
    ['X-Api-Key: k-123456789 sent', `X-Api-Key: ${R} sent`],
    ["x-api-key='k-123456789',", `x-api-key='${R}',`],
    ['x-api-key=k1}', `x-api-key=${R}}`],
    ['https://h/cb?code=xyz&state=1', `https://h/cb?code=${R}&state=1`],
    ['https://h/cb?state=1&code=SplxlOBeZQQYbYS6WxSbIA', `https://h/cb?state=1&code=${R}`],
    ['?apikey=K1&access_token=A1&refresh_token=R1&client_secret=S1&scope=read', `?apikey=${R}&access_token=${R}&refresh_token=${R}&client_secret=${R}&scope=read`],
    ['GET /cb?CODE=abc def', `GET /cb?CODE=${R} def`],
    ['?mycode=abc&zipcode=12345', '?mycode=abc&zipcode=12345'],
    [`key=${KEY} rejected`, `key=${R} rejected`],
    [`(${KEY})`, `(${R})`],
    ['token PMAT-01HXYZABCDEFGH ok', `token ${R} ok`],
    ['PMAK-short-key', 'PMAK-short-key'],
    ['PMAT-short', 'PMAT-short'],
    ['GET /workspaces 200 12 ms', 'GET /workspaces 200 12 ms'],
  ];
  for (const [input, output] of cases) {
    it(`${JSON.stringify(input)} becomes ${JSON.stringify(output)}`, () => {
      assert.equal(redact(input), output);
    });
  }

  it('replaces every occurrence of a known secret of 8 characters or more, and leaves shorter ones', () => {
    assert.equal(redact('a abcdefgh b abcdefgh', ['abcdefgh']), `a ${R} b ${R}`);
    assert.equal(redact('a abcdefg b', ['abcdefg']), 'a abcdefg b');
    assert.equal(redact('nothing here', ['', 'abcdefgh']), 'nothing here');
    assert.equal(redact('one s3cr3t-value, two t0ken-value', new Set(['s3cr3t-value', 't0ken-value'])), `one ${R}, two ${R}`);
  });

  it('replaces a known secret before the patterns run, so a token shaped like none is still caught', () => {
    assert.equal(redact('refresh with opaque:9f8e7d6c5b4a', ['opaque:9f8e7d6c5b4a']), `refresh with ${R}`);
  });
});
