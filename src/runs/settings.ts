import * as vscode from 'vscode';
import type { ClientCertificate } from './model/types';

/** The `postman.send.*` settings (User settings only: a workspace cannot turn TLS checks off) and VS Code's proxy. */
export interface SendSettings {
  strictSSL: boolean;
  requestTimeoutMs: number;
  scriptTimeoutMs: number;
  maxShownBytes: number;
  maxBodyBytes: number;
  proxy?: { url: string; bypass: string[] };
  certificates: Omit<ClientCertificate, 'passphrase'>[];
}

function number(config: vscode.WorkspaceConfiguration, key: string, fallback: number, min: number, max: number): number {
  const value = config.get<number>(key, fallback);
  return Math.min(max, Math.max(min, Number.isFinite(value) ? value : fallback));
}

/** Read on each send, so a changed setting applies to the next one. */
export function sendSettings(): SendSettings {
  const config = vscode.workspace.getConfiguration('postman.send');
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<string>('proxy', '').trim();
  const certificates = config.get<unknown[]>('clientCertificates', []);
  return {
    strictSSL: config.get<boolean>('strictSSL', true) !== false,
    requestTimeoutMs: number(config, 'requestTimeoutSeconds', 120, 1, 3600) * 1000,
    scriptTimeoutMs: number(config, 'scriptTimeoutSeconds', 10, 1, 600) * 1000,
    maxShownBytes: number(config, 'maxShownResponseKB', 1024, 1, 100 * 1024) * 1024,
    maxBodyBytes: number(config, 'maxResponseMB', 50, 1, 1024) * 1024 * 1024,
    ...(proxy ? { proxy: { url: proxy, bypass: http.get<string[]>('noProxy', []) } } : {}),
    certificates: (Array.isArray(certificates) ? certificates : []).flatMap((c) => {
      const v = c as Record<string, unknown>;
      if (typeof v?.host !== 'string' || v.host.trim() === '') {
        return [];
      }
      const path = (key: string) => (typeof v[key] === 'string' && v[key] !== '' ? { [`${key}Path`]: v[key] as string } : {});
      return [{ host: v.host.trim(), ...path('cert'), ...path('key'), ...path('pfx') }];
    }),
  };
}
