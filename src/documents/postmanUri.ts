import * as vscode from 'vscode';
import { isPostmanId } from '../postman/ids';
import { safeFileName } from '../text/fileName';
import type { Address, DocumentKind } from './model/documentKind';
import { KINDS, suffixedKinds } from './model/kinds';
import { isSafeSpecPath } from './model/kinds/specFile';

export type { Address, DocumentKind } from './model/documentKind';
export { safeFileName } from '../text/fileName';

export const SCHEME = 'postman';
/** Postman's current copy, shown read-only on the left of a Compare. */
export const REMOTE_SCHEME = 'postman-remote';

/** Folders of the first version's URIs (`postman:/collections/<uid>/<name>…`), still read when an editor restores one. */
const LEGACY_FOLDERS: Record<string, DocumentKind> = { collections: 'collection', environments: 'environment' };

/**
 * `postman://<uid>/<workspace name>/<name>.postman_collection.json` (each kind its suffix), and
 * for a spec file `postman://<spec id>/<workspace name>/<spec name>/<path in the spec>`.
 * The id (the authority) addresses the resource; the path is for people: the tab reads as
 * the resource's name (a spec file's own path: its extension gives the language), the
 * breadcrumb and the tab's description as its workspace, and the file name ends in the
 * suffix the bundled JSON schemas are matched by. Renames in Postman don't break an open
 * document's URI.
 */
export function resourceUri(address: Address, name: string, workspaceName: string | undefined): vscode.Uri {
  const folder = `/${safeFileName(workspaceName || 'Postman')}/${safeFileName(name)}`;
  const suffix = KINDS[address.kind].suffix;
  return vscode.Uri.from({
    scheme: SCHEME,
    authority: address.uid,
    path: suffix !== undefined ? `${folder}${suffix}` : `${folder}/${address.path ?? ''}`,
    // A collection's item: the collection in the authority (the item endpoints need it), the item by its id.
    ...(address.item !== undefined ? { query: `item=${encodeURIComponent(address.item)}` } : {}),
  });
}

export type ParsedUri =
  | ({ isFile: true; name: string; workspaceName: string | undefined } & Address)
  | { isFile: false };

const DIRECTORY: ParsedUri = { isFile: false };

/** Only the address of a parsed URI (what the saver and the kinds are given), without its names. */
export function addressOf(parsed: Address): Address {
  return {
    kind: parsed.kind,
    uid: parsed.uid,
    ...(parsed.path !== undefined ? { path: parsed.path } : {}),
    ...(parsed.item !== undefined ? { item: parsed.item } : {}),
  };
}

function kindOf(fileName: string): DocumentKind | undefined {
  return suffixedKinds().find((k) => {
    const suffix = KINDS[k].suffix as string;
    return fileName.endsWith(suffix) && fileName.length > suffix.length;
  });
}

/** The resource a `postman:` URI names; undefined for anything that is neither it nor one of its folders. */
export function parseResourceUri(uri: vscode.Uri): ParsedUri | undefined {
  const parts = uri.path.split('/').filter(Boolean);
  if (uri.authority) {
    // The id goes into an API path: `postman://../…` must never become `GET /collections/..`.
    if (!isPostmanId(uri.authority)) {
      return undefined;
    }
    if (parts.length < 2) {
      return DIRECTORY;
    }
    if (parts.length > 2) {
      const path = parts.slice(2).join('/');
      return isSafeSpecPath(path) ? { isFile: true, kind: 'specFile', uid: uri.authority, path, name: parts[1], workspaceName: parts[0] } : undefined;
    }
    const kind = kindOf(parts[1]);
    if (!kind) {
      return undefined;
    }
    const name = parts[1].slice(0, -(KINDS[kind].suffix as string).length);
    if (!KINDS[kind].isItem) {
      return { isFile: true, kind, uid: uri.authority, name, workspaceName: parts[0] };
    }
    // The item id goes into an API path as well: only an id, and only for the kinds that have one.
    const item = new URLSearchParams(uri.query).get('item');
    return item !== null && isPostmanId(item) ? { isFile: true, kind, uid: uri.authority, item, name, workspaceName: parts[0] } : undefined;
  }
  const legacy = LEGACY_FOLDERS[parts[0]];
  if (!legacy || parts.length > 3) {
    return undefined;
  }
  if (parts.length < 3) {
    return DIRECTORY;
  }
  const suffix = KINDS[legacy].suffix as string;
  if (!parts[2].endsWith(suffix)) {
    return undefined;
  }
  let uid: string;
  try {
    uid = decodeURIComponent(parts[1]);
  } catch {
    return undefined;
  }
  if (!isPostmanId(uid)) {
    return undefined;
  }
  return { isFile: true, kind: legacy, uid, name: parts[2].slice(0, -suffix.length), workspaceName: undefined };
}
