import * as vscode from 'vscode';
import type { Account } from './auth/account';
import { API_KEYS_PAGE } from './auth/apiKeyPrompt';
import { displayName } from './auth/sessionData';
import type { AuthUi } from './auth/ui';
import type { Log } from './log';
import type { UsageMonitor } from './usage/usageMonitor';

export interface CommandDeps {
  account: Account;
  log: Log;
  usage: UsageMonitor;
  /** Swappable so tests in the extension host can answer the quick pick, key prompt and notifications. */
  ui: () => AuthUi;
}

/** Account commands; the tree's own commands live in tree/treeCommands.ts. Handlers stay thin. */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { account, log } = deps;
  return [
    vscode.commands.registerCommand('postman.signIn', async () => {
      const me = await account.signIn(deps.ui());
      if (me) {
        void vscode.window.showInformationMessage(`Signed in as ${displayName(me.user)}.`);
      }
    }),
    vscode.commands.registerCommand('postman.signOut', async () => {
      const before = await account.credential();
      await account.signOut();
      void vscode.window.showInformationMessage(
        before?.source === 'environment'
          ? 'Signed out of Postman. POSTMAN_API_KEY is not used in this window until you sign in again.'
          : 'Signed out of Postman. The API key was deleted from this machine.',
      );
    }),
    vscode.commands.registerCommand('postman.showLog', () => log.show()),
    vscode.commands.registerCommand('postman.rotateApiKey', async () => {
      const result = await account.rotateApiKey(deps.ui().apiKeyPrompt);
      if (result === 'rotated') {
        void deps
          .ui()
          .ask('info', 'API key rotated: the new key is in use. Now revoke the old key in Postman so it can no longer be used.', 'Open API Keys Page')
          .then((choice) => (choice ? vscode.env.openExternal(vscode.Uri.parse(API_KEYS_PAGE)) : undefined));
      } else if (result === 'environment') {
        void deps.ui().ask('info', 'The API key in use comes from the POSTMAN_API_KEY environment variable: rotate it where the variable is set, or sign in to keep a key in secret storage instead.');
      } else if (result === 'notSignedIn') {
        void deps.ui().ask('info', 'Sign in to Postman first; then you can rotate the key.');
      }
      return result;
    }),
    vscode.commands.registerCommand('postman.showUsage', () => deps.usage.show()),
  ];
}
