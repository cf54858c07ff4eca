import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';
import { Workbench } from './workbench';

/**
 * Collections as code, as a user does it: link a collection from the tree into the folder (a
 * git repository), edit the file in the editor, see "changed here", push with the real modal,
 * see the new name in the tree and on the server; a teammate changes it in Postman, Refresh
 * says "changed in Postman", Pull writes it into the editor.
 */
describe('e2e: link a collection to a file, push and pull', function () {
  this.timeout(240_000);
  const server = new LocalPostmanServer({ rateLimits: true });
  const wb = new Workbench();
  let page: Page;
  const NAME = 'Webhooks';
  const FILE = `${NAME}.postman_collection.json`;
  const REL = `postman/collections/${FILE}`;
  const folder = () => path.join(wb.tmp, 'project');

  before(async () => {
    const apiUrl = await server.start();
    await wb.open({ settings: { 'postman.apiBaseUrl': apiUrl } });
    page = wb.page;
    execFileSync('git', ['init', '-q'], { cwd: folder() });
    wb.secrets.add(SAMPLE_API_KEY);
    await wb.openPostmanView();
    await wb.signInWithApiKey(SAMPLE_API_KEY);
  });

  after(async () => {
    try {
      await wb.close('links');
    } finally {
      await server.stop();
    }
  });

  const stored = () => Object.values(server.dataset.collections).find((c) => c.info._postman_id && JSON.stringify(c).includes('Register endpoint'));

  /** The Links view's pane, expanded. */
  async function linksView(): Promise<Locator> {
    const title = page.locator('.pane-header', { hasText: /^Links/ });
    const header = page.locator('.part.sidebar').locator(title);
    await header.waitFor({ timeout: 15_000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') {
      await header.click();
    }
    return page.locator('.part.sidebar .pane', { has: title });
  }

  function linkRow(view: Locator, state: string): Locator {
    return view.locator('.monaco-list-row[role="treeitem"]', { hasText: FILE }).filter({ has: page.locator('.label-description', { hasText: state }) });
  }

  async function linkMenu(view: Locator, entry: string): Promise<void> {
    const row = view.locator('.monaco-list-row[role="treeitem"]', { hasText: FILE }).first();
    await row.click({ button: 'right' });
    const item = page.locator(`.monaco-menu .action-label[aria-label="${entry}"]`);
    await item.waitFor({ timeout: 15_000 });
    await item.hover();
    await item.click();
  }

  it('links the collection from its tree row: the file and postman/links.json are written, the link is in sync', async () => {
    await wb.expand('Payments Platform');
    await wb.expand('Collections');
    await wb.contextMenu(NAME, 'Link to File…');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: 15_000 });
    assert.equal(await input.inputValue(), REL);
    await page.keyboard.press('Enter');
    await wb.toast(/Linked the collection "Webhooks"/).waitFor({ timeout: 30_000 });
    assert.ok(fs.existsSync(path.join(folder(), REL)));
    const links = JSON.parse(fs.readFileSync(path.join(folder(), 'postman/links.json'), 'utf8')) as { links: Array<{ path: string }> };
    assert.equal(links.links[0].path, REL);
    const view = await linksView();
    await linkRow(view, 'in sync').waitFor({ timeout: 30_000 });
    execFileSync('git', ['add', '-A'], { cwd: folder() });
  });

  it('edits the file in the editor: "changed here"; Push sends it, the tree and Postman show it', async () => {
    const view = await linksView();
    await view.locator('.monaco-list-row[role="treeitem"]', { hasText: FILE }).first().click();
    await page.locator('.tabs-container .tab', { hasText: FILE }).waitFor({ timeout: 15_000 });
    await wb.editorText().filter({ hasText: `"name": "${NAME}"` }).waitFor({ timeout: 15_000 });
    await wb.editorText().click();
    await page.keyboard.press('Control+H');
    await page.locator('.find-widget textarea[aria-label="Find"]').fill(`"name": "${NAME}"`);
    const replace = page.locator('.find-widget textarea[aria-label="Replace"]');
    await replace.fill(`"name": "${NAME} (from git)"`);
    await replace.press('Control+Alt+Enter');
    await page.keyboard.press('Escape');
    await wb.editorText().click();
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab.dirty').waitFor({ state: 'detached', timeout: 15_000 });
    await linkRow(view, 'changed here').waitFor({ timeout: 30_000 });

    await linkMenu(view, 'Push to Postman');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), /Push postman\/collections\/Webhooks\.postman_collection\.json to the collection "Webhooks" in Postman\?/);
    await dialog.locator('.dialog-buttons a.monaco-button', { hasText: 'Push' }).click();
    await linkRow(view, 'in sync').waitFor({ timeout: 30_000 });
    await wb.row(`${NAME} (from git)`).waitFor({ timeout: 30_000 });
    assert.equal(stored()?.info.name, `${NAME} (from git)`);
  });

  it('a teammate changes it in Postman: Refresh says "changed in Postman", and Pull writes it into the open editor', async () => {
    const current = stored();
    assert.ok(current);
    const uid = Object.entries(server.dataset.collections).find(([, c]) => c === current)?.[0] as string;
    const renamed = { ...current, info: { ...current.info, name: `${NAME} (renamed by a teammate)` } };
    const res = await fetch(`${server.url}/collections/${uid}`, { method: 'PUT', headers: { 'x-api-key': SAMPLE_API_KEY, 'content-type': 'application/json' }, body: JSON.stringify({ collection: renamed }) });
    assert.equal(res.status, 200);
    const view = await linksView();
    await view.hover();
    await view.locator('.actions .action-label[aria-label="Refresh Link Status"]').click();
    await linkRow(view, 'changed in Postman').waitFor({ timeout: 30_000 });
    await linkMenu(view, 'Pull from Postman');
    await linkRow(view, 'in sync').waitFor({ timeout: 30_000 });
    await wb.editorText().filter({ hasText: `"name": "${NAME} (renamed by a teammate)"` }).waitFor({ timeout: 15_000 });
    const diff = execFileSync('git', ['diff', '--stat'], { cwd: folder(), encoding: 'utf8' });
    assert.match(diff, /Webhooks\.postman_collection\.json/, 'the pull is a diff to review and commit');
  });
});
