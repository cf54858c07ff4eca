/**
 * `npm run bench`, second part: opening and saving big `postman:` collections through the
 * extension's own vscode-free document code (model/content.ts, model/saver.ts, the Postman
 * client and repository), against the local Postman server in its own process (0 ms
 * latency, Postman's rate limits). Each size is checked as it is timed: a wrong result
 * fails the run instead of printing a figure.
 */
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { idsOf, itemsOf, serialize } from '../src/documents/model/content';
import { KINDS } from '../src/documents/model/kinds';
import { DocumentSaver, type Opened, openedFrom, type SaveQuestions, type SaveRequest } from '../src/documents/model/saver';
import { type CollectionDocument, HttpTransport, PostmanClient, PostmanRepository } from '../src/postman';
import { SAMPLE_API_KEY } from '../test/fixtures/sampleData';
import { BenchServer } from './localServer';

const SIZES_MB = [1, 10];
const RUNS = 5;
const MB = 1024 * 1024;

interface Sample {
  ms: number;
  calls: number;
  peakMb: number;
}

/** The extension's stack, new for each run so the repository's cache never answers an open. */
function stack(url: string) {
  const http = new HttpTransport(() => ({ baseUrl: url, timeoutMs: 120_000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }));
  const client = new PostmanClient(http);
  const repo = new PostmanRepository(client);
  return { repo, saver: new DocumentSaver(client, repo) };
}

/**
 * Times one journey, counting the server's calls and the heap above a collected baseline.
 * JSON work is synchronous, so the 5 ms sampler alone would miss peaks: callers also call
 * `sample` between steps, and garbage stays counted until the next GC.
 */
async function measure<T>(server: BenchServer, fn: (sample: () => void) => Promise<T>): Promise<{ value: T } & Sample> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = await server.counts();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sample = () => void (peak = Math.max(peak, process.memoryUsage().heapUsed));
  const sampler = setInterval(sample, 5);
  const started = performance.now();
  const value = await fn(sample);
  const ms = performance.now() - started;
  clearInterval(sampler);
  sample();
  const after = await server.counts();
  strictEqual(after.rateLimited, before.rateLimited, 'a 429 during a journey: its time includes rate-limit waits');
  return { value, ms, calls: after.calls - before.calls, peakMb: (peak - base) / MB };
}

/** What Postman stores, read directly (untimed), to check the extension's results against. */
async function stored(url: string, uid: string): Promise<CollectionDocument> {
  const res = await fetch(`${url}/collections/${uid}`, { headers: { 'X-Api-Key': SAMPLE_API_KEY } });
  return ((await res.json()) as { collection: CollectionDocument }).collection;
}

const itemIds = (c: CollectionDocument) => itemsOf(c.item).map((i) => i.id);

/** The benchmark never expects a question: lost ids or a conflict here would be a bug. */
const questions: SaveQuestions = {
  lostIds: async () => {
    throw new Error('the saver reported lost item ids for an edit that keeps every id');
  },
  confirm: async () => true,
  conflict: async () => {
    throw new Error('the saver reported a conflict for a document opened from Postman\'s current copy');
  },
};

interface SizeResult {
  mb: number;
  requests: number;
  items: number;
  textMb: number;
  wireMb: number;
  rows: Record<'open' | 'save unchanged text' | 'save after renaming it' | 'bare JSON.parse+stringify', Sample[]>;
  steps: Record<string, number[]>;
}

async function benchSize(mb: number): Promise<SizeResult> {
  const server = new BenchServer(['--big-mb', String(mb)]);
  const url = await server.start();
  try {
    const { repo: setup } = stack(url);
    const ws = await setup.workspace((await setup.workspaces()).find((w) => w.name === 'My Workspace')?.id ?? '');
    const uid = ws.collections[0].uid as string;
    const original = await stored(url, uid);
    const ids = itemIds(original);
    const baseName = original.info.name;
    const result: SizeResult = {
      mb, requests: Number(/\((\d+) requests\)/.exec(baseName)?.[1]), items: ids.length, textMb: 0,
      wireMb: Buffer.byteLength(JSON.stringify({ collection: original })) / MB,
      rows: { open: [], 'save unchanged text': [], 'save after renaming it': [], 'bare JSON.parse+stringify': [] },
      steps: {},
    };
    // Run 0 warms up the JIT and sockets; it is checked like the others but not reported.
    for (let run = 0; run <= RUNS; run++) {
      const keep = (row: keyof SizeResult['rows'], s: Sample) => void (run > 0 && result.rows[row].push(s));
      const onStep: SaveRequest['onStep'] = (step, ms) => void (run > 0 && (result.steps[step] ??= []).push(ms));
      const { repo, saver } = stack(url);

      // Open, as PostmanFileSystem.readFile does: the shared cache (empty here, so one GET),
      // the editor's text, its version and bytes, and the base a later save is checked against.
      const open = await measure(server, async (sample) => {
        const collection = await repo.collection(uid);
        sample();
        const text = serialize(collection);
        sample();
        KINDS.collection.version(collection, text);
        const bytes = new TextEncoder().encode(text);
        return { text, bytes: bytes.byteLength, opened: openedFrom('collection', collection) };
      });
      strictEqual(open.calls, 1, 'open: one GET');
      if (run === 0) {
        deepStrictEqual(JSON.parse(open.value.text), await stored(url, uid), 'open: the editor text is Postman\'s copy');
      }
      result.textMb = open.value.bytes / MB;
      keep('open', open);

      const save = (text: string, opened: Opened) =>
        measure(server, async (sample) => saver.save({ kind: 'collection', uid, text, opened, questions, onStep: (s, ms) => (sample(), onStep(s, ms)) }));

      // Save the text as opened: still the full check-and-PUT, since the editor cannot tell Postman nothing changed.
      const unchanged = await save(open.value.text, open.value.opened);
      strictEqual(unchanged.calls, 3, 'save: GET (conflict check), PUT, GET (read back)');
      deepStrictEqual(itemIds(unchanged.value.saved as CollectionDocument), ids, 'unchanged save keeps every item id');
      keep('save unchanged text', unchanged);

      // Rename in the text the editor reloaded to after that save (untimed: that is the user typing).
      const newName = `${baseName} renamed ${run}`;
      const reloaded = serialize(unchanged.value.saved as object);
      // info.name is the only "name" indented by 4: item names sit deeper.
      const current = `\n    "name": ${JSON.stringify((unchanged.value.saved as CollectionDocument).info.name)}`;
      strictEqual(reloaded.indexOf(current) > 0 && reloaded.indexOf(current) === reloaded.lastIndexOf(current), true, 'one info.name line to edit');
      const edited = reloaded.replace(current, `\n    "name": ${JSON.stringify(newName)}`);
      const renamed = await save(edited, unchanged.value.opened as Opened);
      strictEqual(renamed.calls, 3, 'save: GET (conflict check), PUT, GET (read back)');
      strictEqual((renamed.value.saved as CollectionDocument).info.name, newName, 'the saver returns the new name');
      const after = await stored(url, uid);
      strictEqual(after.info.name, newName, 'Postman stores the new name');
      deepStrictEqual(itemIds(after), ids, 'Postman keeps every item id');
      deepStrictEqual([...(renamed.value.opened?.ids?.keys() ?? [])], [...idsOf(original).keys()], 'the new base has the same ids');
      keep('save after renaming it', renamed);

      // The yardstick: the least any save of this text must do locally, on this machine now.
      keep('bare JSON.parse+stringify', await measure(server, async () => JSON.stringify(JSON.parse(edited), null, 2).length));
    }
    return result;
  } finally {
    server.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fixed = (n: number, width: number, digits = 0) => n.toFixed(digits).padStart(width);

function print(results: SizeResult[]): void {
  console.log(`\nDocuments: open and save one big collection, median of ${RUNS} runs after a warm-up; local Postman server in its own process, 0 ms latency, Postman rate limits.\n`);
  console.log(`${'size'.padEnd(8)}${'journey'.padEnd(28)}${'median ms'.padStart(10)}${'min ms'.padStart(9)}${'calls'.padStart(7)}${'peak heap MB'.padStart(14)}`);
  for (const r of results) {
    console.log(`${`${r.mb} MB`.padEnd(8)}JSON: ${r.textMb.toFixed(2)} MB in the editor (pretty), ${r.wireMb.toFixed(2)} MB on the wire; ${r.requests} requests, ${r.items} items`);
    for (const [journey, samples] of Object.entries(r.rows)) {
      const ms = samples.map((s) => s.ms);
      const calls = [...new Set(samples.map((s) => s.calls))].join('/');
      console.log(`${''.padEnd(8)}${journey.padEnd(28)}${fixed(median(ms), 10)}${fixed(Math.min(...ms), 9)}${calls.padStart(7)}${fixed(Math.max(...samples.map((s) => s.peakMb)), 14, 1)}`);
    }
    const steps = Object.entries(r.steps).map(([step, ms]) => `${step} ${median(ms).toFixed(0)}`).join(', ');
    console.log(`${''.padEnd(8)}  (save steps, median ms over both saves: ${steps})`);
  }
  console.log('\nRatio to a bare JSON.parse + JSON.stringify(…, null, 2) of the same text (medians; a ratio carries across machines better than ms):');
  for (const r of results) {
    const bare = median(r.rows['bare JSON.parse+stringify'].map((s) => s.ms));
    const ratio = (row: keyof SizeResult['rows']) => `${(median(r.rows[row].map((s) => s.ms)) / bare).toFixed(1)}×`;
    console.log(`  ${`${r.mb} MB:`.padEnd(7)} open ${ratio('open')}, save unchanged ${ratio('save unchanged text')}, save renamed ${ratio('save after renaming it')}`);
  }
  console.log('Calls: open = GET; save = GET (conflict check, past the cache) + PUT + GET (read back). All results checked against the server.');
  console.log('Peak heap: heapUsed above a collected baseline, sampled every 5 ms and between steps; garbage counts until collected.');
}

async function main(): Promise<void> {
  const results: SizeResult[] = [];
  for (const mb of SIZES_MB) {
    results.push(await benchSize(mb));
  }
  print(results);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
