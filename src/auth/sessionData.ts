/**
 * The sign-in as it is kept in SecretStorage: one JSON value under one key, so a change
 * (sign-in, rotation, sign-out) is a single write that other windows see whole. Reading
 * tolerates anything: a value that is not what this version wrote counts as signed out
 * instead of breaking activation. No vscode import, so it is unit-tested in plain Node.
 */

/** The SecretStorage key of the JSON value. */
export const SESSIONS_SECRET = 'postman.sessions';
/** Where version 0.1.0 kept the bare key; read once and moved into SESSIONS_SECRET. */
export const LEGACY_API_KEY_SECRET = 'postman.apiKey';

export interface SessionAccount {
  /** The Postman user id, or a placeholder until it is known. */
  id: string;
  label: string;
}

export interface StoredSession {
  id: string;
  /** The API key itself. */
  key: string;
  account: SessionAccount;
  /** When this key was stored (ms since the epoch): the rotation reminder counts from it. */
  createdAt: number;
}

/** The placeholder account of a key whose owner has not been asked yet (e.g. a migrated key). */
export const UNKNOWN_ACCOUNT: SessionAccount = { id: 'unknown', label: 'Postman API key' };

export interface ParsedSessions {
  sessions: StoredSession[];
  /** The value existed but was not readable (not JSON, wrong shape, or no usable entry). */
  corrupt: boolean;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function session(v: unknown): StoredSession | undefined {
  if (!isObj(v) || typeof v.id !== 'string' || v.id === '' || typeof v.key !== 'string' || v.key.trim() === '') {
    return undefined;
  }
  const account = isObj(v.account) && typeof v.account.id === 'string' && typeof v.account.label === 'string' && v.account.label !== ''
    ? { id: v.account.id, label: v.account.label }
    : { ...UNKNOWN_ACCOUNT };
  const createdAt = typeof v.createdAt === 'number' && Number.isFinite(v.createdAt) && v.createdAt > 0 ? v.createdAt : Date.now();
  return { id: v.id, key: v.key.trim(), account, createdAt };
}

/** Parses the stored value; `undefined` (nothing stored) is not corrupt. Never throws. */
export function parseSessions(text: string | undefined): ParsedSessions {
  if (text === undefined || text === '') {
    return { sessions: [], corrupt: false };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { sessions: [], corrupt: true };
  }
  if (!Array.isArray(raw)) {
    return { sessions: [], corrupt: true };
  }
  const sessions = raw.map(session).filter((s): s is StoredSession => s !== undefined);
  const seen = new Set<string>();
  const unique = sessions.filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
  return { sessions: unique, corrupt: unique.length !== raw.length || (raw.length > 0 && unique.length === 0) };
}

export function serializeSessions(sessions: readonly StoredSession[]): string {
  return JSON.stringify(sessions.map(({ id, key, account, createdAt }) => ({ id, key, account, createdAt })));
}

/** "Full Name (username)", or the username alone. */
export function displayName(user: { username: string; fullName?: string }): string {
  return user.fullName && user.fullName !== user.username ? `${user.fullName} (${user.username})` : user.username;
}

export function accountOf(user: { id: string | number; username: string; fullName?: string }): SessionAccount {
  return { id: String(user.id), label: displayName(user) };
}
