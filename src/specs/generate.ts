import * as vscode from 'vscode';
import { resourceUri } from '../documents/postmanUri';
import { type Logger, type PostmanClient, userMessage } from '../postman';
import { inputText, notificationProgress, notify, progressMessage } from '../ui/messages';
import { msg, piece, plain } from '../text/plain';

/** What Generate Collection is given from a spec row (the tree's rows carry these fields). */
export interface SpecArg {
  label: string;
  uid?: string;
  workspaceId?: string;
  parent?: SpecArg;
}

export interface GenerateDeps {
  client: PostmanClient;
  log: Logger;
  /** The generation finished: the tree reloads the workspace (the new collection) and the spec (its generated collections). */
  onDidGenerate(workspaceId: string | undefined, spec: SpecArg): void;
  /** Polling interval (tests shorten it). */
  pollMs?: number;
  /** How long to wait for Postman to finish before giving up on following the task. */
  timeoutMs?: number;
}

/**
 * **Generate Collection…** on a spec: asks the new collection's name, starts the generation
 * (`POST /specs/{id}/generations/collection`, answered 202), follows the task until Postman
 * says it completed or failed (cancellable), then reloads the tree and offers to open it.
 * Returns the new collection's uid, if Postman named it. A name given as the second argument
 * (tests, keybindings) skips the question.
 */
export async function generateCollection(deps: GenerateDeps, spec: SpecArg | undefined, givenName?: string): Promise<string | undefined> {
  if (!spec?.uid) {
    void notify('info', msg`Choose a spec in the Postman view, then run Generate Collection on it.`);
    return undefined;
  }
  const specId = spec.uid;
  const name = givenName ?? await vscode.window.showInputBox({
    title: inputText(msg`Generate a collection from the spec "${spec.label}"`),
    prompt: 'The new collection\'s name',
    value: spec.label,
    validateInput: (v) => (v.trim() === '' ? 'A collection needs a name.' : undefined),
  });
  if (name === undefined) {
    return undefined;
  }
  const pollMs = deps.pollMs ?? 1000;
  const timeoutMs = deps.timeoutMs ?? 120_000;
  try {
    const uid = await notificationProgress(
      msg`Generating the collection "${name.trim()}" from "${spec.label}"…`,
      async (progress, token) => {
        const abort = new AbortController();
        const cancelled = token.onCancellationRequested(() => abort.abort());
        try {
          const task = await deps.client.generateCollection(specId, name.trim(), abort.signal);
          deps.log.info(`Generating a collection from spec ${specId}: task ${task.taskId}`);
          const started = Date.now();
          for (;;) {
            const state = await deps.client.getSpecTask(specId, task.taskId, abort.signal);
            if (state.status === 'completed') {
              return state.collectionUid;
            }
            if (state.status === 'failed') {
              throw new GenerationFailed(state.error ?? 'Postman gave no reason');
            }
            if (Date.now() - started > timeoutMs) {
              throw new GenerationFailed(`Postman had not finished after ${Math.round(timeoutMs / 1000)} s; it may still finish: refresh the workspace later`);
            }
            progress.report(progressMessage(msg`Postman is working on it (${state.status})…`));
            await new Promise((resolve) => setTimeout(resolve, pollMs));
            if (abort.signal.aborted) {
              throw new GenerationFailed('you cancelled following it; Postman may still finish it');
            }
          }
        } finally {
          cancelled.dispose();
        }
      },
      true,
    );
    deps.onDidGenerate(spec.workspaceId, spec);
    deps.log.info(`Generated collection ${uid ?? '(uid not given)'} from spec ${specId}`);
    // Not awaited: the notification stays until the user answers it, the command is done now.
    void notify('info', msg`Generated the collection "${name.trim()}" from the spec "${spec.label}".`, ...(uid ? ['Open'] : [])).then(async (choice) => {
      if (choice === 'Open' && uid) {
        await vscode.window.showTextDocument(resourceUri({ kind: 'collection', uid }, name.trim(), workspaceLabel(spec)));
      }
    });
    return uid;
  } catch (err) {
    const reason = err instanceof GenerationFailed ? err.message : userMessage(err);
    deps.log.error(`Generating a collection from spec ${specId} failed: ${plain(reason, 600)}`);
    void notify('error', msg`Could not generate a collection from "${spec.label}": ${piece(reason)}`);
    return undefined;
  }
}

class GenerationFailed extends Error {}

/** The workspace row's label above a spec row, for the document's URI. */
function workspaceLabel(spec: SpecArg): string | undefined {
  let r: SpecArg | undefined = spec;
  while (r?.parent) {
    r = r.parent;
  }
  return r === spec ? undefined : r?.label;
}
