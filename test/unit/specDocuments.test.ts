import * as assert from 'node:assert/strict';
import { KINDS } from '../../src/documents/model/kinds';
import { isSafeSpecPath, MAX_SPEC_FILE_BYTES } from '../../src/documents/model/kinds/specFile';
import { DocumentSaver, type SaveQuestions } from '../../src/documents/model/saver';
import { SaveRefused } from '../../src/documents/model/content';
import type { PostmanClient, PostmanRepository } from '../../src/postman';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_SPECS, specNamed } from '../fixtures/sampleData';
import { rejectsWith } from './assertions';
import { documentStack } from './kindHelpers';

/** The save's rejection: a SaveRefused (given the class), or a PostmanError of the kind given. */
async function refusedOr(promise: Promise<unknown>, kind: typeof SaveRefused | 'forbidden' | 'notFound'): Promise<Error> {
  if (typeof kind === 'string') {
    return rejectsWith(promise, kind);
  }
  const err = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof kind, `expected a SaveRefused, got ${String(err)}`);
  return err;
}

/**
 * Spec files and workspace globals as documents, through the same table of kinds and the
 * same saver as collections, against the local Postman server (no VS Code).
 */
describe('spec files and globals as documents', () => {
  let clock = Date.UTC(2025, 6, 1);
  const server = new LocalPostmanServer({ rateLimits: false, clock: () => (clock += 1000) });
  let client: PostmanClient;
  let repo: PostmanRepository;
  let saver: DocumentSaver;
  let specId: string;
  let wsId: string;

  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    ({ client, repo, saver } = documentStack(server.url));
    const spec = specNamed(server.dataset, SAMPLE_SPECS.multiFile);
    specId = spec.id;
    wsId = spec.workspaceId;
    const ws = server.dataset.workspaces.find((w) => w.id === wsId);
    assert.ok(ws);
    ws.globals = [
      { key: 'region', value: 'eu', enabled: true, type: 'default' },
      { key: 'token', value: 'global-secret', enabled: false, type: 'secret' },
    ];
  });

  function answers(conflict: 'overwrite' | 'cancel' | 'compare' = 'cancel') {
    const asked: string[] = [];
    const questions: SaveQuestions = {
      lostIds: async () => {
        asked.push('lostIds');
        return true;
      },
      confirm: async () => {
        asked.push('confirm');
        return true;
      },
      conflict: async (_remote, unknownBase) => {
        asked.push(`conflict${unknownBase ? ' (base unknown)' : ''}`);
        return conflict;
      },
    };
    return { asked, questions };
  }
  const calls = () => server.requests.map((r) => `${r.method} ${decodeURIComponent(r.path)} ${r.status}`);

  describe('spec files', () => {
    const PATH = 'components/schemas.yaml';
    const address = () => ({ kind: 'specFile' as const, uid: specId, path: PATH });

    it('loads a file through the shared cache, once, and shows its text as it is', async () => {
      server.resetCounts();
      const first = await KINDS.specFile.load(repo, address());
      const again = await KINDS.specFile.load(repo, address());
      assert.equal(again, first);
      assert.equal(server.count(), 1);
      assert.equal(KINDS.specFile.text(first), server.specFile(specId, PATH)?.content);
      assert.equal(KINDS.specFile.name(first, address()), PATH);
      assert.equal(KINDS.specFile.cacheKey(address()), `specFile:${specId}/${PATH}`);
      assert.equal(KINDS.specFile.updatedAt(first), server.specFile(specId, PATH)?.updatedAt);
      assert.equal(KINDS.specFile.version(first), `updatedAt:${server.specFile(specId, PATH)?.updatedAt}`);
      assert.equal(KINDS.specFile.version({ content: 'abc' }), KINDS.specFile.version({ content: 'abc' }));
      assert.notEqual(KINDS.specFile.version({ content: 'abc' }), KINDS.specFile.version({ content: 'abd' }));
    });

    it('saves with one PATCH of the content between a read before and a read after, and caches what Postman holds', async () => {
      const file = await client.getSpecFile(specId, PATH);
      const opened = KINDS.specFile.opened(file);
      const text = `${file.content}\n# edited\n`;
      const { asked, questions } = answers();
      server.resetCounts();
      const result = await saver.save({ ...address(), text, opened, questions });
      assert.deepEqual(asked, ['confirm']);
      const path = `/specs/${specId}/files/${PATH}`;
      assert.deepEqual(calls(), [`GET ${path} 200`, `PATCH ${path} 200`, `GET ${path} 200`]);
      assert.equal(server.specFile(specId, PATH)?.content, text);
      assert.equal((result.saved as { content: string }).content, text);
      assert.equal(result.opened?.version, `updatedAt:${server.specFile(specId, PATH)?.updatedAt}`);
      server.resetCounts();
      assert.equal((await repo.specFile(specId, PATH)).content, text, 'the cache holds the saved copy');
      assert.equal(server.count(), 0);
    });

    it('asks before overwriting a teammate\'s change, and sends nothing unless told to', async () => {
      const file = await client.getSpecFile(specId, PATH);
      const opened = KINDS.specFile.opened(file);
      server.editSpecFileAsTeammate(specId, PATH, `${file.content}\n# theirs\n`);
      const cancel = answers('cancel');
      server.resetCounts();
      const err = await refusedOr(saver.save({ ...address(), text: `${file.content}\n# mine\n`, opened, questions: cancel.questions }), SaveRefused);
      assert.match(err.message, /changed in Postman since you opened it, and you chose not to overwrite/);
      assert.deepEqual(cancel.asked, ['confirm', 'conflict']);
      assert.equal(server.count({ method: 'PATCH' }), 0);
      const overwrite = answers('overwrite');
      await saver.save({ ...address(), text: `${file.content}\n# mine\n`, opened, questions: overwrite.questions });
      assert.match(server.specFile(specId, PATH)?.content ?? '', /# mine/);
    });

    it('finds no conflict when Postman already holds the text being saved', async () => {
      const file = await client.getSpecFile(specId, PATH);
      server.editSpecFileAsTeammate(specId, PATH, `${file.content}\n# same\n`);
      const { asked, questions } = answers('cancel');
      await saver.save({ ...address(), text: `${file.content}\n# same\n`, opened: KINDS.specFile.opened(file), questions });
      assert.deepEqual(asked, ['confirm']);
    });

    it('refuses an empty file and one over Postman\'s 10 MB limit before any request; accepts any other text, invalid specs too', async () => {
      server.resetCounts();
      for (const text of ['', '  \n\t']) {
        const err = await refusedOr(saver.save({ ...address(), text, opened: undefined, questions: answers().questions }), SaveRefused);
        assert.equal(err.message, 'Not saved: a spec file cannot be empty (Postman refuses an empty file). Nothing was sent to Postman.');
      }
      const big = 'x'.repeat(MAX_SPEC_FILE_BYTES + 1);
      assert.equal((await refusedOr(Promise.resolve().then(() => KINDS.specFile.parse(big, undefined)), SaveRefused)).message, 'Not saved: Postman takes spec files of up to 10 MB. Nothing was sent to Postman.');
      assert.deepEqual(KINDS.specFile.parse('x'.repeat(MAX_SPEC_FILE_BYTES), undefined), { content: 'x'.repeat(MAX_SPEC_FILE_BYTES) });
      assert.equal(server.count(), 0);
      assert.deepEqual(KINDS.specFile.parse('openapi: [not: valid', undefined), { content: 'openapi: [not: valid' });
      assert.equal(KINDS.specFile.same({ content: 'a' }, { content: 'a', path: 'x' }), true);
      assert.equal(KINDS.specFile.same({ content: 'a' }, { content: 'a ' }), false);
    });

    it('reports a deleted file as not found, and a read-only workspace as forbidden, keeping Postman\'s copy', async () => {
      const file = await client.getSpecFile(specId, PATH);
      server.setWorkspaceReadOnly(wsId);
      await refusedOr(saver.save({ ...address(), text: `${file.content}#`, opened: KINDS.specFile.opened(file), questions: answers().questions }), 'forbidden');
      assert.equal(server.specFile(specId, PATH)?.content, file.content);
      server.setWorkspaceReadOnly(wsId, false);
      server.deleteSpecFile(specId, PATH);
      await refusedOr(saver.save({ ...address(), text: `${file.content}#`, opened: KINDS.specFile.opened(file), questions: answers().questions }), 'notFound');
    });

    it('takes only paths that name a file of the spec', () => {
      for (const ok of ['index.yaml', 'components/schemas.yaml', 'a/b/c.json', 'schémas/café.json', '.hidden/x.yaml', 'x..y', 'a\u0020b', 'a\u00a0b', 'a\u2065b', 'a\u206ab', 'a\u202fb', 'a\u2027b', 'a\u0080b'.replace('\u0080', '~')]) {
        assert.equal(isSafeSpecPath(ok), true, ok);
      }
      for (const bad of ['', '/index.yaml', 'a//b', 'a/', '.', '..', '../x', 'a/../b', 'a/./b', 'a/..', 'in\u202Elmay.exe', 'a\nb.yaml', 'x\u0000.json', 'a\u2066b', 'c\u009f.yaml', 'l\u2028.yaml', 'a\u001f', 'a\u007f', 'a\u202a', 'a\u2069', 'a\u2029']) {
        assert.equal(isSafeSpecPath(bad), false, bad);
      }
    });
  });

  describe('globals', () => {
    const address = () => ({ kind: 'globals' as const, uid: wsId });

    it('shows the variables as {"values": […]} and saves them with one PUT, secret values as they are', async () => {
      const globals = await KINDS.globals.load(repo, address());
      const text = KINDS.globals.text(globals);
      assert.deepEqual(JSON.parse(text), { values: server.dataset.workspaces.find((w) => w.id === wsId)?.globals });
      assert.equal(KINDS.globals.name(globals, address()), 'Globals');
      assert.equal(KINDS.globals.cacheKey(address()), `globals:${wsId}`);
      assert.equal(KINDS.globals.updatedAt(globals), undefined);
      const opened = KINDS.globals.opened(globals);
      const edited = text.replace('"eu"', '"us"');
      server.resetCounts();
      const { asked, questions } = answers();
      await saver.save({ ...address(), text: edited, opened, questions });
      assert.deepEqual(asked, ['confirm']);
      const path = `/workspaces/${wsId}/global-variables`;
      assert.deepEqual(calls(), [`GET ${path} 200`, `PUT ${path} 200`, `GET ${path} 200`]);
      assert.deepEqual(server.dataset.workspaces.find((w) => w.id === wsId)?.globals?.map((v) => [v.key, v.value, v.type, v.enabled]), [
        ['region', 'us', 'default', true],
        ['token', 'global-secret', 'secret', false],
      ]);
      server.resetCounts();
      assert.equal((await repo.globals(wsId))[0].value, 'us', 'the cache holds the saved values');
      assert.equal(server.count(), 0);
    });

    it('detects a teammate\'s change by the variables, not their order of keys, and asks', async () => {
      const globals = await client.getGlobals(wsId);
      const opened = KINDS.globals.opened({ values: globals });
      const reordered = KINDS.globals.opened({ values: globals.map((v) => ({ type: v.type, enabled: v.enabled, value: v.value, key: v.key })) });
      assert.equal(reordered.version, opened.version);
      const ws = server.dataset.workspaces.find((w) => w.id === wsId);
      assert.ok(ws?.globals);
      ws.globals[0].value = 'theirs';
      const { asked, questions } = answers('cancel');
      server.resetCounts();
      await refusedOr(saver.save({ ...address(), text: JSON.stringify({ values: [{ ...globals[0], value: 'mine' }, globals[1]] }), opened, questions }), SaveRefused);
      assert.deepEqual(asked, ['confirm', 'conflict']);
      assert.equal(server.count({ method: 'PUT' }), 0);
    });

    it('refuses globals without a values array of keyed variables, before any request', async () => {
      server.resetCounts();
      const cases: [string, string][] = [
        ['[]', 'globals must be a JSON object: {"values": […]}'],
        ['{}', 'the globals needs a "values" array of variables'],
        ['{"values": [{"value": 1}]}', '"values[0]" must be an object with a "key" string'],
      ];
      for (const [text, problem] of cases) {
        assert.equal((await refusedOr(saver.save({ ...address(), text, opened: undefined, questions: answers().questions }), SaveRefused)).message, `Not saved: ${problem}. Nothing was sent to Postman.`);
      }
      assert.match((await refusedOr(saver.save({ ...address(), text: '{', opened: undefined, questions: answers().questions }), SaveRefused)).message, /^These globals is not valid JSON/);
      assert.equal(server.count(), 0);
    });

    it('counts secret values with a value, and writes them emptied for a copy', () => {
      const found = KINDS.globals.secrets?.({ values: [
        { key: 'a', value: 's1', type: 'secret', enabled: true },
        { key: 'b', value: '', type: 'secret', enabled: true },
        { key: 'c', value: 'plain', type: 'default', enabled: true },
      ] });
      assert.equal(found?.count, 1);
      assert.deepEqual(JSON.parse(found?.emptied() ?? ''), { values: [
        { key: 'a', value: '', type: 'secret', enabled: true },
        { key: 'b', value: '', type: 'secret', enabled: true },
        { key: 'c', value: 'plain', type: 'default', enabled: true },
      ] });
    });
  });

  it('names every kind in messages its own way, escaping names', () => {
    assert.equal(KINDS.collection.describe('Orders').text, 'collection "Orders"');
    assert.equal(KINDS.environment.describe('Prod').text, 'environment "Prod"');
    assert.equal(KINDS.globals.describe('Globals').text, 'globals');
    assert.equal(KINDS.specFile.describe('index.yaml').text, 'spec file "index.yaml"');
    assert.doesNotMatch(KINDS.specFile.describe('[x](command:evil)').text, /\]\(command:/);
    assert.deepEqual(Object.fromEntries(Object.entries(KINDS).map(([k, v]) => [k, v.suffix])), {
      collection: '.postman_collection.json',
      environment: '.postman_environment.json',
      folder: '.postman_folder.json',
      globals: '.postman_globals.json',
      request: '.postman_request.json',
      response: '.postman_response.json',
      specFile: undefined,
    });
  });
});
