import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import * as vscode from 'vscode';
import type { TestingApi } from '../../../src/extension';
import { ResponseView } from '../../../src/runs/responseView';
import type { Sent } from '../../../src/runs/sender';
import type { Row } from '../../../src/tree/model/row';
import { DatasetBuilder, folder, request } from '../../fixtures/dataBuilders';
import type { Dataset, RequestItem, ScriptEvent } from '../../fixtures/datasetTypes';
import { LocalPostmanServer } from '../../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../../fixtures/sampleData';
import { SECRET_TOKEN_VALUE, sendDataset } from '../../fixtures/sendData';
import { TargetApi } from '../../fixtures/targetApi';
import { childNamed, waitFor } from '../../integration/helpers';
import { NASTY_NAMES, nastyString } from '../arbitraries';
import { type Journey, recordScenario, saw, scenario } from '../report';
import { closeAllEditors, HostRun, setTimeoutSeconds } from './kit';
import { SECRETS_USED } from './00-watch.test';

const SEND: Journey = 'send';

const JOURNEY = 'Send Journey';
const DOOMED = 'Doomed [Quit](command:workbench.action.quit) \u202Eenv';
/** The link pattern VS Code renders in notifications and dialogs (trust.test.ts): a command link runs its command. */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i;
const SEED = 20_250_312;

// ---- generated input (fixed seeds: a failure names the value, and the next run meets it again)

/** Request names: the hand-picked nasty ones, generated ones, a status-bar icon and a long link. */
const HOSTILE_NAMES = [
  ...NASTY_NAMES,
  ...fc.sample(nastyString, { seed: SEED, numRuns: 6 }),
  'Run $(zap) now [Run](command:postman.signOut)',
  `${'Long '.repeat(300)}[end](command:workbench.action.quit)`,
];
/** The names sent in full from the tree (all of them meet the response view and the messages): a link, an icon. */
const SENT_IN_FULL = [14, NASTY_NAMES.length + 6].map((i) => HOSTILE_NAMES[i]);
/** Sent by its raw name (as another caller of the same send gives it): the link. */
const RAW_IN_FULL = [HOSTILE_NAMES[14]];
/** The names shown in a tab of their own (all of them make a response document): empty, NUL and ESC, lone surrogates, 5,000 characters. */
const IN_A_TAB = [0, 9, 15, 16].map((i) => HOSTILE_NAMES[i]);
/** Variable values: generated, plus a self-reference, braces, a link, a header injection, a bidi override. */
const HOSTILE_VALUES = [
  ...fc.sample(nastyString, { seed: SEED + 1, numRuns: 14 }),
  '{{h0}}',
  '}}{{',
  '[Quit](command:workbench.action.quit)',
  'a\r\nX-Injected: yes',
  '\u202Egnp.exe',
];
/** Too long for a URL or a header: the body only. */
const LONG_VALUE = 'x'.repeat(20_000);

const wellFormed = (s: string) => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
/** What a header can carry (Node refuses the rest, and trims spaces at either end). */
const headerSafe = (s: string) => !/[^\t\x20-\x7e\x80-\xff]/.test(s) && s.trim() === s;
/** Secret values of at least 4 UTF-16 units: token-like, printable ASCII, any Unicode, with quotes, backslashes and controls. */
const secretArb = fc
  .oneof(
    fc.stringMatching(/^[A-Za-z0-9_.~+/=-]{8,40}$/),
    fc.string({ unit: 'grapheme-ascii', minLength: 6, maxLength: 24 }),
    fc.string({ unit: 'grapheme', minLength: 4, maxLength: 12 }),
    fc.string({ unit: 'binary', minLength: 4, maxLength: 12 }),
  )
  .filter((s) => s.length >= 4 && s.trim().length >= 4 && wellFormed(s) && !s.includes('•'));
/** The environment's token, hand-picked ones, then generated: s0, s1, … of the "Journey" environment (the odd ones as current values). */
const SECRETS = [...new Set([SECRET_TOKEN_VALUE, 'p"ss\\word-1', 'line\nbreak-secret', 'tab\tsecret', 'a b&c=d/e?f', 'ünïcødé-sëcret 🙂', ...fc.sample(secretArb, { seed: SEED + 2, numRuns: 12 })])];
/** The current values the user set for the odd ones (their initial values in Postman are placeholders). */
const CURRENT_SECRETS = Object.fromEntries(SECRETS.flatMap((secret, i) => (i % 2 ? [[`s${i}`, secret]] : [])));

// ---- the data: "Send Samples" (sendData.ts) plus a workspace of this journey's own

function script(listen: ScriptEvent['listen'], ...exec: string[]): ScriptEvent {
  return { listen, script: { type: 'text/javascript', exec } };
}

function withEvents(item: RequestItem, ...events: ScriptEvent[]): RequestItem {
  item.event = [...(item.event ?? []), ...events];
  return item;
}

const each = (what: (i: number) => string) => SECRETS.map((_, i) => what(i));

/** Every secret, in the console, a test's name and its failure, and a thrown error. */
const SECRET_SCRIPTS = [
  script('prerequest', ...each((i) => `console.log("secret ${i} is", pm.environment.get("s${i}"));`)),
  script(
    'test',
    ...each((i) => `pm.test("sees " + pm.environment.get("s${i}"), () => pm.expect(pm.environment.get("s${i}")).to.eql("something else"));`),
    `console.warn(JSON.stringify({ ${each((i) => `s${i}: pm.environment.get("s${i}")`).join(', ')} }));`,
    `throw new Error("broke on " + [${each((i) => `pm.environment.get("s${i}")`).join(', ')}].join(" "));`,
  ),
];

function journeyDataset(target: TargetApi, throttled: string): Dataset {
  const base = sendDataset(target);
  const b = new DatasetBuilder('send-journey', base.user, base.operations, Date.UTC(2025, 2, 1));
  const ids = b.ids;
  const ws = b.workspace({ name: JOURNEY, type: 'team', visibility: 'team', description: 'Faults a send must survive.' });
  b.collection(ws, {
    name: 'Journey',
    item: [
      request(ids, 'OK', 'GET', '{{baseUrl}}/json'),
      folder(ids, 'Faults', [
        request(ids, 'Hang', 'GET', '{{baseUrl}}/hang'),
        request(ids, 'Reset', 'GET', '{{baseUrl}}/reset'),
        request(ids, 'Big body', 'GET', '{{baseUrl}}/big?mb=10'),
        request(ids, 'Big body, slowly', 'GET', `${throttled}/big?mb=10`),
        request(ids, 'Redirect loop', 'GET', '{{baseUrl}}/redirect-loop'),
        request(ids, 'Self-signed', 'GET', `${target.httpsUrl}/json`),
        request(ids, 'Refused', 'GET', 'http://127.0.0.1:9/json'),
        withEvents(request(ids, 'Script throws', 'GET', '{{baseUrl}}/json'), script('test', 'throw new Error("script broke");')),
        withEvents(request(ids, 'Script loops', 'GET', '{{baseUrl}}/json'), script('prerequest', 'while (true) {}')),
      ]),
      // Every secret in the query, the body, the console and the tests; in a header each that a header can carry.
      withEvents(
        request(ids, 'Secrets everywhere', 'POST', `{{baseUrl}}/echo?${each((i) => `s${i}={{s${i}}}`).join('&')}`, {
          headers: [
            { key: 'Authorization', value: 'Bearer {{token}}' },
            ...SECRETS.flatMap((secret, i) => (headerSafe(secret) ? [{ key: `X-Secret-${i}`, value: `{{s${i}}}` }] : [])),
          ],
          body: { mode: 'raw', raw: each((i) => `secret ${i}: {{s${i}}}`).join('\n') },
        }),
        ...SECRET_SCRIPTS,
      ),
      withEvents(request(ids, 'Secrets in a JSON body', 'POST', '{{baseUrl}}/echo', { json: Object.fromEntries(SECRETS.map((_, i) => [`s${i}`, `{{s${i}}}`])) }), ...SECRET_SCRIPTS),
      // A collection from someone else looking for the Postman sign-in: it must find nothing to send.
      withEvents(
        request(ids, 'Snoop', 'POST', '{{baseUrl}}/echo', { body: { mode: 'raw', raw: '{{postmanApiKey}} {{x-api-key}} {{apiKey}} {{POSTMAN_API_KEY}}' } }),
        script(
          'prerequest',
          'const found = { env: pm.environment.toObject(), globals: pm.globals.toObject(), collection: pm.collectionVariables.toObject(), vars: pm.variables.toObject() };',
          'try { found.process = typeof process === "undefined" ? "none" : JSON.stringify(process.env); } catch (e) { found.process = String(e); }',
          'try { found.require = Object.keys(require("process").env || {}).join(","); } catch (e) { found.require = String(e); }',
          'pm.sendRequest({ url: pm.environment.get("baseUrl") + "/echo", method: "POST", body: { mode: "raw", raw: JSON.stringify(found) } }, () => {});',
        ),
      ),
      // The user's own request to the Postman API: the runtime sends it without the sign-in.
      request(ids, 'Postman API itself', 'GET', '{{postmanBase}}/me?from=runtime'),
    ],
  });
  const values = HOSTILE_VALUES.map((_, i) => i);
  b.collection(ws, {
    name: 'Hostile',
    item: [
      ...HOSTILE_NAMES.map((name, i) => request(ids, name, 'GET', `{{baseUrl}}/echo?i=${i}`)),
      withEvents(
        request(ids, 'Hostile values', 'POST', `{{baseUrl}}/echo?${values.map((i) => `v${i}={{h${i}}}`).join('&')}`, { body: { mode: 'raw', raw: `${values.map((i) => `{{h${i}}}`).join('\n')}\n{{long}}` } }),
        script('test', ...values.map((i) => `console.log(pm.variables.get("h${i}"));`), ...values.map((i) => `pm.test(pm.variables.get("h${i}"), () => {});`)),
      ),
      request(ids, 'Hostile values in headers', 'GET', '{{baseUrl}}/echo', { headers: values.map((i) => ({ key: `X-H${i}`, value: `{{h${i}}}` })) }),
    ],
    variable: [...HOSTILE_VALUES.map((value, i) => ({ key: `h${i}`, value })), { key: 'long', value: LONG_VALUE }],
  });
  b.environment(ws, 'Journey', [
    { key: 'baseUrl', value: target.url, enabled: true, type: 'default' as const },
    { key: 'token', value: SECRET_TOKEN_VALUE, enabled: true, type: 'secret' },
    ...SECRETS.map((secret, i) => ({ key: `s${i}`, value: i % 2 ? `placeholder-${i}` : secret, enabled: true, type: 'secret' as const })),
    // Set to the Postman server's address once it listens.
    { key: 'postmanBase', value: '', enabled: true, type: 'default' },
  ]);
  b.environment(ws, DOOMED, [{ key: 'baseUrl', value: target.url, enabled: true, type: 'default' }]);
  ws.globals = [{ key: 'fromGlobals', value: 'g', enabled: true, type: 'default' }];
  base.workspaces.push(...b.dataset.workspaces);
  Object.assign(base.collections, b.dataset.collections);
  Object.assign(base.environments, b.dataset.environments);
  return base;
}

// ---- a slow link: answers pass at a set rate, so a 10 MB download takes seconds

class Throttle {
  /** Bytes passed from the target to the client. */
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

// ---- helpers

/** `promise`, or a clear failure once `ms` have passed: a hang fails the scenario, not the run. */
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

/** The forms a secret takes in text: as it is, JSON-escaped, percent-encoded (as a query value, and as a URL). */
function secretForms(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), encodeURI(secret)])];
}

const show = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/**
 * The "send" journey (issue 12): sending a request of a collection with Postman's runtime,
 * in the real extension host, against a local target API. Each fault of the target (a hang,
 * a reset, a 10 MB body, a redirect loop, a forged certificate, a refused connection, a
 * script that throws or never ends) gives a result in the response editor that names the
 * problem, in bounded time, and the extension still answers right after. Several sends at
 * once all finish; a download can be cancelled; the Postman API failing meanwhile (500,
 * 429, no answer, a deleted environment) says so and sends nothing. Hostile names and
 * values never make a link in a message nor break the response editor; secret values never
 * show in the editor, the log or a message; the Postman sign-in never reaches the target;
 * nothing is sent without an explicit Send.
 */
describe('reliability: send', function () {
  this.timeout(60_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'postman-reliability-send-'));
  let target: TargetApi;
  let throttle: Throttle;
  let server: LocalPostmanServer;
  let host: HostRun;
  let api: TestingApi;
  let engineAtStart = false;
  /** Every message the extension showed or titled a progress with, as VS Code got it. */
  const shown: { kind: string; text: string }[] = [];
  /** Every status bar message. */
  const statusBar: string[] = [];
  /** Every response editor's text this journey read. */
  const responses: string[] = [];
  const disposables: vscode.Disposable[] = [];
  let restoreStatusBar: (() => void) | undefined;

  const sendSetting = (key: string, value: unknown) => vscode.workspace.getConfiguration('postman.send').update(key, value, vscode.ConfigurationTarget.Global);
  const SEND_SETTINGS = ['requestTimeoutSeconds', 'scriptTimeoutSeconds', 'maxResponseMB', 'maxShownResponseKB'];

  before(async function () {
    this.timeout(120_000);
    target = await TargetApi.start();
    const throttled = await Throttle.start(Number(new URL(target.url).port), 4 * 1024 * 1024);
    throttle = throttled.throttle;
    server = new LocalPostmanServer({ rateLimits: false, dataset: () => journeyDataset(target, throttled.url) });
    host = new HostRun(server);
    api = await host.start({ signIn: true });
    engineAtStart = api.runs.engineLoaded();
    const env = Object.values(server.dataset.environments).find((e) => e.name === 'Journey');
    assert.ok(env);
    env.values.find((v) => v.key === 'postmanBase')!.value = server.url;
    disposables.push(api.observeMessages((m) => shown.push(m)));
    const w = vscode.window as unknown as Record<string, unknown>;
    const saved = w.setStatusBarMessage;
    w.setStatusBarMessage = (text: string, ...rest: unknown[]) => {
      statusBar.push(text);
      return (saved as (...a: unknown[]) => vscode.Disposable).call(vscode.window, text, ...rest);
    };
    restoreStatusBar = () => void (w.setStatusBarMessage = saved);
    // The secrets are searched for in everything VS Code wrote, too (00-watch.test.ts).
    SECRETS_USED.push(...SECRETS.filter((s) => s.length >= 8));
  });

  after(async function () {
    this.timeout(60_000);
    restoreStatusBar?.();
    disposables.forEach((d) => d.dispose());
    try {
      if (!api) {
        return; // before() failed: nothing to check, only to close
      }
      acrossTheJourney('the Postman API key never reached the target API (every request of the journey)', () => {
        const leaks: string[] = [];
        for (const r of target.requests) {
          const seen = [r.path, JSON.stringify(r.headers), r.body, r.rawBody.toString('latin1')].join('\n');
          if (secretForms(SAMPLE_API_KEY).some((f) => seen.includes(f))) {
            leaks.push(`${r.method} ${r.path}`);
          }
        }
        assert.deepEqual(leaks, [], 'the Postman API key went to the target API');
        // The user's own request to the Postman API: without the sign-in (it answers 401).
        const own = server.requests.filter((r) => r.path === '/me' && r.query.from === 'runtime');
        assert.deepEqual(own.map((r) => r.credential), own.map(() => 'none'));
        return `${target.requests.length} requests to the target, ${own.length} to the Postman API from the runtime: no key`;
      });
      acrossTheJourney('secret values never showed in a response editor, the log or a message', () => {
        const where = leaksOf(SECRETS, { responses: responses.join('\n'), log: logText(), messages: shown.map((m) => m.text).join('\n') });
        assert.deepEqual(where, [], 'secret values were shown');
        return `${SECRETS.length} secrets, ${responses.length} responses, ${shown.length} messages, the log: none shown`;
      });
      acrossTheJourney('no message held a link', () => {
        const linked = [...shown.map((m) => m.text), ...host.messages.shown.map((m) => m.text)].filter((t) => VSCODE_LINK.test(t) || t.includes('](command:'));
        assert.deepEqual(linked, [], 'a message holds a link');
        return `${shown.length + host.messages.shown.length} messages, no link`;
      });
    } finally {
      await closeAllEditors();
      for (const key of SEND_SETTINGS) {
        await sendSetting(key, undefined);
      }
      await host?.stop();
      await throttle?.close();
      await target?.close();
      fs.rmSync(tmp, { recursive: true, force: true });
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
    await closeAllEditors();
  });

  /** Failures of the checks over the whole journey: the hook fails with them once everything is closed. */
  const journeyFailures: unknown[] = [];

  /** A check over the whole journey, as a row of the report. */
  function acrossTheJourney(title: string, check: () => string): void {
    const started = Date.now();
    try {
      const detail = check();
      recordScenario({ where: 'host', journey: SEND, scenario: `across the journey: ${title}`, outcome: 'passed', detail, ms: Date.now() - started });
    } catch (err) {
      recordScenario({ where: 'host', journey: SEND, scenario: `across the journey: ${title}`, outcome: 'failed', detail: String(err instanceof Error ? err.message : err).split('\n')[0].slice(0, 200), ms: Date.now() - started });
      journeyFailures.push(err);
    }
  }

  function logText(): string {
    return fs.existsSync(api.logDir) ? fs.readdirSync(api.logDir).map((f) => fs.readFileSync(path.join(api.logDir, f), 'utf8')).join('\n') : '';
  }

  /** "where: secret (form)" for every secret found in one of `texts`. */
  function leaksOf(secrets: string[], texts: Record<string, string>): string[] {
    const found: string[] = [];
    for (const secret of secrets) {
      for (const [where, text] of Object.entries(texts)) {
        const form = secretForms(secret).find((f) => text.includes(f));
        if (form !== undefined) {
          found.push(`${where}: ${show(secret)}${form === secret ? '' : ` as ${show(form)}`}`);
        }
      }
    }
    return found;
  }

  async function rowAt(...labels: string[]): Promise<Row> {
    let row: Row | undefined;
    for (const label of labels) {
      row = await childNamed(api, row, label);
    }
    return row as Row;
  }
  const journeyRow = (name: string, ...folders: string[]) => rowAt(JOURNEY, 'Collections', 'Journey', ...folders, name);
  const fault = (name: string) => journeyRow(name, 'Faults');
  const environmentRow = (name: string) => rowAt(JOURNEY, 'Environments', name);
  const workspaceId = async () => (await rowAt(JOURNEY)).workspaceId as string;

  async function useEnvironment(name: string): Promise<void> {
    await vscode.commands.executeCommand('postman.useEnvironment', await environmentRow(name));
  }

  async function uriOf(row: Row, name = row.label): Promise<vscode.Uri> {
    return ResponseView.uri(await api.runs.accountKey(), row.collectionUid as string, row.ids?.id as string, name);
  }

  /** The response editor of `uri`, in a tab, once it shows what the extension holds for it (kept for the journey's checks). */
  async function responseText(uri: vscode.Uri): Promise<string> {
    const key = uri.toString();
    const want = api.runs.responses.provideTextDocumentContent(uri);
    const inTab = () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key));
    const doc = await waitFor(`the response editor of ${uri.path}`, () => (inTab() ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && d.getText() === want) : undefined), 5000);
    const text = doc.getText();
    responses.push(text);
    return text;
  }

  async function closeTab(uri: vscode.Uri): Promise<void> {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
    await vscode.window.tabGroups.close(tabs);
  }

  /** Send Request on a row, as from the tree; resolves with the response editor's text once shown. */
  async function send(row: Row, boundMs = 20_000): Promise<{ text: string; ms: number; messages: string[] }> {
    const mark = host.messages.shown.length;
    const uri = await uriOf(row);
    const started = Date.now();
    await within(vscode.commands.executeCommand('postman.sendRequest', row), boundMs, `Send Request on "${row.label}"`);
    const ms = Date.now() - started;
    return { text: await responseText(uri), ms, messages: host.messages.since(mark) };
  }

  /** Send Request on a row that cannot be sent: resolves with the messages shown, and no response editor. */
  async function sendFails(row: Row, boundMs: number): Promise<{ errors: string[]; ms: number }> {
    const mark = host.messages.shown.length;
    const before = target.requests.length;
    const uri = await uriOf(row);
    const shownBefore = api.runs.responses.provideTextDocumentContent(uri);
    const started = Date.now();
    await within(vscode.commands.executeCommand('postman.sendRequest', row), boundMs, `Send Request on "${row.label}"`);
    const ms = Date.now() - started;
    assert.equal(api.runs.responses.provideTextDocumentContent(uri), shownBefore, 'the response editor is left as it was');
    assert.equal(target.requests.length, before, 'nothing reached the target');
    return { errors: host.messages.shown.slice(mark).filter((m) => m.severity === 'error').map((m) => m.text), ms };
  }

  /** Right after a fault: the tree answers, and a plain request sends and gets its 200. */
  async function assertResponsive(): Promise<string> {
    const started = Date.now();
    const rows = await within(api.tree.getChildren(), 3000, 'the tree');
    assert.ok(rows.some((r) => r.label === JOURNEY), 'the tree lists the workspaces');
    const row = await journeyRow('OK');
    const sent = await within(api.runs.sender.send(targetOf(row)), 10_000, 'a plain send');
    assert.equal(sent.outcome.response?.code, 200, JSON.stringify(sent.outcome.error ?? sent.outcome.runError));
    return `still answers (tree, and a 200 in ${Date.now() - started} ms)`;
  }

  function targetOf(row: Row, name = row.label) {
    return { collectionUid: row.collectionUid as string, itemId: row.ids?.id as string, workspaceId: row.workspaceId as string, name };
  }

  // ---- scenarios ------------------------------------------------------------------------

  scenario('host', SEND, 'nothing is sent without Send Request (browsing, opening the collection, choosing an environment, a restored response tab); Send Request sends once', async () => {
    const marks: string[] = [];
    let t0 = Date.now();
    const mark = (what: string) => {
      marks.push(`${what} ${Date.now() - t0} ms`);
      t0 = Date.now();
    };
    const journey = await rowAt(JOURNEY, 'Collections', 'Journey');
    // Every row of the collection listed, each tree item made (a click runs its command).
    const rows: Row[] = [];
    const walk = async (row: Row) => {
      for (const child of await api.tree.getChildren(row)) {
        rows.push(child);
        const item = api.tree.getTreeItem(child);
        assert.notEqual(item.command?.command, 'postman.sendRequest', `a click on "${child.label}" would send it`);
        if (child.expandable) {
          await walk(child);
        }
      }
    };
    await walk(journey);
    assert.ok(rows.filter((r) => r.kind === 'request').length >= 10);
    mark('tree');
    // The collection as JSON, with its "Send" lenses: shown, not run.
    await vscode.commands.executeCommand('postman.openCollection', journey);
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    mark('open');
    await useEnvironment('Journey');
    mark('environment');
    // A response tab restored after a reload shows a note; it does not send again.
    const ok = await journeyRow('OK');
    const restored = await vscode.workspace.openTextDocument(await uriOf(ok));
    await vscode.window.showTextDocument(restored);
    assert.match(restored.getText(), /no longer kept: send the request again/);
    // Send Request with no request chosen (a key binding, the palette) only says how.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const shownMark = host.messages.shown.length;
    await vscode.commands.executeCommand('postman.sendRequest');
    assert.deepEqual(host.messages.since(shownMark), ['Choose a request in the Postman view and use Send Request on it.']);
    mark('restored tab, no target');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(target.requests.map((r) => r.path), [], 'nothing reached the target');
    if (!engineAtStart) {
      assert.equal(api.runs.engineLoaded(), false, "Postman's runtime was loaded without a send");
    }
    // The explicit action: one request, once.
    const first = await send(ok);
    mark('first send');
    assert.match(first.text, /^\/\/ 200 OK · /m);
    assert.deepEqual(target.requests.map((r) => r.path), ['/json']);
    saw(`${rows.length} rows, the collection opened, an environment chosen, a restored tab: nothing sent; Send Request: 1 request (${marks.join(', ')})`);
  });

  interface TargetFault {
    title: string;
    request: string;
    expect: RegExp;
    /** The bound for the result, in ms. */
    bound: number;
    settings?: Record<string, number>;
  }
  const TARGET_FAULTS: TargetFault[] = [
    { title: 'a request that hangs (request timeout 1 s)', request: 'Hang', expect: /^(?:\/\/ )?Error: .*(ETIMEDOUT|ESOCKETTIMEDOUT|timed? ?out)/im, bound: 10_000, settings: { requestTimeoutSeconds: 1 } },
    { title: 'a server that resets the connection', request: 'Reset', expect: /^(?:\/\/ )?Error: .*(ECONNRESET|socket hang up)/m, bound: 8000 },
    { title: 'a 10 MB body', request: 'Big body', expect: /^\/\/ 200 OK · \d+ ms · 10 MB$[\s\S]*^\/\/ Showing the first 1\.0 MB of 10 MB\./m, bound: 20_000 },
    { title: 'a redirect loop', request: 'Redirect loop', expect: /^(?:\/\/ )?Error: .*redirect/im, bound: 8000 },
    { title: 'an invalid (self-signed) certificate', request: 'Self-signed', expect: /^(?:\/\/ )?Error: .*(self[- ]signed|certificate)/im, bound: 8000 },
    { title: 'a refused connection', request: 'Refused', expect: /^(?:\/\/ )?Error: .*ECONNREFUSED/m, bound: 8000 },
    { title: 'a script that throws', request: 'Script throws', expect: /^\/\/ 200 OK[\s\S]*^\/\/ {3}post-response: script broke$/m, bound: 8000 },
    { title: 'a script that loops forever (script timeout 1 s)', request: 'Script loops', expect: /^(?:\/\/ )? {2}pre-request: The script timed out: it ran longer than 1 s and was stopped\.$/m, bound: 10_000, settings: { scriptTimeoutSeconds: 1 } },
  ];

  for (const c of TARGET_FAULTS) {
    scenario('host', SEND, `${c.title}: the response editor names it, and the extension still answers`, async () => {
      await useEnvironment('Journey');
      for (const [key, value] of Object.entries(c.settings ?? {})) {
        await sendSetting(key, value);
      }
      const result = await send(await fault(c.request), c.bound + 5000);
      assert.match(result.text, c.expect, result.text.slice(0, 600));
      assert.ok(result.ms < c.bound, `the result came after ${result.ms} ms (bound ${c.bound} ms)`);
      assert.deepEqual(result.messages, [], 'a fault of the target is shown in the response editor, not as an error message');
      const line = result.text.split('\n').find((l) => c.expect.test(l) || /^\/\/ (Error|\d{3} )|post-response|pre-request/.test(l)) ?? '';
      saw(`"${line.replace(/^\/\/\s*/, '').slice(0, 90)}" in ${result.ms} ms; ${await assertResponsive()}`);
    });
  }

  scenario('host', SEND, 'a 10 MB body over postman.send.maxResponseMB (1): the editor says what was kept, and Save Response Body saves what it says', async () => {
    await useEnvironment('Journey');
    await sendSetting('maxResponseMB', 1);
    await sendSetting('maxShownResponseKB', 64);
    const row = await fault('Big body');
    const result = await send(row);
    assert.match(result.text, /^\/\/ 200 OK · \d+ ms · 10 MB$/m);
    const file = vscode.Uri.file(path.join(tmp, 'kept.json'));
    await api.runs.responses.saveBody(await uriOf(row), file);
    const saved = fs.statSync(file.fsPath).size;
    const says = /^\/\/ .*$/gm.exec(result.text.split('\n').filter((l) => /Save Response Body/.test(l)).join('\n'))?.[0] ?? '';
    if (/saves all of it/.test(says)) {
      assert.ok(saved >= 10 * 1024 * 1024 * 0.99, `the editor says "${says.slice(3)}", but only ${saved} bytes were saved (postman.send.maxResponseMB kept 1 MB)`);
    }
    assert.ok(says, 'the editor says the body is cut');
    saw(`"${says.slice(3, 120)}"; saved ${(saved / 1024 / 1024).toFixed(1)} MB`);
  });

  scenario('host', SEND, 'five sends at once (a 200, a hang with a 2 s timeout, a redirect loop, a reset, a forged certificate): all finish, each editor its own result', async () => {
    await useEnvironment('Journey');
    await sendSetting('requestTimeoutSeconds', 2);
    const cases: [Row, RegExp][] = [
      [await journeyRow('OK'), /^\/\/ 200 OK · /m],
      [await fault('Self-signed'), /^(?:\/\/ )?Error: .*(self[- ]signed|certificate)/im],
      [await fault('Hang'), /^(?:\/\/ )?Error: .*(ETIMEDOUT|ESOCKETTIMEDOUT|timed? ?out)/im],
      [await fault('Redirect loop'), /^(?:\/\/ )?Error: .*redirect/im],
      [await fault('Reset'), /^(?:\/\/ )?Error: .*(ECONNRESET|socket hang up)/m],
    ];
    const started = Date.now();
    await within(Promise.all(cases.map(([row]) => vscode.commands.executeCommand('postman.sendRequest', row))), 20_000, 'five sends at once');
    const ms = Date.now() - started;
    for (const [row, expect] of cases) {
      const text = await responseText(await uriOf(row));
      assert.match(text, expect, `${row.label}:\n${text.slice(0, 400)}`);
    }
    assert.ok(ms < 15_000, `${ms} ms`);
    saw(`all 5 finished in ${ms} ms, each with its own result; ${await assertResponsive()}`);
  });

  scenario('host', SEND, 'cancel during a 10 MB download (4 MB/s): stops at once, the download ends, the editor says Cancelled', async () => {
    await useEnvironment('Journey');
    const row = await fault('Big body, slowly');
    const cancel = new vscode.CancellationTokenSource();
    const start = throttle.forwarded;
    const sending = api.runs.sender.send(targetOf(row), cancel.token);
    await waitFor('1 MB of the body on its way', () => throttle.forwarded - start > 1024 * 1024, 10_000);
    const cancelledAt = Date.now();
    const at = throttle.forwarded - start;
    cancel.cancel();
    const sent: Sent = await within(sending, 5000, 'the cancelled send');
    const stoppedMs = Date.now() - cancelledAt;
    assert.equal(sent.outcome.aborted, true);
    assert.ok(stoppedMs < 2000, `the send ended ${stoppedMs} ms after Cancel`);
    await new Promise((r) => setTimeout(r, 500));
    const after = throttle.forwarded - start;
    assert.ok(after - at < 1024 * 1024, `the download went on after Cancel: ${((after - at) / 1024 / 1024).toFixed(1)} MB more`);
    assert.ok(after < 10 * 1024 * 1024, 'the whole body was downloaded anyway');
    await waitFor('the target to see the connection closed', () => target.pending === 0, 3000);
    await api.runs.responses.show(await uriOf(row), row.label, sent.outcome, { secrets: sent.secrets, maxShownBytes: 1024 * 1024 });
    const text = await responseText(await uriOf(row));
    assert.match(text, /^(?:\/\/ )?Cancelled\.$/m);
    saw(`cancelled at ${(at / 1024 / 1024).toFixed(1)} MB, ended in ${stoppedMs} ms, ${(after / 1024 / 1024).toFixed(1)} MB in all; ${await assertResponsive()}`);
  });

  interface ApiFault {
    title: string;
    on: 'collection' | 'globals' | 'environment';
    apply(match: { path: string }): void;
    /** The error's words; undefined: the send goes on (globals are optional). */
    expect?: RegExp;
    bound: number;
    timeoutSeconds?: number;
  }
  const API_FAULTS: ApiFault[] = [
    { title: 'GET /collections/{uid} answers 500', on: 'collection', apply: (match) => server.injectFault({ kind: 'status', status: 500, match }), expect: /Postman had a server error \(500\); try again in a moment/, bound: 5000 },
    { title: 'GET /collections/{uid} answers 429 (Retry-After: 1) again and again', on: 'collection', apply: (match) => server.injectFault({ kind: 'status', status: 429, retryAfter: 1, match }), expect: /rate limit was reached; try again in 1 s/, bound: 12_000 },
    { title: 'GET /collections/{uid} never answers (Postman timeout 1 s)', on: 'collection', apply: (match) => server.injectFault({ kind: 'hang', match }), expect: /did not answer in time/, bound: 8000, timeoutSeconds: 1 },
    { title: 'GET /environments/{uid} resets the connection', on: 'environment', apply: (match) => server.injectFault({ kind: 'reset', match }), expect: /The (active )?environment "Journey" could not be loaded \(Could not reach the Postman API: the connection was reset/, bound: 5000 },
    { title: 'GET global-variables answers 500', on: 'globals', apply: (match) => server.injectFault({ kind: 'status', status: 500, match }), bound: 5000 },
  ];

  for (const c of API_FAULTS) {
    scenario('host', SEND, `the Postman API fails meanwhile: ${c.title}${c.expect ? ': a clear error, nothing sent' : ': sent without globals, a warning in the log'}`, async () => {
      await useEnvironment('Journey');
      const row = await journeyRow('OK');
      const ws = await workspaceId();
      const envUid = (await environmentRow('Journey')).uid as string;
      if (c.timeoutSeconds) {
        await setTimeoutSeconds(c.timeoutSeconds);
      }
      // What Refresh does: the next send reads Postman again, and meets the fault.
      const path = c.on === 'collection' ? `/collections/${row.collectionUid}` : c.on === 'environment' ? `/environments/${envUid}` : `/workspaces/${ws}/global-variables`;
      api.repo.invalidate(c.on === 'collection' ? `collection:${row.collectionUid}` : c.on === 'environment' ? `environment:${envUid}` : `globals:${ws}`);
      c.apply({ path });
      if (c.expect) {
        const failed = await sendFails(row, c.bound + 5000);
        assert.equal(failed.errors.length, 1, JSON.stringify(failed.errors));
        assert.match(failed.errors[0], /^Could not send OK: /);
        assert.match(failed.errors[0], c.expect);
        assert.doesNotMatch(failed.errors[0], /Unexpected error/, 'our words, not a bug report');
        assert.ok(!failed.errors[0].includes(SAMPLE_API_KEY));
        assert.ok(failed.ms < c.bound, `the error came after ${failed.ms} ms`);
        saw(`"${failed.errors[0].slice(0, 130)}" in ${failed.ms} ms`);
        return;
      }
      const result = await send(row, c.bound + 5000);
      assert.match(result.text, /^\/\/ 200 OK · /m);
      assert.deepEqual(result.messages, []);
      assert.ok(result.ms < c.bound, `${result.ms} ms`);
      const warning = await waitFor('the warning in the log', () => logText().split('\n').reverse().find((l) => new RegExp(`Globals of workspace ${ws} could not be loaded; \\w+ without them`).test(l)), 5000);
      saw(`200 in ${result.ms} ms; the log: "${warning.replace(/^.*?\[warning\]\s*/, '').slice(0, 100)}"`);
    });
  }

  scenario('host', SEND, 'the active environment deleted in Postman (404): a clear message naming it, nothing sent; another environment sends', async () => {
    const doomedRow = await environmentRow(DOOMED.replace('\u202E', ''));
    await vscode.commands.executeCommand('postman.useEnvironment', doomedRow);
    const row = await journeyRow('OK');
    const first = await send(row);
    assert.match(first.text, /^\/\/ 200 OK/m, 'sends with it while it exists');
    const uid = doomedRow.uid as string;
    const saved = server.dataset.environments[uid];
    const ws = server.dataset.workspaces.find((w) => w.name === JOURNEY);
    assert.ok(ws);
    const refs = [...ws.environments];
    delete server.dataset.environments[uid];
    ws.environments = ws.environments.filter((e) => e.uid !== uid);
    try {
      await vscode.commands.executeCommand('postman.refresh');
      const failed = await sendFails(row, 10_000);
      assert.equal(failed.errors.length, 1, JSON.stringify(failed.errors));
      assert.match(failed.errors[0], /^Could not send OK: .*The (active )?environment "Doomed \[/);
      assert.match(failed.errors[0], /Not found in Postman \(404\); it may have been deleted/);
      assert.match(failed.errors[0], /Choose another with "Postman: Select Environment"/);
      assert.doesNotMatch(failed.errors[0], /Unexpected error/, 'our words, not a bug report');
      await useEnvironment('Journey');
      const again = await send(row);
      assert.match(again.text, /^\/\/ 200 OK/m);
      saw(`"${failed.errors[0].slice(0, 140)}"; another environment: 200`);
    } finally {
      server.dataset.environments[uid] = saved;
      ws.environments = refs;
      await vscode.commands.executeCommand('postman.refresh');
    }
  });

  scenario('host', SEND, `hostile request names (${HOSTILE_NAMES.length}: links, newlines, bidi, NUL, lone surrogates, 5,000 characters, generated) and variable values (${HOSTILE_VALUES.length + 1}): the response editor shows each, no message holds a link`, async function () {
    await useEnvironment('Journey');
    const collection = await rowAt(JOURNEY, 'Collections', 'Hostile');
    const children = await api.tree.getChildren(collection);
    const named = children.slice(0, HOSTILE_NAMES.length);
    assert.equal(named.length, HOSTILE_NAMES.length);
    const uid = collection.uid as string;
    const items = server.dataset.collections[uid].item as { id: string; name: string }[];
    const account = await api.runs.accountKey();
    const markShown = shown.length;
    const markStatus = statusBar.length;
    const seen: string[] = [];
    const marks: string[] = [];
    let t0 = Date.now();
    const mark = (what: string) => {
      marks.push(`${what} ${Date.now() - t0} ms`);
      t0 = Date.now();
    };
    // The values: in the URL, the body, the console and test names; in headers (Node refuses some: an error, shown).
    for (const name of ['Hostile values', 'Hostile values in headers']) {
      const result = await send(children.find((r) => r.label === name) as Row);
      const status = /^(?:\/\/ )?(\d{3} \w+|Error: .{0,60})/m.exec(result.text)?.[1];
      assert.ok(status, result.text.slice(0, 300));
      seen.push(`${name}: ${status}`);
    }
    const valuesRow = children.find((r) => r.label === 'Hostile values') as Row;
    const values = api.runs.responses.outcomeOf(await uriOf(valuesRow));
    assert.equal(values?.outcome.response?.code, 200, 'the values are sent');
    assert.ok(values.text.includes(LONG_VALUE.slice(0, 1000)), 'the 20,000-character value is shown');
    mark('values');
    // Names: two sent in full from the tree, the link also by its raw name…
    for (const name of SENT_IN_FULL) {
      const i = HOSTILE_NAMES.indexOf(name);
      const fromTree = await send(named[i]);
      assert.match(fromTree.text, new RegExp(`^// GET http://127\\.0\\.0\\.1:\\d+/echo\\?i=${i}$`, 'm'), show(name));
      if (RAW_IN_FULL.includes(name)) {
        const uri = ResponseView.uri(account, uid, items[i].id, name);
        await within(api.runs.send(targetOf(named[i], name)), 15_000, `sending ${show(name)}`);
        assert.match(await responseText(uri), /^\/\/ 200 OK/m, show(name));
      }
    }
    mark('full sends');
    const small = api.runs.responses.outcomeOf(await uriOf(named[HOSTILE_NAMES.indexOf(SENT_IN_FULL[0])]));
    assert.ok(small);
    // …every one as a response document (its URI, its file name), the most hostile in a tab…
    const showMs: number[] = [];
    for (const [i, name] of HOSTILE_NAMES.entries()) {
      const uri = ResponseView.uri(account, uid, items[i].id, name);
      assert.equal(vscode.Uri.parse(uri.toString()).toString(), uri.toString(), `${show(name)}: the URI survives a round trip`);
      const doc = await within(vscode.workspace.openTextDocument(uri), 5000, `opening ${show(name)}`);
      assert.ok(doc.getText().length > 0);
      if (IN_A_TAB.includes(name)) {
        const started = Date.now();
        await within(api.runs.responses.show(uri, name, small.outcome, { secrets: [], maxShownBytes: 1024 * 1024 }), 10_000, `showing ${show(name)}`);
        assert.match(await responseText(uri), /^\/\/ 200 OK/m, show(name));
        showMs.push(Date.now() - started);
        await closeTab(uri);
      }
    }
    await closeAllEditors();
    mark('shown');
    // …and every one in an error message, Postman failing meanwhile.
    api.repo.invalidate(`collection:${uid}`);
    server.injectFault({ kind: 'status', status: 500, match: { path: `/collections/${uid}` } });
    const markErrors = host.messages.shown.length;
    for (const row of named) {
      await within(vscode.commands.executeCommand('postman.sendRequest', row), 10_000, `Send Request on ${show(row.label)}`);
    }
    const errors = host.messages.shown.slice(markErrors).filter((m) => m.severity === 'error');
    assert.equal(errors.length, named.length, 'one error per send');
    mark('errors');
    const messages = [...shown.slice(markShown).map((m) => m.text), ...errors.map((m) => m.text)];
    const linked = messages.filter((t) => VSCODE_LINK.test(t) || t.includes('](command:'));
    assert.deepEqual(linked.map(show), [], 'a message holds a link');
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
    assert.deepEqual(messages.filter((t) => /[\u0000-\u001f\u202a-\u202e\u2066-\u2069]/.test(t)).map(show), [], 'a message holds a control or bidi character');
    // The status bar shows codicons: a name's "$(zap)" must not become one.
    const icons = statusBar.slice(markStatus).flatMap((t) => [...t.matchAll(/\$\((?!check\))[\w-]+\)/g)].map((m) => m[0]));
    assert.deepEqual(icons, [], 'a name made an icon in the status bar');
    saw(`${seen.join('; ')}; ${SENT_IN_FULL.length} names sent in full (${RAW_IN_FULL.length} also by raw name), ${HOSTILE_NAMES.length} response documents (${IN_A_TAB.length} in a tab), ${errors.length} errors: ${messages.length} messages, no link; ${await assertResponsive()} (${marks.join(', ')}, slowest tab ${Math.max(...showMs)} ms)`);
  });

  scenario('host', SEND, `secret values (${SECRETS.length}: the environment's token, quotes, backslashes, newlines, Unicode, generated; half as current values) never show in the response editor, the log or a message`, async function () {
    await useEnvironment('Journey');
    const account = await api.runs.accountKey();
    const envUid = (await environmentRow('Journey')).uid as string;
    await api.runs.currentValues.set(account, `environment:${envUid}`, CURRENT_SECRETS);
    const leaks: string[] = [];
    const details: string[] = [];
    try {
      for (const name of ['Secrets everywhere', 'Secrets in a JSON body']) {
        const markShown = shown.length;
        const before = target.requests.length;
        const result = await send(await journeyRow(name));
        const arrived = target.requests.slice(before).find((r) => r.path.startsWith('/echo'));
        assert.ok(arrived, `${name}: nothing reached the target\n${result.text.slice(0, 300)}`);
        // Every secret was really sent (so masking had something to do).
        const notSent = SECRETS.filter((secret) => !secretForms(secret).some((f) => arrived.body.includes(f) || arrived.path.includes(f)));
        assert.deepEqual(notSent.map(show), [], `${name}: secrets not sent`);
        leaks.push(...leaksOf(SECRETS, { [`"${name}" editor`]: result.text, messages: shown.slice(markShown).map((m) => m.text).join('\n') }));
        details.push(`${name}: ${result.text.split('••••••').length - 1} masks`);
      }
      const log = await waitFor('the sends in the log', () => {
        const text = logText();
        return text.includes('/echo?s0=') ? text : undefined;
      }, 5000);
      leaks.push(...leaksOf(SECRETS, { log }));
    } finally {
      await api.runs.currentValues.reset(account, `environment:${envUid}`);
    }
    assert.deepEqual([...new Set(leaks)], [], 'secret values shown');
    saw(`${SECRETS.length} secrets, all sent; ${details.join(', ')}; none in the editor, the log or a message`);
  });

  scenario('host', SEND, "a collection's scripts looking for the Postman sign-in find nothing to send; a request to the Postman API itself goes without it", async () => {
    await useEnvironment('Journey');
    const before = target.requests.length;
    const snoop = await send(await journeyRow('Snoop'));
    assert.match(snoop.text, /^\/\/ 200 OK/m);
    const arrived = target.requests.slice(before);
    assert.equal(arrived.length, 2, 'the script\'s request and the request itself');
    for (const r of arrived) {
      assert.ok(!secretForms(SAMPLE_API_KEY).some((f) => JSON.stringify(r).includes(f)), `the key went to ${r.path}`);
    }
    const own = await send(await journeyRow('Postman API itself'));
    assert.match(own.text, /^\/\/ 401 Unauthorized/m, own.text.slice(0, 300));
    saw(`the scripts found ${(arrived[0].body.length / 1024).toFixed(1)} KB of variables, no key; the Postman API answered 401 to the user's own request`);
  });
});
