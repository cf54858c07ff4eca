import * as vscode from 'vscode';
import { isPostmanError, type PostmanRepository, userMessage } from '../postman';
import { parseResourceUri } from './postmanUri';

const encoder = new TextEncoder();

/**
 * The one owner of `postman:` documents. Reading a collection or environment shows it
 * pretty-printed, from the same cache as the tree (opening what the tree already loaded
 * costs no call); editors restored after a reload read again. Saving back to Postman is
 * not built yet, so the scheme is registered read-only and every write is refused with a
 * clear reason instead of appearing to work.
 */
export class PostmanFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  /** Size and time of what was last read, so stat answers without another request. */
  private readonly known = new Map<string, { size: number; mtime: number }>();

  constructor(private readonly repo: PostmanRepository) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => {});
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const parsed = parseResourceUri(uri);
    if (!parsed) {
      throw vscode.FileSystemError.FileNotFound(uri);
    }
    if (!parsed.isFile) {
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    }
    const known = this.known.get(uri.toString());
    return {
      type: vscode.FileType.File,
      ctime: 0,
      mtime: known?.mtime ?? 0,
      size: known?.size ?? 0,
      permissions: vscode.FilePermission.Readonly,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const parsed = parseResourceUri(uri);
    if (!parsed?.isFile) {
      throw vscode.FileSystemError.FileNotFound(uri);
    }
    try {
      let resource: object;
      let updatedAt: unknown;
      if (parsed.kind === 'collection') {
        const collection = await this.repo.collection(parsed.uid);
        [resource, updatedAt] = [collection, collection.info.updatedAt];
      } else {
        const environment = await this.repo.environment(parsed.uid);
        [resource, updatedAt] = [environment, environment.updatedAt];
      }
      const bytes = encoder.encode(JSON.stringify(resource, null, 2) + '\n');
      const updated = Date.parse(String(updatedAt ?? ''));
      this.known.set(uri.toString(), { size: bytes.byteLength, mtime: Number.isNaN(updated) ? Date.now() : updated });
      return bytes;
    } catch (err) {
      if (isPostmanError(err, 'notFound')) {
        throw vscode.FileSystemError.FileNotFound(`This ${parsed.kind} no longer exists in Postman (${parsed.uid}).`);
      }
      throw vscode.FileSystemError.Unavailable(userMessage(err));
    }
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  private readOnly(): never {
    throw vscode.FileSystemError.NoPermissions('Postman documents are read-only for now: saving back to Postman is not supported yet.');
  }

  writeFile(): void {
    this.readOnly();
  }

  createDirectory(): void {
    this.readOnly();
  }

  delete(): void {
    this.readOnly();
  }

  rename(): void {
    this.readOnly();
  }
}
