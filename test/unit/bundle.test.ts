import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import type { Engine, RunEvent } from '../../src/runs/model/types';
import type { validateSpec as ValidateSpec } from '../../src/specs/model/validator';
import { loadSpecValidator, specValidatorLoaded } from '../../src/specs/validatorLoader';
import { TargetApi } from '../fixtures/targetApi';
import { describeNotUnderMutation } from './notUnderMutation';

/**
 * The production bundle as VS Code loads it. VS Code's extension host puts a `navigator` getter
 * on the global object that logs "PendingMigrationError: navigator is now a global in nodejs"
 * whenever an extension reads it; axios's platform detection read it when the bundle loaded, so
 * every activation logged an error. The bundle is built here with the production settings
 * (esbuild.mjs --production), then evaluated as VS Code would require it, with a stand-in for
 * the `vscode` module and a `navigator` getter that records every read.
 */

const ROOT = path.join(__dirname, '..', '..', '..');

/** Anything, callable, constructible and extensible as a class: what loading may touch of `vscode`. */
function anything(): unknown {
  const target = function stub() {};
  const proxy: unknown = new Proxy(target, {
    get: (t, key) => (key === 'prototype' ? t.prototype : key === Symbol.toPrimitive ? () => '' : proxy),
    apply: () => proxy,
    construct: () => proxy as object,
  });
  return proxy;
}

describeNotUnderMutation('the production bundle', function () {
  this.timeout(60_000);
  let dir: string;
  let bundle: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postman-bundle-'));
    bundle = path.join(dir, 'extension.js');
    execFileSync(process.execPath, ['esbuild.mjs', '--production', `--outfile=${bundle}`], { cwd: ROOT, stdio: 'pipe' });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads without reading the global navigator (no PendingMigrationError in VS Code\'s log)', () => {
    const reads: string[] = [];
    const previous = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', {
      configurable: true,
      get() {
        reads.push(new Error('navigator read').stack ?? '');
        return undefined;
      },
    });
    const required: string[] = [];
    const realRequire = createRequire(bundle);
    const module = { exports: {} as Record<string, unknown> };
    try {
      const load = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(bundle, 'utf8')}\n})`, { filename: bundle }) as (...args: unknown[]) => void;
      const requireFor = (id: string) => {
        required.push(id);
        return id === 'vscode' ? anything() : realRequire(id);
      };
      load(module.exports, requireFor, module, bundle, dir);
    } finally {
      if (previous) {
        Object.defineProperty(globalThis, 'navigator', previous);
      } else {
        delete (globalThis as { navigator?: unknown }).navigator;
      }
    }
    assert.equal(typeof module.exports.activate, 'function', 'the bundle loaded and exports activate');
    assert.ok(required.includes('vscode'));
    assert.deepEqual(reads, [], `navigator was read while loading:\n${reads.join('\n\n')}`);
    // Only Node's own modules besides vscode: everything else is in the bundle.
    const builtins = new Set(builtinModules);
    assert.deepEqual(required.filter((id) => id !== 'vscode' && !builtins.has(id.replace(/^node:/, ''))), []);
  });

  it("leaves Postman's runtime out of the extension bundle: it is dist/runtime.js, loaded on the first send", () => {
    const source = fs.readFileSync(bundle, 'utf8');
    assert.ok(!source.includes('postman-sandbox'), 'the sandbox is not in extension.js');
    assert.ok(fs.statSync(bundle).size < 400 * 1024, `extension.js is ${fs.statSync(bundle).size} bytes`);
    assert.ok(fs.statSync(path.join(dir, 'runtime.js')).size > 1024 * 1024, 'runtime.js holds the runtime');
  });

  it('leaves the spec validator out of the extension bundle: it is dist/specValidator.js, loaded when a spec file opens', () => {
    const validator = fs.readFileSync(path.join(dir, 'specValidator.js'), 'utf8');
    assert.ok(validator.includes('spec.openapis.org/oas/3.1/schema'), 'specValidator.js holds the OpenAPI schemas');
    assert.ok(!fs.readFileSync(bundle, 'utf8').includes('spec.openapis.org'), 'extension.js does not');
  });

  it('leaves the item converter out of the extension bundle, and converts with the built converter alone (no node_modules)', () => {
    const converter = path.join(dir, 'itemConverter.js');
    assert.ok(fs.readFileSync(converter, 'utf8').includes('prioritizeV2'), 'itemConverter.js holds postman-collection-transformer');
    assert.ok(!fs.readFileSync(bundle, 'utf8').includes('prioritizeV2'), 'extension.js does not');
    const alone = fs.mkdtempSync(path.join(os.tmpdir(), 'postman-converter-alone-'));
    try {
      fs.copyFileSync(converter, path.join(alone, 'itemConverter.js'));
      const built = createRequire(path.join(alone, 'x.js'))(path.join(alone, 'itemConverter.js')) as typeof import('../../src/documents/model/items/convert');
      const wire = { id: 'r1', name: 'Ping', method: 'POST', url: 'https://x.example/a?q=1', headerData: [{ key: 'A', value: '1' }], headers: 'A: 1', dataMode: 'raw', rawModeData: '{}' };
      const doc = built.toDocument('request', wire) as { request: { method: string; header: unknown[]; body: { raw: string } } };
      assert.deepEqual([doc.request.method, doc.request.header, doc.request.body.raw], ['POST', [{ key: 'A', value: '1' }], '{}']);
      const body = built.toWire('request', { ...doc, request: { ...doc.request, header: [] } }, wire);
      assert.deepEqual([body.headerData, body.headers], [[], '']);
    } finally {
      fs.rmSync(alone, { recursive: true, force: true });
    }
  });

  it('validates a spec with the built validator bundle alone (no node_modules), as the extension loads it', async () => {
    // Copied where no node_modules folder is above it: only what is in the file can load.
    const alone = fs.mkdtempSync(path.join(os.tmpdir(), 'postman-spec-alone-'));
    try {
      fs.mkdirSync(path.join(alone, 'dist'));
      fs.copyFileSync(path.join(dir, 'specValidator.js'), path.join(alone, 'dist', 'specValidator.js'));
      assert.equal(specValidatorLoaded(), false);
      const { validateSpec } = loadSpecValidator(alone) as { validateSpec: typeof ValidateSpec };
      assert.equal(specValidatorLoaded(), true);
      assert.equal(loadSpecValidator(path.join(alone, 'elsewhere')).validateSpec, validateSpec, 'loaded once');
      const at = async (files: { path: string; content: string }[]) =>
        (await validateSpec({ files, root: files[0].path })).map((p) => [p.path, p.range.startLine, p.range.startColumn, p.message]);
      // OpenAPI 3.1 (Ajv 2020) across a YAML and a JSON file; a remote reference refused.
      const root31 = 'openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200": {$ref: "common.json#/Ok"}\n        "500": {$ref: "https://example.com/x.yaml"}\n';
      assert.deepEqual(await at([{ path: 'o.yaml', content: root31 }, { path: 'common.json', content: '{"Ok": {"description": "ok"}}' }]), [
        ['o.yaml', 7, 22, "The reference 'https://example.com/x.yaml' points outside this spec: only the spec's own files are used, nothing is fetched."],
      ]);
      assert.deepEqual(await at([{ path: 'o.yaml', content: root31.replace('{$ref: "https', '{description: 5, x: "https') }, { path: 'common.json', content: '{"Ok": {"descriptio": "ok"}}' }]), [
        ['common.json', 0, 1, "'Ok' is missing the required property 'description'."],
        ['o.yaml', 7, 29, "'description' must be a string."],
      ]);
      // OpenAPI 3.0 and Swagger 2.0 (Ajv draft-04), with rules that use Ajv's run-time helpers (equal, ucs2length).
      assert.deepEqual(await at([{ path: 'o.json', content: '{"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {}, "tags": [{"name": "a"}, {"name": "a"}]}' }]), [
        ['o.json', 0, 74, "'tags' must NOT have duplicate items (items ## 0 and 1 are identical)."],
      ]);
      assert.deepEqual(await at([{ path: 's.yaml', content: 'swagger: "2.0"\ninfo: {title: x, version: "1"}\npaths: {}\ndefinitions:\n  A: {type: string, maxLength: -1}\n' }]), [
        ['s.yaml', 4, 31, "'maxLength' must be >= 0."],
      ]);
    } finally {
      fs.rmSync(alone, { recursive: true, force: true });
    }
  });

  it('runs scripts from the built runtime bundle alone, with the prebuilt sandbox boot code (no node_modules)', async () => {
    // Copied where no node_modules folder is above it: only what is in the file can load.
    const alone = fs.mkdtempSync(path.join(os.tmpdir(), 'postman-runtime-alone-'));
    const api = await TargetApi.start();
    try {
      fs.copyFileSync(path.join(dir, 'runtime.js'), path.join(alone, 'runtime.js'));
      const { createEngine } = createRequire(path.join(alone, 'runtime.js'))('./runtime.js') as { createEngine(): Engine };
      const events: RunEvent[] = [];
      const handle = createEngine().run({
        collection: { info: { name: 'c', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [{ id: 'r', name: 'r', request: { url: `${api.url}/json` }, event: [{ listen: 'test', script: { exec: ['pm.test("json", () => pm.expect(pm.response.json()).to.be.an("object"))'] } }] }] },
        globals: [],
        collectionVariables: [],
        timeouts: { requestMs: 5000, scriptMs: 5000 },
        strictSSL: true,
        maxBodyBytes: 1024,
      }, (e) => events.push(e));
      const result = await handle.done;
      assert.equal(result.error, undefined);
      assert.deepEqual(events.filter((e) => e.type === 'assertion').map((e) => e.type === 'assertion' && [e.assertion.name, e.assertion.passed]), [['json', true]]);
    } finally {
      await api.close();
      fs.rmSync(alone, { recursive: true, force: true });
    }
  });
});
