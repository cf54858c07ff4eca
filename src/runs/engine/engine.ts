// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- postman-collection ships its declarations without naming them in package.json
/// <reference path="../../../node_modules/postman-collection/types/index.d.ts" />
/**
 * The one adapter to Postman's own runtime (postman-runtime, the library Postman and newman
 * run requests with): a `RunPlan` in, `RunEvent`s and a `RunResult` out. Scripts (`pm.*`),
 * variable scopes, auth helpers, cookies and redirects are the runtime's, not ours.
 *
 * This file and what it imports make up dist/runtime.js, a bundle of its own that the
 * extension loads on the first send: activation never pays for the runtime (about 5 MB).
 * Knows nothing of VS Code, so plain-Node tests run it against a local target API.
 */
import * as fs from 'node:fs';
import { inspect } from 'node:util';
import * as sdk from 'postman-collection';
import { jar } from 'postman-request';
import { Runner, type Cursor } from 'postman-runtime';
import { requestErrorText } from '../model/requestError';
import type { Assertion, Engine, FinalVariables, ItemRef, ReceivedResponse, RunEvent, RunHandle, RunPlan, RunResult, SentRequest, Variable } from '../model/types';
import { parseDataFile } from './dataFile';
import { certificateMatches, proxyParts } from './options';

type Obj = Record<string, unknown>;

/** An engine keeps one cookie jar for the window, as Postman keeps one per app. */
export function createEngine(): Engine {
  let cookies = jar();
  return {
    run: (plan, onEvent) => startRun(plan, onEvent, cookies),
    clearCookies: () => {
      cookies = jar();
    },
    parseData: parseDataFile,
  };
}

function startRun(plan: RunPlan, onEvent: (event: RunEvent) => void, cookieJar: unknown): RunHandle {
  const started = Date.now();
  let runtimeRun: { abort(): void; host?: { dispose(): void } } | undefined;
  let aborted = false;
  // Requests on the wire, by the runtime's id for each: the runtime's own abort only stops
  // what comes next, so a download under way would go on (and fill memory) after Cancel.
  const onTheWire = new Map<string, () => void>();
  const collection = new sdk.Collection(plan.collection as never);
  for (const v of plan.collectionVariables) {
    collection.variables.upsert(new sdk.Variable({ key: v.key, value: v.value, type: "any" } as never));
  }
  const environment = plan.environment ? new sdk.VariableScope({ name: plan.environment.name, values: plan.environment.values.map(toSdkVariable) } as never) : undefined;
  const globals = new sdk.VariableScope({ values: plan.globals.map(toSdkVariable) } as never);
  const last: { environment?: unknown; globals?: unknown; collectionVariables?: unknown } = {};
  const emit = (event: RunEvent) => {
    try {
      onEvent(event);
    } catch {
      // A listener's mistake must not stop the run.
    }
  };

  let settle: (error?: string) => void = () => undefined;
  const done = new Promise<RunResult>((resolve) => {
    let settled = false;
    const finish = (error?: string) => {
      if (settled) {
        return;
      }
      settled = true;
      if (aborted) {
        // The runtime frees its script sandbox (a worker thread) only when its queue runs dry,
        // which a request stopped on the wire never lets happen: free it here, or every
        // cancelled run keeps a thread alive. Disposing twice is harmless.
        runtimeRun?.host?.dispose();
      }
      resolve({
        ...(error ? { error } : {}),
        aborted,
        timeMs: Date.now() - started,
        variables: finalVariables(plan, last),
      });
    };
    settle = finish;
    new Runner().run(collection, runOptions(plan, environment, globals, cookieJar), (err, run) => {
      if (err) {
        finish(`Postman's runtime could not start: ${err.message}`);
        return;
      }
      runtimeRun = run;
      if (aborted) {
        // Cancelled before it began: nothing is sent.
        finish();
        return;
      }
      // The runtime names the item in some callbacks only; the cursor's ref finds it in the others.
      const items = new Map<string, unknown>();
      const itemRef = (cursor: Cursor, item: unknown) => refOf(cursor, item ?? items.get(cursor?.ref));
      const scripts = (target: 'prerequest' | 'test') => (_err: Error | null, cursor: Cursor, results: Obj[] | undefined, item: unknown) => {
        for (const r of results ?? []) {
          const result = r.result as Obj | undefined;
          if (result?.environment) {last.environment = result.environment;}
          if (result?.globals) {last.globals = result.globals;}
          if (result?.collectionVariables) {last.collectionVariables = result.collectionVariables;}
          const error = r.error as { message?: string; name?: string } | undefined;
          if (error) {
            // The sandbox's words for a script stopped at the timeout.
            const message = /sandbox not responding/i.test(error.message ?? '') ? `The script timed out: it ran longer than ${plan.timeouts.scriptMs / 1000} s and was stopped.` : requestErrorText(error);
            emit({ type: 'script-error', item: itemRef(cursor, item), target, message });
          }
        }
      };
      run.start({
        beforeRequest: ((_err: Error | null, _cursor: Cursor, _request: unknown, _item: unknown, info?: { httpRequestId?: string; abort?: () => void }) => {
          if (info?.abort) {
            onTheWire.set(info.httpRequestId ?? `#${onTheWire.size}`, info.abort);
            if (aborted) {
              info.abort();
            }
          }
        }) as never,
        beforeItem: ((_err: Error | null, cursor: Cursor, item: unknown) => {
          items.set(cursor.ref, item);
          emit({ type: 'item-start', item: itemRef(cursor, item) });
        }) as never,
        request: ((err: Error | null, cursor: Cursor, response: unknown, request: unknown, item: unknown) => {
          onTheWire.delete(String((cursor as { httpRequestId?: string } | undefined)?.httpRequestId));
          // A script's pm.sendRequest arrives with a stand-in item of its own: it belongs to the
          // item whose script made it, and is not that item's request.
          const current = items.get(cursor?.ref) as { id?: unknown } | undefined;
          const nested = current !== undefined && current.id !== (item as { id?: unknown } | undefined)?.id;
          emit({
            type: 'request',
            item: itemRef(cursor, nested ? current : item),
            ...(nested ? { nested: true } : {}),
            request: sentRequest(request),
            ...(response ? { response: receivedResponse(response, plan.maxBodyBytes) } : {}),
            ...(err ? { error: requestErrorText(err) } : {}),
          });
        }) as never,
        assertion: ((cursor: Cursor, assertions: Obj[]) => {
          for (const a of assertions ?? []) {
            emit({ type: 'assertion', item: itemRef(cursor, undefined), assertion: assertionOf(a) });
          }
        }) as never,
        prerequest: scripts('prerequest') as never,
        test: scripts('test') as never,
        console: ((cursor: Cursor, level: string, ...messages: unknown[]) => {
          emit({ type: 'console', ...(cursor?.ref && items.has(cursor.ref) ? { item: itemRef(cursor, undefined) } : {}), level: String(level), text: messages.map(consoleText).join(' ') });
        }) as never,
        item: ((_err: Error | null, cursor: Cursor, item: unknown, _visualizer: unknown, result: Obj | undefined) => {
          emit({ type: 'item-end', item: itemRef(cursor, item), skipped: result?.isSkipped === true });
          items.delete(cursor.ref);
        }) as never,
        done: ((err: Error | null) => finish(err ? requestErrorText(err) : undefined)) as never,
      });
    });
  });
  return {
    done,
    abort: () => {
      aborted = true;
      runtimeRun?.abort();
      onTheWire.forEach((stop) => stop());
      onTheWire.clear();
      // The runtime ends an aborted run with its `done` callback; should a request in flight
      // keep it from doing so, the run still ends for the user a moment later.
      setTimeout(() => settle(), 1000).unref?.();
    },
  };
}

function runOptions(plan: RunPlan, environment: sdk.VariableScope | undefined, globals: sdk.VariableScope, cookieJar: unknown): object {
  const certificates = plan.certificates ?? [];
  const allowedFiles = new Set(certificates.flatMap((c) => [c.certPath, c.keyPath, c.pfxPath]).filter((p): p is string => !!p));
  const proxy = plan.proxy ? proxyParts(plan.proxy.url) : undefined;
  return {
    ...(environment ? { environment } : {}),
    globals,
    ...(plan.entry ? { entrypoint: { execute: plan.entry, lookupStrategy: 'idOrName' } } : {}),
    iterationCount: Math.max(1, plan.iterations ?? plan.data?.length ?? 1),
    ...(plan.data ? { data: plan.data } : {}),
    ...(plan.delayMs ? { delay: { item: plan.delayMs } } : {}),
    ...(plan.stopOnFailure ? { stopOnFailure: true } : {}),
    // `global` 0 is no limit, as in newman: the runtime's own default ends every run after
    // 3 minutes, and its timer outlives a cancelled run.
    timeout: { request: plan.timeouts.requestMs, script: plan.timeouts.scriptMs, global: plan.timeouts.runMs ?? 0 },
    // Files are read only for the client certificates the user configured: a collection from
    // someone else cannot make a form-data body read an arbitrary file of this machine.
    fileResolver: restrictedFiles(allowedFiles),
    requester: {
      cookieJar,
      strictSSL: plan.strictSSL,
      followRedirects: true,
      maxRedirects: 10,
      timings: true,
      verbose: false,
    },
    ...(certificates.length
      ? {
          certificates: new sdk.CertificateList({}, certificates.map((c) => ({
            matches: certificateMatches(c.host),
            ...(c.certPath ? { cert: { src: c.certPath } } : {}),
            ...(c.keyPath ? { key: { src: c.keyPath } } : {}),
            ...(c.pfxPath ? { pfx: { src: c.pfxPath } } : {}),
            ...(c.passphrase ? { passphrase: c.passphrase } : {}),
          })) as never),
        }
      : {}),
    ...(proxy
      ? {
          proxies: new sdk.ProxyConfigList({}, [{ match: 'http+https://*/*', ...proxy, bypass: plan.proxy?.bypass ?? [] }] as never),
        }
      : {}),
  };
}

function restrictedFiles(allowed: Set<string>): object {
  const refuse = (path: unknown) => new Error(`Reading "${String(path)}" is not allowed: only client certificate files set in postman.send.clientCertificates are read.`);
  return {
    readFile: (path: string, ...rest: unknown[]) => {
      const callback = rest[rest.length - 1] as (err: Error | null, data?: Buffer) => void;
      if (!allowed.has(path)) {
        callback(refuse(path));
        return;
      }
      fs.readFile(path, callback);
    },
    stat: (path: string, callback: (err: Error | null) => void) => callback(allowed.has(path) ? null : refuse(path)),
    createReadStream: (path: string) => {
      if (!allowed.has(path)) {
        throw refuse(path);
      }
      return fs.createReadStream(path);
    },
  };
}

function toSdkVariable(v: Variable): object {
  return { key: v.key, value: v.value, type: v.type === 'secret' ? 'secret' : 'default', ...(v.enabled === false ? { disabled: true } : {}) };
}

function variablesOf(scope: unknown): Variable[] | undefined {
  if (!scope || typeof scope !== 'object') {
    return undefined;
  }
  const json = typeof (scope as { toJSON?: unknown }).toJSON === 'function' ? (scope as { toJSON(): unknown }).toJSON() : scope;
  const values = (json as { values?: unknown }).values;
  if (!Array.isArray(values)) {
    return undefined;
  }
  return values.filter((v): v is Obj => typeof v === 'object' && v !== null && typeof v.key === 'string').map((v) => ({
    key: v.key as string,
    value: typeof v.value === 'string' ? v.value : v.value === undefined || v.value === null ? '' : typeof v.value === 'object' ? JSON.stringify(v.value) : String(v.value),
    type: typeof v.type === 'string' ? v.type : 'default',
    enabled: v.disabled !== true && v.enabled !== false,
  }));
}

function finalVariables(plan: RunPlan, last: { environment?: unknown; globals?: unknown; collectionVariables?: unknown }): FinalVariables {
  const environment = variablesOf(last.environment) ?? plan.environment?.values;
  return {
    ...(plan.environment && environment ? { environment } : {}),
    globals: variablesOf(last.globals) ?? plan.globals,
    collectionVariables: variablesOf(last.collectionVariables) ?? plan.collectionVariables,
  };
}

function refOf(cursor: Cursor | undefined, item: unknown): ItemRef {
  const it = item as { id?: string; name?: string; parent?: () => unknown } | undefined;
  const path: string[] = [];
  let parent = typeof it?.parent === 'function' ? it.parent() : undefined;
  while (parent && !(parent instanceof sdk.Collection)) {
    const p = parent as { name?: string; parent?: () => unknown };
    path.unshift(String(p.name ?? ''));
    parent = typeof p.parent === 'function' ? p.parent() : undefined;
  }
  return { id: String(it?.id ?? cursor?.ref ?? ''), name: String(it?.name ?? ''), path, iteration: cursor?.iteration ?? 0, position: cursor?.position ?? 0 };
}

function headerPairs(list: unknown): [string, string][] {
  const all = (list as { all?: () => Obj[] } | undefined)?.all?.() ?? [];
  return all.filter((h) => h.disabled !== true).map((h) => [String(h.key), String(h.value)]);
}

function sentRequest(request: unknown): SentRequest {
  const r = request as { method?: string; url?: { toString(): string }; headers?: unknown; body?: { toString(): string; isEmpty?: () => boolean } } | undefined;
  const body = r?.body && !(r.body.isEmpty?.() ?? false) ? r.body.toString() : undefined;
  return { method: String(r?.method ?? 'GET').toUpperCase(), url: r?.url ? r.url.toString() : '', headers: headerPairs(r?.headers), ...(body ? { body } : {}) };
}

function receivedResponse(response: unknown, maxBodyBytes: number): ReceivedResponse {
  const r = response as { code?: number; status?: string; headers?: unknown; stream?: Uint8Array; responseTime?: number };
  const stream = r.stream ?? new Uint8Array(0);
  const size = stream.byteLength;
  return {
    code: Number(r.code ?? 0),
    status: String(r.status ?? ''),
    headers: headerPairs(r.headers),
    body: size > maxBodyBytes ? stream.subarray(0, maxBodyBytes) : stream,
    size,
    truncated: size > maxBodyBytes,
    timeMs: Number(r.responseTime ?? 0),
  };
}

function assertionOf(a: Obj): Assertion {
  const error = a.error as Obj | undefined;
  const shown = (v: unknown) => (v === undefined ? undefined : typeof v === 'string' ? v : inspect(v, { depth: 4, breakLength: Infinity }));
  const expected = error && 'expected' in error ? shown(error.expected) : undefined;
  const actual = error && 'actual' in error ? shown(error.actual) : undefined;
  return {
    index: Number(a.index ?? 0),
    name: String(a.name ?? ''),
    passed: a.passed === true,
    skipped: a.skipped === true,
    ...(error
      ? { error: { name: String(error.name ?? 'Error'), message: String(error.message ?? ''), ...(expected !== undefined ? { expected } : {}), ...(actual !== undefined ? { actual } : {}) } }
      : {}),
  };
}


function consoleText(value: unknown): string {
  return typeof value === 'string' ? value : inspect(value, { depth: 4, breakLength: Infinity });
}
