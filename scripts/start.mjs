// `npm start`: the extension for real, in a real VS Code (code-server) you open in a browser.
// Without POSTMAN_API_KEY it runs against the local sample Postman server (sign in with the
// sample key it prints); with POSTMAN_API_KEY set it talks to the real Postman API and the
// extension signs in from that variable. Ctrl+C stops everything.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run('bash', ['scripts/ensure-code-server.sh']);
run('npm', ['run', '--silent', 'compile-tests']);
run('npm', ['run', '--silent', 'package']);

const require = createRequire(import.meta.url);
const { startCodeServer, installExtension } = require(path.join(root, 'out/test/harness/codeServer.js'));
const { LocalPostmanServer } = require(path.join(root, 'out/test/fixtures/postmanServer.js'));
const { SAMPLE_API_KEY } = require(path.join(root, 'out/test/fixtures/sampleData.js'));

const realApi = Boolean(process.env.POSTMAN_API_KEY);
const port = Number(process.env.PORT || 8080);
const home = path.join(root, '.cache', 'start');
const userDataDir = path.join(home, 'user-data');
const extensionsDir = path.join(home, 'extensions');
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'postman-demo-'));

let sample;
let apiUrl = process.env.POSTMAN_API_BASE_URL || 'https://api.getpostman.com';
if (!realApi) {
  sample = new LocalPostmanServer({ latencyMs: 80 });
  apiUrl = await sample.start(Number(process.env.POSTMAN_SAMPLE_PORT || 0));
}
await installExtension(path.join(root, 'dist/postman-workspaces.vsix'), extensionsDir, userDataDir);
const vscode = await startCodeServer({
  userDataDir,
  extensionsDir,
  bindAddr: `127.0.0.1:${port}`,
  settings: { 'postman.apiBaseUrl': apiUrl },
});

console.log(`\nVS Code with Postman Workspaces: ${vscode.url}/?folder=${encodeURIComponent(folder)}`);
if (realApi) {
  console.log('Signed in from POSTMAN_API_KEY against the real Postman API.');
} else {
  console.log(`Sample Postman API: ${apiUrl}`);
  console.log(`Open the Postman view, choose Sign In and paste the sample key: ${SAMPLE_API_KEY}`);
  console.log('(Set POSTMAN_API_KEY to use your own Postman account instead.)');
}
console.log('Press Ctrl+C to stop.');

const stop = async () => {
  await vscode.stop();
  await sample?.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
