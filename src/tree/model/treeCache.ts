import type { CacheKey, KeptValue } from '../../postman';

/**
 * The tree's last known data, as kept on disk between windows so the tree is there at once
 * after a reload. Only what the rows show is kept — workspaces, what each lists (names and
 * ids), mocks' URLs, monitors' state, schedule and last run — each value rebuilt field by field from a list of allowed fields, so
 * nothing else Postman sends (and nothing secret: no environment or global values, no
 * collection bodies, whose auth blocks and variables hold secrets) can reach the file.
 * No vscode import: unit-tested in plain Node.
 */

/** The version of the file's shape; a file of another version is deleted, never guessed at. */
export const TREE_CACHE_FORMAT = 1;

/** Whose data it is: the same Postman server, the same sign-in, the same user. */
export interface CacheOwner {
  baseUrl: string;
  sessionId: string;
  /** The Postman user id, when known. */
  userId: string | undefined;
}

export type Decoded =
  | { kind: 'ok'; savedAt: number; entries: KeptValue[] }
  /** Not JSON, or not this extension's shape: ignored (the next save replaces it). */
  | { kind: 'corrupt' }
  /** Another format version, or another account's data: deleted. */
  | { kind: 'otherFormat' }
  | { kind: 'otherAccount' };

type Obj = Record<string, unknown>;
type Sanitise = (v: unknown) => unknown;

/** Long text (a workspace description) is cut: the tooltip shows the start of it. */
const MAX_TEXT = 4000;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v.slice(0, MAX_TEXT) : undefined);
const nonEmpty = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The allowed fields of an object, each kept only when it has its type; undefined when a required one is missing. */
function pick(v: unknown, required: readonly string[], optional: Record<string, (x: unknown) => unknown>): Obj | undefined {
  if (!isObj(v)) {
    return undefined;
  }
  const out: Obj = {};
  for (const field of required) {
    const value = nonEmpty(v[field]);
    if (value === undefined) {
      return undefined;
    }
    out[field] = value;
  }
  for (const [field, check] of Object.entries(optional)) {
    const value = check(v[field]);
    if (value !== undefined) {
      out[field] = value;
    }
  }
  return out;
}

const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const listOf = (one: Sanitise) => (v: unknown) => (Array.isArray(v) ? v.map(one).filter((x) => x !== undefined) : undefined);

const summary: Sanitise = (v) => pick(v, ['id', 'name'], { type: nonEmpty, visibility: nonEmpty });
const ref: Sanitise = (v) => pick(v, ['id', 'name'], { uid: nonEmpty, type: nonEmpty, deactivated: bool });
const refs = listOf(ref);
const detail: Sanitise = (v) => {
  const base = pick(v, ['id', 'name'], { type: nonEmpty, visibility: nonEmpty, description: text });
  if (!base || !isObj(v)) {
    return undefined;
  }
  // Every list a workspace shows, [] when the answer had none (as the client reads it).
  return { ...base, collections: refs(v.collections) ?? [], environments: refs(v.environments) ?? [], mocks: refs(v.mocks) ?? [], monitors: refs(v.monitors) ?? [], specs: refs(v.specs) ?? [] };
};
const mock: Sanitise = (v) => {
  const out = pick(v, ['id', 'name'], { uid: nonEmpty, collection: nonEmpty, environment: nonEmpty, mockUrl: nonEmpty, deactivated: bool });
  return out && { ...out, deactivated: out.deactivated === true };
};

const schedule = (v: unknown) => pick(v, [], { cron: nonEmpty, timezone: nonEmpty, nextRun: nonEmpty });
const lastRun = (v: unknown) => pick(v, ['status'], { startedAt: nonEmpty, finishedAt: nonEmpty, assertionsFailed: count, assertionsTotal: count });
const monitor: Sanitise = (v) => {
  const out = pick(v, ['id', 'name'], { uid: nonEmpty, collectionUid: nonEmpty, environmentUid: nonEmpty, schedule, lastRun });
  return out && { ...out, active: isObj(v) && v.active === true };
};

/** The kept kinds of value, by the prefix of their cache key: one entry each. */
const KEPT: ReadonlyArray<{ matches: (key: string) => boolean; sanitise: Sanitise }> = [
  { matches: (key) => key === 'workspaces', sanitise: listOf(summary) },
  { matches: (key) => /^workspace:./.test(key), sanitise: detail },
  { matches: (key) => /^mocks:./.test(key), sanitise: listOf(mock) },
  { matches: (key) => /^monitor:./.test(key), sanitise: monitor },
];

function keptKind(key: string) {
  return KEPT.find((k) => k.matches(key));
}

/** Whether the cache key holds something the tree keeps between windows. */
export function isKept(key: CacheKey): boolean {
  return keptKind(key) !== undefined;
}

/**
 * The file's text: the owner, when it was saved, and each kept value with only its allowed
 * fields and when Postman gave it (`at`: a value kept again unchecked keeps its first time).
 */
export function encodeTreeCache(owner: CacheOwner, entries: readonly KeptValue[], savedAt: number): string {
  const kept: Obj = {};
  for (const [key, value, at] of entries) {
    const clean = keptKind(key)?.sanitise(value);
    if (clean !== undefined) {
      kept[key] = { at, value: clean };
    }
  }
  return JSON.stringify({ format: TREE_CACHE_FORMAT, owner: { ...owner, userId: owner.userId ?? null }, savedAt, entries: kept });
}

/**
 * Reads a file written by `encodeTreeCache` for `owner`. Anything that is not what this
 * version writes is refused as a whole or, for one value, left out; nothing in the file is
 * trusted beyond the allowed fields (it is read again through the same lists).
 */
export function decodeTreeCache(textOfFile: string, owner: CacheOwner): Decoded {
  let parsed: unknown;
  try {
    parsed = JSON.parse(textOfFile);
  } catch {
    return { kind: 'corrupt' };
  }
  if (!isObj(parsed)) {
    return { kind: 'corrupt' };
  }
  if (parsed.format !== TREE_CACHE_FORMAT) {
    return { kind: 'otherFormat' };
  }
  const saved = parsed.owner;
  if (!isObj(saved) || !isObj(parsed.entries) || !validTime(parsed.savedAt)) {
    return { kind: 'corrupt' };
  }
  if (!sameOwner(saved, owner)) {
    return { kind: 'otherAccount' };
  }
  const entries: KeptValue[] = [];
  for (const [key, kept] of Object.entries(parsed.entries)) {
    const clean = isObj(kept) && validTime(kept.at) ? keptKind(key)?.sanitise(kept.value) : undefined;
    if (clean !== undefined) {
      entries.push([key as CacheKey, clean, (kept as Obj).at as number]);
    }
  }
  return { kind: 'ok', savedAt: parsed.savedAt, entries };
}

function validTime(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** The same server and sign-in, and the same user: a user id unknown on either side is no match. */
function sameOwner(saved: Obj, owner: CacheOwner): boolean {
  return saved.baseUrl === owner.baseUrl && saved.sessionId === owner.sessionId && owner.userId !== undefined && saved.userId === owner.userId;
}
