import * as assert from 'node:assert/strict';
import { requestErrorText } from '../../src/runs/model/requestError';

describe('words for a request that got no answer', () => {
  it('puts the words for a known code first and keeps the runtime’s own text in brackets', () => {
    assert.equal(
      requestErrorText(Object.assign(new Error('ESOCKETTIMEDOUT'), { code: 'ESOCKETTIMEDOUT' })),
      'The server stopped answering within the request timeout (postman.send.requestTimeoutSeconds) (ESOCKETTIMEDOUT).',
    );
    assert.equal(requestErrorText({ code: 'ECONNRESET', message: 'read ECONNRESET' }), 'The server closed the connection without answering (read ECONNRESET).');
    assert.equal(
      requestErrorText({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }),
      'Connection refused: nothing is listening at that host and port (connect ECONNREFUSED 127.0.0.1:1).',
    );
    assert.equal(
      requestErrorText({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }),
      "The server's certificate is self-signed (postman.send.strictSSL turns the check off) (self-signed certificate).",
    );
  });

  it('knows each code it names', () => {
    const codes = ['ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID'];
    const texts = codes.map((code) => requestErrorText({ code, message: `m-${code}` }));
    for (const [i, text] of texts.entries()) {
      assert.match(text, /^[A-Z][^(]+ \(.*m-[A-Z_]+\)\.$/, text);
      assert.ok(text.endsWith(`(m-${codes[i]}).`), text);
    }
    assert.equal(new Set(texts.map((t) => t.slice(0, t.indexOf(' (m-')))).size, codes.length, 'each code has words of its own');
    assert.equal(requestErrorText({ code: 'ETIMEDOUT', message: 'x' }), 'No answer within the request timeout (postman.send.requestTimeoutSeconds) (x).');
    assert.equal(requestErrorText({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND nowhere.invalid' }), 'Host not found (getaddrinfo ENOTFOUND nowhere.invalid).');
  });

  it('leaves an error without a known code as the runtime said it, with its name when that says more', () => {
    assert.equal(requestErrorText(new Error('Exceeded maxRedirects. Probably stuck in a redirect loop')), 'Exceeded maxRedirects. Probably stuck in a redirect loop');
    assert.equal(requestErrorText(new TypeError('x is not a function')), 'TypeError: x is not a function');
    assert.equal(requestErrorText({ name: 'TypeError', message: 'TypeError: already named' }), 'TypeError: already named');
    assert.equal(requestErrorText({ code: 'toString', message: 'inherited names are not codes' }), 'inherited names are not codes');
    assert.equal(requestErrorText({ code: 42, message: 'a number is not a code' }), 'a number is not a code');
    assert.equal(requestErrorText({ code: 'EWHATEVER', message: 'unknown code' }), 'unknown code');
    assert.equal(requestErrorText({ message: '' }), '[object Object]');
  });
});
