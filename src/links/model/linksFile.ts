import { isObj, type Obj } from '../../documents/model/checks';
import { canonicalText } from './canonical';

/**
 * "Collections as code": the committable file that records which Postman resource each file of
 * a repository holds (`postman/links.json`). It names resources and paths only, never a key or
 * a value, and it is text from the repository: it never decides where a key goes (the server
 * a link names is only compared with the signed-in account's) nor lets a path leave the folder.
 */

/** Where the links of a folder are recorded, relative to the folder. */
export const LINKS_PATH = 'postman/links.json';
export const LINKS_FORMAT = 1;

export type LinkKind = 'collection' | 'environment' | 'spec';
export const LINK_KINDS: readonly LinkKind[] = ['collection', 'environment', 'spec'];

/** The account a link was made with: the server, and the team (or, without one, the user). */
export interface LinkAccount {
  /** The Postman API's base URL (US or EU). */
  api: string;
  team?: string;
  user?: string;
}

export interface Link {
  kind: LinkKind;
  /** The collection or environment UID, or the spec id. */
  uid: string;
  /** The workspace it was linked from. */
  workspace: string;
  /** Relative to the folder, `/`-separated: the file (a spec: the folder holding its files). */
  path: string;
  account: LinkAccount;
  /** The canonical hash of Postman's copy after the last pull or push (`sha256:…`). */
  synced?: string;
  /** Environments: secret values are written into the file (asked for, per link). */
  writeSecrets?: true;
  /**
   * A spec (a folder of files): each file's canonical hash at the last sync, so that a push
   * sends only the files changed here and takes, rather than reverts, those changed in Postman.
   */
  parts?: Record<string, string>;
}

export interface LinksRead {
  links: Link[];
  /** Entries left out, each with why (shown to the user; the file is never rewritten over them silently). */
  problems: string[];
}

/**
 * A path inside the folder: relative, `/`-separated, no empty, `.` or `..` step, no drive or
 * backslash, no control character, and not inside `.git`. A links file from a cloned
 * repository must not make a pull write `../../.bashrc` or into `.git/hooks`.
 */
export function isSafeLinkPath(path: string): boolean {
  if (path === '' || path.length > 400 || path.startsWith('/') || /[\\:*?"<>|]/.test(path) || UNSAFE.test(path)) {
    return false;
  }
  const steps = path.split('/');
  return steps.every((s) => s !== '' && s !== '.' && s !== '..' && s.trim() === s) && steps[0].toLowerCase() !== '.git' && !steps.some((s) => s.toLowerCase() === '.git');
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
const HASH = /^sha256:[0-9a-f]{64}$/;

function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}

function accountOf(v: unknown): LinkAccount | undefined {
  if (!isObj(v) || typeof v.api !== 'string' || !/^https?:\/\/[^\s]+$/.test(v.api)) {
    return undefined;
  }
  const team = text(v.team);
  const user = text(v.user);
  return { api: v.api, ...(team !== undefined ? { team } : {}), ...(user !== undefined ? { user } : {}) };
}

function linkOf(v: unknown, i: number): Link | string {
  const where = `links[${i}]`;
  if (!isObj(v)) {
    return `${where} is not an object`;
  }
  const kind = v.kind;
  if (typeof kind !== 'string' || !(LINK_KINDS as readonly string[]).includes(kind)) {
    return `${where} has no known "kind" (collection, environment or spec)`;
  }
  if (typeof v.uid !== 'string' || !ID.test(v.uid)) {
    return `${where} has no valid "uid"`;
  }
  if (typeof v.workspace !== 'string' || !ID.test(v.workspace)) {
    return `${where} has no valid "workspace"`;
  }
  if (typeof v.path !== 'string' || !isSafeLinkPath(v.path)) {
    return `${where} has a "path" that is not a plain relative path inside the folder`;
  }
  const account = accountOf(v.account);
  if (!account) {
    return `${where} has no valid "account" (its "api" must be the server's URL)`;
  }
  const synced = typeof v.synced === 'string' && HASH.test(v.synced) ? v.synced : undefined;
  const parts = kind === 'spec' && isObj(v.parts) ? Object.entries(v.parts).filter(([p, h]) => isSafeLinkPath(p) && typeof h === 'string' && HASH.test(h)) : [];
  return {
    kind: kind as LinkKind,
    uid: v.uid,
    workspace: v.workspace,
    path: v.path,
    account,
    ...(synced ? { synced } : {}),
    ...(v.writeSecrets === true && kind === 'environment' ? { writeSecrets: true as const } : {}),
    ...(parts.length > 0 ? { parts: Object.fromEntries(parts) as Record<string, string> } : {}),
  };
}

function within(path: string, folder: string): boolean {
  return path.startsWith(`${folder}/`);
}

/** Reads a links file; a broken file throws (its text says where), broken entries are left out and reported. */
export function parseLinks(source: string): LinksRead {
  let value: unknown;
  try {
    value = JSON.parse(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source);
  } catch (err) {
    throw new Error(`${LINKS_PATH} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isObj(value) || !Array.isArray(value.links)) {
    throw new Error(`${LINKS_PATH} must be an object with a "links" array`);
  }
  if (value.format !== undefined && value.format !== LINKS_FORMAT) {
    throw new Error(`${LINKS_PATH} is of format ${String(text(value.format) ?? '?')}; this version of the extension reads format ${LINKS_FORMAT}`);
  }
  const links: Link[] = [];
  const problems: string[] = [];
  const paths = new Set<string>();
  (value.links as unknown[]).forEach((entry, i) => {
    const link = linkOf(entry, i);
    if (typeof link === 'string') {
      problems.push(link);
    } else if (paths.has(link.path.toLowerCase())) {
      problems.push(`links[${i}] uses the path of an earlier link (${link.path})`);
    } else if ([...paths].some((p) => within(link.path.toLowerCase(), p) || within(p, link.path.toLowerCase()))) {
      problems.push(`links[${i}] (${link.path}) is inside another link's folder, or holds another link`);
    } else {
      paths.add(link.path.toLowerCase());
      links.push(link);
    }
  });
  return { links, problems };
}

/** The file's text: links sorted by path, keys in a fixed order, 2-space JSON and one trailing newline (quiet diffs). */
export function serializeLinks(links: readonly Link[]): string {
  const entries: Obj[] = [...links]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((l) => ({
      path: l.path,
      kind: l.kind,
      uid: l.uid,
      workspace: l.workspace,
      account: { api: l.account.api, ...(l.account.team !== undefined ? { team: l.account.team } : {}), ...(l.account.user !== undefined ? { user: l.account.user } : {}) },
      ...(l.synced ? { synced: l.synced } : {}),
      ...(l.writeSecrets ? { writeSecrets: true } : {}),
      ...(l.parts && Object.keys(l.parts).length > 0 ? { parts: Object.fromEntries(Object.entries(l.parts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) } : {}),
    }));
  return canonicalText({ format: LINKS_FORMAT, links: entries }, false);
}

/** Whether two API base URLs name one server (case and trailing slashes aside). */
export function sameServer(a: string, b: string): boolean {
  const server = (u: string) => u.replace(/\/+$/, '').toLowerCase();
  return server(a) === server(b);
}

/** Whether a link was made with this account: same server, and the same team (or user, without a team). */
export function sameAccount(link: LinkAccount, account: LinkAccount): boolean {
  if (!sameServer(link.api, account.api)) {
    return false;
  }
  if (link.team !== undefined || account.team !== undefined) {
    return link.team === account.team;
  }
  return link.user === account.user;
}

/** The link record for a signed-in account: its server and team (a team's repository is shared by its members). */
export function linkAccount(api: string, user: { id: string | number; teamId?: string | number }): LinkAccount {
  // Postman answers a user without a team with no teamId, or 0.
  return user.teamId !== undefined && user.teamId !== '' && user.teamId !== 0 && user.teamId !== '0' ? { api, team: String(user.teamId) } : { api, user: String(user.id) };
}
