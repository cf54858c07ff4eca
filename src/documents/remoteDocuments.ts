import * as vscode from 'vscode';
import { REMOTE_SCHEME } from './postmanUri';

/**
 * Postman's current copy of a resource as a read-only document (`postman-remote:`), for the
 * left side of Compare. It is only what the save found on the server; nothing is fetched here.
 */
export class RemoteDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(REMOTE_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '// Postman\'s copy is no longer here: save again to compare anew.\n';
  }

  /** Opens a diff: Postman's copy (left, read-only) against the user's document (right). */
  async compare(local: vscode.Uri, remoteText: string, title: string): Promise<void> {
    const remote = local.with({ scheme: REMOTE_SCHEME });
    this.texts.set(remote.toString(), remoteText);
    this.changed.fire(remote);
    await vscode.commands.executeCommand('vscode.diff', remote, local, title, { preview: false });
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
