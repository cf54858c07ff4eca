import * as vscode from 'vscode';
import type { Account, SignOutResult } from './auth/account';
import { API_KEYS_PAGE } from './auth/apiKeyPrompt';
import { displayName } from './auth/sessionData';
import type { AuthUi } from './auth/ui';
import type { Log } from './log';
import { type Message, msg, piece } from './text/plain';
import { notify } from './ui/messages';
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
        void notify('info', msg`Signed in as ${displayName(me.user)}.`);
      }
    }),
    vscode.commands.registerCommand('postman.signOut', async () => {
      const result = await account.signOut();
      void notify('info', signOutMessage(result));
      return result;
    }),
    vscode.commands.registerCommand('postman.setOAuthClientSecret', async () => {
      const result = await account.setClientSecret(deps.ui());
      if (result === 'stored') {
        void deps.ui().ask('info', msg`The OAuth client secret is stored in VS Code's secret storage. Sign in with OAuth 2.0 Client Credentials to use it.`);
      } else if (result === 'deleted') {
        void deps.ui().ask('info', msg`The stored OAuth client secret was deleted.`);
      }
      return result;
    }),
    vscode.commands.registerCommand('postman.showLog', () => log.show()),
    vscode.commands.registerCommand('postman.rotateApiKey', async () => {
      const result = await account.rotateApiKey(deps.ui().apiKeyPrompt);
      if (result === 'rotated') {
        void deps
          .ui()
          .ask('info', msg`API key rotated: the new key is in use. Now revoke the old key in Postman so it can no longer be used.`, 'Open API Keys Page')
          .then((choice) => (choice ? vscode.env.openExternal(vscode.Uri.parse(API_KEYS_PAGE)) : undefined));
      } else if (result === 'environment') {
        void deps.ui().ask('info', msg`The API key in use comes from the POSTMAN_API_KEY environment variable: rotate it where the variable is set, or sign in to keep a key in secret storage instead.`);
      } else if (result === 'oauth') {
        void deps.ui().ask('info', msg`You are signed in with OAuth 2.0: its access token is renewed automatically and has no API key to rotate.`);
      } else if (result === 'notSignedIn') {
        void deps.ui().ask('info', msg`Sign in to Postman first; then you can rotate the key.`);
      }
      return result;
    }),
    vscode.commands.registerCommand('postman.showUsage', () => deps.usage.show()),
  ];
}

function signOutMessage(result: SignOutResult): Message {
  switch (result.was) {
    case 'environment':
      return msg`Signed out of Postman. POSTMAN_API_KEY is not used in this window until you sign in again.`;
    case 'oauth':
      if (!result.revocation?.attempted) {
        return msg`Signed out of Postman. The OAuth tokens were deleted from this machine (set postman.oauth.revocationUrl to also revoke them at the server).`;
      }
      return result.revocation.problem
        ? msg`Signed out of Postman. The OAuth tokens were deleted from this machine, but revoking them at the server failed: ${piece(result.revocation.problem)}`
        : msg`Signed out of Postman. The OAuth tokens were revoked and deleted from this machine.`;
    default:
      return msg`Signed out of Postman. The API key was deleted from this machine.`;
  }
}
