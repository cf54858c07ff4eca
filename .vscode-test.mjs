// Integration tests: mocha runs inside the extension host of a real VS Code.
// By default that VS Code is code-server + headless Chromium (test/harness/vscode-launcher.sh,
// see docs/test-harness.md), because these machines cannot download desktop VS Code.
// With VSCODE_DESKTOP=1, @vscode/test-electron downloads and runs desktop VS Code as usual.
// Build first: `npx tsc -p tsconfig.test.json` (and the extension bundle into dist/).
import { defineConfig } from '@vscode/test-cli';
import { fileURLToPath } from 'node:url';

const desktop = process.env.VSCODE_DESKTOP === '1';

const integration = {
  label: 'integration',
  files: 'out/test/integration/**/*.test.js',
  workspaceFolder: 'test/integration/workspace',
  // `env` reaches the extension host on both paths: test-electron spawns the executable with
  // it, the launcher passes its environment to code-server, which passes it to the extension
  // host (test/integration/harness.test.ts checks POSTMAN_TEST_HARNESS).
  env: { POSTMAN_TEST_HARNESS: desktop ? 'desktop' : 'code-server' },
  // fromPath + no extensions to install is what keeps test-cli/test-electron from downloading
  // (or even resolving) a VS Code version: runTests() downloads only without an executable
  // path, and installDependentExtensions() only when it has extensions to install.
  ...(desktop ? {} : {
    useInstallation: { fromPath: fileURLToPath(new URL('test/harness/vscode-launcher.sh', import.meta.url)) },
  }),
  // Keep it so (and don't pass --install-extensions): that path downloads desktop VS Code.
  skipExtensionDependencies: true,
  // hostConsole.js only acts under the launcher: it makes the output arrive intact and apart
  // from the workbench's own log.
  mocha: { ui: 'bdd', timeout: 60000, color: false, preload: './out/test/harness/hostConsole.js' },
};

export default defineConfig([
  integration,
  // `npm run test:reliability` (scripts/reliability.mjs) runs this label: faults and bad input
  // per user journey, and the tree against Prism, in the extension host. Its own user-data
  // folder, emptied by the script first, so the final search for secrets sees only this run.
  {
    ...integration,
    label: 'reliability',
    files: ['out/test/reliability/host/**/*.test.js', 'out/test/contract/host/**/*.test.js'],
    // POSTMAN_RELIABILITY_USER_DATA lets two runs side by side keep apart.
    launchArgs: [`--user-data-dir=${process.env.POSTMAN_RELIABILITY_USER_DATA || fileURLToPath(new URL('.vscode-test/reliability-user-data', import.meta.url))}`],
    mocha: { ...integration.mocha, timeout: 120000 },
  },
]);
