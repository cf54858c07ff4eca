import * as vscode from 'vscode';
import { Account } from './auth/account';
import type { ApiKeyPrompt } from './auth/apiKeyPrompt';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, PostmanAuthenticationProvider } from './auth/authProvider';
import { type CredentialSource, CredentialStore } from './auth/credentialStore';
import type { OAuthFlows } from './auth/oauthFlow';
import { setUpOAuth } from './auth/oauthSetup';
import { ReauthPrompt } from './auth/reauth';
import { RotationReminder } from './auth/rotationReminder';
import { type GuardResult, SettingsKeyGuard } from './auth/settingsKeyGuard';
import { type AuthUi, defaultUi } from './auth/ui';
import { registerCommands } from './commands';
import { backgroundCallsPerHour, cacheTtlMs, httpSettings } from './config';
import type { PostmanFileSystem } from './documents/postmanFileSystem';
import { setUpDocuments } from './documents/setup';
import { type Specs, setUpSpecs } from './specs/setup';
import { type Links, setUpLinks } from './links/setup';
import type { LinkUi } from './links/linkService';
import type { DocumentUi } from './documents/ui';
import { Log } from './log';
import { HttpTransport, PostmanClient, PostmanRepository, userMessage } from './postman';
import { TreeModel } from './tree/model/treeModel';
import { type Runs, setUpRuns } from './runs/setup';
import { registerTreeCommands } from './tree/treeCommands';
import { type EditUi, setUpTreeEdits } from './tree/editCommands';
import { TreeEdits } from './tree/model/edits';
import type { Row } from './tree/model/row';
import { itemConverterLoaded } from './documents/model/items/converter';
import { WorkspacesProvider } from './tree/workspacesProvider';
import { UsageMonitor } from './usage/usageMonitor';
import { BackgroundBudget } from './usage/budget';
import { API_CALLS } from './usage/usage';
import { TreeCache } from './tree/treeCache';
import { msg, piece } from './text/plain';
import { notify, observeMessages } from './ui/messages';

/** Seams the integration tests use; returned from activate() only in test mode. */
export interface TestingApi {
  setApiKeyPrompt(prompt: ApiKeyPrompt | undefined): void;
  /** Answers the sign-in quick pick (API key / OAuth 2.0). */
  setSignInMethodPick(pick: AuthUi['pickSignInMethod'] | undefined): void;
  /** Answers (and lets tests count) notifications that ask the user something. */
  setAsk(ask: AuthUi['ask'] | undefined): void;
  /** Swaps any other part of the auth UI (the OAuth client-secret box, opening the browser). */
  setUi<K extends keyof AuthUi>(part: K, value: AuthUi[K] | undefined): void;
  /** The OAuth URI handler and the authorization requests in flight. */
  oauth: OAuthFlows;
  authProvider: PostmanAuthenticationProvider;
  /** The extension's SecretStorage, as another window of the same profile sees it. */
  secrets: vscode.SecretStorage;
  /** Re-reads credentials, e.g. after a test changed process.env.POSTMAN_API_KEY. */
  reloadCredentials(): Promise<void>;
  checkSettingsForKeys(): Promise<GuardResult>;
  checkRotationReminder(now: number): Promise<boolean>;
  usage: UsageMonitor;
  tree: WorkspacesProvider;
  client: PostmanClient;
  repo: PostmanRepository;
  storedCredentialSource(): Promise<CredentialSource | undefined>;
  /** Where the "Postman" log channel writes its file. */
  logDir: string;
  stateSnapshot(): Record<string, unknown>;
  /** Answers the documents' modal questions, file dialogs and workspace pick; undefined restores the real ones. */
  setDocumentUi(overrides: Partial<DocumentUi> | undefined): void;
  documents: PostmanFileSystem;
  /** Every message shown through src/ui/messages.ts, as VS Code was given it. */
  observeMessages: typeof observeMessages;
  /** Sending: the sender, active environments, current values and response editors. */
  runs: Runs;
  /** Specs: the Problems panel's spec diagnostics. */
  specs: Specs;
  /** Creating, renaming, duplicating, deleting and moving from the tree; its questions answered by tests. */
  edits: TreeEdits;
  setEditUi(overrides: Partial<EditUi> | undefined): void;
  /** Drag and drop in the tree, as VS Code calls it. */
  dragAndDrop: vscode.TreeDragAndDropController<Row>;
  /** The tree's data kept between windows, and its background checks. */
  treeCache: TreeCache;
  /**
   * What a window reload does to the tree: the closing window's data written, then forgotten,
   * then the kept data read back before the first row loads. Resolves with the lists kept.
   */
  reloadTree(): Promise<number>;
  budget: BackgroundBudget;
  /** Collections as code: links of the open folder, their status, pull, push and compare. */
  links: Links;
  setLinkUi(overrides: Partial<LinkUi> | undefined): void;
  /** Whether the item converter (postman-collection-transformer) has been loaded in this window. */
  itemConverterLoaded(): boolean;
}

/** Composition root: builds the pieces and registers them. No network work happens here. */
export async function activate(context: vscode.ExtensionContext): Promise<TestingApi | undefined> {
  const log = new Log();
  const store = new CredentialStore(context.secrets, context.globalState, log);
  const uiOverrides: Partial<AuthUi> = {};
  const ui = (): AuthUi => ({ ...defaultUi, ...uiOverrides });
  const reauth = new ReauthPrompt(store, ui, log);
  const oauth = setUpOAuth(context, store, reauth, log, ui);
  const http = new HttpTransport(httpSettings, oauth.credential, log, `postman-workspaces-vscode/${context.extension.packageJSON.version}`);
  http.renew = oauth.renew;
  const client = new PostmanClient(http);
  const account = new Account(store, client, log, oauth.deps);
  const repo = new PostmanRepository(client, cacheTtlMs);
  const model = new TreeModel(repo);
  const tree = new WorkspacesProvider(model, account, log, context.workspaceState);
  const authProvider = new PostmanAuthenticationProvider(store, account, ui);
  const budget: BackgroundBudget = new BackgroundBudget(backgroundCallsPerHour, (): number | undefined => usage.lines().find((l) => l.name === API_CALLS)?.percent);
  const usage: UsageMonitor = new UsageMonitor(account, ui, log, budget);
  const treeCache = new TreeCache({ storage: context.globalStorageUri, repo, account, log, budget, baseUrl: () => httpSettings().baseUrl });
  const reminder = new RotationReminder(store, ui);
  const settingsGuard = new SettingsKeyGuard(account, ui, log);
  const editing = setUpTreeEdits(new TreeEdits(client, repo), repo, log, () => tree.selection);
  const documents = setUpDocuments({
    extensionPath: context.extensionPath,
    client,
    repo,
    account,
    log,
    state: context.workspaceState,
    onDidChangeResource: (address, name) => tree.resourceChanged(address, name),
    onDidAddToWorkspace: (id) => tree.workspaceChanged(id),
  });
  const runs = setUpRuns({ context, client, repo, account, log });
  const specs = setUpSpecs({ context, client, repo, log, onDidAddToWorkspace: (id) => tree.workspaceChanged(id) });
  const links = setUpLinks({
    client,
    repo,
    log,
    budget,
    remote: documents.remote,
    documentUi: documents.ui,
    me: () => account.loadMe(),
    baseUrl: () => httpSettings().baseUrl,
    signedIn: () => account.state === 'signedIn',
    onDidPush: (address, name) => tree.resourceChanged(address, name),
    selection: () => tree.selection,
    redrawTree: () => tree.redraw(),
    extensionPath: context.extensionPath,
  });
  tree.decorate = (row, item) => {
    runs.decorateRow(row, item);
    links.decorateRow(row, item);
  };
  http.onOutcome = (o) => {
    if (!o.checking) {
      // A rejected OAuth token is renewed first (http.renew); the prompt is for what renewing cannot fix.
      if (o.error?.kind === 'unauthorized' && o.credential.kind === 'apiKey') {
        reauth.rejected(o.credential);
      }
      usage.outcome(o);
    }
  };

  context.subscriptions.push(
    log,
    store,
    account,
    tree,
    treeCache,
    tree.createView(editing.dragAndDrop),
    ...editing.disposables,
    http.onDidChangeWaiting((wait) =>
      tree.setMessage(wait?.reason === 'rateLimit' ? `Waiting for Postman's rate limit (about ${Math.ceil(wait.seconds)} s)…` : wait ? `Pacing requests to Postman's rate limits (about ${Math.ceil(wait.seconds)} s)…` : undefined),
    ),
    ...documents.disposables,
    ...runs.disposables,
    ...specs.disposables,
    ...links.disposables,
    account.onDidChange(() => links.service.accountChanged()),
    runs.environments.onDidChange(() => tree.redraw()),
    authProvider,
    ...oauth.disposables,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, authProvider, { supportsMultipleAccounts: false }),
    usage,
    reminder,
    settingsGuard,
    ...registerCommands({ account, log, usage, ui }),
    ...registerTreeCommands(tree, repo, log),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('postman.apiBaseUrl') || e.affectsConfiguration('postman.region')) {
        checkBaseUrl();
        tree.refresh();
      }
    }),
  );
  checkBaseUrl();
  const signedIn = account.update();
  // The tree's first rows wait for its kept data (a local file): there at once after a reload.
  tree.waitFor(signedIn.then(() => treeCache.restore()));
  await signedIn;
  // All local (secret storage, settings): still no network at activation.
  await authProvider.initialize();
  void usage.render();
  void reminder.check();
  void settingsGuard.check();

  if (context.extensionMode === vscode.ExtensionMode.Test) {
    const snapshot = (m: vscode.Memento) => Object.fromEntries(m.keys().map((k) => [k, m.get(k)]));
    return {
      setApiKeyPrompt: (p) => (p ? (uiOverrides.apiKeyPrompt = p) : delete uiOverrides.apiKeyPrompt),
      setSignInMethodPick: (p) => (p ? (uiOverrides.pickSignInMethod = p) : delete uiOverrides.pickSignInMethod),
      setAsk: (a) => (a ? (uiOverrides.ask = a) : delete uiOverrides.ask),
      setUi: (part, value) => (value ? (uiOverrides[part] = value) : delete uiOverrides[part]),
      oauth: oauth.deps.flows,
      authProvider,
      secrets: context.secrets,
      reloadCredentials: async () => {
        store.reload();
        await account.update();
      },
      checkSettingsForKeys: () => settingsGuard.check(),
      checkRotationReminder: (now) => reminder.check(now),
      usage,
      tree,
      client,
      repo,
      storedCredentialSource: async () => (await store.get())?.source,
      logDir: context.logUri.fsPath,
      stateSnapshot: () => ({ global: snapshot(context.globalState), workspace: snapshot(context.workspaceState) }),
      setDocumentUi: (o) => documents.setUi(o),
      documents: documents.fileSystem,
      observeMessages,
      runs,
      specs,
      edits: editing.edits,
      setEditUi: (o) => editing.setUi(o),
      dragAndDrop: editing.dragAndDrop,
      itemConverterLoaded,
      treeCache,
      budget,
      links,
      setLinkUi: (o) => links.setUi(o),
      reloadTree: async () => {
        await treeCache.write();
        const restored = Promise.resolve().then(() => treeCache.restore());
        tree.waitFor(restored);
        tree.refresh();
        return restored;
      },
    };
  }
  return undefined;

  function checkBaseUrl(): void {
    try {
      httpSettings();
    } catch (err) {
      void notify('error', msg`${piece(userMessage(err))}`, 'Open Settings').then((choice) => {
        if (choice) {
          void vscode.commands.executeCommand('workbench.action.openSettings', 'postman.apiBaseUrl');
        }
      });
    }
  }
}

export function deactivate(): void {}
