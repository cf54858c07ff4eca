// Behaves like a VS Code executable for @vscode/test-cli / @vscode/test-electron
// (`useInstallation.fromPath` in .vscode-test.mjs, via vscode-launcher.sh): it starts
// code-server, opens the workbench in headless Chromium with the extension-test payload,
// relays the extension host's output and exits with the tests' exit code.
// Env: POSTMAN_TEST_TIMEOUT_MS (overall limit, default 15 min), POSTMAN_TEST_DEBUG (also print
// code-server's log and the page's console errors to stderr).
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { CodeServer, startCodeServer } from './codeServer';

interface LaunchArgs {
  extensionDevelopmentPaths: string[];
  extensionTestsPath?: string;
  userDataDir?: string;
  extensionsDir?: string;
  folder?: string;
}

/** Only the `--name=value` forms test-electron passes; every other flag is ignored. */
export function parseArgs(argv: string[]): LaunchArgs {
  const out: LaunchArgs = { extensionDevelopmentPaths: [] };
  for (const arg of argv) {
    const m = /^--([^=]+)=(.*)$/s.exec(arg);
    if (m) {
      const [, name, value] = m;
      switch (name) {
        case 'extensionDevelopmentPath': out.extensionDevelopmentPaths.push(path.resolve(value)); break;
        case 'extensionTestsPath': out.extensionTestsPath = path.resolve(value); break;
        case 'user-data-dir': out.userDataDir = path.resolve(value); break;
        case 'extensions-dir': out.extensionsDir = path.resolve(value); break;
      }
    } else if (!arg.startsWith('-')) {
      out.folder = path.resolve(arg);
    }
  }
  return out;
}

const debug = !!process.env.POSTMAN_TEST_DEBUG;
const recentLog: string[] = [];
let codeServer: CodeServer | undefined;
let browser: Browser | undefined;
const tmpDirs: string[] = [];

function tmpDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `postman-${name}-`));
  tmpDirs.push(dir);
  return dir;
}

/** A vscode-remote:// URI, so the path is loaded by the Node extension host of code-server. */
function remoteUri(port: number, file: string): string {
  return `vscode-remote://127.0.0.1:${port}${pathToFileURL(file).pathname}`;
}

function workbenchUrl(base: string, port: number, a: LaunchArgs): string {
  const payload: [string, string][] = [
    ...a.extensionDevelopmentPaths.map((p): [string, string] => ['extensionDevelopmentPath', remoteUri(port, p)]),
    ['extensionTestsPath', remoteUri(port, a.extensionTestsPath!)],
    ['skipWelcome', 'true'],
  ];
  const query = new URLSearchParams();
  if (a.folder?.endsWith('.code-workspace')) {
    query.set('workspace', a.folder);
  } else if (a.folder) {
    // For a plain file, open its folder: keeps the run simple and the file reachable.
    const isFile = fs.existsSync(a.folder) && !fs.statSync(a.folder).isDirectory();
    query.set('folder', isFile ? path.dirname(a.folder) : a.folder);
  }
  query.set('payload', JSON.stringify(payload));
  return `${base}/?${query}`;
}

async function run(a: LaunchArgs): Promise<number> {
  // hostConsole.ts (preloaded in the extension host) prefixes the tests' output with this.
  const marker = `\u2063${randomBytes(6).toString('hex')}\u2063`;
  codeServer = await startCodeServer({
    // Added to this process's env, which test-electron built from the config's `env` plus
    // VSCODE_TEST_OPTIONS; code-server passes it all on to the extension host.
    env: { POSTMAN_TEST_LOG_MARKER: marker },
    userDataDir: a.userDataDir ?? tmpDir('ud'),
    extensionsDir: a.extensionsDir ?? tmpDir('ext'),
    // Without it VS Code >= 1.133 ignores the payload: nothing runs and nothing exits.
    smokeTestDriver: true,
    log: (line) => {
      recentLog.push(line);
      if (recentLog.length > 40) {
        recentLog.shift();
      }
      if (debug) {
        process.stderr.write(`[code-server] ${line}\n`);
      }
    },
  });
  // Our own SIGINT/SIGTERM handlers stop code-server too; playwright's would exit first.
  browser = await launchBrowser({ handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  const page = await browser.newPage();
  if (debug) {
    page.on('console', (m) => {
      if (m.type() === 'error') {
        process.stderr.write(`[page] ${m.text()}\n`);
      }
    });
    page.on('pageerror', (e) => process.stderr.write(`[page] ${e.stack ?? e.message}\n`));
  }
  // Both must exist before the workbench loads: it looks them up once.
  const exitCode = new Promise<number>((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code: number) => resolve(Number(code)));
  });
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
    // One string per message (older VS Code passed an array): the workbench's own log and
    // the extension host's console; only the latter, marked by hostConsole.ts, is test output.
    const text = Array.isArray(args) ? args.map(String).join(' ') : String(args);
    if (text.startsWith(marker)) {
      (type === 'error' ? process.stderr : process.stdout).write(`${text.slice(marker.length)}\n`);
    } else if (debug) {
      process.stderr.write(`[workbench ${type}] ${text}\n`);
    }
  });
  await page.goto(workbenchUrl(codeServer.url, codeServer.port, a));
  return exitCode;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref())]);
}

async function cleanup(): Promise<void> {
  await withTimeout(browser?.close().catch(() => {}) ?? Promise.resolve(), 5000);
  await codeServer?.stop();
  for (const dir of tmpDirs) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let finishing = false;
async function finish(code: number): Promise<never> {
  if (!finishing) {
    finishing = true;
    await cleanup().catch((e) => process.stderr.write(`Cleanup failed: ${e}\n`));
    process.exitCode = code;
  }
  // Let stdout drain, but never hang on a leftover handle.
  setTimeout(() => process.exit(code), 1000).unref();
  return new Promise<never>(() => {});
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  if (!a.extensionTestsPath) {
    process.stderr.write('vscode-launcher: only extension test runs are supported (--extensionTestsPath=... is missing).\n');
    return finish(2);
  }
  const limit = Number(process.env.POSTMAN_TEST_TIMEOUT_MS) || 15 * 60_000;
  const timer = setTimeout(() => {
    process.stderr.write(`\nvscode-launcher: TIMED OUT after ${limit} ms (POSTMAN_TEST_TIMEOUT_MS): the tests never reported an exit code. `
      + `Last code-server output:\n${recentLog.join('\n')}\n`);
    void finish(1);
  }, limit);
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    // .on, not .once: a second signal (test-electron forwards Ctrl+C) must not cut cleanup short.
    process.on(sig, () => {
      if (!finishing) {
        process.stderr.write(`vscode-launcher: ${sig}; stopping code-server and Chromium.\n`);
      }
      void finish(code);
    });
  }
  try {
    const code = await run(a);
    clearTimeout(timer);
    await finish(code);
  } catch (e) {
    clearTimeout(timer);
    process.stderr.write(`vscode-launcher: ${e instanceof Error ? e.message : String(e)}\n`);
    await finish(1);
  }
}

if (require.main === module) {
  void main();
}
