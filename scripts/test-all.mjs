// `npm test`: every check and every test tier, in the order a failure is cheapest to find.
// Each step's output streams through; mocha's "N passing / N failing" lines are summed so
// the run ends with one line: "tests: N passed, N failed".
import { spawn } from 'node:child_process';

const steps = [
  ['lint', 'npx', ['eslint', '.']],
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']],
  ['build', 'npm', ['run', '--silent', 'compile-tests']],
  ['package', 'npm', ['run', '--silent', 'package']],
  ['unit', 'npm', ['run', '--silent', 'test:unit']],
  ['setup VS Code', 'bash', ['scripts/ensure-code-server.sh']],
  ['integration', 'npm', ['run', '--silent', 'test:integration']],
  ['e2e', 'npm', ['run', '--silent', 'test:e2e']],
  ['reliability', 'npm', ['run', '--silent', 'test:reliability']],
];

let passed = 0;
let failed = 0;
const results = [];
for (const [name, cmd, args] of steps) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const { code, output } = await run(cmd, args);
  const passing = [...output.matchAll(/^\s*(\d+) passing/gm)].reduce((n, m) => n + Number(m[1]), 0);
  const failing = [...output.matchAll(/^\s*(\d+) failing/gm)].reduce((n, m) => n + Number(m[1]), 0);
  passed += passing;
  failed += failing + (code !== 0 && failing === 0 ? 1 : 0);
  results.push({ name, code, seconds: ((Date.now() - started) / 1000).toFixed(1), passing, failing });
  if (code !== 0) {
    console.error(`=== ${name} failed (exit ${code}); later steps are skipped.`);
    break;
  }
}
console.log('\nstep           exit  seconds  passing  failing');
for (const r of results) {
  console.log(`${r.name.padEnd(15)}${String(r.code).padEnd(6)}${r.seconds.padStart(7)}  ${String(r.passing).padStart(7)}  ${String(r.failing).padStart(7)}`);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.code === 0) && results.length === steps.length ? 0 : 1);

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk;
        (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
