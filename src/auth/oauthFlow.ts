import * as vscode from 'vscode';
import type { Logger } from '../postman';
import type { ClientSecretStore } from './clientSecret';
import { AuthorizationRequests, checkIssuer, duration, ignoredMessage } from './oauth/authorization';
import { OAuthError } from './oauth/errors';
import type { OAuthConfig, RawOAuthSettings } from './oauth/settings';
import type { TokenEndpoint } from './oauth/tokenEndpoint';
import type { TokenSet } from './oauth/tokens';
import type { AuthUi } from './ui';
import { msg } from '../text/plain';
import { notificationProgress, progressMessage } from '../ui/messages';

/** The path of the redirect URI: `<uriScheme>://<publisher>.<name>/oauth-callback`. */
export const CALLBACK_PATH = '/oauth-callback';

/** The `postman.oauth.*` settings as they are (user settings only: they are application-scoped). */
export function readOAuthSettings(): RawOAuthSettings {
  const c = vscode.workspace.getConfiguration('postman.oauth');
  return {
    authorizationUrl: c.get('authorizationUrl'),
    tokenUrl: c.get('tokenUrl'),
    clientId: c.get('clientId'),
    scopes: c.get('scopes'),
    revocationUrl: c.get('revocationUrl'),
    issuer: c.get('issuer'),
  };
}

/**
 * The browser part of OAuth: the extension's URI handler, which receives the authorization
 * response, and the two grants. The redirect URI comes from `vscode.env.asExternalUri`, so
 * the same code works on the desktop (`vscode://…`), in code-server and in Codespaces (an
 * https URL of the workbench that hands the response to this handler).
 */
export class OAuthFlows implements vscode.UriHandler {
  readonly requests = new AuthorizationRequests();

  constructor(
    private readonly extensionId: string,
    private readonly endpoint: TokenEndpoint,
    private readonly secrets: ClientSecretStore,
    private readonly log: Logger,
    private readonly ui: () => AuthUi,
  ) {}

  /** Every `<scheme>://<this extension>/…` URI opened lands here. */
  handleUri(uri: vscode.Uri): void {
    if (uri.path !== CALLBACK_PATH) {
      // Encoded as it came: a decoded %0A would start a forged line in the log.
      this.log.warn(`Ignored a URI for this extension with the unknown path ${encodeURI(uri.path.slice(0, 80))}.`);
      return;
    }
    const outcome = this.requests.deliver(new URLSearchParams(uri.query));
    if (!outcome.accepted) {
      // Never log the query: it may carry a code.
      this.log.warn(`${ignoredMessage(outcome.reason)} (${outcome.reason})`);
      void this.ui().ask('warning', msg`${ignoredMessage(outcome.reason)}`);
    }
  }

  /** The redirect URI of this window, exactly as sent to the authorization server (and registered there). */
  async redirectUri(): Promise<string> {
    const callback = vscode.Uri.parse(`${vscode.env.uriScheme}://${this.extensionId}${CALLBACK_PATH}`);
    // toString(true): toString() would encode the query of code-server's URL a second time.
    return (await vscode.env.asExternalUri(callback)).toString(true);
  }

  /**
   * Authorization Code with PKCE: opens the authorization page in the browser and waits (at
   * most 5 minutes, cancellable from the progress notification) for the response to come back
   * through the URI handler, then exchanges the code.
   */
  async authorize(config: OAuthConfig): Promise<TokenSet> {
    if (!config.authorizationUrl) {
      throw new OAuthError('config', 'postman.oauth.authorizationUrl is not set.');
    }
    this.requests.cancelAll('A newer sign-in replaced this one.');
    const redirectUri = await this.redirectUri();
    const pending = this.requests.begin({ authorizationUrl: config.authorizationUrl, clientId: config.clientId, redirectUri, scopes: config.scopes });
    const host = new URL(config.authorizationUrl).host;
    this.log.info(`OAuth: opening the authorization page of ${host}; waiting for the browser to come back to the redirect URI ${redirectUri} (the one to register with the OAuth client${/[?&]vscode-reqid=/.test(redirectUri) ? '; its vscode-reqid parameter changes with every sign-in' : ''}).`);
    return notificationProgress(
      msg`Postman: signing in with OAuth 2.0`,
      async (progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        try {
          progress.report(progressMessage(msg`continue in your browser (${host}); this waits up to ${duration(this.requests.lifetimeMs)}.`));
          const answer = this.requests.wait(pending.state, abort.signal);
          if (!(await this.ui().openExternal(pending.url))) {
            this.requests.cancel(pending.state, 'The authorization page was not opened, so the sign-in was cancelled.');
          }
          const response = await answer;
          checkIssuer(response, config.issuer);
          if (response.error !== undefined) {
            throw new OAuthError('denied', response.description ?? 'the authorization server did not grant access.', response.error);
          }
          progress.report({ message: 'getting the tokens…' });
          const clientSecret = await this.secrets.get(config);
          return await this.endpoint.exchangeCode({ ...config, ...(clientSecret ? { clientSecret } : {}) }, { code: response.code, redirectUri: pending.redirectUri, verifier: pending.verifier });
        } finally {
          subscription.dispose();
        }
      },
      true,
    );
  }

  /** Client Credentials: the confidential client asks for a token for itself. */
  async clientCredentials(config: OAuthConfig): Promise<TokenSet> {
    const clientSecret = await this.secrets.get(config);
    return notificationProgress(msg`Postman: getting an OAuth 2.0 token (client credentials)…`, () => this.endpoint.clientCredentials({ ...config, ...(clientSecret ? { clientSecret } : {}) }, config.scopes));
  }

  dispose(): void {
    this.requests.cancelAll('VS Code is closing this window.');
  }
}
