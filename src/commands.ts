import * as vscode from 'vscode';
import type { Account } from './auth/account';
import type { ApiKeyPrompt } from './auth/apiKeyPrompt';
import type { Log } from './log';

export interface CommandDeps {
  account: Account;
  log: Log;
  /** Swappable so tests in the extension host can answer the key prompt. */
  apiKeyPrompt: () => ApiKeyPrompt;
}

/** Account commands; the tree's own commands live in tree/treeCommands.ts. Handlers stay thin. */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { account, log } = deps;
  return [
    vscode.commands.registerCommand('postman.signIn', async () => {
      const me = await account.signInWithApiKey(deps.apiKeyPrompt());
      if (me) {
        const who = me.user.fullName ? `${me.user.fullName} (${me.user.username})` : me.user.username;
        void vscode.window.showInformationMessage(`Signed in to Postman as ${who}.`);
      }
    }),
    vscode.commands.registerCommand('postman.signOut', async () => {
      await account.signOut();
      void vscode.window.showInformationMessage('Signed out of Postman. The API key was deleted from this machine.');
    }),
    vscode.commands.registerCommand('postman.showLog', () => log.show()),
  ];
}
