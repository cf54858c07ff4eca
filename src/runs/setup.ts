import * as vscode from 'vscode';
import type { Account } from '../auth/account';
import { httpSettings } from '../config';
import { type Logger, type PostmanClient, type PostmanRepository, userMessage } from '../postman';
import type { Row } from '../tree/model/row';
import { msg, piece, plain } from '../text/plain';
import { inputText, notificationProgress, notify } from '../ui/messages';
import { ActiveEnvironments } from './activeEnvironment';
import { CurrentValuesStore } from './currentValues';
import { runFailure, RunError } from './model/runError';
import { outcomeSummary } from './model/sendOutcome';
import { ResponseView } from './responseView';
import { engineLoaded, loadEngine } from './runtimeLoader';
import { Sender, type SendTarget } from './sender';
import { sendSettings } from './settings';
import { type LensTarget, SendCodeLens } from './sendCodeLens';
import { ShareCurrentValues } from './shareValues';
import { PostmanTestExplorer } from './testExplorer';
import { parseResourceUri } from '../documents/postmanUri';

const PASSPHRASE_PREFIX = 'postman.send.certificatePassphrase/';

export interface Runs {
  disposables: vscode.Disposable[];
  /** Marks the environment rows that requests are sent with. */
  decorateRow(row: Row, item: vscode.TreeItem): void;
  sender: Sender;
  environments: ActiveEnvironments;
  currentValues: CurrentValuesStore;
  responses: ResponseView;
  share: ShareCurrentValues;
  testExplorer: PostmanTestExplorer;
  /** Sends as the Send Request command does and shows the response; for tests. */
  send(target: SendTarget): ReturnType<Sender['send']>;
  /** The account part of identifiers kept across windows. */
  accountKey(): Promise<string>;
  /** Whether Postman's runtime has been loaded in this window. */
  engineLoaded(): boolean;
}

function workspaceRow(row: Row | undefined): Row | undefined {
  let r = row;
  while (r && r.kind !== 'workspace') {
    r = r.parent;
  }
  return r;
}

/** Sending requests: the active environments, current values, the response editors and their commands. */
export function setUpRuns(deps: { context: vscode.ExtensionContext; client: PostmanClient; repo: PostmanRepository; account: Account; log: Logger }): Runs {
  const { context, repo, log } = deps;
  // Identifiers kept across windows name the account (its Postman user and API host), so a
  // second account never sees the first one's environment choice or current values.
  const accountKey = async () => {
    const stored = await deps.account.credential();
    let host = 'postman';
    try {
      host = new URL(httpSettings().baseUrl).host;
    } catch {
      // An invalid base URL fails elsewhere, loudly; the key just stays generic.
    }
    return `${stored?.account.id ?? 'signed-out'}@${host}`;
  };
  const currentValues = new CurrentValuesStore(context.secrets);
  const environments = new ActiveEnvironments(context.globalState, repo, accountKey);
  const responses = new ResponseView();
  const share = new ShareCurrentValues(deps.client, repo, currentValues, accountKey);
  const sender = new Sender({
    repo,
    environments,
    currentValues,
    engine: () => loadEngine(context.extensionPath),
    settings: sendSettings,
    accountKey,
    certificatePassphrase: async (host) => (await context.secrets.get(PASSPHRASE_PREFIX + host)) || undefined,
    log,
  });
  const testExplorer = new PostmanTestExplorer({
    repo,
    sender,
    environments,
    engine: () => loadEngine(context.extensionPath),
    accountKey,
    state: context.globalState,
    log,
  });
  /** The collection a collection, folder or request row belongs to, and the item to run. */
  const runTargetOf = (row: Row | undefined) => {
    const workspaceId = workspaceRow(row)?.workspaceId;
    if (!row || !workspaceId) {
      return undefined;
    }
    if (row.kind === 'collection' && row.uid) {
      return { collection: { uid: row.uid, name: row.label, workspaceId }, itemId: undefined };
    }
    let collectionRow: Row | undefined = row;
    while (collectionRow && collectionRow.kind !== 'collection') {
      collectionRow = collectionRow.parent;
    }
    return (row.kind === 'folder' || row.kind === 'request') && row.ids?.id && collectionRow?.uid
      ? { collection: { uid: collectionRow.uid, name: collectionRow.label, workspaceId }, itemId: row.ids.id }
      : undefined;
  };
  const runFromTree = async (row: Row | undefined, withOptions: boolean) => {
    const target = runTargetOf(row);
    if (!target) {
      void notify('info', msg`Choose a collection or folder in the Postman view and use Run on it.`);
      return;
    }
    try {
      await testExplorer.add(target.collection);
      const item = await testExplorer.itemFor(await accountKey(), target.collection.uid, target.itemId);
      if (!item) {
        void notify('error', msg`Could not find ${row?.label ?? 'it'} in the collection as Postman has it now: refresh the tree and try again.`);
        return;
      }
      void vscode.commands.executeCommand('workbench.view.testing.focus');
      await testExplorer.runItems([item], withOptions);
    } catch (err) {
      void notify('error', msg`Could not run ${row?.label ?? 'it'}: ${piece(runFailure(err))}`);
    }
  };

  const targetOf = (row: Row | undefined): SendTarget | undefined => {
    const workspace = workspaceRow(row);
    return row?.kind === 'request' && row.collectionUid && row.ids?.id && workspace?.workspaceId
      ? { collectionUid: row.collectionUid, itemId: row.ids.id, workspaceId: workspace.workspaceId, name: row.label }
      : undefined;
  };
  /** What each response editor was sent from, so its ▶ sends the same again (a lens: the editor's text of then). */
  const sentFrom = new Map<string, Row | LensTarget>();

  const send = async (target: SendTarget, from?: Row | LensTarget) => {
    await environments.noteWorkspace(target.workspaceId);
    const uri = ResponseView.uri(await accountKey(), target.collectionUid, target.itemId, target.name);
    if (from) {
      sentFrom.set(uri.toString(), from);
    }
    const sent = await notificationProgress(msg`Sending ${target.name}`, (_progress, token) => sender.send(target, token), true);
    const settings = sendSettings();
    await responses.show(uri, target.name, sent.outcome, { secrets: sent.secrets, maxShownBytes: settings.maxShownBytes });
    vscode.window.setStatusBarMessage(`$(check) ${plain(target.name, 80).replace(/\$\(/g, '$\u200b(')}: ${outcomeSummary(sent.outcome).replace(/\$\(/g, '$\u200b(')}`, 5000);
    return sent;
  };

  /** A "Send" lens of a collection document: the editor's text, unsaved edits included. */
  const lensTarget = async (lens: LensTarget): Promise<SendTarget | undefined> => {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === lens.uri);
    const parsed = document && parseResourceUri(document.uri);
    if (!document || !parsed?.isFile) {
      return undefined;
    }
    let collection: object;
    try {
      collection = JSON.parse(document.getText()) as object;
    } catch (err) {
      throw new RunError(`The collection's JSON has an error (${err instanceof Error ? err.message : String(err)}): fix it to send from the editor.`);
    }
    // The workspace whose environment and globals apply: known once the tree has listed it.
    let workspace = repo.workspaceOf('collection', parsed.uid);
    if (!workspace) {
      for (const ws of await repo.workspaces()) {
        if ((await repo.workspace(ws.id)).collections.some((c) => (c.uid ?? c.id) === parsed.uid)) {
          workspace = await repo.workspace(ws.id);
          break;
        }
      }
    }
    if (!workspace) {
      throw new RunError('Postman lists this collection in none of your workspaces.');
    }
    return { collectionUid: parsed.uid, itemId: lens.itemId, workspaceId: workspace.id, name: lens.name || 'Request', collection };
  };

  const sendCommand = async (given?: Row | LensTarget) => {
    // From a response editor: send its request again.
    const active = vscode.window.activeTextEditor?.document.uri;
    const arg = given ?? (active ? sentFrom.get(active.toString()) : undefined);
    let target: SendTarget | undefined;
    try {
      target = arg && 'itemId' in arg ? await lensTarget(arg) : targetOf(arg);
    } catch (err) {
      void notify('error', msg`Could not send: ${piece(runFailure(err))}`);
      return;
    }
    if (!target) {
      void notify('info', msg`Choose a request in the Postman view and use Send Request on it.`);
      return;
    }
    try {
      await send(target, arg);
    } catch (err) {
      log.error(`Sending ${plain(target.name, 200)} failed: ${plain(runFailure(err), 600)}`);
      void notify('error', msg`Could not send ${target.name}: ${piece(runFailure(err))}`);
    }
  };

  const selectEnvironment = async (row?: Row) => {
    const workspace = workspaceRow(row);
    let workspaceId = workspace?.workspaceId ?? (await environments.lastWorkspace());
    let workspaceName = workspace?.label;
    try {
      if (!workspaceId) {
        const all = await repo.workspaces();
        const picked = await vscode.window.showQuickPick(all.map((w) => ({ label: w.name.replace(/\$\(/g, '$\u200b('), id: w.id, name: w.name })), { title: 'Postman: Select Environment', placeHolder: 'The workspace whose environment to choose' });
        if (!picked) {
          return;
        }
        workspaceId = picked.id;
        workspaceName = picked.name;
      }
      workspaceName ??= (await repo.workspaces()).find((w) => w.id === workspaceId)?.name ?? 'this workspace';
      const choice = await environments.pick(workspaceId, workspaceName);
      if (choice) {
        await environments.set(workspaceId, choice);
      }
    } catch (err) {
      void notify('error', msg`Could not list the environments: ${piece(userMessage(err))}`);
    }
  };

  const environmentOf = (row?: Row) => (row?.kind === 'environment' && row.uid ? { uid: row.uid, name: row.label, workspaceId: row.workspaceId ?? workspaceRow(row)?.workspaceId } : undefined);

  const disposables: vscode.Disposable[] = [
    environments,
    responses,
    share,
    SendCodeLens.register(new SendCodeLens()),
    testExplorer,
    vscode.commands.registerCommand('postman.runCollection', (row?: Row) => runFromTree(row, false)),
    vscode.commands.registerCommand('postman.runCollectionWithOptions', (row?: Row) => runFromTree(row, true)),
    vscode.commands.registerCommand('postman.addToTestExplorer', async (row?: Row) => {
      const target = runTargetOf(row);
      if (target) {
        await testExplorer.add(target.collection);
        void vscode.commands.executeCommand('workbench.view.testing.focus');
      }
    }),
    vscode.commands.registerCommand('postman.removeFromTestExplorer', (item?: vscode.TestItem) => item && testExplorer.remove(item)),
    vscode.commands.registerCommand('postman.sendRequest', sendCommand),
    vscode.commands.registerCommand('postman.selectEnvironment', selectEnvironment),
    vscode.commands.registerCommand('postman.useEnvironment', async (row?: Row) => {
      const env = environmentOf(row);
      if (env?.workspaceId) {
        await environments.set(env.workspaceId, { uid: env.uid, name: env.name });
        vscode.window.setStatusBarMessage(`Requests in this workspace now use ${plain(env.name, 80).replace(/\$\(/g, '$\u200b(')}`, 4000);
      } else {
        await selectEnvironment(row);
      }
    }),
    vscode.commands.registerCommand('postman.shareCurrentValues', async (row?: Row) => {
      const env = environmentOf(row);
      if (!env) {
        void notify('info', msg`Choose an environment in the Postman view and use Share Current Values on it.`);
        return;
      }
      try {
        await share.share(env.uid, env.name);
      } catch (err) {
        void notify('error', msg`Could not share the current values of ${env.name}: ${piece(userMessage(err))}`);
      }
    }),
    vscode.commands.registerCommand('postman.resetCurrentValues', async (row?: Row) => {
      const env = environmentOf(row);
      if (env) {
        await currentValues.reset(await accountKey(), `environment:${env.uid}`);
        void notify('info', msg`The current values of ${env.name} are Postman's initial values again.`);
      }
    }),
    vscode.commands.registerCommand('postman.saveResponseBody', async (uri?: vscode.Uri) => {
      try {
        const saved = await responses.saveBody(uri instanceof vscode.Uri ? uri : undefined);
        if (saved === undefined && !responses.outcomeOf(uri instanceof vscode.Uri ? uri : undefined)?.outcome.response) {
          void notify('info', msg`There is no response to save: send a request first.`);
        }
      } catch (err) {
        void notify('error', msg`Could not save the response body: ${piece(err instanceof Error ? err.message : String(err))}`);
      }
    }),
    vscode.commands.registerCommand('postman.clearCookies', () => {
      loadEngine(context.extensionPath).clearCookies();
      vscode.window.setStatusBarMessage('Postman cookies cleared', 3000);
    }),
    vscode.commands.registerCommand('postman.setCertificatePassphrase', async () => {
      const hosts = sendSettings().certificates.map((c) => c.host);
      if (hosts.length === 0) {
        void notify('info', msg`No client certificate is set: add one in the setting postman.send.clientCertificates first.`);
        return;
      }
      const host = hosts.length === 1 ? hosts[0] : await vscode.window.showQuickPick(hosts, { title: 'Client certificate passphrase for…' });
      if (!host) {
        return;
      }
      const value = await vscode.window.showInputBox({ title: inputText(msg`Passphrase of the client certificate for ${host}`), password: true, prompt: 'Kept in VS Code\'s secret storage. Leave empty to remove it.' });
      if (value === undefined) {
        return;
      }
      await (value ? context.secrets.store(PASSPHRASE_PREFIX + host, value) : context.secrets.delete(PASSPHRASE_PREFIX + host));
    }),
    deps.account.onDidChange((state) => {
      void environments.render(state === 'signedIn');
      void testExplorer.load(state === 'signedIn');
    }),
  ];
  void environments.render(deps.account.state === 'signedIn');
  void testExplorer.load(deps.account.state === 'signedIn');
  const decorateRow = (row: Row, item: vscode.TreeItem) => {
    if (row.kind === 'environment' && row.uid && environments.isActive(row.uid)) {
      item.description = item.description ? `${String(item.description)} · used for requests` : 'used for requests';
      item.iconPath = new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green'));
    }
  };
  return { disposables, decorateRow, sender, environments, currentValues, responses, share, testExplorer, send, accountKey, engineLoaded };
}
