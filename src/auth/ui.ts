import * as vscode from 'vscode';
import type { Message } from '../text/plain';
import { inputText, modal, notify, type Severity } from '../ui/messages';
import { type ApiKeyPrompt, showApiKeyInput } from './apiKeyPrompt';

export type SignInMethod = 'apiKey' | 'oauth' | 'oauthClientCredentials';
export type { Severity } from '../ui/messages';

export interface SecretPromptOptions {
  title: string;
  prompt: Message;
  placeholder?: string;
}

/**
 * Everything the auth code asks the user. Tests in the extension host swap parts of it
 * (see extension.ts's TestingApi), since a quick pick or a notification cannot be answered
 * from there; the e2e test answers the real ones.
 */
export interface AuthUi {
  /** `oauthConfigured`: whether the postman.oauth.* settings are filled in (shown in the pick). */
  pickSignInMethod(oauthConfigured?: { authorizationCode: boolean; clientCredentials: boolean }): Promise<SignInMethod | undefined>;
  apiKeyPrompt: ApiKeyPrompt;
  /** A notification with buttons; resolves with the button chosen, undefined if dismissed. Data in it is escaped (msg). */
  ask(severity: Severity, message: Message, ...actions: string[]): Promise<string | undefined>;
  /** A modal question (our words, escaped data); resolves with the action chosen, undefined for Cancel. */
  modal(message: Message, detail: Message, ...actions: string[]): Promise<string | undefined>;
  /** Whether the window trusts this workspace; false is Restricted Mode, where workspace settings are not read. */
  workspaceTrusted(): boolean;
  /** A password box for a secret (the OAuth client secret); undefined if cancelled. */
  secretPrompt(options: SecretPromptOptions): Promise<string | undefined>;
  /** Opens a URL in the user's browser (the OAuth authorization page); false if the user declined. */
  openExternal(url: string): Promise<boolean>;
}

export async function pickSignInMethod(oauthConfigured = { authorizationCode: false, clientCredentials: false }): Promise<SignInMethod | undefined> {
  const items: (vscode.QuickPickItem & { method: SignInMethod })[] = [
    {
      method: 'apiKey',
      label: '$(key) API Key',
      description: 'Recommended',
      detail: "Paste a key from your Postman account settings. It is checked with Postman, then kept in VS Code's secret storage.",
    },
    {
      method: 'oauth',
      label: '$(globe) OAuth 2.0',
      description: oauthConfigured.authorizationCode ? 'Sign in with your browser' : 'Needs settings',
      detail: 'Sign in through your browser with an OAuth client registered with your authorization server (postman.oauth.* settings).',
    },
    {
      method: 'oauthClientCredentials',
      label: '$(server) OAuth 2.0 Client Credentials',
      description: oauthConfigured.clientCredentials ? 'Machine to machine' : 'Needs settings',
      detail: 'For automation: a confidential OAuth client signs in as itself with its client id and secret.',
    },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Postman: Sign In', placeHolder: 'How do you want to sign in to Postman?', ignoreFocusOut: true });
  return picked?.method;
}

async function ask(severity: Severity, message: Message, ...actions: string[]): Promise<string | undefined> {
  return notify(severity, message, ...actions);
}

async function secretPrompt(options: SecretPromptOptions): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({ ...options, prompt: inputText(options.prompt), password: true, ignoreFocusOut: true });
  return value === undefined ? undefined : value.trim();
}

/**
 * Opens the URL as it is. The string (not a parsed Uri) reaches the workbench unchanged: a
 * parsed Uri would be decoded and re-encoded, and the `redirect_uri` inside the query
 * (itself a URL with a query on code-server) would break.
 */
async function openExternal(url: string): Promise<boolean> {
  return vscode.env.openExternal(url as unknown as vscode.Uri);
}

export const defaultUi: AuthUi = {
  pickSignInMethod,
  apiKeyPrompt: showApiKeyInput,
  ask,
  modal: async (message, detail, ...actions) => modal(message, detail, ...actions),
  workspaceTrusted: () => vscode.workspace.isTrusted,
  secretPrompt,
  openExternal,
};
