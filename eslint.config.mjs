// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { CORE_GLOBS } from './scripts/core-folders.mjs';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', '.cache/**', 'node_modules/**', '.vscode-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: 'error',
      'no-console': 'off',
    },
  },
  {
    // The core stays free of the VS Code API: it runs in plain Node tests, the benchmark,
    // mutation testing, and could back a CLI. The list lives in scripts/core-folders.mjs.
    files: CORE_GLOBS,
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The vscode-free core (scripts/core-folders.mjs) must not depend on vscode.' }] }] },
  },
);
