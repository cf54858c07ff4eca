import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';
import { repoRoot } from '../harness/codeServer';
import { Workbench } from './workbench';

/**
 * A person's first session, in a real VS Code (code-server) with the packaged .vsix
 * installed exactly as users install it, driven through Chromium.
 */
const WRONG_KEY = 'PMAK-0000000000000000deadbeef-00000000000000000000000000deadbeef00';
const SCREENSHOT = path.join(repoRoot(), 'media', 'screenshot.png');
const ACCOUNT = 'Taylor Lee (taylor-lee)';

/** Packages test/fixtures/consumer-extension, another extension that asks for the `postman` session. */
function packageConsumer(tmp: string): string {
  const dir = path.join(tmp, 'consumer');
  const vsix = path.join(tmp, 'consumer.vsix');
  fs.cpSync(path.join(repoRoot(), 'test', 'fixtures', 'consumer-extension'), dir, { recursive: true });
  const vsce = path.join(repoRoot(), 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], { cwd: dir, stdio: 'pipe' });
  return vsix;
}

describe('e2e: the packaged extension in code-server', function () {
  this.timeout(240_000);
  const server = new LocalPostmanServer({ rateLimits: true });
  const wb = new Workbench();
  let page: Page;

  before(async () => {
    const apiUrl = await server.start();
    await wb.open({ settings: { 'postman.apiBaseUrl': apiUrl }, extraVsix: [packageConsumer(wb.tmp)] });
    page = wb.page;
    wb.secrets.add(SAMPLE_API_KEY).add(WRONG_KEY);
  });

  after(async () => {
    try {
      await wb.close('first session');
    } finally {
      await server.stop();
    }
  });

  const runCommand = (title: string) => wb.runCommand(title);
  const toast = (text: string | RegExp) => wb.toast(text);
  const row = (name: string | RegExp) => wb.row(name);

  /** Answers "Postman: Sign In"'s quick pick with "API Key" (OAuth 2.0 is the other entry). */
  async function pickApiKey(): Promise<void> {
    const apiKey = wb.quickPickRow('Recommended');
    await apiKey.waitFor();
    assert.match(await page.locator('.quick-input-list').innerText(), /OAuth 2\.0/);
    assert.match(await apiKey.innerText(), /API Key/);
    await apiKey.click();
  }

  it('shows the Postman view with a Sign In welcome when signed out', async () => {
    await page.locator('.activitybar .action-item a.action-label[aria-label^="Postman"]').click();
    const welcome = page.locator('.welcome-view-content');
    await welcome.waitFor({ timeout: 30_000 });
    assert.match(await welcome.innerText(), /Sign in with a Postman API key/);
    await welcome.locator('a.monaco-button', { hasText: 'Sign In' }).waitFor();
  });

  it('refuses a wrong key in the input box and keeps it open', async () => {
    await runCommand('Postman: Sign In');
    await pickApiKey();
    const password = page.locator('.quick-input-widget .quick-input-box input[type="password"]');
    await password.waitFor();
    assert.match(await page.locator('.quick-input-widget').innerText(), /api-keys/);
    await password.fill(WRONG_KEY);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-message', { hasText: 'rejected this API key' }).waitFor({ timeout: 15_000 });
    assert.ok(await password.isVisible(), 'the box stays open for another try');
  });

  it('accepts the right key and lists the workspaces', async () => {
    const password = page.locator('.quick-input-widget .quick-input-box input[type="password"]');
    await password.fill(SAMPLE_API_KEY);
    await page.keyboard.press('Enter');
    await password.waitFor({ state: 'hidden', timeout: 15_000 });
    await toast(`Signed in as ${ACCOUNT}.`).waitFor({ timeout: 15_000 });
    for (const ws of server.dataset.workspaces) {
      await row(ws.name).waitFor({ timeout: 15_000 });
    }
    // The status bar shows the month's usage from the responses' headers.
    await page.locator('.statusbar-item', { hasText: /Postman \d+(\.\d)? %/ }).waitFor({ timeout: 15_000 });
  });

  it('expands a workspace and opens a collection as JSON', async () => {
    const ws = server.dataset.workspaces.find((w) => w.collections.length > 0 && w.type === 'team');
    assert.ok(ws);
    const collection = ws.collections[0];
    await row(ws.name).click();
    for (const group of ['Collections', 'Environments', 'Mocks', 'Monitors']) {
      await row(group).waitFor({ timeout: 15_000 });
    }
    await row('Collections').click();
    await row(collection.name).click();
    const tab = page.locator('.tabs-container .tab', { hasText: '.postman_collection.json' });
    await tab.waitFor({ timeout: 15_000 });
    const editorText = page.locator('.editor-instance .monaco-editor .view-lines');
    await editorText.filter({ hasText: collection.name }).waitFor({ timeout: 15_000 });
    const text = (await editorText.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /"info": \{/);
    assert.ok(text.includes(`"name": "${collection.name}"`), text.slice(0, 400));
  });

  it('walks into a folder and a request, a masked variable, a mock and a monitor', async () => {
    const description = async (name: string) => (await row(name).locator('.label-description').innerText().catch(() => '')).trim();
    await wb.expand('Payments API v2');
    await wb.expand(/^Payments$/);
    await row('List payments').waitFor({ timeout: 15_000 });
    assert.equal(await description('List payments'), 'GET');
    await row('List payments').hover();
    await page.locator('.monaco-hover', { hasText: 'payments?limit=20' }).waitFor({ timeout: 15_000 });
    await wb.screenshot(SCREENSHOT);
    await row('Collections').locator('.monaco-tl-twistie').click(); // collapse: the list only renders what fits

    await wb.expand('Environments');
    await wb.expand('Payments – Staging');
    await row('clientSecret').waitFor({ timeout: 15_000 });
    assert.equal(await description('clientSecret'), '••••••••');
    assert.ok(!(await row('clientSecret').innerText()).includes('stg_secret'));
    await row('Environments').locator('.monaco-tl-twistie').click();

    await wb.expand('Mocks');
    await row('Payments API mock').waitFor({ timeout: 15_000 });
    assert.match(await description('Payments API mock'), /^https:\/\/.+/);
    assert.equal(await description('Legacy payments mock (v1)'), 'deactivated');
    await row('Mocks').locator('.monaco-tl-twistie').click();

    await wb.expand('Monitors');
    await wb.expand('Refund flow nightly');
    await row(/^Last run: failed/).waitFor({ timeout: 15_000 });
    await row(/^Schedule: 0 2 \* \* \*/).waitFor();
    assert.equal(await description('Refund flow nightly'), 'active');
  });

  it('finds a collection in any workspace with "Postman: Open Collection…"', async () => {
    await runCommand('Postman: Open Collection…');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('Café');
    const hit = wb.quickPickRow('Café ☕ & Crème');
    await hit.waitFor({ timeout: 15_000 });
    assert.match(await hit.innerText(), /Ünïcødé Läb/, 'the workspace is shown beside the name');
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'Café ☕ & Crème' }).waitFor({ timeout: 15_000 });
  });

  it('keeps expansion and the selected workspace across a window reload', async () => {
    await row('Payments Platform').click();
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await wb.openPostmanView();
    await wb.waitForPostmanView();
    // Monitors and "Refund flow nightly" were expanded before the reload.
    await row(/^Last run: failed/).waitFor({ timeout: 30_000 });
    await page.locator('.monaco-list-row.selected[role="treeitem"]', { hasText: 'Payments Platform' }).waitFor({ timeout: 15_000 });
  });

  it('after a reload, shows the tree it kept at once, then what Postman holds now, without collapsing it', async () => {
    // The tree is kept 1.5 s after its last load.
    await page.waitForTimeout(2500);
    const pay = server.dataset.workspaces.find((w) => w.name === 'Payments Platform');
    assert.ok(pay);
    pay.name = 'Payments Platform (renamed)';
    // Postman holds the new name already, and answers only after 10 s: the old name can only
    // come from what the window kept.
    server.latencyMs = 10_000;
    try {
      await page.reload();
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await wb.openPostmanView();
      // Everything shown comes from what was kept: the expanded monitor's last run too.
      await row(/^Payments Platform$/).waitFor({ timeout: 15_000 });
      await row(/^Last run: failed/).waitFor({ timeout: 2_000 });
      await row(/^Monitors$/).waitFor({ timeout: 2_000 });
      // Checked in the background: renamed in place, still expanded.
      await row(/^Payments Platform \(renamed\)$/).waitFor({ timeout: 30_000 });
      await row(/^Monitors$/).waitFor({ timeout: 5_000 });
      assert.equal(await row(/^Payments Platform$/).count(), 0);
    } finally {
      server.latencyMs = 0;
      pay.name = 'Payments Platform';
    }
  });

  it("hands the session to another extension after VS Code's consent prompt", async () => {
    await runCommand('Consumer: Get Postman Session');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), /wants to sign in using Postman/);
    await dialog.locator('.dialog-buttons a.monaco-button', { hasText: 'Allow' }).click();
    await toast(`Consumer got the Postman session of ${ACCOUNT} with an API key.`).waitFor({ timeout: 15_000 });
  });

  it('shows the account in the Accounts menu, and signing out there signs out', async () => {
    // VS Code lists the extensions that used the account and asks to confirm.
    const dialog = await wb.signOutFromAccountsMenu(ACCOUNT);
    assert.ok(dialog, 'VS Code asks to confirm');
    assert.match(await dialog.innerText(), /Postman session consumer/);
    await dialog.locator('.dialog-buttons a.monaco-button', { hasText: 'Sign Out' }).click();
    const welcome = page.locator('.welcome-view-content');
    await welcome.waitFor({ timeout: 15_000 });
    assert.match(await welcome.innerText(), /Sign in with a Postman API key/);
    await page.locator('.statusbar-item', { hasText: /Postman \d/ }).waitFor({ state: 'detached', timeout: 15_000 });
    await page.locator('.activitybar .action-item a.action-label[aria-label^="Accounts"]').click();
    await page.locator('.monaco-menu').waitFor();
    assert.ok(!(await page.locator('.monaco-menu').innerText()).includes('(Postman)'), 'the account is gone from the menu');
    await page.keyboard.press('Escape');
  });

  it('never shows or logs the key', async () => {
    const pageText = await page.locator('body').innerText();
    assert.ok(!pageText.includes(SAMPLE_API_KEY), 'page text');
    assert.ok(!wb.hostLog.join('\n').includes(SAMPLE_API_KEY), "code-server's output");
    const files = [path.join(wb.userDataDir, 'User', 'settings.json'), ...Workbench.walk(path.join(wb.userDataDir, 'logs'))];
    assert.ok(files.some((f) => f.endsWith('Postman.log')), 'the extension wrote its log');
    assert.deepEqual(files.filter((f) => fs.readFileSync(f).includes(SAMPLE_API_KEY)), []);
  });
});
