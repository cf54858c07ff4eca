/**
 * The sign-in as it is kept in SecretStorage: one JSON value under one key, so a change
 * (sign-in, rotation, token renewal, sign-out) is a single write that other windows see
 * whole. It holds an API key, or an OAuth session (its tokens and the client they belong
 * to). Reading tolerates anything: a value that is not what this version wrote counts as
 * signed out instead of breaking activation. No vscode import, so it is unit-tested in plain Node.
 */
import type { OAuthGrant } from './oauth/settings';
import type { OAuthSessionRecord } from './oauth/tokenManager';
import type { TokenSet } from './oauth/tokens';

/** The SecretStorage key of the JSON value. */
export const SESSIONS_SECRET = 'postman.sessions';
/** Where version 0.1.0 kept the bare key; read once and moved into SESSIONS_SECRET. */
export const LEGACY_API_KEY_SECRET = 'postman.apiKey';

export interface SessionAccount {
  /** The Postman user id, or a placeholder until it is known. */
  id: string;
  label: string;
}

/** An API-key sign-in. */
export interface StoredSession {
  id: string;
  /** The API key itself. */
  key: string;
  account: SessionAccount;
  /** When this key was stored (ms since the epoch): the rotation reminder counts from it. */
  createdAt: number;
  kind?: undefined;
}

/** What an OAuth sign-in keeps: how it was granted, by which client, and its current tokens. */
export interface OAuthSessionData {
  grant: OAuthGrant;
  /** The token (and revocation) endpoint and client id the tokens belong to: a refresh token goes back only there. */
  tokenUrl: string;
  clientId: string;
  revocationUrl?: string;
  /** The scopes asked for (Client Credentials asks again with them). */
  scopes: string[];
  tokens: TokenSet;
}

/** An OAuth 2.0 sign-in. */
export interface StoredOAuthSession {
  id: string;
  kind: 'oauth';
  oauth: OAuthSessionData;
  account: SessionAccount;
  /** When the user signed in (ms since the epoch). */
  createdAt: number;
  key?: undefined;
}

export type AnySession = StoredSession | StoredOAuthSession;

/** The placeholder account of a key whose owner has not been asked yet (e.g. a migrated key). */
export const UNKNOWN_ACCOUNT: SessionAccount = { id: 'unknown', label: 'Postman API key' };

export interface ParsedSessions {
  sessions: AnySession[];
  /** The value existed but was not readable (not JSON, wrong shape, or no usable entry). */
  corrupt: boolean;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function time(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

function accountOrUnknown(v: unknown): SessionAccount {
  return isObj(v) && typeof v.id === 'string' && typeof v.label === 'string' && v.label !== ''
    ? { id: v.id, label: v.label }
    : { ...UNKNOWN_ACCOUNT };
}

function tokens(v: unknown): TokenSet | undefined {
  const accessToken = isObj(v) ? str(v.accessToken) : undefined;
  if (!isObj(v) || !accessToken) {
    return undefined;
  }
  const out: TokenSet = { accessToken, obtainedAt: time(v.obtainedAt) ?? 0 };
  const refreshToken = str(v.refreshToken);
  const expiresAt = time(v.expiresAt);
  if (refreshToken) {
    out.refreshToken = refreshToken;
  }
  if (expiresAt !== undefined) {
    out.expiresAt = expiresAt;
  }
  if (typeof v.scope === 'string') {
    out.scope = v.scope;
  }
  return out;
}

function oauthData(v: unknown): OAuthSessionData | undefined {
  if (!isObj(v) || (v.grant !== 'authorizationCode' && v.grant !== 'clientCredentials')) {
    return undefined;
  }
  const tokenUrl = str(v.tokenUrl);
  const clientId = str(v.clientId);
  const t = tokens(v.tokens);
  if (!tokenUrl || !clientId || !t) {
    return undefined;
  }
  const data: OAuthSessionData = {
    grant: v.grant,
    tokenUrl,
    clientId,
    scopes: Array.isArray(v.scopes) ? v.scopes.filter((x): x is string => typeof x === 'string') : [],
    tokens: t,
  };
  const revocationUrl = str(v.revocationUrl);
  if (revocationUrl) {
    data.revocationUrl = revocationUrl;
  }
  return data;
}

function session(v: unknown): AnySession | undefined {
  if (!isObj(v) || typeof v.id !== 'string' || v.id === '') {
    return undefined;
  }
  const account = accountOrUnknown(v.account);
  const createdAt = time(v.createdAt) ?? Date.now();
  if (v.kind === 'oauth') {
    const oauth = oauthData(v.oauth);
    return oauth ? { id: v.id, kind: 'oauth', oauth, account, createdAt } : undefined;
  }
  if (v.kind !== undefined || typeof v.key !== 'string' || v.key.trim() === '') {
    return undefined;
  }
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
  const sessions = raw.map(session).filter((s): s is AnySession => s !== undefined);
  const seen = new Set<string>();
  const unique = sessions.filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
  return { sessions: unique, corrupt: unique.length !== raw.length || (raw.length > 0 && unique.length === 0) };
}

export function serializeSessions(sessions: readonly AnySession[]): string {
  return JSON.stringify(
    sessions.map((s) => {
      if (s.kind !== 'oauth') {
        return { id: s.id, key: s.key, account: s.account, createdAt: s.createdAt };
      }
      const { grant, tokenUrl, clientId, revocationUrl, scopes, tokens: t } = s.oauth;
      const tokens = { accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: t.expiresAt, obtainedAt: t.obtainedAt, scope: t.scope };
      return { id: s.id, kind: 'oauth', account: s.account, createdAt: s.createdAt, oauth: { grant, tokenUrl, clientId, revocationUrl, scopes, tokens } };
    }),
  );
}

/** "Full Name (username)", or the username alone. */
/** A stored OAuth sign-in as the token manager works with it. */
export function oauthRecord(sessionId: string, oauth: OAuthSessionData): OAuthSessionRecord {
  const { grant, tokenUrl, clientId, revocationUrl, scopes, tokens } = oauth;
  return { sessionId, grant, client: { tokenUrl, clientId, ...(revocationUrl ? { revocationUrl } : {}) }, scopes, tokens };
}

export function displayName(user: { username: string; fullName?: string }): string {
  return user.fullName && user.fullName !== user.username ? `${user.fullName} (${user.username})` : user.username;
}

export function accountOf(user: { id: string | number; username: string; fullName?: string }): SessionAccount {
  return { id: String(user.id), label: displayName(user) };
}
