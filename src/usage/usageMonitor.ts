import * as vscode from 'vscode';
import type { Account } from '../auth/account';
import { keyAgeDays } from '../auth/rotation';
import type { OAuthSessionData } from '../auth/sessionData';
import type { AuthUi } from '../auth/ui';
import { type Logger, type Me, type RateLimitSnapshot, type RequestOutcome, userMessage } from '../postman';
import { escapeMarkdown, msg, piece } from '../text/plain';
import type { BackgroundBudget } from './budget';
import { describeLine, describeRateLimit, formatPercent, mostUsed, overThreshold, type UsageLine, usageLines, API_CALLS, WARN_PERCENT } from './usage';

export const STATUS_BAR_SETTING = 'postman.showUsageInStatusBar';
const SHOW_USAGE = 'Show API Usage';
/** How many usage lines a tooltip, warning or log line names, and how many the Show API Usage list holds. */
const MAX_IN_TEXT = 8;
const MAX_IN_PICK = 200;

export interface UsageReport {
  account: string | undefined;
  source: string | undefined;
  lines: UsageLine[];
  rateLimit: string | undefined;
  /** What work without a click (the tree's background checks) spent of its budget. */
  background: string | undefined;
  problem: string | undefined;
}

/**
 * The month's API usage: from `/me` `operations` (read at sign-in and by "Show API Usage")
 * and from the rate-limit headers of every response, which cost no extra call. Shows it in
 * an optional status-bar item and a quick pick, and warns once per window session (and
 * sign-in) about each limit that passes 90 %.
 */
export class UsageMonitor implements vscode.Disposable {
  private operations: { list: Me['operations']; at: number } | undefined;
  private seen: RateLimitSnapshot | undefined;
  private readonly warned = new Set<string>();
  private toldQuota = false;
  private item: vscode.StatusBarItem | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly account: Account,
    private readonly ui: () => AuthUi,
    private readonly log: Logger,
    private readonly budget?: BackgroundBudget,
  ) {
    this.subscriptions = [
      account.onDidLoadMe((me) => {
        this.operations = { list: me.operations, at: Date.now() };
        this.changed();
      }),
      account.onDidChange((state) => {
        if (state === 'signedOut') {
          // The next sign-in may be another account, with its own limits to warn about.
          this.operations = undefined;
          this.seen = undefined;
          this.warned.clear();
          this.toldQuota = false;
        }
        this.changed();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(STATUS_BAR_SETTING) && void this.render()),
    ];
  }

  /** Every response made with the signed-in credential: its rate-limit headers, and a used-up quota. */
  outcome(o: RequestOutcome): void {
    if (o.error?.kind === 'quotaExhausted' && !this.toldQuota) {
      this.toldQuota = true;
      this.log.warn("The monthly Postman API call quota is used up; requests are not retried.");
      void this.ui()
        .ask('error', msg`${piece(userMessage(o.error))}`, SHOW_USAGE)
        .then((choice) => choice === SHOW_USAGE && vscode.commands.executeCommand('postman.showUsage'));
    }
    if (o.rateLimit && Object.keys(o.rateLimit).length > 1) {
      this.seen = o.rateLimit;
      this.changed();
    }
  }

  lines(): UsageLine[] {
    return usageLines(this.operations?.list, this.operations?.at, this.seen);
  }

  /** "Postman: Show API Usage": reads /me (one call), then shows the report in a quick pick. */
  async show(): Promise<UsageReport> {
    let problem: string | undefined;
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Postman: reading API usage' }, () => this.account.loadMe());
    } catch (err) {
      problem = userMessage(err);
      this.log.warn(`Reading API usage failed: ${problem}`);
    }
    const report = await this.report(problem);
    this.present(report);
    return report;
  }

  async report(problem?: string): Promise<UsageReport> {
    const current = await this.account.credential();
    const age = current?.createdAt !== undefined ? `, stored ${keyAgeDays(current.createdAt, Date.now())} days ago` : '';
    return {
      account: current?.account.label,
      source: current ? (current.oauth ? oauthSource(current.oauth) : current.source === 'environment' ? 'API key from the POSTMAN_API_KEY environment variable' : `API key in VS Code's secret storage${age}`) : undefined,
      lines: this.lines(),
      rateLimit: describeRateLimit(this.seen),
      background: this.budget?.describe(),
      problem,
    };
  }

  private present(report: UsageReport): void {
    const pick = vscode.window.createQuickPick();
    const items: vscode.QuickPickItem[] = [];
    const separator = (label: string) => items.push({ label, kind: vscode.QuickPickItemKind.Separator });
    if (report.account) {
      separator('Signed in');
      items.push({ label: `$(account) ${report.account}`, description: report.source });
    }
    separator("This month's usage");
    if (report.problem) {
      items.push({ label: `$(error) ${report.problem}` });
    }
    const { shown, more } = mostUsed(report.lines, MAX_IN_PICK);
    for (const l of shown) {
      const high = l.percent !== undefined && l.percent >= WARN_PERCENT;
      items.push({ label: `${high ? '$(warning)' : '$(pass)'} ${l.label}`, description: describeLine(l) });
    }
    if (more > 0) {
      items.push({ label: `$(info) ${more.toLocaleString('en-US')} more operations, less used, not shown` });
    }
    if (report.lines.length === 0 && !report.problem) {
      items.push({ label: '$(info) Postman reported no usage figures.' });
    }
    separator('Rate limit');
    items.push({ label: `$(watch) ${report.rateLimit ?? 'No response seen yet in this window'}` });
    if (report.background) {
      separator('Background calls (without a click)');
      items.push({ label: `$(sync) ${report.background}`, description: 'postman.backgroundCallsPerHour' });
    }
    pick.title = 'Postman: API Usage';
    pick.placeholder = 'Usage against your plan’s limits, and the last rate-limit headers';
    pick.items = items;
    pick.matchOnDescription = true;
    pick.onDidAccept(() => pick.hide());
    pick.onDidHide(() => pick.dispose());
    pick.show();
  }

  private changed(): void {
    this.warnIfHigh();
    void this.render();
  }

  private warnIfHigh(): void {
    const fresh = overThreshold(this.lines()).filter((l) => !this.warned.has(l.name));
    if (fresh.length === 0) {
      return;
    }
    fresh.forEach((l) => this.warned.add(l.name));
    const { shown, more } = mostUsed(fresh, MAX_IN_TEXT);
    const what = shown.map((l) => `${l.label}: ${describeLine(l)}`).join('; ') + (more > 0 ? `; and ${more.toLocaleString('en-US')} more` : '');
    const consequence = fresh.some((l) => l.name === API_CALLS) ? ' When the API-call quota is used up, Postman refuses every API call until it resets.' : '';
    this.log.warn(`Usage past ${WARN_PERCENT} %: ${what}`);
    void this.ui()
      .ask('warning', msg`Your Postman plan is past ${WARN_PERCENT} % of a monthly limit. ${piece(what)}.${piece(consequence)}`, SHOW_USAGE)
      .then((choice) => choice === SHOW_USAGE && vscode.commands.executeCommand('postman.showUsage'));
  }

  async render(): Promise<void> {
    const wanted = vscode.workspace.getConfiguration().get<boolean>(STATUS_BAR_SETTING, true) && this.account.state === 'signedIn';
    if (!wanted) {
      this.item?.dispose();
      this.item = undefined;
      return;
    }
    const item = (this.item ??= vscode.window.createStatusBarItem('postman.usage', vscode.StatusBarAlignment.Right, 100));
    item.name = 'Postman API Usage';
    item.command = 'postman.showUsage';
    const report = await this.report();
    const calls = report.lines.find((l) => l.name === API_CALLS);
    const high = report.lines.some((l) => l.percent !== undefined && l.percent >= WARN_PERCENT);
    item.text = `$(cloud) Postman${calls ? ` ${formatPercent(calls.percent)}` : ''}`;
    item.backgroundColor = high ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**Postman** — signed in as ${escapeMarkdown(report.account ?? 'unknown')}  \n`);
    tip.appendMarkdown(`Credential: ${escapeMarkdown(report.source ?? 'none')}  \n`);
    const { shown, more } = mostUsed(report.lines, MAX_IN_TEXT);
    for (const l of shown) {
      tip.appendMarkdown(`${escapeMarkdown(l.label)}: ${escapeMarkdown(describeLine(l))}  \n`);
    }
    tip.appendMarkdown(more > 0 ? `and ${more.toLocaleString('en-US')} more  \n` : '');
    tip.appendMarkdown(report.rateLimit ? `Rate limit: ${escapeMarkdown(report.rateLimit)}  \n` : '');
    tip.appendMarkdown(report.background ? `Background calls: ${escapeMarkdown(report.background)}  \n` : '');
    tip.appendMarkdown('Click for details.');
    item.tooltip = tip;
    item.show();
  }

  /** What the status bar shows, for tests. */
  statusBar(): { text: string; tooltip: string } | undefined {
    const tip = this.item?.tooltip;
    return this.item ? { text: this.item.text, tooltip: typeof tip === 'string' ? tip : (tip?.value ?? '') } : undefined;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.item?.dispose();
  }
}

/** Where an OAuth credential comes from, for the tooltip and Show API Usage. */
function oauthSource(oauth: OAuthSessionData): string {
  const grant = oauth.grant === 'authorizationCode' ? 'OAuth 2.0' : 'OAuth 2.0 client credentials';
  let server = oauth.tokenUrl;
  try {
    server = new URL(oauth.tokenUrl).host;
  } catch {
    // keep the text
  }
  const expiry = oauth.tokens.expiresAt !== undefined ? `, access token renewed automatically (current one valid until ${new Date(oauth.tokens.expiresAt).toLocaleTimeString()})` : '';
  return `${grant} token from ${server} in VS Code's secret storage${expiry}`;
}
