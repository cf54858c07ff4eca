/**
 * The month's Postman usage as the user sees it: `/me` `operations` (usage against the
 * plan's limits) merged with the freshest `*-Month` rate-limit headers, and the last
 * per-window rate limit. No vscode import: unit-tested in plain Node.
 */

export interface Operation {
  name: string;
  limit: number;
  usage: number;
  overage?: number;
}

export interface RateLimitSeen {
  limit?: number;
  remaining?: number;
  resetSeconds?: number;
  limitMonth?: number;
  remainingMonth?: number;
  /** When the headers were read (ms since the epoch). */
  at: number;
}

export interface UsageLine {
  name: string;
  label: string;
  usage: number;
  limit: number;
  /** Percent of the limit used, or undefined when the plan sets no limit. */
  percent: number | undefined;
}

/** Usage at or past this share of a limit earns a warning. */
export const WARN_PERCENT = 90;
/** The operation that counts Postman API calls, the one this extension spends. */
export const API_CALLS = 'api_usage';

const LABELS: Record<string, string> = {
  api_usage: 'Postman API calls',
  mock_usage: 'Mock server calls',
  monitor_request_runs: 'Monitor requests',
  api_object_usage: 'API objects',
  collection_run_limit: 'Collection runs',
  file_storage_limit: 'File storage (GB)',
  documenter_public_views: 'Public documentation views',
  flow_count: 'Flows',
  flow_requests: 'Flow requests',
};

export function operationLabel(name: string): string {
  if (LABELS[name]) {
    return LABELS[name];
  }
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Unnamed';
}

export function percentOf(usage: number, limit: number): number | undefined {
  if (!Number.isFinite(usage) || !Number.isFinite(limit) || limit <= 0) {
    return undefined;
  }
  return Math.max(0, (usage / limit) * 100);
}

/**
 * One line per operation, the API-call quota first. When the monthly headers were seen after
 * `/me` was read (`operationsAt`), they give the fresher API-call count; with no `/me` yet,
 * they alone make the API-call line.
 */
export function usageLines(operations: readonly Operation[] | undefined, operationsAt: number | undefined, seen: RateLimitSeen | undefined): UsageLine[] {
  const lines = (operations ?? []).map((o): UsageLine => ({
    name: o.name, label: operationLabel(o.name), usage: o.usage, limit: o.limit, percent: percentOf(o.usage, o.limit),
  }));
  const monthly = seen && seen.limitMonth !== undefined && seen.remainingMonth !== undefined && seen.limitMonth > 0 ? seen : undefined;
  if (monthly && (operationsAt === undefined || monthly.at >= operationsAt)) {
    const limit = monthly.limitMonth as number;
    const usage = Math.max(0, limit - (monthly.remainingMonth as number));
    const line: UsageLine = { name: API_CALLS, label: operationLabel(API_CALLS), usage, limit, percent: percentOf(usage, limit) };
    const i = lines.findIndex((l) => l.name === API_CALLS);
    if (i >= 0) {
      lines[i] = line;
    } else {
      lines.push(line);
    }
  }
  return lines.sort((a, b) => Number(b.name === API_CALLS) - Number(a.name === API_CALLS));
}

/**
 * Postman's plans list about ten operations; a broken gateway or a changed API could list
 * thousands. What a person reads (tooltip, warning, log line, quick pick) shows the first
 * `max` — the API-call quota first, then the fullest — and says how many more there are.
 */
export function mostUsed(lines: readonly UsageLine[], max: number): { shown: UsageLine[]; more: number } {
  if (lines.length <= max) {
    return { shown: [...lines], more: 0 };
  }
  const fullest = [...lines].sort((a, b) => Number(b.name === API_CALLS) - Number(a.name === API_CALLS) || (b.percent ?? -1) - (a.percent ?? -1));
  return { shown: fullest.slice(0, max), more: lines.length - max };
}

/** The lines at or past WARN_PERCENT. */
export function overThreshold(lines: readonly UsageLine[], threshold = WARN_PERCENT): UsageLine[] {
  return lines.filter((l) => l.percent !== undefined && l.percent >= threshold);
}

export function formatCount(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function formatPercent(p: number | undefined): string {
  if (p === undefined) {
    return 'no limit';
  }
  return p > 0 && p < 0.1 ? '<0.1 %' : `${p >= 10 ? Math.round(p) : Math.round(p * 10) / 10} %`;
}

/** "10,788 of 1,000,000 (1.1 %)". */
export function describeLine(l: UsageLine): string {
  return l.percent === undefined ? `${formatCount(l.usage)} (no limit)` : `${formatCount(l.usage)} of ${formatCount(l.limit)} (${formatPercent(l.percent)})`;
}

/** "8 of 10 requests left in this window, resets in 6 s", or undefined when no headers were seen. */
export function describeRateLimit(seen: RateLimitSeen | undefined): string | undefined {
  if (!seen || seen.remaining === undefined) {
    return undefined;
  }
  const of = seen.limit !== undefined ? ` of ${formatCount(seen.limit)}` : '';
  const reset = seen.resetSeconds !== undefined ? `, resets in ${seen.resetSeconds} s` : '';
  return `${formatCount(seen.remaining)}${of} requests left in the current window${reset}`;
}
