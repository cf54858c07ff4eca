import * as vscode from 'vscode';
import type { Account } from './auth/account';
import type { ApiKeyPrompt } from './auth/apiKeyPrompt';
import type { Log } from './log';
import { resourceUri } from './documents/postmanUri';
import { userMessage } from './postman';
import type { TreeNode } from './tree/node';
import { VIEW_ID, type WorkspacesProvider } from './tree/workspacesProvider';
import type { ResourceNode } from './tree/workspaceNodes';

export interface CommandDeps {
  account: Account;
  tree: WorkspacesProvider;
  log: Log;
  /** Swappable so tests in the extension host can answer the key prompt. */
  apiKeyPrompt: () => ApiKeyPrompt;
}

/** Command handlers stay thin: they call into the account, the tree and the documents. */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { account, tree, log } = deps;
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
    vscode.commands.registerCommand('postman.refresh', () => tree.refresh()),
    vscode.commands.registerCommand('postman.retry', (node?: TreeNode) => tree.refresh(node)),
    vscode.commands.registerCommand('postman.showLog', () => log.show()),
    vscode.commands.registerCommand('postman.openCollection', async (node?: ResourceNode) => {
      if (!node || node.kind !== 'collection') {
        void vscode.window.showWarningMessage('Choose a collection in the Postman view to open it as JSON.');
        return;
      }
      const uri = resourceUri('collection', node.uid, node.ref.name);
      try {
        await vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: `Opening ${node.ref.name}` }, async () => {
          const doc = await vscode.workspace.openTextDocument(uri);
          await vscode.window.showTextDocument(doc, { preview: true });
        });
      } catch (err) {
        const reason = err instanceof vscode.FileSystemError ? err.message : userMessage(err);
        log.error(`Opening collection ${node.uid} failed: ${reason}`);
        void vscode.window.showErrorMessage(`Could not open the collection "${node.ref.name}": ${reason}`);
      }
    }),
  ];
}
