/**
 * `npm run bench`, fourth part: validating a big OpenAPI spec as Spec Hub holds it (the
 * vscode-free validator, src/specs/model/validator.ts), for the Problems panel. Three shapes of
 * about 1 MB of text each: one YAML file, one JSON file, and the same API split into a root,
 * path items, schemas (YAML) and shared responses (JSON) joined by `$ref`s. The first run in
 * the process pays for compiling the OpenAPI schema (Ajv); the median is of the runs after.
 * Each result is checked: a valid spec must give no problem, and a spec with one error must
 * give that error at its line, or the bench fails instead of printing a figure.
 */
import { deepStrictEqual } from 'node:assert/strict';
import { dump } from 'js-yaml';
import { KINDS } from '../src/documents/model/kinds';
import { HttpTransport, PostmanClient, PostmanRepository } from '../src/postman';
import type { SpecInput, SpecProblem } from '../src/specs/model/types';
import { TreeModel } from '../src/tree/model/treeModel';
import { SAMPLE_API_KEY } from '../test/fixtures/sampleData';
import { BenchServer } from './localServer';

const RUNS = 5;
const MB = 1024 * 1024;

type Json = Record<string, unknown>;

function schema(i: number): Json {
  return {
    type: 'object',
    required: ['id', 'name'],
    properties: {
      id: { type: 'integer', format: 'int64', description: `The id of thing ${i}.` },
      name: { type: 'string', maxLength: 200 },
      tags: { type: 'array', items: { type: 'string' } },
      status: { type: 'string', enum: ['available', 'pending', 'sold'] },
    },
  };
}

function pathItem(i: number, schemaRef: string, notFoundRef: string): Json {
  return {
    get: {
      operationId: `getThing${i}`,
      summary: `Get thing ${i}`,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      responses: {
        '200': { description: 'The thing.', content: { 'application/json': { schema: { $ref: schemaRef } } } },
        '404': { $ref: notFoundRef },
      },
    },
  };
}

const info = { title: 'Big API', version: '1.0.0', description: 'A generated spec for the benchmark.' };
const notFound = { description: 'Not found.', content: { 'application/json': { schema: { type: 'object', properties: { message: { type: 'string' } } } } } };

/** A spec of `count` paths and schemas in one document. */
function oneDocument(count: number): Json {
  const paths: Json = {};
  const schemas: Json = {};
  for (let i = 0; i < count; i++) {
    paths[`/things${i}/{id}`] = pathItem(i, `#/components/schemas/Thing${i}`, '#/components/responses/NotFound');
    schemas[`Thing${i}`] = schema(i);
  }
  return { openapi: '3.0.3', info, paths, components: { schemas, responses: { NotFound: notFound } } };
}

/** The same API in four files: root, path items, schemas, and a JSON file of shared responses. */
function files(count: number): SpecInput {
  const paths: Json = {};
  const items: Json = {};
  const schemas: Json = {};
  for (let i = 0; i < count; i++) {
    paths[`/things${i}/{id}`] = { $ref: `paths/things.yaml#/thing${i}` };
    items[`thing${i}`] = pathItem(i, `../components/schemas.yaml#/Thing${i}`, '../common.json#/NotFound');
    schemas[`Thing${i}`] = schema(i);
  }
  return {
    root: 'openapi.yaml',
    files: [
      { path: 'openapi.yaml', content: dump({ openapi: '3.0.3', info, paths }) },
      { path: 'paths/things.yaml', content: dump(items) },
      { path: 'components/schemas.yaml', content: dump(schemas) },
      { path: 'common.json', content: JSON.stringify({ NotFound: notFound }, null, 2) },
    ],
  };
}

/** The fewest paths whose text reaches 1 MB (`size` of a spec of `count` paths). */
function countFor(size: (count: number) => number): number {
  let count = 100;
  while (size(count) < MB) {
    count = Math.ceil((count * MB) / size(count)) + 1;
  }
  return count;
}

const totalSize = (input: SpecInput) => input.files.reduce((n, f) => n + f.content.length, 0);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(validateSpec: (input: SpecInput) => Promise<SpecProblem[]>, input: SpecInput, expected: (problems: SpecProblem[]) => void): Promise<{ first: number; ms: number[] }> {
  const ms: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    (globalThis as { gc?: () => void }).gc?.();
    const started = performance.now();
    const problems = await validateSpec(input);
    ms.push(performance.now() - started);
    expected(problems);
  }
  return { first: ms[0], ms: ms.slice(1) };
}

async function main(): Promise<void> {
  const loadStarted = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- timed: loading the validator is part of its first use
  const { validateSpec } = require('../src/specs/model/validator') as typeof import('../src/specs/model/validator');
  const loadMs = performance.now() - loadStarted;

  const yamlCount = countFor((n) => dump(oneDocument(n)).length);
  const jsonCount = countFor((n) => JSON.stringify(oneDocument(n), null, 2).length);
  const filesCount = countFor((n) => totalSize(files(n)));
  const yaml = dump(oneDocument(yamlCount));
  // One error deep in the file: the last path's 200 response without its description.
  const broken = oneDocument(yamlCount);
  const lastPath = `/things${yamlCount - 1}/{id}`;
  delete (((((broken.paths as Json)[lastPath] as Json).get as Json).responses as Json)['200'] as Json).description;
  const brokenYaml = dump(broken);
  const brokenLine = brokenYaml.split('\n').findIndex((line, i, lines) => line.trim() === "'200':" && lines.slice(0, i).some((l) => l.includes(lastPath)));

  const none = (problems: SpecProblem[]) => deepStrictEqual(problems, []);
  const cases: { name: string; input: SpecInput; expected: (problems: SpecProblem[]) => void; paths: number }[] = [
    { name: 'one YAML file', input: { root: 'openapi.yaml', files: [{ path: 'openapi.yaml', content: yaml }] }, expected: none, paths: yamlCount },
    { name: 'one JSON file', input: { root: 'openapi.json', files: [{ path: 'openapi.json', content: JSON.stringify(oneDocument(jsonCount), null, 2) }] }, expected: none, paths: jsonCount },
    { name: 'four files ($refs)', input: files(filesCount), expected: none, paths: filesCount },
    {
      name: 'one YAML file, 1 error',
      input: { root: 'openapi.yaml', files: [{ path: 'openapi.yaml', content: brokenYaml }] },
      expected: (problems) => deepStrictEqual(problems.map((p) => [p.path, p.range.startLine, p.message]), [['openapi.yaml', brokenLine, "'200' is missing the required property 'description'."]]),
      paths: yamlCount,
    },
  ];

  console.log(`\nSpecs: validating a spec of about 1 MB (OpenAPI 3.0, @readme/openapi-parser), ${RUNS} runs after the first; loading the validator took ${loadMs.toFixed(0)} ms.\n`);
  console.log(`${'spec'.padEnd(26)}${'MB'.padStart(6)}${'paths'.padStart(7)}${'first ms'.padStart(10)}${'median ms'.padStart(11)}${'min ms'.padStart(8)}`);
  for (const c of cases) {
    const { first, ms } = await time(validateSpec, c.input, c.expected);
    const mb = totalSize(c.input) / MB;
    console.log(`${c.name.padEnd(26)}${mb.toFixed(2).padStart(6)}${String(c.paths).padStart(7)}${first.toFixed(0).padStart(10)}${median(ms).toFixed(0).padStart(11)}${Math.min(...ms).toFixed(0).padStart(8)}`);
  }
  console.log('Each path has a GET with a path parameter, a 200 response with a schema ($ref) and a 404 ($ref); one schema per path.');
  console.log('The spec with an error also pays for finding its line: the YAML file is read a second time, for positions.');
  await openFromPostman(validateSpec, yaml);
}

/**
 * The journey: a workspace with specs and globals expands for as many calls as
 * before (one), and a 1 MB spec file opened through the extension's own document code (the
 * table of kinds, the client, the repository) against the local Postman server (its own
 * process, 100 ms latency) has its problems within a time after the response arrives.
 */
async function openFromPostman(validateSpec: (input: SpecInput) => Promise<SpecProblem[]>, yaml: string): Promise<void> {
  const server = new BenchServer();
  const url = await server.start();
  try {
    const http = new HttpTransport(() => ({ baseUrl: url, timeoutMs: 120_000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }));
    const repo = new PostmanRepository(new PostmanClient(http));
    const model = new TreeModel(repo);
    const [ws] = await model.children();
    const before = await server.counts();
    const groups = await model.children(ws);
    const expandCalls = (await server.counts()).calls - before.calls;
    const specs = await model.children(groups.find((g) => g.label === 'Specs'));
    const spec = specs.find((r) => r.kind === 'spec');
    if (!spec?.uid) {
      throw new Error('the bench dataset has no spec');
    }
    // A teammate makes the spec's file 1 MB (the local server's control API, not timed).
    const put = await fetch(`${url}/__control/specs/${spec.uid}/files/index.yaml`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ content: yaml }) });
    deepStrictEqual(put.status, 200);
    const address = { kind: 'specFile' as const, uid: spec.uid, path: 'index.yaml' };
    const afterResponse: number[] = [];
    const responses: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      repo.invalidate(KINDS.specFile.cacheKey(address));
      const started = performance.now();
      const file = await KINDS.specFile.load(repo, address);
      const arrived = performance.now();
      const text = KINDS.specFile.text(file);
      const problems = await validateSpec({ files: [{ path: 'index.yaml', content: text }], root: 'index.yaml' });
      const done = performance.now();
      deepStrictEqual(problems, []);
      if (run > 0) {
        responses.push(arrived - started);
        afterResponse.push(done - arrived);
      }
    }
    console.log(`\nSpecs from Postman (local server, 100 ms latency): expanding a workspace into its groups, Specs and Globals included: ${expandCalls} call (as before specs).`);
    console.log(`A ${(yaml.length / MB).toFixed(2)} MB spec file: GET ${median(responses).toFixed(0)} ms (median of ${RUNS}), then its problems ${median(afterResponse).toFixed(0)} ms after the response (median; slowest ${Math.max(...afterResponse).toFixed(0)} ms; goal < 1,000 ms).`);
  } finally {
    server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
