/**
 * Postman's own OpenAPI description served by Prism (static mode) on loopback, and a small
 * recording proxy in front of it. The proxy is how a test picks one of the spec's named
 * examples for the next requests (it adds Prism's `__code` / `__example` query) without the
 * client sending anything it would not send to Postman; and it keeps, per request, Prism's
 * `sl-violations` header: the proof that the request passed the spec's request validation.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { repoRoot } from '../reliability/report';

export const SPEC_PATH = path.join(repoRoot(), 'test', 'fixtures', 'postman-api', 'openapi.yaml');

export interface Prism {
  url: string;
  /** Prism's recent output (it logs each request and its validation). */
  log: string[];
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `prism mock` on 127.0.0.1 with the Node that runs this process (Node 20 in plain
 * mocha, Node 24 in code-server's extension host: Prism 5.16 runs on both, though it
 * declares Node ≥ 24.18), and waits for its "listening" line. With `proxyTo`, `prism proxy`
 * instead: each request goes on to that server, and both the request and the server's answer
 * are validated against the description (findings in the `sl-violations` header).
 */
export async function startPrism(opts: { node?: string; timeoutMs?: number; proxyTo?: string } = {}): Promise<Prism> {
  const cli = path.join(repoRoot(), 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
  if (!fs.existsSync(cli)) {
    throw new Error(`${cli} is missing: run npm install`);
  }
  const port = await freePort();
  const mode = opts.proxyTo ? ['proxy', '-h', '127.0.0.1', '-p', String(port), SPEC_PATH, opts.proxyTo] : ['mock', '-h', '127.0.0.1', '-p', String(port), SPEC_PATH];
  const child: ChildProcess = spawn(opts.node ?? process.execPath, [cli, ...mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Inside the extension host, process.execPath is the host's Node; ELECTRON_RUN_AS_NODE makes an Electron host behave as Node too.
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ELECTRON_RUN_AS_NODE: '1' },
  });
  const log: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start within ${opts.timeoutMs ?? 60000} ms:\n${log.slice(-20).join('\n')}`)), opts.timeoutMs ?? 60000);
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        log.push(line);
        if (log.length > 400) {
          log.shift();
        }
        if (/Prism is listening on/.test(line)) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${port}`);
        }
      }
    };
    child.stdout?.on('data', onLine);
    child.stderr?.on('data', onLine);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited (${code}) before listening:\n${log.slice(-20).join('\n')}`));
    });
  });
  return {
    url,
    log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
        }
      }
    },
  };
}

export interface Exchange {
  method: string;
  /** Path and query as the client sent them (before the proxy's additions). */
  url: string;
  status: number;
  contentType: string;
  /** Prism's request validation findings (`sl-violations`), when it had any. */
  violations?: unknown[];
  /** Request header names the client sent (never their values). */
  headerNames: string[];
  bodyBytes: number;
}

/** What the next requests should get from Prism: a status and a named example of the spec. */
export interface Pick {
  code?: number;
  example?: string;
}

export class ContractProxy {
  readonly exchanges: Exchange[] = [];
  pick: Pick | undefined;
  private server: http.Server | undefined;

  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    const server = http.createServer((req, res) => void this.forward(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => {
      if (!server) {
        return resolve();
      }
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Runs `fn` with every request answered by example `pick`; returns its exchanges. */
  async with<T>(pick: Pick | undefined, fn: () => Promise<T>): Promise<{ result: T | undefined; error: unknown; exchanges: Exchange[] }> {
    const from = this.exchanges.length;
    this.pick = pick;
    try {
      return { result: await fn(), error: undefined, exchanges: this.exchanges.slice(from) };
    } catch (error) {
      return { result: undefined, error, exchanges: this.exchanges.slice(from) };
    } finally {
      this.pick = undefined;
    }
  }

  private async forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks);
    const sent = req.url ?? '/';
    const url = new URL(sent, this.target);
    if (this.pick?.code !== undefined) {
      url.searchParams.set('__code', String(this.pick.code));
    }
    if (this.pick?.example !== undefined) {
      url.searchParams.set('__example', this.pick.example);
    }
    const headers = { ...req.headers, host: url.host };
    const upstream = http.request(url, { method: req.method, headers }, (answer) => {
      const parts: Buffer[] = [];
      answer.on('data', (c: Buffer) => parts.push(c));
      answer.on('end', () => {
        const raw = answer.headers['sl-violations'];
        let violations: unknown[] | undefined;
        if (typeof raw === 'string') {
          try {
            violations = JSON.parse(raw) as unknown[];
          } catch {
            violations = [raw];
          }
        }
        this.exchanges.push({
          method: req.method ?? 'GET',
          url: sent,
          status: answer.statusCode ?? 0,
          contentType: String(answer.headers['content-type'] ?? ''),
          ...(violations ? { violations } : {}),
          headerNames: Object.keys(req.headers),
          bodyBytes: body.length,
        });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(Buffer.concat(parts));
      });
    });
    upstream.on('error', (err) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${err.message}`);
    });
    upstream.end(body);
  }
}
