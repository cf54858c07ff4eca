import * as assert from 'node:assert/strict';
import { SaveRefused } from '../../src/documents/model/checks';
import { serialize } from '../../src/documents/model/content';
import type { ConflictChoice, SaveQuestions } from '../../src/documents/model/saver';
import { type CollectionDocument, type EnvironmentDocument, isPostmanError, type PostmanClient, type PostmanRepository } from '../../src/postman';
import { canonicalCollection, canonicalText, sha256 } from '../../src/links/model/canonical';
import type { Link } from '../../src/links/model/linksFile';
import { hashParts, type LinkFiles, LinkGone, LinkSync } from '../../src/links/model/sync';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_SPECS, specNamed } from '../fixtures/sampleData';
import { documentStack, nameOf } from './kindHelpers';

/**
 * Pull, push and status of links against the local Postman server, through the extension's
 * own client, shared cache and conflict-safe save, with the files of the folder in memory.
 */

/** The folder's files, in memory; `written` records each write in order. */
class MemoryFiles implements LinkFiles {
  readonly files = new Map<string, string>();
  readonly written: string[] = [];

  async read(path: string): Promise<string | undefined> {
    return this.files.get(path);
  }

  async write(path: string, text: string): Promise<void> {
    this.written.push(path);
    this.files.set(path, text);
  }

  async list(folder: string): Promise<string[]> {
    const prefix = `${folder}/`;
    return [...this.files.keys()].filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length)).sort();
  }
}

const COLLECTION_PATH = 'postman/collections/Payments.postman_collection.json';
const ENVIRONMENT_PATH = 'postman/environments/Staging.postman_environment.json';
const SPEC_PATH = 'postman/specs/Customers';

describe('LinkSync against the local Postman server', () => {
  let clock = Date.UTC(2025, 5, 1);
  const server = new LocalPostmanServer({ rateLimits: false, clock: () => (clock += 1000) });
  let client: PostmanClient;
  let repo: PostmanRepository;
  let files: MemoryFiles;
  let sync: LinkSync;
  let workspace: string;
  let uid: string;
  let envUid: string;
  let specId: string;

  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    ({ client, repo } = documentStack(server.url));
    files = new MemoryFiles();
    sync = new LinkSync(client, repo, files);
    const payments = server.dataset.workspaces.find((w) => w.name === 'Payments Platform');
    assert.ok(payments);
    workspace = payments.id;
    uid = payments.collections.find((c) => c.name === 'Payments API v2')?.uid as string;
    envUid = payments.environments.find((e) => e.name === 'Payments – Staging')?.uid as string;
    specId = specNamed(server.dataset, SAMPLE_SPECS.multiFile).id;
  });

  const collectionLink = (): Link => ({ kind: 'collection', uid, workspace, path: COLLECTION_PATH, account: { api: server.url, team: '123' } });
  const environmentLink = (writeSecrets = false): Link => ({ kind: 'environment', uid: envUid, workspace, path: ENVIRONMENT_PATH, account: { api: server.url, team: '123' }, ...(writeSecrets ? { writeSecrets: true as const } : {}) });
  const specLink = (): Link => ({ kind: 'spec', uid: specId, workspace, path: SPEC_PATH, account: { api: server.url, team: '123' } });

  /** Questions answered as given; `asked` records each one. */
  function answers(conflict: ConflictChoice = 'cancel', confirm = true): { asked: string[]; questions: SaveQuestions } {
    const asked: string[] = [];
    const questions: SaveQuestions = {
      lostIds: async (lost) => {
        asked.push(`lostIds: ${lost.map((l) => l.name).join(', ')}`);
        return true;
      },
      confirm: async () => {
        asked.push('confirm');
        return confirm;
      },
      conflict: async (remote, unknownBase) => {
        asked.push(`conflict: ${'info' in remote ? nameOf('collection', remote) : 'content' in remote ? 'spec file' : nameOf('environment', remote)}${unknownBase ? ' (base unknown)' : ''}`);
        return conflict;
      },
    };
    return { asked, questions };
  }

  const calls = () => server.requests.map((r) => `${r.method} ${decodeURIComponent(r.path)}`);
  const writes = () => server.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${decodeURIComponent(r.path)}`);
  const stored = () => server.dataset.collections[uid];
  const storedEnvironment = () => server.dataset.environments[envUid];
  const storedSpecFile = (path: string) => server.specFile(specId, path)?.content;

  /** Changes a JSON file the way a user would: parse, change, write back (not in canonical form). */
  async function editFile<T>(path: string, change: (value: T) => void): Promise<void> {
    const value = JSON.parse(files.files.get(path) as string) as T;
    change(value);
    await files.write(path, JSON.stringify(value));
  }

  /** A teammate changes the collection in Postman, through the client. */
  async function renameInPostman(name: string): Promise<void> {
    const current = await client.getCollection(uid);
    await client.updateCollection(uid, { ...current, info: { ...current.info, name } });
  }

  /** Pulls, and resets what the server saw and what was written. */
  async function pulled(link: Link): Promise<Link> {
    const result = await sync.pull(link);
    server.resetCounts();
    files.written.length = 0;
    return result.link;
  }

  const refused = async (promise: Promise<unknown>, message: string | RegExp) => {
    await assert.rejects(promise, (err: unknown) => {
      assert.ok(err instanceof SaveRefused, `expected a SaveRefused, got ${String(err)}`);
      if (typeof message === 'string') {
        assert.equal(err.message, message);
      } else {
        assert.match(err.message, message);
      }
      return true;
    });
  };

  const gone = async (promise: Promise<unknown>, link: Link) => {
    await assert.rejects(promise, (err: unknown) => err instanceof LinkGone && err.message === new LinkGone(link).message);
  };

  describe('collection', () => {
    it('pull writes the canonical text, without Postman\'s stamps, and records it as synced', async () => {
      const link = collectionLink();
      const postman = await client.getCollection(uid);
      server.resetCounts();
      const text = canonicalText(canonicalCollection(postman));
      assert.match(serialize(postman), /"(updatedAt|createdAt|lastUpdatedBy|uid)"/, 'Postman\'s copy has stamps');

      const result = await sync.pull(link);
      assert.deepEqual(calls(), [`GET /collections/${uid}`]);
      assert.deepEqual(result, { link: { ...link, synced: hashParts([{ path: '', text }]) }, written: [COLLECTION_PATH], extra: [], name: 'Payments API v2' });
      assert.equal(files.files.get(COLLECTION_PATH), text);
      assert.doesNotMatch(text, /"(updatedAt|createdAt|lastUpdatedBy|uid)"/);
      assert.match(text, /^\{\n {2}"info": \{\n {4}"_postman_id": "[^"]+",\n {4}"name": "Payments API v2",\n/);
      assert.ok(text.endsWith('}\n'));
      assert.equal(link.synced, undefined, 'the link given is not changed');

      const status = await sync.status(result.link);
      assert.deepEqual(status, { state: 'inSync', local: result.link.synced, remote: result.link.synced, checked: true, name: 'Payments API v2' });

      files.written.length = 0;
      const again = await sync.pull(result.link);
      assert.deepEqual(again.written, []);
      assert.deepEqual(files.written, []);
      assert.equal(again.link.synced, result.link.synced);
    });

    it('remembers Postman\'s copy in the shared cache', async () => {
      await sync.status(collectionLink());
      server.resetCounts();
      assert.equal((await repo.collection(uid)).info.name, 'Payments API v2');
      assert.equal(server.count(), 0);
    });

    it('status: in sync, changed here, changed in Postman, changed on both sides', async () => {
      const link = await pulled(collectionLink());
      const synced = link.synced as string;
      assert.equal((await sync.status(link)).state, 'inSync');

      await editFile<CollectionDocument>(COLLECTION_PATH, (c) => void (c.info.description = 'Edited here'));
      const here = await sync.status(link);
      assert.equal(here.state, 'changedHere');
      assert.equal(here.remote, synced);
      assert.notEqual(here.local, synced);
      assert.deepEqual(Object.keys(here).sort(), ['checked', 'local', 'name', 'remote', 'state']);

      await sync.pull(link);
      await renameInPostman('Renamed in Postman');
      const there = await sync.status(link);
      assert.deepEqual(there, { state: 'changedInPostman', local: synced, remote: there.remote, checked: true, name: 'Renamed in Postman' });
      assert.notEqual(there.remote, synced);

      await editFile<CollectionDocument>(COLLECTION_PATH, (c) => void (c.info.description = 'Edited here'));
      const both = await sync.status(link);
      assert.equal(both.state, 'changedBoth');
      assert.equal(both.remote, there.remote);
      assert.equal(both.local, here.local);
    });

    it('status: the same change on both sides is in sync', async () => {
      const link = await pulled(collectionLink());
      await renameInPostman('Same name');
      await editFile<CollectionDocument>(COLLECTION_PATH, (c) => void (c.info.name = 'Same name'));
      const status = await sync.status(link);
      assert.equal(status.state, 'inSync');
      assert.equal(status.local, status.remote);
      assert.notEqual(status.local, link.synced);
    });

    it('status: a missing file, and a collection deleted in Postman', async () => {
      const link = collectionLink();
      const missing = await sync.status(link);
      assert.deepEqual(missing, { state: 'missing', missing: 'file', remote: missing.remote, checked: true, name: 'Payments API v2' });
      assert.match(missing.remote as string, /^sha256:[0-9a-f]{64}$/);

      const synced = await pulled(link);
      await client.deleteCollection(uid);
      const deleted = await sync.status(synced);
      assert.deepEqual(deleted, { state: 'missing', missing: 'postman', local: synced.synced, checked: true });
    });

    it('localStatus: the file\'s side only, without a call', async () => {
      const link = await pulled(collectionLink());
      assert.deepEqual(await sync.localStatus(link), { state: 'inSync', local: link.synced, checked: false });
      await editFile<CollectionDocument>(COLLECTION_PATH, (c) => void (c.info.name = 'Edited'));
      const edited = await sync.localStatus(link);
      assert.equal(edited.state, 'changedHere');
      assert.notEqual(edited.local, link.synced);
      files.files.delete(COLLECTION_PATH);
      assert.deepEqual(await sync.localStatus(link), { state: 'missing', missing: 'file', checked: false });
      await files.write(COLLECTION_PATH, '{ broken');
      const broken = await sync.localStatus(link);
      assert.equal(broken.state, 'changedHere');
      assert.match(broken.problem as string, /^The collection file is not valid JSON: /);
      assert.equal(server.count(), 0);
    });

    it('status: a broken file says why, and hashes as its raw text', async () => {
      const link = await pulled(collectionLink());
      await files.write(COLLECTION_PATH, '{ broken');
      const status = await sync.status(link);
      assert.equal(status.state, 'changedHere');
      assert.equal(status.local, hashParts([{ path: '', text: 'unreadable:{ broken' }]));
      assert.match(status.problem as string, /^The collection file is not valid JSON: .*Nothing was sent; fix it and save again\.$/);
      await files.write(COLLECTION_PATH, '[]');
      assert.equal((await sync.status(link)).problem, 'Not saved: a collection file must hold a JSON object. Nothing was sent to Postman.');
    });

    it('remoteTexts and localTexts: the two sides of a compare', async () => {
      const link = collectionLink();
      assert.equal(await sync.localTexts(link), undefined);
      const remote = await sync.remoteTexts(link);
      assert.equal(remote.name, 'Payments API v2');
      assert.deepEqual([...remote.texts.keys()], ['']);
      assert.equal(remote.texts.get(''), canonicalText(canonicalCollection(await client.getCollection(uid))));
      await files.write(COLLECTION_PATH, 'raw text');
      assert.deepEqual(await sync.localTexts(link), new Map([['', 'raw text']]));
    });

    it('push sends the edited file, rewrites it with what Postman stored, and ends in sync', async () => {
      const link = await pulled(collectionLink());
      await editFile<CollectionDocument>(COLLECTION_PATH, (c) => {
        c.info.name = 'Payments API v3';
        (c.item[0] as { item: Array<{ name: string }> }).item[0].name = 'List all payments';
      });
      const { asked, questions } = answers();
      const result = await sync.push(link, questions);

      assert.deepEqual(asked, ['confirm']);
      assert.deepEqual(calls(), [`GET /collections/${uid}`, `GET /collections/${uid}`, `PUT /collections/${uid}`, `GET /collections/${uid}`], 'Postman\'s copy, the save\'s own check, the PUT and its read-back');
      assert.equal(stored().info.name, 'Payments API v3');
      assert.equal((stored().item[0] as { item: Array<{ name: string }> }).item[0].name, 'List all payments');
      const text = canonicalText(canonicalCollection(await client.getCollection(uid)));
      assert.deepEqual(result, { link: { ...link, synced: hashParts([{ path: '', text }]) }, sent: 1, rewritten: [COLLECTION_PATH], name: 'Payments API v3' });
      assert.equal(files.files.get(COLLECTION_PATH), text);

      assert.equal((await sync.status(result.link)).state, 'inSync');
      files.written.length = 0;
      const after = await sync.pull(result.link);
      assert.deepEqual(after.written, []);
      assert.deepEqual(files.written, []);
      assert.equal(after.link.synced, result.link.synced);
    });

    it('push of a file that only differs in its layout sends nothing and rewrites it canonically', async () => {
      const link = await pulled(collectionLink());
      const canonical = files.files.get(COLLECTION_PATH) as string;
      await files.write(COLLECTION_PATH, JSON.stringify(JSON.parse(canonical)));
      files.written.length = 0;
      const { asked, questions } = answers();
      const result = await sync.push(link, questions);
      assert.deepEqual(asked, []);
      assert.deepEqual(writes(), []);
      assert.deepEqual(result, { link, sent: 0, rewritten: [COLLECTION_PATH], name: 'Payments API v2' });
      assert.equal(files.files.get(COLLECTION_PATH), canonical);

      files.written.length = 0;
      const unchanged = await sync.push(link, questions);
      assert.deepEqual(unchanged.rewritten, []);
      assert.deepEqual(files.written, []);
    });

    it('push refuses a file that is not valid JSON and sends nothing', async () => {
      const link = await pulled(collectionLink());
      const before = structuredClone(stored());
      await files.write(COLLECTION_PATH, '{ "info": ');
      const { asked, questions } = answers('overwrite');
      await refused(sync.push(link, questions), /^The collection file is not valid JSON: .*Nothing was sent; fix it and save again\.$/);
      await files.write(COLLECTION_PATH, '"text"');
      await refused(sync.push(link, questions), 'Not saved: a collection file must hold a JSON object. Nothing was sent to Postman.');
      assert.deepEqual(asked, []);
      assert.deepEqual(writes(), []);
      assert.deepEqual(stored(), before);
    });

    it('push refuses a file the save would refuse, and sends nothing', async () => {
      const link = await pulled(collectionLink());
      await editFile<CollectionDocument>(COLLECTION_PATH, (c) => void (c.info.name = ''));
      const { asked, questions } = answers('overwrite');
      await refused(sync.push(link, questions), 'Not saved: the collection needs "info.name" (a non-empty string). Nothing was sent to Postman.');
      assert.deepEqual(asked, []);
      assert.deepEqual(writes(), []);
    });

    it('push refuses a missing file', async () => {
      const { asked, questions } = answers('overwrite');
      await refused(sync.push(collectionLink(), questions), `Not pushed: ${COLLECTION_PATH} is missing. Pull to write it again, or remove the link.`);
      assert.deepEqual(asked, []);
      assert.deepEqual(writes(), []);
    });

    it('push after a change in Postman asks first: cancel sends nothing, overwrite sends', async () => {
      const link = await pulled(collectionLink());
      await renameInPostman('Renamed by a teammate');
      await editFile<CollectionDocument>(COLLECTION_PATH, (c) => void (c.info.description = 'Mine'));
      server.resetCounts();

      const cancel = answers('cancel');
      await refused(sync.push(link, cancel.questions), 'Not saved: this changed in Postman since you opened it, and you chose not to overwrite. Your changes are still in the editor.');
      assert.deepEqual(cancel.asked, ['confirm', 'conflict: Renamed by a teammate']);
      assert.deepEqual(writes(), []);
      assert.equal(stored().info.name, 'Renamed by a teammate');
      assert.notEqual(stored().info.description, 'Mine');

      const overwrite = answers('overwrite');
      const result = await sync.push(link, overwrite.questions);
      assert.deepEqual(overwrite.asked, ['confirm', 'conflict: Renamed by a teammate']);
      assert.deepEqual(writes(), [`PUT /collections/${uid}`]);
      assert.equal(result.sent, 1);
      assert.equal(result.name, 'Payments API v2', 'named as Postman holds it after the push');
      assert.equal(stored().info.name, 'Payments API v2');
      assert.equal(stored().info.description, 'Mine');
      assert.equal((await sync.status(result.link)).state, 'inSync');
    });

    it('push of a link never synced asks before overwriting Postman\'s copy', async () => {
      await sync.pull(collectionLink());
      await editFile<CollectionDocument>(COLLECTION_PATH, (c) => void (c.info.name = 'Mine'));
      server.resetCounts();
      const { asked, questions } = answers('cancel');
      await refused(sync.push(collectionLink(), questions), /you chose not to overwrite/);
      assert.deepEqual(asked, ['confirm', 'conflict: Payments API v2']);
      assert.deepEqual(writes(), []);
    });

    it('push after the same change on both sides sends nothing and asks nothing', async () => {
      const link = await pulled(collectionLink());
      await renameInPostman('Same name');
      await editFile<CollectionDocument>(COLLECTION_PATH, (c) => void (c.info.name = 'Same name'));
      server.resetCounts();
      const { asked, questions } = answers('cancel');
      const result = await sync.push(link, questions);
      assert.deepEqual(asked, []);
      assert.deepEqual(writes(), []);
      assert.equal(result.sent, 0);
      assert.notEqual(result.link.synced, link.synced);
      assert.equal((await sync.status(result.link)).state, 'inSync');
    });

    it('a collection deleted in Postman: LinkGone on pull, push and compare, and nothing written', async () => {
      const link = await pulled(collectionLink());
      await client.deleteCollection(uid);
      await gone(sync.pull(link), link);
      await gone(sync.push(link, answers('overwrite').questions), link);
      await gone(sync.remoteTexts(link), link);
      assert.deepEqual(files.written, []);
      assert.deepEqual(writes(), [`DELETE /collections/${uid}`]);
    });

    it('only a Postman 404 is taken for a deleted collection', async () => {
      const odd = Object.assign(new Error('not from Postman'), { kind: 'notFound' });
      const failing = { getCollection: async () => Promise.reject(odd) } as unknown as PostmanClient;
      await assert.rejects(new LinkSync(failing, repo, files).status(collectionLink()), (err: unknown) => err === odd);
    });

    it('a failure other than 404 is not taken for a deleted collection', async () => {
      const link = await pulled(collectionLink());
      server.injectFault({ kind: 'status', status: 403, match: { path: `/collections/${uid}` } });
      await assert.rejects(sync.status(link), (err: unknown) => isPostmanError(err) && err.kind !== 'notFound');
      await assert.rejects(sync.pull(link), (err: unknown) => isPostmanError(err) && !(err instanceof LinkGone));
      assert.deepEqual(files.written, []);
    });
  });

  describe('environment', () => {
    /** The canonical file of the sample's staging environment, secrets as given. */
    const stagingText = (clientSecret: string, accessToken: string, baseUrl = 'https://staging.payments.example.com') =>
      `${JSON.stringify(
        {
          id: storedEnvironment().id,
          name: 'Payments – Staging',
          values: [
            { key: 'baseUrl', value: baseUrl, type: 'default', enabled: true },
            { key: 'apiVersion', value: 'v2', type: 'default', enabled: true },
            { key: 'clientId', value: 'pay-staging-client', type: 'default', enabled: true },
            { key: 'clientSecret', value: clientSecret, type: 'secret', enabled: true },
            { key: 'accessToken', value: accessToken, type: 'secret', enabled: true },
            { key: 'legacyFlag', value: 'true', type: 'default', enabled: false },
          ],
        },
        null,
        2,
      )}\n`;

    it('pull writes secret values empty, and in sync', async () => {
      const result = await sync.pull(environmentLink());
      assert.equal(files.files.get(ENVIRONMENT_PATH), stagingText('', ''));
      assert.deepEqual(result.written, [ENVIRONMENT_PATH]);
      assert.equal(result.name, 'Payments – Staging');
      assert.equal(result.link.synced, hashParts([{ path: '', text: stagingText('', '') }]));
      assert.equal((await sync.status(result.link)).state, 'inSync');
    });

    it('pull writes secret values when the link asks for them', async () => {
      const result = await sync.pull(environmentLink(true));
      assert.equal(files.files.get(ENVIRONMENT_PATH), stagingText('stg_secret_0f9e8d7c6b5a', 'stg-access-token-123'));
      assert.equal(result.link.synced, hashParts([{ path: '', text: stagingText('stg_secret_0f9e8d7c6b5a', 'stg-access-token-123') }]));
      assert.equal((await sync.status(result.link)).state, 'inSync');
      // The file holds the values while the link says to leave them out: a change here, which a
      // push sends and then writes the file back without.
      const without = await sync.status({ ...result.link, writeSecrets: undefined });
      assert.equal(without.local, hashParts([{ path: '', text: stagingText('stg_secret_0f9e8d7c6b5a', 'stg-access-token-123') }]));
      assert.equal(without.remote, hashParts([{ path: '', text: stagingText('', '') }]));
      assert.equal(without.state, 'changedInPostman', 'synced was hashed with the values: Postman’s copy without them differs');
    });

    it('a secret changed in Postman is no change for a link without secrets', async () => {
      const link = await pulled(environmentLink());
      const current = await client.getEnvironment(envUid);
      await client.updateEnvironment(envUid, { name: current.name, values: current.values.map((v) => (v.key === 'accessToken' ? { ...v, value: 'rotated' } : v)) });
      assert.equal((await sync.status(link)).state, 'inSync');
      assert.equal((await sync.status(await pulled(environmentLink(true)))).state, 'inSync');
    });

    it('push of an unrelated change keeps the secret values Postman holds', async () => {
      const link = await pulled(environmentLink());
      await editFile<EnvironmentDocument>(ENVIRONMENT_PATH, (e) => void (e.values[0].value = 'https://new.example.com'));
      const { asked, questions } = answers();
      const result = await sync.push(link, questions);

      assert.deepEqual(asked, ['confirm']);
      assert.deepEqual(writes(), [`PUT /environments/${envUid}`]);
      const values = Object.fromEntries(storedEnvironment().values.map((v) => [v.key, v.value]));
      assert.equal(values.baseUrl, 'https://new.example.com');
      assert.equal(values.clientSecret, 'stg_secret_0f9e8d7c6b5a');
      assert.equal(values.accessToken, 'stg-access-token-123');
      assert.equal(result.sent, 1);
      assert.equal(files.files.get(ENVIRONMENT_PATH), stagingText('', '', 'https://new.example.com'));
      assert.deepEqual(result.rewritten, [ENVIRONMENT_PATH]);
      assert.equal((await sync.status(result.link)).state, 'inSync');
      assert.deepEqual((await sync.pull(result.link)).written, []);
    });

    it('a secret value typed into the file, and nothing else, is a change here: pushed, then left out of the file again', async () => {
      const link = await pulled(environmentLink());
      await editFile<EnvironmentDocument>(ENVIRONMENT_PATH, (e) => {
        (e.values.find((v) => v.key === 'clientSecret') as { value: string }).value = 'typed-secret';
      });
      assert.equal((await sync.status(link)).state, 'changedHere');
      const result = await sync.push(link, answers().questions);
      assert.equal(result.sent, 1);
      assert.equal(storedEnvironment().values.find((v) => v.key === 'clientSecret')?.value, 'typed-secret');
      assert.ok(!(files.files.get(ENVIRONMENT_PATH) as string).includes('typed-secret'));
      assert.equal((await sync.status(result.link)).state, 'inSync');
    });

    it('push sends a secret value typed into the file', async () => {
      const link = await pulled(environmentLink());
      await editFile<EnvironmentDocument>(ENVIRONMENT_PATH, (e) => {
        e.values[0].value = 'https://new.example.com';
        e.values[3].value = 'typed-secret';
      });
      await sync.push(link, answers().questions);
      const values = Object.fromEntries(storedEnvironment().values.map((v) => [v.key, v.value]));
      assert.equal(values.clientSecret, 'typed-secret');
      assert.equal(values.accessToken, 'stg-access-token-123');
      assert.equal(files.files.get(ENVIRONMENT_PATH), stagingText('', '', 'https://new.example.com'), 'the file is written without it again');
    });

    it('push refuses a broken environment file and sends nothing', async () => {
      const link = await pulled(environmentLink());
      await files.write(ENVIRONMENT_PATH, '[1, 2]');
      await refused(sync.push(link, answers('overwrite').questions), 'Not saved: an environment file must hold a JSON object. Nothing was sent to Postman.');
      await files.write(ENVIRONMENT_PATH, '{"name": "x"}');
      await refused(sync.push(link, answers('overwrite').questions), 'Not saved: the environment needs a "values" array of variables. Nothing was sent to Postman.');
      assert.deepEqual(writes(), []);
    });

    it('an environment deleted in Postman: missing there, LinkGone on pull', async () => {
      const link = await pulled(environmentLink());
      await client.deleteEnvironment(envUid);
      assert.deepEqual(await sync.status(link), { state: 'missing', missing: 'postman', local: link.synced, checked: true });
      await gone(sync.pull(link), link);
    });
  });

  describe('spec', () => {
    const SPEC_FILES = ['components/responses/errors.yaml', 'components/schemas.yaml', 'index.yaml'];
    const under = (path: string) => `${SPEC_PATH}/${path}`;

    it('pull writes each spec file under the link\'s folder, as Postman holds it', async () => {
      const result = await sync.pull(specLink());
      assert.deepEqual([...result.written].sort(), SPEC_FILES.map(under));
      assert.deepEqual([...files.files.keys()].sort(), SPEC_FILES.map(under));
      for (const path of SPEC_FILES) {
        assert.equal(files.files.get(under(path)), storedSpecFile(path), path);
      }
      assert.equal(result.name, 'Customers API (multi-file)');
      assert.deepEqual(result.extra, []);
      assert.equal(result.link.synced, hashParts(SPEC_FILES.map((path) => ({ path, text: storedSpecFile(path) as string }))));
      assert.deepEqual(await sync.status(result.link), { state: 'inSync', local: result.link.synced, remote: result.link.synced, checked: true, name: 'Customers API (multi-file)' });
      const remote = await sync.remoteTexts(result.link);
      assert.deepEqual([...remote.texts.keys()].sort(), SPEC_FILES);
      assert.deepEqual(await sync.localTexts(result.link), new Map(SPEC_FILES.map((p) => [p, storedSpecFile(p) as string])));
    });

    it('remembers each file in the shared cache', async () => {
      await sync.status(specLink());
      server.resetCounts();
      assert.equal((await repo.specFile(specId, 'index.yaml')).content, storedSpecFile('index.yaml'));
      assert.equal(server.count(), 0);
    });

    it('a file changed in Postman: changed there, and a pull writes only that file', async () => {
      const link = await pulled(specLink());
      server.editSpecFileAsTeammate(specId, 'components/schemas.yaml', 'Customer:\n  type: object\n');
      assert.equal((await sync.status(link)).state, 'changedInPostman');
      const result = await sync.pull(link);
      assert.deepEqual(result.written, [under('components/schemas.yaml')]);
      assert.equal(files.files.get(under('components/schemas.yaml')), 'Customer:\n  type: object\n');
      assert.equal((await sync.status(result.link)).state, 'inSync');
    });

    it('push of one changed file sends that file only, and ends in sync', async () => {
      const link = await pulled(specLink());
      const content = `${files.files.get(under('components/schemas.yaml')) as string}Extra:\n  type: string\n`;
      await files.write(under('components/schemas.yaml'), content);
      assert.equal((await sync.status(link)).state, 'changedHere');
      server.resetCounts();
      const { asked, questions } = answers();
      const result = await sync.push(link, questions);
      assert.deepEqual(asked, ['confirm']);
      assert.deepEqual(writes(), [`PATCH /specs/${specId}/files/components/schemas.yaml`]);
      assert.equal(storedSpecFile('components/schemas.yaml'), content);
      const parts = Object.fromEntries(SPEC_FILES.map((path) => [path, sha256(storedSpecFile(path) as string)]));
      assert.deepEqual(result, { link: { ...link, synced: hashParts(SPEC_FILES.map((path) => ({ path, text: storedSpecFile(path) as string }))), parts }, sent: 1, rewritten: [], name: 'Customers API (multi-file)' });
      assert.equal((await sync.status(result.link)).state, 'inSync');
      files.written.length = 0;
      assert.deepEqual((await sync.pull(result.link)).written, []);
    });

    it('push sends only the files changed here and takes, not reverts, a file a teammate changed in Postman', async () => {
      const link = await pulled(specLink());
      assert.deepEqual(Object.keys(link.parts ?? {}).sort(), [...SPEC_FILES].sort(), 'each file\'s hash is recorded');
      const theirs = `${storedSpecFile('index.yaml') as string}# a teammate's line\n`;
      server.editSpecFileAsTeammate(specId, 'index.yaml', theirs);
      const mine = `${files.files.get(under('components/schemas.yaml')) as string}Mine:\n  type: string\n`;
      await files.write(under('components/schemas.yaml'), mine);
      assert.equal((await sync.status(link)).state, 'changedBoth');
      server.resetCounts();
      files.written.length = 0;
      const { asked, questions } = answers();
      const result = await sync.push(link, questions);
      assert.deepEqual(asked, ['confirm'], 'no conflict: nobody else changed the file sent');
      assert.deepEqual(writes(), [`PATCH /specs/${specId}/files/components/schemas.yaml`]);
      assert.equal(storedSpecFile('index.yaml'), theirs, 'the teammate\'s change stays');
      assert.equal(files.files.get(under('index.yaml')), theirs, 'and is taken into the file');
      assert.deepEqual(result.rewritten, [under('index.yaml')]);
      assert.equal((await sync.status(result.link)).state, 'inSync');
    });

    it('a file both sides changed asks the conflict question, the others do not', async () => {
      const link = await pulled(specLink());
      server.editSpecFileAsTeammate(specId, 'index.yaml', 'openapi: 3.0.0 # theirs\n');
      await files.write(under('index.yaml'), 'openapi: 3.0.0 # mine\n');
      const { asked, questions } = answers('cancel');
      await refused(sync.push(link, questions), 'Not saved: this changed in Postman since you opened it, and you chose not to overwrite. Your changes are still in the editor.');
      assert.deepEqual(asked, ['confirm', 'conflict: spec file']);
      assert.equal(storedSpecFile('index.yaml'), 'openapi: 3.0.0 # theirs\n');
    });

    it('push refuses a new or a removed file, and sends nothing', async () => {
      const link = await pulled(specLink());
      await files.write(under('notes.md'), 'mine');
      assert.equal((await sync.status(link)).state, 'changedHere');
      await refused(sync.push(link, answers('overwrite').questions), 'Not pushed: the files of a spec are added and removed in Postman (notes.md is new). Nothing was sent.');
      files.files.delete(under('index.yaml'));
      await refused(sync.push(link, answers('overwrite').questions), 'Not pushed: the files of a spec are added and removed in Postman (notes.md is new, index.yaml is missing). Nothing was sent.');
      files.files.delete(under('notes.md'));
      await refused(sync.push(link, answers('overwrite').questions), 'Not pushed: the files of a spec are added and removed in Postman (index.yaml is missing). Nothing was sent.');
      assert.deepEqual(writes(), []);
    });

    it('pull leaves a file of the folder that Postman does not hold, and reports it', async () => {
      await files.write(under('notes.md'), 'mine');
      const first = await sync.pull(specLink());
      assert.deepEqual(first.extra, [under('notes.md')]);
      await files.write(under('components/schemas.yaml'), 'changed here');
      files.written.length = 0;
      const result = await sync.pull(first.link);
      assert.deepEqual(result.extra, [under('notes.md')]);
      assert.deepEqual(result.written, [under('components/schemas.yaml')]);
      assert.deepEqual(files.written, [under('components/schemas.yaml')]);
      assert.equal(files.files.get(under('notes.md')), 'mine');
      assert.equal((await sync.status(result.link)).state, 'changedHere');
    });

    it('a file listed but gone when read is left out (it was deleted meanwhile)', async () => {
      const link = await pulled(specLink());
      const racing = new (class extends MemoryFiles {
        override async read(path: string): Promise<string | undefined> {
          return path === under('index.yaml') ? undefined : super.read(path);
        }
      })();
      for (const [path, text] of files.files) {
        racing.files.set(path, text);
      }
      const raced = new LinkSync(client, repo, racing);
      assert.deepEqual(await raced.localTexts(link), new Map(SPEC_FILES.filter((p) => p !== 'index.yaml').map((p) => [p, storedSpecFile(p) as string])));
      assert.equal((await raced.status(link)).local, hashParts(SPEC_FILES.filter((p) => p !== 'index.yaml').map((path) => ({ path, text: storedSpecFile(path) as string }))));
      await refused(raced.push(link, answers('overwrite').questions), 'Not pushed: the files of a spec are added and removed in Postman (index.yaml is missing). Nothing was sent.');
    });

    it('push of a spec file Postman refuses sends nothing', async () => {
      const link = await pulled(specLink());
      await files.write(under('index.yaml'), '  \n');
      await refused(sync.push(link, answers('overwrite').questions), 'Not saved: a spec file cannot be empty (Postman refuses an empty file). Nothing was sent to Postman.');
      assert.deepEqual(writes(), []);
    });

    it('a missing folder: missing here, and push refuses', async () => {
      const status = await sync.status(specLink());
      assert.deepEqual(status, { state: 'missing', missing: 'file', remote: status.remote, checked: true, name: 'Customers API (multi-file)' });
      await refused(sync.push(specLink(), answers('overwrite').questions), `Not pushed: ${SPEC_PATH} is missing. Pull to write it again, or remove the link.`);
    });

    it('pull never writes a spec file whose path could leave the folder or reach .git', async () => {
      for (const path of ['..\\..\\evil.yaml', '.git/hooks/post-checkout', 'C:evil.yaml']) {
        server.editSpecFileAsTeammate(specId, path, 'evil');
      }
      const result = await sync.pull(specLink());
      assert.deepEqual([...result.written].sort(), SPEC_FILES.map(under));
      assert.deepEqual([...files.files.keys()].sort(), SPEC_FILES.map(under));
      assert.equal(server.count({ path: /evil|\.git/ }), 0, 'not even read');
      assert.equal((await sync.status(result.link)).state, 'inSync');
    });

    it('a spec deleted in Postman: missing there, LinkGone on pull and push', async () => {
      const link = await pulled(specLink());
      server.deleteSpec(specId);
      assert.deepEqual(await sync.status(link), { state: 'missing', missing: 'postman', local: link.synced, checked: true });
      await gone(sync.pull(link), link);
      await gone(sync.push(link, answers('overwrite').questions), link);
      assert.deepEqual(writes(), []);
    });
  });
});
