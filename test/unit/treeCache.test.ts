import * as assert from 'node:assert/strict';
import { type CacheKey, type KeptValue, PostmanClient, PostmanRepository, type WorkspaceDetail, type WorkspaceSummary } from '../../src/postman';
import { keptNote, type Row } from '../../src/tree/model/row';
import { Revalidator } from '../../src/tree/model/revalidator';
import { type CacheOwner, decodeTreeCache, encodeTreeCache, isKept, TREE_CACHE_FORMAT } from '../../src/tree/model/treeCache';
import { TreeModel } from '../../src/tree/model/treeModel';
import { BackgroundBudget, NEAR_MONTHLY_PERCENT, type Take } from '../../src/usage/budget';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { documentStack } from './kindHelpers';

const OWNER: CacheOwner = { baseUrl: 'https://api.getpostman.com', sessionId: 's-1', userId: '12345' };
const SAVED_AT = Date.UTC(2026, 11, 1, 9, 30);

const detail = (over: Partial<WorkspaceDetail> = {}): WorkspaceDetail => ({
  id: 'w1',
  name: 'Payments',
  type: 'team',
  visibility: 'team',
  description: 'Cards and refunds',
  collections: [{ id: 'c1', uid: '7-c1', name: 'Cards' }],
  environments: [{ id: 'e1', uid: '7-e1', name: 'Staging' }],
  mocks: [{ id: 'm1', uid: '7-m1', name: 'Cards mock', deactivated: false }],
  monitors: [{ id: 'n1', uid: '7-n1', name: 'Nightly' }],
  specs: [{ id: 's1', name: 'Cards API' }],
  ...over,
});

describe('Tree cache file: only what the rows show, for its owner only', () => {
  it('keeps the allowed fields of the listings and nothing else Postman sent', () => {
    const noisy = {
      ...detail(),
      createdBy: 'u9',
      updatedAt: '2026-01-01',
      values: [{ key: 'token', value: 'leak-1' }],
      collections: [{ id: 'c1', uid: '7-c1', name: 'Cards', owner: 'leak-2', auth: { bearer: 'leak-3' } }],
    };
    const text = encodeTreeCache(
      OWNER,
      [
        ['workspaces', [{ id: 'w1', name: 'Payments', type: 'team', visibility: 'team', createdBy: 'leak-4', extra: 'leak-5' }], 1],
        ['workspace:w1', noisy, 2],
        ['mocks:w1', [{ id: 'm1', uid: '7-m1', name: 'Cards mock', collection: '7-c1', environment: '7-e1', mockUrl: 'https://m1.mock.pstmn.io', deactivated: false, config: { headers: ['leak-6'] } }], 3],
        ['environment:7-e1', { name: 'Staging', values: [{ key: 'token', value: 'leak-7' }] }, 4],
        ['globals:w1', [{ key: 'token', value: 'leak-8' }], 5],
        ['collection:7-c1', { info: { name: 'Cards' }, item: [], auth: 'leak-9' }, 6],
      ],
      SAVED_AT,
    );
    assert.doesNotMatch(text, /leak|createdBy|updatedAt|values/);
    const file = JSON.parse(text);
    assert.deepEqual(Object.keys(file), ['format', 'owner', 'savedAt', 'entries']);
    assert.equal(file.format, TREE_CACHE_FORMAT);
    assert.deepEqual(file.owner, OWNER);
    assert.equal(file.savedAt, SAVED_AT);
    assert.deepEqual(Object.keys(file.entries), ['workspaces', 'workspace:w1', 'mocks:w1']);
    assert.deepEqual(file.entries.workspaces, { at: 1, value: [{ id: 'w1', name: 'Payments', type: 'team', visibility: 'team' }] });
    assert.deepEqual(file.entries['workspace:w1'], { at: 2, value: { ...detail(), collections: [{ id: 'c1', uid: '7-c1', name: 'Cards' }] } });
    assert.equal(file.entries['mocks:w1'].at, 3);
    assert.deepEqual(file.entries['mocks:w1'].value, [{ id: 'm1', name: 'Cards mock', uid: '7-m1', collection: '7-c1', environment: '7-e1', mockUrl: 'https://m1.mock.pstmn.io', deactivated: false }]);
  });

  it('reads back what it wrote, for the same owner', () => {
    const entries: KeptValue[] = [
      ['workspaces', [{ id: 'w1', name: 'Payments', type: 'team' }], SAVED_AT - 1000],
      ['workspace:w1', detail(), SAVED_AT - 2000],
      ['mocks:w1', [{ id: 'm1', name: 'Cards mock', mockUrl: 'https://m1.mock.pstmn.io', deactivated: true }], SAVED_AT],
    ];
    assert.deepEqual(decodeTreeCache(encodeTreeCache(OWNER, entries, SAVED_AT), OWNER), { kind: 'ok', savedAt: SAVED_AT, entries });
  });

  it('cuts a long description, keeps an empty one, and fills lists a workspace answer lacked', () => {
    const text = encodeTreeCache(OWNER, [['workspace:w1', { id: 'w1', name: 'Payments', type: 'team', description: 'x'.repeat(5000) }, 1], ['workspace:w2', { id: 'w2', name: 'Two', description: '' }, 1]], SAVED_AT);
    const written = JSON.parse(text).entries['workspace:w1'].value;
    assert.deepEqual([written.collections, written.environments, written.mocks, written.monitors, written.specs], [[], [], [], [], []]);
    const decoded = decodeTreeCache(text, OWNER);
    assert.equal(decoded.kind, 'ok');
    const [[, one], [, two]] = decoded.entries as unknown as Array<[CacheKey, WorkspaceDetail]>;
    assert.equal(one.description?.length, 4000);
    assert.deepEqual([one.collections, one.environments, one.mocks, one.monitors, one.specs], [[], [], [], [], []]);
    assert.equal(two.description, '');
    assert.equal(two.type, undefined);
  });

  it('a listed mock keeps a boolean deactivated flag only', () => {
    const text = encodeTreeCache(OWNER, [['workspace:w1', { id: 'w1', name: 'W', mocks: [{ id: 'm1', name: 'A', deactivated: 'yes' }, { id: 'm2', name: 'B', deactivated: true }] }, 1]], SAVED_AT);
    assert.deepEqual(JSON.parse(text).entries['workspace:w1'].value.mocks, [{ id: 'm1', name: 'A' }, { id: 'm2', name: 'B', deactivated: true }]);
  });

  it('a kept value with a bad time, no value or under an unknown key is left out when read', () => {
    const good = JSON.parse(encodeTreeCache(OWNER, [['workspaces', [{ id: 'w1', name: 'One' }], 5]], SAVED_AT));
    const read = (entries: unknown) => decodeTreeCache(JSON.stringify({ ...good, entries }), OWNER);
    const value = [{ id: 'w1', name: 'One' }];
    assert.deepEqual(read({ workspaces: { at: 5, value } }), { kind: 'ok', savedAt: SAVED_AT, entries: [['workspaces', value, 5]] });
    for (const bad of [{ at: '5', value }, { at: Number.NaN, value }, { value }, { at: 5 }, [5, value], 'text', null]) {
      assert.deepEqual(read({ workspaces: bad }), { kind: 'ok', savedAt: SAVED_AT, entries: [] }, JSON.stringify(bad));
    }
    assert.deepEqual(read({ 'collection:7-c1': { at: 5, value: { info: {} } } }), { kind: 'ok', savedAt: SAVED_AT, entries: [] });
    // JSON has no Infinity, but 1e400 reads as one.
    const huge = JSON.stringify(good).replace(`"savedAt":${SAVED_AT}`, '"savedAt":1e400');
    assert.equal(decodeTreeCache(huge, OWNER).kind, 'corrupt');
    const hugeAt = JSON.stringify({ ...good, entries: { workspaces: { at: 7, value } } }).replace('"at":7', '"at":1e400');
    assert.deepEqual(decodeTreeCache(hugeAt, OWNER), { kind: 'ok', savedAt: SAVED_AT, entries: [] });
  });

  it('a monitor keeps its state, schedule and last run, each field checked', () => {
    const text = encodeTreeCache(
      OWNER,
      [
        ['monitor:n1', { id: 'n1', uid: '7-n1', name: 'Nightly', active: true, collectionUid: '7-c1', environmentUid: '7-e1', owner: 'leak-1', options: { secret: 'leak-2' }, schedule: { cron: '0 2 * * *', timezone: 'UTC', nextRun: '2026-12-04T02:00:00Z', extra: 'leak-3' }, lastRun: { status: 'failed', startedAt: 'a', finishedAt: 'b', assertionsFailed: 2, assertionsTotal: 10, stats: 'leak-4' } }, 1],
        ['monitor:n2', { id: 'n2', name: 'Paused', active: 'yes', schedule: 'daily', lastRun: { startedAt: 'a', assertionsFailed: 'many' } }, 1],
        ['monitor:n3', { id: 'n3', name: 'Odd', lastRun: { status: 'passed', assertionsFailed: Number.NaN, assertionsTotal: 3 } }, 1],
        ['monitor:n4', { name: 'no id', active: true }, 1],
      ],
      SAVED_AT,
    );
    assert.doesNotMatch(text, /leak/);
    const entries = JSON.parse(text).entries;
    assert.deepEqual(entries['monitor:n1'].value, {
      id: 'n1', name: 'Nightly', uid: '7-n1', collectionUid: '7-c1', environmentUid: '7-e1', active: true,
      schedule: { cron: '0 2 * * *', timezone: 'UTC', nextRun: '2026-12-04T02:00:00Z' },
      lastRun: { status: 'failed', startedAt: 'a', finishedAt: 'b', assertionsFailed: 2, assertionsTotal: 10 },
    });
    assert.deepEqual(entries['monitor:n2'].value, { id: 'n2', name: 'Paused', active: false });
    assert.deepEqual(entries['monitor:n3'].value, { id: 'n3', name: 'Odd', active: false, lastRun: { status: 'passed', assertionsTotal: 3 } });
    assert.equal(entries['monitor:n4'], undefined);
  });

  it('a mock without a deactivated flag is active; a non-boolean flag is not kept', () => {
    const text = encodeTreeCache(OWNER, [['mocks:w1', [{ id: 'm1', name: 'A' }, { id: 'm2', name: 'B', deactivated: 'yes' }], 1]], SAVED_AT);
    assert.deepEqual(JSON.parse(text).entries['mocks:w1'].value, [{ id: 'm1', name: 'A', deactivated: false }, { id: 'm2', name: 'B', deactivated: false }]);
  });

  it('leaves out values of the wrong shape, one by one', () => {
    const text = encodeTreeCache(
      OWNER,
      [
        ['workspaces', [{ id: 'w1', name: 'Good' }, { id: 'w2' }, { name: 'no id' }, { id: '', name: 'empty id' }, { id: 3, name: 'number id' }, 'text', null], 1],
        ['workspace:w1', { id: 'w1', name: 'Payments', collections: [{ id: 'c1', name: 'Cards' }, { id: 'c2' }, 'x'], environments: 'not a list' }, 1],
        ['workspace:w2', { id: 'w2' }, 1],
        ['workspace:w3', ['not', 'an', 'object'], 1],
        ['mocks:w1', { not: 'a list' }, 1],
        ['workspaces:x' as CacheKey, [], 1],
      ],
      SAVED_AT,
    );
    const entries = JSON.parse(text).entries;
    assert.deepEqual(Object.keys(entries), ['workspaces', 'workspace:w1']);
    assert.deepEqual(entries.workspaces.value, [{ id: 'w1', name: 'Good' }]);
    assert.deepEqual(entries['workspace:w1'].value.collections, [{ id: 'c1', name: 'Cards' }]);
    assert.deepEqual(entries['workspace:w1'].value.environments, []);
  });

  it('knows which cache keys are kept', () => {
    const kept: CacheKey[] = ['workspaces', 'workspace:w1', 'mocks:w1', 'monitor:n1'];
    const notKept: CacheKey[] = ['workspace:', 'mocks:', 'monitor:', 'collection:7-c1', 'environment:7-e1', 'globals:w1', 'specFiles:s1', 'specFile:s1/a.yaml', 'specCollections:s1', 'item:7-c1/request/r1'];
    assert.deepEqual(kept.map(isKept), [true, true, true, true]);
    assert.equal(isKept('amonitor:n1' as CacheKey), false);
    assert.deepEqual(notKept.map(isKept), notKept.map(() => false));
    assert.equal(isKept('xworkspaces' as CacheKey), false);
    assert.equal(isKept('my-workspace:w1' as CacheKey), false);
    assert.equal(isKept('amocks:w1' as CacheKey), false);
  });

  it('calls a file that is not its JSON corrupt (ignored), and one of another version other (deleted)', () => {
    const good = JSON.parse(encodeTreeCache(OWNER, [['workspaces', [], 1]], SAVED_AT));
    const kind = (v: unknown) => decodeTreeCache(typeof v === 'string' ? v : JSON.stringify(v), OWNER).kind;
    assert.equal(kind('{"format":1,'), 'corrupt');
    assert.equal(kind(''), 'corrupt');
    assert.equal(kind('null'), 'corrupt');
    assert.equal(kind([good]), 'corrupt');
    assert.equal(kind({ ...good, format: 2 }), 'otherFormat');
    assert.equal(kind({ ...good, format: '1' }), 'otherFormat');
    assert.equal(kind({ ...good, format: undefined }), 'otherFormat');
    assert.equal(kind({ ...good, owner: undefined }), 'corrupt');
    assert.equal(kind({ ...good, owner: 'me' }), 'corrupt');
    assert.equal(kind({ ...good, entries: [] }), 'corrupt');
    assert.equal(kind({ ...good, entries: undefined }), 'corrupt');
    assert.equal(kind({ ...good, savedAt: '2026' }), 'corrupt');
    assert.equal(kind({ ...good, savedAt: undefined }), 'corrupt');
    assert.equal(kind({ ...good, savedAt: null }), 'corrupt');
    assert.equal(kind(good), 'ok');
  });

  it('serves a file only to its owner: the same server, sign-in and Postman user', () => {
    const text = encodeTreeCache(OWNER, [['workspaces', [], 1]], SAVED_AT);
    assert.equal(decodeTreeCache(text, { ...OWNER }).kind, 'ok');
    assert.equal(decodeTreeCache(text, { ...OWNER, baseUrl: 'https://api.eu.postman.com' }).kind, 'otherAccount');
    assert.equal(decodeTreeCache(text, { ...OWNER, sessionId: 's-2' }).kind, 'otherAccount');
    assert.equal(decodeTreeCache(text, { ...OWNER, userId: '999' }).kind, 'otherAccount');
    assert.equal(decodeTreeCache(text, { ...OWNER, userId: undefined }).kind, 'otherAccount');
    const unknownOwner = encodeTreeCache({ ...OWNER, userId: undefined }, [['workspaces', [], 1]], SAVED_AT);
    assert.equal(JSON.parse(unknownOwner).owner.userId, null);
    assert.equal(decodeTreeCache(unknownOwner, OWNER).kind, 'otherAccount');
  });
});

describe('Tree cache against the local Postman server', () => {
  const server = new LocalPostmanServer({ rateLimits: false });
  let repo: PostmanRepository;
  let model: TreeModel;
  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    repo = fresh();
    model = new TreeModel(repo);
  });

  /** A window's own cache, against the local server (the documents' stack: the same client and repository). */
  const fresh = (): PostmanRepository => documentStack(server.url).repo;
  const calls = () => server.requests.map((r) => `${r.method} ${r.path}`);
  const child = async (m: TreeModel, parent: Row | undefined, label: string): Promise<Row> => {
    const rows = await m.children(parent);
    const row = rows.find((r) => r.label === label);
    assert.ok(row, `no ${label} among ${rows.map((r) => r.label).join(', ')}`);
    return row;
  };

  /** What a window kept: every workspace, its listing and its mocks, loaded through the tree. */
  async function keptByEarlierWindow(): Promise<string> {
    const earlier = fresh();
    const m = new TreeModel(earlier);
    for (const ws of await m.children(undefined)) {
      const groups = await m.children(ws);
      await Promise.all(groups.map((g) => m.children(g)));
    }
    return encodeTreeCache(OWNER, earlier.snapshot(isKept).map(([key, value]) => [key, value, SAVED_AT]), SAVED_AT);
  }

  it('keeps no secret: no variable value, no collection content, though all were loaded', async () => {
    const earlier = fresh();
    const workspaces = await earlier.workspaces();
    const secrets = new Set<string>();
    for (const w of workspaces) {
      const ws = await earlier.workspace(w.id);
      await earlier.mocks(w.id);
      for (const v of await earlier.globals(w.id)) {
        secrets.add(v.value);
      }
      for (const e of ws.environments) {
        (await earlier.environment(e.uid ?? e.id)).values.forEach((v) => secrets.add(v.value));
      }
      for (const c of ws.collections) {
        const collection = await earlier.collection(c.uid ?? c.id);
        JSON.stringify(collection.auth ?? {}).match(/"value":"[^"]{6,}"/g)?.forEach((m) => secrets.add(m.slice(9, -1)));
        (collection.variable as Array<{ value?: string }> | undefined)?.forEach((v) => v.value && secrets.add(v.value));
      }
    }
    const meaningful = [...secrets].filter((s) => typeof s === 'string' && s.length >= 5);
    assert.ok(meaningful.includes('stg_secret_0f9e8d7c6b5a') && meaningful.includes('sec_very_secret'), 'the sample data holds secrets');
    const text = encodeTreeCache(OWNER, earlier.snapshot(() => true), SAVED_AT);
    assert.deepEqual(meaningful.filter((s) => text.includes(s)), []);
    assert.doesNotMatch(text, /"item"|"values"|"auth"|"event"/);
  });

  it('a reload shows the whole kept tree with no call, marked as kept, then checks only what is shown', async () => {
    const text = await keptByEarlierWindow();
    const decoded = decodeTreeCache(text, OWNER);
    assert.equal(decoded.kind, 'ok');
    server.resetCounts();
    const read: CacheKey[] = [];
    repo.onDidReadSeeded((key) => read.push(key));
    model.watchCache(() => undefined);
    repo.seed(decoded.entries);
    const ws = await child(model, undefined, 'Payments Platform');
    const collections = await child(model, ws, 'Collections');
    const cards = await child(model, collections, 'Payments API v2');
    const mocks = await child(model, ws, 'Mocks');
    await model.children(mocks);
    assert.deepEqual(calls(), [], 'no call before the tree is shown');
    assert.match(keptNote(SAVED_AT), /^\n\n\*Kept from 12\/1\/2026, \d+:30:00 [AP]M; checked with Postman in the background, or now with Refresh\.\*$/);
    assert.equal(keptNote(undefined), '');
    assert.deepEqual([ws.keptAt, collections.keptAt, cards.keptAt, mocks.keptAt], [SAVED_AT, SAVED_AT, SAVED_AT, SAVED_AT]);
    assert.ok((await model.children(mocks)).every((r) => r.keptAt === SAVED_AT));
    const globals = (await model.children(ws)).find((r) => r.kind === 'globals');
    assert.equal(globals?.keptAt, undefined, 'globals are not kept: their row is not marked');
    assert.deepEqual(read, ['workspaces', `workspace:${ws.workspaceId}`, `mocks:${ws.workspaceId}`]);
    // Reading again does not ask again.
    await repo.workspaces();
    assert.equal(read.length, 3);

    const revalidator = new Revalidator(repo, { take: () => ({ ok: true }), gapMs: () => 0 });
    read.forEach((key) => revalidator.enqueue(key));
    await revalidator.idle();
    assert.deepEqual(calls(), ['GET /workspaces', `GET /workspaces/${ws.workspaceId}`, 'GET /mocks'], 'one call per shown list, in the order shown');
    assert.equal(repo.seededAt('workspaces'), undefined);
    const again = await child(model, undefined, 'Payments Platform');
    assert.equal(again, ws, 'the row object stays');
    assert.equal(again.keptAt, undefined);
    assert.match(again.tooltip ?? '', /^\*\*Payments Platform\*\*\n\nAPIs of the payments team/);
    const groups = await model.children(again);
    assert.ok(groups.every((g) => g.keptAt === undefined));
    assert.ok((await model.children(groups.find((g) => g.label === 'Mocks'))).every((r) => r.keptAt === undefined));
  });

  it('revalidation updates a renamed workspace in place, drops a deleted one and a deleted collection', async () => {
    const text = await keptByEarlierWindow();
    const decoded = decodeTreeCache(text, OWNER);
    assert.equal(decoded.kind, 'ok');
    repo.seed(decoded.entries);
    const redrawn: Array<Array<Row | undefined>> = [];
    model.watchCache((rows) => redrawn.push(rows));
    const roots = await model.children(undefined);
    const ws = await child(model, undefined, 'Payments Platform');
    const collections = await child(model, ws, 'Collections');
    assert.ok((await model.children(collections)).some((r) => r.label === 'Webhooks'));
    const pay = server.dataset.workspaces.find((w) => w.name === 'Payments Platform');
    assert.ok(pay);
    pay.name = 'Payments (renamed)';
    const webhooks = pay.collections.find((c) => c.name === 'Webhooks');
    pay.collections = pay.collections.filter((c) => c !== webhooks);
    const gone = roots.find((r) => r.label === 'Public APIs');
    server.dataset.workspaces = server.dataset.workspaces.filter((w) => w.name !== 'Public APIs');

    await repo.revalidate('workspaces');
    assert.deepEqual(redrawn, [[undefined]], 'the top level redraws');
    const after = await model.children(undefined);
    assert.equal(after.length, roots.length - 1);
    assert.ok(!after.some((r) => r.id === gone?.id));
    const renamed = after.find((r) => r.id === ws.id);
    assert.equal(renamed, ws, 'the same row object, renamed in place');
    assert.equal(renamed?.label, 'Payments (renamed)');
    assert.equal(await model.children(renamed), await model.children(ws), 'its subtree stays as it was');

    await repo.revalidate(`workspace:${ws.workspaceId}`);
    assert.deepEqual(redrawn[1], [ws]);
    const collectionsAfter = await child(model, ws, 'Collections');
    assert.equal(collectionsAfter.id, collections.id, 'the group keeps its id (and so its expansion)');
    assert.ok(!(await model.children(collectionsAfter)).some((r) => r.label === 'Webhooks'));
  });

  it('a kept workspace Postman no longer has (404) is dropped, and its row shows the error', async () => {
    const decoded = decodeTreeCache(await keptByEarlierWindow(), OWNER);
    assert.equal(decoded.kind, 'ok');
    repo.seed(decoded.entries);
    const ws = await child(model, undefined, 'Security Research');
    await model.children(ws);
    server.dataset.workspaces = server.dataset.workspaces.filter((w) => w.id !== ws.workspaceId);
    await assert.rejects(repo.revalidate(`workspace:${ws.workspaceId}`), (err: { kind?: string }) => err.kind === 'notFound');
    assert.equal(repo.seededAt(`workspace:${ws.workspaceId}`), undefined);
    assert.equal(repo.has(`workspace:${ws.workspaceId}`), false);
  });
});

describe('Repository: values kept from an earlier window', () => {
  const summaries: WorkspaceSummary[] = [{ id: 'w1', name: 'One', type: 'team' }];
  function counting(answers: unknown[]) {
    const sent: string[] = [];
    const client = {
      listWorkspaces: async () => {
        sent.push('workspaces');
        const next = answers.shift();
        if (next instanceof Error) {
          throw next;
        }
        return next;
      },
      getWorkspace: async (id: string) => {
        sent.push(`workspace ${id}`);
        return answers.shift();
      },
    } as unknown as PostmanClient;
    return { client, sent };
  }

  it('serves seeded values with no call and never over what is loaded', async () => {
    const { client, sent } = counting([[{ id: 'w2', name: 'Loaded', type: 'team' }]]);
    const repo = new PostmanRepository(client);
    await repo.workspaces();
    repo.seed([['workspaces', summaries, SAVED_AT], ['workspace:w1', detail(), SAVED_AT]]);
    assert.deepEqual((await repo.workspaces()).map((w) => w.name), ['Loaded']);
    assert.equal(repo.seededAt('workspaces'), undefined);
    assert.equal(repo.seededAt('workspace:w1'), SAVED_AT);
    assert.equal((await repo.workspace('w1')).name, 'Payments');
    assert.deepEqual(sent, ['workspaces']);
  });

  it('a seeded value never ages out (it is checked instead), and counts as known', async () => {
    let now = SAVED_AT + 10 * 60_000;
    const { client, sent } = counting([]);
    const repo = new PostmanRepository(client, () => 60_000, () => now);
    repo.seed([['workspaces', summaries, SAVED_AT]]);
    now += 3_600_000;
    assert.deepEqual(await repo.workspaces(), summaries);
    assert.deepEqual(sent, []);
  });

  it('checks only what was read, and tells who listens that it changed and loaded', async () => {
    const { client, sent } = counting([[{ id: 'w1', name: 'Renamed', type: 'team' }]]);
    const repo = new PostmanRepository(client);
    repo.seed([['workspaces', summaries, SAVED_AT]]);
    assert.equal(await repo.revalidate('workspaces'), false, 'not read yet: nothing to check');
    assert.equal(await repo.revalidate('workspace:w9'), false);
    assert.deepEqual(sent, []);
    const changed: CacheKey[] = [];
    const loaded: CacheKey[] = [];
    repo.onDidChange((k) => changed.push(k));
    repo.onDidLoad((k) => loaded.push(k));
    await repo.workspaces();
    assert.equal(await repo.revalidate('workspaces'), true);
    assert.deepEqual(sent, ['workspaces']);
    assert.deepEqual(changed, ['workspaces']);
    assert.deepEqual(loaded, ['workspaces']);
    assert.deepEqual((await repo.workspaces()).map((w) => w.name), ['Renamed']);
    assert.equal(repo.seededAt('workspaces'), undefined);
    assert.equal(await repo.revalidate('workspaces'), false, 'checked: nothing more to do');
  });

  it('a value replaced while its check was under way keeps the newer one', async () => {
    let release: (v: unknown) => void = () => undefined;
    const client = { listWorkspaces: () => new Promise((r) => (release = r)) } as unknown as PostmanClient;
    const repo = new PostmanRepository(client);
    repo.seed([['workspaces', summaries, SAVED_AT]]);
    await repo.workspaces();
    const changed: CacheKey[] = [];
    repo.onDidChange((k) => changed.push(k));
    const check = repo.revalidate('workspaces');
    const newer = [{ id: 'w1', name: 'Saved meanwhile', type: 'team' }];
    repo.store('workspaces', newer);
    release([{ id: 'w1', name: 'Older answer', type: 'team' }]);
    assert.equal(await check, true);
    assert.equal(await repo.workspaces(), newer);
    assert.deepEqual(changed, []);
  });

  it('a check refused for another reason than 404 keeps the kept value', async () => {
    const { client } = counting([Object.assign(new Error('down'), { kind: 'network' })]);
    const repo = new PostmanRepository(client);
    repo.seed([['workspaces', summaries, SAVED_AT]]);
    await repo.workspaces();
    await assert.rejects(repo.revalidate('workspaces'), /down/);
    assert.equal(repo.seededAt('workspaces'), SAVED_AT);
    assert.deepEqual(await repo.workspaces(), summaries);
  });

  it('snapshot holds loaded and seeded values that pass the filter, not loads under way, each with when Postman gave it', async () => {
    let release: (v: unknown) => void = () => undefined;
    const client = { listWorkspaces: () => new Promise((r) => (release = r)), getWorkspace: async () => detail({ id: 'w2' }) } as unknown as PostmanClient;
    let now = SAVED_AT + 60_000;
    const repo = new PostmanRepository(client, undefined, () => now);
    repo.seed([['workspace:w1', detail(), SAVED_AT - 5]]);
    await repo.workspace('w1');
    await repo.workspace('w2');
    now += 1000;
    const pending = repo.workspaces();
    repo.store('collection:7-c1', { info: { name: 'x' }, item: [] });
    assert.deepEqual(
      repo.snapshot(isKept).map(([k, , at]) => [k, at]),
      [
        ['workspace:w1', SAVED_AT - 5],
        ['workspace:w2', SAVED_AT + 60_000],
      ],
      'a kept value not yet checked keeps its first time',
    );
    release(summaries);
    await pending;
    assert.deepEqual(repo.snapshot((k) => k === 'workspaces'), [['workspaces', summaries, SAVED_AT + 61_000]]);
  });

  it('a seeded value read again is told once; after a Refresh it loads from Postman', async () => {
    const { client, sent } = counting([[{ id: 'w1', name: 'Fresh', type: 'team' }]]);
    const repo = new PostmanRepository(client);
    const read: CacheKey[] = [];
    repo.onDidReadSeeded((k) => read.push(k));
    repo.seed([['workspaces', summaries, SAVED_AT]]);
    await repo.workspaces();
    await repo.workspaces();
    assert.deepEqual(read, ['workspaces']);
    repo.invalidateAll();
    assert.deepEqual((await repo.workspaces()).map((w) => w.name), ['Fresh']);
    assert.deepEqual(sent, ['workspaces']);
  });
});

describe('Revalidator: one call at a time, within the budget', () => {
  function seeded(keys: CacheKey[]) {
    const checked: CacheKey[] = [];
    const repo = new PostmanRepository({} as PostmanClient);
    const values = new Map(keys.map((k) => [k, k]));
    repo.seed(keys.map((k) => [k, values.get(k), SAVED_AT]));
    const fake = repo as unknown as { revalidate: (k: CacheKey) => Promise<boolean> };
    fake.revalidate = async (k) => {
      checked.push(k);
      repo.store(k, `${k}!`);
      return true;
    };
    return { repo, checked };
  }

  it('checks in the order shown, once each, pausing between calls but not before the first', async () => {
    const { repo, checked } = seeded(['workspaces', 'workspace:a', 'workspace:b']);
    const sleeps: number[] = [];
    const r = new Revalidator(repo, { take: () => ({ ok: true }), gapMs: () => 250, sleep: async (ms) => void sleeps.push(ms) });
    r.enqueue('workspaces');
    r.enqueue('workspace:a');
    r.enqueue('workspaces');
    r.enqueue('workspace:a');
    r.enqueue('workspace:b');
    assert.equal(r.pending, 3, 'the first is under way; a repeat waits once');
    await r.idle();
    assert.deepEqual(checked, ['workspaces', 'workspace:a', 'workspace:b']);
    assert.deepEqual(sleeps, [250, 250], 'no pause for the repeat, checked by then');
    assert.equal(r.pending, 0);
  });

  it('skips what is no longer kept (checked, or replaced meanwhile), spending no budget on it', async () => {
    const { repo, checked } = seeded(['workspaces', 'workspace:a']);
    repo.store('workspace:a', 'saved by an edit');
    let taken = 0;
    const r = new Revalidator(repo, { take: () => (taken++, { ok: true }), gapMs: () => 0, sleep: async () => undefined });
    r.enqueue('workspace:a');
    r.enqueue('workspace:zz');
    r.enqueue('workspaces');
    await r.idle();
    assert.deepEqual(checked, ['workspaces']);
    assert.equal(taken, 1);
  });

  it('stops when the budget refuses, keeps what waits, and goes on when resumed', async () => {
    const { repo, checked } = seeded(['workspaces', 'workspace:a', 'workspace:b']);
    const answers: Take[] = [{ ok: true }, { ok: false, reason: 'hourly', first: true }, { ok: true }, { ok: true }];
    const refusals: Take[] = [];
    const r = new Revalidator(repo, { take: () => answers.shift() as Take, gapMs: () => 0, sleep: async () => undefined, onRefused: (t) => refusals.push(t) });
    ['workspaces', 'workspace:a', 'workspace:b'].forEach((k) => r.enqueue(k as CacheKey));
    await r.idle();
    assert.deepEqual(checked, ['workspaces']);
    assert.deepEqual(refusals, [{ ok: false, reason: 'hourly', first: true }]);
    assert.equal(r.pending, 2);
    r.resume();
    await r.idle();
    assert.deepEqual(checked, ['workspaces', 'workspace:a', 'workspace:b']);
  });

  it('a failed check is reported and the next one goes on; clear forgets what waits', async () => {
    const { repo, checked } = seeded(['workspaces', 'workspace:a', 'workspace:b']);
    const fake = repo as unknown as { revalidate: (k: CacheKey) => Promise<boolean> };
    const real = fake.revalidate;
    fake.revalidate = async (k) => {
      if (k === 'workspaces') {
        throw Object.assign(new Error('boom'), { kind: 'network' });
      }
      return real(k);
    };
    const errors: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const r = new Revalidator(repo, { take: () => ({ ok: true }), gapMs: () => 0, sleep: () => gate, onError: (k, m) => errors.push(`${k}: ${m}`) });
    r.enqueue('workspaces');
    r.enqueue('workspace:a');
    r.enqueue('workspace:b');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^workspaces: /);
    assert.equal(r.pending, 1, 'workspace:a is in hand, waiting for the pause to end');
    r.clear();
    assert.equal(r.pending, 0);
    release();
    await r.idle();
    assert.deepEqual(checked, ['workspace:a'], 'the one in hand is checked, workspace:b is forgotten');
  });
});

describe('Background budget', () => {
  const HOUR = 3_600_000;
  it('allows perHour calls in any hour, then refuses, saying so first once an hour', () => {
    let now = 0;
    const b = new BackgroundBudget(() => 3, () => undefined, () => now);
    assert.deepEqual([b.take(), b.take()], [{ ok: true }, { ok: true }]);
    now = 1000;
    assert.deepEqual(b.take(), { ok: true });
    assert.deepEqual(b.take(), { ok: false, reason: 'hourly', first: true });
    assert.deepEqual(b.take(), { ok: false, reason: 'hourly', first: false });
    assert.equal(b.spentThisHour(), 3);
    assert.equal(b.nextFreeAt(), HOUR);
    assert.equal(b.describe(), "3 of 3 in the last hour; paused until the hour's budget frees up");
    now = HOUR - 1;
    assert.equal(b.take().ok, false);
    now = HOUR;
    assert.deepEqual(b.take(), { ok: true }, 'the first two left the hour');
    assert.equal(b.spentThisHour(), 2);
    assert.equal(b.nextFreeAt(), HOUR);
    now = HOUR + 500;
    assert.equal(b.take().ok, true);
    assert.deepEqual(b.take(), { ok: false, reason: 'hourly', first: false }, 'told less than an hour ago');
    now = 2 * HOUR + 499;
    assert.equal(b.spentThisHour(), 1);
    now = 2 * HOUR + 1000;
    assert.equal(b.spentThisHour(), 0);
    assert.equal(b.nextFreeAt(), now);
    assert.equal(b.describe(), '0 of 3 in the last hour');
    b.take();
    b.take();
    b.take();
    assert.deepEqual(b.take(), { ok: false, reason: 'hourly', first: true }, 'an hour after the last telling');
  });

  it('stops near the monthly limit, saying so once', () => {
    let percent: number | undefined = NEAR_MONTHLY_PERCENT - 0.1;
    const b = new BackgroundBudget(() => 100, () => percent, () => 0);
    assert.equal(b.take().ok, true);
    percent = NEAR_MONTHLY_PERCENT;
    assert.deepEqual(b.take(), { ok: false, reason: 'monthly', first: true });
    assert.deepEqual(b.take(), { ok: false, reason: 'monthly', first: false });
    assert.equal(b.describe(), "1 of 100 in the last hour; stopped: the month's API calls are past 95 % of the plan's limit");
    percent = undefined;
    assert.equal(b.take().ok, true);
  });

  it('a budget of 0 (or nonsense) allows nothing; a fraction is rounded down', () => {
    for (const n of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 0.5]) {
      assert.equal(new BackgroundBudget(() => n, () => undefined, () => 0).take().ok, false, String(n));
    }
    const b = new BackgroundBudget(() => 2.9, () => undefined, () => 0);
    assert.deepEqual([b.take().ok, b.take().ok, b.take().ok], [true, true, false]);
    assert.equal(b.describe(), "2 of 2 in the last hour; paused until the hour's budget frees up");
    const big = new BackgroundBudget(() => 12_000, () => undefined, () => 0);
    assert.equal(big.describe(), '0 of 12,000 in the last hour');
  });
});

describe('TreeModel: which rows are marked as kept, and how checks redraw them', () => {
  const T_LIST = SAVED_AT - 3000;
  const T_WS = SAVED_AT - 2000;
  const T_MOCKS = SAVED_AT - 1000;
  const list: WorkspaceSummary[] = [
    { id: 'w1', name: 'One', type: 'team' },
    { id: 'w2', name: 'Two', type: 'team' },
  ];
  const one = detail({ id: 'w1', name: 'One', description: 'Kept words' });
  const mocks = [{ id: 'm1', name: 'Cards mock', mockUrl: 'https://m1.mock.pstmn.io', deactivated: false }];

  function fixture(seeded: KeptValue[]) {
    const client = {
      listWorkspaces: async () => list,
      getWorkspace: async (id: string) => (id === 'w1' ? { ...one, description: 'Fresh words' } : detail({ id, name: 'Two' })),
      listMocks: async () => mocks,
    } as unknown as PostmanClient;
    const repo = new PostmanRepository(client);
    repo.seed(seeded);
    return { repo, model: new TreeModel(repo) };
  }
  const named = (rows: Row[], label: string) => rows.find((r) => r.label === label) as Row;

  it('the top level from a fresh list: a workspace whose listing is kept is marked with its time, the others not', async () => {
    const { model } = fixture([['workspace:w1', one, T_WS]]);
    const roots = await model.children(undefined);
    assert.deepEqual(roots.map((r) => [r.label, r.keptAt]), [['One', T_WS], ['Two', undefined]]);
    assert.equal(named(roots, 'Two').keptAt, undefined);
    assert.ok(!Object.hasOwn(named(roots, 'Two'), 'keptAt'), 'no mark at all on a row with nothing kept');
    assert.match(named(roots, 'One').tooltip ?? '', /Kept words/);
  });

  it('a kept list marks every workspace with its time; a kept listing its groups and rows, a kept mocks list its mocks', async () => {
    const { model } = fixture([['workspaces', list, T_LIST], ['mocks:w1', mocks, T_MOCKS]]);
    const ws = named(await model.children(undefined), 'One');
    assert.equal(ws.keptAt, T_LIST);
    const groups = await model.children(ws);
    assert.equal(ws.keptAt, T_LIST, 'the list is still the older kept part');
    assert.deepEqual(groups.map((g) => g.keptAt), groups.map(() => undefined), 'the listing was loaded fresh');
    const mockRows = await model.children(named(groups, 'Mocks'));
    assert.deepEqual(mockRows.map((r) => r.keptAt), [T_MOCKS]);
    const specs = await model.children(named(groups, 'Specs'));
    assert.deepEqual(specs.map((r) => [r.kind, r.keptAt]), [['spec', undefined]]);
  });

  it('a kept listing marks the workspace, its groups and what they list, specs and collections alike', async () => {
    const { model } = fixture([['workspace:w1', one, T_WS], ['mocks:w1', mocks, T_MOCKS]]);
    const ws = named(await model.children(undefined), 'One');
    const groups = await model.children(ws);
    assert.equal(ws.keptAt, T_WS);
    assert.deepEqual(groups.filter((g) => g.kind === 'group').map((g) => g.keptAt), [T_WS, T_WS, T_WS, T_WS, T_WS]);
    assert.equal(named(groups, 'Globals').keptAt, undefined);
    assert.deepEqual((await model.children(named(groups, 'Specs'))).map((r) => [r.kind, r.keptAt]), [['spec', T_WS]]);
    assert.deepEqual((await model.children(named(groups, 'Collections'))).map((r) => [r.kind, r.keptAt]), [['collection', T_WS]]);
    assert.deepEqual((await model.children(named(groups, 'Mocks'))).map((r) => r.keptAt), [T_WS], 'the listing is the older part');
  });

  it('cacheChanged: the top level only when it is shown; a mocks list its Mocks group; a listing its workspace, retold', async () => {
    const { repo, model } = fixture([['workspaces', list, T_LIST], ['workspace:w1', one, T_WS], ['mocks:w1', mocks, T_MOCKS]]);
    assert.deepEqual(model.cacheChanged('workspaces'), [], 'nothing shown yet');
    const ws = named(await model.children(undefined), 'One');
    const groups = await model.children(ws);
    const mocksGroup = named(groups, 'Mocks');
    await model.children(mocksGroup);
    assert.deepEqual(model.cacheChanged('mocks:w1'), [mocksGroup]);
    assert.deepEqual(model.cacheChanged('mocks:w2'), []);
    await repo.workspace('w1');
    await repo.revalidate('workspace:w1');
    assert.equal(repo.seededAt('workspace:w1'), undefined);
    assert.deepEqual(model.cacheChanged('workspace:w1'), [ws]);
    assert.equal(ws.keptAt, T_LIST, 'the list it was drawn from is still kept');
    assert.match(ws.tooltip ?? '', /^\*\*One\*\*\n\nFresh words$/);
    assert.equal(named(await model.children(ws), 'Mocks').keptAt, undefined);
  });

  it('a checked list renames rows in place and drops their mark, keeping each row object', async () => {
    const { repo, model } = fixture([['workspaces', list, T_LIST]]);
    const [w1, w2] = await model.children(undefined);
    assert.deepEqual([w1.keptAt, w2.keptAt], [T_LIST, T_LIST]);
    repo.store('workspaces', [{ id: 'w1', name: 'One (renamed)', type: 'team' }, { id: 'w3', name: 'Three', type: 'team' }]);
    assert.deepEqual(model.cacheChanged('workspaces'), [undefined]);
    const after = await model.children(undefined);
    assert.equal(after[0], w1);
    assert.deepEqual(after.map((r) => [r.label, r.keptAt]), [['One (renamed)', undefined], ['Three', undefined]]);
    assert.notEqual(after[1], w2);
    // A second rebuild starts from nothing kept: new objects.
    model.refresh();
    assert.notEqual((await model.children(undefined))[0], w1);
  });
});

describe('TreeModel: a kept monitor', () => {
  const T_WS = SAVED_AT - 2000;
  const T_MON = SAVED_AT - 1000;
  const kept = { id: 'n1', name: 'Nightly', active: true, schedule: { cron: '0 2 * * *' }, lastRun: { status: 'failed', assertionsFailed: 2, assertionsTotal: 10 } };
  const fresh = { ...kept, active: false, lastRun: { status: 'success', assertionsFailed: 0, assertionsTotal: 10 } };
  function fixture(seeded: KeptValue[]) {
    const sent: string[] = [];
    const client = {
      listWorkspaces: async () => [{ id: 'w1', name: 'One', type: 'team' }],
      getWorkspace: async () => detail({ id: 'w1', name: 'One' }),
      getMonitor: async () => (sent.push('monitor'), fresh),
    } as unknown as PostmanClient;
    const repo = new PostmanRepository(client);
    repo.seed(seeded);
    return { repo, model: new TreeModel(repo), sent };
  }
  const monitorRow = async (model: TreeModel) => {
    const ws = (await model.children(undefined))[0];
    const group = (await model.children(ws)).find((g) => g.label === 'Monitors') as Row;
    return (await model.children(group))[0];
  };

  it('shows its details with no call, marked with its own time, then redraws them once checked', async () => {
    const { repo, model, sent } = fixture([['workspace:w1', detail({ id: 'w1', name: 'One' }), T_WS], ['monitor:n1', kept, T_MON]]);
    const row = await monitorRow(model);
    assert.equal(row.keptAt, T_WS);
    const details = await model.children(row);
    assert.deepEqual(sent, []);
    assert.equal(row.keptAt, T_MON);
    assert.deepEqual([row.icon, row.description], ['error', 'active']);
    assert.match(details.map((d) => d.label).join(' | '), /Last run: failed · 2\/10 assertions failed/);
    await repo.revalidate('monitor:n1');
    assert.deepEqual(sent, ['monitor']);
    assert.deepEqual(model.cacheChanged('monitor:n1'), [row]);
    assert.deepEqual([row.icon, row.description, row.keptAt], ['pass', 'paused', T_WS], 'the listing it is drawn from is still kept');
    assert.match((await model.children(row)).map((d) => d.label).join(' | '), /Last run: passed/);
    assert.deepEqual(model.cacheChanged('monitor:n9'), []);
  });

  it('a monitor loaded fresh under a fresh listing carries no mark', async () => {
    const { model, sent } = fixture([]);
    const row = await monitorRow(model);
    await model.children(row);
    assert.deepEqual(sent, ['monitor']);
    assert.equal(row.keptAt, undefined);
  });
});

describe('Repository and revalidator details', () => {
  it('a seeded value counts as known even past the TTL; listeners can be disposed', async () => {
    let now = SAVED_AT;
    const client = { listWorkspaces: async () => [{ id: 'w9', name: 'Fresh', type: 'team' }] } as unknown as PostmanClient;
    const repo = new PostmanRepository(client, () => 1000, () => now);
    repo.seed([['workspaces', [], SAVED_AT - 10_000]]);
    assert.equal(repo.has('workspaces'), true);
    const loaded: CacheKey[] = [];
    const read: CacheKey[] = [];
    const a = repo.onDidLoad((k) => loaded.push(k));
    const b = repo.onDidReadSeeded((k) => read.push(k));
    a.dispose();
    b.dispose();
    await repo.workspaces();
    await repo.revalidate('workspaces');
    assert.deepEqual([loaded, read], [[], []]);
    now += 5000;
    assert.equal(repo.has('workspaces'), false, 'checked: an ordinary value, which ages out');
  });

  it('a load overtaken by a newer value tells no one it loaded', async () => {
    let release: (v: unknown) => void = () => undefined;
    const client = { listWorkspaces: () => new Promise((r) => (release = r)) } as unknown as PostmanClient;
    const repo = new PostmanRepository(client);
    const loaded: CacheKey[] = [];
    repo.onDidLoad((k) => loaded.push(k));
    const pending = repo.workspaces();
    repo.store('workspaces', []);
    assert.deepEqual(loaded, ['workspaces']);
    release([{ id: 'w1', name: 'Late', type: 'team' }]);
    await pending;
    assert.deepEqual(loaded, ['workspaces'], 'the late answer is not what is kept');
    assert.deepEqual(await repo.workspaces(), []);
  });

  it('works without callbacks: a refusal and a failed check end quietly; nothing waits at first', async () => {
    const repo = new PostmanRepository({} as PostmanClient);
    repo.seed([['workspaces', [], 1], ['workspace:w1', detail(), 1]]);
    const fake = repo as unknown as { revalidate: (k: CacheKey) => Promise<boolean> };
    fake.revalidate = async () => {
      throw new Error('down');
    };
    const takes: Take[] = [{ ok: true }, { ok: false, reason: 'monthly', first: true }];
    const r = new Revalidator(repo, { take: () => takes.shift() as Take, gapMs: () => 0, sleep: async () => undefined });
    assert.equal(r.pending, 0);
    r.enqueue('workspaces');
    r.enqueue('workspace:w1');
    await r.idle();
    assert.equal(r.pending, 1, 'the refused one waits');
  });

  it('pauses for real between two calls by default', async () => {
    const repo = new PostmanRepository({} as PostmanClient);
    repo.seed([['workspaces', [], 1], ['workspace:w1', detail(), 1]]);
    const at: number[] = [];
    (repo as unknown as { revalidate: (k: CacheKey) => Promise<boolean> }).revalidate = async (k) => {
      at.push(performance.now());
      repo.store(k, []);
      return true;
    };
    const r = new Revalidator(repo, { take: () => ({ ok: true }), gapMs: () => 40 });
    r.enqueue('workspaces');
    r.enqueue('workspace:w1');
    await r.idle();
    assert.equal(at.length, 2);
    assert.ok(at[1] - at[0] >= 35, `${at[1] - at[0]} ms apart`);
  });
});

describe('Background budget, edges', () => {
  const HOUR = 3_600_000;
  it('tells an hourly refusal again exactly an hour after the last telling, not after each refusal', () => {
    let now = 0;
    const b = new BackgroundBudget(() => 1, () => undefined, () => now);
    assert.equal(b.take().ok, true);
    now = 10;
    assert.deepEqual(b.take(), { ok: false, reason: 'hourly', first: true });
    now = HOUR / 2;
    assert.deepEqual(b.take(), { ok: false, reason: 'hourly', first: false });
    now = HOUR;
    assert.equal(b.take().ok, true, 'the first call left the hour');
    now = HOUR + 10;
    assert.deepEqual(b.take(), { ok: false, reason: 'hourly', first: true }, 'an hour after it was told, to the ms');
  });

  it('nextFreeAt forgets calls older than an hour, and is an hour away with a budget of 0', () => {
    let now = 0;
    const b = new BackgroundBudget(() => 1, () => undefined, () => now);
    b.take();
    now = HOUR + 5;
    assert.equal(b.nextFreeAt(), HOUR + 5);
    const none = new BackgroundBudget(() => 0, () => undefined, () => 7);
    assert.equal(none.nextFreeAt(), 7 + HOUR);
  });

  it('describes the month only when it is known and near the limit', () => {
    let percent: number | undefined;
    const b = new BackgroundBudget(() => 10, () => percent, () => 0);
    assert.equal(b.describe(), '0 of 10 in the last hour');
    percent = 94.9;
    assert.equal(b.describe(), '0 of 10 in the last hour');
    percent = 95;
    assert.match(b.describe(), /stopped/);
  });
});
