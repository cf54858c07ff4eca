import * as vscode from 'vscode';
import { isSafeLinkPath } from './model/linksFile';
import { NodeLinkFiles } from './model/nodeFiles';
import type { LinkFiles } from './model/sync';

/**
 * The files of one workspace folder as links see them, through `vscode.workspace.fs` (so it
 * works in code-server, Codespaces and remote windows alike). Every path is checked to be a
 * plain relative path inside the folder; on disk, a symbolic link that leads out of the
 * folder is refused too (a cloned repository decides its links file, not where we write).
 */
export class WorkspaceFiles implements LinkFiles {
  private disk: NodeLinkFiles | undefined;

  constructor(readonly folder: vscode.Uri) {}

  uri(relative: string): vscode.Uri {
    if (!isSafeLinkPath(relative)) {
      throw new Error(`"${relative}" is not a plain relative path inside the folder`);
    }
    return vscode.Uri.joinPath(this.folder, ...relative.split('/'));
  }

  async read(relative: string): Promise<string | undefined> {
    const uri = this.uri(relative);
    await this.inside(relative);
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') {
        return undefined;
      }
      throw err;
    }
  }

  async write(relative: string, text: string): Promise<void> {
    const uri = this.uri(relative);
    await this.inside(relative);
    // A file open in an editor is changed through the editor (undo works, and the editor shows
    // it at once rather than when a file watcher reports it), then saved. Callers never write
    // over unsaved changes: pull and push refuse a file with them.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open && !open.isDirty) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(0, 0, open.lineCount, 0), text);
      if ((await vscode.workspace.applyEdit(edit)) && (await open.save())) {
        return;
      }
    }
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  }

  async list(relative: string): Promise<string[]> {
    const root = this.uri(relative);
    await this.inside(relative);
    const out: string[] = [];
    const walk = async (dir: vscode.Uri, prefix: string): Promise<void> => {
      let entries: Array<[string, vscode.FileType]>;
      try {
        entries = await vscode.workspace.fs.readDirectory(dir);
      } catch {
        return;
      }
      for (const [name, type] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (type & vscode.FileType.SymbolicLink) {
          continue;
        }
        if (type === vscode.FileType.Directory) {
          await walk(vscode.Uri.joinPath(dir, name), `${prefix}${name}/`);
        } else if (type === vscode.FileType.File) {
          out.push(`${prefix}${name}`);
        }
      }
    };
    await walk(root, '');
    return out;
  }

  /** On disk, the path (symbolic links resolved) must stay inside the folder: the same check as the script's. */
  private async inside(relative: string): Promise<void> {
    if (this.folder.scheme === 'file') {
      await (this.disk ??= new NodeLinkFiles(this.folder.fsPath)).resolve(relative);
    }
  }
}
