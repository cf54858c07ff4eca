import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

/**
 * The local Postman server with the benchmark's account (50 workspaces × 40 collections,
 * one 10,000-request collection 8 folders deep, 100 ms latency, Postman's rate limits), in
 * its own process so the client's memory and CPU are measured alone. Other serve.js
 * arguments give another account (the documents benchmark passes `--big-mb`).
 */
export class BenchServer {
  private child: ChildProcess | undefined;
  url = '';

  constructor(private readonly args: string[] = ['--large', '--latency', '100']) {}

  async start(): Promise<string> {
    const script = path.join(__dirname, '..', 'test', 'fixtures', 'serve.js');
    const child = spawn(process.execPath, [script, ...this.args], { stdio: ['ignore', 'pipe', 'inherit'] });
    this.child = child;
    this.url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /listening on (http:\/\/[0-9.]+:\d+)/.exec(out);
        if (m) {
          resolve(m[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`the local Postman server exited (${code}): ${out}`)));
    });
    return this.url;
  }

  async counts(): Promise<{ calls: number; rateLimited: number }> {
    const res = await fetch(`${this.url}/__control/requests?path=${encodeURIComponent('^/(?!__control)')}`);
    const body = (await res.json()) as { count: number; count429: number };
    return { calls: body.count, rateLimited: body.count429 };
  }

  stop(): void {
    this.child?.kill('SIGTERM');
  }
}
