import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import fc from 'fast-check';
import * as vscode from 'vscode';
import type { TestingApi } from '../../../src/extension';
import type { Row } from '../../../src/tree/model/row';
import { DatasetBuilder, folder, request } from '../../fixtures/dataBuilders';
import type { Dataset, RequestItem, ScriptEvent } from '../../fixtures/datasetTypes';
import { LocalPostmanServer } from '../../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../../fixtures/sampleData';
import { SECRET_TOKEN_VALUE, sendDataset } from '../../fixtures/sendData';
import { TargetApi } from '../../fixtures/targetApi';
import { childNamed } from '../../integration/helpers';
import { nastyString } from '../arbitraries';
import { type Journey, recordScenario, saw, scenario } from '../report';
import { HostRun } from './kit';

const RUN: Journey = 'run';

const JOURNEY = 'Run Journey';
/** The link pattern VS Code renders in notifications and dialogs (trust.test.ts): a command link runs its command. */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i;
const SEED = 20_250_313;

/** Data file rows: generated strings, plus a link, newlines, bidi controls, an icon. */
const HOSTILE = [
  ...fc.sample(nastyString, { seed: SEED, numRuns: 8 }),
  '[x](command:workbench.action.quit)',
  '[Quit](command:workbench.action.quit "Quit")',
  'line1\nline2\r\n[x](command:postman.signOut)',
  '\u202Eexe.gnp\u202C \u2066[x](command:workbench.action.quit)\u2069',
  '$(zap) run',
];
const DATA = HOSTILE.map((value, i) => ({ name: value, value, target: i % 2 ? value : `{{baseUrl}}/echo?i=${i}` }));

function script(listen: ScriptEvent['listen'], ...exec: string[]): ScriptEvent {
  return { listen, script: { type: 'text/javascript', exec } };
}

function withEvents(item: RequestItem, ...events: ScriptEvent[]): RequestItem {
  item.event = [...(item.event ?? []), ...events];
  return item;
}

const passes = (name: string) => script('test', `pm.test("${name}", () => pm.response.to.have.status(200));`);

function journeyDataset(target: TargetApi, throttled: string): Dataset {
  const base = sendDataset(target);
  const b = new DatasetBuilder('run-journey', base.user, base.operations, Date.UTC(2025, 2, 2));
  const ids = b.ids;
  const ws = b.workspace({ name: JOURNEY, type: 'team', visibility: 'team', description: 'Faults a run must survive.' });
  b.collection(ws, {
    name: 'Runs',
    item: [
      withEvents(request(ids, 'OK', 'GET', '{{baseUrl}}/json?ok'), passes('ok')),
      folder(ids, 'Faults', [
        withEvents(request(ids, 'Before', 'GET', '{{baseUrl}}/json?before'), passes('before')),
        request(ids, 'Hang', 'GET', '{{baseUrl}}/hang'),
        request(ids, 'Reset', 'GET', '{{baseUrl}}/reset'),
        withEvents(request(ids, 'Big body', 'GET', '{{baseUrl}}/big?mb=10'), passes('big')),
        request(ids, 'Redirect loop', 'GET', '{{baseUrl}}/redirect-loop'),
        request(ids, 'Self-signed', 'GET', `${target.httpsUrl}/json`),
        withEvents(request(ids, 'Script throws', 'GET', '{{baseUrl}}/json?throws'), script('test', 'throw new Error("script broke");')),
        withEvents(request(ids, 'Script loops', 'GET', '{{baseUrl}}/json?loops'), script('prerequest', 'while (true) {}')),
        withEvents(request(ids, 'After', 'GET', '{{baseUrl}}/json?after'), passes('after')),
      ]),
      folder(ids, 'Download', [
        request(ids, 'Big body, slowly', 'GET', `${throttled}/big?mb=10`),
        request(ids, 'After the download', 'GET', '{{baseUrl}}/json?after-download'),
      ]),
      folder(ids, 'Hang then more', [
        request(ids, 'Hang', 'GET', '{{baseUrl}}/hang?cancel'),
        request(ids, 'After the hang', 'GET', '{{baseUrl}}/json?after-hang'),
      ]),
      // Secrets in a header, the console, a test's name, its failure and a thrown error.
      withEvents(
        request(ids, 'Secrets', 'GET', '{{baseUrl}}/bearer', { headers: [{ key: 'Authorization', value: 'Bearer {{token}}' }] }),
        script('prerequest', 'console.log("token is", pm.environment.get("token"));'),
        script(
          'test',
          'pm.test("sees " + pm.environment.get("token"), () => pm.expect(pm.environment.get("token")).to.eql("something else"));',
          'console.warn(JSON.stringify({ token: pm.environment.get("token") }));',
          'throw new Error("broke on " + pm.environment.get("token"));',
        ),
      ),
      // A collection from someone else looking for the Postman sign-in: it must find nothing to send.
      withEvents(
        request(ids, 'Snoop', 'POST', '{{baseUrl}}/echo?snoop', { body: { mode: 'raw', raw: '{{postmanApiKey}} {{x-api-key}} {{apiKey}} {{POSTMAN_API_KEY}}' } }),
        script(
          'prerequest',
          'const found = { env: pm.environment.toObject(), globals: pm.globals.toObject(), collection: pm.collectionVariables.toObject(), vars: pm.variables.toObject() };',
          'try { found.process = typeof process === "undefined" ? "none" : JSON.stringify(process.env); } catch (e) { found.process = String(e); }',
          'pm.sendRequest({ url: pm.environment.get("baseUrl") + "/echo?snooped", method: "POST", body: { mode: "raw", raw: JSON.stringify(found) } }, () => {});',
        ),
      ),
    ],
  });
  b.collection(ws, {
    name: 'Hostile data',
    item: [
      withEvents(
        request(ids, 'Doomed [x](command:workbench.action.quit) \u202Egnp', 'GET', '{{baseUrl}}/echo?v={{value}}'),
        script('test', 'console.log(pm.iterationData.get("name"));', 'pm.test(pm.iterationData.get("name"), () => pm.expect(pm.iterationData.get("value")).to.eql("never"));'),
      ),
      withEvents(request(ids, 'Thrower', 'GET', '{{baseUrl}}/json?thrower'), script('test', 'throw new Error(pm.iterationData.get("name"));')),
      request(ids, 'Hostile URL', 'GET', '{{target}}'),
    ],
  });
  for (const name of ['Parallel A', 'Parallel B']) {
    const tag = name.slice(-1);
    b.collection(ws, {
      name,
      item: Array.from({ length: 4 }, (_, i) => withEvents(request(ids, `${tag}${i}`, 'GET', `{{baseUrl}}/slow?ms=150&run=${tag}&i=${i}`), passes(`${tag} test ${i}`))),
    });
  }
  b.environment(ws, 'Run', [
    { key: 'baseUrl', value: target.url, enabled: true, type: 'default' },
    { key: 'token', value: SECRET_TOKEN_VALUE, enabled: true, type: 'secret' },
  ]);
  base.workspaces.push(...b.dataset.workspaces);
  Object.assign(base.collections, b.dataset.collections);
  Object.assign(base.environments, b.dataset.environments);
  return base;
}

// ---- a slow link: answers pass at a set rate, so a 10 MB download takes seconds (as in send.test.ts)

class Throttle {
  forwarded = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;

  private constructor(upstreamPort: number, bytesPerSecond: number) {
    this.server = net.createServer((client) => {
      const upstream = net.connect(upstreamPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.once('close', () => {
          this.sockets.delete(s);
          client.destroy();
          upstream.destroy();
        });
        s.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.on('data', (chunk: Buffer) => {
        this.forwarded += chunk.length;
        client.write(chunk);
        upstream.pause();
        setTimeout(() => upstream.resume(), (chunk.length / bytesPerSecond) * 1000);
      });
      upstream.on('end', () => client.end());
    });
  }

  static async start(upstreamPort: number, bytesPerSecond: number): Promise<{ throttle: Throttle; url: string }> {
    const throttle = new Throttle(upstreamPort, bytesPerSecond);
    await new Promise<void>((resolve) => throttle.server.listen(0, '127.0.0.1', resolve));
    return { throttle, url: `http://127.0.0.1:${(throttle.server.address() as net.AddressInfo).port}` };
  }

  close(): Promise<void> {
    this.sockets.forEach((s) => s.destroy());
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** What VS Code got from one test run: each item's verdict and messages, its output, whether it ended. */
interface SeenRun {
  results: Map<string, { verdict: string; messages: string[] }>;
  output: string;
  ended: boolean;
}

async function within<T>(promise: Thenable<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve(promise),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function secretForms(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), encodeURI(secret)])];
}

function messageText(m: vscode.TestMessage): string {
  return typeof m.message === 'string' ? m.message : m.message.value;
}

/**
 * The "run" journey (issue 13): a collection or folder run in VS Code's Test Explorer, in the
 * real extension host, against the local target API. A folder of faults (a hang with a 1 s
 * request timeout, a reset, a 10 MB body, a redirect loop, a forged certificate, a script that
 * throws, one that never ends with a 1 s script timeout) ends in bounded time with a summary,
 * each errored request 'errored' with a message naming the problem, and the extension still
 * answers. Cancel before the first request, during a 10 MB download and during a hang ends
 * the run within ~2 s, says "cancelled", and nothing more reaches the target. A data file of
 * hostile values makes no link in a message; secrets never show in the run's output, the log
 * or a message; the Postman API key never reaches the target; two runs at once keep apart.
 */
describe('reliability: run', function () {
  this.timeout(60_000);
  let target: TargetApi;
  let throttle: Throttle;
  let server: LocalPostmanServer;
  let host: HostRun;
  let api: TestingApi;
  const shown: { kind: string; text: string }[] = [];
  /** Every test run VS Code got in this journey. */
  const seenRuns: SeenRun[] = [];
  /** lastOutput after every run of the journey. */
  const outputs: string[] = [];
  const disposables: vscode.Disposable[] = [];
  let restoreCreateTestRun: (() => void) | undefined;

  /** Every request that reached the target in this journey (target.reset() forgets them). */
  const journeyRequests: TargetApi['requests'] = [];
  const resetTarget = () => {
    journeyRequests.push(...target.requests);
    target.reset();
  };
  const allRequests = () => [...journeyRequests, ...target.requests];

  const sendSetting = (key: string, value: unknown) => vscode.workspace.getConfiguration('postman.send').update(key, value, vscode.ConfigurationTarget.Global);
  const SEND_SETTINGS = ['requestTimeoutSeconds', 'scriptTimeoutSeconds'];

  before(async function () {
    this.timeout(120_000);
    target = await TargetApi.start();
    const throttled = await Throttle.start(Number(new URL(target.url).port), 2 * 1024 * 1024);
    throttle = throttled.throttle;
    server = new LocalPostmanServer({ rateLimits: false, dataset: () => journeyDataset(target, throttled.url) });
    host = new HostRun(server);
    api = await host.start({ signIn: true });
    disposables.push(api.observeMessages((m) => shown.push(m)));
    // What each test run gets, as VS Code gets it (lastResults is one map for every run).
    const controller = api.runs.testExplorer.controller as { createTestRun: vscode.TestController['createTestRun'] };
    const original = controller.createTestRun;
    controller.createTestRun = function (this: vscode.TestController, ...args: Parameters<vscode.TestController['createTestRun']>) {
      const real = original.apply(this, args);
      const seen: SeenRun = { results: new Map(), output: '', ended: false };
      seenRuns.push(seen);
      const note = (item: vscode.TestItem, verdict: string, m?: vscode.TestMessage | readonly vscode.TestMessage[]) =>
        seen.results.set(item.id, { verdict, messages: (m === undefined ? [] : Array.isArray(m) ? m : [m]).map((x: vscode.TestMessage) => messageText(x)) });
      return Object.assign(Object.create(real) as vscode.TestRun, {
        enqueued: (item: vscode.TestItem) => real.enqueued(item),
        started: (item: vscode.TestItem) => real.started(item),
        passed: (item: vscode.TestItem, d?: number) => (note(item, 'passed'), real.passed(item, d)),
        failed: (item: vscode.TestItem, m: vscode.TestMessage | readonly vscode.TestMessage[], d?: number) => (note(item, 'failed', m), real.failed(item, m, d)),
        errored: (item: vscode.TestItem, m: vscode.TestMessage | readonly vscode.TestMessage[], d?: number) => (note(item, 'errored', m), real.errored(item, m, d)),
        skipped: (item: vscode.TestItem) => (note(item, 'skipped'), real.skipped(item)),
        appendOutput: (o: string, l?: vscode.Location, i?: vscode.TestItem) => ((seen.output += o), real.appendOutput(o, l, i)),
        end: () => ((seen.ended = true), real.end()),
      });
    };
    restoreCreateTestRun = () => void (controller.createTestRun = original);
    await vscode.commands.executeCommand('postman.useEnvironment', await rowAt(JOURNEY, 'Environments', 'Run'));
    for (const name of ['Runs', 'Hostile data', 'Parallel A', 'Parallel B']) {
      const row = await collectionRow(name);
      await api.runs.testExplorer.add({ uid: row.uid as string, name, workspaceId: row.workspaceId as string });
    }
  });

  after(async function () {
    this.timeout(60_000);
    restoreCreateTestRun?.();
    disposables.forEach((d) => d.dispose());
    try {
      if (!api) {
        return;
      }
      acrossTheJourney('the Postman API key never reached the target API (every request of the journey)', () => {
        const leaks = allRequests()
          .filter((r) => secretForms(SAMPLE_API_KEY).some((f) => [r.path, JSON.stringify(r.headers), r.body, r.rawBody.toString('latin1')].join('\n').includes(f)))
          .map((r) => `${r.method} ${r.path}`);
        assert.deepEqual(leaks, [], 'the Postman API key went to the target API');
        assert.ok(allRequests().some((r) => r.path.includes('snooped')), 'the snooping script ran');
        return `${allRequests().length} requests to the target (a script looking for the key among them): no key`;
      });
      acrossTheJourney('the secret never showed in a run\'s output, a test message, the log or a message', () => {
        const texts: Record<string, string> = {
          lastOutput: outputs.join('\n'),
          'test run output': seenRuns.map((r) => r.output).join('\n'),
          'test messages': seenRuns.flatMap((r) => [...r.results.values()].flatMap((v) => v.messages)).join('\n'),
          log: logText(),
          messages: shown.map((m) => m.text).join('\n'),
        };
        const where = Object.entries(texts).filter(([, t]) => secretForms(SECRET_TOKEN_VALUE).some((f) => t.includes(f))).map(([w]) => w);
        assert.deepEqual(where, [], 'the secret was shown');
        assert.ok(outputs.some((o) => /token is •+/.test(o)), 'the secret\'s console line was in an output, masked');
        return `${outputs.length} runs' outputs, ${shown.length} messages, the log: masked everywhere`;
      });
      acrossTheJourney('no message held a link', () => {
        const linked = [...shown.map((m) => m.text), ...host.messages.shown.map((m) => m.text)].filter((t) => VSCODE_LINK.test(t) || t.includes('](command:'));
        assert.deepEqual(linked, [], 'a message holds a link');
        return `${shown.length + host.messages.shown.length} messages, no link`;
      });
    } finally {
      for (const key of SEND_SETTINGS) {
        await sendSetting(key, undefined);
      }
      for (const [, item] of api?.runs.testExplorer.controller.items ?? []) {
        await api.runs.testExplorer.remove(item);
      }
      await host?.stop();
      await throttle?.close();
      await target?.close();
    }
    if (journeyFailures.length > 0) {
      throw journeyFailures[0];
    }
  });

  afterEach(async () => {
    await host.heal();
    for (const key of SEND_SETTINGS) {
      await sendSetting(key, undefined);
    }
  });

  const journeyFailures: unknown[] = [];

  function acrossTheJourney(title: string, check: () => string): void {
    const started = Date.now();
    try {
      const detail = check();
      recordScenario({ where: 'host', journey: RUN, scenario: `across the journey: ${title}`, outcome: 'passed', detail, ms: Date.now() - started });
    } catch (err) {
      recordScenario({ where: 'host', journey: RUN, scenario: `across the journey: ${title}`, outcome: 'failed', detail: String(err instanceof Error ? err.message : err).split('\n')[0].slice(0, 200), ms: Date.now() - started });
      journeyFailures.push(err);
    }
  }

  function logText(): string {
    return fs.existsSync(api.logDir) ? fs.readdirSync(api.logDir).map((f) => fs.readFileSync(path.join(api.logDir, f), 'utf8')).join('\n') : '';
  }

  async function rowAt(...labels: string[]): Promise<Row> {
    let row: Row | undefined;
    for (const label of labels) {
      row = await childNamed(api, row, label);
    }
    return row as Row;
  }
  const collectionRow = (name: string) => rowAt(JOURNEY, 'Collections', name);

  /** The Test Explorer item of a collection, or of a folder or request under it. */
  async function itemOf(collection: string, ...labels: string[]): Promise<vscode.TestItem> {
    const row = labels.length ? await rowAt(JOURNEY, 'Collections', collection, ...labels) : await collectionRow(collection);
    const item = await api.runs.testExplorer.itemFor(await api.runs.accountKey(), (row.collectionUid ?? row.uid) as string, labels.length ? row.ids?.id : undefined);
    assert.ok(item, `no Test Explorer item for ${[collection, ...labels].join(' › ')}`);
    return item;
  }

  /** Runs the items as the Run profile does; resolves with what the run reported, and how long it took. */
  async function run(items: vscode.TestItem[], boundMs: number, opts: { token?: vscode.CancellationToken; withOptions?: boolean } = {}) {
    const first = seenRuns.length;
    const started = Date.now();
    await within(api.runs.testExplorer.runItems(items, opts.withOptions ?? false, opts.token), boundMs, 'the run');
    const ms = Date.now() - started;
    outputs.push(api.runs.testExplorer.lastOutput);
    return { ms, summary: api.runs.testExplorer.lastSummary ?? '', seen: seenRuns.slice(first), output: api.runs.testExplorer.lastOutput };
  }

  /** Right after a run: the tree answers, and a plain run of one request passes. */
  async function assertResponsive(): Promise<string> {
    const started = Date.now();
    const rows = await within(api.tree.getChildren(), 3000, 'the tree');
    assert.ok(rows.some((r) => r.label === JOURNEY), 'the tree lists the workspaces');
    const ok = await run([await itemOf('Runs', 'OK')], 10_000);
    assert.match(ok.summary, /^1 request, 1 of 1 test passed/);
    return `still answers (tree, and a passing run in ${Date.now() - started} ms)`;
  }

  // ---- scenarios ------------------------------------------------------------------------

  const FAULTS: { request: string; expect: RegExp }[] = [
    { request: 'Hang', expect: /ETIMEDOUT|ESOCKETTIMEDOUT|timed? ?out/i },
    { request: 'Reset', expect: /ECONNRESET|socket hang up/ },
    { request: 'Redirect loop', expect: /redirect/i },
    { request: 'Self-signed', expect: /self[- ]signed|certificate/i },
    { request: 'Script throws', expect: /^Post-response script: script broke$/ },
    { request: 'Script loops', expect: /^Pre-request script: The script timed out: it ran longer than 1 s and was stopped\.$/ },
  ];

  scenario('host', RUN, 'a folder of faults (hang with a 1 s timeout, reset, 10 MB body, redirect loop, forged certificate, a script that throws, one that loops with a 1 s timeout): each errored with the problem named, a summary in bounded time, and the extension still answers', async () => {
    await sendSetting('requestTimeoutSeconds', 1);
    await sendSetting('scriptTimeoutSeconds', 1);
    resetTarget();
    const result = await run([await itemOf('Runs', 'Faults')], 30_000);
    assert.ok(result.ms < 20_000, `the run took ${result.ms} ms`);
    assert.match(result.summary, /^\d+ requests \(\d+ without a response\), 3 of 3 tests passed, 2 script errors, [\d.]+ s$/, result.summary);
    assert.equal(result.seen.length, 1);
    const seen = result.seen[0];
    assert.ok(seen.ended, 'the test run ended');
    const problems: string[] = [];
    for (const f of FAULTS) {
      const id = (await itemOf('Runs', 'Faults', f.request)).id;
      assert.equal(api.runs.testExplorer.lastResults.get(id), 'errored', `${f.request} in lastResults`);
      const messages = seen.results.get(id)?.messages ?? [];
      assert.ok(messages.some((m) => f.expect.test(m)), `${f.request}: ${JSON.stringify(messages)}`);
      problems.push(`${f.request}: ${messages[0].slice(0, 40)}`);
    }
    assert.ok(target.requests.some((r) => r.path.startsWith('/json?after=')), 'the request after the faults ran');
    assert.deepEqual(shown.filter((m) => m.kind === 'error'), [], 'no error message for faults of the target');
    saw(`"${result.summary}" in ${result.ms} ms; ${problems.slice(0, 3).join('; ')}…; ${await assertResponsive()}`);
  });

  /** Cancel at a point of the run; it ends within ~2 s, says so, and nothing more reaches the target. */
  async function cancelled(items: vscode.TestItem[], when: (cancel: () => void) => Promise<void> | void, settle = 1500) {
    resetTarget();
    const source = new vscode.CancellationTokenSource();
    let cancelledAt = 0;
    let requestsAtCancel = 0;
    const doCancel = () => {
      cancelledAt = Date.now();
      requestsAtCancel = target.requests.length;
      source.cancel();
    };
    const running = run(items, 30_000, { token: source.token });
    await when(doCancel);
    const result = await running;
    const endedMs = Date.now() - cancelledAt;
    await sleep(settle);
    source.dispose();
    return { ...result, endedMs, after: target.requests.slice(requestsAtCancel).map((r) => r.path), before: target.requests.slice(0, requestsAtCancel).map((r) => r.path) };
  }

  scenario('host', RUN, 'Cancel before the first request (the token cancelled as the run starts): ends at once, says "cancelled", sends nothing', async () => {
    const result = await cancelled([await itemOf('Runs')], (cancel) => cancel());
    assert.ok(result.endedMs < 2000, `ended ${result.endedMs} ms after Cancel`);
    assert.deepEqual(result.after, [], 'requests reached the target after Cancel');
    assert.match(result.summary, /cancelled$/, `summary: "${result.summary}"`);
    saw(`"${result.summary}" ${result.endedMs} ms after Cancel; nothing sent`);
  });

  scenario('host', RUN, 'Cancel with the token already cancelled: no run, or a run that says "cancelled"; nothing sent', async () => {
    const source = new vscode.CancellationTokenSource();
    source.cancel();
    resetTarget();
    const before = seenRuns.length;
    const result = await run([await itemOf('Runs')], 5000, { token: source.token });
    await sleep(500);
    assert.deepEqual(target.requests.map((r) => r.path), [], 'requests reached the target');
    const started = seenRuns.length > before;
    if (started) {
      assert.match(result.summary, /cancelled$/, `summary: "${result.summary}"`);
    }
    saw(started ? `"${result.summary}" in ${result.ms} ms; nothing sent` : 'no run started; nothing sent');
  });

  scenario('host', RUN, 'Cancel during a 10 MB download (a throttled link, 2 MB/s): ends within 2 s, "cancelled", the download stops and nothing more is sent', async () => {
    const forwarded = throttle.forwarded;
    const result = await cancelled([await itemOf('Runs', 'Download')], async (cancel) => {
      const started = Date.now();
      while (throttle.forwarded - forwarded < 1024 * 1024 && Date.now() - started < 15_000) {
        await sleep(50);
      }
      cancel();
    });
    const atEnd = throttle.forwarded;
    await sleep(500);
    assert.ok(result.endedMs < 2000, `ended ${result.endedMs} ms after Cancel`);
    assert.deepEqual(result.after, [], 'requests reached the target after Cancel');
    assert.match(result.summary, /cancelled$/, `summary: "${result.summary}"`);
    assert.ok(throttle.forwarded - atEnd < 512 * 1024, `the download went on: ${throttle.forwarded - atEnd} bytes after the run ended`);
    const mb = ((atEnd - forwarded) / 1024 / 1024).toFixed(1);
    saw(`"${result.summary}" ${result.endedMs} ms after Cancel, ${mb} MB of 10 downloaded`);
  });

  scenario('host', RUN, 'Cancel during a hang (default request timeout): ends within 2 s, "cancelled", and the next request is never sent', async () => {
    const result = await cancelled([await itemOf('Runs', 'Hang then more')], async (cancel) => {
      const started = Date.now();
      while (!target.requests.some((r) => r.path.startsWith('/hang?cancel')) && Date.now() - started < 10_000) {
        await sleep(50);
      }
      await sleep(300);
      cancel();
    });
    assert.ok(result.before.some((p) => p.startsWith('/hang?cancel')), 'the hang was reached');
    assert.ok(result.endedMs < 2000, `ended ${result.endedMs} ms after Cancel`);
    assert.deepEqual(result.after, [], 'requests reached the target after Cancel');
    assert.match(result.summary, /cancelled$/, `summary: "${result.summary}"`);
    saw(`"${result.summary}" ${result.endedMs} ms after Cancel; ${await assertResponsive()}`);
  });

  scenario('host', RUN, `a data file of ${DATA.length} rows of hostile values (links, newlines, bidi controls, generated): the run ends, no message holds a link, nothing crashes`, async () => {
    const explorer = api.runs.testExplorer;
    const original = explorer.askOptions;
    const mark = shown.length;
    const hostMark = host.messages.shown.length;
    const workspaceId = (await rowAt(JOURNEY)).workspaceId as string;
    explorer.askOptions = async () => ({ environment: await api.runs.environments.get(workspaceId), data: DATA });
    let result;
    try {
      result = await run([await itemOf('Hostile data')], 30_000, { withOptions: true });
    } finally {
      explorer.askOptions = original;
    }
    assert.match(result.summary, new RegExp(`^\\d+ requests.*, 0 of ${DATA.length} tests passed, ${DATA.length} script errors, ${DATA.length} iterations`), result.summary);
    const messages = [...shown.slice(mark).map((m) => m.text), ...host.messages.since(hostMark)];
    assert.deepEqual(messages.filter((t) => VSCODE_LINK.test(t) || t.includes('](command:')), [], 'a message holds a link');
    // Test messages are plain text (a MarkdownString would render a link).
    const markdown = result.seen.flatMap((r) => [...r.results.values()]).length;
    assert.ok(markdown > 0, 'the run reported results');
    saw(`"${result.summary}"; ${messages.length} messages, none with a link; ${await assertResponsive()}`);
  });

  scenario('host', RUN, 'secrets: a request whose scripts log, test and throw with the token: every form masked in the output and the test messages', async () => {
    const result = await run([await itemOf('Runs', 'Secrets')], 10_000);
    const texts = [result.output, ...result.seen.flatMap((r) => [...r.results.values()].flatMap((v) => v.messages))].join('\n');
    assert.ok(!secretForms(SECRET_TOKEN_VALUE).some((f) => texts.includes(f)), 'the secret showed');
    assert.match(result.output, /token is •+/);
    saw(`"${result.summary}"; the token masked in the output and ${result.seen[0]?.results.size ?? 0} results`);
  });

  scenario('host', RUN, 'a collection snooping for the Postman sign-in finds nothing to send', async () => {
    resetTarget();
    const result = await run([await itemOf('Runs', 'Snoop')], 10_000);
    assert.equal(target.requests.length, 2, 'the script\'s request and the request itself');
    for (const r of target.requests) {
      assert.ok(!secretForms(SAMPLE_API_KEY).some((f) => JSON.stringify(r).includes(f)), `the key went to ${r.path}`);
    }
    saw(`"${result.summary}"; ${(target.requests[0].body.length / 1024).toFixed(1)} KB of variables found, no key`);
  });

  scenario('host', RUN, 'two runs started at once (two collections): both finish with their own summaries and results, none mixed', async () => {
    resetTarget();
    const [a, b] = await Promise.all([itemOf('Parallel A'), itemOf('Parallel B')]);
    const first = seenRuns.length;
    const logBefore = logText().length;
    const started = Date.now();
    await within(Promise.all([api.runs.testExplorer.runItems([a]), api.runs.testExplorer.runItems([b])]), 30_000, 'the two runs');
    const ms = Date.now() - started;
    outputs.push(api.runs.testExplorer.lastOutput);
    const runs = seenRuns.slice(first);
    assert.equal(runs.length, 2, 'two test runs');
    assert.ok(runs.every((r) => r.ended), 'both ended');
    for (const [i, tag] of [[0, 'A'], [1, 'B']] as const) {
      const own = runs[i];
      const other = tag === 'A' ? 'B' : 'A';
      assert.match(own.output, /Postman run: 4 requests, 4 of 4 tests passed/, `run ${tag}'s output: ${own.output.slice(-300)}`);
      assert.ok(!new RegExp(`→ ${other}\\d`).test(own.output), `run ${tag}'s output holds run ${other}'s requests`);
      const ids = [...own.results.keys()];
      assert.equal(ids.length, 4, `run ${tag}'s results: ${ids.length}`);
      const root = tag === 'A' ? a.id : b.id;
      assert.ok(ids.every((id) => id.startsWith(`${root.split('/').slice(0, 1).join('/')}/`)), 'results of this account');
      assert.ok([...own.results.values()].every((v) => v.verdict === 'passed'));
    }
    // The test items of each run belong to its own collection.
    const itemsA = new Set(await childIds(a));
    const itemsB = new Set(await childIds(b));
    assert.ok([...runs[0].results.keys()].every((id) => itemsA.has(id)) && [...runs[1].results.keys()].every((id) => itemsB.has(id)), 'results went to the other collection');
    const finished = logText().slice(logBefore).match(/Run finished: .*/g) ?? [];
    assert.equal(finished.length, 2, `the log: ${finished.join(' | ')}`);
    // lastResults is the latest run's: it must not hold the other run's verdicts mixed in.
    const last = [...api.runs.testExplorer.lastResults.keys()];
    const mixed = last.some((id) => itemsA.has(id)) && last.some((id) => itemsB.has(id));
    assert.ok(!mixed, `lastResults mixes both runs' verdicts (${last.length} of them)`);
    saw(`both finished in ${ms} ms: ${finished.map((f) => f.replace('Run finished: ', '')).join(' | ')}`);
  });

  async function childIds(root: vscode.TestItem): Promise<string[]> {
    const ids: string[] = [];
    const walk = (item: vscode.TestItem) => {
      for (const [, child] of item.children) {
        ids.push(child.id);
        walk(child);
      }
    };
    walk(root);
    return ids;
  }
});
