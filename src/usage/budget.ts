/**
 * The budget of calls that run without a click (the tree's revalidation after a reload,
 * later link-status checks): at most `perHour` in any hour, and none once the month's API
 * calls pass NEAR_MONTHLY_PERCENT of the plan's limit, so quiet work never spends what the
 * user's own clicks need. Clicks never ask it. No vscode import: unit-tested in plain Node.
 */

/** Past this share of the monthly API-call limit, background work stops. */
export const NEAR_MONTHLY_PERCENT = 95;
const HOUR_MS = 3_600_000;

export type Refusal = 'hourly' | 'monthly';

export type Take = { ok: true } | { ok: false; reason: Refusal; /** The first refusal for this reason (monthly: in this window; hourly: in this hour). */ first: boolean };

export class BackgroundBudget {
  /** When each background call of the last hour was allowed, oldest first. */
  private readonly spent: number[] = [];
  private toldMonthly = false;
  private toldHourlyAt: number | undefined;

  constructor(
    private readonly perHour: () => number,
    /** The month's API calls used, in percent of the plan's limit, when known. */
    private readonly monthlyPercent: () => number | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one call from the budget, or says why there is none. */
  take(): Take {
    const now = this.now();
    this.forget(now);
    const percent = this.monthlyPercent();
    if (percent !== undefined && percent >= NEAR_MONTHLY_PERCENT) {
      const first = !this.toldMonthly;
      this.toldMonthly = true;
      return { ok: false, reason: 'monthly', first };
    }
    if (this.spent.length >= this.limit()) {
      const first = this.toldHourlyAt === undefined || now - this.toldHourlyAt >= HOUR_MS;
      if (first) {
        this.toldHourlyAt = now;
      }
      return { ok: false, reason: 'hourly', first };
    }
    this.spent.push(now);
    return { ok: true };
  }

  /** Background calls allowed in the last hour. */
  spentThisHour(): number {
    this.forget(this.now());
    return this.spent.length;
  }

  /** When the next call fits in the hourly budget (ms since the epoch); now when it already does. */
  nextFreeAt(): number {
    const now = this.now();
    this.forget(now);
    return this.spent.length < this.limit() ? now : (this.spent[this.spent.length - this.limit()] ?? now) + HOUR_MS;
  }

  /** "12 of 300 in the last hour", and why background work stopped, for the usage tooltip and report. */
  describe(): string {
    const used = `${this.spentThisHour().toLocaleString('en-US')} of ${this.limit().toLocaleString('en-US')} in the last hour`;
    const percent = this.monthlyPercent();
    if (percent !== undefined && percent >= NEAR_MONTHLY_PERCENT) {
      return `${used}; stopped: the month's API calls are past ${NEAR_MONTHLY_PERCENT} % of the plan's limit`;
    }
    return this.spent.length >= this.limit() ? `${used}; paused until the hour's budget frees up` : used;
  }

  private limit(): number {
    const n = this.perHour();
    return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
  }

  private forget(now: number): void {
    while (this.spent.length > 0 && now - this.spent[0] >= HOUR_MS) {
      this.spent.shift();
    }
  }
}
