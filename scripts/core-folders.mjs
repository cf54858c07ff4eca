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
  'src/text',
];

/** The paths as globs of TypeScript files (`src/postman/**\/*.ts`, or the file itself). */
export const CORE_GLOBS = CORE_PATHS.map((p) => (p.endsWith('.ts') ? p : `${p}/**/*.ts`));
