import * as vscode from 'vscode';
import type { WorkspaceSummary } from '../postman';
import type { Message } from '../text/plain';
import { modal } from '../ui/messages';

/**
 * Everything the documents ask the user. Tests in the extension host swap parts of it
 * (TestingApi.setDocumentUi), since a modal dialog or a file dialog cannot be answered
 * from there; the e2e test answers the real ones.
 */
export interface DocumentUi {
  /** A modal warning; resolves with the action chosen, undefined for Cancel. */
  modal(message: Message, detail: Message, ...actions: string[]): Promise<string | undefined>;
  saveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined>;
  openDialog(options: vscode.OpenDialogOptions): Promise<vscode.Uri | undefined>;
  pickWorkspace(workspaces: WorkspaceSummary[], title: string): Promise<WorkspaceSummary | undefined>;
}

export const defaultDocumentUi: DocumentUi = {
  modal: async (message, detail, ...actions) => modal(message, detail, ...actions),
  saveDialog: async (options) => vscode.window.showSaveDialog(options),
  openDialog: async (options) => (await vscode.window.showOpenDialog(options))?.[0],
  pickWorkspace: async (workspaces, title) => {
    const picked = await vscode.window.showQuickPick(
      workspaces.map((w) => ({ label: w.name, description: w.visibility ?? w.type, workspace: w })),
      { title, placeHolder: 'Choose the workspace to add the collection to', matchOnDescription: true },
    );
    return picked?.workspace;
  },
};
