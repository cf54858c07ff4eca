/**
 * What the extension-host reliability tests share: the faults a bad network, a corporate
 * proxy or an overloaded Postman produce (injected into the local Postman server), and a
 * record of the messages the extension shows the user.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../../src/extension';
import type { FaultMatch } from '../../fixtures/faults';
import type { LocalPostmanServer } from '../../fixtures/postmanServer';
import { SAMPLE_API_KEY } from '../../fixtures/sampleData';
import { activateExtension, answerKeyPrompt, setBaseUrl } from '../../integration/helpers';

export interface FaultCase {
  name: string;
  /** Sets the fault up for requests matching `match`. */
  apply(server: LocalPostmanServer, match: FaultMatch): void;
  /** The clear words the user must see; undefined when the journey succeeds despite the fault. */
  expect?: RegExp;
  /** Retrying can help (a used-up monthly quota cannot). */
  retryable: boolean;
  /** The request timeout for this case, in seconds (postman.requestTimeoutSeconds). */
  timeoutSeconds?: number;
  /** Takes seconds by nature (waits, storms). */
  slow?: boolean;
}

const BIG_NAME = 'A big workspace list';

/** A body of about `mb` megabytes in the shape `wrap` gives it. */
export function bigWorkspaceList(count: number): unknown {
  return {
    workspaces: Array.from({ length: count }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name: `${BIG_NAME} ${i} ${'·'.repeat(40)}`,
      type: 'team',
      visibility: 'team',
    })),
  };
}

export const FAULTS = {
  latency: {
    name: '2.5 s of latency on every call',
    apply: (s, match) => s.injectFault({ kind: 'latency', ms: 2500, match }),
    retryable: true,
    slow: true,
  },
  timeout: {
    name: 'no answer (timeout after 1 s)',
    apply: (s, match) => s.injectFault({ kind: 'hang', match }),
    expect: /did not answer in time \(no answer within 1 s\)/,
    retryable: true,
    timeoutSeconds: 1,
  },
  reset: {
    name: 'connection reset',
    apply: (s, match) => s.injectFault({ kind: 'reset', match }),
    expect: /Could not reach the Postman API: the connection was reset/,
    retryable: true,
  },
  server503: {
    name: '503 from an overloaded Postman',
    apply: (s, match) => s.injectFault({ kind: 'status', status: 503, match }),
    expect: /server error \(503\); try again in a moment/,
    retryable: true,
  },
  storm429: {
    name: '429 storm with Retry-After: 1',
    apply: (s, match) => s.injectFault({ kind: 'status', status: 429, retryAfter: 1, match }),
    expect: /rate limit was reached; try again in 1 s/,
    retryable: true,
    slow: true,
  },
  storm429NoRetryAfter: {
    name: '429 storm without Retry-After',
    apply: (s, match) => s.injectFault({ kind: 'status', status: 429, retryAfter: null, match }),
    expect: /rate limit was reached; try again shortly/,
    retryable: true,
    slow: true,
  },
  burst429: {
    name: 'two 429s with Retry-After: 1, then answers (ridden out)',
    apply: (s, match) => s.injectFault({ kind: 'status', status: 429, retryAfter: 1, times: 2, match }),
    retryable: true,
    slow: true,
  },
  quota: {
    name: '429 serviceLimitExhausted (monthly quota used up)',
    apply: (s) => void (s.quotaExhausted = true),
    expect: /monthly API call quota is used up/,
    retryable: false,
  },
  html: {
    name: 'an HTML page from a proxy (200 OK)',
    apply: (s, match) => s.injectFault({ kind: 'html', match }),
    expect: /an HTML page instead of JSON.*proxy/,
    retryable: true,
  },
  html502: {
    name: 'an HTML 502 page from a proxy',
    apply: (s, match) => s.injectFault({ kind: 'html', status: 502, match }),
    expect: /server error \(502\)/,
    retryable: true,
  },
  proxyAuth: {
    name: 'a proxy asking for its own credentials (407, HTML)',
    apply: (s, match) => s.injectFault({ kind: 'html', status: 407, match }),
    expect: /proxy between you and Postman asks for authentication \(407\)/,
    retryable: true,
  },
  truncated: {
    name: 'truncated JSON',
    apply: (s, match) => s.injectFault({ kind: 'malformedJson', match }),
    expect: /returned malformed JSON instead of JSON|cannot read/,
    retryable: true,
  },
  empty: {
    name: 'an empty 200 body',
    apply: (s, match) => s.injectFault({ kind: 'status', status: 200, body: '', match }),
    expect: /an empty body instead of JSON/,
    retryable: true,
  },
  missingFields: {
    name: 'the right JSON with its fields missing ({})',
    apply: (s, match) => s.injectFault({ kind: 'status', status: 200, body: {}, match }),
    expect: /cannot read: GET \S+ did not return a "\w+" (object|list)/,
    retryable: true,
  },
} satisfies Record<string, FaultCase>;

/** The right JSON with the wrong types, per endpoint (a changed API, a broken gateway). */
export const WRONG_TYPES: Record<'me' | 'workspaces' | 'workspace' | 'collection' | 'environment', unknown> = {
  me: { user: { id: { nested: true }, username: 42 }, operations: 'none' },
  workspaces: { workspaces: { not: 'a list' }, meta: 7 },
  workspace: { workspace: { id: 'w', name: 12, collections: 'x', environments: [null, 3, 'e'], mocks: {}, monitors: [{ id: {} }] } },
  collection: { collection: { info: 'not an object', item: {} } },
  environment: { environment: { name: ['x'], values: 'none' } },
};

/** Every message the extension showed (error, warning, information), newest last. */
export class Messages {
  readonly shown: { severity: 'error' | 'warning' | 'info'; text: string }[] = [];
  private restore: (() => void) | undefined;

  /**
   * Test files inside the extension's folder get the same `vscode` API object as the
   * extension, so replacing these functions sees what the extension shows (and answers
   * nothing, like a user who lets the toast go).
   */
  start(): void {
    const w = vscode.window as unknown as Record<string, unknown>;
    const saved = { error: w.showErrorMessage, warning: w.showWarningMessage, info: w.showInformationMessage };
    // Modal or not, nothing is shown (a modal dialog would block the host): recorded, answered with Cancel.
    const record = (severity: 'error' | 'warning' | 'info') => (message: string) => {
      this.shown.push({ severity, text: message });
      return Promise.resolve(undefined);
    };
    w.showErrorMessage = record('error');
    w.showWarningMessage = record('warning');
    w.showInformationMessage = record('info');
    this.restore = () => {
      w.showErrorMessage = saved.error;
      w.showWarningMessage = saved.warning;
      w.showInformationMessage = saved.info;
    };
  }

  stop(): void {
    this.restore?.();
  }

  since(mark: number): string[] {
    return this.shown.slice(mark).map((m) => m.text);
  }
}

/**
 * One test file's extension host against its local Postman server: the base URL pointed at
 * the server, POSTMAN_API_KEY out of the way, every message recorded, optionally signed in
 * with the sample key. stop() undoes it all, signed out.
 */
export class HostRun {
  api!: TestingApi;
  /** The server's port, to start it again on the same one ("the network gone and back"). */
  port = 0;
  readonly messages = new Messages();

  constructor(private readonly server: LocalPostmanServer) {}

  async start(opts: { signIn: boolean }): Promise<TestingApi> {
    const url = await this.server.start();
    this.port = Number(new URL(url).port);
    await setBaseUrl(url);
    this.api = await activateExtension();
    delete process.env.POSTMAN_API_KEY;
    await this.api.reloadCredentials();
    this.messages.start();
    if (opts.signIn) {
      answerKeyPrompt(this.api, SAMPLE_API_KEY);
      await vscode.commands.executeCommand('postman.signIn');
      assert.equal(await this.api.storedCredentialSource(), 'secretStorage');
    }
    return this.api;
  }

  /** After each scenario: no fault left, the quota back, the default timeout. */
  async heal(): Promise<void> {
    this.server.clearFaults();
    this.server.quotaExhausted = false;
    await setTimeoutSeconds(undefined);
  }

  async stop(): Promise<void> {
    this.messages.stop();
    await setTimeoutSeconds(undefined);
    await vscode.commands.executeCommand('postman.signOut');
    this.api.setApiKeyPrompt(undefined);
    this.api.setSignInMethodPick(undefined);
    await setBaseUrl(undefined);
    await this.server.stop();
  }
}

/** Every editor closed, unsaved edits reverted first (no "save?" dialog can block the host). */
export async function closeAllEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export async function setTimeoutSeconds(seconds: number | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('postman').update('requestTimeoutSeconds', seconds, vscode.ConfigurationTarget.Global);
}

/** The words of `text` that `expect` looks for, for the report (the whole message is often longer than a row). */
export function gist(text: string, expect: RegExp): string {
  const found = expect.exec(text)?.[0];
  return found && found !== text ? `…${found}…` : text;
}
