// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { CORE_GLOBS } from './scripts/core-folders.mjs';

const NO_VSCODE = { name: 'vscode', message: 'The vscode-free core (scripts/core-folders.mjs) must not depend on vscode.' };

/**
 * Feature folders depend in one direction: the tree opens documents and specs extend them,
 * never the reverse (two folders that need each other want a callback). Each entry: a folder,
 * and the folders its files may not import.
 */
const DIRECTIONS = {
  'src/documents': ['tree', 'specs', 'runs', 'links'],
  'src/tree': ['specs', 'runs', 'links'],
  'src/specs': ['tree', 'runs', 'links'],
  'src/runs': ['links'],
  // Links build on the tree (its rows) and the documents (their save and Compare).
  'src/links': ['specs', 'runs'],
};

/** One block per folder (and one for its core files, which keep the vscode rule too: a later block's options replace an earlier one's). */
const directionBlocks = Object.entries(DIRECTIONS).flatMap(([folder, banned]) => {
  const patterns = [{ group: banned.flatMap((b) => [`../${b}/*`, `../../${b}/*`, `../../../${b}/*`, `../${b}`, `../../${b}`]), message: `${folder} may not import ${banned.join(', ')}: feature folders depend in one direction (eslint.config.mjs).` }];
  const core = CORE_GLOBS.filter((g) => g.startsWith(`${folder}/`));
  return [
    { files: [`${folder}/**/*.ts`], ignores: core, rules: { 'no-restricted-imports': ['error', { patterns }] } },
    ...(core.length ? [{ files: core, rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE], patterns }] } }] : []),
  ];
});

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
    rules: { 'no-restricted-imports': ['error', { paths: [NO_VSCODE] }] },
  },
  ...directionBlocks,
  {
    // Every message shown to the user goes through src/ui/messages.ts, which takes a Message
    // (made with msg`…`, escaping every piece of data): VS Code renders [x](command:…) in
    // notifications and dialogs as a live command link.
    files: ['src/**/*.ts'],
    ignores: ['src/ui/messages.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^show(Information|Warning|Error)Message$/]',
          message: 'Show messages with notify()/modal() from src/ui/messages.ts: they escape data (msg`…`).',
        },
        {
          selector: "MemberExpression[object.property.name='FileSystemError'][property.name=/^(NoPermissions|Unavailable|FileNotFound|FileExists)$/] ",
          message: 'Make file-system errors with fsError() from src/ui/messages.ts: VS Code shows their text in notifications.',
        },
        {
          selector: "CallExpression[callee.property.name='withProgress'] Property[key.name='location'] MemberExpression[property.name='Notification']",
          message: 'A notification progress title renders links: use notificationProgress() from src/ui/messages.ts.',
        },
      ],
    },
  },
);
