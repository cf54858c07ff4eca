import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { Credential, Logger } from '../postman';
import type { CredentialStore } from './credentialStore';
import type { AuthUi } from './ui';
import { msg } from '../text/plain';

const SIGN_IN_AGAIN = 'Sign In Again';

function fingerprint(c: Credential): string {
  return createHash('sha256').update(c.kind === 'apiKey' ? c.key : c.token).digest('hex');
}

/**
 * Rejected credentials (401) anywhere lead to one prompt to sign in again, however many
 * requests failed at once (for OAuth, only once a renewed token is rejected too; renewing
 * comes first, see oauth/tokenManager.ts): the first failure opens it, the rest find it open. A credential
 * is prompted for once; a later sign-in (a new credential) can be prompted for again.
 * Failures of a key being checked (sign-in, rotation) and of a credential no longer in use
 * are not the signed-in credential's and prompt nothing.
 */
export class ReauthPrompt {
  private open = false;
  private promptedFor: string | undefined;

  constructor(
    private readonly store: CredentialStore,
    private readonly ui: () => AuthUi,
    private readonly log: Logger,
  ) {}

  /** Called for every 401 of a request made with the signed-in credential. */
  rejected(credential: Credential): void {
    const print = fingerprint(credential);
    if (this.open || this.promptedFor === print) {
      return;
    }
    this.open = true;
    void this.prompt(print).finally(() => (this.open = false));
  }

  private async prompt(print: string): Promise<void> {
    const current = await this.store.get();
    if (!current || fingerprint(current.credential) !== print) {
      return; // signed out or signed in again meanwhile
    }
    this.promptedFor = print;
    const where = current.oauth ? 'your OAuth access token' : current.source === 'environment' ? 'the API key from POSTMAN_API_KEY' : 'your API key';
    const why = current.oauth
      ? 'even one renewed a moment ago. The OAuth client or its scopes may not give access to the Postman API, or the account lost access.'
      : 'it may have been revoked or expired.';
    this.log.warn(`Postman rejected ${where} (401); asking the user to sign in again.`);
    const choice = await this.ui().ask('warning', msg`Postman rejected ${where} (401): ${why} Sign in again to keep working.`, SIGN_IN_AGAIN);
    if (choice === SIGN_IN_AGAIN) {
      await vscode.commands.executeCommand('postman.signIn');
    }
  }
}
