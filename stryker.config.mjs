// @ts-check
// Mutation testing of the vscode-free core (`npm run test:mutation`, scripts/mutation.mjs).
// Stryker changes the TypeScript sources in a sandbox, compiles them once with every mutant
// switched in (`buildCommand`), and runs the unit tier (mocha, plain Node) against each
// mutant, only the tests that reach it (per-test coverage). A surviving mutant is a change
// to the code that no unit test notices.
import { CORE_GLOBS, MUTATION_EXCLUDED } from './scripts/core-folders.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [...CORE_GLOBS, ...MUTATION_EXCLUDED],
  testRunner: 'mocha',
  // The unit tier's own config, plus a 5-s limit per test (the runner turns mocha's off) so a
  // mutant that leaves a test waiting forever fails fast instead of timing out.
  mochaOptions: { config: '.mocharc.unit.json', require: ['scripts/mutation/test-timeout.mjs'] },
  buildCommand: 'tsc -p tsconfig.test.json',
  coverageAnalysis: 'perTest',
  // Shared machine: one test process at a time (scripts/mutation.mjs also runs it niced).
  concurrency: 1,
  // The suite talks to local HTTP servers; leave room for a slow moment before calling a mutant a timeout.
  timeoutMS: 10_000,
  timeoutFactor: 2,
  // A clean clone re-tests only what changed since the committed result.
  incremental: true,
  incrementalFile: 'test/mutation/stryker-incremental.json',
  // out/ stays in: the tests run from there, and Stryker reads the compiled test files to see
  // which tests changed since the incremental result (scripts/mutation.mjs compiles first).
  ignorePatterns: ['.cache', 'dist', '.vscode-test', 'test-results', 'reports', 'media'],
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  // `break`: below 80 % overall the run fails; scripts/mutation.mjs adds the 70 % floor per file.
  thresholds: { high: 90, low: 80, break: 80 },
  // Inside .cache/, which git, ESLint and tsc already leave alone (a run that is stopped leaves it behind).
  tempDirName: '.cache/stryker-tmp',
  cleanTempDir: 'always',
};
