import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { type CodeServer, installExtension, repoRoot, startCodeServer } from '../harness/codeServer';
import { recordScenario, recordTotals, searchFiles, searchText } from '../reliability/report';

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
  /** The credentials this file used; the sweep at close() finds none of them anywhere. */
  readonly secrets = new Set<string>();
  /** More secrets known only at the end (the tokens an OAuth server issued). */
  moreSecrets: () => Iterable<string> = () => [];
  /** The page's text at each screenshot and at close: what a screenshot could show. */
  private readonly pageTexts: string[] = [];
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

  /** A screenshot, with the page's text kept for the secret sweep. */
  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file });
    this.pageTexts.push(await this.page.locator('body').innerText());
  }

  /**
   * Stops everything, after searching all this VS Code wrote — every file of its user-data
   * folder (logs, the extension's output, settings, global and workspace state), code-server's
   * output, and the page text of every screenshot and of the last screen — for the secrets.
   * The hits go into the reliability report (journey "secrets") and fail the file.
   */
  async close(suite: string): Promise<void> {
    let hits: string[] = [];
    let searched = 0;
    const secrets = [...this.secrets, ...this.moreSecrets()];
    if (this.page && !this.page.isClosed()) {
      this.pageTexts.push(await this.page.locator('body').innerText().catch(() => ''));
    }
    await this.browser?.close();
    await this.codeServer?.stop();
    const unhandled = this.unhandledErrors();
    Workbench.totals.unhandled.push(...unhandled);
    if (secrets.length > 0) {
      const files = searchFiles([this.userDataDir], secrets);
      searched = files.files;
      hits = [
        ...files.hits.map((h) => h.slice(this.tmp.length + 1)),
        ...searchText(this.hostLog.join('\n'), secrets).map((s) => `code-server's output: ${s}`),
        ...this.pageTexts.flatMap((text, i) => searchText(text, secrets).map((s) => `page text ${i + 1}: ${s}`)),
      ];
      recordScenario({
        where: 'e2e',
        journey: 'secrets',
        scenario: `${suite}: ${searched} files, code-server's output and ${this.pageTexts.length} page texts searched for ${secrets.length} secrets`,
        outcome: hits.length === 0 ? 'passed' : 'failed',
        detail: hits.length === 0 ? 'no hits' : hits.slice(0, 3).join('; '),
        ms: 0,
      });
      Workbench.totals.secretsFound += hits.length;
      Workbench.totals.files += searched;
      Workbench.totals.secrets += secrets.length;
      recordTotals({ where: 'e2e', unhandled: Workbench.totals.unhandled.length, unhandledDetails: Workbench.totals.unhandled, secretsFound: Workbench.totals.secretsFound, secretsSearched: { files: Workbench.totals.files, secrets: Workbench.totals.secrets } });
    }
    fs.rmSync(this.tmp, { recursive: true, force: true });
    assert.deepEqual(hits, [], 'secrets found in what VS Code wrote or showed');
    assert.deepEqual(unhandled, [], 'unhandled errors of this extension in the extension host');
  }

  /** What the extension host logged as unhandled (a rejected promise, an uncaught error) with this extension in its stack. */
  private unhandledErrors(): string[] {
    const logs = Workbench.walk(path.join(this.userDataDir, 'logs')).filter((f) => /exthost\d*\.log$/i.test(path.basename(f)));
    return logs.flatMap((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return [...text.matchAll(/rejected promise not handled|uncaught (exception|error)|unhandled (rejection|error)/gi)]
        .map((m) => text.slice(m.index, m.index + 1500))
        .filter((context) => context.includes('postman-workspaces'))
        .map((context) => context.split('\n').slice(0, 3).join(' ').slice(0, 300));
    });
  }

  /** Summed over the e2e files of one run. */
  private static readonly totals = { secretsFound: 0, files: 0, secrets: 0, unhandled: [] as string[] };

  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    // Right after a (re)load the workbench can still move focus (restoring editors, views),
    // closing the palette it just opened: try again, as a person would.
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      await input.waitFor();
      await input.fill(`>${title}`);
      if (attempt === 3) {
        await row.waitFor({ timeout: 10_000 });
        break;
      }
      if (await row.waitFor({ timeout: 10_000 }).then(() => true, () => false)) {
        break;
      }
      await this.page.keyboard.press('Escape');
    }
    await this.page.keyboard.press('Enter');
  }

  /**
   * After a (re)load, waits until the extension has drawn the Postman view: the sign-in
   * welcome or the tree. Until its extension host has started, VS Code lists none of the
   * extension's commands (the palette says "No matching commands"), and on a busy machine
   * that start can take tens of seconds.
   */
  async waitForPostmanView(timeoutMs = 90_000): Promise<void> {
    await this.page
      .locator('.part.sidebar .pane-body .welcome-view-content .monaco-button, .part.sidebar .pane-body .monaco-list-row[role="treeitem"]')
      .first()
      .waitFor({ timeout: timeoutMs });
  }

  /**
   * Shows the Postman view with a click on its activity-bar item, unless it shows already: a
   * click on the active item hides the side bar, and after a reload the workbench restores the
   * view on its own, maybe just after a click (then the next attempt shows it again).
   */
  async openPostmanView(): Promise<void> {
    const shown = this.page.locator('.part.sidebar .composite.title .title-label', { hasText: 'Postman' });
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await shown.isVisible()) {
        return;
      }
      await this.page.locator('.activitybar .action-item a.action-label[aria-label^="Postman"]').click();
      if (await shown.waitFor({ timeout: 3_000 }).then(() => true, () => false)) {
        return;
      }
    }
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

  /** Accounts menu → the account → Sign Out. VS Code may then ask to confirm: the dialog, if any, is returned unanswered. */
  async signOutFromAccountsMenu(account: string): Promise<Locator | undefined> {
    const dialog = this.page.locator('.monaco-dialog-box');
    const entry = this.page.locator(`.monaco-menu .action-label[aria-label="${account} (Postman)"]`);
    // A click right as the submenu opens can be swallowed, and the menu can close under a
    // notification: try again from the Accounts button while the account is still listed.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await dialog.isVisible()) {
        return dialog;
      }
      await this.page.locator('.activitybar .action-item a.action-label[aria-label^="Accounts"]').click();
      const listed = await entry.waitFor({ timeout: 15_000 }).then(() => true, () => false);
      if (!listed) {
        await this.page.keyboard.press('Escape');
        return undefined;
      }
      await entry.hover();
      const signOut = this.page.locator('.monaco-menu .action-label[aria-label="Sign Out"]');
      await signOut.hover();
      await signOut.click({ delay: 50 });
      if (await dialog.waitFor({ timeout: 5_000 }).then(() => true, () => false)) {
        return dialog;
      }
      if (await this.page.locator('.monaco-menu').isVisible()) {
        await this.page.keyboard.press('Escape');
      }
    }
    return undefined;
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

  /** Right-clicks a tree row and chooses an entry of its context menu, as a person does. */
  async contextMenu(name: string | RegExp, entry: string): Promise<void> {
    const row = this.row(name);
    await row.waitFor({ timeout: 15_000 });
    await row.click({ button: 'right' });
    const item = this.page.locator(`.monaco-menu .action-label[aria-label="${entry}"]`);
    await item.waitFor({ timeout: 15_000 });
    // A click right as the menu opens can be swallowed: point at the item first.
    await item.hover();
    await item.click();
    await item.waitFor({ state: 'detached', timeout: 15_000 });
  }

  /**
   * A row of a test tree (the Testing view in the side bar, or the Test Results panel's tree)
   * by the label it shows: the label's own text, before the description VS Code appends.
   * Not by aria-label: VS Code's names an item by its description when it has one.
   */
  testItem(label: string, within = '.part.sidebar'): Locator {
    assert.ok(!label.includes('"'), 'a label without double quotes');
    const labelEl = this.page.locator(`xpath=.//div[contains(concat(" ", @class, " "), " label ")][normalize-space(text()[1])="${label}"]`);
    return this.page.locator(`${within} .monaco-list-row[role="treeitem"]`, { has: labelEl }).first();
  }

  /** Expands a row of the Testing view with its twistie. */
  async expandTestItem(label: string): Promise<Locator> {
    const row = this.testItem(label);
    await row.waitFor({ timeout: 15_000 });
    if ((await row.getAttribute('aria-expanded')) !== 'true') {
      await row.locator('.monaco-tl-twistie').click();
      await row.and(this.page.locator('[aria-expanded="true"]')).waitFor({ timeout: 15_000 });
    }
    return row;
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
