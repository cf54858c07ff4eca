// The vscode-free core: code that must not import `vscode`, so it runs in plain Node (unit
// tests, the benchmark, a CLI one day). eslint.config.mjs forbids the import here, and
// stryker.config.mjs mutates exactly these paths: new core code is measured as it lands.
// A folder is written without a trailing slash; a single file with its extension.
export const CORE_PATHS = [
  'src/postman',
  'src/tree/model',
  'src/documents/model',
  'src/auth/oauth',
  'src/auth/sessionData.ts',
  'src/auth/settingsSecrets.ts',
  'src/auth/rotation.ts',
  'src/usage/usage.ts',
  'src/usage/budget.ts',
  'src/text',
  'src/runs/model',
  'src/runs/engine',
  'src/specs/model',
  'src/links/model',
];

/** The paths as globs of TypeScript files (`src/postman/**\/*.ts`, or the file itself). */
export const CORE_GLOBS = CORE_PATHS.map((p) => (p.endsWith('.ts') ? p : `${p}/**/*.ts`));

/**
 * Core files that mutation testing leaves out, each with its reason. The lint rule still
 * applies to them.
 * - engine.ts only adapts postman-runtime's callbacks: every test of it boots Postman's script
 *   sandbox and sends real requests (about 1 s each, 12 tests), so testing its ~150 mutants
 *   would add some 25 minutes to `npm test`. Its mapping is pinned by
 *   test/unit/engine.test.ts against the local target API; its option parsing (options.ts)
 *   and everything it feeds (src/runs/model) are mutated.
 * - Declaration files hold no code.
 */
export const MUTATION_EXCLUDED = ['!src/runs/engine/engine.ts', '!src/**/*.d.ts'];
