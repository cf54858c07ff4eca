/**
 * `npm run bench`: the user journeys of issue 4 against the local Postman server (its own
 * process; Postman's rate limits; 100 ms latency; 50 workspaces × 40 collections and one
 * 10,000-request collection 8 folders deep), for this extension's client and for a naive
 * one, side by side. Prints API calls, wall time, 429s received and peak heap per journey.
 */
import { HttpTransport, PostmanClient, PostmanRepository } from '../src/postman';
import type { Row } from '../src/tree/model/row';
import { TreeModel } from '../src/tree/model/treeModel';
import { SAMPLE_API_KEY } from '../test/fixtures/sampleData';
import { BenchServer } from './localServer';
import { measure as measureCalls } from './measure';
import { NaiveClient } from './naiveClient';

interface Result {
  journey: string;
  calls: number;
  ms: number;
  rateLimited: number;
  peakHeapMb: number;
  note?: string;
}

/** Naive folder walks refetch 3.7 MB per folder at 300 calls/min: measured on a sample. */
const NAIVE_FOLDER_SAMPLE = 40;

async function measure(server: BenchServer, journey: string, fn: () => Promise<string | void>): Promise<Result> {
  const { value: note, ...m } = await measureCalls(server, fn);
  return { journey, ...m, ...(note ? { note } : {}) };
}

async function ours(): Promise<{ results: Result[]; folderMs: number[]; jsonMs: number }> {
  const server = new BenchServer();
  const url = await server.start();
  const http = new HttpTransport(() => ({ baseUrl: url, timeoutMs: 120_000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }));
  const repo = new PostmanRepository(new PostmanClient(http));
  const model = new TreeModel(repo);
  const results: Result[] = [];
  let roots: Row[] = [];
  const folderMs: number[] = [];
  let jsonMs = 0;
  try {
    results.push(await measure(server, 'first render', async () => void (roots = await model.children())));
    results.push(await measure(server, 'expand every workspace', async () => void (await Promise.all(roots.map((r) => model.children(r))))));
    const big = await bigCollectionRow(model, roots);
    results.push(
      await measure(server, 'expand big collection + all folders', async () => {
        const queue = [...(await model.children(big))];
        while (queue.length) {
          const row = queue.shift() as Row;
          if (row.kind === 'folder') {
            const t = performance.now();
            queue.push(...(await model.children(row)));
            folderMs.push(performance.now() - t);
          }
        }
        return `${folderMs.length} folders`;
      }),
    );
    results.push(
      await measure(server, 'open big collection as JSON', async () => {
        const collection = await repo.collection(big.uid as string);
        const t = performance.now();
        const text = JSON.stringify(collection, null, 2);
        jsonMs = performance.now() - t;
        return `${(text.length / 1024 / 1024).toFixed(1)} MB of JSON`;
      }),
    );
  } finally {
    server.stop();
  }
  return { results, folderMs, jsonMs };
}

async function naive(): Promise<Result[]> {
  const server = new BenchServer();
  const url = await server.start();
  const client = new NaiveClient(url, SAMPLE_API_KEY);
  const results: Result[] = [];
  let workspaces: { id: string }[] = [];
  try {
    results.push(await measure(server, 'first render', async () => void (workspaces = await client.workspaces())));
    results.push(await measure(server, 'expand every workspace', async () => void (await Promise.all(workspaces.map((w) => client.expandWorkspace(w.id))))));
    const list = (await client.get('/collections', { workspace: workspaces[0].id })) as { collections: { uid: string; name: string }[] };
    const uid = list.collections.find((c) => c.name.startsWith('Monolith'))?.uid as string;
    results.push(
      await measure(server, 'expand big collection + all folders', async () => {
        const folders: unknown[] = [...(await client.collection(uid)).collection.item];
        let expanded = 0;
        while (folders.length && expanded < NAIVE_FOLDER_SAMPLE) {
          const folder = folders.shift() as { item?: unknown[] };
          if (Array.isArray(folder.item)) {
            await client.collection(uid); // no cache: the folder's items come from a fresh copy
            folders.push(...folder.item);
            expanded++;
          }
        }
        return `first ${expanded} folders only`;
      }),
    );
    results.push(
      await measure(server, 'open big collection as JSON', async () => {
        const body = await client.collection(uid);
        return `${(JSON.stringify(body.collection, null, 2).length / 1024 / 1024).toFixed(1)} MB of JSON`;
      }),
    );
  } finally {
    server.stop();
  }
  return results;
}

async function bigCollectionRow(model: TreeModel, roots: Row[]): Promise<Row> {
  const groups = await model.children(roots.find((r) => r.label === 'My Workspace'));
  const collections = await model.children(groups.find((g) => g.label === 'Collections'));
  const big = collections.find((c) => c.label.startsWith('Monolith'));
  if (!big) {
    throw new Error('the benchmark account has no big collection');
  }
  return big;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  console.log('Benchmark: 50 workspaces × 40 collections, one 10,000-request collection 8 deep, 100 ms latency, Postman rate limits.\n');
  console.log('Running this extension’s client…');
  const mine = await ours();
  console.log('Running a naive client (list endpoint per kind, no cache, no coalescing, no pacing)…\n');
  const theirs = await naive();
  const row = (r: Result) => `${String(r.calls).padStart(6)} ${(r.ms / 1000).toFixed(2).padStart(8)} ${String(r.rateLimited).padStart(5)} ${r.peakHeapMb.toFixed(1).padStart(7)}`;
  console.log(`${'journey'.padEnd(38)}|${'this extension'.padStart(29)} |${'naive client'.padStart(29)} | calls   time`);
  console.log(`${''.padEnd(38)}|${' calls      s   429  heapMB'.padStart(29)} |${' calls      s   429  heapMB'.padStart(29)} | ratio  ratio`);
  mine.results.forEach((m, i) => {
    const n = theirs[i];
    const ratio = (a: number, b: number) => (a === 0 ? (b === 0 ? '1' : '∞') : (b / a).toFixed(1));
    console.log(`${m.journey.padEnd(38)}| ${row(m)} | ${row(n)} | ${ratio(m.calls, n.calls).padStart(5)} ${ratio(m.ms, n.ms).padStart(6)}`);
    for (const [who, r] of [['this extension', m], ['naive', n]] as const) {
      if (r.note) {
        console.log(`${''.padEnd(38)}  (${who}: ${r.note})`);
      }
    }
  });
  console.log(`\nBig collection, after it is loaded: folder expansion p50 ${percentile(mine.folderMs, 50).toFixed(2)} ms, max ${Math.max(...mine.folderMs).toFixed(2)} ms (target < 50 ms)`);
  console.log(`Big collection as pretty-printed JSON, after its response: ${mine.jsonMs.toFixed(0)} ms (target < 1000 ms)`);
  console.log(`Naive folder walk: measured on the first ${NAIVE_FOLDER_SAMPLE} folders; all of them would cost one 3.7 MB call each.`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
