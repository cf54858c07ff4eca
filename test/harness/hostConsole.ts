// Preloaded into the extension host by @vscode/test-cli's runner (`mocha.preload` in
// .vscode-test.mjs). Only under the code-server launcher (which sets POSTMAN_TEST_LOG_MARKER):
// VS Code forwards the extension host's console to the page as "fmt arg1 arg2" (printf
// formats unapplied, e.g. mocha's "%d passing (%s) 3 26ms") mixed with the workbench's own log.
// So format here and mark each message; the launcher prints only marked ones, unmarked.
import { format } from 'node:util';

const marker = process.env.POSTMAN_TEST_LOG_MARKER;
const g = globalThis as { postmanHostConsole?: boolean };
if (marker && !g.postmanHostConsole) {
  g.postmanHostConsole = true;
  // VS Code's own console.log etc. are getters with a no-op setter, so replace the console.
  const host = console;
  const marked = (method: 'log' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => host[method](marker + format(...args));
  globalThis.console = Object.create(host, Object.fromEntries(
    (['log', 'info', 'warn', 'error'] as const).map((m) => [m, { value: marked(m), writable: true }]),
  )) as Console;
  // mocha's reporters print via Base.consoleLog, a copy of console.log taken when mocha loaded
  // (before this file). test-cli has its own nested mocha, so patch every loaded copy.
  for (const [id, mod] of Object.entries(require.cache)) {
    if (mod && /[\\/]mocha[\\/]lib[\\/]reporters[\\/]base\.js$/.test(id)) {
      (mod.exports as { consoleLog?: unknown }).consoleLog = console.log;
    }
  }
}
