/**
 * `npm run bench`, third part: the "run" journey. A 1,000-request collection (one small test
 * each, test/fixtures/runSamples.ts) is run against the local target API (in this process)
 * by this extension's engine and by newman 6.2.2, as a library and as its CLI. Each run is a
 * fresh child process, so every contender pays for its own start-up and is measured alone;
 * runs are interleaved so a busy machine slows all of them alike. Every run is checked: all
 * requests arrive and all tests pass, or the bench fails instead of printing a figure.
 *
 * This file is also the child: `runs.js --child ours|newman <collection.json>` runs the
 * collection once and prints one `RESULT {…}` line.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as EngineModule from '../src/runs/engine/engine';
import type * as RunReportModule from '../src/runs/model/runReport';
import type { RunEvent, RunPlan } from '../src/runs/model/types';
import { bigCollection, writeRunFiles } from '../test/fixtures/runSamples';
import { TargetApi } from '../test/fixtures/targetApi';

const REQUESTS = 1000;
const RUNS = 3;
const MB = 1024 * 1024;
const ROOT = path.join(__dirname, '..', '..');
const NEWMAN_CLI = path.join(ROOT, 'node_modules', 'newman', 'bin', 'newman.js');
const NEWMAN_VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'newman', 'package.json'), 'utf8')) as { version: string }).version;
const RUNTIME_VERSIONS = {
  ours: (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'postman-runtime', 'package.json'), 'utf8')) as { version: string }).version,
  newman: (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'newman', 'node_modules', 'postman-runtime', 'package.json'), 'utf8')) as { version: string }).version,
};

type Who = 'ours' | 'newman' | 'cli';

/** What a child measures of its own run (not for the CLI, which is newman's code alone). */
interface InRun {
  ms: number;
  firstMs: number;
  peakHeapMb: number;
  requests: number;
  assertions: number;
  failedAssertions: number;
}

interface Sample {
  who: Who;
  /** Spawn → exit, seen from here. */
  processMs: number;
  /** Spawn → the first request arriving at the target API. */
  spawnToFirstMs: number;
  /** The child's peak resident set (getrusage maxRSS, reported at exit by a preload). */
  peakRssMb: number;
  inRun?: InRun;
}

// ---- the child ----------------------------------------------------------------------------

/** Heap of this (main) isolate above a collected baseline, sampled every 5 ms and on demand. */
function heapSampler(): { sample: () => void; peakMb: () => number } {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sample = () => void (peak = Math.max(peak, process.memoryUsage().heapUsed));
  const timer = setInterval(sample, 5);
  timer.unref();
  return { sample, peakMb: () => (sample(), clearInterval(timer), (peak - base) / MB) };
}

async function childOurs(collection: object): Promise<InRun> {
  // Loaded here, not at the top: the newman child and the parent must not load our runtime.
  const load = createRequire(__filename);
  const { createEngine } = load('../src/runs/engine/engine') as typeof EngineModule;
  const { RunReport } = load('../src/runs/model/runReport') as typeof RunReportModule;
  // The extension's defaults (postman.send.*): 120 s per request, 10 s per script, 50 MB kept.
  const plan: RunPlan = { collection, globals: [], collectionVariables: [], timeouts: { requestMs: 120_000, scriptMs: 10_000 }, strictSSL: true, maxBodyBytes: 50 * MB };
  const heap = heapSampler();
  const report = new RunReport();
  let firstMs = -1;
  const started = performance.now();
  const result = await createEngine().run(plan, (e: RunEvent) => {
    if (firstMs < 0 && e.type === 'request') {
      firstMs = performance.now() - started;
    }
    report.add(e);
  }).done;
  report.finish(result);
  const ms = performance.now() - started;
  const s = report.summary();
  return { ms, firstMs, peakHeapMb: heap.peakMb(), requests: s.requests, assertions: s.assertions, failedAssertions: s.failedAssertions };
}

interface NewmanStats {
  run: { stats: Record<'requests' | 'assertions', { total: number; failed: number }> };
}

interface NewmanLibrary {
  run(options: object, callback: (err: Error | null, summary: NewmanStats) => void): { on(event: 'request', listener: () => void): void };
}

async function childNewman(collection: object): Promise<InRun> {
  const newman = createRequire(__filename)('newman') as NewmanLibrary;
  const heap = heapSampler();
  let firstMs = -1;
  const started = performance.now();
  const summary = await new Promise<NewmanStats>((resolve, reject) => {
    newman
      .run({ collection, reporters: [] }, (err, s) => (err ? reject(err) : resolve(s)))
      .on('request', () => {
        if (firstMs < 0) {
          firstMs = performance.now() - started;
        }
      });
  });
  const ms = performance.now() - started;
  const s = summary.run.stats;
  return { ms, firstMs, peakHeapMb: heap.peakMb(), requests: s.requests.total, assertions: s.assertions.total, failedAssertions: s.assertions.failed };
}

async function child(who: string, file: string): Promise<void> {
  const collection = JSON.parse(fs.readFileSync(file, 'utf8')) as object;
  const result = who === 'ours' ? await childOurs(collection) : await childNewman(collection);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}

// ---- the parent ---------------------------------------------------------------------------

/** Preloaded into every child: writes the process's peak RSS (KB) to a file as it exits. */
const PRELOAD = `process.on('exit', () => require('node:fs').writeFileSync(process.env.RUNS_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`;

async function runOnce(who: Who, api: TargetApi, collectionFile: string, tmp: string, n: number): Promise<Sample> {
  const preload = path.join(tmp, 'preload.js');
  const rssFile = path.join(tmp, `rss-${who}-${n}.txt`);
  const args =
    who === 'cli'
      ? [NEWMAN_CLI, 'run', collectionFile]
      : [__filename, '--child', who, collectionFile];
  api.reset();
  let firstArrival = -1;
  // The target API records each request as it arrives: note when the first one does.
  const requests = api.requests;
  requests.push = (...items) => {
    if (firstArrival < 0) {
      firstArrival = performance.now();
    }
    return Array.prototype.push.apply(requests, items);
  };
  const spawned = performance.now();
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', '-r', preload, ...args], { env: { ...process.env, RUNS_BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.setEncoding('utf8').on('data', (d: string) => void (who === 'cli' ? undefined : (out += d)));
    proc.stderr.setEncoding('utf8').on('data', (d: string) => void (err += d));
    proc.once('error', reject);
    proc.once('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
  });
  const processMs = performance.now() - spawned;
  delete (requests as { push?: unknown }).push;
  const label = `${who} run ${n}`;
  if (code !== 0) {
    throw new Error(`${label}: exited ${code} (a failed test makes newman exit 1): ${stderr}`);
  }
  if (requests.length !== REQUESTS) {
    throw new Error(`${label}: the target API received ${requests.length} requests, not ${REQUESTS}`);
  }
  const sample: Sample = { who, processMs, spawnToFirstMs: firstArrival - spawned, peakRssMb: Number(fs.readFileSync(rssFile, 'utf8')) / 1024 };
  if (who !== 'cli') {
    const line = /^RESULT (.*)$/m.exec(stdout)?.[1];
    if (!line) {
      throw new Error(`${label}: no result: ${stdout} ${stderr}`);
    }
    const inRun = JSON.parse(line) as InRun;
    if (inRun.requests !== REQUESTS || inRun.assertions !== REQUESTS || inRun.failedAssertions !== 0) {
      throw new Error(`${label}: ${inRun.requests} requests, ${inRun.assertions} tests, ${inRun.failedAssertions} failed; expected ${REQUESTS}, ${REQUESTS}, 0`);
    }
    sample.inRun = inRun;
  }
  return sample;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function print(samples: Sample[]): void {
  const of = (who: Who) => samples.filter((s) => s.who === who);
  /** Total: the run alone (in the child, run() → done) where measured, else spawn → exit. */
  const total = (who: Who) => median(of(who).map((s) => s.inRun?.ms ?? s.processMs));
  const ours = total('ours');
  const rows: [Who, string][] = [
    ['ours', 'this extension (engine)'],
    ['newman', `newman ${NEWMAN_VERSION} as a library`],
    ['cli', `newman ${NEWMAN_VERSION} CLI`],
  ];
  const cell = (v: number | undefined, width: number, digits = 0) => (v === undefined ? '—' : v.toFixed(digits)).padStart(width);
  console.log(`\nRun: a ${REQUESTS.toLocaleString('en')}-request collection (one test each) against the local target API; median of ${RUNS} runs each, interleaved, each in a fresh child process (Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}).\n`);
  console.log(`${'contender'.padEnd(30)}${'total s'.padStart(9)}${'ours ÷'.padStart(8)}${'first ms'.padStart(10)}${'spawn→1st'.padStart(11)}${'process s'.padStart(14)}${'heap MB'.padStart(9)}${'RSS MB'.padStart(8)}`);
  console.log(`${''.padEnd(30)}${'(run)'.padStart(9)}${'this'.padStart(8)}${'(run)'.padStart(10)}${'ms'.padStart(11)}${'(spawn→exit)'.padStart(14)}${'(run)'.padStart(9)}${'peak'.padStart(8)}`);
  for (const [who, name] of rows) {
    const s = of(who);
    const inRun = s.every((x) => x.inRun) ? s.map((x) => x.inRun as InRun) : undefined;
    const t = total(who);
    console.log(
      `${name.padEnd(30)}${cell(t / 1000, 9, 2)}${`${(ours / t).toFixed(2)}×`.padStart(8)}${cell(inRun && median(inRun.map((r) => r.firstMs)), 10)}` +
        `${cell(median(s.map((x) => x.spawnToFirstMs)), 11)}${cell(median(s.map((x) => x.processMs)) / 1000, 14, 2)}` +
        `${cell(inRun && median(inRun.map((r) => r.peakHeapMb)), 9, 1)}${cell(median(s.map((x) => x.peakRssMb)), 8, 0)}`,
    );
  }
  const library = total('newman');
  const ratio = ours / library;
  console.log(`\nGoal: ours ≤ 1.2× newman's time, like for like (the library: both timed run() → done): ${ratio.toFixed(2)}× — ${ratio <= 1.2 ? 'met' : 'NOT met'}.`);
  console.log(`Each run (s): ${rows.map(([who]) => `${who} ${of(who).map((s) => ((s.inRun?.ms ?? s.processMs) / 1000).toFixed(2)).join('/')}`).join(', ')}.`);
  console.log('total: this extension and the library: run() → done inside the child, start-up excluded; the CLI: spawn → exit, start-up included (compare its "process s").');
  console.log('first ms: run() → the first \'request\' event (its response received), inside the child; the CLI cannot be timed inside, so see spawn→1st.');
  console.log('spawn→1st: spawning the child → the first request arriving at the target API (Node start-up, module loading, the first request sent).');
  console.log(`heap MB: the child's main-isolate heapUsed above a collected baseline taken just before run(), sampled every 5 ms (--expose-gc).`);
  console.log(`  Not like for like: our postman-runtime ${RUNTIME_VERSIONS.ours} runs scripts in a worker thread, whose heap this leaves out;`);
  console.log(`  newman's postman-runtime ${RUNTIME_VERSIONS.newman} runs them in the main isolate (node:vm). Peak RSS counts both.`);
  console.log('RSS MB: the child\'s peak resident set for its whole life (getrusage maxRSS, written at exit by a -r preload): Node itself, modules, worker threads.');
  console.log('The target API runs in the benchmark\'s own process; each run is checked: 1,000 requests arrived, 1,000 tests passed.');
}

async function main(): Promise<void> {
  const api = await TargetApi.start();
  const files = writeRunFiles(bigCollection(api.url, REQUESTS));
  fs.writeFileSync(path.join(files.dir, 'preload.js'), PRELOAD);
  const samples: Sample[] = [];
  try {
    console.log(`Running a ${REQUESTS}-request collection ${RUNS} times each with this extension's engine, newman as a library and newman's CLI…`);
    for (let n = 1; n <= RUNS; n++) {
      for (const who of ['ours', 'newman', 'cli'] as const) {
        samples.push(await runOnce(who, api, files.collection, files.dir, n));
      }
    }
  } finally {
    await api.close();
    fs.rmSync(files.dir, { recursive: true, force: true });
  }
  print(samples);
}

if (process.argv[2] === '--child') {
  child(process.argv[3], process.argv[4]).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
