import * as vscode from 'vscode';
import type { Logger, PostmanRepository } from '../postman';
import { displayName } from '../text/plain';
import { msg, piece, plain } from '../text/plain';
import { inputText, notify } from '../ui/messages';
import type { ActiveEnvironments } from './activeEnvironment';
import { runFailure } from './model/runError';
import { assertionKey, RunReport, summaryLine, verdictOf, type Verdict } from './model/runReport';
import { testNodes, type TestNode } from './model/testNodes';
import type { Assertion, Engine, RunEvent } from './model/types';
import { maskSecrets } from './model/variables';
import type { RunOptions, Sender } from './sender';

const ADDED_KEY = 'postman.testExplorer.collections';

/** A collection the user added to the Test Explorer. */
export interface AddedCollection {
  uid: string;
  name: string;
  workspaceId: string;
}

interface Meta {
  collectionUid: string;
  workspaceId: string;
  /** Folder or request id; absent on the collection's own item. */
  itemId?: string;
  kind: 'collection' | 'folder' | 'request';
}

export interface TestExplorerDeps {
  repo: PostmanRepository;
  sender: Sender;
  environments: ActiveEnvironments;
  engine: () => Engine;
  accountKey: () => Promise<string>;
  state: vscode.Memento;
  log: Logger;
}

/** What "Run with Options…" asks; tests replace it. */
export type AskRunOptions = (workspaceId: string, workspaceName: string) => Promise<RunOptions | undefined>;

/**
 * Postman's collection runner in VS Code's Test Explorer. Its items are only the collections
 * the user added (a run of "all tests" never sends requests to an API the user did not pick;
 * no continuous run): folders and requests come from the cached collection (no extra call),
 * and each `pm.test` of each execution becomes a child result, its id carrying the iteration
 * and position since names repeat. Results stream in as requests finish.
 */
export class PostmanTestExplorer implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController('postman', 'Postman');
  private readonly meta = new WeakMap<vscode.TestItem, Meta>();
  /** Folders and requests by id (`<account>/<collection uid>/<item id>`, flat at every depth). */
  private readonly byId = new Map<string, vscode.TestItem>();
  private readonly runProfile: vscode.TestRunProfile;
  private readonly optionsProfile: vscode.TestRunProfile;
  /** The last run's summary line, for tests and the status bar. */
  lastSummary: string | undefined;
  /**
   * The last started run's verdicts by test id and its output, as the extension reported them
   * (for tests). Each run has its own: two runs at once do not mix theirs.
   */
  private last = { results: new Map<string, string>(), output: '' };
  get lastResults(): Map<string, string> {
    return this.last.results;
  }
  get lastOutput(): string {
    return this.last.output;
  }
  askOptions: AskRunOptions;

  constructor(private readonly deps: TestExplorerDeps) {
    this.controller.resolveHandler = (item) => this.resolve(item);
    this.controller.refreshHandler = () => this.refreshAll();
    this.runProfile = this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true, undefined, false);
    this.optionsProfile = this.controller.createRunProfile('Run with Options…', vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token, true), false, undefined, false);
    this.askOptions = (workspaceId, workspaceName) => this.defaultAskOptions(workspaceId, workspaceName);
  }

  /** Shows the collections added by the signed-in account (no call: names as they were added). */
  async load(signedIn: boolean): Promise<void> {
    const items: vscode.TestItem[] = [];
    if (signedIn) {
      const account = await this.deps.accountKey();
      for (const c of this.deps.state.get<Record<string, AddedCollection[]>>(ADDED_KEY, {})[account] ?? []) {
        items.push(this.collectionItem(account, c));
      }
    }
    this.controller.items.replace(items);
  }

  async add(collection: AddedCollection): Promise<vscode.TestItem> {
    const account = await this.deps.accountKey();
    const all = { ...this.deps.state.get<Record<string, AddedCollection[]>>(ADDED_KEY, {}) };
    const list = (all[account] ?? []).filter((c) => c.uid !== collection.uid);
    all[account] = [...list, collection];
    await this.deps.state.update(ADDED_KEY, all);
    const existing = this.controller.items.get(`${account}/${collection.uid}`);
    if (existing) {
      return existing;
    }
    const item = this.collectionItem(account, collection);
    this.controller.items.add(item);
    return item;
  }

  async remove(item: vscode.TestItem): Promise<void> {
    const meta = this.meta.get(item);
    if (!meta || meta.kind !== 'collection') {
      return;
    }
    const account = await this.deps.accountKey();
    const all = { ...this.deps.state.get<Record<string, AddedCollection[]>>(ADDED_KEY, {}) };
    all[account] = (all[account] ?? []).filter((c) => c.uid !== meta.collectionUid);
    await this.deps.state.update(ADDED_KEY, all);
    this.controller.items.delete(item.id);
  }

  /** The item of a collection, folder or request, its children resolved from the cache. */
  async itemFor(account: string, collectionUid: string, itemId?: string): Promise<vscode.TestItem | undefined> {
    const root = this.controller.items.get(`${account}/${collectionUid}`);
    if (!root) {
      return undefined;
    }
    await this.resolve(root);
    return itemId ? this.byId.get(`${root.id}/${itemId}`) : root;
  }

  /** Runs items as the Run profile would (the tree's Run command). */
  runItems(items: vscode.TestItem[], withOptions = false, token?: vscode.CancellationToken): Promise<void> {
    const cancel = new vscode.CancellationTokenSource();
    const profile = withOptions ? this.optionsProfile : this.runProfile;
    return this.run(new vscode.TestRunRequest(items, undefined, profile), token ?? cancel.token, withOptions).finally(() => cancel.dispose());
  }

  private collectionItem(account: string, c: AddedCollection): vscode.TestItem {
    const item = this.controller.createTestItem(`${account}/${c.uid}`, displayName(c.name));
    item.canResolveChildren = true;
    this.meta.set(item, { collectionUid: c.uid, workspaceId: c.workspaceId, kind: 'collection' });
    return item;
  }

  private async resolve(item: vscode.TestItem | undefined): Promise<void> {
    const meta = item && this.meta.get(item);
    if (!item || !meta || meta.kind !== 'collection' || !item.canResolveChildren) {
      return;
    }
    item.busy = true;
    try {
      const collection = await this.deps.repo.collection(meta.collectionUid);
      item.label = displayName(collection.info.name);
      item.children.replace(this.childItems(item, meta, testNodes(collection.item)));
      item.canResolveChildren = false;
      item.error = undefined;
    } catch (err) {
      item.error = new vscode.MarkdownString(plain(err instanceof Error ? err.message : String(err), 300).replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&'));
    } finally {
      item.busy = false;
    }
  }

  private childItems(parent: vscode.TestItem, meta: Meta, nodes: TestNode[]): vscode.TestItem[] {
    return nodes.map((node, index) => {
      const label = node.kind === 'request' ? `${displayName(node.name)}` : displayName(node.name);
      const child = this.controller.createTestItem(`${parent.id.split('/').slice(0, 2).join('/')}/${node.id}`, label);
      // In collection order, not by name; no description: VS Code announces it instead of the label.
      child.sortText = String(index).padStart(6, '0');
      this.meta.set(child, { collectionUid: meta.collectionUid, workspaceId: meta.workspaceId, itemId: node.id, kind: node.kind });
      this.byId.set(child.id, child);
      if (node.kind !== 'request') {
        child.children.replace(this.childItems(child, meta, node.children));
      }
      return child;
    });
  }

  private async refreshAll(): Promise<void> {
    for (const [, item] of this.controller.items) {
      const meta = this.meta.get(item);
      if (meta) {
        this.deps.repo.invalidate(`collection:${meta.collectionUid}`);
        item.canResolveChildren = true;
        await this.resolve(item);
      }
    }
  }

  /**
   * One run per chosen item (a collection, folder or request), in order. Excluded items are
   * not run: a collection or folder with exclusions runs its other children one by one.
   */
  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken, withOptions = false): Promise<void> {
    const chosen = request.include ?? [...this.controller.items].map(([, item]) => item);
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const targets: vscode.TestItem[] = [];
    const expand = async (item: vscode.TestItem) => {
      if (excluded.has(item.id)) {
        return;
      }
      await this.resolve(item);
      const hasExcluded = [...excluded].some((id) => id.startsWith(`${item.id}/`));
      if (hasExcluded) {
        for (const [, child] of item.children) {
          await expand(child);
        }
      } else {
        targets.push(item);
      }
    };
    for (const item of chosen) {
      await expand(item);
    }
    if (targets.length === 0) {
      return;
    }
    let options: RunOptions | undefined = {};
    if (withOptions) {
      const meta = this.meta.get(targets[0]);
      const workspaceName = meta ? ((await this.deps.repo.workspaces().catch(() => [])).find((w) => w.id === meta.workspaceId)?.name ?? 'this workspace') : 'this workspace';
      options = meta ? await this.askOptions(meta.workspaceId, workspaceName) : undefined;
      if (!options) {
        return;
      }
    }
    const created = this.controller.createTestRun(request, 'Postman', true);
    this.last = { results: new Map(), output: '' };
    const run = this.recording(created);
    const report = new RunReport();
    try {
      for (const target of targets) {
        if (token.isCancellationRequested) {
          break;
        }
        await this.runOne(run, target, options, report, token);
      }
      // Cancelled before a request was run (or between two items): the report never saw the
      // runtime's abort, yet the run was cancelled all the same.
      const summary = summaryLine({ ...report.summary(), ...(token.isCancellationRequested ? { aborted: true } : {}) });
      this.lastSummary = summary;
      run.appendOutput(`\r\nPostman run: ${summary}\r\n`);
      vscode.window.setStatusBarMessage(`$(beaker) Postman run: ${summary}`, 10_000);
      this.deps.log.info(`Run finished: ${summary}`);
    } catch (err) {
      const message = runFailure(err);
      run.appendOutput(`\r\nThe run could not start: ${plain(message, 500)}\r\n`);
      void notify('error', msg`The Postman run could not start: ${piece(message)}`);
    } finally {
      run.end();
    }
  }

  private async runOne(run: vscode.TestRun, target: vscode.TestItem, options: RunOptions, report: RunReport, token: vscode.CancellationToken): Promise<void> {
    const meta = this.meta.get(target);
    if (!meta) {
      return;
    }
    const root = this.controller.items.get(target.id.split('/').slice(0, 2).join('/'));
    const prepared = await this.deps.sender.prepare({ collectionUid: meta.collectionUid, workspaceId: meta.workspaceId, ...(meta.itemId ? { entry: meta.itemId } : {}) }, options);
    let secrets = prepared.secrets;
    const mask = (text: string) => maskSecrets(text, secrets);
    for (const item of requestsUnder(target, this.meta)) {
      // Each run lists its own test results: the last run's go.
      item.children.replace([]);
    }
    const verdicts = new Map<vscode.TestItem, { verdict: Verdict; messages: vscode.TestMessage[]; durationMs: number }>();
    const iterations = Math.max(1, options.iterations ?? options.data?.length ?? 1);
    const itemOf = (id: string) => (root ? this.byId.get(`${root.id}/${id}`) : undefined);
    const onEvent = (event: RunEvent) => {
      const execution = report.add(event);
      const item = event.item ? itemOf(event.item.id) : undefined;
      switch (event.type) {
        case 'assertion':
          if (item && event.item) {
            this.assertionResult(run, item, event.item.iteration, iterations, event.assertion, assertionKey(event.item, event.assertion), mask);
          }
          break;
        case 'console':
          run.appendOutput(`${mask(event.text).replace(/\r?\n/g, '\r\n')}\r\n`, undefined, item);
          break;
        case 'request': {
          const outcome = event.error !== undefined ? event.error : `${event.response?.code ?? ''} ${event.response?.status ?? ''} (${event.response?.timeMs ?? 0} ms)`;
          run.appendOutput(`→ ${mask(`${event.item.name}: ${event.nested ? 'pm.sendRequest ' : ''}${event.request.method} ${event.request.url}`)}  ${mask(outcome)}\r\n`, undefined, item);
          break;
        }
        case 'item-end':
          if (item && execution) {
            const verdict = verdictOf(execution);
            const previous = verdicts.get(item);
            const messages = [
              ...(execution.error !== undefined ? [new vscode.TestMessage(mask(`${event.item.name}: ${execution.error}`))] : []),
              ...execution.scriptErrors.map((e) => new vscode.TestMessage(mask(`${e.target === 'prerequest' ? 'Pre-request' : 'Post-response'} script: ${e.message}`))),
              ...execution.assertions.filter((a) => !a.passed && !a.skipped).map((a) => new vscode.TestMessage(mask(`${a.name}: ${a.error?.message ?? 'failed'}`))),
            ];
            const merged = {
              verdict: worse(previous?.verdict, verdict),
              messages: [...(previous?.messages ?? []), ...messages],
              durationMs: (previous?.durationMs ?? 0) + (execution.timeMs ?? 0),
            };
            verdicts.set(item, merged);
            // A request's own result only when it errored (no response, a script threw): its
            // pm.tests are the tests, so VS Code's counts match the run's summary and newman's.
            if (merged.verdict === 'errored') {
              reportVerdict(run, item, merged);
            }
          }
          break;
        default:
          break;
      }
    };
    const handle = this.deps.engine().run(prepared.plan, onEvent);
    const cancel = token.onCancellationRequested(() => handle.abort());
    const result = await handle.done.finally(() => cancel.dispose());
    report.finish(result);
    secrets = await prepared.keep(result);
    if (result.error) {
      run.appendOutput(`${mask(result.error)}\r\n`);
    }
  }

  /** The run, with what is reported to it also noted in lastResults and lastOutput. */
  private recording(run: vscode.TestRun): vscode.TestRun {
    const last = this.last;
    const note = (item: vscode.TestItem, verdict: string) => last.results.set(item.id, verdict);
    return Object.assign(Object.create(run) as vscode.TestRun, {
      enqueued: (item: vscode.TestItem) => run.enqueued(item),
      started: (item: vscode.TestItem) => run.started(item),
      passed: (item: vscode.TestItem, duration?: number) => (note(item, 'passed'), run.passed(item, duration)),
      failed: (item: vscode.TestItem, message: vscode.TestMessage | readonly vscode.TestMessage[], duration?: number) => (note(item, 'failed'), run.failed(item, message, duration)),
      errored: (item: vscode.TestItem, message: vscode.TestMessage | readonly vscode.TestMessage[], duration?: number) => (note(item, 'errored'), run.errored(item, message, duration)),
      skipped: (item: vscode.TestItem) => (note(item, 'skipped'), run.skipped(item)),
      appendOutput: (output: string, location?: vscode.Location, item?: vscode.TestItem) => {
        last.output = (last.output + output).slice(-100_000);
        run.appendOutput(output, location, item);
      },
      end: () => run.end(),
    });
  }

  private assertionResult(run: vscode.TestRun, parent: vscode.TestItem, iteration: number, iterations: number, assertion: Assertion, key: string, mask: (t: string) => string): void {
    const id = `${parent.id}/${key.slice(key.indexOf('@'))}`;
    // A test's name is script output (`pm.test("sees " + token)`): masked like the rest, and
    // again on every run, since VS Code keeps the labels of past runs in the workspace's storage.
    const name = displayName(mask(assertion.name || '(unnamed test)'));
    const label = iterations > 1 ? `${name} · iteration ${iteration + 1}` : name;
    let child = parent.children.get(id);
    if (!child) {
      child = this.controller.createTestItem(id, label);
      parent.children.add(child);
    } else if (child.label !== label) {
      child.label = label;
    }
    if (assertion.skipped) {
      run.skipped(child);
    } else if (assertion.passed) {
      run.passed(child);
    } else {
      const text = mask(assertion.error?.message ?? 'failed');
      const message = assertion.error?.expected !== undefined && assertion.error.actual !== undefined
        ? vscode.TestMessage.diff(text, mask(assertion.error.expected), mask(assertion.error.actual))
        : new vscode.TestMessage(text);
      run.failed(child, message);
    }
  }

  private async defaultAskOptions(workspaceId: string, workspaceName: string): Promise<RunOptions | undefined> {
    const environment = await this.deps.environments.pick(workspaceId, workspaceName);
    if (!environment) {
      return undefined;
    }
    const iterationsText = await vscode.window.showInputBox({
      title: 'Postman run: iterations',
      value: '1',
      prompt: 'How many times to run the requests (a data file sets one iteration per row unless you set more)',
      validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 10_000 ? undefined : inputText(msg`A whole number from 1 to 10000`)),
    });
    if (iterationsText === undefined) {
      return undefined;
    }
    const delayText = await vscode.window.showInputBox({
      title: 'Postman run: delay between requests (ms)',
      value: '0',
      validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) <= 600_000 ? undefined : inputText(msg`A whole number of milliseconds`)),
    });
    if (delayText === undefined) {
      return undefined;
    }
    const dataChoice = await vscode.window.showQuickPick(['No data file', 'Choose a CSV or JSON data file…'], { title: 'Postman run: iteration data' });
    if (!dataChoice) {
      return undefined;
    }
    let data: Record<string, unknown>[] | undefined;
    if (dataChoice !== 'No data file') {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Data files': ['csv', 'json'] }, title: 'Iteration data' });
      if (!picked?.[0]) {
        return undefined;
      }
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(picked[0]));
      data = this.deps.engine().parseData(text);
    }
    const stop = await vscode.window.showQuickPick(['Run everything', 'Stop on the first failure'], { title: 'Postman run: on failure' });
    if (!stop) {
      return undefined;
    }
    const iterations = Number(iterationsText.trim());
    return {
      environment,
      ...(iterations > 1 || !data ? { iterations } : {}),
      ...(data ? { data } : {}),
      ...(Number(delayText) > 0 ? { delayMs: Number(delayText) } : {}),
      ...(stop === 'Stop on the first failure' ? { stopOnFailure: true } : {}),
    };
  }

  dispose(): void {
    this.controller.dispose();
  }
}

const ORDER: Verdict[] = ['skipped', 'passed', 'failed', 'errored'];

function worse(a: Verdict | undefined, b: Verdict): Verdict {
  return a === undefined || ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a;
}

function reportVerdict(run: vscode.TestRun, item: vscode.TestItem, result: { verdict: Verdict; messages: vscode.TestMessage[]; durationMs: number }): void {
  switch (result.verdict) {
    case 'passed':
      run.passed(item, result.durationMs);
      break;
    case 'failed':
      run.failed(item, result.messages, result.durationMs);
      break;
    case 'errored':
      run.errored(item, result.messages, result.durationMs);
      break;
    default:
      run.skipped(item);
  }
}

function requestsUnder(item: vscode.TestItem, meta: WeakMap<vscode.TestItem, Meta>): vscode.TestItem[] {
  if (meta.get(item)?.kind === 'request') {
    return [item];
  }
  return [...item.children].flatMap(([, child]) => requestsUnder(child, meta));
}
