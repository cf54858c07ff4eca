import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SaveRefused } from '../../src/documents/model/checks';
import type { EnvironmentDocument } from '../../src/postman';
import { canonicalCollection, canonicalEnvironment, canonicalText, keepSecrets, sha256 } from '../../src/links/model/canonical';
import { LINKED_KINDS } from '../../src/links/model/linkedKinds';
import { isSafeLinkPath, type Link, LINK_KINDS, linkAccount, LINKS_FORMAT, LINKS_PATH, parseLinks, sameAccount, serializeLinks } from '../../src/links/model/linksFile';
import { fileOf, hashParts, LinkGone, stateOf } from '../../src/links/model/sync';

/**
 * The vscode-free core of "collections as code" that needs no server: the committable links
 * file, the one canonical form of a linked file (and its hashes), the table of linked kinds
 * and the state of a link from its three hashes.
 */

const HASH_A = `sha256:${'a'.repeat(64)}`;
const HASH_B = `sha256:${'0123456789abcdef'.repeat(4)}`;
const API = 'https://api.getpostman.com';

/** A valid entry of the file, as a repository would hold it; `over` replaces or (undefined) removes fields. */
function entry(over: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = { kind: 'collection', uid: '12345678-54cdb08d', workspace: 'd81b78b0-e419', path: 'postman/collections/a.json', account: { api: API, team: '123' } };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) {
      delete base[key];
    } else {
      base[key] = value;
    }
  }
  return base;
}

const file = (...links: unknown[]): string => JSON.stringify({ format: 1, links });

/** The problems of a file holding one entry (and that it was left out). */
function problemOf(value: unknown): string {
  const read = parseLinks(file(value));
  assert.deepEqual(read.links, [], 'a broken entry is left out');
  assert.equal(read.problems.length, 1);
  return read.problems[0];
}

describe('Links file: parseLinks', () => {
  it('reads a valid file into links, with only the fields it knows', () => {
    const read = parseLinks(
      file(
        entry({ extra: 'ignored', synced: HASH_A }),
        entry({ kind: 'environment', uid: 'e-1', path: 'postman/environments/Staging.json', account: { api: 'http://localhost:1234/', user: '42', other: 'x' }, writeSecrets: true }),
        entry({ kind: 'spec', uid: 'b6a09f3c', workspace: 'W_2', path: 'postman/specs/Customers API', account: { api: API, team: 123, user: 7 } }),
      ),
    );
    assert.deepEqual(read, {
      links: [
        { kind: 'collection', uid: '12345678-54cdb08d', workspace: 'd81b78b0-e419', path: 'postman/collections/a.json', account: { api: API, team: '123' }, synced: HASH_A },
        { kind: 'environment', uid: 'e-1', workspace: 'd81b78b0-e419', path: 'postman/environments/Staging.json', account: { api: 'http://localhost:1234/', user: '42' }, writeSecrets: true },
        { kind: 'spec', uid: 'b6a09f3c', workspace: 'W_2', path: 'postman/specs/Customers API', account: { api: API, team: '123', user: '7' } },
      ],
      problems: [],
    });
  });

  it('reads a file without "format", with a byte order mark, and an empty list', () => {
    assert.deepEqual(parseLinks(`\ufeff${JSON.stringify({ links: [entry()] })}`).links.map((l) => l.path), ['postman/collections/a.json']);
    assert.deepEqual(parseLinks('{"format": 1, "links": []}'), { links: [], problems: [] });
  });

  it('throws for broken JSON, saying which file and what JSON.parse said', () => {
    let message = '';
    try {
      JSON.parse('{"links": [');
    } catch (err) {
      message = (err as Error).message;
    }
    assert.throws(() => parseLinks('{"links": ['), { message: `postman/links.json is not valid JSON (${message})` });
    // A byte order mark alone is no JSON either (it is stripped, leaving nothing).
    assert.throws(() => parseLinks('\ufeff'), /^Error: postman\/links\.json is not valid JSON \(.+\)$/);
    assert.throws(() => parseLinks('\ufeff '), /not valid JSON/);
  });

  it('throws for a file that is not an object with a "links" array', () => {
    for (const source of ['[]', 'null', '"links"', '{}', '{"links": {}}', '{"links": "x"}']) {
      assert.throws(() => parseLinks(source), { message: 'postman/links.json must be an object with a "links" array' }, source);
    }
  });

  it('throws for a format it does not read, naming it', () => {
    assert.throws(() => parseLinks('{"format": 2, "links": []}'), { message: 'postman/links.json is of format 2; this version of the extension reads format 1' });
    assert.throws(() => parseLinks('{"format": "1", "links": []}'), { message: 'postman/links.json is of format 1; this version of the extension reads format 1' });
    assert.throws(() => parseLinks('{"format": null, "links": []}'), { message: 'postman/links.json is of format ?; this version of the extension reads format 1' });
    assert.throws(() => parseLinks('{"format": {"v": 1}, "links": []}'), /is of format \?;/);
    assert.equal(LINKS_FORMAT, 1);
    assert.equal(LINKS_PATH, 'postman/links.json');
  });

  it('reports an entry that is not an object, and leaves it out', () => {
    const read = parseLinks(file(5, entry(), null, [entry()], 'x'));
    assert.deepEqual(read.links.map((l) => l.path), ['postman/collections/a.json']);
    assert.deepEqual(read.problems, ['links[0] is not an object', 'links[2] is not an object', 'links[3] is not an object', 'links[4] is not an object']);
  });

  it('reports an unknown or missing kind', () => {
    for (const kind of ['mock', 'Collection', 7, undefined]) {
      assert.equal(problemOf(entry({ kind })), 'links[0] has no known "kind" (collection, environment or spec)');
    }
    assert.deepEqual(LINK_KINDS, ['collection', 'environment', 'spec']);
  });

  it('reports a uid or workspace that is missing, not a string, or not an id', () => {
    for (const bad of [undefined, 42, '', '-leading-dash', '_under', 'has space', 'a/b', 'a.b', `a${'b'.repeat(100)}`]) {
      assert.equal(problemOf(entry({ uid: bad })), 'links[0] has no valid "uid"', String(bad));
      assert.equal(problemOf(entry({ workspace: bad })), 'links[0] has no valid "workspace"', String(bad));
    }
    // Up to 100 characters, digits first, dashes and underscores after.
    for (const good of ['a', `a${'b'.repeat(99)}`, '0-a_B', 'Z9']) {
      assert.equal(parseLinks(file(entry({ uid: good, workspace: good }))).links.length, 1, good);
    }
  });

  it('reports a path that is missing or leaves the folder', () => {
    for (const path of [undefined, 3, '', '../outside.json', '/etc/passwd', '.git/hooks/pre-commit', 'C:/x.json']) {
      assert.equal(problemOf(entry({ path })), 'links[0] has a "path" that is not a plain relative path inside the folder', String(path));
    }
  });

  it('reports an account without a server URL', () => {
    for (const account of [undefined, 'https://api.getpostman.com', { team: '1' }, { api: 5 }, { api: 'ftp://x' }, { api: 'api.getpostman.com' }, { api: 'https://' }, { api: 'https://a b' }, { api: ' https://a' }, { api: 'https://a\n' }]) {
      assert.equal(problemOf(entry({ account })), 'links[0] has no valid "account" (its "api" must be the server\'s URL)', JSON.stringify(account));
    }
  });

  it('reads team and user as text: numbers written out, anything else left out', () => {
    const accountOf = (account: unknown) => parseLinks(file(entry({ account }))).links[0].account;
    assert.deepEqual(accountOf({ api: 'http://x', team: 0, user: 12.5 }), { api: 'http://x', team: '0', user: '12.5' });
    assert.deepEqual(accountOf({ api: 'http://x', team: { id: 1 }, user: true }), { api: 'http://x' });
    assert.deepEqual(accountOf({ api: 'http://x', team: null, user: ['1'] }), { api: 'http://x' });
    assert.deepEqual(accountOf({ api: 'http://x', team: '' }), { api: 'http://x', team: '' });
  });

  it('reports a second link to the same path, whatever its case, and keeps the first', () => {
    const read = parseLinks(file(entry({ uid: 'first' }), entry({ uid: 'second', path: 'Postman/Collections/A.JSON' }), entry({ uid: 'third', path: 'postman/collections/b.json' })));
    assert.deepEqual(read.links.map((l) => l.uid), ['first', 'third']);
    assert.deepEqual(read.problems, ['links[1] uses the path of an earlier link (Postman/Collections/A.JSON)']);
    const upperFirst = parseLinks(file(entry({ uid: 'first', path: 'Postman/A.json' }), entry({ uid: 'second', path: 'postman/a.JSON' })));
    assert.deepEqual(upperFirst.links.map((l) => l.uid), ['first']);
    assert.deepEqual(upperFirst.problems, ['links[1] uses the path of an earlier link (postman/a.JSON)']);
  });

  it('writes links sorted by path whatever their order, and hashes parts alike whatever their order', () => {
    const at = (p: string) => ({ kind: 'collection' as const, uid: 'u', workspace: 'w', path: p, account: { api: 'http://x' } });
    const sorted = ['a.json', 'b.json', 'c.json'];
    for (const order of [['c.json', 'a.json', 'b.json'], ['b.json', 'c.json', 'a.json'], ['a.json', 'c.json', 'b.json'], ['c.json', 'b.json', 'a.json']]) {
      assert.deepEqual(parseLinks(serializeLinks(order.map(at))).links.map((l) => l.path), sorted);
      const parts = order.map((p) => ({ path: p, text: `text of ${p}` }));
      assert.equal(hashParts(parts), hashParts(sorted.map((p) => ({ path: p, text: `text of ${p}` }))));
    }
    assert.notEqual(hashParts([{ path: 'a', text: '1' }, { path: 'b', text: '2' }]), hashParts([{ path: 'a', text: '2' }, { path: 'b', text: '1' }]));
  });

  it('reports a link inside another link\'s folder, or holding one, either way round', () => {
    const inside = parseLinks(file(entry({ uid: 'spec', kind: 'spec', path: 'postman/specs/A' }), entry({ uid: 'inner', path: 'Postman/Specs/A/x.json' }), entry({ uid: 'beside', path: 'postman/specs/AB.json' })));
    assert.deepEqual(inside.links.map((l) => l.uid), ['spec', 'beside']);
    assert.deepEqual(inside.problems, ["links[1] (Postman/Specs/A/x.json) is inside another link's folder, or holds another link"]);
    const holding = parseLinks(file(entry({ uid: 'inner', path: 'postman/specs/a/x.json' }), entry({ uid: 'spec', kind: 'spec', path: 'postman/specs/a' })));
    assert.deepEqual(holding.links.map((l) => l.uid), ['inner']);
    assert.deepEqual(holding.problems, ["links[1] (postman/specs/a) is inside another link's folder, or holds another link"]);
  });

  it('keeps a spec\'s per-file hashes that are valid (safe paths, sha256), sorted when written, and none for other kinds', () => {
    const parts = { 'z.yaml': HASH_A, 'a/b.yaml': HASH_B, '../x.yaml': HASH_A, 'c.yaml': 'sha256:nothex', 'd.yaml': 7 };
    const read = parseLinks(file(entry({ kind: 'spec', path: 'postman/specs/S', parts })));
    assert.deepEqual(read.links[0].parts, { 'z.yaml': HASH_A, 'a/b.yaml': HASH_B });
    assert.equal(serializeLinks(read.links).indexOf('"a/b.yaml"') < serializeLinks(read.links).indexOf('"z.yaml"'), true);
    assert.deepEqual(parseLinks(serializeLinks(read.links)).links, read.links);
    assert.ok(!('parts' in parseLinks(file(entry({ parts }))).links[0]), 'a collection has no parts');
    assert.ok(!('parts' in parseLinks(file(entry({ kind: 'spec', path: 'p/s', parts: { '../x': HASH_A } }))).links[0]), 'no valid part, no parts');
    assert.ok(!serializeLinks([{ ...read.links[0], parts: {} }]).includes('parts'));
  });

  it('does not count the path of an entry it left out', () => {
    const read = parseLinks(file(entry({ uid: 'bad uid' }), entry({ uid: 'good' })));
    assert.deepEqual(read.links.map((l) => l.uid), ['good']);
    assert.deepEqual(read.problems, ['links[0] has no valid "uid"']);
  });

  it('reports each bad entry with its own index, in order', () => {
    const read = parseLinks(file(entry({ kind: 'x' }), entry({ path: 'ok/one.json' }), entry({ workspace: '' }), entry({ path: 'ok/one.json', uid: 'dup' }), entry({ account: {} })));
    assert.deepEqual(read.problems, [
      'links[0] has no known "kind" (collection, environment or spec)',
      'links[2] has no valid "workspace"',
      'links[3] uses the path of an earlier link (ok/one.json)',
      'links[4] has no valid "account" (its "api" must be the server\'s URL)',
    ]);
    assert.deepEqual(read.links.map((l) => l.path), ['ok/one.json']);
  });

  it('keeps writeSecrets only when it is true and the link is an environment', () => {
    const secretsOf = (kind: string, writeSecrets: unknown) => parseLinks(file(entry({ kind, writeSecrets }))).links[0].writeSecrets;
    assert.equal(secretsOf('environment', true), true);
    assert.equal(secretsOf('environment', 'true'), undefined);
    assert.equal(secretsOf('environment', 1), undefined);
    assert.equal(secretsOf('collection', true), undefined);
    assert.equal(secretsOf('spec', true), undefined);
    assert.ok(!('writeSecrets' in parseLinks(file(entry({ kind: 'environment', writeSecrets: false }))).links[0]));
  });

  it('keeps synced only when it is a sha256 hash as written', () => {
    const syncedOf = (synced: unknown) => parseLinks(file(entry({ synced }))).links[0];
    assert.equal(syncedOf(HASH_B).synced, HASH_B);
    for (const bad of [`sha256:${'A'.repeat(64)}`, `sha256:${'a'.repeat(63)}`, `sha256:${'a'.repeat(65)}`, 'a'.repeat(64), `sha1:${'a'.repeat(64)}`, ` ${HASH_A}`, `${HASH_A}\n`, `sha256:${'g'.repeat(64)}`, 7, '']) {
      assert.ok(!('synced' in syncedOf(bad)), String(bad));
    }
  });
});

describe('Links file: serializeLinks', () => {
  const links: Link[] = [
    { kind: 'spec', uid: 's1', workspace: 'w', path: 'postman/specs/b', account: { api: API, user: '9' }, synced: HASH_B },
    { writeSecrets: true, synced: HASH_A, account: { user: '5', api: 'http://local', team: '7' }, path: 'postman/environments/a.json', workspace: 'w', uid: 'e1', kind: 'environment' },
    { kind: 'collection', uid: 'c1', workspace: 'w', path: 'Postman/Z.json', account: { api: API, team: '7' } },
  ];

  it('writes the links sorted by path, keys in a fixed order, 2-space JSON and one trailing newline', () => {
    assert.equal(
      serializeLinks(links),
      `{
  "format": 1,
  "links": [
    {
      "path": "Postman/Z.json",
      "kind": "collection",
      "uid": "c1",
      "workspace": "w",
      "account": {
        "api": "https://api.getpostman.com",
        "team": "7"
      }
    },
    {
      "path": "postman/environments/a.json",
      "kind": "environment",
      "uid": "e1",
      "workspace": "w",
      "account": {
        "api": "http://local",
        "team": "7",
        "user": "5"
      },
      "synced": "${HASH_A}",
      "writeSecrets": true
    },
    {
      "path": "postman/specs/b",
      "kind": "spec",
      "uid": "s1",
      "workspace": "w",
      "account": {
        "api": "https://api.getpostman.com",
        "user": "9"
      },
      "synced": "${HASH_B}"
    }
  ]
}
`,
    );
  });

  it('writes an empty list, and leaves out fields that are not set', () => {
    assert.equal(serializeLinks([]), '{\n  "format": 1,\n  "links": []\n}\n');
    const bare = JSON.parse(serializeLinks([{ kind: 'collection', uid: 'c', workspace: 'w', path: 'a.json', account: { api: API }, synced: '', writeSecrets: undefined }]));
    assert.deepEqual(bare.links, [{ path: 'a.json', kind: 'collection', uid: 'c', workspace: 'w', account: { api: API } }]);
  });

  it('sorts by code unit whatever the input order, and does not change the list given', () => {
    const paths = ['b', 'a/b', 'B', 'a', 'a-b', 'é'];
    const some = paths.map((path): Link => ({ kind: 'collection', uid: 'u', workspace: 'w', path, account: { api: API } }));
    const order = (list: Link[]) => (JSON.parse(serializeLinks(list)) as { links: Link[] }).links.map((l) => l.path);
    assert.deepEqual(order(some), ['B', 'a', 'a-b', 'a/b', 'b', 'é']);
    assert.deepEqual(order([...some].reverse()), ['B', 'a', 'a-b', 'a/b', 'b', 'é']);
    assert.deepEqual(some.map((l) => l.path), paths);
  });

  it('reads back what it wrote', () => {
    const read = parseLinks(serializeLinks(links));
    assert.deepEqual(read, { links: [links[2], links[1], links[0]].map((l) => ({ ...l, account: { ...l.account } })), problems: [] });
    assert.equal(serializeLinks(read.links), serializeLinks(links));
  });
});

describe('Links file: isSafeLinkPath', () => {
  it('takes a plain relative path inside the folder', () => {
    for (const path of ['a', 'postman/collections/Payments API v2.postman_collection.json', 'postman/Café ☕ 日本語.json', '.github/workflows/ci.yml', '.gitignore', 'a.git', 'x/.gitx/y', 'a\u00a0b', 'a\u2027b', 'a\u2065b', 'a\u206ab', 'a\u00a0b/c', 'a'.repeat(400), '...', '..a', 'a..']) {
      assert.equal(isSafeLinkPath(path), true, JSON.stringify(path));
    }
  });

  it('refuses a path that could leave the folder or reach .git', () => {
    for (const path of ['', '..', '../x', 'a/../b', 'a/..', '.', './a', 'a/./b', '/etc/passwd', '//server/share', 'a\\b', '..\\..\\x', 'C:/x', 'C:x', 'c:\\x', '.git', '.git/hooks/pre-commit', '.GIT/config', 'a/.git/hooks/x', 'a/.Git', 'a'.repeat(401)]) {
      assert.equal(isSafeLinkPath(path), false, JSON.stringify(path));
    }
  });

  it('refuses empty steps and steps with spaces around them', () => {
    for (const path of ['a//b', 'a/', ' a', 'a ', 'a /b', 'a/ b', '\u00a0a', 'a/b\u3000']) {
      assert.equal(isSafeLinkPath(path), false, JSON.stringify(path));
    }
  });

  it('refuses characters Windows cannot hold in a name', () => {
    for (const c of ['*', '?', '"', '<', '>', '|', ':']) {
      assert.equal(isSafeLinkPath(`a${c}b`), false, c);
    }
  });

  it('refuses control and bidirectional characters', () => {
    for (const c of ['\u0000', '\u0001', '\t', '\n', '\r', '\u001f', '\u007f', '\u0080', '\u009f', '\u2028', '\u2029', '\u202a', '\u202b', '\u202e', '\u2066', '\u2069']) {
      assert.equal(isSafeLinkPath(`a${c}b`), false, `U+${c.charCodeAt(0).toString(16)}`);
    }
  });
});

describe('Links file: accounts', () => {
  it('sameAccount: the same server whatever its trailing slashes and case', () => {
    assert.equal(sameAccount({ api: 'https://API.getpostman.com/', team: '1' }, { api: 'https://api.getpostman.com', team: '1' }), true);
    assert.equal(sameAccount({ api: 'https://api.getpostman.com', team: '1' }, { api: 'https://api.getpostman.com///', team: '1' }), true);
    assert.equal(sameAccount({ api: 'https://api.eu.postman.com', team: '1' }, { api: 'https://api.getpostman.com', team: '1' }), false);
    assert.equal(sameAccount({ api: 'https://api.getpostman.com/v1', team: '1' }, { api: 'https://api.getpostman.com', team: '1' }), false);
    assert.equal(sameAccount({ api: 'https://x/a/', team: '1' }, { api: 'https://x/a', team: '1' }), true);
  });

  it('sameAccount: the team decides when either side has one; the user only without', () => {
    assert.equal(sameAccount({ api: API, team: '1', user: 'a' }, { api: API, team: '1', user: 'b' }), true);
    assert.equal(sameAccount({ api: API, team: '1' }, { api: API, team: '2' }), false);
    assert.equal(sameAccount({ api: API, team: '1', user: 'a' }, { api: API, user: 'a' }), false);
    assert.equal(sameAccount({ api: API, user: 'a' }, { api: API, team: '1', user: 'a' }), false);
    assert.equal(sameAccount({ api: API, user: 'a' }, { api: API, user: 'a' }), true);
    assert.equal(sameAccount({ api: API, user: 'a' }, { api: API, user: 'b' }), false);
    assert.equal(sameAccount({ api: API, user: 'a' }, { api: API }), false);
    assert.equal(sameAccount({ api: API }, { api: API }), true);
  });

  it('linkAccount: the team when the user has one, else the user', () => {
    assert.deepEqual(linkAccount(API, { id: 12345678, teamId: 123 }), { api: API, team: '123' });
    assert.deepEqual(linkAccount(API, { id: 12345678, teamId: 'T' }), { api: API, team: 'T' });
    assert.deepEqual(linkAccount(API, { id: 12345678 }), { api: API, user: '12345678' });
    assert.deepEqual(linkAccount(API, { id: 'u1', teamId: '' }), { api: API, user: 'u1' });
    assert.deepEqual(linkAccount(API, { id: 'u2', teamId: 0 }), { api: API, user: 'u2' }, 'team 0 is no team');
    assert.deepEqual(linkAccount(API, { id: 'u3', teamId: '0' }), { api: API, user: 'u3' });
    assert.equal(sameAccount(linkAccount(`${API}/`, { id: 1, teamId: 2 }), linkAccount(API, { id: 3, teamId: 2 })), true);
  });
});

describe('Canonical form: canonicalText and sha256', () => {
  it('writes the priority keys first, in their order, then the rest by code unit, at every depth', () => {
    const value = { zzz: 1, schema: 's', description: 'd', enabled: true, type: 't', value: 'v', key: 'k', name: 'n', id: 'i', _postman_id: 'p', info: { b: 1, name: 'x', a: 2 }, aaa: 2, B: 3, _x: 4 };
    assert.deepEqual(Object.keys(JSON.parse(canonicalText(value))), ['info', '_postman_id', 'id', 'name', 'key', 'value', 'type', 'enabled', 'description', 'schema', 'B', '_x', 'aaa', 'zzz']);
    assert.equal(
      canonicalText({ list: [{ value: 1, key: 'a' }, 'x', [{ b: 1, a: 2 }]], b: null }),
      '{\n  "b": null,\n  "list": [\n    {\n      "key": "a",\n      "value": 1\n    },\n    "x",\n    [\n      {\n        "a": 2,\n        "b": 1\n      }\n    ]\n  ]\n}\n',
    );
  });

  it('keeps the given order when told not to sort, and writes plain values as they are', () => {
    assert.equal(canonicalText({ b: 1, a: { d: 1, c: 2 } }, false), '{\n  "b": 1,\n  "a": {\n    "d": 1,\n    "c": 2\n  }\n}\n');
    assert.equal(canonicalText([3, 'a', true]), '[\n  3,\n  "a",\n  true\n]\n');
    assert.equal(canonicalText({}), '{}\n');
  });

  it('sha256: the hex digest of the text, prefixed', () => {
    assert.equal(sha256(''), 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256('abc'), 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(sha256('é'), `sha256:${createHash('sha256').update('é', 'utf8').digest('hex')}`);
  });
});

describe('Canonical form: collections', () => {
  const stamps = { uid: 'u', createdAt: 'c', updatedAt: 'u2', owner: 'o', lastUpdatedBy: 'l', lastRevision: 9 };
  const collection = () => ({
    variable: [{ value: 'v', key: 'baseUrl' }],
    item: [
      {
        name: 'Folder',
        ...stamps,
        id: 'f1',
        item: [
          {
            request: { url: 'https://x', method: 'GET', uid: 'kept in a request' },
            id: 'r1',
            name: 'Request',
            ...stamps,
            response: [{ code: 200, name: 'OK', id: 's1', ...stamps }, 'not an object'],
          },
          { name: 'Deeper', id: 'f2', ...stamps, item: [{ id: 'r2', name: 'Leaf', ...stamps, response: 'not a list' }] },
        ],
      },
      null,
    ],
    info: { schema: 's', name: 'Cards', _postman_id: 'p1', updatedAt: 'x', createdAt: 'x', lastUpdatedBy: 'x', uid: 'x', fork: { label: 'f' }, owner: 'x', _exporter_id: 'x', _collection_link: 'x', description: 'd' },
    updatedAt: 'a top-level field is not a stamp',
  });

  it('leaves out Postman\'s stamps from info, items, folders and saved responses at any depth, keeping ids', () => {
    assert.equal(
      canonicalText(canonicalCollection(collection())),
      `{
  "info": {
    "_postman_id": "p1",
    "name": "Cards",
    "description": "d",
    "schema": "s"
  },
  "item": [
    {
      "id": "f1",
      "name": "Folder",
      "item": [
        {
          "id": "r1",
          "name": "Request",
          "request": {
            "method": "GET",
            "uid": "kept in a request",
            "url": "https://x"
          },
          "response": [
            {
              "id": "s1",
              "name": "OK",
              "code": 200
            },
            "not an object"
          ]
        },
        {
          "id": "f2",
          "name": "Deeper",
          "item": [
            {
              "id": "r2",
              "name": "Leaf",
              "response": "not a list"
            }
          ]
        }
      ]
    },
    null
  ],
  "updatedAt": "a top-level field is not a stamp",
  "variable": [
    {
      "key": "baseUrl",
      "value": "v"
    }
  ]
}
`,
    );
  });

  it('does not change the value given', () => {
    const value = collection();
    canonicalCollection(value);
    assert.deepEqual(value, collection());
  });

  it('keeps an info or item that is not what Postman sends as it is', () => {
    assert.deepEqual(canonicalCollection({ info: 'x', item: 'y', z: 1 }), { info: 'x', item: 'y', z: 1 });
    assert.equal(canonicalText(canonicalCollection({ info: { name: 'n', uid: 'u' } })), '{\n  "info": {\n    "name": "n"\n  }\n}\n');
  });

  it('is the same for a copy already in canonical form', () => {
    const once = canonicalText(canonicalCollection(collection()));
    assert.equal(canonicalText(canonicalCollection(JSON.parse(once))), once);
  });
});

describe('Canonical form: environments', () => {
  const environment = () => ({
    values: [
      { type: 'default', enabled: true, value: 'https://x', key: 'baseUrl' },
      { key: 'token', value: 's3cr3t', type: 'secret', enabled: true },
      { key: 'noValue', type: 'secret' },
      'odd',
      null,
    ],
    isPublic: false,
    uid: '1-e1',
    updatedAt: 'u',
    createdAt: 'c',
    owner: '1',
    name: 'Staging',
    id: 'e1',
  });

  it('leaves out the stamps and empties secret values', () => {
    assert.equal(
      canonicalText(canonicalEnvironment(environment(), false)),
      `{
  "id": "e1",
  "name": "Staging",
  "values": [
    {
      "key": "baseUrl",
      "value": "https://x",
      "type": "default",
      "enabled": true
    },
    {
      "key": "token",
      "value": "",
      "type": "secret",
      "enabled": true
    },
    {
      "key": "noValue",
      "value": "",
      "type": "secret"
    },
    "odd",
    null
  ]
}
`,
    );
  });

  it('keeps secret values when the link asks for them', () => {
    const kept = canonicalEnvironment(environment(), true) as { values: unknown[] };
    assert.deepEqual(kept.values, environment().values);
    assert.deepEqual(Object.keys(kept), ['id', 'name', 'values']);
  });

  it('keeps values that are not a list, and does not change the value given', () => {
    assert.deepEqual(canonicalEnvironment({ name: 'n', values: 'x', owner: 'o' }, false), { name: 'n', values: 'x' });
    const value = environment();
    canonicalEnvironment(value, false);
    assert.deepEqual(value, environment());
  });

  it('keepSecrets: a secret the file holds empty keeps Postman\'s value; anything typed is sent', () => {
    const postman: EnvironmentDocument = {
      id: 'e1',
      name: 'Postman',
      values: [
        { key: 'a', value: 'A', type: 'secret', enabled: true },
        { key: 'b', value: 'B', type: 'secret', enabled: true },
        { key: 'c', value: '', type: 'secret', enabled: true },
        { key: 'd', value: 'D', type: 'default', enabled: true },
        { key: 'g', value: 'G', type: 'secret', enabled: true },
        { key: 'h', value: '', type: 'secret', enabled: true },
      ],
    };
    const edited = {
      id: 'e1',
      name: 'Edited',
      values: [
        { key: 'a', value: '', type: 'secret', enabled: true },
        { key: 'b', value: 'typed', type: 'secret' },
        { key: 'c', value: '', type: 'secret', enabled: true },
        { key: 'd', value: '', type: 'secret' },
        { key: 'e', value: '', type: 'secret' },
        { key: 'g', value: '', type: 'default' },
        { key: 'g', type: 'secret' },
        { key: 'h', type: 'secret' },
      ],
    } as EnvironmentDocument;
    const before = structuredClone(edited);
    assert.deepEqual(keepSecrets(edited, postman), {
      id: 'e1',
      name: 'Edited',
      values: [
        { key: 'a', value: 'A', type: 'secret', enabled: true },
        { key: 'b', value: 'typed', type: 'secret' },
        { key: 'c', value: '', type: 'secret', enabled: true },
        { key: 'd', value: '', type: 'secret' },
        { key: 'e', value: '', type: 'secret' },
        { key: 'g', value: '', type: 'default' },
        { key: 'g', type: 'secret', value: 'G' },
        { key: 'h', type: 'secret' },
      ],
    });
    assert.deepEqual(edited, before, 'the edited copy is not changed');
  });
});

describe('Linked kinds: the table', () => {
  const link = (kind: Link['kind'], writeSecrets?: true): Link => ({ kind, uid: 'u', workspace: 'w', path: 'p', account: { api: API }, ...(writeSecrets ? { writeSecrets } : {}) });

  it('names each kind, its folder and its default path', () => {
    const rows = (Object.keys(LINKED_KINDS) as Link['kind'][]).map((k) => [k, LINKED_KINDS[k].noun, LINKED_KINDS[k].folder, LINKED_KINDS[k].isFolder, LINKED_KINDS[k].defaultPath('Cards: v2/x')]);
    assert.deepEqual(rows, [
      ['collection', 'collection', 'postman/collections', false, 'postman/collections/Cards_ v2_x.postman_collection.json'],
      ['environment', 'environment', 'postman/environments', false, 'postman/environments/Cards_ v2_x.postman_environment.json'],
      ['spec', 'spec', 'postman/specs', true, 'postman/specs/Cards_ v2_x'],
    ]);
  });

  it('collection: normalises a file to the canonical text, refusing what is not a JSON object', () => {
    const kind = LINKED_KINDS.collection;
    assert.equal(kind.normalise('{"item": [], "info": {"updatedAt": "x", "name": "n"}}', link('collection')), '{\n  "info": {\n    "name": "n"\n  },\n  "item": []\n}\n');
    assert.equal(kind.partText({ info: { name: 'n', uid: 'x' }, item: [] }, link('collection')), '{\n  "info": {\n    "name": "n"\n  },\n  "item": []\n}\n');
    assert.throws(() => kind.normalise('[1]', link('collection')), (err: unknown) => err instanceof SaveRefused && err.message === 'Not saved: a collection file must hold a JSON object. Nothing was sent to Postman.');
    assert.throws(() => kind.normalise('{', link('collection')), (err: unknown) => err instanceof SaveRefused && err.message.startsWith('The collection file is not valid JSON: '));
    assert.equal(kind.outgoing('any text', {}), 'any text');
  });

  it('environment: Postman\'s copy without secrets unless the link asks, a file as it is (a typed secret is a change), and Postman\'s secrets sent back', () => {
    const kind = LINKED_KINDS.environment;
    const text = '{"values": [{"type": "secret", "value": "s", "key": "k"}], "name": "n", "owner": "o"}';
    const withValue = '{\n  "name": "n",\n  "values": [\n    {\n      "key": "k",\n      "value": "s",\n      "type": "secret"\n    }\n  ]\n}\n';
    const emptied = '{\n  "name": "n",\n  "values": [\n    {\n      "key": "k",\n      "value": "",\n      "type": "secret"\n    }\n  ]\n}\n';
    assert.equal(kind.normalise(text, link('environment')), withValue);
    assert.equal(kind.normalise(text, link('environment', true)), withValue);
    assert.equal(kind.partText(JSON.parse(text), link('environment')), emptied);
    assert.equal(kind.partText(JSON.parse(text), link('environment', true)), withValue);
    assert.throws(() => kind.normalise('"x"', link('environment')), (err: unknown) => err instanceof SaveRefused && err.message === 'Not saved: an environment file must hold a JSON object. Nothing was sent to Postman.');
    assert.throws(() => kind.normalise('{,}', link('environment')), (err: unknown) => err instanceof SaveRefused && err.message.startsWith('The environment file is not valid JSON: '));

    const postman = { name: 'n', values: [{ key: 'k', value: 'held', type: 'secret' }] };
    assert.equal(kind.outgoing('{"name": "n", "values": [{"key": "k", "value": "", "type": "secret"}]}', postman), '{\n  "name": "n",\n  "values": [\n    {\n      "key": "k",\n      "value": "held",\n      "type": "secret"\n    }\n  ]\n}\n');
    // Without a values list the document kind's own parse says what is wrong: the text goes as it is.
    assert.equal(kind.outgoing('{"name": "n"}', postman), '{"name": "n"}');
    assert.equal(kind.outgoing('[]', postman), '[]');
    assert.throws(() => kind.outgoing('{', postman), (err: unknown) => err instanceof SaveRefused && err.message.startsWith('The environment file is not valid JSON: '));
  });

  it('spec: a file is its text, as it is', () => {
    const kind = LINKED_KINDS.spec;
    assert.equal(kind.normalise('a: 1\r\n', link('spec')), 'a: 1\r\n');
    assert.equal(kind.partText({ content: 'x: 2' }, link('spec')), 'x: 2');
    assert.equal(kind.outgoing('y', { content: 'z' }), 'y');
  });
});

describe('Link state: hashParts, stateOf, fileOf, LinkGone', () => {
  it('hashParts: one hash over each path and its text\'s hash, in path order', () => {
    assert.equal(hashParts([]), sha256(''));
    assert.equal(hashParts([{ path: '', text: 'x' }]), sha256(`"" ${sha256('x')}\n`));
    const two = sha256(`"a" ${sha256('1')}\n"b/c" ${sha256('2')}\n`);
    assert.equal(hashParts([{ path: 'b/c', text: '2' }, { path: 'a', text: '1' }]), two);
    assert.equal(hashParts([{ path: 'a', text: '1' }, { path: 'b/c', text: '2' }]), two);
    assert.notEqual(hashParts([{ path: 'a', text: '2' }, { path: 'b/c', text: '1' }]), two);
    assert.equal(hashParts([{ path: 'B', text: '1' }, { path: 'a', text: '2' }, { path: 'A', text: '3' }]), sha256(`"A" ${sha256('3')}\n"B" ${sha256('1')}\n"a" ${sha256('2')}\n`));
    assert.equal(hashParts([{ path: 'a"b', text: '' }]), sha256(`"a\\"b" ${sha256('')}\n`));
  });

  it('stateOf: a missing file first, then a resource gone from Postman', () => {
    assert.deepEqual(stateOf(HASH_A, undefined, null), { state: 'missing', missing: 'file' });
    assert.deepEqual(stateOf(undefined, undefined, HASH_A), { state: 'missing', missing: 'file' });
    assert.deepEqual(stateOf(HASH_A, undefined, undefined), { state: 'missing', missing: 'file' });
    assert.deepEqual(stateOf(HASH_A, HASH_A, null), { state: 'missing', missing: 'postman' });
    assert.deepEqual(stateOf(undefined, HASH_B, null), { state: 'missing', missing: 'postman' });
  });

  it('stateOf: each side against the last sync', () => {
    const [S, L, R] = ['sha256:synced', 'sha256:local', 'sha256:remote'];
    assert.deepEqual(stateOf(S, S, S), { state: 'inSync' });
    assert.deepEqual(stateOf(S, L, S), { state: 'changedHere' });
    assert.deepEqual(stateOf(S, S, R), { state: 'changedInPostman' });
    assert.deepEqual(stateOf(S, L, R), { state: 'changedBoth' });
    assert.deepEqual(stateOf(S, L, L), { state: 'inSync' }, 'both sides changed alike');
  });

  it('stateOf: a link never synced is in sync only where both sides agree', () => {
    assert.deepEqual(stateOf(undefined, HASH_A, HASH_A), { state: 'inSync' });
    assert.deepEqual(stateOf(undefined, HASH_A, HASH_B), { state: 'changedBoth' });
    assert.deepEqual(stateOf(undefined, HASH_A, undefined), { state: 'changedHere' });
  });

  it('stateOf: Postman not asked, only the file\'s side is known', () => {
    assert.deepEqual(stateOf(HASH_A, HASH_A, undefined), { state: 'inSync' });
    assert.deepEqual(stateOf(HASH_A, HASH_B, undefined), { state: 'changedHere' });
  });

  it('fileOf: the link\'s own file, or a spec file under its folder', () => {
    const spec: Link = { kind: 'spec', uid: 's', workspace: 'w', path: 'postman/specs/S', account: { api: API } };
    assert.equal(fileOf(spec, ''), 'postman/specs/S');
    assert.equal(fileOf(spec, 'components/a.yaml'), 'postman/specs/S/components/a.yaml');
  });

  it('LinkGone: says which file and what to do', () => {
    const gone = new LinkGone({ kind: 'environment', uid: 'e', workspace: 'w', path: 'postman/environments/S.json', account: { api: API } });
    assert.ok(gone instanceof Error);
    assert.equal(gone.name, 'LinkGone');
    assert.equal(gone.message, 'The environment linked to postman/environments/S.json is no longer in Postman (deleted, or not shared with this account). Remove the link, or link the file to another environment.');
  });
});
