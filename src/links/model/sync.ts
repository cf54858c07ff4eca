import { SaveRefused } from '../../documents/model/checks';
import { DocumentSaver, type SaveQuestions } from '../../documents/model/saver';
import { KINDS } from '../../documents/model/kinds';
import { isPostmanError, type PostmanClient, type PostmanRepository } from '../../postman';
import { sha256 } from './canonical';
import { LINKED_KINDS, type Remote } from './linkedKinds';
import type { Link } from './linksFile';

/**
 * Pull, push and status of links, without VS Code: the extension and the command-line script
 * run exactly this. Files are reached through `LinkFiles` (paths relative to the folder that
 * holds `postman/links.json`), Postman through the client (paced like every call) and saves
 * through the editors' `DocumentSaver`, so a push passes the same id checks, confirmation and
 * conflict check as a save in an editor.
 */

export interface LinkFiles {
  /** A file's text, or undefined when there is none. */
  read(path: string): Promise<string | undefined>;
  /** Writes a file, creating its folders. */
  write(path: string, text: string): Promise<void>;
  /** The files under a folder, relative to it (`/`-separated); none when it does not exist. */
  list(folder: string): Promise<string[]>;
}

export type LinkState = 'inSync' | 'changedHere' | 'changedInPostman' | 'changedBoth' | 'missing';

export interface LinkStatus {
  state: LinkState;
  /** For `missing`: which side is gone. */
  missing?: 'file' | 'postman';
  /** The canonical hash of the file(s); undefined when missing. */
  local?: string;
  /** The canonical hash of Postman's copy; undefined when Postman was not asked (or it is gone). */
  remote?: string;
  /** Why the file cannot be pushed as it is (its text cannot be read as its kind). */
  problem?: string;
  /** Whether Postman was asked; when not, only the file's side is known. */
  checked: boolean;
  /** The resource's name in Postman, when it was asked. */
  name?: string;
}

const STATE_WORDS: Record<LinkState, string> = {
  inSync: 'in sync',
  changedHere: 'changed here',
  changedInPostman: 'changed in Postman',
  changedBoth: 'changed on both sides',
  missing: 'missing',
};

/** A state in words, as the Links view and the script say it. */
export function stateText(state: LinkState, missing?: 'file' | 'postman'): string {
  return state === 'missing' ? (missing === 'postman' ? 'missing in Postman' : 'missing file') : STATE_WORDS[state];
}

/** One hash for a set of files: each path with the hash of its text, in path order. */
export function hashParts(parts: ReadonlyArray<{ path: string; text: string }>): string {
  const lines = [...parts]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((p) => `${JSON.stringify(p.path)} ${sha256(p.text)}\n`);
  return sha256(lines.join(''));
}

/**
 * The state of a link from three hashes: the last synced one, the file's, Postman's
 * (`undefined`: not asked; `null`: deleted in Postman). A change both sides made alike is
 * no change; a link never synced is in sync only where both sides agree.
 */
export function stateOf(synced: string | undefined, local: string | undefined, remote: string | null | undefined): Pick<LinkStatus, 'state' | 'missing'> {
  if (local === undefined) {
    return { state: 'missing', missing: 'file' };
  }
  if (remote === null) {
    return { state: 'missing', missing: 'postman' };
  }
  if (remote !== undefined && local === remote) {
    return { state: 'inSync' };
  }
  const here = local !== synced;
  const there = remote !== undefined && (synced === undefined || remote !== synced);
  return { state: here && there ? 'changedBoth' : here ? 'changedHere' : there ? 'changedInPostman' : 'inSync' };
}

interface LocalCopy {
  /** Raw texts by part path; undefined when the link's file (or folder) is missing. */
  texts: Map<string, string> | undefined;
  hash: string | undefined;
  problem?: string;
}

export interface PullResult {
  link: Link;
  /** Paths written (relative to the folder). */
  written: string[];
  /** Spec files the folder holds that Postman does not (left in place). */
  extra: string[];
  name: string;
}

export interface PushResult {
  link: Link;
  /** How many parts were sent. */
  sent: number;
  /** Files rewritten with what Postman holds after the push (it rewrites what it stores). */
  rewritten: string[];
  name: string;
}

export class LinkGone extends Error {
  constructor(link: Link) {
    super(`The ${LINKED_KINDS[link.kind].noun} linked to ${link.path} is no longer in Postman (deleted, or not shared with this account). Remove the link, or link the file to another ${LINKED_KINDS[link.kind].noun}.`);
    this.name = 'LinkGone';
  }
}

export class LinkSync {
  private readonly saver: DocumentSaver;

  constructor(
    private readonly client: PostmanClient,
    private readonly repo: PostmanRepository,
    private readonly files: LinkFiles,
  ) {
    this.saver = new DocumentSaver(client, repo);
  }

  /** The file side of a link: its texts and normalised hash (a broken file hashes as its raw text). */
  async local(link: Link): Promise<LocalCopy> {
    const kind = LINKED_KINDS[link.kind];
    const texts = new Map<string, string>();
    if (kind.isFolder) {
      const paths = await this.files.list(link.path);
      if (paths.length === 0) {
        return { texts: undefined, hash: undefined };
      }
      for (const path of paths) {
        const text = await this.files.read(`${link.path}/${path}`);
        if (text !== undefined) {
          texts.set(path, text);
        }
      }
    } else {
      const text = await this.files.read(link.path);
      if (text === undefined) {
        return { texts: undefined, hash: undefined };
      }
      texts.set('', text);
    }
    let problem: string | undefined;
    const parts = [...texts].map(([path, text]) => {
      try {
        return { path, text: kind.normalise(text, link) };
      } catch (err) {
        problem ??= err instanceof Error ? err.message : String(err);
        return { path, text: `unreadable:${text}` };
      }
    });
    return { texts, hash: hashParts(parts), ...(problem !== undefined ? { problem } : {}) };
  }

  /** Postman's copy, or null when it is gone (404). Each part's value goes into the shared cache. */
  async remote(link: Link): Promise<Remote | null> {
    try {
      const remote = await LINKED_KINDS[link.kind].read(this.client, link);
      for (const part of remote.parts) {
        KINDS[part.address.kind].remember(this.repo, part.address, part.value);
      }
      return remote;
    } catch (err) {
      if (isPostmanError(err) && err.kind === 'notFound') {
        return null;
      }
      throw err;
    }
  }

  /** The file's side only: no call. */
  async localStatus(link: Link): Promise<LinkStatus> {
    const local = await this.local(link);
    return { ...stateOf(link.synced, local.hash, undefined), ...(local.hash !== undefined ? { local: local.hash } : {}), ...(local.problem !== undefined ? { problem: local.problem } : {}), checked: false };
  }

  /** Both sides: one read of Postman's copy (a spec: one per file). */
  async status(link: Link): Promise<LinkStatus> {
    const [local, remote] = await Promise.all([this.local(link), this.remote(link)]);
    const remoteHash = remote ? hashParts(remote.parts) : null;
    return {
      ...stateOf(link.synced, local.hash, remoteHash),
      ...(local.hash !== undefined ? { local: local.hash } : {}),
      ...(remoteHash !== null ? { remote: remoteHash } : {}),
      ...(local.problem !== undefined ? { problem: local.problem } : {}),
      checked: true,
      ...(remote ? { name: remote.name } : {}),
    };
  }

  /** Postman's copy as the file would hold it, by part path (Compare's left side). */
  async remoteTexts(link: Link): Promise<{ name: string; texts: Map<string, string> }> {
    const remote = await this.remote(link);
    if (!remote) {
      throw new LinkGone(link);
    }
    return { name: remote.name, texts: new Map(remote.parts.map((p) => [p.path, p.text])) };
  }

  /** The file's raw texts by part path (Compare's right side); undefined when missing. */
  async localTexts(link: Link): Promise<Map<string, string> | undefined> {
    return (await this.local(link)).texts;
  }

  /**
   * Writes Postman's copy into the file(s) and records it as synced. The caller asks first
   * when the file has changes of its own; nothing else is overwritten (a spec folder's own
   * extra files stay, and are reported).
   */
  async pull(link: Link): Promise<PullResult> {
    const remote = await this.remote(link);
    if (!remote) {
      throw new LinkGone(link);
    }
    const local = await this.local(link);
    const written: string[] = [];
    for (const part of remote.parts) {
      if (local.texts?.get(part.path) !== part.text) {
        const path = fileOf(link, part.path);
        await this.files.write(path, part.text);
        written.push(path);
      }
    }
    const extra = [...(local.texts?.keys() ?? [])].filter((p) => !remote.parts.some((part) => part.path === p)).map((p) => fileOf(link, p));
    return { link: synced(link, remote.parts), written, extra, name: remote.name };
  }

  /**
   * Sends the file(s) to Postman through the editors' save (id checks, confirmation, and a
   * conflict question when Postman's copy changed since the last sync), then rewrites the
   * file(s) with what Postman holds afterwards and records that as synced: a push ends in
   * sync, and a pull right after it changes nothing.
   */
  async push(link: Link, questions: SaveQuestions): Promise<PushResult> {
    const kind = LINKED_KINDS[link.kind];
    const remote = await this.remote(link);
    if (!remote) {
      throw new LinkGone(link);
    }
    const local = await this.local(link);
    if (!local.texts) {
      throw new SaveRefused(`Not pushed: ${link.path} is missing. Pull to write it again, or remove the link.`);
    }
    const added = [...local.texts.keys()].filter((p) => !remote.parts.some((part) => part.path === p));
    const removed = remote.parts.filter((part) => !local.texts?.has(part.path)).map((p) => p.path);
    if (added.length > 0 || removed.length > 0) {
      const what = [...added.map((p) => `${p} is new`), ...removed.map((p) => `${p} is missing`)].join(', ');
      throw new SaveRefused(`Not pushed: the files of a spec are added and removed in Postman (${what}). Nothing was sent.`);
    }
    if (local.problem !== undefined) {
      throw new SaveRefused(local.problem);
    }
    const unchangedSinceSync = hashParts(remote.parts) === link.synced;
    const after: Array<{ path: string; text: string }> = [];
    let sent = 0;
    let name = remote.name;
    for (const part of remote.parts) {
      const raw = local.texts.get(part.path) as string;
      const normalised = kind.normalise(raw, link);
      // A file of a spec that only Postman changed since the last sync: its copy is taken
      // (written into the file below), never sent back over the teammate's change.
      const base = link.parts?.[part.path];
      if (normalised === part.text || (base !== undefined && sha256(normalised) === base)) {
        after.push({ path: part.path, text: part.text });
        continue;
      }
      const changedThere = base !== undefined ? sha256(part.text) !== base : !unchangedSinceSync;
      const opened = KINDS[part.address.kind].opened(part.value);
      const result = await this.saver.save({
        ...part.address,
        text: kind.outgoing(raw, part.value),
        // Postman's copy is the base only when it is still the one last synced; otherwise the
        // save asks (or, with nothing changed there, finds both sides already alike).
        opened: changedThere ? { ...opened, version: 'changed since the last pull or push' } : opened,
        questions,
      });
      sent++;
      const saved = result.saved ?? (await KINDS[part.address.kind].read(this.client, part.address));
      after.push({ path: part.path, text: kind.partText(saved, link) });
      if (part.path === '') {
        // The file is the whole resource: its name may be what changed.
        name = KINDS[part.address.kind].name(saved, part.address);
      }
    }
    const rewritten: string[] = [];
    for (const part of after) {
      if (local.texts.get(part.path) !== part.text) {
        const path = fileOf(link, part.path);
        await this.files.write(path, part.text);
        rewritten.push(path);
      }
    }
    return { link: synced(link, after), sent, rewritten, name };
  }
}

/** The link with its new sync point: the hash of all its parts, and for a folder each part's. */
function synced(link: Link, parts: ReadonlyArray<{ path: string; text: string }>): Link {
  const rest: Link = { ...link };
  delete rest.parts;
  return { ...rest, synced: hashParts(parts), ...(LINKED_KINDS[link.kind].isFolder ? { parts: Object.fromEntries(parts.map((p) => [p.path, sha256(p.text)])) } : {}) };
}

/** The file of a part, relative to the folder. */
export function fileOf(link: Link, partPath: string): string {
  return partPath === '' ? link.path : `${link.path}/${partPath}`;
}
