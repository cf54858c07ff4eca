import * as vscode from 'vscode';
import { safeFileName } from '../documents/postmanUri';
import { headerOf, responseDocument } from './model/responseDocument';
import type { SendOutcome } from './model/sendOutcome';

export const RESPONSE_SCHEME = 'postman-response';

interface Shown {
  outcome: SendOutcome;
  name: string;
  text: string;
  language: string;
}

/** File name extensions for "Save Response Body…", by content type. */
const EXTENSIONS: [RegExp, string][] = [
  [/json/i, 'json'],
  [/html/i, 'html'],
  [/xml/i, 'xml'],
  [/javascript/i, 'js'],
  [/png/i, 'png'],
  [/jpe?g/i, 'jpg'],
  [/gif/i, 'gif'],
  [/pdf/i, 'pdf'],
  [/^text\//i, 'txt'],
];

/**
 * The read-only response editors: one per request (sending it again updates the same tab),
 * served from memory by a content provider, never written to disk. The whole body stays in
 * memory for "Save Response Body…" until the window closes or the tab is sent again.
 */
export class ResponseView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly shown = new Map<string, Shown>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, this);

  static uri(account: string, collectionUid: string, itemId: string, name: string): vscode.Uri {
    return vscode.Uri.from({ scheme: RESPONSE_SCHEME, path: `/${safeFileName(account)}/${safeFileName(collectionUid)}/${safeFileName(itemId)}/${safeFileName(name)} · Response` });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.shown.get(uri.toString())?.text ?? 'This response is no longer kept: send the request again.\n';
  }

  /** Shows (or updates) the response editor beside the active one. */
  async show(uri: vscode.Uri, name: string, outcome: SendOutcome, options: { secrets: readonly string[]; maxShownBytes: number }): Promise<vscode.TextEditor> {
    const doc = responseDocument(outcome, options);
    this.shown.set(uri.toString(), { outcome, name, text: doc.text, language: doc.language });
    this.changed.fire(uri);
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== doc.language) {
      document = await vscode.languages.setTextDocumentLanguage(document, doc.language);
    }
    const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    return vscode.window.showTextDocument(document, { viewColumn: open?.viewColumn ?? vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
  }

  /** The response shown in `uri`, or the one of the active editor, or the latest. */
  outcomeOf(uri?: vscode.Uri): Shown | undefined {
    const active = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (active?.scheme === RESPONSE_SCHEME) {
      return this.shown.get(active.toString());
    }
    return [...this.shown.values()].pop();
  }

  /** "Save Response Body…": the bytes as received, to a file the user picks. */
  async saveBody(uri?: vscode.Uri, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const shown = this.outcomeOf(uri);
    const response = shown?.outcome.response;
    if (!shown || !response) {
      return undefined;
    }
    const type = headerOf(response.headers, 'content-type') ?? '';
    const extension = EXTENSIONS.find(([pattern]) => pattern.test(type))?.[1] ?? 'bin';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const defaultName = `${safeFileName(shown.name)}.${extension}`;
    const file = target ?? (await vscode.window.showSaveDialog({ ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, defaultName) } : {}), saveLabel: 'Save Response Body', title: 'Save Response Body' }));
    if (!file) {
      return undefined;
    }
    await vscode.workspace.fs.writeFile(file, response.body);
    return file;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    this.shown.clear();
  }
}
