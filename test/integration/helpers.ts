import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { Row } from '../../src/tree/model/row';

export const EXTENSION_ID = 'postman-workspaces-dev.postman-workspaces';

export async function activateExtension(): Promise<TestingApi> {
  const ext = vscode.extensions.getExtension<TestingApi | undefined>(EXTENSION_ID);
  if (!ext) {
    throw new Error(`${EXTENSION_ID} is not loaded`);
  }
  const api = await ext.activate();
  if (!api) {
    throw new Error('The extension did not return its testing API (is extensionMode Test?)');
  }
  return api;
}

export async function setBaseUrl(url: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('postman').update('apiBaseUrl', url, vscode.ConfigurationTarget.Global);
}

/**
 * Answers the sign-in quick pick with "API Key" and the API-key prompt with `key`,
 * recording what the prompt would have shown.
 */
export function answerKeyPrompt(api: TestingApi, key: string): { shown: string[] } {
  const shown: string[] = [];
  api.setSignInMethodPick(async () => 'apiKey');
  api.setApiKeyPrompt(async (check) => {
    const problem = await check(key);
    if (problem) {
      shown.push(problem);
      return undefined; // the user gives up after seeing the message
    }
    return key;
  });
  return { shown };
}

/** Points the extension at `server`, then signs in with `key` through the real Sign In command. */
export async function signInTo(server: { start(): Promise<string> }, key: string): Promise<TestingApi> {
  await setBaseUrl(await server.start());
  const api = await activateExtension();
  answerKeyPrompt(api, key);
  await vscode.commands.executeCommand('postman.signIn');
  return api;
}

export async function labels(rows: Row[]): Promise<string[]> {
  return rows.map((r) => r.label);
}

export async function childNamed(api: TestingApi, parent: Row | undefined, label: string): Promise<Row> {
  const children = await api.tree.getChildren(parent);
  const found = children.find((r) => r.label === label);
  if (!found) {
    throw new Error(`No row "${label}" among: ${(await labels(children)).join(', ')}`);
  }
  return found;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Reverts and closes every editor, so no "save changes?" dialog can block the host. */
export async function closeAllEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Replaces the first occurrence of `from` in the document, as a user's edit. */
export async function editDocument(doc: vscode.TextDocument, from: string, to: string): Promise<void> {
  const at = doc.getText().indexOf(from);
  assert.ok(at >= 0, `"${from}" is not in the document`);
  const e = new vscode.WorkspaceEdit();
  e.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(e), 'the edit applies');
}
