import * as vscode from 'vscode';
import { Account } from './auth/account';
import { type ApiKeyPrompt, showApiKeyInput } from './auth/apiKeyPrompt';
import { type CredentialSource, CredentialStore } from './auth/credentialStore';
import { registerCommands } from './commands';
import { cacheTtlMs, httpSettings } from './config';
import { PostmanFileSystem } from './documents/postmanFileSystem';
import { SCHEME } from './documents/postmanUri';
import { Log } from './log';
import { HttpTransport, PostmanClient, PostmanRepository, userMessage } from './postman';
import { TreeModel } from './tree/model/treeModel';
import { registerTreeCommands } from './tree/treeCommands';
import { WorkspacesProvider } from './tree/workspacesProvider';

/** Seams the integration tests use; returned from activate() only in test mode. */
export interface TestingApi {
  setApiKeyPrompt(prompt: ApiKeyPrompt | undefined): void;
  tree: WorkspacesProvider;
  client: PostmanClient;
  repo: PostmanRepository;
  storedCredentialSource(): Promise<CredentialSource | undefined>;
  /** Where the "Postman" log channel writes its file. */
  logDir: string;
  stateSnapshot(): Record<string, unknown>;
}

/** Composition root: builds the pieces and registers them. No network work happens here. */
export async function activate(context: vscode.ExtensionContext): Promise<TestingApi | undefined> {
  const log = new Log();
  const store = new CredentialStore(context.secrets, context.globalState);
  const http = new HttpTransport(httpSettings, async () => (await store.get())?.credential, log, `postman-workspaces-vscode/${context.extension.packageJSON.version}`);
  const client = new PostmanClient(http);
  const account = new Account(store, client, log);
  const repo = new PostmanRepository(client, cacheTtlMs);
  const model = new TreeModel(repo);
  const tree = new WorkspacesProvider(model, account, log, context.workspaceState);
  let promptOverride: ApiKeyPrompt | undefined;

  context.subscriptions.push(
    log,
    store,
    account,
    tree,
    tree.createView(),
    vscode.workspace.registerFileSystemProvider(SCHEME, new PostmanFileSystem(repo), { isCaseSensitive: true, isReadonly: true }),
    ...registerCommands({ account, log, apiKeyPrompt: () => promptOverride ?? showApiKeyInput }),
    ...registerTreeCommands(tree, repo, log),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('postman.apiBaseUrl')) {
        checkBaseUrl();
        tree.refresh();
      }
    }),
  );
  checkBaseUrl();
  await account.update();

  if (context.extensionMode === vscode.ExtensionMode.Test) {
    const snapshot = (m: vscode.Memento) => Object.fromEntries(m.keys().map((k) => [k, m.get(k)]));
    return {
      setApiKeyPrompt: (p) => (promptOverride = p),
      tree,
      client,
      repo,
      storedCredentialSource: async () => (await store.get())?.source,
      logDir: context.logUri.fsPath,
      stateSnapshot: () => ({ global: snapshot(context.globalState), workspace: snapshot(context.workspaceState) }),
    };
  }
  return undefined;

  function checkBaseUrl(): void {
    try {
      httpSettings();
    } catch (err) {
      void vscode.window.showErrorMessage(userMessage(err), 'Open Settings').then((choice) => {
        if (choice) {
          void vscode.commands.executeCommand('workbench.action.openSettings', 'postman.apiBaseUrl');
        }
      });
    }
  }
}

export function deactivate(): void {}
