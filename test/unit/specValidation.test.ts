import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { keysOf, libraryProblems } from '../../src/specs/model/library';
import { MAX_HOPS, normalizePath, parseRef, walk } from '../../src/specs/model/refs';
import { MAX_NODES, MAX_SYNTAX_ERRORS, SourceFile } from '../../src/specs/model/sources';
import { compiled } from '../../src/specs/model/schemaErrors';
import { bounded, MAX_MESSAGE, Spec } from '../../src/specs/model/spec';
import { validateSpec } from '../../src/specs/model/validator';
import type { SpecFile, SpecProblem } from '../../src/specs/model/types';

/** Lines joined: line i of the file is `lines[i]`, so expected positions read off the array. */
const text = (...lines: string[]) => `${lines.join('\n')}\n`;

/** Each problem as [path, startLine, startColumn, severity, message]: where it is and what it says. */
async function found(files: SpecFile[], root = files[0].path): Promise<[string, number, number, string, string][]> {
  const problems = await validateSpec({ files, root });
  return problems.map((p) => [p.path, p.range.startLine, p.range.startColumn, p.severity, p.message]);
}

async function only(files: SpecFile[], root = files[0].path): Promise<SpecProblem> {
  const problems = await validateSpec({ files, root });
  assert.equal(problems.length, 1, JSON.stringify(problems, null, 1));
  return problems[0];
}

const range = (startLine: number, startColumn: number, endLine: number, endColumn: number) => ({ startLine, startColumn, endLine, endColumn });

const INFO = ['info:', '  title: Pets', '  version: "1.0"'];

/** A valid OpenAPI 3.0 root in YAML whose 200 response has its schema at `schemaRef` (lines 0-12). */
function root30(schemaRef: string, version = '3.0.3'): string {
  return text(
    `openapi: ${version}`, // 0
    ...INFO, // 1-3
    'paths:', // 4
    '  /pets:', // 5
    '    get:', // 6
    '      responses:', // 7
    '        "200":', // 8
    '          description: ok', // 9
    '          content:', // 10
    '            application/json:', // 11
    '              schema:', // 12
    `                $ref: "${schemaRef}"`, // 13
  );
}

describe('validateSpec: an OpenAPI spec from Spec Hub, problems at their line', function () {
  // The first validation of each OpenAPI version compiles its schema.
  this.timeout(20_000);

  describe('syntax, per file', () => {
    it('reports a YAML syntax error where it is, and nothing else of that file', async () => {
      const problem = await only([{ path: 'openapi.yaml', content: text('openapi: 3.0.3', 'info:', '  title: x', ' version: 1') }]);
      assert.deepEqual(problem, { path: 'openapi.yaml', message: 'Bad indentation of a mapping entry', severity: 'error', range: range(3, 1, 3, 2) });
    });

    it('reports JSON syntax errors with JSON positions, the token they are at, and no more than ten', async () => {
      const content = '{\n  "openapi": "3.0.3",\n  "info": {\n    "title": "x"\n    "version": "1"\n  }\n}';
      assert.deepEqual(await only([{ path: 'openapi.json', content }]), { path: 'openapi.json', message: 'Comma expected', severity: 'error', range: range(4, 4, 4, 13) });
      const many = await validateSpec({ files: [{ path: 'a.JSON', content: `[${'1 '.repeat(30)}]` }], root: 'a.JSON' });
      assert.equal(many.length, MAX_SYNTAX_ERRORS);
      assert.deepEqual(
        many.slice(0, 2).map((p) => [p.message, p.range]),
        [
          ['Comma expected', range(0, 3, 0, 4)],
          ['Comma expected', range(0, 5, 0, 6)],
        ],
      );
    });

    it('reads .json as JSON and anything else as YAML: JSON-only errors are not YAML errors', async () => {
      // Single quotes are YAML, not JSON.
      const content = "{'openapi': '3.0.3'}";
      assert.deepEqual(await found([{ path: 'a.json', content }]), [
        ['a.json', 0, 1, 'error', 'Invalid symbol'],
        ['a.json', 0, 10, 'error', 'Property name expected'],
        ['a.json', 0, 12, 'error', 'Invalid symbol'],
        ['a.json', 0, 19, 'error', 'Value expected'],
      ]);
      assert.deepEqual((await found([{ path: 'a.yml', content }])).map((p) => p[4]), ["The document is missing the required property 'info'."]);
    });

    it('reads a .json.yaml file as YAML, and JSON strictly: no comments, no trailing commas', async () => {
      assert.deepEqual(await found([{ path: 'a.json.yaml', content: 'openapi: 3.0.3\ninfo: {title: x, version: "1"}\npaths: {}\n' }]), []);
      assert.deepEqual(await found([{ path: 'a.json', content: '{"a": 1 /* note */}' }]), [['a.json', 0, 8, 'error', 'Invalid comment token']]);
      assert.deepEqual(await found([{ path: 'a.json', content: '{"a": 1,}' }]), [
        ['a.json', 0, 8, 'error', 'Property name expected'],
        ['a.json', 0, 8, 'error', 'Value expected'],
      ]);
    });

    it('an empty file is an error in either language', async () => {
      assert.deepEqual(await found([{ path: 'a.json', content: '' }]), [['a.json', 0, 0, 'error', 'Value expected']]);
      assert.deepEqual(await found([{ path: 'a.yaml', content: '' }]), [['a.yaml', 0, 0, 'error', 'Expected a document, but the input is empty']]);
    });

    it('counts positions as VS Code does: after a byte order mark, over CRLF line ends', async () => {
      const content = '\uFEFFopenapi: 3.0.3\r\ninfo:\r\n  title: x\r\n  version: 1\r\npaths: {}\r\n';
      assert.deepEqual(await only([{ path: 'o.yaml', content }]), { path: 'o.yaml', message: "'version' must be a string.", severity: 'error', range: range(3, 11, 3, 12) });
      const json = '\uFEFF{"openapi": "3.0.3", "info": {"title": "x", "version": 1}, "paths": {}}';
      assert.deepEqual((await only([{ path: 'o.json', content: json }])).range, range(0, 55, 0, 56));
      // Only a leading mark is left out: one inside the text is text.
      const inside = '{"x-a": "\uFEFF", "openapi": "3.0.3", "info": {"title": "x", "version": 10}, "paths": {}}';
      const at = inside.indexOf('10');
      assert.deepEqual((await only([{ path: 'o.json', content: inside }])).range, range(0, at, 0, at + 2));
    });

    it('reports a syntax error in every file, also one no reference reaches', async () => {
      const problems = await found([
        { path: 'openapi.yaml', content: root30('schemas.yaml#/Pet') },
        { path: 'schemas.yaml', content: text('Pet:', '  type: [') },
        { path: 'notes.json', content: '{"a": }' },
      ]);
      // A reference into a file that does not parse says nothing more: the file's error says it.
      assert.deepEqual(problems, [
        ['schemas.yaml', 2, 0, 'error', 'Deficient indentation'],
        ['notes.json', 0, 6, 'error', 'Value expected'],
      ]);
    });

    it('refuses a YAML file whose aliases expand past the node limit, and survives a recursive alias', async () => {
      const lines = ['openapi: 3.0.3', 'a: &a [x, x, x, x, x, x, x, x, x, x]'];
      for (let level = 1; level <= 7; level++) {
        lines.push(`l${level}: &l${level} [${Array(10).fill(level === 1 ? '*a' : `*l${level - 1}`).join(', ')}]`);
      }
      assert.deepEqual(await found([{ path: 'bomb.yaml', content: text(...lines) }]), [
        ['bomb.yaml', 0, 0, 'error', `This file has more than ${MAX_NODES.toLocaleString('en')} nodes once its aliases (*name) are expanded: it was not validated.`],
      ]);
      // Exactly at the limit is read; one node more is not (each *a counts its 1,000 nodes again).
      const atLimit = (extra: number) => text('openapi: 3.0.3', `a: &a [${Array(999).fill('x').join(', ')}]`, `b: [${Array(1998).fill('*a').join(', ')}]`, `c: [${Array(996 + extra).fill('x').join(', ')}]`);
      assert.deepEqual(new SourceFile('a.yaml', atLimit(0)).errors, []);
      assert.equal(new SourceFile('a.yaml', atLimit(1)).errors.length, 1);
      const recursive = text('openapi: 3.0.3', ...INFO, 'paths: {}', 'x-loop: &loop', '  again: *loop');
      assert.deepEqual(await found([{ path: 'o.yaml', content: recursive }]), []);
    });
  });

  describe('the whole spec, validated as OpenAPI', () => {
    it('finds no problem in valid Swagger 2.0, OpenAPI 3.0 and OpenAPI 3.1 specs', async () => {
      const swagger = text('swagger: "2.0"', ...INFO, 'paths:', '  /pets:', '    get:', '      responses:', '        "200":', '          description: ok', '          schema:', '            $ref: "#/definitions/Pet"', 'definitions:', '  Pet:', '    type: object');
      assert.deepEqual(await found([{ path: 'swagger.yaml', content: swagger }]), []);
      assert.deepEqual(await found([{ path: 'openapi.yaml', content: root30('#/components/schemas/Pet') + text('components:', '  schemas:', '    Pet:', '      type: object') }]), []);
      const v31 = { openapi: '3.1.0', info: { title: 'Pets', version: '1' }, webhooks: { newPet: { post: { responses: { '200': { description: 'ok' } } } } } };
      assert.deepEqual(await found([{ path: 'openapi.json', content: JSON.stringify(v31, null, 2) }]), []);
    });

    it('reports a missing info at the top of the file, and a wrong type at the value', async () => {
      const content = text('openapi: 3.0.3', 'paths:', '  /pets:', '    get:', '      responses:', '        "200":', '          description: 7');
      assert.deepEqual(await found([{ path: 'openapi.yaml', content }]), [
        ['openapi.yaml', 0, 0, 'error', "The document is missing the required property 'info'."],
        ['openapi.yaml', 6, 23, 'error', "'description' must be a string."],
      ]);
      // A missing property is shown on the key of the object that lacks it.
      const noDescription = await only([{ path: 'o.yaml', content: text('openapi: 3.0.3', ...INFO, 'paths:', '  /pets:', '    get:', '      responses:', '        "200": {}') }]);
      assert.deepEqual(noDescription.range, range(8, 8, 8, 13));
      assert.equal(noDescription.message, "'200' is missing the required property 'description'.");
    });

    it('shows the top of the root file, its first line, for problems of the whole document', async () => {
      const problem = await only([{ path: 'o.json', content: '{"openapi": "3.0.3",\n "paths": {}}' }]);
      assert.deepEqual(problem.range, range(0, 0, 0, 20));
      assert.deepEqual((await only([{ path: 'o.json', content: '{"paths": {}, "openapi": "3.0.3"}' }])).range, range(0, 0, 0, 33));
      const json = '{"openapi": "3.0.3", "info": {"title": "x"}, "paths": {}, "tags": [{"name": "a"}, {"nam": "b"}]}';
      assert.deepEqual(
        (await validateSpec({ files: [{ path: 'o.json', content: json }], root: 'o.json' })).map((p) => [p.message, p.range]),
        [
          ["'info' is missing the required property 'version'.", range(0, 21, 0, 27)],
          ["Item 2 of 'tags' is missing the required property 'name'.", range(0, 82, 0, 94)],
        ],
      );
    });

    it('names items of lists by their place, explains types and allowed values, and points at a property that is not allowed', async () => {
      const content = text(
        'openapi: 3.0.3', // 0
        ...INFO, // 1-3
        'paths:', // 4
        '  /pets/{id}:', // 5
        '    get:', // 6
        '      parameters:', // 7
        '        - name: id', // 8
        '          in: path', // 9
        '          required: true', // 10
        '          schema: {type: string}', // 11
        '        - name: q', // 12
        '          in: body', // 13
        '          schema: {type: string}', // 14
        '      responses:', // 15
        '        default:', // 16
        '          description: ok', // 17
        '          colour: red', // 18
        '      deprecated: "yes"', // 19
      );
      assert.deepEqual((await validateSpec({ files: [{ path: 'o.yaml', content }], root: 'o.yaml' }))[0].range, range(12, 10, 12, 17));
      assert.deepEqual(await found([{ path: 'o.yaml', content }]), [
        // As the library reports it: the first of the kinds of parameter (oneOf) is a path parameter.
        ['o.yaml', 12, 10, 'error', "Item 2 of 'parameters' is missing the required property 'required'."],
        ['o.yaml', 13, 14, 'error', "'in' must be one of: path."],
        ['o.yaml', 18, 10, 'error', "The property 'colour' is not allowed here."],
        ['o.yaml', 19, 18, 'error', "'deprecated' must be true or false."],
      ]);
    });

    it('says what Ajv says for the other rules, naming the value', async () => {
      const content = text('openapi: 3.0.3', ...INFO, 'paths: {}', 'servers: []', 'tags:', '  - name: a', '  - name: a', 'components:', '  schemas:', '    Pet:', '      type: integer', '      minimum: "zero"');
      assert.deepEqual(await found([{ path: 'o.yaml', content }]), [
        ['o.yaml', 6, 0, 'error', "'tags' must NOT have duplicate items (items ## 0 and 1 are identical)."],
        ['o.yaml', 13, 15, 'error', "'minimum' must be a number."],
      ]);
    });

    it('reports the library\u2019s own checks where they point: a duplicate operationId at the second, a missing path parameter at the operation', async () => {
      const content = text(
        'openapi: 3.0.3', // 0
        ...INFO, // 1-3
        'paths:', // 4
        '  /pets/{id}:', // 5
        '    get:', // 6
        '      operationId: getPet', // 7
        '      responses: {"200": {description: ok}}', // 8
        '  /pets:', // 9
        '    get:', // 10
        '      operationId: getPet', // 11
        '      responses: {"200": {description: ok}}', // 12
        '    post:', // 13
        '      operationId: getPet', // 14
        '      responses: {"200": {description: ok}}', // 15
      );
      assert.deepEqual(await found([{ path: 'o.yaml', content }]), [
        ['o.yaml', 6, 4, 'error', "'/paths/pets/{id}/get' is missing path parameter(s) for '{id}'."],
        ['o.yaml', 11, 19, 'error', "The operationId 'getPet' is duplicated and must be made unique."],
        ['o.yaml', 14, 19, 'error', "The operationId 'getPet' is duplicated and must be made unique."],
      ]);
    });

    it('blames every later operation with a used operationId, whatever its method, and no other operation', async () => {
      const methods = ['get', 'post', 'put', 'delete', 'patch', 'options', 'head', 'trace'];
      const lines = ['openapi: 3.0.3', ...INFO, 'paths:', '  /a:', '    get:', '      operationId: other', '      responses: {"200": {description: ok}}', '  /b:'];
      for (const method of methods) {
        lines.push(`    ${method}:`, '      operationId: same', '      responses: {"200": {description: ok}}');
      }
      const problems = await found([{ path: 'o.yaml', content: text(...lines) }]);
      assert.deepEqual(
        problems.map((p) => [p[1], p[2]]),
        methods.slice(1).map((_, i) => [14 + 3 * i, 19]),
      );
    });

    it('shows a problem of the whole 3.1 document at its top', async () => {
      assert.deepEqual(await found([{ path: 'o.yaml', content: text('openapi: 3.1.0', ...INFO, 'paths: {}') }]), [
        ['o.yaml', 0, 0, 'error', "OpenAPI 3.1 definitions must contain at least one entry in either 'paths', 'webhooks', or 'components'."],
      ]);
    });

    it('points at a security scheme the library finds wrong, and at each path that does not begin with /', async () => {
      const schemes = text('openapi: 3.0.3', ...INFO, 'paths: {}', 'components:', '  securitySchemes:', '    key:', '      type: apiKey', '      in: header');
      assert.deepEqual(await found([{ path: 'o.yaml', content: schemes }]), [['o.yaml', 7, 4, 'error', "'/components/securitySchemes/key' ('type: apiKey') is missing required property 'name'."]]);
      const slashless = text('openapi: 3.0.3', ...INFO, 'paths:', '  pets: x', '  /ok: {}', '  owners: {}');
      assert.deepEqual(await found([{ path: 'o.yaml', content: slashless }]), [
        ['o.yaml', 5, 2, 'error', "Entries in the OpenAPI 'paths' object must begin with a leading slash."],
        ['o.yaml', 7, 2, 'error', "Entries in the OpenAPI 'paths' object must begin with a leading slash."],
      ]);
    });

    it('locates Swagger 2.0 errors too', async () => {
      const content = text('swagger: "2.0"', 'info:', '  title: x', '  version: 1', 'paths: {}');
      assert.deepEqual(await found([{ path: 's.yaml', content }]), [['s.yaml', 3, 11, 'error', "'version' must be a string."]]);
    });

    it('keeps every message on one line and at most MAX_MESSAGE long, whatever the spec names', async () => {
      const name = `x${'y'.repeat(2000)}`;
      const content = text('openapi: 3.0.3', ...INFO, 'paths: {}', `${name}: 1`);
      const problem = await only([{ path: 'o.yaml', content }]);
      assert.equal([...problem.message].length, MAX_MESSAGE);
      assert.ok(problem.message.startsWith("The property 'xyyy"));
      assert.ok(problem.message.endsWith('y…'));
      assert.deepEqual(problem.range, range(5, 0, 5, 2001));
      assert.equal(bounded('  two\n lines\t '), 'two lines');
      assert.equal(bounded('é'.repeat(MAX_MESSAGE)), 'é'.repeat(MAX_MESSAGE));
    });
  });

  describe('references between files', () => {
    it('finds no problem in a valid spec of several files, YAML and JSON, in folders', async () => {
      const files = [
        { path: 'openapi.yaml', content: root30('components/schemas.yaml#/Pet') + text('    post:', '      responses:', '        default:', '          $ref: ./common/responses.json#/Error') },
        { path: 'components/schemas.yaml', content: text('Pet:', '  type: object', '  properties:', '    tag:', '      $ref: "#/Tag"', '    owner:', '      $ref: ../common/owner.json', 'Tag:', '  type: string') },
        { path: 'common/responses.json', content: JSON.stringify({ Error: { description: 'error', content: { 'application/json': { schema: { $ref: 'owner.json' } } } } }) },
        { path: 'common/owner.json', content: '{"type": "object", "properties": {"name": {"type": "string"}}}' },
      ];
      assert.deepEqual(await found(files), []);
    });

    it('reports an error inside a referenced file in that file, at its line', async () => {
      const files = [
        { path: 'openapi.yaml', content: root30('components/schemas.yaml#/Pet') },
        { path: 'components/schemas.yaml', content: text('Pet:', '  type: object', '  properties:', '    id:', '      type: whole', '    name:', '      $ref: "#/Name"', 'Name:', '  type: string', '  maxLength: -1') },
      ];
      assert.deepEqual(await found(files), [
        ['components/schemas.yaml', 4, 12, 'error', "'type' must be one of: array, boolean, integer, number, object, string."],
        ['components/schemas.yaml', 9, 13, 'error', "'maxLength' must be >= 0."],
      ]);
    });

    it('reports a reference to a missing file, or to nothing in a file, at the $ref value', async () => {
      const files = [{ path: 'openapi.yaml', content: root30('components/schemas.yaml#/Pet') + text('    post:', '      responses:', '        default:', "          $ref: '#/components/responses/Nope'") }];
      assert.deepEqual(await found(files), [
        ['openapi.yaml', 13, 22, 'error', "The reference 'components/schemas.yaml#/Pet' names the file components/schemas.yaml, which is not in this spec."],
        ['openapi.yaml', 17, 16, 'error', "The reference '#/components/responses/Nope' leads nowhere: there is nothing at #/components/responses/Nope in openapi.yaml."],
      ]);
      const problem = await only([...files, { path: 'components/schemas.yaml', content: text('Pet:', '  type: object') }]);
      assert.deepEqual(problem.range, range(17, 16, 17, 45));
    });

    it('refuses a remote reference or a path outside the spec, and fetches nothing', async () => {
      const requests: string[] = [];
      const server = http.createServer((req, res) => {
        requests.push(req.url ?? '');
        res.end('type: object');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/schemas.yaml#/Pet`;
        for (const ref of [url, '../outside.yaml#/Pet', '/etc/schemas.yaml', 'file:///etc/passwd', '//host/x.yaml']) {
          const problem = await only([{ path: 'openapi.yaml', content: root30(ref) }]);
          assert.deepEqual([problem.message, problem.range.startLine, problem.range.startColumn], [`The reference '${ref}' points outside this spec: only the spec's own files are used, nothing is fetched.`, 13, 22], ref);
        }
      } finally {
        server.close();
      }
      assert.deepEqual(requests, []);
    });

    it('reports a fragment that is not a JSON pointer, and a loop of references', async () => {
      assert.equal((await only([{ path: 'openapi.yaml', content: root30('#Pet') }])).message, "The reference '#Pet' is not a JSON pointer: after '#' it should read like /components/schemas/Pet.");
      const loop = root30('#/components/schemas/A') + text('components:', '  schemas:', '    A:', '      $ref: "#/components/schemas/B"', '    B:', '      $ref: "#/components/schemas/A"');
      const problems = await found([{ path: 'o.yaml', content: loop }]);
      assert.deepEqual(
        problems.map((p) => p.slice(1, 3)),
        [
          [13, 22],
          [17, 12],
          [19, 12],
        ],
      );
      assert.match(problems[0][4], /^The reference '#\/components\/schemas\/A' leads nowhere/);
    });

    it('a recursive schema is valid, in one file or across two', async () => {
      const one = root30('#/components/schemas/Node') + text('components:', '  schemas:', '    Node:', '      type: object', '      properties:', '        children:', '          type: array', '          items:', '            $ref: "#/components/schemas/Node"');
      assert.deepEqual(await found([{ path: 'o.yaml', content: one }]), []);
      const two = [
        { path: 'o.yaml', content: root30('a.yaml#/A') },
        { path: 'a.yaml', content: text('A:', '  type: object', '  properties:', '    b:', '      $ref: b.yaml#/B') },
        { path: 'b.yaml', content: text('B:', '  type: array', '  items:', '    $ref: a.yaml#/A') },
      ];
      assert.deepEqual(await found(two), []);
    });

    it('shows no second problem under a reference it could not follow', async () => {
      const content = text('openapi: 3.0.3', 'info:', '  $ref: info.yaml', 'paths: {}');
      assert.deepEqual(await found([{ path: 'o.yaml', content }]), [['o.yaml', 2, 8, 'error', "The reference 'info.yaml' names the file info.yaml, which is not in this spec."]]);
    });

    it('takes a description beside a $ref from there, and an error in the target from the target', async () => {
      const files = [
        { path: 'o.yaml', content: text('openapi: 3.1.0', ...INFO, 'paths:', '  /pets:', '    get:', '      responses:', '        "200":', '          $ref: r.yaml#/Ok', '          description: 5') },
        { path: 'r.yaml', content: text('Ok:', '  description: ok', '  headers: 7') },
      ];
      assert.deepEqual(await found(files), [
        ['o.yaml', 10, 23, 'error', "'description' must be a string."],
        ['r.yaml', 2, 11, 'error', "'headers' must be an object."],
      ]);
    });

    it('names what is wrong as it is named where it is shown, so a shared schema’s error is shown once', async () => {
      const files = [
        { path: 'o.yaml', content: root30('s.yaml#/Pet') + text('  /owners:', '    get:', '      parameters:', '        - $ref: s.yaml#/Param', '      responses:', '        "200":', '          description: ok', '          content:', '            application/json:', '              schema:', '                $ref: s.yaml#/Pet') },
        { path: 's.yaml', content: text('Pet:', '  type: object', '  required: 7', 'Param:', '  name: q', '  in: query', '  schema:', '    type: object', '    required: [a, [b]]') },
      ];
      assert.deepEqual(await found(files), [
        ['s.yaml', 2, 12, 'error', "'required' must be a list."],
        ['s.yaml', 8, 18, 'error', "Item 2 of 'required' must be a string."],
      ]);
      const spec = new Spec([{ path: 'l.yaml', content: text('- [a, b]', '- x') }]);
      assert.deepEqual(spec.problem(spec.locate('l.yaml', ['0', '1']).at, (name) => `${name}.`).message, 'Item 2 of item 1 of the document.');
    });

    it('shows an error of what a reference leads to where it is defined', async () => {
      const files = [
        { path: 'o.json', content: JSON.stringify({ openapi: '3.0.3', info: { title: 'x', version: '1' }, paths: { '/a': { get: { responses: { '200': { $ref: 'r.yaml#/Ok' } } } } } }, null, 2) },
        { path: 'r.yaml', content: text('Ok:', '  descriptio: ok') },
      ];
      assert.deepEqual(await found(files), [['r.yaml', 0, 0, 'error', "'Ok' is missing the required property 'description'."]]);
    });

    it('puts what a reference leads to in its place, a list or a text too, with what is beside it', async () => {
      const content = text(
        'openapi: 3.0.3', ...INFO, 'paths: {}', // 0-4
        'servers:', // 5
        '  - $ref: "#/components/x-server"', // 6
        '  - $ref: "#/components/x-server"', // 7
        'components:', // 8
        '  x-server: {url: "https://example.com"}', // 9
        '  x-required: [id]', // 10
        '  x-title: Pet', // 11
        '  schemas:', // 12
        '    A:', // 13
        '      required: {$ref: "#/components/x-required"}', // 14
        '      title: {$ref: "#/components/x-title", x-note: 1}', // 15
        '    B:', // 16
        '      required: {$ref: "#/components/x-required", x-note: 1}', // 17
        '      properties:', // 18
        '        $ref: {type: string}', // 19
      );
      assert.deepEqual(await found([{ path: 'o.yaml', content }]), []);
    });

    it('a pointer into a text, or through a reference to a missing file, leads nowhere', async () => {
      const content = root30('#/info/title/0') + text('x-a:', '  $ref: missing.yaml', 'x-b:', '  $ref: "#/x-a/b"');
      assert.deepEqual((await found([{ path: 'o.yaml', content }])).map((p) => p[4]), [
        "The reference '#/info/title/0' leads nowhere: there is nothing at #/info/title/0 in o.yaml.",
        "The reference 'missing.yaml' names the file missing.yaml, which is not in this spec.",
        "The reference '#/x-a/b' leads nowhere: there is nothing at #/x-a/b in o.yaml.",
      ]);
    });

    it('a reference may go through another reference, and into a list', async () => {
      const files = [
        { path: 'o.yaml', content: root30('s.yaml#/Wrapper/allOf/0') },
        { path: 's.yaml', content: text('Wrapper:', '  $ref: "#/Inner"', 'Inner:', '  allOf:', '    - type: string', '    - minLength: 1') },
      ];
      assert.deepEqual(await found(files), []);
      const bad = [files[0], { path: 's.yaml', content: text('Wrapper:', '  $ref: "#/Inner"', 'Inner:', '  allOf:', '    - type: nothing') }];
      assert.deepEqual(await found(bad), [['s.yaml', 4, 12, 'error', "'type' must be one of: array, boolean, integer, number, object, string."]]);
      assert.deepEqual((await found([files[0], { path: 's.yaml', content: text('Wrapper:', '  allOf: []') }])).map((p) => p[4]), ["The reference 's.yaml#/Wrapper/allOf/0' leads nowhere: there is nothing at #/Wrapper/allOf/0 in s.yaml."]);
    });
  });

  describe('what is not validated', () => {
    it('warns once that a file without openapi or swagger is not OpenAPI', async () => {
      const content = text('asyncapi: 2.6.0', 'info: 7', 'paths: [1, 2]');
      assert.deepEqual(await only([{ path: 'events.yaml', content }]), {
        path: 'events.yaml',
        message: "This file is not an OpenAPI definition (it has no 'openapi' or 'swagger' at the top), so it was not validated.",
        severity: 'warning',
        range: range(0, 0, 0, 15),
      });
      assert.deepEqual((await found([{ path: 'a.yaml', content: '- 1\n' }])).map((p) => p[3]), ['warning']);
      assert.deepEqual((await found([{ path: 'a.json', content: '"openapi"' }])).map((p) => [p[1], p[2], p[3]]), [[0, 0, 'warning']]);
    });

    it('says which OpenAPI versions it validates, at the version', async () => {
      assert.deepEqual(await found([{ path: 'o.yaml', content: root30('#/x', '3.2.0') }]), [['o.yaml', 0, 9, 'error', 'OpenAPI 3.2.0 cannot be validated here: OpenAPI 3.0 and 3.1, and Swagger 2.0, can.']]);
      assert.deepEqual(await found([{ path: 'o.yaml', content: root30('#/x', '3.1') }]), [['o.yaml', 0, 9, 'error', `'openapi' must be a string, such as "3.1.0" (in YAML, put it in quotes).`]]);
      for (const version of ['3.10.0', '13.0.1']) {
        assert.deepEqual((await found([{ path: 'o.yaml', content: root30('#/x', version) }])).map((p) => p[4]), [`OpenAPI ${version} cannot be validated here: OpenAPI 3.0 and 3.1, and Swagger 2.0, can.`]);
      }
      // "3.1" and "3.0" as strings are accepted as those versions; the schema then wants x.y.z.
      assert.deepEqual(await found([{ path: 'o.yaml', content: text('openapi: "3.0"', ...INFO, 'paths: {}') }]), [['o.yaml', 0, 9, 'error', `'openapi' must match pattern "^3\\.0\\.\\d(-.+)?$".`]]);
    });

    it('reports a root that is not one of the files', async () => {
      assert.deepEqual(await validateSpec({ files: [{ path: 'a.yaml', content: 'openapi: 3.0.3\n' }], root: 'b.yaml' }), [{ path: 'b.yaml', message: "The root file b.yaml is not one of the spec's files.", severity: 'error', range: range(0, 0, 0, 1) }]);
      // A file whose path climbs out of the spec is not one of its files.
      assert.deepEqual((await validateSpec({ files: [{ path: '../x.yaml', content: 'a: [' }], root: '../x.yaml' })).map((p) => [p.path, p.message]), [['../x.yaml', "The root file ../x.yaml is not one of the spec's files."]]);
    });

    it('matches the root and the references to files by their normalized paths', async () => {
      const files = [
        { path: './specs/openapi.yaml', content: root30('../components\\\\schemas.yaml#/Pet') },
        { path: 'components//schemas.yaml', content: text('Pet:', '  type: integer', '  minimum: x') },
      ];
      assert.deepEqual(await found(files, 'specs/./openapi.yaml'), [['components//schemas.yaml', 2, 11, 'error', "'minimum' must be a number."]]);
    });
  });
});

describe('spec references, one by one', () => {
  it('normalizes paths within the spec, and refuses one that climbs out', () => {
    assert.equal(normalizePath('./a//b/../c.yaml'), 'a/c.yaml');
    assert.equal(normalizePath('a\\b.json'), 'a/b.json');
    assert.equal(normalizePath('a/../../b.yaml'), undefined);
    assert.equal(normalizePath('..'), undefined);
  });

  it('reads a $ref relative to the folder of the file it is in, with its pointer decoded', () => {
    assert.deepEqual(parseRef('specs/openapi.yaml', 'common.yaml#/a~1b/c~0d/%7Bx%7D'), { file: 'specs/common.yaml', pointer: ['a/b', 'c~d', '{x}'] });
    assert.deepEqual(parseRef('openapi.yaml', '#/components/schemas/Pet'), { file: 'openapi.yaml', pointer: ['components', 'schemas', 'Pet'] });
    assert.deepEqual(parseRef('a/b.yaml', '../my%20file.yaml'), { file: 'my file.yaml', pointer: [] });
    assert.deepEqual(parseRef('a.yaml', 'b.yaml#'), { file: 'b.yaml', pointer: [] });
    assert.deepEqual(parseRef('a.yaml', '#/'), { file: 'a.yaml', pointer: [''] });
    assert.deepEqual(parseRef('a.yaml', 'b%zz.yaml#/%zz'), { file: 'b%zz.yaml', pointer: ['%zz'] });
    for (const outside of ['h2://example.com/a.yaml', 'https://example.com/a.yaml', 'C:\\specs\\a.yaml', '\\\\server\\a.yaml', '/a.yaml', '../a.yaml']) {
      assert.ok('problem' in parseRef('a.yaml', outside), outside);
    }
  });

  it('walks at most MAX_HOPS references', () => {
    const spec = new Spec([{ path: 'a.yaml', content: text('a:', '  $ref: "#/a"') }]);
    const hops = { left: MAX_HOPS };
    assert.equal(walk(spec.values, { file: 'a.yaml', node: spec.values.root('a.yaml') }, ['a'], hops).complete, false);
    assert.equal(hops.left, -1);
  });

  it('reads array indexes as indexes only', () => {
    const spec = new Spec([{ path: 'a.json', content: '{"list": [{"x": 1}, 2]}' }]);
    const at = (keys: string[]) => walk(spec.values, { file: 'a.json', node: spec.values.root('a.json') }, keys);
    assert.equal(at(['list', '1']).at.node, 2);
    for (const keys of [['list', 'length'], ['list', '01'], ['list', '2']]) {
      assert.equal(at(keys).complete, false, keys.join('/'));
    }
    const tree = (keys: string[]) => spec.locate('a.json', keys);
    assert.deepEqual([tree(['list', '1']).at.node.start, tree(['list', 'length']).at.node.start, tree(['list', '01']).at.node.start], [20, 9, 9]);
  });

  it('locates a quoted YAML scalar with its quotes, an empty value at its key, an alias at the alias', () => {
    const spec = new Spec([{ path: 'a.yaml', content: text('a: "q"', "b: 'r'", 'c:', 'd: &x {e: 1}', 'f: *x') }]);
    const at = (keys: string[]) => {
      const { node } = spec.locate('a.yaml', keys).at;
      return [node.start, node.end];
    };
    assert.deepEqual([at(['a']), at(['b']), at(['c']), at(['d', 'e']), at(['f'])], [[3, 6], [10, 13], [15, 15], [27, 28], [33, 35]]);
    assert.deepEqual(spec.locate('a.yaml', ['f', 'e']).at.node.start, 27);
    assert.deepEqual(spec.problem(spec.locate('a.yaml', ['d']).at, 'm').range, range(3, 0, 3, 1));
  });

  it('names an item by its list, and stops at a scalar', () => {
    const spec = new Spec([{ path: 'a.yaml', content: text('Tags: [a, [b]]', 's: x') }]);
    assert.equal(spec.problem(spec.locate('a.yaml', ['Tags', '1', '0']).at, (name) => name).message, "Item 1 of item 2 of 'Tags'");
    assert.deepEqual(spec.locate('a.yaml', ['s', 'x', 'y']), { at: { file: 'a.yaml', node: spec.locate('a.yaml', ['s']).at.node }, stoppedAtRef: false });
  });

  it('JSON keeps the last of repeated keys, as JSON.parse does', () => {
    const spec = new Spec([{ path: 'a.json', content: '{"a": 1, "a": 2}' }]);
    assert.equal(spec.values.root('a.json') !== undefined && spec.locate('a.json', ['a']).at.node.start, 14);
  });

  it('reads the library\u2019s names of places back as keys', () => {
    const document = { paths: { '/pets/{id}': { get: { parameters: [{ name: 'a' }, { name: 'id' }], responses: { '200': { content: { 'application/json': {} } } } } }, '/': {} }, components: { schemas: { 'a.b': {} } } };
    assert.deepEqual(keysOf('/paths/pets/{id}/get/parameters/id', document), ['paths', '/pets/{id}', 'get', 'parameters', '1']);
    assert.deepEqual(keysOf('/paths/pets/{id}/get/responses/200/content/application/json', document), ['paths', '/pets/{id}', 'get', 'responses', '200', 'content', 'application/json']);
    assert.deepEqual(keysOf('/paths//get', document), ['paths', '/']);
    assert.deepEqual(keysOf('/paths/pets/{id}/get/parameters/nope', document), ['paths', '/pets/{id}', 'get', 'parameters']);
    assert.deepEqual(keysOf('/components/schemas/a.b/x', document), ['components', 'schemas', 'a.b']);
    assert.deepEqual(keysOf('/components/schemas/a.b/x', null), []);
    assert.deepEqual(keysOf('/parameters/a', { parameters: [{ name: 'a' }, {}] }), ['parameters', '0']);
    assert.deepEqual(keysOf('/parameters', { parameters: [{}] }), ['parameters']);
    assert.deepEqual(keysOf('/paths/nope', { paths: { '/': {} } }), ['paths']);
  });
});

describe('the library\u2019s verdict, mapped', () => {
  const spec = () => new Spec([{ path: 'o.yaml', content: text('openapi: 3.0.3', ...INFO, 'paths: {}') }]);
  const document = { openapi: '3.0.3', info: { title: 'Pets', version: '1.0' }, paths: {} };
  const problems = async (result: unknown) =>
    (await libraryProblems(spec(), 'o.yaml', document, (async () => result) as never)).map((p) => [p.range.startLine, p.severity, p.message]);

  it('shows warnings as warnings, and says how many errors the library left out', async () => {
    assert.deepEqual(await problems({ valid: true, warnings: [{ message: 'The operationId `x` is duplicated and should be made unique.' }], specification: 'OpenAPI' }), [
      // No such operation: shown at the deepest place found, paths.
      [4, 'warning', "The operationId 'x' is duplicated and should be made unique."],
    ]);
    assert.deepEqual(await problems({ valid: false, errors: [{ message: '`/info` is odd.' }], warnings: [], additionalErrors: 3, specification: 'OpenAPI' }), [
      [1, 'error', "'/info' is odd."],
      [0, 'error', 'There are 3 more errors: fix these and validate again to see them.'],
    ]);
  });

  it('never drops a schema error, even one it cannot place', async () => {
    assert.deepEqual(await problems({ valid: false, errors: [{ message: 'TYPE must be odd\n\n>  1 | {\n    | ^ here' }], warnings: [], additionalErrors: 0, specification: 'OpenAPI' }), [[0, 'error', 'TYPE must be odd']]);
  });

  it('reports the library failing as a problem at the top', async () => {
    const failing = async () => {
      throw new Error('boom');
    };
    assert.deepEqual((await libraryProblems(spec(), 'o.yaml', document, failing as never)).map((p) => p.message), ['The spec could not be validated: boom']);
    const throwsText = async () => {
      throw 'plain';
    };
    assert.deepEqual((await libraryProblems(spec(), 'o.yaml', document, throwsText as never)).map((p) => p.message), ['The spec could not be validated: plain']);
  });
});

describe('schema errors, by the version of the spec', function () {
  this.timeout(20_000);
  // Each test compiles the schema it needs: what is compiled for which version is under test.
  beforeEach(() => compiled.clear());

  it('checks Swagger 2.0 with its own schema', async () => {
    const content = text('swagger: "2.0"', ...INFO, 'paths: {}', 'definitions:', '  A:', '    type: whole');
    assert.deepEqual(await found([{ path: 's.yaml', content }]), [['s.yaml', 7, 10, 'error', "'type' must be one of: array, boolean, integer, null, number, object, string."]]);
  });

  it('checks OpenAPI 3.0 schema objects strictly, and reports every error', async () => {
    const content = text('openapi: 3.0.3', ...INFO, 'paths:', '  /a~b:', '    get:', '      responses: {"200": {description: 5}}', 'components:', '  schemas:', '    A:', '      type: whole', '      minLength: x');
    assert.deepEqual(await found([{ path: 'o.yaml', content }]), [
      ['o.yaml', 7, 39, 'error', "'description' must be a string."],
      ['o.yaml', 12, 17, 'error', "'minLength' must be an integer."],
      ['o.yaml', 11, 12, 'error', "'type' must be one of: array, boolean, integer, number, object, string."],
    ]);
  });

  it('checks OpenAPI 3.1 with its schema: schema objects loosely, no property it does not know', async () => {
    const content = text('openapi: 3.1.0', 'info:', '  title: Pets', '  version: "1.0"', '  colour: red', 'paths: {}', 'components:', '  schemas:', '    A:', '      type: whole', '    B: 5');
    assert.deepEqual(await found([{ path: 'o.yaml', content }]), [
      ['o.yaml', 4, 2, 'error', "The property 'colour' is not allowed here."],
      ['o.yaml', 10, 7, 'error', "'B' must be an object or true or false."],
    ]);
  });
});
