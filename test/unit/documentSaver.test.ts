import * as assert from 'node:assert/strict';
import { idsOf, SaveRefused, serialize } from '../../src/documents/model/content';
import { documentStack, nameOf, type Resource } from './kindHelpers';
import { CANCELLED, type ConflictChoice, DocumentSaver, type Opened, openedFrom, type SaveQuestions } from '../../src/documents/model/saver';
import { type CollectionDocument, type EnvironmentDocument, type PostmanClient, type PostmanRepository } from '../../src/postman';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { rejectsWith } from './assertions';

/**
 * Saving an edited collection or environment back to the local Postman server through the
 * extension's own document code (no VS Code): the checks before anything is sent, the
 * conflict check against Postman's current copy, lost ids, and the read-back into the cache.
 */
type Kind = 'collection' | 'environment';

describe('DocumentSaver against the local Postman server', () => {
  let clock = Date.UTC(2025, 5, 1);
  const server = new LocalPostmanServer({ rateLimits: false, clock: () => (clock += 1000) });
  let client: PostmanClient;
  let repo: PostmanRepository;
  let saver: DocumentSaver;
  let uid: string;
  let envUid: string;

  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    ({ client, repo, saver } = documentStack(server.url));
    const payments = server.dataset.workspaces.find((w) => w.name === 'Payments Platform');
    assert.ok(payments);
    uid = payments.collections.find((c) => c.name === 'Payments API v2')?.uid as string;
    envUid = payments.environments.find((e) => e.name === 'Payments – Staging')?.uid as string;
  });

  /** Opens a document as the editor does: Postman's copy, its text, and what it was when opened. */
  async function open(kind: Kind, address: string): Promise<{ text: string; opened: Opened }> {
    const resource: Resource = kind === 'collection' ? await client.getCollection(address) : await client.getEnvironment(address);
    const text = serialize(resource);
    server.resetCounts();
    return { text, opened: openedFrom(kind, resource, text) };
  }

  /** The user's edit of the text. */
  function edit<T extends object>(text: string, change: (value: T) => void): string {
    const value = JSON.parse(text) as T;
    change(value);
    return serialize(value);
  }

  /** Questions answered as given; `asked` records each one. */
  function answers(kind: Kind, a: { lostIds?: boolean; confirm?: boolean; conflict?: ConflictChoice } = {}) {
    const asked: string[] = [];
    const questions: SaveQuestions = {
      lostIds: async (lost, missing) => {
        asked.push(`lostIds: ${lost.map((l) => `${l.name} (${l.id ?? 'no id'})`).join(', ')}; missing ${missing}`);
        return a.lostIds ?? true;
      },
      confirm: async () => {
        asked.push('confirm');
        return a.confirm ?? true;
      },
      conflict: async (remote, unknownBase) => {
        asked.push(`conflict: ${nameOf(kind, remote)}${unknownBase ? ' (base unknown)' : ''}`);
        return a.conflict ?? 'cancel';
      },
    };
    return { asked, questions };
  }

  const calls = () => server.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
  const stored = () => server.dataset.collections[uid];
  /** Someone else changes Postman's copy after the document was opened. */
  const changeInPostman = (name: string) => {
    stored().info.name = name;
    stored().info.updatedAt = new Date(clock += 1000).toISOString();
  };
  const refusedWith = async (promise: Promise<unknown>, message: string) => {
    await assert.rejects(promise, (err: unknown) => err instanceof SaveRefused && err.message === message);
  };

  it('saves an edit: reads Postman\'s copy past the cache, sends the edit, reads back what Postman stored', async () => {
    await repo.collection(uid); // cached, as the tree or the editor would have it
    const workspaceId = server.dataset.workspaces.find((w) => w.name === 'Payments Platform')?.id as string;
    await repo.workspace(workspaceId);
    const { text, opened } = await open('collection', uid);
    const ids = [...(opened.ids?.keys() ?? [])];
    const edited = edit<CollectionDocument>(text, (c) => void (c.info.name = 'Payments API v3'));
    const { asked, questions } = answers('collection');
    const steps: string[] = [];
    let t = 0;
    const timed = new DocumentSaver(client, repo, () => (t += 5));
    const result = await timed.save({ kind: 'collection', uid, text: edited, opened, questions, onStep: (step, ms) => steps.push(`${step} ${ms}`) });

    assert.deepEqual(asked, ['confirm']);
    assert.deepEqual(calls(), [`GET /collections/${uid} 200`, `PUT /collections/${uid} 200`, `GET /collections/${uid} 200`]);
    assert.deepEqual(steps, ['parse 5', 'check 5', 'get 5', 'put 5', 'reload 5']);
    assert.equal(stored().info.name, 'Payments API v3');
    assert.deepEqual([...idsOf(stored()).keys()], ids, 'every item keeps its id');
    assert.equal(result.saved && nameOf('collection', result.saved), 'Payments API v3');
    assert.deepEqual(result.opened, { version: `updatedAt:${stored().info.updatedAt}`, ids: idsOf(stored()), postmanId: stored().info._postman_id });
    assert.notEqual(result.opened?.version, opened.version);

    server.resetCounts();
    assert.equal((await repo.collection(uid)).info.name, 'Payments API v3', 'the cache holds what Postman stored');
    assert.equal((await repo.workspace(workspaceId)).collections.find((c) => c.uid === uid)?.name, 'Payments API v3', 'and the workspace lists the new name');
    assert.equal(server.count(), 0);
  });

  it('saves twice in a row from the result of the first save, without a false conflict', async () => {
    const { text, opened } = await open('collection', uid);
    const first = await saver.save({ kind: 'collection', uid, text: edit<CollectionDocument>(text, (c) => void (c.info.name = 'One')), opened, questions: answers('collection').questions });
    const { asked, questions } = answers('collection');
    await saver.save({ kind: 'collection', uid, text: edit<CollectionDocument>(serialize(first.saved as Resource), (c) => void (c.info.name = 'Two')), opened: first.opened, questions });
    assert.deepEqual(asked, ['confirm']);
    assert.equal(stored().info.name, 'Two');
  });

  it('gives new items ids from Postman without asking about lost ids', async () => {
    const { text, opened } = await open('collection', uid);
    const edited = edit<CollectionDocument>(text, (c) => void c.item.push({ name: 'Brand new', request: { method: 'GET', url: 'https://x/new' } }));
    const { asked, questions } = answers('collection');
    const result = await saver.save({ kind: 'collection', uid, text: edited, opened, questions });
    assert.deepEqual(asked, ['confirm']);
    const added = (result.saved as CollectionDocument).item.at(-1) as { id?: string; name: string };
    assert.equal(added.name, 'Brand new');
    assert.ok(added.id, 'Postman gave it an id');
    assert.ok(result.opened?.ids?.has(added.id), 'and the next save knows it');
  });

  it('refuses to overwrite a change made in Postman since the document was opened: Cancel and Compare send nothing', async () => {
    const { text, opened } = await open('collection', uid);
    const edited = edit<CollectionDocument>(text, (c) => void (c.info.name = 'Mine'));
    changeInPostman('Theirs');
    const cancel = answers('collection', { conflict: 'cancel' });
    await refusedWith(saver.save({ kind: 'collection', uid, text: edited, opened, questions: cancel.questions }),
      'Not saved: this changed in Postman since you opened it, and you chose not to overwrite. Your changes are still in the editor.');
    assert.deepEqual(cancel.asked, ['confirm', 'conflict: Theirs']);
    const compare = answers('collection', { conflict: 'compare' });
    await refusedWith(saver.save({ kind: 'collection', uid, text: edited, opened, questions: compare.questions }),
      'Not saved: this changed in Postman since you opened it. The diff shows Postman\'s copy beside yours; save again and choose Overwrite to replace it, or take its changes into yours first.');
    assert.equal(server.count({ method: 'PUT' }), 0);
    assert.equal(stored().info.name, 'Theirs');
  });

  it('asks Postman, not the cache: a change the cache has not seen is still a conflict', async () => {
    const { text, opened } = await open('collection', uid);
    await repo.collection(uid);
    changeInPostman('Theirs');
    const { asked, questions } = answers('collection', { conflict: 'cancel' });
    await assert.rejects(saver.save({ kind: 'collection', uid, text: edit<CollectionDocument>(text, (c) => void (c.info.name = 'Mine')), opened, questions }), SaveRefused);
    assert.deepEqual(asked, ['confirm', 'conflict: Theirs']);
  });

  it('overwrites a change in Postman when told to', async () => {
    const { text, opened } = await open('collection', uid);
    changeInPostman('Theirs');
    const { asked, questions } = answers('collection', { conflict: 'overwrite' });
    const result = await saver.save({ kind: 'collection', uid, text: edit<CollectionDocument>(text, (c) => void (c.info.name = 'Mine')), opened, questions });
    assert.deepEqual(asked, ['confirm', 'conflict: Theirs']);
    assert.equal(stored().info.name, 'Mine');
    assert.equal(nameOf('collection', result.saved as Resource), 'Mine');
  });

  it('does not call it a conflict when Postman already holds exactly this edit (an earlier save whose answer was lost)', async () => {
    const { text, opened } = await open('collection', uid);
    const edited = edit<CollectionDocument>(text, (c) => void (c.info.name = 'Mine'));
    changeInPostman('Mine');
    const { asked, questions } = answers('collection');
    await saver.save({ kind: 'collection', uid, text: edited, opened, questions });
    assert.deepEqual(asked, ['confirm']);
  });

  it('with an unknown base (a restored backup) asks before overwriting, unless Postman holds the same already', async () => {
    const { text } = await open('collection', uid);
    const same = answers('collection');
    await saver.save({ kind: 'collection', uid, text, opened: undefined, questions: same.questions });
    assert.deepEqual(same.asked, ['confirm'], 'the text is what Postman holds: nothing to lose');
    const other = answers('collection', { conflict: 'overwrite' });
    const result = await saver.save({ kind: 'collection', uid, text: edit<CollectionDocument>(text, (c) => void (c.info.name = 'Restored')), opened: undefined, questions: other.questions });
    assert.deepEqual(other.asked, ['confirm', 'conflict: Payments API v2 (base unknown)']);
    assert.equal(stored().info.name, 'Restored');
    assert.ok(result.opened, 'the next save has a base again');
  });

  it('warns about items that lost their id; No sends nothing, Yes sends without asking again', async () => {
    const { text, opened } = await open('collection', uid);
    let lostId = '';
    const edited = edit<CollectionDocument>(text, (c) => {
      const ping = c.item.find((i) => (i as { name: string }).name === 'Ping') as { id?: string };
      lostId = ping.id as string;
      delete ping.id;
    });
    const no = answers('collection', { lostIds: false });
    assert.equal(CANCELLED, 'Not saved: you cancelled. Your changes are still in the editor.');
    await refusedWith(saver.save({ kind: 'collection', uid, text: edited, opened, questions: no.questions }), CANCELLED);
    assert.deepEqual(no.asked, ['lostIds: Ping (no id); missing 1']);
    assert.equal(server.count(), 0, 'nothing was sent');
    const yes = answers('collection', { lostIds: true });
    const result = await saver.save({ kind: 'collection', uid, text: edited, opened, questions: yes.questions });
    assert.deepEqual(yes.asked, ['lostIds: Ping (no id); missing 1'], 'the answer was the confirmation');
    const ping = (result.saved as CollectionDocument).item.find((i) => (i as { name: string }).name === 'Ping') as { id: string };
    assert.ok(ping.id && ping.id !== lostId, 'Postman recreated it with a new id');
  });

  it('deleting items is editing: no warning', async () => {
    const { text, opened } = await open('collection', uid);
    const { asked, questions } = answers('collection');
    await saver.save({ kind: 'collection', uid, text: edit<CollectionDocument>(text, (c) => void c.item.pop()), opened, questions });
    assert.deepEqual(asked, ['confirm']);
  });

  it('a collection opened without ids known (restored) warns about none', async () => {
    const { text } = await open('collection', uid);
    const { asked, questions } = answers('collection', { conflict: 'overwrite' });
    await saver.save({ kind: 'collection', uid, text: edit<CollectionDocument>(text, (c) => void delete (c.item[0] as { id?: string }).id), opened: undefined, questions });
    assert.deepEqual(asked, ['confirm', 'conflict: Payments API v2 (base unknown)']);
  });

  it('sends nothing when the confirmation is declined, the text is broken, two items share an id, or the _postman_id changed', async () => {
    const { text, opened } = await open('collection', uid);
    const declined = answers('collection', { confirm: false });
    await refusedWith(saver.save({ kind: 'collection', uid, text, opened, questions: declined.questions }), CANCELLED);
    for (const broken of [
      text.slice(0, -3),
      edit<CollectionDocument>(text, (c) => void c.item.push(structuredClone(c.item[0]))),
      edit<CollectionDocument>(text, (c) => void (c.info._postman_id = 'someone-else')),
    ]) {
      const a = answers('collection');
      await assert.rejects(saver.save({ kind: 'collection', uid, text: broken, opened, questions: a.questions }), SaveRefused);
      assert.deepEqual(a.asked, []);
    }
    assert.equal(server.count(), 0);
  });

  it('keeps the result of a save whose read-back failed: saved, but the cache forgets its copy', async () => {
    const { text, opened } = await open('collection', uid);
    await repo.collection(uid);
    assert.equal(repo.has(`collection:${uid}`), true);
    const { questions } = answers('collection');
    const result = await saver.save({
      kind: 'collection', uid, text: edit<CollectionDocument>(text, (c) => void (c.info.name = 'Saved, not read')), opened, questions,
      onStep: (step) => void (step === 'put' && server.injectFault({ kind: 'reset', times: 1 })),
    });
    assert.deepEqual(result, { saved: undefined, opened: undefined });
    assert.equal(stored().info.name, 'Saved, not read');
    assert.equal(repo.has(`collection:${uid}`), false);
  });

  it('fails a PUT answered 2xx that stored nothing, so the editor keeps the edit', async () => {
    const { text, opened } = await open('collection', uid);
    const { questions } = answers('collection');
    const save = saver.save({
      kind: 'collection', uid, text: edit<CollectionDocument>(text, (c) => void (c.info.name = 'Lost')), opened, questions,
      onStep: (step) => void (step === 'get' && server.injectFault({ kind: 'status', status: 200, body: {}, match: { method: 'PUT' }, times: 1 })),
    });
    const err = await rejectsWith(save, 'badResponse');
    assert.equal(err.message, `the save of the collection ${uid} was answered as if stored, but Postman's copy did not change`);
    assert.equal(stored().info.name, 'Payments API v2');
  });

  it('passes on a failed PUT and leaves the cache as it was', async () => {
    const cached = await repo.collection(uid);
    const { text, opened } = await open('collection', uid);
    const { questions } = answers('collection');
    const save = saver.save({
      kind: 'collection', uid, text: edit<CollectionDocument>(text, (c) => void (c.info.name = 'Never')), opened, questions,
      onStep: (step) => void (step === 'get' && server.injectFault({ kind: 'status', status: 500, match: { method: 'PUT' }, times: 1 })),
    });
    await rejectsWith(save, 'server');
    assert.equal(await repo.collection(uid), cached);
    assert.equal(stored().info.name, 'Payments API v2');
  });

  it('times each step with the real clock by default', async () => {
    const { text, opened } = await open('collection', uid);
    const ms: number[] = [];
    await saver.save({ kind: 'collection', uid, text, opened, questions: answers('collection').questions, onStep: (_step, t) => void ms.push(t) });
    assert.equal(ms.length, 5);
    assert.ok(ms.every((t) => Number.isFinite(t) && t >= 0 && t < 60_000), ms.join());
  });

  it('an edit Postman drops is still a save: the editor then shows what Postman kept', async () => {
    const { text, opened } = await open('environment', envUid);
    const edited = edit<EnvironmentDocument>(text, (e) => void ((e.values[0] as unknown as Record<string, unknown>).note = 'Postman keeps no notes on variables'));
    const result = await saver.save({ kind: 'environment', uid: envUid, text: edited, opened, questions: answers('environment').questions });
    assert.equal((result.saved as EnvironmentDocument).values[0].key, 'baseUrl');
    assert.equal('note' in (result.saved as EnvironmentDocument).values[0], false);
  });

  it('saves an environment: name and variables, checked against Postman\'s copy too', async () => {
    await repo.environment(envUid); // cached, as the tree would have it
    const { text, opened } = await open('environment', envUid);
    assert.deepEqual(Object.keys(opened), ['version']);
    const edited = edit<EnvironmentDocument>(text, (e) => {
      e.name = 'Payments – QA';
      e.values.push({ key: 'added', value: 'yes', enabled: false, type: 'default' });
    });
    const { asked, questions } = answers('environment');
    const result = await saver.save({ kind: 'environment', uid: envUid, text: edited, opened, questions });
    assert.deepEqual(asked, ['confirm']);
    const env = server.dataset.environments[envUid];
    assert.equal(env.name, 'Payments – QA');
    assert.deepEqual(env.values.at(-1), { key: 'added', value: 'yes', enabled: false, type: 'default' });
    assert.deepEqual(calls(), [`GET /environments/${envUid} 200`, `PUT /environments/${envUid} 200`, `GET /environments/${envUid} 200`]);
    assert.deepEqual(result.opened, { version: `updatedAt:${env.updatedAt}` });
    server.resetCounts();
    assert.equal((await repo.environment(envUid)).name, 'Payments – QA', 'the cache holds what Postman stored');
    assert.equal(server.count(), 0);

    env.name = 'Changed elsewhere';
    env.updatedAt = new Date(clock += 1000).toISOString();
    const conflict = answers('environment');
    await assert.rejects(saver.save({ kind: 'environment', uid: envUid, text: edited, opened: result.opened, questions: conflict.questions }), SaveRefused);
    assert.deepEqual(conflict.asked, ['confirm', 'conflict: Changed elsewhere']);
  });

  it('fails an environment PUT answered 2xx that stored nothing', async () => {
    const { text, opened } = await open('environment', envUid);
    const save = saver.save({
      kind: 'environment', uid: envUid, text: edit<EnvironmentDocument>(text, (e) => void (e.name = 'Lost')), opened, questions: answers('environment').questions,
      onStep: (step) => void (step === 'get' && server.injectFault({ kind: 'status', status: 200, body: {}, match: { method: 'PUT' }, times: 1 })),
    });
    assert.equal((await rejectsWith(save, 'badResponse')).message, `the save of the environment ${envUid} was answered as if stored, but Postman's copy did not change`);
  });

  it('saving the unchanged text is not a failure even though Postman\'s copy looks the same afterwards', async () => {
    const { text, opened } = await open('collection', uid);
    const result = await saver.save({ kind: 'collection', uid, text, opened, questions: answers('collection').questions });
    assert.ok(result.saved);
    assert.equal(server.count({ method: 'PUT' }), 1);
  });

  it('records what a document was when opened: a collection\'s version, ids and _postman_id; an environment\'s version', () => {
    const c: CollectionDocument = { info: { name: 'n', _postman_id: 'p', updatedAt: 'u' }, item: [{ id: 'a', name: 'A' }] };
    assert.deepEqual(openedFrom('collection', c), { version: 'updatedAt:u', ids: new Map([['a', 'A']]), postmanId: 'p' });
    assert.deepEqual(openedFrom('collection', { info: { name: 'n', updatedAt: 'u' }, item: [] }), { version: 'updatedAt:u', ids: new Map() });
    const e: EnvironmentDocument = { id: 'e', name: 'n', values: [] };
    assert.match(openedFrom('environment', e, 'text').version, /^sha256:[0-9a-f]{64}$/);
  });
});
