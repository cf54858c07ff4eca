/**
 * Parity with newman: each sample collection (test/fixtures/runSamples.ts) is run by newman's
 * CLI (newman 6.2.2, with the postman-runtime it ships) and by this extension's engine, against
 * the same local target API, and the run's counts must be equal: iterations, requests (and
 * those without a response), assertions (and the failed ones), script errors, the order of
 * the requests executed, and the request targets the API received. Data files are read for the
 * engine by the extension's own reader (src/runs/engine/dataFile.ts), newman reads its copy.
 *
 * newman exits non-zero when an assertion fails: that is expected here, its JSON report is
 * what is compared.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDataFile } from '../../src/runs/engine/dataFile';
import { createEngine } from '../../src/runs/engine/engine';
import { RunReport, type RunSummary } from '../../src/runs/model/runReport';
import type { RunPlan, Variable } from '../../src/runs/model/types';
import { bigCollection, chainingCollection, chainingVariables, DATA_ROWS, dataCollection, writeRunFiles } from '../fixtures/runSamples';
import { TargetApi } from '../fixtures/targetApi';
import { describeNotUnderMutation } from './notUnderMutation';

const NEWMAN = path.join(__dirname, '..', '..', '..', 'node_modules', 'newman', 'bin', 'newman.js');

type Counts = Omit<RunSummary, 'timeMs' | 'aborted'>;

interface Outcome {
  counts: Counts;
  /** Item names in the order their requests were sent (skipped items excluded). */
  names: string[];
  /** What the target API received, in order (`/echo?i=1`). */
  targets: string[];
}

interface NewmanStats {
  total: number;
  failed: number;
}

interface NewmanReport {
  run: {
    stats: Record<'iterations' | 'requests' | 'assertions' | 'testScripts' | 'prerequestScripts', NewmanStats>;
    executions: { item: { name: string } }[];
    error?: unknown;
  };
}

interface Variables {
  environment?: Variable[];
  globals?: Variable[];
}

function newmanCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    // Asynchronous on purpose: the target API answering newman runs in this process.
    execFile(process.execPath, [NEWMAN, ...args], { maxBuffer: 64 * 1024 * 1024 }, (err, _stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr });
    });
  });
}

describeNotUnderMutation('Parity with newman: the same collections, the same counts', function () {
  this.timeout(120_000);
  let api: TargetApi;
  let dir: string;

  before(async () => {
    api = await TargetApi.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newman-parity-'));
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function withNewman(name: string, collection: object, opts: { data?: 'json' | 'csv'; variables?: Variables } = {}): Promise<Outcome> {
    const files = writeRunFiles(collection, opts.data ? DATA_ROWS : undefined, path.join(dir, name));
    const out = path.join(files.dir, 'newman-report.json');
    const args = ['run', files.collection, '--reporters', 'json', '--reporter-json-export', out];
    if (opts.data) {
      args.push('-d', (opts.data === 'json' ? files.jsonData : files.csvData) as string);
    }
    for (const v of opts.variables?.environment ?? []) {
      args.push('--env-var', `${v.key}=${v.value}`);
    }
    for (const v of opts.variables?.globals ?? []) {
      args.push('--global-var', `${v.key}=${v.value}`);
    }
    api.reset();
    const { code, stderr } = await newmanCli(args);
    assert.ok(fs.existsSync(out), `newman wrote no report (exit ${code}): ${stderr}`);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as NewmanReport;
    const s = report.run.stats;
    assert.equal(report.run.error ?? undefined, undefined, 'newman ended on an error of its own');
    // Failed assertions make newman exit 1; anything else (2+: a usage or load error) is wrong.
    assert.ok(code === 0 || code === 1, `newman exited ${code}: ${stderr}`);
    return {
      counts: {
        iterations: s.iterations.total,
        requests: s.requests.total,
        failedRequests: s.requests.failed,
        assertions: s.assertions.total,
        failedAssertions: s.assertions.failed,
        scriptErrors: s.testScripts.failed + s.prerequestScripts.failed,
      },
      names: report.run.executions.map((e) => e.item.name),
      targets: api.requests.map((r) => r.path),
    };
  }

  async function withEngine(collection: object, opts: { data?: Record<string, unknown>[]; variables?: Variables } = {}): Promise<Outcome> {
    const plan: RunPlan = {
      collection,
      ...(opts.variables?.environment ? { environment: { name: 'newman --env-var', values: opts.variables.environment } } : {}),
      globals: opts.variables?.globals ?? [],
      collectionVariables: [],
      ...(opts.data ? { data: opts.data } : {}),
      timeouts: { requestMs: 10_000, scriptMs: 5_000 },
      strictSSL: true,
      maxBodyBytes: 1024 * 1024,
    };
    api.reset();
    const report = new RunReport();
    const result = await createEngine().run(plan, (e) => report.add(e)).done;
    report.finish(result);
    assert.equal(result.error, undefined, 'the engine ended on an error of its own');
    const s = report.summary();
    const counts: Counts = { iterations: s.iterations, requests: s.requests, failedRequests: s.failedRequests, assertions: s.assertions, failedAssertions: s.failedAssertions, scriptErrors: s.scriptErrors };
    return { counts, names: report.executions.filter((e) => !e.skipped).map((e) => e.item.name), targets: api.requests.map((r) => r.path) };
  }

  function assertSame(ours: Outcome, newman: Outcome, expected: Counts): void {
    assert.deepEqual(ours.counts, newman.counts, 'counts (ours, newman)');
    assert.deepEqual(ours.names, newman.names, 'request order (ours, newman)');
    assert.deepEqual(ours.targets, newman.targets, 'what the target API received (ours, newman)');
    // Both could agree on nothing having run: the samples' own numbers are checked too.
    assert.deepEqual(ours.counts, expected, 'counts (ours, the sample as written)');
  }

  it('"Chaining": a chained id, variables from scripts, environment and globals, failures, a reset, setNextRequest jumping over a request', async () => {
    const url = api.url;
    const variables = chainingVariables(url);
    const newman = await withNewman('chaining-skip', chainingCollection('skip'), { variables });
    const ours = await withEngine(chainingCollection('skip'), { variables });
    assertSame(ours, newman, { iterations: 1, requests: 8, failedRequests: 1, assertions: 13, failedAssertions: 3, scriptErrors: 1 });
    assert.deepEqual(ours.names, ['Create', 'Read', 'Deliberate failure', 'Server error', 'Script error', 'Connection reset', 'Jump', 'Last']);
    assert.ok(ours.targets.includes('/echo?id=item-42&folder=Items'), 'the id was chained into the next URL');
  });

  it('"Chaining": setNextRequest(null) ends the run early', async () => {
    const url = api.url;
    const variables = chainingVariables(url);
    const newman = await withNewman('chaining-stop', chainingCollection('stop'), { variables });
    const ours = await withEngine(chainingCollection('stop'), { variables });
    assertSame(ours, newman, { iterations: 1, requests: 7, failedRequests: 1, assertions: 12, failedAssertions: 3, scriptErrors: 1 });
    assert.equal(ours.names.at(-1), 'Jump');
  });

  it('"Data": 3 iterations from a JSON data file', async () => {
    const newman = await withNewman('data-json', dataCollection(api.url), { data: 'json' });
    const rows = parseDataFile(fs.readFileSync(path.join(dir, 'data-json', 'data.json'), 'utf8'));
    const ours = await withEngine(dataCollection(api.url), { data: rows });
    assertSame(ours, newman, { iterations: 3, requests: 6, failedRequests: 0, assertions: 12, failedAssertions: 2, scriptErrors: 0 });
    assert.deepEqual(ours.names, ['By number', 'By status', 'By number', 'By status', 'By number', 'By status']);
  });

  it('"Data": 3 iterations from a CSV data file (quoted commas and quotes)', async () => {
    const newman = await withNewman('data-csv', dataCollection(api.url), { data: 'csv' });
    const rows = parseDataFile(fs.readFileSync(path.join(dir, 'data-csv', 'data.csv'), 'utf8'));
    assert.deepEqual(rows, DATA_ROWS, 'the CSV reads back as the rows written');
    const ours = await withEngine(dataCollection(api.url), { data: rows });
    assertSame(ours, newman, { iterations: 3, requests: 6, failedRequests: 0, assertions: 12, failedAssertions: 2, scriptErrors: 0 });
    assert.ok(ours.targets.includes('/echo?n=3&word=say%20%22three%22'), `the quoted CSV value was sent: ${ours.targets.join(' ')}`);
  });

  it('a generated collection of 100 requests', async () => {
    const newman = await withNewman('big', bigCollection(api.url, 100));
    const ours = await withEngine(bigCollection(api.url, 100));
    assertSame(ours, newman, { iterations: 1, requests: 100, failedRequests: 0, assertions: 100, failedAssertions: 0, scriptErrors: 0 });
  });
});
