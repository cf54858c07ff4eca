import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LINKS_PATH, linkAccount, parseLinks, serializeLinks, type Link } from '../../src/links/model/linksFile';
import { NodeLinkFiles, OutsideFolder } from '../../src/links/model/nodeFiles';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { sampleUser } from '../fixtures/sampleData';
import { describeNotUnderMutation } from './notUnderMutation';

/**
 * The links command-line script: NodeLinkFiles (its file access, in process), then the built
 * script itself (dist/postman-links.js, built here into a temporary folder) run with `node`
 * against the local Postman server, in a temporary folder holding postman/links.json.
 */

const ROOT = path.join(__dirname, '..', '..', '..');

function tempDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

describe('NodeLinkFiles: a folder\'s files, and nothing outside it', () => {
  let root: string;
  let outside: string;
  let files: NodeLinkFiles;

  beforeEach(() => {
    root = tempDir('links-files-');
    outside = tempDir('links-outside-');
    files = new NodeLinkFiles(root);
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  const refused = (promise: Promise<unknown>) => assert.rejects(promise, (err: unknown) => err instanceof OutsideFolder && /leads outside the folder/.test(err.message));

  it('reads a file, or undefined when it (or a folder on its way) is missing', async () => {
    fs.mkdirSync(path.join(root, 'a'));
    fs.writeFileSync(path.join(root, 'a', 'b.json'), 'text');
    assert.equal(await files.read('a/b.json'), 'text');
    assert.equal(await files.read('a/c.json'), undefined);
    assert.equal(await files.read('x/y/z.json'), undefined);
    assert.equal(await files.read('a/b.json/c'), undefined, 'a file in the middle of the path');
  });

  it('writes through a temporary file beside it, making the folders, and leaves nothing else', async () => {
    await files.write('postman/collections/one.json', 'one\n');
    assert.equal(fs.readFileSync(path.join(root, 'postman', 'collections', 'one.json'), 'utf8'), 'one\n');
    await files.write('postman/collections/one.json', 'two\n');
    assert.equal(fs.readFileSync(path.join(root, 'postman', 'collections', 'one.json'), 'utf8'), 'two\n');
    assert.deepEqual(fs.readdirSync(path.join(root, 'postman', 'collections')), ['one.json']);
  });

  it('replaces a file without following it when it is a link inside the folder', async () => {
    fs.writeFileSync(path.join(root, 'target.json'), 'target');
    fs.symlinkSync(path.join(root, 'target.json'), path.join(root, 'alias.json'));
    assert.equal(await files.read('alias.json'), 'target');
    await files.write('alias.json', 'new');
    assert.equal(fs.readFileSync(path.join(root, 'target.json'), 'utf8'), 'target');
    assert.equal(fs.readFileSync(path.join(root, 'alias.json'), 'utf8'), 'new');
  });

  it('lists a folder\'s files recursively, sorted and /-separated; none when it is missing', async () => {
    for (const p of ['spec/index.yaml', 'spec/parts/b.yaml', 'spec/parts/a.yaml']) {
      await files.write(p, p);
    }
    fs.mkdirSync(path.join(root, 'spec', 'empty'));
    assert.deepEqual(await files.list('spec'), ['index.yaml', 'parts/a.yaml', 'parts/b.yaml']);
    assert.deepEqual(await files.list('nothing'), []);
    assert.deepEqual(await files.list('spec/index.yaml'), [], 'a file is not a folder');
  });

  it('lists a link to a file, but does not enter a linked folder', async () => {
    await files.write('spec/index.yaml', 'x');
    await files.write('other/a.yaml', 'a');
    fs.symlinkSync(path.join(root, 'other', 'a.yaml'), path.join(root, 'spec', 'linked.yaml'));
    fs.symlinkSync(path.join(root, 'other'), path.join(root, 'spec', 'folder'));
    fs.symlinkSync(path.join(root, 'spec'), path.join(root, 'spec', 'loop'));
    fs.symlinkSync(path.join(root, 'gone.yaml'), path.join(root, 'spec', 'dangling.yaml'));
    assert.deepEqual(await files.list('spec'), ['index.yaml', 'linked.yaml']);
  });

  it('refuses paths that leave the folder by their text', async () => {
    await refused(files.read('../x.json'));
    await refused(files.write('a/../../x.json', 'x'));
    await refused(files.read(path.join(outside, 'x.json')));
    await refused(files.read('C:/x.json'));
    await refused(files.list('..'));
    await refused(files.read('a\0b'));
    assert.deepEqual(fs.readdirSync(outside), []);
  });

  it('refuses to read, write or list through a symbolic link that points outside', async () => {
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    fs.mkdirSync(path.join(outside, 'spec'));
    fs.writeFileSync(path.join(outside, 'spec', 'index.yaml'), 'outside');
    fs.mkdirSync(path.join(root, 'postman'));
    fs.symlinkSync(outside, path.join(root, 'postman', 'out'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'postman', 'secret.json'));
    fs.symlinkSync(path.join(outside, 'missing.json'), path.join(root, 'postman', 'dangling.json'));

    await refused(files.read('postman/secret.json'));
    await refused(files.write('postman/secret.json', 'over'));
    await refused(files.read('postman/out/secret.txt'));
    await refused(files.write('postman/out/new/deep.json', 'x'));
    await refused(files.write('postman/out/created.json', 'x'));
    await refused(files.list('postman/out/spec'));
    // A link to a file not there yet: its folder is outside.
    await refused(files.write('postman/dangling.json', 'x'));
    assert.equal(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8'), 'secret');
    assert.deepEqual(fs.readdirSync(outside).sort(), ['secret.txt', 'spec']);
  });

  it('follows a chain of links to nothing inside the folder, and names its refusals', async () => {
    for (let i = 0; i < 30; i++) {
      fs.symlinkSync(path.join(root, `ok${i + 1}`), path.join(root, `ok${i}`));
    }
    assert.equal(await files.resolve('ok0'), path.join(fs.realpathSync(root), 'ok0'));
    const err = await files.resolve('../x').catch((e: unknown) => e);
    assert.equal((err as Error).name, 'OutsideFolder');
  });

  it('takes a colon inside a name for a name (only a leading drive is refused), and a folder read as a file is an error', async () => {
    assert.equal(await files.read('ab:c.json'), undefined);
    await files.write('dir/a:b.json', 'colon');
    assert.equal(await files.read('dir/a:b.json'), 'colon');
    await assert.rejects(files.read('dir'), (err: unknown) => (err as NodeJS.ErrnoException).code === 'EISDIR');
  });

  it('accepts a root reached through a symbolic link', async () => {
    const alias = path.join(outside, 'alias');
    fs.symlinkSync(root, alias);
    const viaAlias = new NodeLinkFiles(alias);
    await viaAlias.write('postman/a.json', 'a');
    assert.equal(await viaAlias.read('postman/a.json'), 'a');
    assert.equal(fs.readFileSync(path.join(root, 'postman', 'a.json'), 'utf8'), 'a');
  });
});

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

describeNotUnderMutation('the links command-line script (dist/postman-links.js)', function () {
  this.timeout(30_000);
  /** Distinctive, and not shaped like a Postman key: only the script's own redaction can hide it. */
  const KEY = 'links-cli-test-key-5f0c2a9e7d4b18c3';
  const WRONG_KEY = 'links-cli-wrong-key-91d7b3e0c4a6f25e';
  const server = new LocalPostmanServer({ apiKeys: [KEY], rateLimits: false });
  let build: string;
  let script: string;
  let dir: string;
  let outside: string;
  let uid: string;
  let envUid: string;
  let workspace: string;
  /** Everything the script printed, in every test: the key must appear nowhere in it. */
  const printed: string[] = [];

  const COLLECTION = 'postman/collections/payments.postman_collection.json';
  const ENVIRONMENT = 'postman/environments/staging.postman_environment.json';

  before(async () => {
    build = tempDir('links-cli-build-');
    execFileSync(process.execPath, ['esbuild.mjs', `--outfile=${path.join(build, 'extension.js')}`], { cwd: ROOT, stdio: 'pipe' });
    script = path.join(build, 'postman-links.js');
    await server.start();
  });
  after(async () => {
    await server.stop();
    fs.rmSync(build, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.reset();
    dir = tempDir('links-cli-');
    outside = tempDir('links-cli-outside-');
    const payments = server.dataset.workspaces.find((w) => w.name === 'Payments Platform');
    assert.ok(payments);
    workspace = payments.id;
    uid = payments.collections.find((c) => c.name === 'Payments API v2')?.uid as string;
    envUid = payments.environments.find((e) => e.name === 'Payments – Staging')?.uid as string;
    writeLinks([link()]);
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  function link(over: Partial<Link> = {}): Link {
    return { kind: 'collection', uid, workspace, path: COLLECTION, account: linkAccount(server.url, sampleUser()), ...over };
  }
  function writeLinks(links: Link[]): void {
    fs.mkdirSync(path.join(dir, 'postman'), { recursive: true });
    fs.writeFileSync(path.join(dir, LINKS_PATH), serializeLinks(links));
  }
  const links = () => parseLinks(fs.readFileSync(path.join(dir, LINKS_PATH), 'utf8')).links;
  const file = (p = COLLECTION) => path.join(dir, ...p.split('/'));
  const stored = () => server.dataset.collections[uid];

  /** Runs the built script with only the environment given (no inherited POSTMAN_* variable). */
  function cli(args: string[], env: Record<string, string | undefined> = { POSTMAN_API_KEY: KEY, POSTMAN_API_BASE_URL: server.url }): Promise<Ran> {
    return new Promise((resolve, reject) => {
      const clean: Record<string, string> = { PATH: process.env.PATH ?? '' };
      for (const [k, v] of Object.entries(env)) {
        if (v !== undefined) {
          clean[k] = v;
        }
      }
      const child = spawn(process.execPath, [script, ...args], { cwd: dir, env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => {
        printed.push(stdout, stderr);
        resolve({ code, stdout, stderr });
      });
    });
  }
  /** The edit a user makes to the file. */
  function editFile(change: (value: { info: { name: string; description?: string } }) => void, p = COLLECTION): void {
    const value = JSON.parse(fs.readFileSync(file(p), 'utf8')) as { info: { name: string } };
    change(value);
    fs.writeFileSync(file(p), `${JSON.stringify(value, null, 2)}\n`);
  }
  /** A teammate's edit in Postman. */
  function changeInPostman(name: string): void {
    stored().info.name = name;
    stored().info.updatedAt = new Date().toISOString();
  }
  async function pulled(): Promise<void> {
    const ran = await cli(['pull']);
    assert.equal(ran.code, 0, ran.stderr + ran.stdout);
  }

  it('pulls a new link: writes the file and records the sync point; status is then in sync (exit 0)', async () => {
    const before = await cli(['status']);
    assert.equal(before.code, 1);
    assert.match(before.stdout, new RegExp(`^missing file +${COLLECTION}$`, 'm'));

    const ran = await cli(['pull']);
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(ran.stdout, new RegExp(`^pulled +${COLLECTION}: wrote ${COLLECTION}$`, 'm'));
    const written = JSON.parse(fs.readFileSync(file(), 'utf8')) as { info: { name: string; _postman_id: string; updatedAt?: string } };
    assert.equal(written.info.name, 'Payments API v2');
    assert.equal(written.info.updatedAt, undefined, 'Postman\'s stamps are left out');
    assert.match(links()[0].synced ?? '', /^sha256:[0-9a-f]{64}$/);

    const after = await cli(['status']);
    assert.equal(after.code, 0, after.stdout + after.stderr);
    assert.equal(after.stdout, `${'in sync'.padEnd(22)} ${COLLECTION}\n`);
    assert.equal(after.stderr, '');
  });

  it('status: changed here, changed in Postman, changed on both sides (exit 1), as lines and as JSON; it writes nothing', async () => {
    await pulled();
    const linksText = fs.readFileSync(path.join(dir, LINKS_PATH), 'utf8');
    editFile((c) => void (c.info.description = 'edited here'));
    let ran = await cli(['status']);
    assert.equal(ran.code, 1);
    assert.match(ran.stdout, new RegExp(`^changed here +${COLLECTION}$`, 'm'));

    changeInPostman('Renamed in Postman');
    ran = await cli(['status', '--json']);
    assert.equal(ran.code, 1);
    const [entry] = JSON.parse(ran.stdout) as Array<{ path: string; kind: string; state: string; name: string }>;
    assert.deepEqual({ path: entry.path, kind: entry.kind, state: entry.state, name: entry.name }, { path: COLLECTION, kind: 'collection', state: 'changedBoth', name: 'Renamed in Postman' });

    assert.equal(fs.readFileSync(path.join(dir, LINKS_PATH), 'utf8'), linksText, 'status never rewrites links.json');
    assert.match(fs.readFileSync(file(), 'utf8'), /edited here/);
  });

  it('status: changed in Postman, then a pull brings it in and ends in sync', async () => {
    await pulled();
    changeInPostman('Renamed in Postman');
    let ran = await cli(['status']);
    assert.equal(ran.code, 1);
    assert.match(ran.stdout, new RegExp(`^changed in Postman +${COLLECTION}$`, 'm'));
    const before = links()[0].synced;

    ran = await cli(['pull']);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal((JSON.parse(fs.readFileSync(file(), 'utf8')) as { info: { name: string } }).info.name, 'Renamed in Postman');
    assert.notEqual(links()[0].synced, before);
    assert.equal((await cli(['status'])).code, 0);
  });

  it('pull refuses a file with changes of its own (exit 1) unless --force', async () => {
    await pulled();
    editFile((c) => void (c.info.name = 'Mine'));
    const mine = fs.readFileSync(file(), 'utf8');
    const linksText = fs.readFileSync(path.join(dir, LINKS_PATH), 'utf8');
    let ran = await cli(['pull']);
    assert.equal(ran.code, 1);
    assert.match(ran.stdout, new RegExp(`^refused +${COLLECTION}: the file has changes of its own \\(changed here\\): push them, or pull --force`, 'm'));
    assert.equal(fs.readFileSync(file(), 'utf8'), mine);
    assert.equal(fs.readFileSync(path.join(dir, LINKS_PATH), 'utf8'), linksText, 'links.json is not rewritten when nothing changed');

    ran = await cli(['pull', '--force']);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal((JSON.parse(fs.readFileSync(file(), 'utf8')) as { info: { name: string } }).info.name, 'Payments API v2');
  });

  it('push sends an edited file to Postman and ends in sync', async () => {
    await pulled();
    editFile((c) => void (c.info.name = 'Pushed from the repository'));
    const ran = await cli(['push']);
    assert.equal(ran.code, 0, ran.stderr + ran.stdout);
    assert.match(ran.stdout, new RegExp(`^pushed +${COLLECTION}`, 'm'));
    assert.equal(stored().info.name, 'Pushed from the repository');
    const status = await cli(['status', '--json']);
    assert.equal(status.code, 0, status.stdout);
    assert.equal((JSON.parse(status.stdout) as Array<{ state: string }>)[0].state, 'inSync');
    assert.equal((await cli(['push'])).code, 0, 'nothing left to push');
  });

  it('push refuses to overwrite a change made in Postman since the sync (exit 1, nothing sent) unless --force', async () => {
    await pulled();
    editFile((c) => void (c.info.name = 'Mine'));
    changeInPostman('Theirs');
    server.resetCounts();
    let ran = await cli(['push']);
    assert.equal(ran.code, 1, ran.stderr);
    assert.match(ran.stdout, new RegExp(`^refused +${COLLECTION}: Postman's copy changed since the last sync: pull first \\(then push\\), or push --force`, 'm'));
    assert.equal(stored().info.name, 'Theirs');
    assert.deepEqual(server.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`), []);

    ran = await cli(['push', '--force']);
    assert.equal(ran.code, 0, ran.stderr + ran.stdout);
    assert.equal(stored().info.name, 'Mine');
    assert.equal((await cli(['status'])).code, 0);
  });

  it('push leaves a link that only changed in Postman (exit 1)', async () => {
    await pulled();
    changeInPostman('Theirs');
    const ran = await cli(['push']);
    assert.equal(ran.code, 1);
    assert.match(ran.stdout, /only Postman changed since the last sync: pull it/);
    assert.equal(stored().info.name, 'Theirs');
  });

  it('an environment is pulled without its secret values, and is then in sync', async () => {
    writeLinks([link(), link({ kind: 'environment', uid: envUid, path: ENVIRONMENT })]);
    const ran = await cli(['pull', ENVIRONMENT]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.ok(!fs.existsSync(file()), 'only the selected link');
    const env = JSON.parse(fs.readFileSync(file(ENVIRONMENT), 'utf8')) as { values: Array<{ type: string; value: string }> };
    assert.ok(env.values.some((v) => v.type === 'secret'));
    assert.ok(env.values.filter((v) => v.type === 'secret').every((v) => v.value === ''));
    const status = await cli(['status', '--json', 'postman/environments']);
    assert.deepEqual((JSON.parse(status.stdout) as Array<{ path: string; state: string }>).map((e) => [e.path, e.state]), [[ENVIRONMENT, 'inSync']]);
    assert.equal((await cli(['status', 'postman/nothing'])).code, 2, 'a path with no link');
  });

  it('a network failure ends the run (exit 2); the links done before it keep their sync points', async () => {
    writeLinks([link(), link({ kind: 'environment', uid: envUid, path: ENVIRONMENT })]);
    server.injectFault({ kind: 'reset', match: { path: /^\/environments\// } });
    const ran = await cli(['pull']);
    assert.equal(ran.code, 2);
    assert.match(ran.stdout, new RegExp(`^pulled +${COLLECTION}`, 'm'));
    assert.ok(!ran.stdout.includes(ENVIRONMENT));
    assert.match(ran.stderr, /Could not reach the Postman API: .*Check the network, and --api or POSTMAN_API_BASE_URL\./);
    assert.deepEqual(links().map((l) => [l.path, l.synced !== undefined]), [[COLLECTION, true], [ENVIRONMENT, false]]);
    server.clearFaults();
    assert.equal((await cli(['status', COLLECTION])).code, 0);
  });

  it('refuses to run without POSTMAN_API_KEY (exit 2), saying where the key goes; nothing is sent', async () => {
    server.resetCounts();
    const ran = await cli(['status'], { POSTMAN_API_BASE_URL: server.url });
    assert.equal(ran.code, 2);
    assert.match(ran.stderr, /POSTMAN_API_KEY is not set/);
    assert.equal(ran.stdout, '');
    assert.deepEqual(server.requests, []);
  });

  it('a rejected key (401) is exit 2 with words, and neither key is printed', async () => {
    const ran = await cli(['status'], { POSTMAN_API_KEY: WRONG_KEY, POSTMAN_API_BASE_URL: server.url });
    assert.equal(ran.code, 2);
    assert.match(ran.stderr, /Postman rejected the API key \(401\): check POSTMAN_API_KEY/);
    assert.ok(!ran.stderr.includes(WRONG_KEY) && !ran.stdout.includes(WRONG_KEY));
  });

  it('a broken links.json, or a server address that would send the key in clear, is exit 2', async () => {
    fs.writeFileSync(path.join(dir, LINKS_PATH), '{ "links": [');
    let ran = await cli(['status']);
    assert.equal(ran.code, 2);
    assert.match(ran.stderr, /postman\/links\.json is not valid JSON/);

    writeLinks([link()]);
    ran = await cli(['status', '--api', 'http://example.com']);
    assert.equal(ran.code, 2);
    assert.match(ran.stderr, /The server URL \(--api or POSTMAN_API_BASE_URL\) uses plain http/);
    fs.rmSync(path.join(dir, LINKS_PATH));
    ran = await cli(['status']);
    assert.equal(ran.code, 2);
    assert.match(ran.stderr, /There is no postman\/links\.json in /);
  });

  it('an entry of links.json that cannot be read is exit 2; the others run, and the file is not rewritten without it', async () => {
    const text = serializeLinks([link()]).replace('"links": [', '"links": [\n    { "kind": "collection", "uid": "x", "path": "../escape.json" },');
    fs.writeFileSync(path.join(dir, LINKS_PATH), text);
    const ran = await cli(['pull']);
    assert.equal(ran.code, 2);
    assert.match(ran.stderr, /links\[0\] has no valid "workspace"; that entry is left out\./);
    assert.match(ran.stdout, new RegExp(`^pulled +${COLLECTION}`, 'm'));
    assert.ok(fs.existsSync(file()));
    assert.match(ran.stderr, /was not updated with the new sync points/);
    assert.equal(fs.readFileSync(path.join(dir, LINKS_PATH), 'utf8'), text);
  });

  it('the server comes from --api or the environment, never from links.json: a link made with another server is skipped', async () => {
    writeLinks([link(), link({ path: 'postman/collections/eu.json', account: { api: 'https://api.eu.postman.com', team: '123' } })]);
    await cli(['pull', COLLECTION]);
    server.resetCounts();
    const ran = await cli(['status'], { POSTMAN_API_KEY: KEY });
    // The default server is Postman's own: both links are skipped, and nothing reaches the local one.
    assert.equal(ran.code, 1);
    assert.deepEqual(server.requests, []);
    assert.match(ran.stdout, /^skipped +postman\/collections\/eu\.json: made with another server \(https:\/\/api\.eu\.postman\.com\); this run uses https:\/\/api\.getpostman\.com$/m);

    const here = await cli(['status', '--api', server.url], { POSTMAN_API_KEY: KEY });
    assert.equal(here.code, 1, 'one link was skipped');
    assert.match(here.stdout, new RegExp(`^in sync +${COLLECTION}$`, 'm'));
    assert.match(here.stdout, /^skipped +postman\/collections\/eu\.json: made with another server/m);
  });

  it('a link of another team is skipped', async () => {
    writeLinks([link({ account: { api: server.url, team: '999' } })]);
    const ran = await cli(['status']);
    assert.equal(ran.code, 1);
    assert.match(ran.stdout, new RegExp(`^skipped +${COLLECTION}: made with another team \\(999\\)`, 'm'));
  });

  it('refuses a link whose path leads outside the folder through a symbolic link (exit 2): nothing is written there', async () => {
    fs.symlinkSync(outside, path.join(dir, 'postman', 'collections'));
    const ran = await cli(['pull']);
    assert.equal(ran.code, 2);
    assert.match(ran.stdout, new RegExp(`^error +${COLLECTION}: Refused: ${COLLECTION} leads outside the folder`, 'm'));
    assert.deepEqual(fs.readdirSync(outside), []);
    assert.equal(links()[0].synced, undefined);

    // links.json itself, linked to a file elsewhere, is not read.
    fs.writeFileSync(path.join(outside, 'links.json'), fs.readFileSync(path.join(dir, LINKS_PATH)));
    fs.rmSync(path.join(dir, LINKS_PATH));
    fs.symlinkSync(path.join(outside, 'links.json'), path.join(dir, LINKS_PATH));
    const linked = await cli(['status']);
    assert.equal(linked.code, 2);
    assert.match(linked.stderr, /Refused: postman\/links\.json leads outside the folder/);
  });

  it('prints names from Postman without control characters', async () => {
    await pulled();
    changeInPostman('Evil\u001b[2J\nname\u202e');
    const ran = await cli(['pull', '--json']);
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal((JSON.parse(ran.stdout) as Array<{ name: string }>)[0].name, 'Evil [2J name');
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must not be printed
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u202e]/.test(ran.stdout));
  });

  it('printed neither key in any run above (stdout and stderr, the 401 included)', () => {
    assert.ok(printed.length > 20);
    const all = printed.join('\n');
    assert.ok(!all.includes(KEY), 'the key was printed');
    assert.ok(!all.includes(WRONG_KEY), 'the wrong key was printed');
  });
});
