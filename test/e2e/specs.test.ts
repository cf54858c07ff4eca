import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { LocalPostmanServer } from '../fixtures/postmanServer';
import { SAMPLE_API_KEY, SAMPLE_SPECS, specNamed } from '../fixtures/sampleData';
import { Workbench } from './workbench';

/**
 * Editing an OpenAPI spec from Postman's Spec Hub as an API designer does: open its file from
 * the tree, make a mistake and see it in the Problems panel at its line, fix it, save with
 * Ctrl+S through VS Code's real confirmation, and find the change in Postman.
 */
describe('e2e: edit a spec, see its problems, save it to Postman', function () {
  this.timeout(240_000);
  const server = new LocalPostmanServer({ rateLimits: true });
  const wb = new Workbench();
  let page: Page;

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
      await wb.close('specs');
    } finally {
      await server.stop();
    }
  });

  /** Find/Replace All in the active editor, as a person does. */
  async function replaceAll(from: string, to: string): Promise<void> {
    await wb.editorText().click();
    await page.keyboard.press('Control+H');
    const find = page.locator('.find-widget textarea[aria-label="Find"]');
    const replace = page.locator('.find-widget textarea[aria-label="Replace"]');
    await find.waitFor();
    await find.fill(from);
    await replace.fill(to);
    await replace.press('Control+Alt+Enter');
    await page.keyboard.press('Escape');
  }

  it('opens the spec\'s file from the tree as YAML', async () => {
    await wb.expand('Payments Platform');
    await wb.expand('Specs');
    await wb.expand(SAMPLE_SPECS.single);
    await wb.row('index.yaml').click();
    await page.locator('.tabs-container .tab', { hasText: 'index.yaml' }).waitFor({ timeout: 15_000 });
    await wb.editorText().filter({ hasText: 'title: Payments API' }).waitFor({ timeout: 15_000 });
  });

  it('shows a mistake in the Problems panel at its line, and clears it once fixed', async () => {
    await replaceAll('version: 2.0.0', 'versio: 2.0.0');
    await page.keyboard.press('Control+Shift+M');
    const markers = page.locator('.markers-panel .monaco-list-row');
    const problem = markers.filter({ hasText: /version/ });
    await problem.first().waitFor({ timeout: 30_000 });
    const text = await page.locator('.markers-panel').innerText();
    assert.match(text, /index\.yaml/, text);
    assert.match(text, /Ln \d+, Col \d+/, text);
    await replaceAll('versio: 2.0.0', 'version: 2.1.0');
    await replaceAll('title: Payments API', 'title: Payments API (designed in VS Code)');
    await problem.first().waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('saves with Ctrl+S after the confirmation, and Postman holds the change', async () => {
    await wb.editorText().click();
    await page.keyboard.press('Control+S');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), /Save your changes to the spec file "index\.yaml" in Postman\?/);
    await dialog.locator('.dialog-buttons a.monaco-button', { hasText: 'Save to Postman' }).click();
    await page.locator('.tabs-container .tab.dirty').waitFor({ state: 'detached', timeout: 30_000 });
    const spec = specNamed(server.dataset, SAMPLE_SPECS.single);
    const stored = server.specFile(spec.id, 'index.yaml')?.content ?? '';
    assert.match(stored, /title: Payments API \(designed in VS Code\)/);
    assert.match(stored, /version: 2\.1\.0/);
  });
});
