import * as vscode from 'vscode';
import type { Account } from '../auth/account';
import type { Logger, PostmanClient, PostmanRepository } from '../postman';
import { registerDocumentCommands } from './documentCommands';
import type { Address } from './model/documentKind';
import { DocumentSaver } from './model/saver';
import { PostmanFileSystem } from './postmanFileSystem';
import { SCHEME } from './postmanUri';
import { RemoteDocuments } from './remoteDocuments';
import { reopenFailedEditors } from './restore';
import { type DocumentUi, defaultDocumentUi } from './ui';

export interface Documents {
  disposables: vscode.Disposable[];
  fileSystem: PostmanFileSystem;
  /** Swaps parts of the documents' UI (modal answers, file dialogs, the workspace pick); undefined restores all. */
  setUi(overrides: Partial<DocumentUi> | undefined): void;
}

/** The `postman:` documents: the file system, Compare's read-only side, Save a Copy and Import. */
export interface DocumentsDeps {
  client: PostmanClient;
  repo: PostmanRepository;
  account: Account;
  log: Logger;
  state: vscode.Memento;
  /** Postman's copy of a document changed (saved, or found changed when saving): the tree redraws its rows. */
  onDidChangeResource(address: Address, name: string): void;
  /** Something was added to a workspace (an import): the tree reloads it. */
  onDidAddToWorkspace(workspaceId: string): void;
}

export function setUpDocuments(deps: DocumentsDeps): Documents {
  let overrides: Partial<DocumentUi> = {};
  const ui = (): DocumentUi => ({ ...defaultDocumentUi, ...overrides });
  const remote = new RemoteDocuments();
  const fileSystem = new PostmanFileSystem({
    repo: deps.repo,
    saver: new DocumentSaver(deps.client, deps.repo),
    remote,
    ui,
    log: deps.log,
    state: deps.state,
    signedIn: () => deps.account.state === 'signedIn',
    onDidChangeResource: (address, name) => deps.onDidChangeResource(address, name),
  });
  return {
    fileSystem,
    setUi: (o) => void (overrides = o ? { ...overrides, ...o } : {}),
    disposables: [
      fileSystem,
      remote,
      vscode.workspace.registerFileSystemProvider(SCHEME, fileSystem, { isCaseSensitive: true }),
      ...registerDocumentCommands({ client: deps.client, repo: deps.repo, ui, log: deps.log, onDidAddToWorkspace: (id) => deps.onDidAddToWorkspace(id) }),
      deps.account.onDidChange((state) => {
        if (state === 'signedIn') {
          void reopenFailedEditors();
        }
      }),
    ],
  };
}
