/**
 * `npm run bench`, links (collections as code): 20 collections of a workspace linked to files
 * (one pull each), their status with Postman (one read each), the file side alone (no call),
 * and — after a teammate saved each one unchanged in Postman, which moves its stamps — how many
 * links a status calls changed: ours (canonical hashes) beside a naive comparison of the raw
 * JSON Postman returns with the raw JSON written. Then the largest collection (10,000 requests,
 * 8 folders deep): pull, and the file side of its status. The extension's own vscode-free code
 * (LinkSync, NodeLinkFiles, the client with its pacing) against the local Postman server in its
 * own process (Postman's rate limits, 100 ms latency, 50 workspaces × 40 collections).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HttpTransport, PostmanClient, PostmanRepository } from '../src/postman';
import { type Link, LINKS_PATH, serializeLinks } from '../src/links/model/linksFile';
import { NodeLinkFiles } from '../src/links/model/nodeFiles';
import { LinkSync } from '../src/links/model/sync';
import { SAMPLE_API_KEY } from '../test/fixtures/sampleData';
import { BenchServer } from './localServer';
import { type Measured, measure } from './measure';

const LINKS = 20;
const MB = 1024 * 1024;

function stack(url: string): { client: PostmanClient; repo: PostmanRepository } {
  const http = new HttpTransport(() => ({ baseUrl: url, timeoutMs: 120_000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }));
  const client = new PostmanClient(http);
  return { client, repo: new PostmanRepository(client) };
}

const row = (journey: string, r: Omit<Measured<unknown>, 'value'>, note = '') =>
  console.log(`${journey.padEnd(52)}| ${String(r.calls).padStart(5)} ${r.ms.toFixed(0).padStart(8)} ${String(r.rateLimited).padStart(5)} ${r.peakHeapMb.toFixed(1).padStart(7)} | ${note}`);

async function main(): Promise<void> {
  const server = new BenchServer();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-links-'));
  try {
    const url = await server.start();
    const { client, repo } = stack(url);
    const files = new NodeLinkFiles(dir);
    const sync = new LinkSync(client, repo, files);
    const workspaces = await client.listWorkspaces();
    const ws = await client.getWorkspace(workspaces[0].id);
    const monolith = (ws.collections ?? []).find((c) => c.name.startsWith('Monolith API'));
    const refs = (ws.collections ?? []).filter((c) => c !== monolith).slice(0, LINKS);
    const account = { api: url, user: '12345678' };
    let links: Link[] = refs.map((c) => ({ kind: 'collection', uid: c.uid ?? c.id, workspace: ws.id, path: `postman/collections/${c.id}.postman_collection.json`, account }));

    console.log(`\nLinks: ${refs.length} collections of a workspace linked to files (local server: 100 ms latency, Postman rate limits).\n`);
    console.log(`${'journey'.padEnd(52)}| calls       ms   429  heapMB | `);
    const pulled = await measure(server, async () => Promise.all(links.map((l) => sync.pull(l))));
    links = pulled.value.map((r) => r.link);
    await files.write(LINKS_PATH, serializeLinks(links));
    row(`link ${LINKS} (one pull each, in parallel, paced)`, pulled);
    const checked = await measure(server, async () => Promise.all(links.map((l) => sync.status(l))));
    row(`status with Postman of ${LINKS}`, checked, `${checked.value.filter((s) => s.state === 'inSync').length} in sync`);
    const local = await measure(server, async () => Promise.all(links.map((l) => sync.localStatus(l))));
    row(`file side of ${LINKS} (on save; no call)`, local);

    // The naive way: the raw JSON Postman returns, written as it is, compared as text.
    const raw = new Map<string, string>();
    for (const l of links) {
      raw.set(l.uid, JSON.stringify(await client.getCollection(l.uid), null, 2));
    }
    // A teammate saves each collection in Postman without changing it: its stamps move.
    for (const l of links) {
      const c = await client.getCollection(l.uid);
      await new Promise((r) => setTimeout(r, 2));
      await client.updateCollection(l.uid, c);
    }
    const ours = await measure(server, async () => Promise.all(links.map((l) => sync.status(l))));
    const naive = await measure(server, async () => Promise.all(links.map(async (l) => JSON.stringify(await client.getCollection(l.uid), null, 2) !== raw.get(l.uid))));
    const falseOurs = ours.value.filter((s) => s.state !== 'inSync').length;
    const falseNaive = naive.value.filter(Boolean).length;
    row('after unchanged saves in Postman: ours', ours, `${falseOurs} of ${LINKS} called changed`);
    row('  naive (raw JSON as Postman returns it)', naive, `${falseNaive} of ${LINKS} called changed`);

    // The largest collection.
    if (monolith) {
      const link: Link = { kind: 'collection', uid: monolith.uid ?? monolith.id, workspace: ws.id, path: 'postman/collections/large.postman_collection.json', account };
      const big = await measure(server, () => sync.pull(link));
      const bytes = (await fs.stat(path.join(dir, link.path))).size;
      row('pull the 10,000-request collection', big, `${(bytes / MB).toFixed(1)} MB written`);
      const side = await measure(server, () => sync.localStatus(big.value.link));
      row('  its file side (read, parse, normalise, hash)', side, side.value.state);
    }
    console.log(`\nGoal: no link called changed by Postman's own stamps — ours ${falseOurs}, naive ${falseNaive}: ${falseOurs === 0 ? 'met' : 'NOT met'}.`);
    console.log('Peak heap: heapUsed above a collected baseline, sampled every 5 ms; garbage counts until collected.');
  } finally {
    server.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
