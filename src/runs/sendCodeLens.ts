import * as vscode from 'vscode';
import { parseResourceUri, SCHEME } from '../documents/postmanUri';
import { requestLocations } from './model/requestLocations';

/** What a "Send" lens hands the Send Request command: the document and the request's id. */
export interface LensTarget {
  uri: string;
  itemId: string;
  name: string;
}

/**
 * "▶ Send" above each request of an open collection document: sends it as the editor shows
 * it, unsaved edits included, as Postman sends the request tab you are editing.
 */
export class SendCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  static register(lens: SendCodeLens): vscode.Disposable {
    return vscode.languages.registerCodeLensProvider({ scheme: SCHEME, pattern: '**/*.postman_collection.json' }, lens);
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const parsed = parseResourceUri(document.uri);
    if (!parsed?.isFile || parsed.kind !== 'collection') {
      return [];
    }
    return requestLocations(document.getText()).map((r) => {
      const position = document.positionAt(r.offset);
      const target: LensTarget = { uri: document.uri.toString(), itemId: r.id, name: r.name };
      return new vscode.CodeLens(new vscode.Range(position, position), {
        title: `$(play) Send ${r.method}`,
        tooltip: 'Send this request with Postman\'s runtime, as the editor shows it (unsaved edits included)',
        command: 'postman.sendRequest',
        arguments: [target],
      });
    });
  }
}
