/**
 * `npm run bench`, items: one request of the 10,000-request collection opened and saved on its
 * own through the item endpoints, beside the whole-collection save of the same change — the
 * extension's own vscode-free code (the table of document kinds, the saver, the client and
 * repository, the item converter), against the local Postman server in its own process (0 ms
 * latency, Postman's rate limits). Every result is checked against the server as it is timed.
 */
import { strictEqual } from 'node:assert/strict';
import { serialize } from '../src/documents/model/content';
import { itemConverter } from '../src/documents/model/items/converter';
import { KINDS } from '../src/documents/model/kinds';
import type { ItemDocument } from '../src/documents/model/kinds/item';
import { DocumentSaver, openedFrom, type SaveQuestions } from '../src/documents/model/saver';
import { type CollectionDocument, HttpTransport, PostmanClient, PostmanRepository, type WireItem } from '../src/postman';
import { locate } from '../src/postman/itemTree';
import { SAMPLE_API_KEY } from '../test/fixtures/sampleData';
import { BenchServer } from './localServer';

const RUNS = 5;
type Obj = Record<string, unknown>;

const questions: SaveQuestions = {
  lostIds: async () => {
    throw new Error('lost ids reported for an edit that keeps every id');
  },
  confirm: async () => true,
  conflict: async () => {
    throw new Error('a conflict reported for a document opened from Postman\'s current copy');
  },
};

/** The extension's stack, new for each run so no cache answers; counts the bytes of every request body sent. */
function stack(url: string) {
  const sent: number[] = [];
  const http = new HttpTransport(() => ({ baseUrl: url, timeoutMs: 120_000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }));
  const request = http.request.bind(http);
  http.request = ((method: string, path: string, opts: { body?: unknown } = {}) => {
    if (opts.body !== undefined) {
      sent.push(Buffer.byteLength(JSON.stringify(opts.body)));
    }
    return request(method as never, path, opts as never);
  }) as typeof http.request;
  const client = new PostmanClient(http);
  const repo = new PostmanRepository(client);
  return { client, repo, saver: new DocumentSaver(client, repo), sent };
}

async function stored(url: string, uid: string): Promise<CollectionDocument> {
  const res = await fetch(`${url}/collections/${uid}`, { headers: { 'X-Api-Key': SAMPLE_API_KEY } });
  return ((await res.json()) as { collection: CollectionDocument }).collection;
}

interface Row {
  ms: number[];
  afterResponse: number[];
  calls: number[];
  bytes: number[];
}

const row = (): Row => ({ ms: [], afterResponse: [], calls: [], bytes: [] });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const server = new BenchServer(['--large']);
  const url = await server.start();
  try {
    const setup = stack(url);
    const ws = await setup.repo.workspace((await setup.repo.workspaces()).find((w) => w.name === 'My Workspace')?.id ?? '');
    const big = ws.collections.find((c) => /\(10000 requests\)/.test(c.name));
    if (!big?.uid) {
      throw new Error('no 10,000-request collection in the benchmark account');
    }
    const uid = big.uid;
    const whole = await stored(url, uid);
    // A request deep in the tree: the last one, under every level of folders.
    const requests: Obj[] = [];
    const walk = (items: unknown[]) => items.forEach((i) => (Array.isArray((i as Obj).item) ? walk((i as Obj).item as unknown[]) : requests.push(i as Obj)));
    walk(whole.item);
    const target = requests[requests.length - 1];
    const id = target.id as string;
    const rows = { 'open one request': row(), 'save one request': row(), 'open the whole collection': row(), 'save the whole collection': row() };
    itemConverter(); // loaded once per window, before the first item opens: not part of an open

    for (let run = 0; run <= RUNS; run++) {
      const keep = (name: keyof typeof rows, ms: number, calls: number, bytes: number, afterResponse = 0) => {
        if (run > 0) {
          rows[name].ms.push(ms);
          rows[name].calls.push(calls);
          rows[name].bytes.push(bytes);
          rows[name].afterResponse.push(afterResponse);
        }
      };
      const label = `Renamed in run ${run}`;

      // One request: GET the item, convert it, its text and version (what the editor gets).
      const item = stack(url);
      let before = (await server.counts()).calls;
      let started = performance.now();
      const wire: WireItem = await item.repo.item('request', uid, id);
      const responded = performance.now();
      const kind = KINDS.request;
      const value = await kind.load(item.repo, { kind: 'request', uid, item: id });
      const text = kind.text(value);
      const opened = openedFrom('request', value, text);
      const ready = performance.now();
      keep('open one request', ready - started, (await server.counts()).calls - before, 0, ready - responded);
      strictEqual((value as ItemDocument).wire, wire);
      strictEqual((JSON.parse(text) as Obj).id, id, 'the document is the request');

      // Save the same change as the whole-collection save below: a new name.
      const edited = text.replace(`"name": ${JSON.stringify((JSON.parse(text) as Obj).name)}`, `"name": ${JSON.stringify(label)}`);
      before = (await server.counts()).calls;
      started = performance.now();
      await item.saver.save({ kind: 'request', uid, item: id, text: edited, opened, questions });
      keep('save one request', performance.now() - started, (await server.counts()).calls - before, item.sent.reduce((a, b) => a + b, 0));
      strictEqual(locate((await stored(url, uid)).item, id)?.item.name, label, 'Postman holds the item\'s new name');

      // The whole collection: open it, make the same change in its JSON, save it.
      const all = stack(url);
      before = (await server.counts()).calls;
      started = performance.now();
      const collection = await all.repo.collection(uid);
      const wholeText = serialize(collection);
      const wholeOpened = openedFrom('collection', collection, wholeText);
      keep('open the whole collection', performance.now() - started, (await server.counts()).calls - before, 0);
      const copy = JSON.parse(wholeText) as CollectionDocument;
      (locate(copy.item, id)?.item as Obj).name = `${label} (whole)`;
      const wholeEdited = serialize(copy);
      before = (await server.counts()).calls;
      started = performance.now();
      await all.saver.save({ kind: 'collection', uid, text: wholeEdited, opened: wholeOpened, questions });
      keep('save the whole collection', performance.now() - started, (await server.counts()).calls - before, all.sent.reduce((a, b) => a + b, 0));
      strictEqual(locate((await stored(url, uid)).item, id)?.item.name, `${label} (whole)`);
    }

    console.log(`\nItems: one request of the 10,000-request collection (${requests.length} requests) opened and saved on its own, beside the whole collection; median of ${RUNS} runs after a warm-up; local Postman server in its own process, 0 ms latency, Postman rate limits.\n`);
    console.log(`${'journey'.padEnd(28)}${'median ms'.padStart(10)}${'ready after response ms'.padStart(25)}${'calls'.padStart(7)}${'bytes sent'.padStart(12)}`);
    for (const [name, r] of Object.entries(rows)) {
      const after = name === 'open one request' ? median(r.afterResponse).toFixed(1) : '';
      console.log(`${name.padEnd(28)}${median(r.ms).toFixed(0).padStart(10)}${after.padStart(25)}${[...new Set(r.calls)].join('/').padStart(7)}${median(r.bytes).toLocaleString('en').padStart(12)}`);
    }
    console.log('Goals (issue 15): open one request = 1 call, ready < 50 ms after the response; save it = at most 2 calls, a body < 10 KB.');
    strictEqual(Math.max(...rows['open one request'].calls), 1, 'open one request: one call');
    strictEqual(Math.max(...rows['save one request'].calls) <= 2, true, 'save one request: at most two calls');
  } finally {
    server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
