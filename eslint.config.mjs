// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The vscode-free core: folders and files that must not import vscode. */
export const CORE_FILES = [
  'src/postman/**/*.ts',
  'src/tree/model/**/*.ts',
  'src/documents/model/**/*.ts',
  'src/auth/oauth/**/*.ts',
  'src/auth/sessionData.ts',
  'src/auth/settingsSecrets.ts',
  'src/auth/rotation.ts',
  'src/usage/usage.ts',
  'src/text/**/*.ts',
];

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
    // The core stays free of the VS Code API: it runs in plain Node tests (and mutation
    // testing), the benchmark, and could back a CLI. Every folder that claims it is listed.
    files: CORE_FILES,
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'This is vscode-free core code (see CORE_FILES in eslint.config.mjs): keep the VS Code API out of it.' }] }] },
  },
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
