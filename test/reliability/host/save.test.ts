import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resourceUri } from '../../../src/documents/postmanUri';
import type { TestingApi } from '../../../src/extension';
import type { FaultMatch } from '../../fixtures/faults';
import { LocalPostmanServer } from '../../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../../fixtures/sampleData';
import { answerKeyPrompt, waitFor } from '../../integration/helpers';
import { saw, scenario } from '../report';
import { reliabilityDataset, TARGETS, withTargets } from './data';
import { closeAllEditors, FAULTS, type FaultCase, gist, HostRun, setTimeoutSeconds, WRONG_TYPES } from './kit';
import { render } from '../../../src/text/plain';

type Kind = 'collection' | 'environment';

/** What a failed save says in the editor (VS Code shows it as "Failed to save '…': <this>"). */
const NOT_SAVED = /^Not saved to Postman: .+ Your changes are still in the editor; save again to retry\.$/;

/**
 * Saving an edited collection or environment back to Postman (PUT) under faults: the save
 * fails with words that say why, the document stays dirty with the user's text exactly as
 * it was, Postman's copy is unchanged; saving again once the fault is gone stores the edit
 * with every item id kept. A collection deleted meanwhile, and the network gone mid-edit,
 * lose nothing either.
 */
describe('reliability: save under faults', function () {
  this.timeout(120_000);

  interface Case {
    title: string;
    kind: Kind;
    target: string;
    fault: FaultCase;
    /** Which requests the fault meets: the PUT only (default), or every call of the save (its GETs too). */
    on?: 'put' | 'all';
    /** Overrides the fault's words where a save says them differently. */
    expect?: RegExp;
    /** The fault lets the PUT through and spoils only its answer: Postman holds the edit already. */
    storedAnyway?: boolean;
  }

  const onPut = (fault: FaultCase, extra: Partial<Case> = {}) => ({ fault, ...extra });
  const collectionCases = [
    onPut(FAULTS.latency),
    onPut(FAULTS.timeout),
    onPut(FAULTS.reset),
    onPut(FAULTS.server503),
    onPut(FAULTS.storm429),
    onPut(FAULTS.burst429),
    onPut(FAULTS.quota, { on: 'all' as const }),
    onPut(FAULTS.html),
    onPut(FAULTS.html502),
    onPut(FAULTS.proxyAuth),
    onPut(FAULTS.truncated, { storedAnyway: true, expect: /cannot read: PUT \/collections\/\S+ returned malformed JSON instead of JSON/ }),
    onPut(FAULTS.empty),
    onPut(FAULTS.missingFields, { expect: /cannot read: the save of the collection \S+ was answered as if stored, but Postman's copy did not change/ }),
    { fault: { ...FAULTS.missingFields, name: `${FAULTS.missingFields.name}, reading Postman's copy first` }, on: 'all' as const },
  ];
  const environmentCases = [
    onPut(FAULTS.reset),
    onPut(FAULTS.server503),
    onPut(FAULTS.html),
    onPut(FAULTS.truncated, { storedAnyway: true, expect: /cannot read: PUT \/environments\/\S+ returned malformed JSON instead of JSON/ }),
  ];
  const cases: Case[] = [
    ...collectionCases.map((c, i) => ({ ...c, kind: 'collection' as const, title: `a collection: ${c.fault.name}${c.on === 'all' ? '' : ' (answering the PUT)'}`, target: `Save C${i}` })),
    ...environmentCases.map((c, i) => ({ ...c, kind: 'environment' as const, title: `an environment: ${c.fault.name} (answering the PUT)`, target: `Save E${i}` })),
  ];
  const EXTRA = ['Save wrong types', 'Save deleted', 'Save offline'];

  const server = new LocalPostmanServer({ rateLimits: false, dataset: () => withTargets(reliabilityDataset(), [...cases.map((c) => c.target), ...EXTRA]) });
  const host = new HostRun(server);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'postman-reliability-save-'));
  let api: TestingApi;
  let port = 0;
  /** Every modal question asked (confirmation, conflicts). */
  let asked: string[] = [];
  /** What the file system told the editor when a write failed: the words of "Failed to save". */
  const writeErrors: string[] = [];
  let restoreWriteFile: (() => void) | undefined;

  const config = () => vscode.workspace.getConfiguration();

  before(async () => {
    api = await host.start({ signIn: false });
    port = host.port;
    // Only explicit saves here (code-server auto-saves after a delay by default, and those are refused).
    await config().update('files.autoSave', 'off', vscode.ConfigurationTarget.Global);
    answerKeyPrompt(api, SAMPLE_API_KEY);
    await vscode.commands.executeCommand('postman.signIn');
    assert.equal(await api.storedCredentialSource(), 'secretStorage');
    api.documents.resetSessionConfirmation();
    api.setDocumentUi({
      // The user confirms the first save of the session; any other question (a conflict) is cancelled.
      modal: async (shown, _detail, ...actions) => {
        const message = render(shown);
        asked.push(message);
        return /^Save your changes/.test(message) ? actions[0] : undefined;
      },
    });
    // The same provider object VS Code calls: its failures are what "Failed to save" shows.
    const fsProvider = api.documents as unknown as { writeFile: (uri: vscode.Uri, content: Uint8Array) => Promise<void> };
    const original = fsProvider.writeFile;
    fsProvider.writeFile = async function (this: unknown, uri, content) {
      try {
        return await original.call(api.documents, uri, content);
      } catch (err) {
        writeErrors.push(err instanceof Error ? err.message : String(err));
        throw err;
      }
    };
    restoreWriteFile = () => void (fsProvider.writeFile = original);
  });

  after(async () => {
    restoreWriteFile?.();
    await closeAllEditors();
    api.setDocumentUi(undefined);
    await config().update('files.autoSave', undefined, vscode.ConfigurationTarget.Global);
    await host.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(() => {
    asked = [];
  });

  afterEach(async () => {
    await host.heal();
    await closeAllEditors();
  });

  function refOf(kind: Kind, name: string): { uid: string } {
    const ws = server.dataset.workspaces.find((w) => w.name === TARGETS);
    const ref = ws?.[kind === 'collection' ? 'collections' : 'environments'].find((r) => r.name === name);
    assert.ok(ref, `${kind} "${name}"`);
    return ref;
  }

  const plural = (kind: Kind) => (kind === 'collection' ? 'collections' : 'environments');
  const stored = (kind: Kind, uid: string): Record<string, unknown> =>
    (kind === 'collection' ? server.dataset.collections[uid] : server.dataset.environments[uid]) as unknown as Record<string, unknown>;
  const storedName = (kind: Kind, uid: string) => (kind === 'collection' ? server.dataset.collections[uid].info.name : server.dataset.environments[uid].name);
  const allIds = (items: unknown): string[] =>
    Array.isArray(items)
      ? items.flatMap((i) => {
        const item = i as { id?: string; item?: unknown[] };
        return [...(item.id ? [item.id] : []), ...allIds(item.item)];
      })
      : [];

  /** Opens the target and makes the user's edit: a new name, and (collections) a renamed request. */
  async function openAndEdit(kind: Kind, name: string): Promise<{ doc: vscode.TextDocument; uid: string; text: string; edited: string; ids: string[] }> {
    const { uid } = refOf(kind, name);
    const doc = await vscode.workspace.openTextDocument(resourceUri({ kind, uid }, name, TARGETS));
    await vscode.window.showTextDocument(doc);
    await api.repo[kind](uid); // any read the editor started is over
    const edited = `${name} (edited ✎)`;
    await replace(doc, `"name": "${name}"`, `"name": "${edited}"`);
    if (kind === 'collection') {
      await replace(doc, '"name": "Echo GET"', '"name": "Echo GET, renamed"');
    } else {
      await replace(doc, '"value": "v2"', '"value": "v3"');
    }
    assert.ok(doc.isDirty);
    return { doc, uid, text: doc.getText(), edited, ids: kind === 'collection' ? allIds(server.dataset.collections[uid].item) : [] };
  }

  async function replace(doc: vscode.TextDocument, from: string, to: string): Promise<void> {
    const at = doc.getText().indexOf(from);
    assert.ok(at >= 0, `"${from}" is not in the document`);
    const e = new vscode.WorkspaceEdit();
    e.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), to);
    assert.ok(await vscode.workspace.applyEdit(e));
  }

  /** A save that must fail: false, the words, the text untouched and still unsaved. */
  async function failingSave(doc: vscode.TextDocument, text: string, expect: RegExp, slowest: number): Promise<string> {
    const mark = writeErrors.length;
    const started = Date.now();
    assert.equal(await doc.save(), false, 'the save fails');
    const ms = Date.now() - started;
    const said = writeErrors.slice(mark);
    assert.equal(said.length, 1, JSON.stringify(said));
    assert.match(said[0], expect);
    assert.ok(!said[0].includes(SAMPLE_API_KEY));
    assert.equal(doc.isDirty, true, 'still unsaved');
    assert.equal(doc.getText(), text, 'the user\'s text, exactly');
    assert.ok(ms < slowest, `the save gave up after ${ms} ms`);
    return said[0];
  }

  /** Saving again works: Postman holds the edit, with every item id the collection had. */
  async function retrySaves(kind: Kind, doc: vscode.TextDocument, uid: string, edited: string, ids: string[]): Promise<void> {
    const mark = writeErrors.length;
    assert.equal(await doc.save(), true, `the retry saves: ${JSON.stringify(writeErrors.slice(mark))}`);
    assert.equal(storedName(kind, uid), edited);
    if (kind === 'collection') {
      const now = server.dataset.collections[uid];
      assert.deepEqual(allIds(now.item), ids, 'every id kept');
      assert.ok(JSON.stringify(now.item).includes('"name":"Echo GET, renamed"'));
    } else {
      assert.equal(server.dataset.environments[uid].values.find((v) => v.key === 'apiVersion')?.value, 'v3');
    }
    // The editor shows what Postman now holds, with nothing left unsaved.
    await waitFor('the editor to show Postman\'s copy', () => !doc.isDirty && JSON.stringify(JSON.parse(doc.getText())) === JSON.stringify(stored(kind, uid)), 5000);
    assert.deepEqual(asked.filter((q) => !/^Save your changes/.test(q)), [], 'no conflict is asked about: the only change in Postman is the user\'s own');
  }

  for (const c of cases) {
    scenario('host', 'save', c.title, async () => {
      const { fault, kind } = c;
      const { doc, uid, text, edited, ids } = await openAndEdit(kind, c.target);
      const before = JSON.stringify(stored(kind, uid));
      if (fault.timeoutSeconds) {
        await setTimeoutSeconds(fault.timeoutSeconds);
      }
      const match: FaultMatch = { path: `/${plural(kind)}/${uid}`, ...(c.on === 'all' ? {} : { method: 'PUT' }) };
      fault.apply(server, match);
      const expect = c.expect ?? fault.expect;
      if (!expect) {
        const started = Date.now();
        await retrySaves(kind, doc, uid, edited, ids);
        saw(`saved after ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return;
      }
      const slowest = ((fault.timeoutSeconds ?? 30) + (fault.slow ? 8 : 0)) * 1000 + 5000;
      const said = await failingSave(doc, text, expect, slowest);
      assert.match(said, NOT_SAVED);
      if (c.storedAnyway) {
        assert.equal(storedName(kind, uid), edited, 'this fault let the PUT through');
      } else {
        assert.equal(JSON.stringify(stored(kind, uid)), before, 'Postman\'s copy is unchanged');
      }
      server.clearFaults();
      server.quotaExhausted = false;
      await setTimeoutSeconds(undefined);
      await retrySaves(kind, doc, uid, edited, ids);
      saw(`"Not saved to Postman: ${gist(said, expect)}" → save again: saved, ids kept`);
    });
  }

  scenario('host', 'save', 'a collection: the right JSON with the wrong types (reading Postman\'s copy first)', async () => {
    const { doc, uid, text, edited, ids } = await openAndEdit('collection', 'Save wrong types');
    const before = JSON.stringify(stored('collection', uid));
    server.injectFault({ kind: 'status', status: 200, body: WRONG_TYPES.collection, match: { path: `/collections/${uid}` } });
    server.resetCounts();
    const expect = /cannot read: GET \/collections\/\{uid\} returned a collection without "info" and "item"/;
    const said = await failingSave(doc, text, expect, 5000);
    assert.equal(server.count({ method: 'PUT' }), 0, 'nothing sent over a copy it cannot read');
    assert.equal(JSON.stringify(stored('collection', uid)), before);
    server.clearFaults();
    await retrySaves('collection', doc, uid, edited, ids);
    saw(`"Not saved to Postman: ${gist(said, expect)}" → save again: saved`);
  });

  scenario('host', 'save', 'a collection deleted in Postman while open, then saved: said plainly, the edit kept (Save a Copy)', async () => {
    const { doc, uid, text } = await openAndEdit('collection', 'Save deleted');
    const ws = server.dataset.workspaces.find((w) => w.name === TARGETS);
    assert.ok(ws);
    const saved = server.dataset.collections[uid];
    const refs = ws.collections;
    delete server.dataset.collections[uid];
    ws.collections = refs.filter((r) => r.uid !== uid);
    try {
      const said = await failingSave(doc, text, /^Not saved: this collection no longer exists in Postman \(deleted\?\)\. Use "Postman: Save a Copy…" to keep your text in a local file\.$/, 5000);
      // Saving again says the same; the text stays.
      await failingSave(doc, text, /no longer exists in Postman/, 5000);
      // What the message offers: the user's text, unsaved edits and all, into a local file.
      const target = vscode.Uri.file(path.join(tmp, 'deleted.postman_collection.json'));
      api.setDocumentUi({ saveDialog: async () => target });
      const written = await vscode.commands.executeCommand<vscode.Uri>('postman.saveCopy', doc.uri);
      assert.equal(written?.toString(), target.toString());
      assert.equal(fs.readFileSync(target.fsPath, 'utf8'), text, 'the copy is the user\'s text');
      assert.equal(doc.isDirty, true);
      saw(`"${said.slice(0, 90)}…" → Save a Copy: the edit in a local file`);
    } finally {
      server.dataset.collections[uid] = saved;
      ws.collections = refs;
    }
  });

  scenario('host', 'save', 'the network gone mid-edit, then back (server stopped and restarted on the same port)', async () => {
    const { uid } = refOf('collection', 'Save offline');
    const doc = await vscode.workspace.openTextDocument(resourceUri({ kind: 'collection', uid }, 'Save offline', TARGETS));
    await vscode.window.showTextDocument(doc);
    await api.repo.collection(uid);
    const ids = allIds(server.dataset.collections[uid].item);
    await server.stop();
    let said: string;
    try {
      // Editing needs no network.
      await replace(doc, '"name": "Save offline"', '"name": "Save offline (edited ✎)"');
      await replace(doc, '"name": "Echo GET"', '"name": "Echo GET, renamed"');
      const text = doc.getText();
      said = await failingSave(doc, text, /Could not reach the Postman API: connection refused/, 5000);
      await failingSave(doc, text, /connection refused/, 5000);
    } finally {
      await server.start(port);
    }
    await retrySaves('collection', doc, uid, 'Save offline (edited ✎)', ids);
    saw(`"Not saved to Postman: ${gist(said, /Could not reach the Postman API: connection refused/)}" → back: saved`);
  });
});
