import * as vscode from 'vscode';
import type { Credential, Logger } from '../postman';
import type { OAuthDeps } from './account';
import { ClientSecretStore } from './clientSecret';
import type { CredentialStore } from './credentialStore';
import { oauthMessage } from './oauth/errors';
import { TokenEndpoint } from './oauth/tokenEndpoint';
import { TokenManager } from './oauth/tokenManager';
import { OAuthFlows, readOAuthSettings } from './oauthFlow';
import type { ReauthPrompt } from './reauth';
import type { AuthUi } from './ui';
import { msg, piece } from '../text/plain';

export interface OAuthWiring {
  deps: OAuthDeps;
  /** The credential for the next request: an OAuth access token is renewed first when it is about to expire. */
  credential(): Promise<Credential | undefined>;
  /** For HttpTransport.renew: a renewed token after Postman rejected one (401). */
  renew(rejected: Credential): Promise<Credential | undefined>;
  disposables: vscode.Disposable[];
}

const SIGN_IN_AGAIN = 'Sign In Again';

/** Builds the OAuth pieces and registers the URI handler (the redirect comes back through it). */
export function setUpOAuth(context: vscode.ExtensionContext, store: CredentialStore, reauth: ReauthPrompt, log: Logger, ui: () => AuthUi): OAuthWiring {
  const endpoint = new TokenEndpoint(log, { userAgent: `postman-workspaces-vscode/${String(context.extension.packageJSON.version)}` });
  const secrets = new ClientSecretStore(context.secrets, log);
  const flows = new OAuthFlows(context.extension.id, endpoint, secrets, log, ui);
  const tokens = new TokenManager({
    store,
    endpoint,
    log,
    clientSecret: (client) => secrets.get(client),
    // One prompt: the renewal is single-flight, so however many requests waited, this runs once.
    onEnded: (err) => {
      void ui()
        .ask('warning', msg`Your Postman OAuth sign-in has ended and you were signed out: ${piece(oauthMessage(err))} Sign in again to keep working.`, SIGN_IN_AGAIN)
        .then((choice) => choice === SIGN_IN_AGAIN && vscode.commands.executeCommand('postman.signIn'));
    },
    onRejectedAfterRenewal: (rejected) => reauth.rejected(rejected),
  });
  return {
    deps: { flows, tokens, secrets, settings: readOAuthSettings },
    credential: async () => {
      const current = await store.get();
      return current?.oauth ? tokens.credential() : current?.credential;
    },
    renew: (rejected) => tokens.renewAfterRejection(rejected),
    disposables: [vscode.window.registerUriHandler(flows), flows],
  };
}
