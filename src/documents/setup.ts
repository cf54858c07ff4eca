import * as path from 'node:path';
import * as vscode from 'vscode';
import { type ItemConverter, useItemConverterFrom } from './model/items/converter';
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
  /** Compare's read-only side (Postman's copy), for other features' diffs. */
  remote: RemoteDocuments;
  /** The documents' questions, as swapped by tests. */
  ui(): DocumentUi;
}

/** The `postman:` documents: the file system, Compare's read-only side, Save a Copy and Import. */
export interface DocumentsDeps {
  /** Where the extension is installed: the item converter's bundle is loaded from there. */
  extensionPath: string;
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
  // postman-collection-transformer and lodash: loaded from their own bundle when the first item opens.
  useItemConverterFrom(() => (require as (id: string) => ItemConverter)(path.join(deps.extensionPath, 'dist', 'itemConverter.js')));
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
    remote,
    ui,
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
