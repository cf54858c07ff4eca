import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';
import { SECRET_TOKEN_VALUE, sendDataset } from '../fixtures/sendData';
import { TargetApi } from '../fixtures/targetApi';
import { Workbench } from './workbench';

/**
 * Issue 12 as a person uses it, in the packaged extension: choose the environment, right-click
 * a request → Send Request, read the response editor. The send runs Postman's runtime from
 * dist/runtime.js inside the installed .vsix (loaded on the first send, its sandbox booting
 * from the prebuilt code), which the host tests, run from the repository, cannot prove.
 */
describe('e2e: send a request from the tree', function () {
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
      await wb.close('send a request');
    } finally {
      await server?.stop();
      await target?.close();
    }
  });

  /** The rendered lines of the only visible editor, as plain text. */
  const editorText = async () => (await wb.editorText().innerText()).replace(/\u00a0/g, ' ');
  const responseTab = (name: string) => page.locator('.tabs-container .tab', { hasText: `${name} · Response` });

  it('uses the "Local" environment for requests, and the status bar says so', async () => {
    await wb.expand('My Workspace');
    await wb.expand('Environments');
    await wb.contextMenu(/^Local$/, 'Use for Requests');
    const item = page.locator('.statusbar-item', { has: page.locator('.codicon-symbol-variable') });
    await item.filter({ hasText: /^\s*Local\s*$/ }).waitFor({ timeout: 15_000 });
    await wb.row('Environments').locator('.monaco-tl-twistie').click(); // collapse: the list only renders what fits
  });

  it('sends "Echo with scripts" from its context menu and shows the response, tests and console', async () => {
    await wb.expand('Collections');
    await wb.expand('Send Samples');
    await wb.contextMenu('Echo with scripts', 'Send Request');
    // The first send loads Postman's runtime from the .vsix.
    await responseTab('Echo with scripts').waitFor({ timeout: 60_000 });
    await wb.editorText().filter({ hasText: 'Tests:' }).waitFor({ timeout: 30_000 });
    const top = await editorText();
    assert.match(top, /\/\/ POST http:\/\/127\.0\.0\.1:\d+\/echo\?user=42/, top);
    assert.match(top, /\/\/ 200 OK · \d+ ms · /, top);
    assert.match(top, /\/\/ Tests: 2 of 3 passed/, top);
    assert.match(top, /\/\/ +✓ status is 200/, top);
    assert.match(top, /\/\/ +✗ deliberately fails: expected 'POST' to deeply equal 'PUT'/, top);
    assert.match(top, /\/\/ +log: sending as 42/, top);
    assert.equal(target.requests.filter((r) => r.path.startsWith('/echo')).length, 1, 'one request reached the target');

    // The body is pretty-printed JSON after the comments; the echo's last member is the JSON sent.
    await wb.editorText().click();
    await page.locator('.statusbar-item', { hasText: 'JSON with Comments' }).waitFor({ timeout: 15_000 });
    await page.keyboard.press('Control+End');
    await wb.editorText().filter({ hasText: '"note": "from the environment"' }).waitFor({ timeout: 15_000 });
  });

  it('sends "Bearer with secret" with its inline button and never shows the secret', async () => {
    await wb.runCommand('View: Close All Editors');
    await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: 15_000 });
    const row = wb.row('Bearer with secret');
    await row.hover();
    await row.locator('.actions .action-label[aria-label="Send Request"]').click();
    await responseTab('Bearer with secret').waitFor({ timeout: 30_000 });
    await wb.editorText().filter({ hasText: 'Tests:' }).waitFor({ timeout: 30_000 });
    const text = await editorText();
    assert.match(text, /\/\/ 200 OK · /, text);
    assert.match(text, /✓ authorized/, text);
    assert.match(text, /log: token was ••••••/, text);
    assert.equal(target.requests.find((r) => r.path === '/bearer')?.headers.authorization, `Bearer ${SECRET_TOKEN_VALUE}`, 'the secret was sent');
    const pageText = await page.locator('body').innerText();
    assert.ok(!pageText.includes(SECRET_TOKEN_VALUE), 'the page shows the secret');
  });
});
