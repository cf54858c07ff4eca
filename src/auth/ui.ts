import * as vscode from 'vscode';
import { type ApiKeyPrompt, showApiKeyInput } from './apiKeyPrompt';

export type SignInMethod = 'apiKey' | 'oauth';
export type Severity = 'info' | 'warning' | 'error';

/**
 * Everything the auth code asks the user. Tests in the extension host swap parts of it
 * (see extension.ts's TestingApi), since a quick pick or a notification cannot be answered
 * from there; the e2e test answers the real ones.
 */
export interface AuthUi {
  pickSignInMethod(): Promise<SignInMethod | undefined>;
  apiKeyPrompt: ApiKeyPrompt;
  /** A notification with buttons; resolves with the button chosen, undefined if dismissed. */
  ask(severity: Severity, message: string, ...actions: string[]): Promise<string | undefined>;
}

export const OAUTH_NEEDS_SETTINGS =
  'Signing in with OAuth 2.0 needs an OAuth client registered with Postman and its settings, which a later version of this extension adds. Sign in with an API key for now.';

export async function pickSignInMethod(): Promise<SignInMethod | undefined> {
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
      description: 'Needs settings',
      detail: 'Sign in through your browser. Needs an OAuth client registered with Postman; not available yet.',
    },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Postman: Sign In', placeHolder: 'How do you want to sign in to Postman?', ignoreFocusOut: true });
  return picked?.method;
}

async function ask(severity: Severity, message: string, ...actions: string[]): Promise<string | undefined> {
  const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  return show(message, ...actions);
}

export const defaultUi: AuthUi = { pickSignInMethod, apiKeyPrompt: showApiKeyInput, ask };
