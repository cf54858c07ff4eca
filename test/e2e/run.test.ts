import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';
import { SECRET_TOKEN_VALUE, sendDataset } from '../fixtures/sendData';
import { TargetApi } from '../fixtures/targetApi';
import { Workbench } from './workbench';

/**
 * Issue 13 as a person uses it, in the packaged extension: right-click a collection → Run, then
 * read the outcome in VS Code's Testing view and Test Results panel. The run loads Postman's
 * runtime from dist/runtime.js inside the installed .vsix and reports through VS Code's real
 * test UI, which the host tests (reading the extension's own record of the run) cannot prove.
 */
describe('e2e: run a collection in the Test Explorer', function () {
  this.timeout(240_000);
  let target: TargetApi;
  let server: LocalPostmanServer;
  const wb = new Workbench();
  let page: Page;

  before(async () => {
    target = await TargetApi.start();
    server = new LocalPostmanServer({ rateLimits: false, dataset: () => sendDataset(target) });
    const apiUrl = await server.start();
    await wb.open({ settings: { 'postman.apiBaseUrl': apiUrl } });
    page = wb.page;
    wb.secrets.add(SAMPLE_API_KEY).add(SECRET_TOKEN_VALUE);
    await wb.openPostmanView();
    await wb.signInWithApiKey(SAMPLE_API_KEY);
  });

  after(async () => {
    try {
      await wb.close('run a collection');
    } finally {
      await server?.stop();
      await target?.close();
    }
  });

  /** The Testing view's result summary: its status icon, and the count ("passed/total"). */
  const summary = () => page.locator('.part.sidebar .result-summary');
  /** The state a test row's icon shows: passed, failed, skipped… */
  const stateOf = async (row: Locator) => (/codicon-testing-(\w+)-icon/.exec((await row.locator('.computed-state').getAttribute('class')) ?? '') ?? [])[1];

  it('uses the "Local" environment for requests, and the status bar says so', async () => {
    await wb.expand('My Workspace');
    await wb.expand('Environments');
    await wb.contextMenu(/^Local$/, 'Use for Requests');
    const item = page.locator('.statusbar-item', { has: page.locator('.codicon-symbol-variable') });
    await item.filter({ hasText: /^\s*Local\s*$/ }).waitFor({ timeout: 15_000 });
    await wb.row('Environments').locator('.monaco-tl-twistie').click(); // collapse: the list only renders what fits
  });

  it('runs "Run Samples" from its context menu: the Testing view opens and counts the results', async () => {
    await wb.expand('Collections');
    await wb.contextMenu('Run Samples', 'Run');
    // The Testing view opens; the first run loads Postman's runtime from the .vsix. While the run
    // lasts the summary's icon spins: the failed icon means it has ended, with a failure.
    await summary().locator('.codicon-testing-failed-icon').waitFor({ timeout: 90_000 });
    assert.deepEqual(target.requests.map((r) => r.path), ['/echo', '/echo?id=Ada', '/status/201'], 'Create, Read and Last reached the target; Skipped did not');
    // Only the collection the user ran is listed.
    const roots = await page.locator('.part.sidebar .monaco-list-row[role="treeitem"][aria-level="1"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
    assert.equal(roots.length, 1, roots.join(' | '));
    assert.match(roots[0] ?? '', /^Run Samples \(Failed\)/);
    // The pm.tests are the tests (requests that got a response have no result of their own):
    // VS Code's count is the run summary's, 3 of 4.
    const count = summary().locator('div[custom-hover]').first();
    assert.equal((await count.innerText()).trim(), '3/4');
    await count.hover();
    const hover = page.locator('.monaco-hover .hover-contents', { hasText: 'tests passed' });
    await hover.waitFor({ timeout: 15_000 });
    assert.match((await hover.innerText()).trim(), /^3\/4 tests passed \(75(\.0)?%\)$/);
    await page.mouse.move(800, 400);
    await page.keyboard.press('Escape');
  });

  it('shows "deliberately fails" failed and "reads what was created" passed under Run Samples → Reads → Read', async () => {
    for (const label of ['Run Samples', 'Reads', 'Read', 'Create', 'Last']) {
      await wb.expandTestItem(label);
    }
    // The whole tree as shown, by path of labels, with the state of each row's icon.
    const rows = await page.locator('.part.sidebar .monaco-list-row[role="treeitem"]').evaluateAll((els) =>
      els.map((el) => ({
        label: (el.querySelector('.label')?.firstChild?.textContent ?? '').trim(),
        level: Number(el.getAttribute('aria-level')),
        aria: el.getAttribute('aria-label') ?? '',
        state: /codicon-testing-(\w+)-icon/.exec(el.querySelector('.computed-state')?.className ?? '')?.[1] ?? '',
        index: Number(el.getAttribute('data-index')),
      })),
    );
    rows.sort((a, b) => a.index - b.index);
    const parents: string[] = [];
    const tree = rows.map((r) => {
      parents.length = r.level - 1;
      parents.push(r.label);
      return `${parents.join(' / ')}: ${r.state}`;
    });
    // In the collection's order (sortText), not by name.
    assert.deepEqual(rows.filter((r) => r.level === 2).map((r) => r.label), ['Create', 'Reads', 'Last']);
    // "Skipped" (skipped by setNextRequest) has no result.
    const skipped = tree.find((t) => t.startsWith('Run Samples / Reads / Skipped:'));
    assert.ok(skipped && !/: (passed|failed|errored)$/.test(skipped), skipped);
    // A request's row is announced by its name (not its method).
    assert.equal(await page.locator('.part.sidebar .monaco-list-row[aria-level="2"][aria-label^="Create (Passed)"]').count(), 1);
    assert.deepEqual(tree.filter((t) => t !== skipped).sort(), [
      'Run Samples / Create / created: passed',
      'Run Samples / Create: passed',
      'Run Samples / Last / created status: passed',
      'Run Samples / Last: passed',
      'Run Samples / Reads / Read / deliberately fails: failed',
      'Run Samples / Reads / Read / reads what was created: passed',
      'Run Samples / Reads / Read: failed',
      'Run Samples / Reads: failed',
      'Run Samples: failed',
    ]);
    // A pm.test's item is named by its test's name and its state, for screen readers too.
    const failed = page.locator('.part.sidebar .monaco-list-row[aria-level="4"][aria-label^="deliberately fails (Failed)"]');
    const passed = page.locator('.part.sidebar .monaco-list-row[aria-level="4"][aria-label^="reads what was created (Passed)"]');
    assert.equal(await failed.count(), 1);
    assert.equal(await passed.count(), 1);
    assert.equal(await stateOf(failed), 'failed');
    assert.equal(await stateOf(passed), 'passed');
  });

  it('the Test Results panel shows the run\'s summary, the failure\'s message and the console, the secret masked', async () => {
    await page.locator('.part.sidebar .action-label[aria-label^="Show Output"]').filter({ visible: true }).first().click();
    const output = page.locator('.part.panel .xterm-rows');
    await output.filter({ hasText: /Postman run: 3 requests, 3 of 4 tests passed, \d+\.\d s/ }).waitFor({ timeout: 15_000 });
    await output.filter({ hasText: 'created Ada with ••••••' }).waitFor({ timeout: 15_000 });
    const failure = wb.testItem('deliberately fails', '.part.panel');
    await failure.waitFor({ timeout: 15_000 });
    assert.equal(await stateOf(failure), 'failed');
    assert.match(await failure.locator('.test-label-description').innerText(), /^expected 1 to deeply equal 2 @ Read ‹ Reads ‹ Run Samples$/);
    assert.equal(await stateOf(wb.testItem('reads what was created', '.part.panel')), 'passed');
    const pageText = await page.locator('body').innerText();
    assert.ok(!pageText.includes(SECRET_TOKEN_VALUE), 'the page shows the secret');
  });
});
