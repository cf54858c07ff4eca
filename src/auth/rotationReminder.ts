import * as vscode from 'vscode';
import type { CredentialStore } from './credentialStore';
import { keyAgeDays, rotationDays, rotationDue } from './rotation';
import type { AuthUi } from './ui';
import { msg } from '../text/plain';

export const ROTATION_SETTING = 'postman.apiKeyRotationDays';
const ROTATE = 'Rotate API Key';
const SETTINGS = 'Settings';

/**
 * Reminds the user, once per window session, to rotate a stored key older than
 * `postman.apiKeyRotationDays` (0 turns it off). Reads only the stored key's age: no network.
 */
export class RotationReminder implements vscode.Disposable {
  private reminded = false;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly store: CredentialStore,
    private readonly ui: () => AuthUi,
    private readonly now: () => number = Date.now,
  ) {
    this.subscriptions = [
      store.onDidChange(() => void this.check()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(ROTATION_SETTING) && void this.check()),
    ];
  }

  /** Shows the reminder if it is due and was not shown in this window yet; returns whether it showed. */
  async check(now = this.now()): Promise<boolean> {
    if (this.reminded) {
      return false;
    }
    const current = await this.store.get();
    const days = rotationDays(vscode.workspace.getConfiguration().get(ROTATION_SETTING));
    if (current?.source !== 'secretStorage' || current.oauth || !rotationDue(current.createdAt, now, days)) {
      return false;
    }
    this.reminded = true;
    const age = keyAgeDays(current.createdAt as number, now);
    void this.ui()
      .ask('warning', msg`Your Postman API key is ${age} days old. Rotating keys regularly limits the damage of a leaked one: generate a new key in Postman and run "Postman: Rotate API Key".`, ROTATE, SETTINGS)
      .then((choice) => {
        if (choice === ROTATE) {
          void vscode.commands.executeCommand('postman.rotateApiKey');
        } else if (choice === SETTINGS) {
          void vscode.commands.executeCommand('workbench.action.openSettings', ROTATION_SETTING);
        }
      });
    return true;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}
