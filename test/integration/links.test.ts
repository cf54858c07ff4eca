import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { LinkEntry } from '../../src/links/linkService';
import type { Row } from '../../src/tree/model/row';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY, SAMPLE_SPECS } from '../fixtures/sampleData';
import { childNamed, signInTo, waitFor } from './helpers';

/**
 * Collections as code in the extension host: a temporary git repository as the workspace
 * folder's content, links made from tree rows, and their status, pull, push and compare
 * against the local Postman server.
 */
describe('collections as code: links to files, in the extension host', function () {
  this.timeout(60000);
  const server = new LocalPostmanServer({ rateLimits: false });
  let api: TestingApi;
  const messages: string[] = [];
  const modals: string[] = [];
  let answer: (message: string) => string | undefined = () => undefined;
  let watching: vscode.Disposable | undefined;
  const folder = () => (vscode.workspace.workspaceFolders ?? [])[0].uri.fsPath;
  const file = (rel: string) => path.join(folder(), ...rel.split('/'));
  const read = (rel: string) => fs.readFileSync(file(rel), 'utf8');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: folder(), encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
  const puts = () => server.requests.filter((r) => r.method === 'PUT' || r.method === 'PATCH').map((r) => `${r.method} ${r.path}`);
  const COLLECTION = 'postman/collections/Payments API v2.postman_collection.json';
  const ENVIRONMENT = 'postman/environments/Payments – Staging.postman_environment.json';

  async function row(...names: string[]): Promise<Row> {
    let r: Row | undefined;
    for (const name of names) {
      r = await childNamed(api, r, name);
    }
    return r as Row;
  }

  async function entry(rel: string, until?: (e: LinkEntry) => boolean): Promise<LinkEntry> {
    return waitFor(`the link of ${rel}${until ? ' in the expected state' : ''}`, async () => {
      await api.links.service.recompute();
      const e = (await api.links.service.list()).find((x) => x.link.path === rel);
      return e && (!until || until(e)) ? e : undefined;
    });
  }

  /** Writes a file as another tool would (the watcher and a recompute notice it). */
  function writeFile(rel: string, text: string): void {
    fs.writeFileSync(file(rel), text);
  }

  async function linkPayments(): Promise<LinkEntry> {
    const collection = await row('Payments Platform', 'Collections', 'Payments API v2');
    await vscode.commands.executeCommand('postman.link.create', collection);
    return entry(COLLECTION);
  }

  before(async () => {
    api = await signInTo(server, SAMPLE_API_KEY);
    api.setAsk(async () => undefined);
    api.setDocumentUi({
      modal: async (message, detail) => {
        modals.push(`${message.toString()} | ${detail.toString()}`);
        return answer(message.toString());
      },
    });
    api.setLinkUi({ askPath: async (suggested) => suggested });
    watching = api.observeMessages((m) => messages.push(m.text));
    git('init', '-q');
  });

  beforeEach(async () => {
    fs.rmSync(path.join(folder(), 'postman'), { recursive: true, force: true });
    await api.links.store.reload();
    server.reset();
    api.tree.refresh();
    messages.length = 0;
    modals.length = 0;
    answer = (m) => (m.startsWith('Push ') ? 'Push' : undefined);
  });

  after(async () => {
    watching?.dispose();
    api.setDocumentUi(undefined);
    api.setLinkUi(undefined);
    api.setAsk(undefined);
    fs.rmSync(path.join(folder(), 'postman'), { recursive: true, force: true });
    fs.rmSync(path.join(folder(), '.git'), { recursive: true, force: true });
    await vscode.commands.executeCommand('postman.signOut');
    await server.stop();
  });

  it('links a collection from its tree row: the file is written for diffs, links.json records it, and the status is in sync', async () => {
    const linked = await linkPayments();
    assert.equal(linked.state, 'inSync');
    assert.equal(linked.checked, true);
    const text = read(COLLECTION);
    assert.ok(text.endsWith('}\n') && !text.endsWith('\n\n'), 'one trailing newline');
    const value = JSON.parse(text) as { info: Record<string, unknown>; item: Array<Record<string, unknown>> };
    assert.deepEqual(Object.keys(value)[0], 'info', 'info first');
    for (const stamp of ['updatedAt', 'createdAt', 'uid', 'owner', 'lastUpdatedBy']) {
      assert.equal(value.info[stamp], undefined, `no ${stamp} in the file`);
    }
    assert.ok(value.info._postman_id, 'the collection id is kept');
    assert.ok(value.item.every((i) => typeof i.id === 'string'), 'item ids are kept');
    assert.ok(!/"uid"/.test(text), 'no owner-prefixed uid anywhere');
    const links = JSON.parse(read('postman/links.json')) as { format: number; links: Array<Record<string, unknown>> };
    assert.equal(links.format, 1);
    assert.equal(links.links.length, 1);
    assert.equal(links.links[0].path, COLLECTION);
    assert.equal(links.links[0].kind, 'collection');
    assert.match(String(links.links[0].synced), /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(links.links[0].account, { api: server.url, team: '123' });
    assert.ok(!read('postman/links.json').includes(SAMPLE_API_KEY));
    // The tree row and the Explorer file carry the link's decoration.
    const fileDecoration = api.links.view.provideFileDecoration(vscode.Uri.file(file(COLLECTION)));
    assert.equal(fileDecoration?.badge, '✓');
    const item = api.tree.getTreeItem(await row('Payments Platform', 'Collections', 'Payments API v2'));
    assert.equal(item.resourceUri?.scheme, 'postman-link');
    assert.equal(api.links.view.provideFileDecoration(item.resourceUri)?.badge, '✓');
  });

  it('edit the file → changed here; push → in Postman, in sync, and a pull right after leaves git diff empty', async () => {
    await linkPayments();
    const edited = read(COLLECTION).replace('"name": "Payments API v2"', '"name": "Payments API v2 (edited in git)"');
    assert.notEqual(edited, read(COLLECTION));
    writeFile(COLLECTION, edited);
    let e = await entry(COLLECTION, (x) => x.state === 'changedHere');
    assert.equal(api.links.view.provideFileDecoration(e.uri)?.badge, '↑');
    assert.equal(await vscode.commands.executeCommand('postman.link.push', e), true);
    assert.deepEqual(puts().length, 1, 'one PUT');
    assert.ok(modals.some((m) => m.startsWith(`Push ${COLLECTION}`)), 'the push asked first');
    const stored = await api.client.getCollection(e.link.uid);
    assert.equal(stored.info.name, 'Payments API v2 (edited in git)');
    e = await entry(COLLECTION, (x) => x.state === 'inSync');
    assert.equal(e.checked, true);
    git('add', '-A');
    git('commit', '-qm', 'pushed');
    assert.equal(await vscode.commands.executeCommand('postman.link.pull', e), true);
    assert.equal(git('status', '--porcelain'), '', 'a pull right after a push changes nothing');
    // The tree shows the new name.
    await waitFor('the renamed row', async () => ((await api.tree.getChildren(await row('Payments Platform', 'Collections'))).some((r) => r.label === 'Payments API v2 (edited in git)') ? true : undefined));
  });

  it('changed in Postman → Refresh says so; Pull writes it; changed on both sides asks before a push overwrites', async () => {
    const linked = await linkPayments();
    const current = await api.client.getCollection(linked.link.uid);
    await api.client.updateCollection(linked.link.uid, { ...current, info: { ...current.info, name: 'Renamed in Postman' } });
    await vscode.commands.executeCommand('postman.link.refresh');
    let e = await entry(COLLECTION, (x) => x.state === 'changedInPostman');
    assert.equal(api.links.view.provideFileDecoration(e.uri)?.badge, '↓');
    // Both sides.
    writeFile(COLLECTION, read(COLLECTION).replace('"description": "The public Payments API.', '"description": "Edited here.'));
    e = await entry(COLLECTION, (x) => x.state === 'changedBoth');
    const before = puts().length;
    answer = (m) => (m.startsWith('Push ') ? 'Push' : undefined);
    assert.equal(await vscode.commands.executeCommand('postman.link.push', e), false);
    assert.ok(modals.some((m) => m.includes('changed in Postman since')), 'the conflict question was asked');
    assert.equal(puts().length, before, 'cancelled: nothing sent');
    assert.equal((await api.client.getCollection(linked.link.uid)).info.name, 'Renamed in Postman');
    // Pull asks before replacing the file's own change, and writes Postman's copy.
    answer = (m) => (m.includes('has changes that are not in Postman') ? 'Replace' : undefined);
    assert.equal(await vscode.commands.executeCommand('postman.link.pull', e), true);
    assert.equal((JSON.parse(read(COLLECTION)) as { info: { name: string } }).info.name, 'Renamed in Postman');
    assert.ok(!read(COLLECTION).includes('Edited here.'));
    await entry(COLLECTION, (x) => x.state === 'inSync');
  });

  it('an environment: secret values are written empty, and a push of another change keeps them in Postman', async () => {
    answer = (m) => (m.includes('has secret values') ? 'Leave Secrets Empty' : m.startsWith('Push ') ? 'Push' : undefined);
    await vscode.commands.executeCommand('postman.link.create', await row('Payments Platform', 'Environments', 'Payments – Staging'));
    const e = await entry(ENVIRONMENT);
    const text = read(ENVIRONMENT);
    assert.ok(!text.includes('stg_secret_0f9e8d7c6b5a') && !text.includes('stg-access-token-123'), 'no secret value in the file');
    assert.ok(text.includes('pay-staging-client'), 'plain values are written');
    writeFile(ENVIRONMENT, text.replace('pay-staging-client', 'pay-staging-client-2'));
    await entry(ENVIRONMENT, (x) => x.state === 'changedHere');
    assert.equal(await vscode.commands.executeCommand('postman.link.push', e), true);
    const stored = await api.client.getEnvironment(e.link.uid);
    const value = (k: string) => stored.values.find((v) => v.key === k)?.value;
    assert.equal(value('clientId'), 'pay-staging-client-2');
    assert.equal(value('clientSecret'), 'stg_secret_0f9e8d7c6b5a', 'the secret is not wiped by the empty value in the file');
    assert.equal(value('accessToken'), 'stg-access-token-123');
    assert.ok(!read(ENVIRONMENT).includes('stg_secret_0f9e8d7c6b5a'), 'nor written into the file after the push');
    await entry(ENVIRONMENT, (x) => x.state === 'inSync');
  });

  it('a file edited into invalid JSON: push refused with the reason, nothing sent', async () => {
    const e = await linkPayments();
    writeFile(COLLECTION, read(COLLECTION).replace('"info": {', '"info": {,'));
    const broken = await entry(COLLECTION, (x) => x.state === 'changedHere');
    assert.match(broken.problem ?? '', /not valid JSON/);
    assert.equal(await vscode.commands.executeCommand('postman.link.push', e), false);
    assert.deepEqual(puts(), []);
    assert.ok(messages.some((m) => /Push of .*not valid JSON/.test(m)), messages.join('\n'));
  });

  it('missing: a deleted file, and a collection deleted in Postman', async () => {
    const e = await linkPayments();
    fs.rmSync(file(COLLECTION));
    await entry(COLLECTION, (x) => x.state === 'missing' && x.missing === 'file');
    assert.equal(await vscode.commands.executeCommand('postman.link.pull', e), true, 'a pull writes it again');
    assert.ok(fs.existsSync(file(COLLECTION)));
    await api.client.deleteCollection(e.link.uid);
    await vscode.commands.executeCommand('postman.link.refresh');
    const gone = await entry(COLLECTION, (x) => x.state === 'missing' && x.missing === 'postman');
    assert.equal(api.links.view.provideFileDecoration(gone.uri)?.badge, '!');
    assert.equal(await vscode.commands.executeCommand('postman.link.pull', gone), false);
    assert.ok(messages.some((m) => m.includes('is no longer in Postman')), messages.join('\n'));
  });

  it('compare opens Postman’s copy, as the file would hold it, beside the file', async () => {
    const e = await linkPayments();
    writeFile(COLLECTION, read(COLLECTION).replace('"name": "Payments API v2"', '"name": "Compared"'));
    await vscode.commands.executeCommand('postman.link.compare', e);
    const left = await waitFor('the diff', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'postman-remote' && d.uri.path.endsWith('.postman_collection.json')));
    assert.ok(left.getText().includes('"name": "Payments API v2"'));
    assert.ok(!left.getText().includes('"updatedAt"'), 'normalised like the file');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a spec: its files under a folder; a teammate’s change to one file is pulled, an edit to one is pushed alone, a new file refused', async () => {
    await vscode.commands.executeCommand('postman.link.create', await row('Payments Platform', 'Specs', SAMPLE_SPECS.multiFile));
    const SPEC = 'postman/specs/Customers API (multi-file)';
    let e = await entry(SPEC);
    assert.equal(e.state, 'inSync');
    for (const f of ['index.yaml', 'components/schemas.yaml', 'components/responses/errors.yaml']) {
      assert.ok(fs.existsSync(file(`${SPEC}/${f}`)), f);
    }
    const schemas = read(`${SPEC}/components/schemas.yaml`);
    server.editSpecFileAsTeammate(e.link.uid, 'components/schemas.yaml', `${schemas}# edited by a teammate\n`);
    await vscode.commands.executeCommand('postman.link.refresh');
    e = await entry(SPEC, (x) => x.state === 'changedInPostman');
    assert.equal(await vscode.commands.executeCommand('postman.link.pull', e), true);
    assert.ok(read(`${SPEC}/components/schemas.yaml`).endsWith('# edited by a teammate\n'));
    e = await entry(SPEC, (x) => x.state === 'inSync');
    writeFile(`${SPEC}/index.yaml`, `${read(`${SPEC}/index.yaml`)}# edited here\n`);
    e = await entry(SPEC, (x) => x.state === 'changedHere');
    server.resetCounts();
    assert.equal(await vscode.commands.executeCommand('postman.link.push', e), true);
    assert.deepEqual(puts(), [`PATCH /specs/${e.link.uid}/files/index.yaml`], 'only the changed file is sent');
    assert.ok(server.specFile(e.link.uid, 'index.yaml')?.content.endsWith('# edited here\n'));
    await entry(SPEC, (x) => x.state === 'inSync');
    writeFile(`${SPEC}/extra.yaml`, 'openapi: 3.0.0\n');
    e = await entry(SPEC, (x) => x.state === 'changedHere');
    assert.equal(await vscode.commands.executeCommand('postman.link.push', e), false);
    assert.ok(messages.some((m) => m.includes('extra.yaml is new')), messages.join('\n'));
  });

  it('Add Links Script to Folder writes the script, and it reports the links as the extension does (exit 0 in sync, 1 changed)', async () => {
    await linkPayments();
    const uri = await vscode.commands.executeCommand<vscode.Uri>('postman.link.addScript');
    assert.equal(uri?.fsPath, file('postman/postman-links.js'));
    // Asynchronously: the local server answers from this very process.
    const run = () =>
      new Promise<{ code: number; out: string }>((resolve) => {
        execFile(process.execPath, [file('postman/postman-links.js'), 'status', '--api', server.url], { cwd: folder(), encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', POSTMAN_API_KEY: SAMPLE_API_KEY } }, (err, stdout, stderr) =>
          resolve({ code: err ? Number((err as { code?: unknown }).code) : 0, out: `${stdout}${stderr}` }),
        );
      });
    let result = await run();
    assert.equal(result.code, 0, result.out);
    assert.match(result.out, /in sync/);
    writeFile(COLLECTION, read(COLLECTION).replace('"name": "Payments API v2"', '"name": "Changed for CI"'));
    result = await run();
    assert.equal(result.code, 1, result.out);
    assert.match(result.out, /changed here/);
    assert.ok(!result.out.includes(SAMPLE_API_KEY));
  });

  it('a link made with another team is listed but never checked, pulled or pushed with this account', async () => {
    const mine = await linkPayments();
    const theirs = { ...mine.link, path: 'postman/collections/theirs.postman_collection.json', account: { api: server.url, team: '999' } };
    writeFile('postman/links.json', JSON.stringify({ format: 1, links: [mine.link, theirs] }));
    writeFile(theirs.path, read(COLLECTION));
    await api.links.store.reload();
    server.resetCounts();
    await vscode.commands.executeCommand('postman.link.refresh');
    const other = await entry(theirs.path);
    assert.equal(other.otherAccount, true);
    assert.equal(server.count({ path: `/collections/${mine.link.uid}` }), 1, 'only the own link was read');
    assert.equal(api.links.view.provideFileDecoration(other.uri), undefined);
    assert.equal(await vscode.commands.executeCommand('postman.link.push', other), false);
    assert.ok(messages.some((m) => m.includes('was linked with another Postman account')), messages.join('\n'));
    assert.deepEqual(puts(), []);
  });

  it('a symbolic link in the repository leading out of the folder is refused: nothing is written there', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'links-outside-'));
    fs.mkdirSync(path.join(folder(), 'postman'), { recursive: true });
    fs.symlinkSync(outside, path.join(folder(), 'postman', 'collections'));
    await vscode.commands.executeCommand('postman.link.create', await row('Payments Platform', 'Collections', 'Payments API v2'));
    assert.deepEqual(fs.readdirSync(outside), [], 'nothing written outside');
    assert.ok(messages.some((m) => m.includes('leads outside the folder')), messages.join('\n'));
    assert.ok(!fs.existsSync(file('postman/links.json')), 'no link recorded');
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('a links file from a repository cannot lead out of the folder, and is never rewritten over entries it could not read', async () => {
    fs.mkdirSync(path.join(folder(), 'postman'), { recursive: true });
    const hostile = { format: 1, links: [{ path: '../../outside.json', kind: 'collection', uid: 'x', workspace: 'w', account: { api: server.url, team: '123' } }] };
    writeFile('postman/links.json', JSON.stringify(hostile));
    await api.links.store.reload();
    const folders = await api.links.store.all();
    assert.equal(folders[0].links.length, 0);
    assert.match(folders[0].problems[0], /path/);
    await vscode.commands.executeCommand('postman.link.create', await row('Payments Platform', 'Collections', 'Payments API v2'));
    assert.ok(messages.some((m) => m.includes('cannot read')), messages.join('\n'));
    assert.deepEqual(JSON.parse(read('postman/links.json')), hostile, 'left as it was');
  });
});
