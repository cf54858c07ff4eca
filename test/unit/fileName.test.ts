import * as assert from 'node:assert/strict';
import { safeFileName } from '../../src/text/fileName';

/** File names made from Postman names (tabs of `postman:` documents, linked files, saved responses). */
describe('safeFileName', () => {
  it('keeps an ordinary name as it is, trimmed', () => {
    assert.equal(safeFileName('Payments API v2'), 'Payments API v2');
    assert.equal(safeFileName('  Café ☕ 日本語  '), 'Café ☕ 日本語');
  });

  it('replaces each run of characters some system forbids, or that splits a path, by one underscore', () => {
    assert.equal(safeFileName('a/b\\c:d*e?f"g<h>i|j'), 'a_b_c_d_e_f_g_h_i_j');
    assert.equal(safeFileName('a//\\\\b'), 'a_b');
    assert.equal(safeFileName('tab\there\nnew\u0000nul\u007fdel\u0085c1\u2028ls\u2029ps'), 'tab_here_new_nul_del_c1_ls_ps');
    assert.equal(safeFileName('\u009f'), '_');
  });

  it('drops bidirectional overrides and isolates, so a name reads as what it is', () => {
    assert.equal(safeFileName('invoice\u202Egnp.exe'), 'invoicegnp.exe');
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']) {
      assert.equal(safeFileName(`a${c}b`), 'ab', `U+${c.charCodeAt(0).toString(16)}`);
    }
  });

  it('replaces a lone surrogate, and keeps a whole pair', () => {
    assert.equal(safeFileName('a\ud800b'), 'a\ufffdb');
    assert.equal(safeFileName('a\udc00b'), 'a\ufffdb');
    assert.equal(safeFileName('🚀'), '🚀');
  });

  it('never gives "." or ".." (path steps) nor an empty name', () => {
    assert.equal(safeFileName('.'), '_');
    assert.equal(safeFileName('..'), '__');
    assert.equal(safeFileName(' ... '), '___');
    assert.equal(safeFileName(''), 'unnamed');
    assert.equal(safeFileName('   '), 'unnamed');
    assert.equal(safeFileName('.env'), '.env');
    assert.equal(safeFileName('a.'), 'a.');
  });

  it('cuts at 120 characters without splitting a surrogate pair', () => {
    assert.equal(safeFileName('x'.repeat(200)), 'x'.repeat(120));
    assert.equal(safeFileName('x'.repeat(120)), 'x'.repeat(120));
    assert.equal(safeFileName(`${'x'.repeat(119)}🚀tail`), 'x'.repeat(119));
    assert.equal(safeFileName(`${'x'.repeat(118)}🚀tail`), `${'x'.repeat(118)}🚀`);
  });
});
