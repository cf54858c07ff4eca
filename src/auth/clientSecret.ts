import * as vscode from 'vscode';
import type { Logger } from '../postman';
import type { OAuthClientRef } from './oauth/settings';

/** The SecretStorage key of the OAuth client secret (never a setting: settings files are plain text). */
export const CLIENT_SECRET_KEY = 'postman.oauth.clientSecret';

interface StoredSecret {
  clientId: string;
  tokenUrl: string;
  secret: string;
}

/**
 * The OAuth client secret of a confidential client, kept in SecretStorage and bound to the
 * client id and token URL it was entered for: changing either setting never sends the old
 * secret to another client or server.
 */
export class ClientSecretStore {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
  ) {}

  async get(client: Pick<OAuthClientRef, 'clientId' | 'tokenUrl'>): Promise<string | undefined> {
    const stored = await this.read();
    return stored && stored.clientId === client.clientId && stored.tokenUrl === client.tokenUrl ? stored.secret : undefined;
  }

  /** Whether a secret is stored for another client id or token URL than these (it is then not used). */
  async storedForOther(client: Pick<OAuthClientRef, 'clientId' | 'tokenUrl'>): Promise<boolean> {
    const stored = await this.read();
    return stored !== undefined && (stored.clientId !== client.clientId || stored.tokenUrl !== client.tokenUrl);
  }

  async set(client: Pick<OAuthClientRef, 'clientId' | 'tokenUrl'>, secret: string): Promise<void> {
    const value: StoredSecret = { clientId: client.clientId, tokenUrl: client.tokenUrl, secret };
    await this.secrets.store(CLIENT_SECRET_KEY, JSON.stringify(value));
    this.log.info(`Stored the OAuth client secret of client "${client.clientId}".`);
  }

  async delete(): Promise<void> {
    await this.secrets.delete(CLIENT_SECRET_KEY);
    this.log.info('Deleted the stored OAuth client secret.');
  }

  private async read(): Promise<StoredSecret | undefined> {
    try {
      const v: unknown = JSON.parse((await this.secrets.get(CLIENT_SECRET_KEY)) ?? 'null');
      if (typeof v === 'object' && v !== null) {
        const { clientId, tokenUrl, secret } = v as Record<string, unknown>;
        if (typeof clientId === 'string' && typeof tokenUrl === 'string' && typeof secret === 'string' && secret !== '') {
          return { clientId, tokenUrl, secret };
        }
      }
    } catch {
      // unreadable: as if none were stored
    }
    return undefined;
  }
}
