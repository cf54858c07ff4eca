/**
 * `npm run bench`, reload: a window reloaded with 20 workspaces expanded (each showing its
 * Collections group), with the tree's data kept on disk by the previous window (decoded from a
 * real file and seeded into a fresh repository) and without it (everything loaded from Postman,
 * paced to its rate limits), side by side; then the background checks that follow the kept
 * tree; then the size of what is kept for the whole 50 × 40 account, on disk and in memory.
 * The extension's own vscode-free code (repository, tree model, tree-cache codec, revalidator,
 * background budget) against the local Postman server in its own process (Postman's rate
 * limits, 100 ms latency, 50 workspaces × 40 collections).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CacheKey, HttpTransport, PostmanClient, PostmanRepository } from '../src/postman';
import { Revalidator } from '../src/tree/model/revalidator';
import { type CacheOwner, decodeTreeCache, encodeTreeCache, isKept } from '../src/tree/model/treeCache';
import { TreeModel } from '../src/tree/model/treeModel';
import { BackgroundBudget } from '../src/usage/budget';
import { SAMPLE_API_KEY } from '../test/fixtures/sampleData';
import { BenchServer } from './localServer';
import { type Measured, measure } from './measure';

const EXPANDED = 20;
const LARGE = ['--large', '--latency', '100'];
/** The extension's pause between two background checks (src/tree/treeCache.ts); the bench uses 0, see the note it prints. */
const REAL_GAP_MS = 2000;
const MB = 1024 * 1024;
/** Whose data the file holds: the sample key's user on the default server. */
const OWNER: CacheOwner = { baseUrl: 'https://api.getpostman.com', sessionId: 'bench-session', userId: '12345678' };

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

type Result = Omit<Measured<void>, 'value'>;

/** The extension's stack on a fresh repository; `paced: false` only for the untimed previous window, on a server without rate limits. */
function stack(url: string, paced = true): { repo: PostmanRepository; model: TreeModel } {
  const http = new HttpTransport(() => ({ baseUrl: url, timeoutMs: 120_000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }), undefined, undefined, paced ? {} : { pacer: false });
  const repo = new PostmanRepository(new PostmanClient(http));
  return { repo, model: new TreeModel(repo) };
}

/**
 * The rows VS Code asks for after a reload: the top level, the first `count` workspaces
 * expanded (their group rows), the Collections group of each expanded (and, with `mocks`, the
 * Mocks group of those that have mocks). Throws unless every row is there: each group lists as
 * many rows as its count says, and no row is a message (an error or "No …").
 */
async function walk(model: TreeModel, count: number, mocks = false): Promise<{ workspaces: number; rows: number }> {
  const top = await model.children();
  const shown = top.filter((r) => r.kind === 'workspace').slice(0, count);
  let rows = top.length;
  await Promise.all(
    shown.map(async (ws) => {
      const groups = await model.children(ws);
      rows += groups.length;
      const open = groups.filter((g) => g.groupKind === 'collections' || (mocks && g.groupKind === 'mocks' && g.description !== '0'));
      if (!open.some((g) => g.groupKind === 'collections')) {
        throw new Error(`${ws.label} shows no Collections group`);
      }
      for (const [i, children] of (await Promise.all(open.map((g) => model.children(g)))).entries()) {
        if (children.length !== Number(open[i].description) || children.some((r) => r.kind === 'message')) {
          throw new Error(`${ws.label} › ${open[i].label}: ${children.length} rows for ${open[i].description} (${children.map((r) => r.label).join(', ')})`);
        }
        rows += children.length;
      }
    }),
  );
  if (shown.length !== Math.min(count, top.length)) {
    throw new Error(`the top level shows ${shown.length} workspaces`);
  }
  return { workspaces: shown.length, rows };
}

/** The previous window (untimed): loads what it showed, then keeps it as TreeCache does. */
async function previousWindow(url: string, count: number, mocks: boolean): Promise<{ text: string; entries: number }> {
  const { repo, model } = stack(url, false);
  await walk(model, count, mocks);
  const entries = repo.snapshot(isKept);
  return { text: encodeTreeCache(OWNER, entries, Date.now()), entries: entries.length };
}

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'postman-bench-reload-'));
  // The previous window's server has no rate limits (its loads are not timed); the two reloads each get a fresh server, so neither inherits the other's spent limits.
  const servers = [new BenchServer([...LARGE, '--no-rate-limits']), new BenchServer(LARGE), new BenchServer(LARGE)];
  try {
    const [previous, cold, warm] = servers;
    await Promise.all(servers.map((s) => s.start()));

    // The kept file, as a window that showed 20 expanded workspaces leaves it.
    const kept = await previousWindow(previous.url, EXPANDED, false);
    const file = path.join(dir, 'tree-cache.json');
    await fs.writeFile(file, kept.text);

    console.log(`\nReload: ${EXPANDED} of 50 workspaces expanded, each showing its Collections group (50 workspaces × 40 collections, 100 ms latency, Postman rate limits).\n`);

    // Without persistence: a fresh repository loads everything from Postman.
    const without = stack(cold.url);
    let coldTree = { workspaces: 0, rows: 0 };
    const coldResult = await measure(cold, async () => void (coldTree = await walk(without.model, EXPANDED)));

    // With persistence: the file read and decoded, seeded into a fresh repository, then the same walk.
    const withKept = stack(warm.url);
    const read: CacheKey[] = [];
    const subscription = withKept.repo.onDidReadSeeded((key) => read.push(key));
    let warmTree = { workspaces: 0, rows: 0 };
    let decodeMs = 0;
    const warmResult = await measure(warm, async () => {
      const t = performance.now();
      const decoded = decodeTreeCache(await fs.readFile(file, 'utf8'), OWNER);
      decodeMs = performance.now() - t;
      if (decoded.kind !== 'ok') {
        throw new Error(`the kept file decoded as ${decoded.kind}`);
      }
      withKept.repo.seed(decoded.entries);
      warmTree = await walk(withKept.model, EXPANDED);
    });
    subscription.dispose();
    if (warmTree.rows !== coldTree.rows) {
      throw new Error(`the kept tree has ${warmTree.rows} rows, the loaded one ${coldTree.rows}`);
    }

    // The background checks of what the rows read, in the order they read it (as TreeCache wires them), with no gap.
    const errors: string[] = [];
    const revalidator = new Revalidator(withKept.repo, {
      take: (() => {
        const budget = new BackgroundBudget(() => 300, () => undefined);
        return () => budget.take();
      })(),
      gapMs: () => 0,
      onError: (key, message) => errors.push(`${key}: ${message}`),
      onRefused: (refusal) => errors.push(`refused: ${refusal.reason}`),
    });
    const checks = await measure(warm, async () => {
      read.forEach((key) => revalidator.enqueue(key));
      await revalidator.idle();
    });
    const unchecked = read.filter((key) => withKept.repo.seededAt(key) !== undefined).length;
    if (errors.length > 0 || unchecked > 0) {
      throw new Error(`background checks: ${unchecked} of ${read.length} left unchecked; ${errors.join('; ')}`);
    }

    const row = (r: Result) => `${String(r.calls).padStart(6)} ${r.ms.toFixed(0).padStart(9)} ${String(r.rateLimited).padStart(5)} ${r.peakHeapMb.toFixed(1).padStart(7)}`;
    console.log(`${'journey'.padEnd(44)}|${'without persistence'.padStart(30)} |${'with persistence'.padStart(30)} |  time`);
    console.log(`${''.padEnd(44)}|${' calls        ms   429  heapMB'.padStart(30)} |${' calls        ms   429  heapMB'.padStart(30)} | ratio`);
    console.log(`${'full tree shown (calls = before it)'.padEnd(44)}| ${row(coldResult)} | ${row(warmResult)} | ${(coldResult.ms / warmResult.ms).toFixed(0).padStart(5)}`);
    console.log(`${''.padEnd(44)}  (both: ${coldTree.workspaces} workspaces expanded, ${coldTree.rows} rows; with: file read + decoded in ${decodeMs.toFixed(1)} ms, ${(kept.text.length / 1024).toFixed(0)} KB, ${kept.entries} lists)`);
    console.log(`${'background checks after it'.padEnd(44)}| ${'— (nothing kept)'.padStart(29)} | ${row(checks)} |`);
    console.log(`${''.padEnd(44)}  (with: ${read.length} kept lists the rows read, each checked once, all now from Postman; gap 0 ms between checks)`);

    const met = warmResult.ms < 200 && warmResult.calls === 0;
    console.log(`\nGoal with persistence: full tree < 200 ms and 0 calls before it — measured ${warmResult.ms.toFixed(0)} ms and ${warmResult.calls} calls: ${met ? 'met' : 'NOT met'}.`);
    console.log(
      `Note: the background checks ran with a 0 ms gap to keep the bench short, so Postman's rate limit (10 workspace GETs per 10 s) paced them; ` +
        `with the extension's ${REAL_GAP_MS} ms gap they take at least ${checks.calls - 1} × ${REAL_GAP_MS / 1000} s = ${((checks.calls - 1) * REAL_GAP_MS) / 1000} s (not measured). ` +
        'Here they start once the tree is built; in the extension they start at the first kept row read, and no row waits for them.',
    );

    // Size of what is kept for the whole account.
    const all = await previousWindow(previous.url, Number.POSITIVE_INFINITY, true);
    const allFile = path.join(dir, 'tree-cache-all.json');
    await fs.writeFile(allFile, all.text);
    const bytes = (await fs.stat(allFile)).size;
    const text = await fs.readFile(allFile, 'utf8');
    gc();
    const base = process.memoryUsage().heapUsed;
    const t = performance.now();
    const decoded = decodeTreeCache(text, OWNER);
    const allDecodeMs = performance.now() - t;
    gc();
    const decodedMb = (process.memoryUsage().heapUsed - base) / MB;
    if (decoded.kind !== 'ok') {
      throw new Error(`the kept file of the whole account decoded as ${decoded.kind}`);
    }
    const repo = stack(previous.url).repo;
    gc();
    const beforeSeed = process.memoryUsage().heapUsed;
    repo.seed(decoded.entries);
    gc();
    const seededMb = (process.memoryUsage().heapUsed - beforeSeed) / MB;
    const count = (prefix: string) => decoded.entries.filter(([key]) => key.startsWith(prefix)).length;
    console.log(`\nKept for the whole account (50 workspaces × 40 collections; the list, every workspace's listing, the mocks list of each workspace with mocks):`);
    console.log(`  ${decoded.entries.length} lists (${count('workspaces')} list of workspaces, ${count('workspace:')} workspaces, ${count('mocks:')} mocks lists)`);
    console.log(`  on disk: ${bytes.toLocaleString('en-US')} bytes (${(bytes / MB).toFixed(2)} MB); decoded in ${allDecodeMs.toFixed(1)} ms`);
    console.log(`  heap held by the decoded entries: ${decodedMb.toFixed(2)} MB (gc before and after decoding, result held); seeded into a repository: +${seededMb.toFixed(2)} MB`);
    console.log('Peak heap: heapUsed above a collected baseline, sampled every 5 ms; garbage counts until collected.');
    if (repo.seededAt('workspaces') === undefined) {
      throw new Error('the whole account was not seeded');
    }
  } finally {
    servers.forEach((s) => s.stop());
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
