import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';
import { Workbench } from './workbench';

/**
 * Editing a collection in the real editor and saving it back, as a user does it: open it
 * from the tree, change its name with Find/Replace, Ctrl+S, answer VS Code's real modal
 * confirmation, and see the new name in the tree and in Postman (the local server's copy).
 */
describe('e2e: edit a collection as JSON and save it to Postman', function () {
  this.timeout(240_000);
  const server = new LocalPostmanServer({ rateLimits: true });
  const wb = new Workbench();
  let page: Page;
  const OLD = 'Webhooks';
  const NEW = 'Webhooks (edited in VS Code)';

  before(async () => {
    const apiUrl = await server.start();
    await wb.open({ settings: { 'postman.apiBaseUrl': apiUrl } });
    page = wb.page;
    wb.secrets.add(SAMPLE_API_KEY);
    await wb.openPostmanView();
    await wb.signInWithApiKey(SAMPLE_API_KEY);
  });

  after(async () => {
    try {
      await wb.close('edit and save');
    } finally {
      await server.stop();
    }
  });

  function storedCollection(name: string) {
    return Object.values(server.dataset.collections).find((c) => c.info.name === name);
  }

  it('opens the collection from the tree', async () => {
    await wb.expand('Payments Platform');
    await wb.expand('Collections');
    await wb.row(OLD).click();
    await page.locator('.tabs-container .tab', { hasText: `${OLD}.postman_collection.json` }).waitFor({ timeout: 15_000 });
    await wb.editorText().filter({ hasText: `"name": "${OLD}"` }).waitFor({ timeout: 15_000 });
  });

  it('renames it in the editor, saves with Ctrl+S after the confirmation, and the tree shows the new name', async () => {
    const before = storedCollection(OLD);
    assert.ok(before, 'the server holds the collection');
    const ids = JSON.stringify(before.item).match(/"id":"[^"]+"/g);
    await wb.editorText().click();
    // Find/Replace: the first "name" line is the collection's own (info comes first).
    await page.keyboard.press('Control+H');
    const find = page.locator('.find-widget textarea[aria-label="Find"]');
    const replace = page.locator('.find-widget textarea[aria-label="Replace"]');
    await find.waitFor();
    await find.fill(`"name": "${OLD}"`);
    await replace.fill(`"name": "${NEW}"`);
    await replace.press('Control+Alt+Enter'); // Replace All
    await page.keyboard.press('Escape');
    await page.locator('.tabs-container .tab.dirty', { hasText: OLD }).waitFor({ timeout: 15_000 });

    await wb.editorText().click();
    await page.keyboard.press('Control+S');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), /Save your changes to the collection "Webhooks" in Postman\?/);
    await dialog.locator('.dialog-buttons a.monaco-button', { hasText: 'Save to Postman' }).click();

    await page.locator('.tabs-container .tab.dirty').waitFor({ state: 'detached', timeout: 30_000 });
    await wb.row(NEW).waitFor({ timeout: 15_000 });
    const after = storedCollection(NEW);
    assert.ok(after, 'Postman now holds the new name');
    assert.equal(after.info._postman_id, before.info._postman_id);
    assert.deepEqual(JSON.stringify(after.item).match(/"id":"[^"]+"/g), ids, 'every item kept its id');
    assert.equal(storedCollection(OLD), undefined);
  });

  it('asks only once per window: the next save goes straight to Postman', async () => {
    const NEWER = `${NEW} twice`;
    await wb.editorText().click();
    await page.keyboard.press('Control+H');
    await page.locator('.find-widget textarea[aria-label="Find"]').fill(`"name": "${NEW}"`);
    const replace = page.locator('.find-widget textarea[aria-label="Replace"]');
    await replace.fill(`"name": "${NEWER}"`);
    await replace.press('Control+Alt+Enter');
    await page.keyboard.press('Escape');
    await wb.editorText().click();
    await page.keyboard.press('Control+S');
    await wb.row(NEWER).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no second confirmation');
    assert.ok(storedCollection(NEWER));
  });

  it('loads the editor again after a window reload, and after signing in when it was restored signed out', async () => {
    const NEWER = `${NEW} twice`;
    // As a user reloads: VS Code saves its editors' layout on the way out (a bare page reload
    // can beat that write, and then there is no editor to restore).
    const reload = async () => {
      const loaded = page.waitForEvent('load', { timeout: 60_000 });
      await wb.runCommand('Developer: Reload Window');
      await loaded;
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await wb.waitForPostmanView();
    };
    await reload();
    await wb.editorText().filter({ hasText: `"name": "${NEWER}"` }).waitFor({ timeout: 30_000 });

    await wb.runCommand('Postman: Sign Out');
    // The palette returns as the command starts: reloading before it finished could keep the
    // sign-in. Its message says it is done.
    await wb.toast(/Signed out of Postman/).waitFor({ timeout: 15_000 });
    await reload();
    await page.locator('.part.sidebar .welcome-view-content .monaco-button', { hasText: 'Sign In' }).waitFor({ timeout: 30_000 });
    // The tab keeps the name it was opened under (it is the document's URI).
    await page.locator('.tabs-container .tab', { hasText: `${OLD}.postman_collection.json` }).waitFor({ timeout: 30_000 });
    assert.equal(await wb.editorText().filter({ hasText: `"name": "${NEWER}"` }).count(), 0, 'signed out, the text cannot load');
    await wb.signInWithApiKey(SAMPLE_API_KEY);
    await wb.editorText().filter({ hasText: `"name": "${NEWER}"` }).waitFor({ timeout: 30_000 });
  });

  it('shows names and error text from Postman as plain text: the toast holds no live link', async () => {
    const planted = '[Open Keyboard Shortcuts](command:workbench.action.openGlobalKeybindings)';
    const ws = server.dataset.workspaces.find((w) => w.name === 'Payments Platform');
    const ref = ws?.collections.find((c) => c.name === 'Payments API v2');
    assert.ok(ws && ref);
    const name = `Payments ${planted}`;
    ref.name = name;
    server.dataset.collections[ref.uid].info.name = name;
    server.injectFault({ match: { method: 'GET', path: `/collections/${ref.uid}` }, kind: 'status', status: 403, body: { error: { name: 'forbiddenError', message: `Try ${planted} instead.` } } });
    try {
      await wb.runCommand('Postman: Refresh');
      await wb.expand('Payments Platform');
      await wb.expand('Collections');
      await wb.row(/^Payments \[Open Keyboard Shortcuts\]/).click();
      const toast = wb.toast(/Could not open the collection/);
      await toast.waitFor({ timeout: 30_000 });
      const text = await toast.innerText();
      assert.match(text, /Payments \[Open Keyboard Shortcuts\]/);
      assert.match(text, /Try \[Open Keyboard Shortcuts\]/);
      // A live link is an <a> in the rendered message; the planted ones must be plain text.
      assert.equal(await toast.locator('a').count(), 0, `no link in: ${text}`);
    } finally {
      server.clearFaults();
    }
  });
});
