import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { serialize } from '../../src/documents/model/content';
import { toDocument } from '../../src/documents/model/items/convert';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';
import { Workbench } from './workbench';

type Obj = Record<string, unknown>;

/**
 * Reorganising a collection from the sidebar as a Postman user does: a new folder from the
 * context menu, a request dragged into it, the folder renamed, then one request opened on its
 * own, a header removed and saved with Ctrl+S; the tree and Postman show it all.
 */
describe('e2e: create a folder, drag a request into it, rename it, edit one request', function () {
  this.timeout(240_000);
  const server = new LocalPostmanServer({ rateLimits: true });
  const wb = new Workbench();
  let page: Page;
  let apiUrl: string;
  const API = 'Payments API v2';

  before(async () => {
    apiUrl = await server.start();
    await wb.open({ settings: { 'postman.apiBaseUrl': apiUrl } });
    page = wb.page;
    wb.secrets.add(SAMPLE_API_KEY);
    await wb.openPostmanView();
    await wb.signInWithApiKey(SAMPLE_API_KEY);
  });

  after(async () => {
    try {
      await wb.close('items');
    } finally {
      await server.stop();
    }
  });

  const collection = () => Object.entries(server.dataset.collections).find(([, c]) => c.info.name === API) as unknown as [string, { item: Obj[] }];
  const topNames = () => collection()[1].item.map((i) => i.name);
  const folderNamed = (name: string) => collection()[1].item.find((i) => i.name === name) as Obj | undefined;

  /** Types into VS Code's input box (the name asked for), replacing what it holds. */
  async function answerInputBox(text: string): Promise<void> {
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: 15_000 });
    await input.fill(text);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 15_000 });
  }

  it('creates a folder from the collection\'s context menu', async () => {
    await wb.expand('Payments Platform');
    await wb.expand('Collections');
    await wb.expand(API);
    await wb.contextMenu(API, 'New Folder…');
    await answerInputBox('Reports');
    await wb.row(/^Reports$/).waitFor({ timeout: 15_000 });
    assert.ok(folderNamed('Reports'), `folders: ${topNames().join(', ')}`);
  });

  it('drags a request into the folder', async () => {
    await wb.row(/^Ping$/).dragTo(wb.row(/^Reports$/));
    for (let i = 0; i < 100 && !(folderNamed('Reports')?.item as Obj[] | undefined)?.length; i++) {
      await page.waitForTimeout(100);
    }
    assert.deepEqual((folderNamed('Reports')?.item as Obj[]).map((i) => i.name), ['Ping']);
    assert.ok(!topNames().includes('Ping'));
    await wb.expand(/^Reports$/);
    await wb.row(/^Ping$/).waitFor({ timeout: 15_000 });
  });

  it('renames the folder with an input box pre-filled with its name', async () => {
    await wb.contextMenu(/^Reports$/, 'Rename…');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: 15_000 });
    assert.equal(await input.inputValue(), 'Reports');
    await answerInputBox('Monthly Reports');
    await wb.row(/^Monthly Reports$/).waitFor({ timeout: 15_000 });
    assert.ok(folderNamed('Monthly Reports'));
  });

  it('opens one request as its own document, removes a header, saves it, and Postman no longer has the header', async () => {
    await wb.expand('Diagnostics');
    await wb.row(/^CORS preflight$/).click();
    await page.locator('.tabs-container .tab', { hasText: 'CORS preflight.postman_request.json' }).waitFor({ timeout: 15_000 });
    await wb.editorText().filter({ hasText: 'Access-Control-Request-Method' }).waitFor({ timeout: 15_000 });
    // The text the editor shows, to find the header's lines as a person would see them.
    const [uid, stored] = collection();
    const diagnostics = stored.item.find((i) => i.name === 'Diagnostics') as { item: Obj[] };
    const cors = diagnostics.item.find((i) => i.name === 'CORS preflight') as Obj;
    const res = await fetch(`${apiUrl}/collections/${uid.replace(/^\d+-/, '')}/requests/${cors.id as string}`, { headers: { 'X-Api-Key': SAMPLE_API_KEY } });
    const lines = serialize(toDocument('request', ((await res.json()) as { data: Obj }).data)).split('\n');
    const keyLine = lines.findIndex((l) => l.includes('"key": "Origin"'));
    let start = keyLine;
    while (!lines[start].trim().startsWith('{')) {
      start--;
    }
    let end = keyLine;
    while (!lines[end].trim().startsWith('}')) {
      end++;
    }
    await wb.editorText().click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type(String(start + 1));
    await page.keyboard.press('Enter');
    for (let i = start; i <= end; i++) {
      await page.keyboard.press('Control+Shift+K');
    }
    await page.keyboard.press('Control+S');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), /Save your changes to the request "CORS preflight" in Postman\?/);
    await dialog.locator('.dialog-buttons a.monaco-button', { hasText: 'Save to Postman' }).click();
    await page.locator('.tabs-container .tab.dirty').waitFor({ state: 'detached', timeout: 30_000 });
    const savedNow = () => (collection()[1].item.find((i) => i.name === 'Diagnostics') as { item: Obj[] }).item.find((i) => i.name === 'CORS preflight') as { request: { header: Obj[] } };
    for (let i = 0; i < 150 && savedNow().request.header.length === 2; i++) {
      await page.waitForTimeout(100);
    }
    const saved = savedNow();
    assert.deepEqual(saved.request.header.map((h) => h.key), ['Access-Control-Request-Method'], `lines ${start + 1}–${end + 1} of:\n${lines.join('\n')}\nstored: ${JSON.stringify(saved)}`);
  });
});
