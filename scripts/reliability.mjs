// `npm run test:reliability`: faults, bad input and Postman's own API description.
//  1. plain Node: the client against Prism serving Postman's OpenAPI description (contract),
//     and property-based tests feeding the parsers, the client and the tree generated input;
//  2. the real extension host (code-server): every user journey — sign in, browse, open,
//     save — under injected faults and bad input, the tree and editor against Prism, then a
//     search of everything that VS Code wrote for the keys used.
// Each scenario writes a line to out/reliability/; this script ends with the table and the
// totals. The e2e run (`npm run test:e2e`, run before this by `npm test`) adds its secret
// sweep of logs, settings, state and screenshots' page text when it ran after the last build.
// Expects the tests compiled (out/) and the bundle built (dist/), as `npm test` does first.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'out', 'reliability');
const userData = path.join(root, '.vscode-test', 'reliability-user-data');

fs.mkdirSync(dir, { recursive: true });
for (const f of fs.readdirSync(dir)) {
  if (/-(node|host)\.jsonl?$/.test(f)) {
    fs.rmSync(path.join(dir, f));
  }
}
// A fresh user-data folder: the final search must see only what this run wrote.
fs.rmSync(process.env.POSTMAN_RELIABILITY_USER_DATA || userData, { recursive: true, force: true });

const steps = [
  ['plain Node (contract, properties)', 'npx', ['mocha', '--config', '.mocharc.reliability.json']],
  ['extension host (journeys under faults, Prism)', 'npx', ['vscode-test', '--label', 'reliability']],
];
const exits = [];
for (const [name, cmd, args] of steps) {
  console.log(`\n--- reliability: ${name}`);
  exits.push({ name, code: await run(cmd, args) });
}

const scenarios = [];
const totals = [];
for (const f of fs.readdirSync(dir).sort()) {
  const file = path.join(dir, f);
  if (f.startsWith('scenarios-') && f.endsWith('.jsonl')) {
    scenarios.push(...fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));
  } else if (f.startsWith('totals-') && f.endsWith('.json')) {
    totals.push({ ...JSON.parse(fs.readFileSync(file, 'utf8')), mtime: fs.statSync(file).mtimeMs });
  }
}

// The e2e sweep counts only if it ran on the current build.
const vsix = path.join(root, 'dist', 'postman-workspaces.vsix');
const built = fs.existsSync(vsix) ? fs.statSync(vsix).mtimeMs : 0;
const e2e = totals.find((t) => t.where === 'e2e');
const e2eCurrent = e2e && e2e.mtime >= built;
const rows = scenarios.filter((s) => s.where !== 'e2e' || e2eCurrent);

const order = ['sign in', 'browse', 'open', 'save', 'trust', 'send', 'run', 'contract', 'parsers', 'secrets'];
rows.sort((a, b) => order.indexOf(a.journey) - order.indexOf(b.journey));
const cut = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
console.log('\nReliability report\n');
console.log(`${'journey'.padEnd(9)}${'where'.padEnd(6)}${'outcome'.padEnd(9)}${'scenario'.padEnd(78)}what the user saw / why`);
for (const s of rows) {
  console.log(`${s.journey.padEnd(9)}${s.where.padEnd(6)}${s.outcome.padEnd(9)}${cut(s.scenario, 76).padEnd(78)}${cut(s.detail ?? '', 90)}`);
}

const count = (o) => rows.filter((s) => s.outcome === o).length;
const used = totals.filter((t) => t.where !== 'e2e' || e2eCurrent);
const unhandled = used.reduce((n, t) => n + (t.unhandled ?? 0), 0);
const secretsFound = used.reduce((n, t) => n + (t.secretsFound ?? 0), 0);
const searched = used.filter((t) => t.secretsSearched).map((t) => `${t.where}: ${t.secretsSearched.files} files, ${t.secretsSearched.secrets} secrets`);
const perJourney = order.map((j) => [j, rows.filter((s) => s.journey === j)]).filter(([, r]) => r.length > 0)
  .map(([j, r]) => `${j} ${r.filter((s) => s.outcome === 'passed').length}/${r.length}`);

console.log('\nTotals');
console.log(`  scenarios tried:   ${rows.length}  (${perJourney.join(', ')})`);
console.log(`  passed:            ${count('passed')}`);
console.log(`  failed:            ${count('failed')}`);
console.log(`  skipped:           ${count('skipped')}`);
console.log(`  unhandled errors:  ${unhandled}  (must be 0; counted in ${used.map((t) => t.where).join(', ') || 'no run'})`);
console.log(`  secrets found:     ${secretsFound}  (must be 0; searched ${searched.join('; ') || 'nothing'})`);
if (!e2eCurrent) {
  console.log('  (the e2e secret sweep is not included: run `npm run test:e2e` after the build to add it)');
}
for (const t of used) {
  for (const d of t.unhandledDetails ?? []) {
    console.log(`  unhandled (${t.where}): ${cut(d.split('\n')[0], 200)}`);
  }
}

const stepsFailed = exits.filter((e) => e.code !== 0);
for (const e of stepsFailed) {
  console.log(`  step failed: ${e.name} (exit ${e.code})`);
}
const missing = ['node', 'host'].filter((w) => !totals.some((t) => t.where === w));
for (const w of missing) {
  console.log(`  no totals from ${w}: that run did not finish`);
}
const ok = stepsFailed.length === 0 && missing.length === 0 && count('failed') === 0 && unhandled === 0 && secretsFound === 0 && rows.length > 0;
console.log(ok ? '\nreliability: all scenarios passed, nothing unhandled, no secret found' : '\nreliability: FAILED');
process.exit(ok ? 0 : 1);

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}
