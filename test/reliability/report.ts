/**
 * The reliability report's raw material: every scenario (a fault or bad input met on one user
 * journey) records its outcome as one JSON line in out/reliability/, from plain Node and from
 * the extension host alike; scripts/reliability.mjs prints the table and the totals.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Journey = 'sign in' | 'browse' | 'open' | 'save' | 'trust' | 'send' | 'run' | 'contract' | 'parsers' | 'secrets';

export interface ScenarioResult {
  /** Where it ran: plain Node, the extension host, or e2e. */
  where: 'node' | 'host' | 'e2e';
  journey: Journey;
  scenario: string;
  outcome: 'passed' | 'failed' | 'skipped';
  /** What the user saw (a row, a message), or why it failed or was skipped. */
  detail?: string;
  ms: number;
}

/** Totals other than scenarios: unhandled rejections and secrets found, per run. */
export interface RunTotals {
  where: 'node' | 'host' | 'e2e';
  unhandled: number;
  unhandledDetails: string[];
  secretsFound?: number;
  secretsSearched?: { files: number; secrets: number };
}

/** The repository root: the folder whose package.json names this extension. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && /"name":\s*"postman-workspaces"/.test(fs.readFileSync(pkg, 'utf8'))) {
      return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) {
      throw new Error(`No postman-workspaces package.json above ${__dirname}`);
    }
    dir = up;
  }
}

export function reportDir(): string {
  const dir = process.env.POSTMAN_RELIABILITY_DIR || path.join(repoRoot(), 'out', 'reliability');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function recordScenario(result: ScenarioResult): void {
  fs.appendFileSync(path.join(reportDir(), `scenarios-${result.where}.jsonl`), JSON.stringify(result) + '\n');
}

export function recordTotals(totals: RunTotals): void {
  fs.writeFileSync(path.join(reportDir(), `totals-${totals.where}.json`), JSON.stringify(totals, null, 2));
}

let detail: string | undefined;

/** The first `max` characters, counted in code points: a cut through an emoji would leave half of it. */
function cut(text: string, max: number): string {
  const points = Array.from(text);
  return points.length > max ? points.slice(0, max).join('') : text;
}

/** What the user saw in the running scenario, for the report's outcome column. */
export function saw(text: string): void {
  detail = cut(text.replace(/\s+/g, ' '), 160);
}

/**
 * A mocha test that is also a row of the report. Fails like any test; a `this.skip()` is
 * recorded as skipped with the reason given to `skipped()`.
 */
export function scenario(where: ScenarioResult['where'], journey: Journey, title: string, fn: (this: Mocha.Context) => Promise<void>): Mocha.Test {
  return it(`[${journey}] ${title}`, async function () {
    const started = Date.now();
    detail = undefined;
    try {
      await fn.call(this);
      recordScenario({ where, journey, scenario: title, outcome: 'passed', ...(detail ? { detail } : {}), ms: Date.now() - started });
    } catch (err) {
      const pending = (err as { constructor?: { name?: string } } | undefined)?.constructor?.name === 'Pending';
      recordScenario({
        where,
        journey,
        scenario: title,
        outcome: pending ? 'skipped' : 'failed',
        detail: pending ? (detail ?? 'skipped') : cut(String(err instanceof Error ? err.message : err).split('\n')[0], 200),
        ms: Date.now() - started,
      });
      throw err;
    }
  });
}

/** Counts unhandled rejections and uncaught exceptions in this process while a suite runs. */
export class UnhandledWatch {
  readonly seen: string[] = [];
  private readonly onRejection = (reason: unknown) => void this.seen.push(`unhandledRejection: ${describe(reason)}`);
  private readonly onException = (err: unknown) => void this.seen.push(`uncaughtException: ${describe(err)}`);

  start(): void {
    process.on('unhandledRejection', this.onRejection);
    process.on('uncaughtExceptionMonitor', this.onException);
  }

  stop(): void {
    process.off('unhandledRejection', this.onRejection);
    process.off('uncaughtExceptionMonitor', this.onException);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}`.slice(0, 600) : String(err).slice(0, 300);
}

/**
 * Every file under `dirs` that contains one of `secrets`: the search after a run. Returns
 * the hits as "file: which secret (first characters)" and how many files were read.
 */
export function searchFiles(dirs: string[], secrets: string[]): { hits: string[]; files: number } {
  const wanted = [...new Set(secrets.filter((s) => s.length >= 8))];
  const hits: string[] = [];
  let files = 0;
  const walk = (dir: string) => {
    for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (entry.isFile()) {
        files++;
        hits.push(...searchText(fs.readFileSync(file), wanted).map((s) => `${file}: ${s}`));
      }
    }
  };
  dirs.forEach(walk);
  return { hits, files };
}

/** Which secrets occur in `content`: as they are, and URL- or JSON-escaped. */
export function searchText(content: Buffer | string, secrets: string[]): string[] {
  const text = typeof content === 'string' ? content : content.toString('latin1');
  const utf8 = typeof content === 'string' ? content : content.toString('utf8');
  return secrets
    .filter((s) => [s, encodeURIComponent(s)].some((form) => text.includes(form) || utf8.includes(form)))
    .map((s) => `${s.slice(0, 6)}…`);
}
