import * as assert from 'node:assert/strict';
import { itemRows, requestUrl } from '../../src/tree/model/collectionRows';
import { elementLink, encodeSegment, ownerOf, workspaceLink } from '../../src/tree/model/postmanLinks';
import { displayName, md, type Row, uniqueIds, workspaceOf } from '../../src/tree/model/row';

/** What a row shows of a name from Postman, its tooltip's Markdown, its id and links. */
const row = (id: string, kind: Row['kind'] = 'collection', parent?: Row): Row => ({ id, kind, parent, label: id, expandable: false, flags: [] });

describe('names as rows show them', () => {
  it('turns control characters into spaces and drops bidi overrides; right-to-left text and emoji stay', () => {
    assert.equal(displayName('a\nb\tc\u0000d\u007fe\u0085f\u2028g\u2029h'), 'a b c d e f g h');
    assert.equal(displayName('a\r\n\r\nb'), 'a b', 'a run of controls is one space');
    assert.equal(displayName('\u202eevil\u202c \u2066x\u2069'), 'evil x');
    assert.equal(displayName('\u202a\u202b\u202d'), '(unnamed)');
    assert.equal(displayName('שלום 🎉 مرحبا'), 'שלום 🎉 مرحبا');
    assert.equal(displayName('  padded  '), 'padded');
    assert.equal(displayName(''), '(unnamed)');
    assert.equal(displayName(' \n '), '(unnamed)');
    assert.equal(displayName('a\u200bb'), 'a\u200bb', 'a zero-width space is not a control character');
  });

  it('cuts long names at a character boundary with an ellipsis', () => {
    assert.equal(displayName('x'.repeat(200)), 'x'.repeat(200));
    assert.equal(displayName('x'.repeat(201)), `${'x'.repeat(199)}…`);
    assert.equal(displayName('🎉'.repeat(10), 5), '🎉🎉🎉🎉…');
    assert.equal(displayName('abcdef', 6), 'abcdef');
  });

  it('escapes Markdown so a name cannot make a link, HTML or emphasis', () => {
    assert.equal(md('[x](https://evil) <img> *a* _b_ `c` #d +e -f .g !h |i ~j {k} \\l'), '\\[x\\]\\(https://evil\\) \\<img\\> \\*a\\* \\_b\\_ \\`c\\` \\#d \\+e \\-f \\.g \\!h \\|i \\~j \\{k\\} \\\\l');
    assert.equal(md('plain words, 123'), 'plain words, 123');
  });
});

describe('row ids and links', () => {
  it('gives twins a suffix, keeping the first as it is', () => {
    const a = row('x');
    const rows = uniqueIds([a, row('x'), row('y'), row('x'), row('x~2')]);
    assert.deepEqual(rows.map((r) => r.id), ['x', 'x~2', 'y', 'x~3', 'x~2~2']);
    assert.equal(rows[0], a, 'an unchanged row is the same object');
  });

  it('finds the workspace a row sits under', () => {
    const ws = row('w', 'workspace');
    const group = row('g', 'group', ws);
    const item = row('i', 'folder', row('c', 'collection', group));
    assert.equal(workspaceOf(item), ws);
    assert.equal(workspaceOf(ws), ws);
    assert.equal(workspaceOf(undefined), undefined);
    assert.equal(workspaceOf(row('m', 'message')), undefined);
  });

  it('encodes ids into one segment, even lone surrogates and slashes', () => {
    assert.equal(encodeSegment('a/b c'), 'a%2Fb%20c');
    assert.equal(encodeSegment('x\ud800y'), 'x%EF%BF%BDy');
    assert.equal(encodeSegment('x\udc00'), 'x%EF%BF%BD');
    assert.equal(encodeSegment('\ud83c\udf89'), '%F0%9F%8E%89', 'a whole pair is kept');
    assert.equal(encodeSegment('\udc00\ud800'), '%EF%BF%BD%EF%BF%BD');
  });

  it('links into Postman\'s web app by workspace, kind and uid; the owner is the uid\'s numeric prefix', () => {
    assert.equal(workspaceLink('w 1'), 'https://go.postman.co/workspace/w%201');
    assert.equal(elementLink('w', 'request', '12-a/b'), 'https://go.postman.co/workspace/w/request/12-a%2Fb');
    assert.equal(ownerOf('12345-abc-def'), '12345');
    assert.equal(ownerOf('abc-12345'), undefined);
    assert.equal(ownerOf('12345'), undefined);
    assert.equal(ownerOf('x12-a'), undefined);
  });
});

describe('collection items as rows', () => {
  const parent = row('ws:w/collections/12-c', 'collection');

  it('reads a URL from a string or a url.raw, and nothing else', () => {
    assert.equal(requestUrl({ url: 'https://x' }), 'https://x');
    assert.equal(requestUrl({ url: { raw: 'https://y', host: ['y'] } }), 'https://y');
    assert.equal(requestUrl({ url: { host: ['y'] } }), undefined);
    assert.equal(requestUrl({ url: 5 }), undefined);
    assert.equal(requestUrl({ url: { raw: 5 } }), undefined);
    assert.equal(requestUrl('https://x'), undefined);
    assert.equal(requestUrl(null), undefined);
  });

  it('names items by position when they have no id, and links only items whose collection has an owner', () => {
    const rows = itemRows(parent, [{ name: 'a', request: {} }, { id: '', name: 'b', item: [] }, 'junk', { id: 'i/d', name: 'c' }, { id: 5, name: 'n' }], 'w', 'not-owned');
    assert.deepEqual(rows.map((r) => r.id), [`${parent.id}/#0`, `${parent.id}/#1`, `${parent.id}/#2`, `${parent.id}/i%2Fd`, `${parent.id}/#4`]);
    assert.deepEqual(rows.map((r) => [r.label, r.kind]), [['a', 'request'], ['b', 'folder'], ['(unnamed)', 'request'], ['c', 'request'], ['n', 'request']]);
    assert.equal(rows[4].ids, undefined, 'a numeric id is not an item id');
    assert.deepEqual(rows[3].ids, { id: 'i/d' });
    assert.equal(rows[3].webUrl, undefined);
    assert.equal(rows[0].ids, undefined);
    const owned = itemRows(parent, [{ id: 'f', name: 'F', item: [{}] }], 'w', '12-c');
    assert.deepEqual(owned[0].ids, { id: 'f', uid: '12-f' });
    assert.equal(owned[0].webUrl, 'https://go.postman.co/workspace/w/folder/12-f');
    assert.deepEqual(owned[0].items, [{}]);
    assert.equal(owned[0].workspaceId, 'w');
    assert.equal(owned[0].collectionUid, '12-c');
  });

  it('takes a request\'s description before the item\'s, in either form Collection Format allows', () => {
    const [odd] = itemRows(parent, [{ name: 'odd', request: { url: 'u', description: { content: 5 } }, description: 'from item' }], 'w', '12-c');
    assert.equal(odd.tooltip, '**GET** `u`\n\n---\n\nfrom item', 'a description whose content is not text is none');
    const [a, b, c, d] = itemRows(parent, [
      { name: 'a', request: { url: 'u', description: { content: 'from request', type: 'text/markdown' } }, description: 'from item' },
      { name: 'b', request: { url: 'u', description: '' }, description: { content: 'from item' } },
      { name: 'c', request: { url: 'u', description: { content: '' } } },
      { name: 'd', description: 'folder words', item: [{}, {}] },
    ], 'w', '12-c');
    assert.equal(a.tooltip, '**GET** `u`\n\n---\n\nfrom request');
    assert.equal(b.tooltip, '**GET** `u`\n\n---\n\nfrom item');
    assert.equal(c.tooltip, '**GET** `u`');
    assert.equal(d.tooltip, '**d** · folder, 2 items\n\n---\n\nfolder words');
    assert.equal(d.description, '2');
  });

  it('shows each method in its theme colour', () => {
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'];
    const rows = itemRows(parent, methods.map((method) => ({ name: method, request: { method: method.toLowerCase(), url: 'u' } })), 'w', '12-c');
    assert.deepEqual(rows.map((r) => r.iconColor), ['charts.green', 'charts.yellow', 'charts.blue', 'charts.purple', 'charts.red', 'charts.foreground', 'charts.foreground', 'charts.foreground']);
    assert.deepEqual(rows.map((r) => r.description), methods);
    const [bare] = itemRows(parent, [{ name: 'n', request: { method: 7, url: 'u' } }], 'w', '12-c');
    assert.equal(bare.description, 'GET');
  });
});
