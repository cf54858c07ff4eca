import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { Credential, Logger } from '../postman';
import type { OAuthSessionRecord, OAuthSessionStore } from './oauth/tokenManager';
import type { TokenSet } from './oauth/tokens';
import {
  type AnySession,
  LEGACY_API_KEY_SECRET,
  type OAuthSessionData,
  oauthRecord,
  parseSessions,
  serializeSessions,
  type SessionAccount,
  SESSIONS_SECRET,
  type StoredSession,
  UNKNOWN_ACCOUNT,
} from './sessionData';

/** Not a secret: remembers that the user signed out while POSTMAN_API_KEY is set. */
const IGNORE_ENV_KEY = 'postman.ignoreEnvironmentKey';
/** The id of the session that stands for POSTMAN_API_KEY. */
export const ENVIRONMENT_SESSION_ID = 'environment';
/** The account of a POSTMAN_API_KEY whose owner has not been asked yet. */
export const ENVIRONMENT_ACCOUNT = { id: 'POSTMAN_API_KEY', label: 'POSTMAN_API_KEY' } as const;

export type CredentialSource = 'secretStorage' | 'environment';

export interface StoredCredential {
  credential: Credential;
  source: CredentialSource;
  /** Stable while the key stays the same; rotation keeps it too. */
  sessionId: string;
  account: SessionAccount;
  /** When a stored key was stored (or the OAuth sign-in happened); unknown for POSTMAN_API_KEY. */
  createdAt: number | undefined;
  /** For an OAuth sign-in: the grant, client and tokens (the credential is its access token). */
  oauth?: OAuthSessionData;
}

/**
 * The one owner of credentials. The API key or the OAuth session lives in VS Code's
 * SecretStorage (the OS keychain on the desktop), as one JSON value with its account and age
 * (sessionData.ts), and nowhere else; with none stored, POSTMAN_API_KEY from the environment
 * is used, so CI and containers need no stored secret. Other windows' changes arrive through
 * SecretStorage's change event, which this class forwards.
 */
export class CredentialStore implements vscode.Disposable, OAuthSessionStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private cache: Promise<AnySession | undefined> | undefined;
  /** Who POSTMAN_API_KEY belongs to, once a /me told us; memory only. */
  private envAccount: { key: string; account: SessionAccount } | undefined;
  private warnedCorrupt = false;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
    private readonly log: Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === SESSIONS_SECRET || e.key === LEGACY_API_KEY_SECRET) {
        this.cache = undefined;
        this.changed.fire();
      }
    });
  }

  /** The credential in use: the stored key, else POSTMAN_API_KEY (unless signed out of it). */
  async get(): Promise<StoredCredential | undefined> {
    const stored = await this.stored();
    if (stored?.kind === 'oauth') {
      return { credential: { kind: 'bearer', token: stored.oauth.tokens.accessToken }, source: 'secretStorage', sessionId: stored.id, account: stored.account, createdAt: stored.createdAt, oauth: stored.oauth };
    }
    if (stored) {
      return { credential: { kind: 'apiKey', key: stored.key }, source: 'secretStorage', sessionId: stored.id, account: stored.account, createdAt: stored.createdAt };
    }
    const fromEnv = this.environmentKey();
    if (fromEnv && !this.state.get<boolean>(IGNORE_ENV_KEY)) {
      const account = this.envAccount?.key === fromEnv ? this.envAccount.account : { ...ENVIRONMENT_ACCOUNT };
      return { credential: { kind: 'apiKey', key: fromEnv }, source: 'environment', sessionId: ENVIRONMENT_SESSION_ID, account, createdAt: undefined };
    }
    return undefined;
  }

  /** POSTMAN_API_KEY as set in this window's environment (whether or not it is in use). */
  environmentKey(): string | undefined {
    return this.env.POSTMAN_API_KEY?.trim() || undefined;
  }

  /** Stores a checked key as a new sign-in (a new session id, age 0), replacing any other. */
  async storeApiKey(key: string, account: SessionAccount): Promise<void> {
    await this.state.update(IGNORE_ENV_KEY, undefined);
    await this.write({ id: randomUUID(), key, account, createdAt: Date.now() });
  }

  /** Stores an OAuth sign-in whose token Postman accepted (a new session id), replacing any other. */
  async storeOAuthSession(oauth: OAuthSessionData, account: SessionAccount): Promise<void> {
    await this.state.update(IGNORE_ENV_KEY, undefined);
    await this.write({ id: randomUUID(), kind: 'oauth', oauth, account, createdAt: Date.now() });
  }

  /** The stored OAuth session for the token manager; `fresh` re-reads SecretStorage (another window may have renewed). */
  async read(fresh = false): Promise<OAuthSessionRecord | undefined> {
    if (fresh) {
      this.cache = undefined;
    }
    const s = await this.stored();
    if (s?.kind !== 'oauth') {
      return undefined;
    }
    return oauthRecord(s.id, s.oauth);
  }

  /** Renewed tokens for the OAuth session `sessionId`, in one write; false if it is no longer the one stored. */
  async saveTokens(sessionId: string, tokens: TokenSet): Promise<boolean> {
    const current = await this.stored();
    if (current?.kind !== 'oauth' || current.id !== sessionId) {
      return false;
    }
    await this.write({ ...current, oauth: { ...current.oauth, tokens } });
    return true;
  }

  /** Signs `sessionId` out if it is still the stored one (an OAuth session whose renewal was refused). */
  async remove(sessionId: string): Promise<void> {
    const current = await this.stored();
    if (current?.id !== sessionId) {
      return;
    }
    await this.secrets.delete(SESSIONS_SECRET);
    this.cache = Promise.resolve(undefined);
    this.changed.fire();
  }

  /**
   * Rotation: the new key replaces the old one in a single write, keeping the session id
   * (the same account, a new token) and restarting the key's age.
   */
  async replaceApiKey(key: string, account: SessionAccount): Promise<void> {
    const current = await this.stored();
    if (!current || current.kind === 'oauth') {
      throw new Error('There is no stored API key to replace.');
    }
    await this.write({ id: current.id, key, account, createdAt: Date.now() });
  }

  /** Records who a key belongs to once /me says so (the label shown in the Accounts menu). */
  async learnAccount(key: string, account: SessionAccount): Promise<void> {
    const stored = await this.stored();
    if (stored && stored.kind !== 'oauth' && stored.key === key) {
      if (stored.account.id !== account.id || stored.account.label !== account.label) {
        await this.write({ ...stored, account });
      }
    } else if (key === this.environmentKey() && this.envAccount?.account.label !== account.label) {
      this.envAccount = { key, account };
      this.changed.fire();
    }
  }

  /** Signs out: deletes the stored key and stops using POSTMAN_API_KEY until the next sign-in. */
  async clear(): Promise<void> {
    await this.state.update(IGNORE_ENV_KEY, this.environmentKey() ? true : undefined);
    await this.secrets.delete(SESSIONS_SECRET);
    await this.secrets.delete(LEGACY_API_KEY_SECRET);
    this.cache = Promise.resolve(undefined);
    this.changed.fire();
  }

  /** Forgets what was read, e.g. after POSTMAN_API_KEY changed in this process. */
  reload(): void {
    this.cache = undefined;
    this.changed.fire();
  }

  private stored(): Promise<AnySession | undefined> {
    this.cache ??= this.readSecret().catch((err: unknown) => {
      this.cache = undefined;
      this.log.error(`Reading the stored sign-in failed: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    });
    return this.cache;
  }

  private async readSecret(): Promise<AnySession | undefined> {
    const text = await this.secrets.get(SESSIONS_SECRET);
    const { sessions, corrupt } = parseSessions(text);
    if (corrupt && !this.warnedCorrupt) {
      // Never log the value: it may hold a key.
      this.warnedCorrupt = true;
      this.log.warn('The stored Postman sign-in could not be read and is ignored; signing in again replaces it.');
    }
    if (sessions.length > 0 || text !== undefined) {
      return sessions[0];
    }
    return this.migrateLegacyKey();
  }

  /** Version 0.1.0 kept the bare key; move it into the JSON value (its age counts from now). */
  private async migrateLegacyKey(): Promise<StoredSession | undefined> {
    const legacy = (await this.secrets.get(LEGACY_API_KEY_SECRET))?.trim();
    if (!legacy) {
      return undefined;
    }
    const session: StoredSession = { id: randomUUID(), key: legacy, account: { ...UNKNOWN_ACCOUNT }, createdAt: Date.now() };
    await this.secrets.store(SESSIONS_SECRET, serializeSessions([session]));
    await this.secrets.delete(LEGACY_API_KEY_SECRET);
    this.log.info('Moved the stored API key to the new sign-in format.');
    return session;
  }

  private async write(session: AnySession): Promise<void> {
    await this.secrets.store(SESSIONS_SECRET, serializeSessions([session]));
    this.cache = Promise.resolve(session);
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
