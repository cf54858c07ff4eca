import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import type { LinkFiles } from './sync';

/**
 * `LinkFiles` over node:fs for one folder (the command-line script; anything else without
 * VS Code). Paths are relative to the folder and `/`-separated. Nothing is read or written
 * outside the folder, not even through a symbolic link: a cloned repository's links.json
 * (or a link planted beside it) must not make a pull write `~/.bashrc` or read a key file.
 */

/** A path that leaves the folder (by `..`, an absolute path, or a symbolic link). */
export class OutsideFolder extends Error {
  constructor(path: string) {
    super(`Refused: ${path} leads outside the folder (through a symbolic link or a path that leaves it). Nothing was read or written there.`);
    this.name = 'OutsideFolder';
  }
}

/** Links followed by their text before giving up (Linux's own limit is 40). */
const MAX_HOPS = 40;

function isInside(root: string, target: string): boolean {
  const rel = nodePath.relative(root, target);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${nodePath.sep}`) && !nodePath.isAbsolute(rel));
}

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** The folder's own real path is resolved once (it may itself be reached through a link, like /tmp on macOS). */
export class NodeLinkFiles implements LinkFiles {
  private realRoot: Promise<string> | undefined;

  constructor(readonly root: string) {}

  private rootReal(): Promise<string> {
    return (this.realRoot ??= fs.realpath(this.root));
  }

  /**
   * The absolute path of a relative one, after checking that it stays inside the folder: first
   * by its text, then through the real path of its nearest existing ancestor (the path itself
   * when it exists), so a symbolic link anywhere along it that points out is refused. A link
   * to something not there yet is followed by its text: one pointing out is refused too.
   */
  async resolve(path: string): Promise<string> {
    const root = await this.rootReal();
    if (path.includes('\0') || nodePath.isAbsolute(path) || /^[A-Za-z]:/.test(path)) {
      throw new OutsideFolder(path);
    }
    const target = nodePath.resolve(root, ...path.split('/'));
    if (!isInside(root, target)) {
      throw new OutsideFolder(path);
    }
    let existing = target;
    let hops = 0;
    for (;;) {
      try {
        const real = await fs.realpath(existing);
        if (!isInside(root, real)) {
          throw new OutsideFolder(path);
        }
        return target;
      } catch (err) {
        if (err instanceof OutsideFolder || (code(err) !== 'ENOENT' && code(err) !== 'ENOTDIR')) {
          throw err;
        }
      }
      const dangling = await fs.readlink(existing).catch(() => undefined);
      if (dangling !== undefined) {
        // Where the link would lead once something is made there (a loop of links fails with ELOOP above).
        if (++hops > MAX_HOPS) {
          throw new OutsideFolder(path);
        }
        existing = nodePath.resolve(nodePath.dirname(existing), dangling);
        continue;
      }
      // Stryker disable next-line ConditionalExpression: the root's real path was read, so the walk returns before reaching it (unless it is removed meanwhile)
      if (existing === root) {
        return target;
      }
      existing = nodePath.dirname(existing);
    }
  }

  async read(path: string): Promise<string | undefined> {
    const file = await this.resolve(path);
    try {
      return await fs.readFile(file, 'utf8');
    } catch (err) {
      if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') {
        return undefined;
      }
      throw err;
    }
  }

  /** Writes beside the file and renames into place: a reader never sees half a file, and a crash leaves the old one. */
  async write(path: string, text: string): Promise<void> {
    const file = await this.resolve(path);
    const dir = nodePath.dirname(file);
    await fs.mkdir(dir, { recursive: true });
    // Checked again once the folders exist: one made in the meantime could be a link.
    await this.resolve(path);
    const temp = nodePath.join(dir, `.${nodePath.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await fs.writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
      await fs.rename(temp, file);
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
  }

  /**
   * The files under a folder, relative to it, sorted; none when it does not exist. Folders
   * reached through a symbolic link are not entered (a loop, or a way out); a link to a file
   * is listed, and reading it is checked like any path.
   */
  async list(folder: string): Promise<string[]> {
    const start = await this.resolve(folder);
    const out: string[] = [];
    const walk = async (dir: string, prefix: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (err) {
        if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') {
          return;
        }
        throw err;
      }
      for (const entry of entries) {
        const rel = prefix + entry.name;
        if (entry.isDirectory()) {
          await walk(nodePath.join(dir, entry.name), `${rel}/`);
        } else if (entry.isFile() || (entry.isSymbolicLink() && (await fs.stat(nodePath.join(dir, entry.name)).catch(() => undefined))?.isFile())) {
          out.push(rel);
        }
      }
    };
    await walk(start, '');
    return out.sort();
  }
}
