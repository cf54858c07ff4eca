/**
 * What the extension hands Postman's runtime, and what comes back: plain data, shared by the
 * engine (in its own, lazily loaded bundle) and the extension. No `vscode`, no runtime types.
 */

/** A variable as the Postman API and Collection Format hold it. */
export interface Variable {
  key: string;
  value: string;
  type?: 'default' | 'secret' | string;
  enabled?: boolean;
}

export interface ClientCertificate {
  /** Host pattern (`api.example.com`, `*.example.com`, optionally with `:port`). */
  host: string;
  certPath?: string;
  keyPath?: string;
  pfxPath?: string;
  passphrase?: string;
}

/** One run of Postman's runtime: a single request, a folder or a whole collection. */
export interface RunPlan {
  /** Collection Format v2.1 JSON, as Postman sent it. */
  collection: object;
  /** The request or folder to run (by id, or name when it has no id); absent: the whole collection. */
  entry?: string;
  environment?: { name: string; values: Variable[] };
  globals: Variable[];
  /** The user's current values of the collection's variables (they replace the initial ones). */
  collectionVariables: Variable[];
  iterations?: number;
  /** Iteration data rows (a CSV or JSON data file, parsed). */
  data?: Record<string, unknown>[];
  delayMs?: number;
  stopOnFailure?: boolean;
  timeouts: { requestMs: number; scriptMs: number; runMs?: number };
  strictSSL: boolean;
  /** An HTTP(S) proxy URL for every request, and hosts that bypass it. */
  proxy?: { url: string; bypass?: string[] };
  certificates?: ClientCertificate[];
  /** The most bytes of a response body kept; the rest is only counted. */
  maxBodyBytes: number;
}

/** Where in a run an event belongs: the item, its folder path, and the iteration. */
export interface ItemRef {
  id: string;
  name: string;
  /** Folder names from the collection down, without the item's own. */
  path: string[];
  iteration: number;
  /** The item's position in the run's order (0-based), repeated items get their own. */
  position: number;
}

export interface SentRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body?: string;
}

export interface ReceivedResponse {
  code: number;
  status: string;
  headers: [string, string][];
  /** At most `maxBodyBytes`; `size` is the whole body's. */
  body: Uint8Array;
  size: number;
  truncated: boolean;
  timeMs: number;
}

export interface Assertion {
  index: number;
  name: string;
  passed: boolean;
  skipped: boolean;
  error?: { name: string; message: string; expected?: string; actual?: string };
}

export type ScriptTarget = 'prerequest' | 'test';

export type RunEvent =
  | { type: 'item-start'; item: ItemRef }
  | { type: 'request'; item: ItemRef; request: SentRequest; response?: ReceivedResponse; error?: string; /** Sent by a script (`pm.sendRequest`), not the item's own request. */ nested?: true }
  | { type: 'assertion'; item: ItemRef; assertion: Assertion }
  | { type: 'script-error'; item: ItemRef; target: ScriptTarget; message: string }
  | { type: 'console'; item?: ItemRef; level: string; text: string }
  | { type: 'item-end'; item: ItemRef; skipped: boolean };

/** The scopes as scripts left them: the extension keeps the changes as current values. */
export interface FinalVariables {
  environment?: Variable[];
  globals: Variable[];
  collectionVariables: Variable[];
}

export interface RunResult {
  /** Set when the run could not start or stopped on an error of its own (not a test failure). */
  error?: string;
  aborted: boolean;
  variables: FinalVariables;
  timeMs: number;
}

export interface RunHandle {
  readonly done: Promise<RunResult>;
  abort(): void;
}

/** What the lazily loaded runtime bundle exports. */
export interface Engine {
  run(plan: RunPlan, onEvent: (event: RunEvent) => void): RunHandle;
  /** Forgets the cookies kept between sends. */
  clearCookies(): void;
  /** An iteration data file (JSON or CSV) read as newman reads it. */
  parseData(text: string): Record<string, unknown>[];
}
