import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { Row } from '../../src/tree/model/row';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';
import { SECRET_TOKEN_VALUE, sendDataset } from '../fixtures/sendData';
import { TargetApi } from '../fixtures/targetApi';
import { childNamed, setBaseUrl, signInTo } from './helpers';

/** Issue 13: collections and folders run in VS Code's Test Explorer, in the real extension host. */
describe('Run collections in the Test Explorer', function () {
  this.timeout(90_000);
  let target: TargetApi;
  let server: LocalPostmanServer;
  let api: TestingApi;

  before(async () => {
    target = await TargetApi.start();
    server = new LocalPostmanServer({ rateLimits: false, dataset: () => sendDataset(target) });
    api = await signInTo(server, SAMPLE_API_KEY);
    await vscode.commands.executeCommand('postman.useEnvironment', await rowOf('My Workspace', 'Environments', 'Local'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const [, item] of api.runs.testExplorer.controller.items) {
      await api.runs.testExplorer.remove(item);
    }
    await vscode.commands.executeCommand('postman.signOut');
    await setBaseUrl(undefined);
    await server.stop();
    await target.close();
  });

  beforeEach(() => {
    target.reset();
  });

  async function rowOf(...labels: string[]): Promise<Row> {
    let row: Row | undefined;
    for (const label of labels) {
      row = await childNamed(api, row, label);
    }
    return row as Row;
  }
  const runSamples = () => rowOf('My Workspace', 'Collections', 'Run Samples');
  const results = () => Object.fromEntries([...api.runs.testExplorer.lastResults].map(([id, verdict]) => [id.split('/').slice(2).join('/'), verdict]));

  it('runs a collection from its row: chaining, setNextRequest, a deliberate failure, streamed into test items', async () => {
    const row = await runSamples();
    await api.tree.getChildren(row); // expanded in the tree: the collection is loaded and cached
    const calls = server.count({ method: 'GET', path: /^\/collections\// });
    await vscode.commands.executeCommand('postman.runCollection', row);
    const explorer = api.runs.testExplorer;
    assert.match(explorer.lastSummary ?? '', /^3 requests, 3 of 4 tests passed, \d+\.\d s$/);
    // Only the collection the user ran is in the Test Explorer; its items came from the cache.
    assert.deepEqual([...explorer.controller.items].map(([, i]) => i.label), ['Run Samples']);
    assert.equal(server.count({ method: 'GET', path: /^\/collections\// }), calls, 'no extra API call: the collection came from the cache');
    const root = [...explorer.controller.items][0][1];
    assert.deepEqual([...root.children].map(([, i]) => i.label), ['Create', 'Reads', 'Last']);
    assert.deepEqual(target.requests.map((r) => r.path), ['/echo', '/echo?id=Ada', '/status/201']);
    const verdicts = results();
    const ids = (await Promise.all(['Create', 'Last'].map(async (n) => (await rowOf('My Workspace', 'Collections', 'Run Samples', n)).ids?.id))) as string[];
    const read = (await rowOf('My Workspace', 'Collections', 'Run Samples', 'Reads', 'Read')).ids?.id as string;
    const skipped = (await rowOf('My Workspace', 'Collections', 'Run Samples', 'Reads', 'Skipped')).ids?.id as string;
    // The pm.tests are the tests: requests that got a response have no result of their own
    // (VS Code shows theirs from their tests), so its counts are the summary's: 3 of 4.
    assert.deepEqual(Object.values(verdicts).sort(), ['failed', 'passed', 'passed', 'passed']);
    assert.equal(verdicts[`${ids[0]}/@0:0#0`], 'passed');
    // Last is fourth in the collection's order (position 3), though third to run.
    assert.equal(verdicts[`${ids[1]}/@0:3#0`], 'passed');
    assert.equal(verdicts[read], undefined);
    assert.equal(Object.keys(verdicts).some((k) => k.startsWith(skipped)), false, 'setNextRequest skipped it');
    // Each pm.test is a child of its request, its id carrying iteration and position.
    const readItem = await explorer.itemFor(await api.runs.accountKey(), row.uid as string, read);
    assert.ok(readItem);
    const tests = [...readItem.children].map(([, i]) => [i.id.slice(readItem.id.length), i.label, verdicts[`${read}${i.id.slice(readItem.id.length)}`]]);
    assert.deepEqual(tests, [['/@0:1#0', 'reads what was created', 'passed'], ['/@0:1#1', 'deliberately fails', 'failed']]);
    // Console output went to the run's output, the secret masked.
    assert.match(explorer.lastOutput, /created Ada with ••••••/);
    assert.ok(!explorer.lastOutput.includes(SECRET_TOKEN_VALUE));
    assert.match(explorer.lastOutput, /Postman run: 3 requests, 3 of 4 tests passed/);
    // Current values, not Postman: the collection variable the script set is kept locally.
    assert.deepEqual(await api.runs.currentValues.get(await api.runs.accountKey(), `collection:${row.uid}`), { id: 'Ada' });
    assert.equal(server.count({ method: 'PUT' }), 0);
  });

  it('runs one folder only', async () => {
    await vscode.commands.executeCommand('postman.runCollection', await rowOf('My Workspace', 'Collections', 'Run Samples', 'Reads'));
    assert.deepEqual(target.requests.map((r) => r.path), ['/echo?id=Ada']);
    assert.match(api.runs.testExplorer.lastSummary ?? '', /^1 request, 1 of 2 tests passed/);
  });

  it('runs with options: a data file of 3 rows makes 3 iterations, each test result its own', async () => {
    const explorer = api.runs.testExplorer;
    const original = explorer.askOptions;
    explorer.askOptions = async () => ({ environment: (await api.runs.environments.get((await rowOf('My Workspace')).workspaceId as string)), data: [{ n: 1 }, { n: 2 }, { n: 3 }] });
    try {
      await vscode.commands.executeCommand('postman.runCollectionWithOptions', await rowOf('My Workspace', 'Collections', 'Run Samples', 'Last'));
    } finally {
      explorer.askOptions = original;
    }
    assert.equal(target.requests.length, 3);
    assert.match(explorer.lastSummary ?? '', /^3 requests, 3 of 3 tests passed, 3 iterations/);
    const last = (await rowOf('My Workspace', 'Collections', 'Run Samples', 'Last')).ids?.id as string;
    const item = await explorer.itemFor(await api.runs.accountKey(), (await runSamples()).uid as string, last);
    assert.deepEqual([...(item?.children ?? [])].map(([, i]) => i.label), ['created status · iteration 1', 'created status · iteration 2', 'created status · iteration 3']);
  });

  it('a request without a response, or whose script throws, is an error of its own', async () => {
    const reset = await rowOf('My Workspace', 'Collections', 'Send Samples', 'Faults', 'Reset');
    const throws = await rowOf('My Workspace', 'Collections', 'Send Samples', 'Faults', 'Script throws');
    await api.runs.testExplorer.add({ uid: reset.collectionUid as string, name: 'Send Samples', workspaceId: reset.workspaceId as string });
    const account = await api.runs.accountKey();
    const items = await Promise.all([reset, throws].map((r) => api.runs.testExplorer.itemFor(account, r.collectionUid as string, r.ids?.id)));
    await api.runs.testExplorer.runItems(items.filter((i): i is vscode.TestItem => i !== undefined));
    const verdicts = results();
    assert.equal(verdicts[reset.ids?.id as string], 'errored');
    assert.equal(verdicts[throws.ids?.id as string], 'errored');
    assert.match(api.runs.testExplorer.lastOutput, /→ Reset: GET http:\/\/127\.0\.0\.1:\d+\/reset {2}.*(ECONNRESET|socket hang up)/);
    assert.match(api.runs.testExplorer.lastSummary ?? '', /^2 requests \(1 without a response\), 0 of 0 tests passed, 1 script error/);
  });

  it('Cancel stops a run at once', async () => {
    const row = await rowOf('My Workspace', 'Collections', 'Send Samples', 'Faults');
    await api.runs.testExplorer.add({ uid: row.collectionUid as string, name: 'Send Samples', workspaceId: row.workspaceId as string });
    const item = await api.runs.testExplorer.itemFor(await api.runs.accountKey(), row.collectionUid as string, row.ids?.id);
    assert.ok(item);
    const cancel = new vscode.CancellationTokenSource();
    setTimeout(() => cancel.cancel(), 1500);
    const started = Date.now();
    await api.runs.testExplorer.runItems([item], false, cancel.token);
    assert.ok(Date.now() - started < 8000, `took ${Date.now() - started} ms`);
    assert.match(api.runs.testExplorer.lastSummary ?? '', /cancelled$/);
  });

  it('lists only collections the user added, remembered across reloads, and removable', async () => {
    const explorer = api.runs.testExplorer;
    const before = [...explorer.controller.items].map(([, i]) => i.label).sort();
    assert.deepEqual(before, ['Run Samples', 'Send Samples']);
    await explorer.load(true);
    assert.deepEqual([...explorer.controller.items].map(([, i]) => i.label).sort(), before, 'reloaded from global state');
    const send = [...explorer.controller.items].find(([, i]) => i.label === 'Send Samples')?.[1];
    assert.ok(send);
    await vscode.commands.executeCommand('postman.removeFromTestExplorer', send);
    assert.deepEqual([...explorer.controller.items].map(([, i]) => i.label), ['Run Samples']);
    await explorer.load(true);
    assert.deepEqual([...explorer.controller.items].map(([, i]) => i.label), ['Run Samples']);
  });
});
