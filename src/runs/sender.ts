import type * as vscode from 'vscode';
import { type Logger, type PostmanRepository, userMessage } from '../postman';
import type { EnvironmentDocument, EnvironmentVariable } from '../postman/types';
import { plain } from '../text/plain';
import type { ActiveEnvironments } from './activeEnvironment';
import type { CurrentValuesStore, VariableScopeKey } from './currentValues';
import { RunError } from './model/runError';
import { addEvent, emptyOutcome, finishOutcome, type SendOutcome } from './model/sendOutcome';
import type { Engine, RunPlan, RunResult, Variable } from './model/types';
import { currentValuesAfter, effectiveVariables, maskSecrets, secretValues, withTypesOf } from './model/variables';
import type { SendSettings } from './settings';

/** A request of a collection, as the tree row or a command names it. */
export interface SendTarget {
  collectionUid: string;
  itemId: string;
  workspaceId: string;
  name: string;
  /** The collection as an editor shows it (unsaved edits included); absent: as Postman has it. */
  collection?: object;
}

/** A collection, folder or request to run (no entry: the whole collection). */
export interface RunTarget {
  collectionUid: string;
  workspaceId: string;
  entry?: string;
  collection?: object;
}

/** "Run with Options…": what the runner's dialog sets. */
export interface RunOptions {
  /** The environment to run with instead of the workspace's active one ({} for none). */
  environment?: { uid?: string; name?: string };
  iterations?: number;
  data?: Record<string, unknown>[];
  delayMs?: number;
  stopOnFailure?: boolean;
}

export interface Prepared {
  plan: RunPlan;
  /** Secret values known before the run. */
  secrets: string[];
  /** Keeps what the scripts set as current values; answers the secrets to mask after the run. */
  keep(result: RunResult): Promise<string[]>;
}

export interface SendDeps {
  repo: PostmanRepository;
  environments: ActiveEnvironments;
  currentValues: CurrentValuesStore;
  engine: () => Engine;
  settings: () => SendSettings;
  accountKey: () => Promise<string>;
  certificatePassphrase: (host: string) => Promise<string | undefined>;
  log: Logger;
}

export interface Sent {
  outcome: SendOutcome;
  secrets: string[];
}

interface Scope {
  key: VariableScopeKey;
  initial: Variable[];
}

/**
 * Sends one request of a collection with Postman's runtime: the collection's and folders'
 * scripts and auth apply, with the workspace's active environment and globals, each
 * variable at the user's current value. What the scripts set becomes the new current
 * values (on this machine only). Never touches the Postman sign-in: the runtime sends
 * nothing but what the request and its variables say.
 */
export class Sender {
  constructor(private readonly deps: SendDeps) {}

  /**
   * A run's plan: the collection (or the editor's copy), the environment (the workspace's active
   * one unless the caller names one), globals, and each variable at the user's current value.
   * `keep` stores what the scripts set as the new current values and returns every secret
   * value to mask, including ones the scripts produced.
   */
  async prepare(target: RunTarget, options: RunOptions = {}): Promise<Prepared> {
    const { repo, environments, currentValues, log } = this.deps;
    const account = await this.deps.accountKey();
    const collection = target.collection ?? (await repo.collection(target.collectionUid));
    const active = options.environment ?? (await environments.get(target.workspaceId));
    let environment: EnvironmentDocument | undefined;
    if (active.uid) {
      try {
        environment = await repo.environment(active.uid);
      } catch (err) {
        throw new RunError(`The environment "${active.name ?? active.uid}" could not be loaded (${userMessage(err)}). Choose another with "Postman: Select Environment".`);
      }
    }
    let globals: EnvironmentVariable[] = [];
    try {
      globals = await repo.globals(target.workspaceId);
    } catch (err) {
      // Globals are optional to a run: say so in the log and go on without them.
      log.warn(`Globals of workspace ${target.workspaceId} could not be loaded; running without them: ${plain(userMessage(err), 300)}`);
    }
    const collectionVariables = asVariables((collection as { variable?: unknown }).variable);
    const scopes = {
      environment: environment ? ({ key: `environment:${active.uid}`, initial: environment.values } as Scope) : undefined,
      globals: { key: `globals:${target.workspaceId}`, initial: globals } as Scope,
      collection: { key: `collection:${target.collectionUid}`, initial: collectionVariables } as Scope,
    };
    const effective = async (scope: Scope) => effectiveVariables(scope.initial, await currentValues.get(account, scope.key));
    const envValues = scopes.environment ? await effective(scopes.environment) : undefined;
    const globalValues = await effective(scopes.globals);
    const collectionValues = await effective(scopes.collection);
    const settings = this.deps.settings();
    const certificates = await Promise.all(settings.certificates.map(async (c) => {
      const passphrase = await this.deps.certificatePassphrase(c.host);
      return passphrase ? { ...c, passphrase } : c;
    }));
    const plan: RunPlan = {
      collection,
      ...(target.entry ? { entry: target.entry } : {}),
      ...(environment && envValues ? { environment: { name: environment.name, values: envValues } } : {}),
      globals: globalValues,
      collectionVariables: collectionValues.filter((v) => !collectionVariables.some((c) => c.key === v.key && c.value === v.value)),
      timeouts: { requestMs: settings.requestTimeoutMs, scriptMs: settings.scriptTimeoutMs },
      strictSSL: settings.strictSSL,
      ...(settings.proxy ? { proxy: settings.proxy } : {}),
      certificates,
      maxBodyBytes: settings.maxBodyBytes,
      ...(options.iterations ? { iterations: options.iterations } : {}),
      ...(options.data ? { data: options.data } : {}),
      ...(options.delayMs ? { delayMs: options.delayMs } : {}),
      ...(options.stopOnFailure ? { stopOnFailure: true } : {}),
    };
    if (!settings.strictSSL) {
      log.warn('Sending with TLS certificate checks off (postman.send.strictSSL is false): a forged certificate would not be noticed.');
    }
    const secrets = secretValues(envValues, globalValues, collectionValues);
    return {
      plan,
      secrets,
      keep: async (result) => {
        // What the scripts set becomes the current values; types come from before the run.
        const final = result.variables;
        const finalEnv = final.environment && withTypesOf(envValues ?? [], final.environment);
        const finalGlobals = withTypesOf(globalValues, final.globals);
        if (scopes.environment && finalEnv) {
          await this.keep(account, scopes.environment, finalEnv);
        }
        await this.keep(account, scopes.globals, finalGlobals);
        await this.keep(account, scopes.collection, withTypesOf(collectionValues, final.collectionVariables));
        return secretValues(envValues, globalValues, collectionValues, finalEnv, finalGlobals);
      },
    };
  }

  async send(target: SendTarget, token?: vscode.CancellationToken): Promise<Sent> {
    const prepared = await this.prepare({ collectionUid: target.collectionUid, workspaceId: target.workspaceId, entry: target.itemId, ...(target.collection ? { collection: target.collection } : {}) });
    const outcome = emptyOutcome();
    const handle = this.deps.engine().run(prepared.plan, (event) => addEvent(outcome, event));
    const cancel = token?.onCancellationRequested(() => handle.abort());
    const result = await handle.done.finally(() => cancel?.dispose());
    finishOutcome(outcome, result);
    const secrets = await prepared.keep(result);
    const status = outcome.response ? `${outcome.response.code} in ${outcome.response.timeMs} ms` : outcome.aborted ? 'cancelled' : `failed: ${outcome.error ?? outcome.runError ?? 'no request sent'}`;
    this.deps.log.info(maskSecrets(`Sent ${outcome.request?.method ?? ''} ${plain(outcome.request?.url ?? target.name, 300)}: ${plain(status, 300)}`, secrets));
    return { outcome, secrets };
  }

  private async keep(account: string, scope: Scope, after: Variable[]): Promise<void> {
    await this.deps.currentValues.set(account, scope.key, currentValuesAfter(scope.initial, after));
  }
}

function asVariables(value: unknown): Variable[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value
    .filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && typeof (v as { key?: unknown }).key === 'string')
    .map((v) => ({
      key: v.key as string,
      value: typeof v.value === 'string' ? v.value : v.value === undefined || v.value === null ? '' : JSON.stringify(v.value),
      type: typeof v.type === 'string' ? v.type : 'default',
      enabled: v.disabled !== true,
    }));
}
