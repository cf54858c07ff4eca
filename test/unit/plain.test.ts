import * as assert from 'node:assert/strict';
import { breakLinks, cut, escapeMarkdown, list, MAX_MESSAGE, msg, piece, plain, render, withoutImages } from '../../src/text/plain';

/**
 * The pattern VS Code's notifications and dialogs turn into links (parseLinkedText in
 * vs/base/common/linkedText.ts, as shipped in code-server 4.139.1): a `[text](target)`
 * with an http(s), command or file target. Backslash escapes do not stop it.
 */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

function links(text: string): string[] {
  return [...text.matchAll(VSCODE_LINK)].map((m) => m[0]);
}

const PLANTED = [
  '[Open Settings](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%22%7D)',
  '[x](https://evil.example/steal)',
  '[file](file:///etc/passwd)',
  '\\[escaped\\](command:some.command)',
  '[a](command:b) then [c](command:d)',
  '[\u200b](command:b)',
  '[a](command:b "title")',
];

describe('plain text from untrusted sources', () => {
  it('the pattern is real: each planted link matches it before escaping', () => {
    for (const p of PLANTED) {
      assert.ok(links(p).length > 0, p);
    }
  });

  it('no planted link survives plain, msg, list or render, alone or joined with our own words', () => {
    for (const p of PLANTED) {
      assert.deepEqual(links(plain(p)), [], p);
      assert.deepEqual(links(render(msg`Could not open "${p}": ${piece(p)} (${list([p, p])})`)), [], p);
      // Two pieces that meet ("[a" + "](command:x)") cannot make one either.
      const [left, right] = [p.slice(0, p.indexOf(']')), p.slice(p.indexOf(']'))];
      assert.deepEqual(links(render(msg`${left}${right}`)), [], p);
    }
  });

  it('keeps the text readable: only a zero-width space is added after each ]', () => {
    assert.equal(plain('[Open](command:x)'), '[Open]\u200b(command:x)');
    assert.equal(plain('Team [QA] / Orders'), 'Team [QA]\u200b / Orders');
    assert.equal(plain('no brackets at all'), 'no brackets at all');
  });

  it('is idempotent: escaping twice adds nothing', () => {
    for (const p of PLANTED) {
      assert.equal(breakLinks(breakLinks(p)), breakLinks(p));
      assert.equal(render(msg`${piece(p)}`), plain(p, 600));
    }
  });

  it('turns controls into spaces and drops bidi overrides, so a name cannot fake a line or read as another', () => {
    assert.equal(plain('line one\nSigned in as admin\r\u2028x'), 'line one Signed in as admin x');
    assert.equal(plain('invoice\u202Egnp.exe'), 'invoicegnp.exe');
    assert.equal(plain('a\u0000b\u009fc'), 'a b c');
    assert.equal(plain('lone \ud800 surrogate'), 'lone \ufffd surrogate');
  });

  it('caps a piece and a whole message, counting code points and never splitting an emoji', () => {
    assert.equal([...plain('x'.repeat(500))].length, 200);
    assert.ok(plain('x'.repeat(500)).endsWith('…'));
    assert.equal(plain('😀'.repeat(300)), `${'😀'.repeat(199)}…`);
    assert.equal([...plain('y'.repeat(1000), 600)].length, 600);
    assert.equal(cut('short', 10), 'short');
    assert.equal(cut('abcdef', 4), 'abc…');
    const long = render(msg`${piece('z'.repeat(900), 900)} ${piece('z'.repeat(900), 900)}`);
    assert.equal([...long].length, MAX_MESSAGE);
  });

  it('msg escapes every value but another Message; our own words stay as written', () => {
    const inner = msg`inner [ok]`;
    assert.equal(String(msg`a ${'[x](command:y)'} b ${inner} c ${42}`), 'a [x]\u200b(command:y) b inner [ok] c 42');
    assert.equal(String(msg`${undefined} ${null}`), 'undefined null');
  });

  it('list joins escaped values and says how many were left out', () => {
    assert.equal(String(list(['a', 'b', 'c'], 2)), 'a, b, and 1 more');
    assert.equal(String(list(['a', 'b'], 8, ' and ')), 'a and b');
    assert.equal(String(list(['[x](command:y)'])), '[x]\u200b(command:y)');
  });

  it('escapeMarkdown leaves no link, image, emphasis or HTML in a tooltip', () => {
    assert.equal(escapeMarkdown('![i](https://t.example/p.png) [l](command:x) *b* <img> a_b ~s~'), '\\!\\[i\\]\\(https://t\\.example/p\\.png\\) \\[l\\]\\(command:x\\) \\*b\\* \\<img\\> a\\_b \\~s\\~');
  });

  it('withoutImages keeps a description but no image that would be fetched on hover', () => {
    assert.equal(withoutImages('See ![tracker](https://evil.example/t.gif) and !![x][ref]\n\n[ref]: https://evil.example/r.png'), 'See [tracker](https://evil.example/t.gif) and [x][ref]\n\n[ref]: https://evil.example/r.png');
    assert.equal(withoutImages('Wow! [link](https://ok.example)'), 'Wow! [link](https://ok.example)');
    assert.ok(!/!\[/.test(withoutImages('![a](b) ![c](d)')));
  });
});
