import * as vscode from 'vscode';
import { msg, piece } from '../text/plain';
import { inputText } from '../ui/messages';

export const API_KEYS_PAGE = 'https://go.postman.co/settings/me/api-keys';

export interface ApiKeyPromptOptions {
  title?: string;
  prompt?: string;
}

/**
 * Asks for an API key. `check` runs on Enter while the box shows a busy state; a rejected
 * key keeps the box open with the reason, so the user can paste again without starting over.
 * Resolves with the accepted key, or undefined if the user gave up.
 *
 * Tests in the extension host swap this function (see extension.ts) because an input box
 * cannot be typed into from there; the e2e test types into the real one.
 */
export type ApiKeyPrompt = (check: (key: string) => Promise<string | undefined>, options?: ApiKeyPromptOptions) => Promise<string | undefined>;

export const showApiKeyInput: ApiKeyPrompt = (check, options = {}) =>
  new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    const linkButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: 'Generate an API key in Postman' };
    box.title = options.title ?? 'Postman: Sign In';
    box.prompt = options.prompt ?? `Paste a Postman API key. Generate one at ${API_KEYS_PAGE} (the button above opens it).`;
    box.placeholder = 'PMAK-…';
    box.password = true;
    box.ignoreFocusOut = true;
    box.buttons = [linkButton];
    let settled = false;
    const finish = (value: string | undefined) => {
      if (!settled) {
        settled = true;
        resolve(value);
        box.dispose();
      }
    };
    box.onDidTriggerButton(() => void vscode.env.openExternal(vscode.Uri.parse(API_KEYS_PAGE)));
    box.onDidChangeValue(() => {
      box.validationMessage = undefined;
    });
    box.onDidAccept(async () => {
      const key = box.value.trim();
      if (!key) {
        box.validationMessage = 'Paste an API key, or press Escape to cancel.';
        return;
      }
      box.busy = true;
      box.enabled = false;
      const problem = await check(key);
      box.busy = false;
      box.enabled = true;
      if (problem) {
        // Server text and names from Postman: an input box renders links too.
        box.validationMessage = inputText(msg`${piece(problem)}`);
        return;
      }
      finish(key);
    });
    box.onDidHide(() => finish(undefined));
    box.show();
  });
