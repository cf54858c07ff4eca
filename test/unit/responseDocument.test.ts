import * as assert from 'node:assert/strict';
import { bodyKind, formatBytes, headerOf, isBinary, maskCutEnd, responseDocument, unresolvedVariables, type DocumentOptions } from '../../src/runs/model/responseDocument';
import { emptyOutcome, type SendOutcome } from '../../src/runs/model/sendOutcome';
import type { ReceivedResponse, SentRequest } from '../../src/runs/model/types';
import { MASK } from '../../src/runs/model/variables';

const RULE = '─'.repeat(60);
const SAVE_HINT = '"Postman: Save Response Body…"';
const OPTIONS: DocumentOptions = { secrets: [], maxShownBytes: 1024 * 1024 };

function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function received(contentType: string | undefined, body: string | Uint8Array, extra: Partial<ReceivedResponse> = {}): ReceivedResponse {
  const raw = typeof body === 'string' ? bytes(body) : body;
  return {
    code: 200,
    status: 'OK',
    headers: contentType === undefined ? [] : [['Content-Type', contentType]],
    body: raw,
    size: raw.byteLength,
    truncated: false,
    timeMs: 12,
    ...extra,
  };
}

function sent(url = 'https://api.example.com/items', headers: [string, string][] = []): SentRequest {
  return { method: 'GET', url, headers };
}

function outcome(parts: Partial<SendOutcome>): SendOutcome {
  return { ...emptyOutcome(), ...parts };
}

/** The document of a GET with no request headers and a response of this type and body. */
function docOf(contentType: string | undefined, body: string | Uint8Array, options: Partial<DocumentOptions> = {}) {
  return responseDocument(outcome({ request: sent(), response: received(contentType, body) }), { ...OPTIONS, ...options });
}

describe('the response document', () => {
  describe('bodyKind', () => {
    const cases: [string | undefined, string][] = [
      ['application/json', 'jsonc'],
      ['application/json; charset=utf-8', 'jsonc'],
      ['APPLICATION/JSON', 'jsonc'],
      ['application/vnd.api+json', 'jsonc'],
      ['application/problem+json', 'jsonc'],
      ['application/hal+json; charset=utf-8', 'jsonc'],
      ['text/json', 'jsonc'],
      ['application/json-seq', 'jsonc'],
      // Only "application/json" itself may run on into more letters.
      ['application/json5', 'jsonc'],
      ['text/jsonl', 'plaintext'],
      ['application/vnd.x+jsonish', 'plaintext'],
      ['text/plain; note=application/jsonish', 'plaintext'],
      ['text/html', 'html'],
      ['text/html; charset=utf-8', 'html'],
      ['TEXT/HTML', 'html'],
      ['application/xhtml+xml', 'html'],
      ['text/plain; note=text/html', 'plaintext'],
      ['application/xml', 'xml'],
      ['text/xml; charset=utf-8', 'xml'],
      ['image/svg+xml', 'xml'],
      ['application/atom+xml', 'xml'],
      ['application/XML', 'xml'],
      ['application/xmlish', 'plaintext'],
      ['application/javascript', 'javascript'],
      ['text/javascript; charset=utf-8', 'javascript'],
      ['application/ecmascript', 'javascript'],
      ['TEXT/JAVASCRIPT', 'javascript'],
      ['text/plain', 'plaintext'],
      ['text/csv', 'plaintext'],
      ['', 'plaintext'],
      [undefined, 'plaintext'],
    ];
    for (const [type, language] of cases) {
      it(`${type === undefined ? 'no content type' : JSON.stringify(type)}: ${language}`, () => {
        assert.equal(bodyKind(type).language, language);
      });
    }
  });

  describe('isBinary', () => {
    const text = bytes('just text');
    for (const type of [
      'image/png',
      'IMAGE/JPEG',
      'audio/mpeg',
      'video/mp4',
      'font/woff2',
      'application/octet-stream',
      'application/pdf',
      'application/zip',
      'application/gzip',
      'application/x-protobuf',
      'application/x-tar',
      'application/x-gzip',
      'application/x-bzip2',
      'application/x-7z-compressed',
      'application/x-rar-compressed',
      'application/x-msdownload',
      'application/vnd.ms-excel',
      'application/vnd.android.package-archive',
    ]) {
      it(`${type} is binary whatever its bytes`, () => {
        assert.equal(isBinary(type, text), true);
      });
    }

    for (const type of [
      'image/svg+xml',
      'IMAGE/SVG+XML; charset=utf-8',
      'application/vnd.api+json',
      'application/vnd.github+json',
      'application/vnd.foo+xml',
      'application/json',
      'text/html',
      'text/plain',
      'application/xml',
      'application/javascript',
      // Text types whose names start with x-: a token endpoint's form answer, old JavaScript.
      'application/x-www-form-urlencoded',
      'application/x-javascript',
      'application/x-ndjson',
      // Named only in a parameter, or after the start: not the type.
      'text/plain; format=image/png',
      'text/csv; source=application/pdf',
      'text/x-image/png',
      'multipart/application/zip',
    ]) {
      it(`${type} is not binary by its type`, () => {
        assert.equal(isBinary(type, text), false);
      });
    }

    it('without a known type, a NUL in the first 8 KB makes it binary', () => {
      assert.equal(isBinary(undefined, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00])), true);
      assert.equal(isBinary(undefined, new Uint8Array([0])), true);
      assert.equal(isBinary('text/plain', new Uint8Array([0x61, 0x00, 0x62])), true);
      assert.equal(isBinary('', new Uint8Array([0x00])), true);
      // An SVG is still looked at: the exemption is from the type list only.
      assert.equal(isBinary('image/svg+xml', new Uint8Array([0x3c, 0x00])), true);
    });

    it('the NUL scan stops at 8192 bytes', () => {
      const atLast = new Uint8Array(8192).fill(0x61);
      atLast[8191] = 0;
      assert.equal(isBinary(undefined, atLast), true);
      const past = new Uint8Array(8193).fill(0x61);
      past[8192] = 0;
      assert.equal(isBinary(undefined, past), false);
      assert.equal(isBinary('text/plain', past), false);
    });

    it('UTF-8 text and an empty body are not binary', () => {
      assert.equal(isBinary(undefined, bytes('héllo — ✓ 日本')), false);
      assert.equal(isBinary(undefined, new Uint8Array(0)), false);
      assert.equal(isBinary('application/json', bytes('{"a":1}')), false);
    });
  });

  describe('formatBytes', () => {
    const cases: [number, string][] = [
      [0, '0 B'],
      [1, '1 B'],
      [1023, '1023 B'],
      [1024, '1.0 KB'],
      [1536, '1.5 KB'],
      [10 * 1024 - 103, '9.9 KB'],
      [10 * 1024, '10 KB'],
      [100 * 1024, '100 KB'],
      [1024 * 1024 - 1024, '1023 KB'],
      [1024 * 1024, '1.0 MB'],
      [1.5 * 1024 * 1024, '1.5 MB'],
      [10 * 1024 * 1024, '10 MB'],
      [1024 * 1024 * 1024, '1.0 GB'],
      [25 * 1024 * 1024 * 1024, '25 GB'],
      [1024 * 1024 * 1024 * 1024, '1024 GB'],
    ];
    for (const [n, text] of cases) {
      it(`${n} bytes: ${text}`, () => {
        assert.equal(formatBytes(n), text);
      });
    }
  });

  describe('headerOf', () => {
    it('finds a header by its lower-case name, whatever its case, the first of several', () => {
      const headers: [string, string][] = [
        ['X-One', '1'],
        ['CONTENT-Type', 'text/plain'],
        ['content-type', 'application/json'],
      ];
      assert.equal(headerOf(headers, 'content-type'), 'text/plain');
      assert.equal(headerOf(headers, 'x-one'), '1');
    });

    it('undefined when absent or without headers', () => {
      assert.equal(headerOf([['X-One', '1']], 'content-type'), undefined);
      assert.equal(headerOf([], 'content-type'), undefined);
      assert.equal(headerOf(undefined, 'content-type'), undefined);
    });
  });

  describe('unresolvedVariables', () => {
    it('names each {{variable}} left in a URL once, percent-encoded braces too', () => {
      assert.deepEqual(unresolvedVariables('https://x/%7B%7Bhost%7D%7D/a?b={{b}}&c={{b}}&d={{long_name.v2}}'), ['host', 'b', 'long_name.v2']);
      assert.deepEqual(unresolvedVariables('https://x/{{a}}{{b}}'), ['a', 'b']);
      assert.deepEqual(unresolvedVariables('https://x/?q=%7b%7bmixed%7D%7D'), ['mixed']);
    });

    it('none in a resolved URL, nor in braces that hold nothing or other braces', () => {
      assert.deepEqual(unresolvedVariables('https://api.example.com/items?id=1'), []);
      assert.deepEqual(unresolvedVariables('https://x/{{}}/{a}/{{a{b}}'), []);
      assert.deepEqual(unresolvedVariables(''), []);
    });

    it('a URL that cannot be decoded as a whole is searched as it is', () => {
      assert.deepEqual(unresolvedVariables('https://x/{{a}}/%E0%A4%A/{{b}}'), ['a', 'b']);
      assert.deepEqual(unresolvedVariables('https://x/%7B%7Ba%7D%7D/%E0%A4%A'), []);
    });
  });

  describe('responseDocument', () => {
    it('JSON: the header block as // comments, then the body pretty-printed', () => {
      const doc = responseDocument(
        outcome({
          request: sent('https://api.example.com/orders?id=1', [
            ['Accept', 'application/json'],
            ['Authorization', 'Bearer abc.def'],
          ]),
          response: received('application/json; charset=utf-8', '{"id":1,"tags":["a"]}', {
            code: 200,
            status: 'OK',
            timeMs: 42,
            headers: [
              ['Content-Type', 'application/json; charset=utf-8'],
              ['X-Request-Id', 'r1'],
            ],
          }),
          assertions: [
            { index: 0, name: 'status is 200', passed: true, skipped: false },
            { index: 1, name: 'has a name', passed: false, skipped: false, error: { name: 'AssertionError', message: 'expected undefined to equal "x"' } },
            { index: 2, name: 'later', passed: false, skipped: true },
          ],
          scriptErrors: [
            { target: 'prerequest', message: 'boom' },
            { target: 'test', message: 'oops' },
          ],
          console: [
            { level: 'log', text: 'hello' },
            { level: 'warn', text: 'two\nlines' },
          ],
        }),
        OPTIONS,
      );
      assert.deepEqual(doc, {
        language: 'jsonc',
        bodyHidden: false,
        bodyCut: false,
        text: [
          '// GET https://api.example.com/orders?id=1',
          '// 200 OK · 42 ms · 21 B',
          '//',
          '// Tests: 1 of 2 passed',
          '//   ✓ status is 200',
          '//   ✗ has a name: expected undefined to equal "x"',
          '//   - later',
          '//',
          '// Script errors:',
          '//   pre-request: boom',
          '//   post-response: oops',
          '//',
          '// Console:',
          '//   log: hello',
          '//   warn: two',
          '//     lines',
          '//',
          '// Response headers:',
          '//   Content-Type: application/json; charset=utf-8',
          '//   X-Request-Id: r1',
          '//',
          '// Request headers:',
          '//   Accept: application/json',
          '//   Authorization: ••••••',
          '{',
          '  "id": 1,',
          '  "tags": [',
          '    "a"',
          '  ]',
          '}',
          '',
        ].join('\n'),
      });
    });

    it('plain text: the header block above a rule, the body as it came', () => {
      const doc = responseDocument(
        outcome({
          request: { method: 'POST', url: 'http://localhost:3000/echo', headers: [['Content-Type', 'text/plain']], body: 'hi' },
          response: received('text/plain', 'hello\n', { code: 201, status: 'Created', timeMs: 5 }),
        }),
        OPTIONS,
      );
      assert.deepEqual(doc, {
        language: 'plaintext',
        bodyHidden: false,
        bodyCut: false,
        text: [
          'POST http://localhost:3000/echo',
          '201 Created · 5 ms · 6 B',
          '',
          'Response headers:',
          '  Content-Type: text/plain',
          '',
          'Request headers:',
          '  Content-Type: text/plain',
          RULE,
          'hello',
          '',
        ].join('\n'),
      });
    });

    it('XML: the header block as an XML comment with "--" broken up, the body indented', () => {
      const doc = responseDocument(
        outcome({
          request: sent('https://api.example.com/a--b', [['X-Mode', '---']]),
          response: received('application/xml', '<?xml version="1.0"?><r a="1"><x>1</x><y/></r>', { timeMs: 7 }),
          console: [{ level: 'log', text: 'run --verbose' }, { level: 'log', text: '--------' }, { level: 'log', text: 'a-b - c-' }],
        }),
        OPTIONS,
      );
      assert.deepEqual(doc, {
        language: 'xml',
        bodyHidden: false,
        bodyCut: false,
        text: [
          '<!--',
          '  GET https://api.example.com/a- -b',
          '  200 OK · 7 ms · 46 B',
          '  ',
          '  Console:',
          '    log: run - -verbose',
          '    log: - - - - - - - -',
          '    log: a-b - c-',
          '  ',
          '  Response headers:',
          '    Content-Type: application/xml',
          '  ',
          '  Request headers:',
          '    X-Mode: - - -',
          '-->',
          '<?xml version="1.0"?>',
          '<r a="1">',
          '  <x>1</x>',
          '  <y/>',
          '</r>',
          '',
        ].join('\n'),
      });
      assert.ok(!doc.text.slice(4, doc.text.indexOf('\n-->')).includes('--'), 'no "--" inside the comment');
    });

    it('SVG is XML, shown and pretty-printed', () => {
      const doc = docOf('image/svg+xml', '<svg><g/></svg>');
      assert.equal(doc.language, 'xml');
      assert.equal(doc.bodyHidden, false);
      assert.ok(doc.text.endsWith('-->\n<svg>\n  <g/>\n</svg>\n'), doc.text);
    });

    it('HTML: an HTML comment, the body as it came', () => {
      const doc = docOf('text/html; charset=utf-8', '<html><body><p>x</p></body></html>');
      assert.deepEqual(doc, {
        language: 'html',
        bodyHidden: false,
        bodyCut: false,
        text: [
          '<!--',
          '  GET https://api.example.com/items',
          '  200 OK · 12 ms · 34 B',
          '  ',
          '  Response headers:',
          '    Content-Type: text/html; charset=utf-8',
          '  ',
          '  Request headers:',
          '-->',
          '<html><body><p>x</p></body></html>',
          '',
        ].join('\n'),
      });
      assert.equal(docOf('application/xhtml+xml', '<html/>').language, 'html');
    });

    it('JavaScript: // comments, the body as it came', () => {
      const doc = docOf('application/javascript', 'var a = {b:1};\n');
      assert.deepEqual(doc, {
        language: 'javascript',
        bodyHidden: false,
        bodyCut: false,
        text: [
          '// GET https://api.example.com/items',
          '// 200 OK · 12 ms · 15 B',
          '//',
          '// Response headers:',
          '//   Content-Type: application/javascript',
          '//',
          '// Request headers:',
          'var a = {b:1};',
          '',
        ].join('\n'),
      });
    });

    it('no content type: plain text', () => {
      const doc = docOf(undefined, 'raw');
      assert.equal(doc.language, 'plaintext');
      assert.equal(doc.text, ['GET https://api.example.com/items', '200 OK · 12 ms · 3 B', '', 'Response headers:', '', 'Request headers:', RULE, 'raw', ''].join('\n'));
    });

    it('a body that is not what its JSON or XML type says is shown as it came', () => {
      assert.ok(docOf('application/json', '<html>Bad gateway</html>').text.endsWith(`// Request headers:\n<html>Bad gateway</html>\n`));
      assert.equal(docOf('application/json', '<html>Bad gateway</html>').language, 'jsonc');
      assert.ok(docOf('application/problem+json', '{"title":').text.endsWith('\n{"title":\n'));
      assert.ok(docOf('application/xml', 'not <xml').text.endsWith('-->\nnot <xml\n'));
      assert.ok(docOf('application/json', '  \n').text.endsWith('// Request headers:\n  \n'));
    });

    it('other JSON types are pretty-printed too', () => {
      assert.ok(docOf('application/vnd.api+json', '{"data":[]}').text.endsWith('// Request headers:\n{\n  "data": []\n}\n'));
      assert.ok(docOf('application/problem+json', '{"status":404}').text.endsWith('// Request headers:\n{\n  "status": 404\n}\n'));
    });

    it('an empty body: the header block alone', () => {
      const doc = docOf('application/json', '');
      assert.equal(doc.text, ['// GET https://api.example.com/items', '// 200 OK · 12 ms · 0 B', '//', '// Response headers:', '//   Content-Type: application/json', '//', '// Request headers:', ''].join('\n'));
      assert.equal(docOf('text/html', '').text.endsWith('  Request headers:\n-->\n'), true);
    });

    it('a body ending in a newline gets no second one', () => {
      assert.ok(docOf('text/plain', 'a\n\n').text.endsWith(`${RULE}\na\n\n`));
      assert.ok(docOf('text/plain', 'a').text.endsWith(`${RULE}\na\n`));
    });

    it('nothing sent: the rule alone', () => {
      assert.deepEqual(responseDocument(emptyOutcome(), OPTIONS), { language: 'plaintext', text: `\n${RULE}\n`, bodyHidden: false, bodyCut: false });
    });

    it('a request that failed: its error, no response', () => {
      const doc = responseDocument(outcome({ request: sent('https://localhost:1/x'), error: 'connect ECONNREFUSED 127.0.0.1:1' }), OPTIONS);
      assert.deepEqual(doc, {
        language: 'plaintext',
        bodyHidden: false,
        bodyCut: false,
        text: ['GET https://localhost:1/x', 'Error: connect ECONNREFUSED 127.0.0.1:1', '', 'Request headers:', RULE, ''].join('\n'),
      });
    });

    it('cancelled, run error: each on its line, in order', () => {
      const doc = responseDocument(
        outcome({ request: sent('u'), response: received('text/plain', 'x'), aborted: true, error: 'socket hang up', runError: 'run timed out' }),
        OPTIONS,
      );
      assert.equal(
        doc.text,
        ['GET u', 'Cancelled.', '200 OK · 12 ms · 1 B', 'Error: socket hang up', 'Run error: run timed out', '', 'Response headers:', '  Content-Type: text/plain', '', 'Request headers:', RULE, 'x', ''].join('\n'),
      );
      assert.equal(responseDocument(outcome({ runError: 'could not start' }), OPTIONS).text, `Run error: could not start\n${RULE}\n`);
      assert.equal(responseDocument(outcome({ aborted: true }), OPTIONS).text, `Cancelled.\n${RULE}\n`);
    });

    it('names the variables left unresolved in the URL, after its error and before a run error', () => {
      const doc = responseDocument(
        outcome({ request: sent('https://%7B%7Bhost%7D%7D/items/{{id}}'), error: 'getaddrinfo ENOTFOUND {{host}}', runError: 'stopped' }),
        OPTIONS,
      );
      assert.equal(
        doc.text,
        ['GET https://%7B%7Bhost%7D%7D/items/{{id}}', 'Error: getaddrinfo ENOTFOUND {{host}}', 'Unresolved variables: host, id', 'Run error: stopped', '', 'Request headers:', RULE, ''].join('\n'),
      );
      assert.ok(!responseDocument(outcome({ request: sent() }), OPTIONS).text.includes('Unresolved'));
    });

    it('tests: skipped ones marked "-" and not counted; failures with their message', () => {
      const doc = responseDocument(
        outcome({
          assertions: [
            { index: 0, name: 'a', passed: true, skipped: false },
            { index: 1, name: 'b', passed: true, skipped: true },
            { index: 2, name: 'c', passed: false, skipped: true },
            { index: 3, name: 'd', passed: true, skipped: false, error: { name: 'E', message: 'odd' } },
            { index: 4, name: 'e', passed: false, skipped: false },
          ],
        }),
        OPTIONS,
      );
      assert.equal(doc.text, ['', 'Tests: 2 of 3 passed', '  ✓ a', '  - b', '  - c', '  ✓ d: odd', '  ✗ e', RULE, ''].join('\n'));
      const allSkipped = responseDocument(outcome({ assertions: [{ index: 0, name: 's', passed: false, skipped: true }] }), OPTIONS);
      assert.equal(allSkipped.text, ['', 'Tests: 0 of 0 passed', '  - s', RULE, ''].join('\n'));
    });

    it('script errors name the script: pre-request or post-response', () => {
      const doc = responseDocument(
        outcome({
          scriptErrors: [
            { target: 'test', message: 'ReferenceError: x is not defined' },
            { target: 'prerequest', message: 'TypeError: y' },
          ],
        }),
        OPTIONS,
      );
      assert.equal(doc.text, ['', 'Script errors:', '  post-response: ReferenceError: x is not defined', '  pre-request: TypeError: y', RULE, ''].join('\n'));
    });

    it('console: each line of a message indented under its level, whatever its line ends', () => {
      const doc = responseDocument(
        outcome({
          console: [
            { level: 'info', text: 'one\r\ntwo\nthree' },
            { level: 'error', text: 'lone\rreturn' },
            { level: 'log', text: '' },
          ],
        }),
        OPTIONS,
      );
      assert.equal(doc.text, ['', 'Console:', '  info: one', '    two', '    three', '  error: lone return', '  log: ', RULE, ''].join('\n'));
    });

    it('line breaks inside a header line become one space, so nothing fakes a line', () => {
      const doc = responseDocument(outcome({ request: sent('https://x/\r\nGET https://evil'), error: 'first\r\n\nsecond\rthird' }), OPTIONS);
      assert.equal(doc.text, ['GET https://x/ GET https://evil', 'Error: first second third', '', 'Request headers:', RULE, ''].join('\n'));
    });

    it('credential request headers are masked, whatever their case; others and response headers are not', () => {
      const doc = responseDocument(
        outcome({
          request: sent('u', [
            ['Authorization', 'Bearer a'],
            ['proxy-authorization', 'Basic b'],
            ['COOKIE', 'session=c'],
            ['X-Api-Key', 'k1'],
            ['x-api-key', 'k2'],
            ['X-Api-Key-Id', 'id-1'],
            ['Set-Cookie', 'shown=1'],
            ['X-Authorization-Mode', 'shown'],
          ]),
        }),
        OPTIONS,
      );
      assert.equal(
        doc.text,
        [
          'GET u',
          '',
          'Request headers:',
          '  Authorization: ••••••',
          '  proxy-authorization: ••••••',
          '  COOKIE: ••••••',
          '  X-Api-Key: ••••••',
          '  x-api-key: ••••••',
          '  X-Api-Key-Id: id-1',
          '  Set-Cookie: shown=1',
          '  X-Authorization-Mode: shown',
          RULE,
          '',
        ].join('\n'),
      );
    });

    it('secrets are masked everywhere: URL, headers, errors, tests, console and body', () => {
      const secret = 'tok-12345';
      const doc = responseDocument(
        outcome({
          request: sent(`https://x/?key=${secret}`, [['X-Token', secret]]),
          response: received('application/json', `{"token":"${secret}","again":"${secret}"}`, { headers: [['Content-Type', 'application/json'], ['X-Echo', secret]] }),
          error: `failed with ${secret}`,
          assertions: [{ index: 0, name: `uses ${secret}`, passed: false, skipped: false, error: { name: 'E', message: `got ${secret}` } }],
          console: [{ level: 'log', text: `token ${secret}` }],
        }),
        { ...OPTIONS, secrets: [secret] },
      );
      assert.ok(!doc.text.includes(secret));
      assert.ok(!doc.text.includes('12345'));
      assert.equal(
        doc.text,
        [
          '// GET https://x/?key=••••••',
          '// 200 OK · 12 ms · 41 B',
          '// Error: failed with ••••••',
          '//',
          '// Tests: 0 of 1 passed',
          '//   ✗ uses ••••••: got ••••••',
          '//',
          '// Console:',
          '//   log: token ••••••',
          '//',
          '// Response headers:',
          '//   Content-Type: application/json',
          '//   X-Echo: ••••••',
          '//',
          '// Request headers:',
          '//   X-Token: ••••••',
          '{',
          '  "token": "••••••",',
          '  "again": "••••••"',
          '}',
          '',
        ].join('\n'),
      );
    });

    it('a secret holding "--" is masked in an XML or HTML comment too', () => {
      const secret = 'ab--cd--ef';
      const doc = responseDocument(
        outcome({ request: sent(`https://x/?k=${secret}`), response: received('text/html', `<p>${secret}</p>`), console: [{ level: 'log', text: secret }] }),
        { ...OPTIONS, secrets: [secret] },
      );
      assert.ok(!doc.text.includes('ab- -cd'), doc.text);
      assert.ok(!doc.text.includes('cd'), doc.text);
      assert.ok(doc.text.startsWith('<!--\n  GET https://x/?k=••••••\n'), doc.text);
      assert.ok(doc.text.includes('\n    log: ••••••\n'), doc.text);
      assert.ok(doc.text.endsWith('-->\n<p>••••••</p>\n'), doc.text);
    });

    it('a secret spanning lines is masked before the header block is cut into lines', () => {
      const secret = 'line-one\nline-two';
      const doc = responseDocument(
        outcome({ error: `bad ${secret}`, console: [{ level: 'log', text: `key: ${secret} end` }, { level: 'log', text: 'line-one\r\nline-two' }] }),
        { ...OPTIONS, secrets: [secret] },
      );
      assert.equal(doc.text, ['Error: bad ••••••', '', 'Console:', '  log: key: •••••• end', '  log: line-one', '    line-two', RULE, ''].join('\n'));
    });

    it('a secret containing another is masked whole', () => {
      const doc = responseDocument(outcome({ error: 'pass1234 and 1234' }), { ...OPTIONS, secrets: ['pass1234', '1234'] });
      assert.equal(doc.text, `Error: •••••• and ••••••\n${RULE}\n`);
    });

    it('a binary body is not shown: its type and size, and where to save it', () => {
      const png = new Uint8Array(2048).fill(0x89);
      const doc = responseDocument(outcome({ request: sent('https://x/logo.png'), response: received('image/png', png, { timeMs: 3 }) }), OPTIONS);
      assert.deepEqual(doc, {
        language: 'plaintext',
        bodyHidden: true,
        bodyCut: false,
        text: [
          'GET https://x/logo.png',
          '200 OK · 3 ms · 2.0 KB',
          '',
          'Response headers:',
          '  Content-Type: image/png',
          '',
          'Request headers:',
          '',
          `Binary body (image/png, 2.0 KB): not shown. ${SAVE_HINT} saves it to a file.`,
          RULE,
          '',
        ].join('\n'),
      });
    });

    it('a binary body of a text-like type is not shown either, and not pretty-printed as its type', () => {
      const doc = docOf('application/json', new Uint8Array([0x7b, 0x00, 0x7d]));
      assert.equal(doc.language, 'plaintext');
      assert.equal(doc.bodyHidden, true);
      assert.ok(doc.text.endsWith(`\n\nBinary body (application/json, 3 B): not shown. ${SAVE_HINT} saves it to a file.\n${RULE}\n`), doc.text);
    });

    it('a binary body without a content type: "unknown type"', () => {
      const doc = docOf(undefined, new Uint8Array([1, 0, 2]));
      assert.equal(doc.bodyHidden, true);
      assert.ok(doc.text.endsWith(`\n\nBinary body (unknown type, 3 B): not shown. ${SAVE_HINT} saves it to a file.\n${RULE}\n`), doc.text);
    });

    it('a body up to maxShownBytes is shown whole; one byte more is cut, as it came', () => {
      const body = '{"a":1,"b":2}';
      const whole = docOf('application/json', body, { maxShownBytes: 13 });
      assert.equal(whole.bodyCut, false);
      assert.ok(whole.text.endsWith('// Request headers:\n{\n  "a": 1,\n  "b": 2\n}\n'), whole.text);
      const cut = docOf('application/json', body, { maxShownBytes: 12 });
      assert.deepEqual(cut, {
        language: 'jsonc',
        bodyHidden: false,
        bodyCut: true,
        text: [
          '// GET https://api.example.com/items',
          '// 200 OK · 12 ms · 13 B',
          '//',
          '// Response headers:',
          '//   Content-Type: application/json',
          '//',
          '// Request headers:',
          '//',
          `// Showing the first 12 B of 13 B. ${SAVE_HINT} saves all of it.`,
          '{"a":1,"b":2',
          '',
        ].join('\n'),
      });
    });

    it('a body the runtime kept in part is cut even below maxShownBytes', () => {
      const doc = responseDocument(outcome({ response: received('text/plain', 'abcde', { size: 5000 }) }), { ...OPTIONS, maxShownBytes: 100 });
      assert.equal(doc.bodyCut, true);
      assert.equal(
        doc.text,
        ['200 OK · 12 ms · 4.9 KB', '', 'Response headers:', '  Content-Type: text/plain', '', `Showing the first 5 B of 4.9 KB. ${SAVE_HINT} saves all of it.`, RULE, 'abcde', ''].join('\n'),
      );
    });

    it('says that only the start was kept, and how much, when the runtime stopped reading at maxResponseMB', () => {
      const doc = responseDocument(outcome({ response: received('text/plain', 'abcde', { size: 5000, truncated: true }) }), { ...OPTIONS, maxShownBytes: 3 });
      assert.equal(doc.bodyCut, true);
      assert.equal(
        doc.text,
        [
          '200 OK · 12 ms · 4.9 KB',
          '',
          'Response headers:',
          '  Content-Type: text/plain',
          '',
          `Showing the first 3 B of 4.9 KB; only the first 5 B were kept (postman.send.maxResponseMB), and ${SAVE_HINT} saves those.`,
          RULE,
          'abc',
          '',
        ].join('\n'),
      );
    });

    it('a cut body counts kilobytes, and a character cut in half shows as a replacement', () => {
      const body = `${'a'.repeat(2047)}é`;
      const doc = docOf('text/plain', body, { maxShownBytes: 2048 });
      assert.equal(doc.bodyCut, true);
      assert.ok(doc.text.includes(`\nShowing the first 2.0 KB of 2.0 KB. ${SAVE_HINT} saves all of it.\n`), doc.text);
      assert.ok(doc.text.endsWith(`${RULE}\n${'a'.repeat(2047)}\ufffd\n`));
    });

    it('a binary body is hidden, never cut', () => {
      const doc = docOf('application/pdf', '%PDF-1.7 and more', { maxShownBytes: 4 });
      assert.equal(doc.bodyHidden, true);
      assert.equal(doc.bodyCut, false);
      assert.ok(!doc.text.includes('Showing the first'));
    });
  });
});

describe('a body cut in the middle of a secret', () => {
  it('masks the beginning of the secret left at the cut', () => {
    assert.equal(maskCutEnd('{"token": "abcd', ['abcdefgh']), `{"token": "${MASK}`);
    assert.equal(maskCutEnd('{"token": "a', ['abcdefgh']), `{"token": "${MASK}`);
    assert.equal(maskCutEnd('{"token": "x', ['abcdefgh']), '{"token": "x');
    assert.equal(maskCutEnd('ends abcdefg', ['zz', 'abcdefgh']), `ends ${MASK}`);
    assert.equal(maskCutEnd('whole abcdefgh', ['abcdefgh']), 'whole abcdefgh', 'a whole secret is maskSecrets\' job');
  });

  it('responseDocument masks it when the shown part ends inside a secret', () => {
    const body = new TextEncoder().encode('{"token": "abcdefgh-and-more"}');
    const doc = responseDocument({ assertions: [], scriptErrors: [], console: [], aborted: false, timeMs: 1, response: { code: 200, status: 'OK', headers: [['Content-Type', 'application/json']], body, size: body.byteLength, truncated: false, timeMs: 1 } }, { secrets: ['abcdefgh-and-more'], maxShownBytes: 15 });
    assert.ok(doc.text.endsWith(`{"token": "${MASK}\n`), doc.text);
    assert.ok(!doc.text.includes('abcd'));
  });
});
