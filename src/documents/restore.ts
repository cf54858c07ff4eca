import * as vscode from 'vscode';
import { SCHEME } from './postmanUri';

/**
 * A `postman:` editor restored after a window reload while signed out shows "sign in"
 * instead of its text. Once signed in, such editors (the visible ones that hold no
 * document) are opened again, where they were. Tabs in the background load when clicked.
 */
export async function reopenFailedEditors(): Promise<number> {
  const loaded = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  let reopened = 0;
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input;
      if (tab.isActive && input instanceof vscode.TabInputText && input.uri.scheme === SCHEME && !loaded.has(input.uri.toString())) {
        await vscode.window.tabGroups.close(tab, true);
        await vscode.window.showTextDocument(input.uri, { viewColumn: group.viewColumn, preview: tab.isPreview, preserveFocus: !group.isActive }).then(undefined, () => undefined);
        reopened++;
      }
    }
  }
  return reopened;
}
