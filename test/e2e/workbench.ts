import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { type CodeServer, installExtension, repoRoot, startCodeServer } from '../harness/codeServer';

export const VSIX = path.join(repoRoot(), 'dist', 'postman-workspaces.vsix');

/**
 * A real VS Code (code-server) with the packaged .vsix installed as users install it,
 * in Chromium, plus the small vocabulary every UI test needs. One per e2e file.
 */
export class Workbench {
  page!: Page;
  readonly hostLog: string[] = [];
  readonly tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'postman-e2e-'));
  readonly userDataDir = path.join(this.tmp, 'user-data');
  private codeServer: CodeServer | undefined;
  private browser: Browser | undefined;

  async open(opts: { settings: Record<string, unknown>; extraVsix?: string[]; env?: NodeJS.ProcessEnv }): Promise<void> {
    assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run \`npm run package\` first`);
    const extensionsDir = path.join(this.tmp, 'extensions');
    const folder = path.join(this.tmp, 'project');
    fs.mkdirSync(folder, { recursive: true });
    for (const vsix of [VSIX, ...(opts.extraVsix ?? [])]) {
      await installExtension(vsix, extensionsDir, this.userDataDir);
    }
    this.codeServer = await startCodeServer({
      userDataDir: this.userDataDir,
      extensionsDir,
      settings: { 'workbench.colorTheme': 'Default Dark Modern', ...opts.settings },
      // An inherited POSTMAN_API_KEY would sign in without the steps under test.
      env: { POSTMAN_API_KEY: '', ...opts.env },
      log: (line) => void this.hostLog.push(line),
    });
    this.browser = await launchBrowser();
    this.page = await this.browser.newPage({ viewport: { width: 1400, height: 860 } });
    await this.page.goto(`${this.codeServer.url}/?folder=${encodeURIComponent(folder)}`);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await this.codeServer?.stop();
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }

  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  async openPostmanView(): Promise<void> {
    await this.page.locator('.activitybar .action-item a.action-label[aria-label^="Postman"]').click();
  }

  /** "Postman: Sign In" → API Key → the password box → the tree. */
  async signInWithApiKey(key: string): Promise<void> {
    await this.runCommand('Postman: Sign In');
    await this.quickPickRow('Recommended').click();
    const password = this.passwordBox();
    await password.waitFor();
    await password.fill(key);
    await this.page.keyboard.press('Enter');
    await password.waitFor({ state: 'hidden', timeout: 15_000 });
  }

  passwordBox(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input[type="password"]');
  }

  quickPickRow(text: string | RegExp): Locator {
    return this.page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  }

  toast(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-list-item-message', { hasText: text });
  }

  /** A tree row by its label (the first match, top to bottom). */
  row(name: string | RegExp): Locator {
    return this.page.locator('.monaco-list-row[role="treeitem"]', { has: this.page.locator('.label-name', { hasText: name }) }).first();
  }

  /** Expands a row with its twistie (clicking the label of a collection opens it instead). */
  async expand(name: string | RegExp): Promise<void> {
    const row = this.row(name);
    await row.waitFor({ timeout: 15_000 });
    if ((await row.getAttribute('aria-expanded')) !== 'true') {
      await row.locator('.monaco-tl-twistie').click();
    }
  }

  editorText(): Locator {
    return this.page.locator('.editor-instance .monaco-editor .view-lines');
  }

  /** Every file under a folder, for searching what the extension wrote. */
  static walk(dir: string): string[] {
    if (!fs.existsSync(dir)) {
      return [];
    }
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? Workbench.walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  }
}
