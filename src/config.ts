import * as vscode from 'vscode';
import { type HttpSettings, resolveBaseUrl } from './postman';

/** Reads the `postman.*` settings each time, so a change applies to the next request. */
export function httpSettings(): HttpSettings {
  const config = vscode.workspace.getConfiguration('postman');
  const seconds = config.get<number>('requestTimeoutSeconds', 30);
  return {
    // An explicit postman.apiBaseUrl wins over postman.region.
    baseUrl: resolveBaseUrl(config.get<string>('apiBaseUrl'), config.get<string>('region')),
    timeoutMs: Math.min(600, Math.max(1, Number.isFinite(seconds) ? seconds : 30)) * 1000,
  };
}

/** `postman.cacheMinutes`: 0 keeps what was loaded until Refresh. */
export function cacheTtlMs(): number {
  const minutes = vscode.workspace.getConfiguration('postman').get<number>('cacheMinutes', 0);
  return Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : 0;
}

/** `postman.backgroundCallsPerHour`: the calls work without a click may spend in any hour. */
export function backgroundCallsPerHour(): number {
  const n = vscode.workspace.getConfiguration('postman').get<number>('backgroundCallsPerHour', 300);
  return Number.isFinite(n) && n >= 0 ? n : 300;
}
