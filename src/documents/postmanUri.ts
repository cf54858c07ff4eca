import * as vscode from 'vscode';

export const SCHEME = 'postman';

export type DocumentKind = 'collection' | 'environment';

const FOLDERS: Record<DocumentKind, { folder: string; suffix: string }> = {
  collection: { folder: 'collections', suffix: '.postman_collection.json' },
  environment: { folder: 'environments', suffix: '.postman_environment.json' },
};

/** Characters that cannot appear in a file name on some system, or would split the path. */
function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '_').trim();
  return (cleaned || 'unnamed').slice(0, 120);
}

/**
 * `postman:/collections/<uid>/<name>.postman_collection.json` (and `/environments/…`) — the UID addresses the
 * resource; the name is only there so the tab reads well (renames don't break the URI).
 */
export function resourceUri(kind: DocumentKind, uid: string, name: string): vscode.Uri {
  const { folder, suffix } = FOLDERS[kind];
  return vscode.Uri.from({ scheme: SCHEME, path: `/${folder}/${encodeURIComponent(uid)}/${safeFileName(name)}${suffix}` });
}

export interface ParsedUri {
  kind: DocumentKind;
  uid: string;
  /** true for the file itself; false for its folders */
  isFile: boolean;
}

export function parseResourceUri(uri: vscode.Uri): ParsedUri | undefined {
  const parts = uri.path.split('/').filter(Boolean);
  const kind = (Object.keys(FOLDERS) as DocumentKind[]).find((k) => FOLDERS[k].folder === parts[0]);
  if (!kind || parts.length < 2 || parts.length > 3) {
    return undefined;
  }
  const uid = decodeURIComponent(parts[1]);
  return { kind, uid, isFile: parts.length === 3 && parts[2].endsWith(FOLDERS[kind].suffix) };
}
