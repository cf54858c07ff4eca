/**
 * Links into Postman's web app. The app resolves these short forms to the full pages;
 * the owner id is the prefix of a UID (`<ownerId>-<uuid>`).
 */
const WEB = 'https://go.postman.co';

/**
 * encodeURIComponent that cannot throw: a lone surrogate in an id from Postman becomes U+FFFD.
 * Also one segment of a row id, where ids holding `/` must not make two rows' ids equal.
 */
export function encodeSegment(text: string): string {
  return encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
}

export function workspaceLink(workspaceId: string): string {
  return `${WEB}/workspace/${encodeSegment(workspaceId)}`;
}

export function elementLink(workspaceId: string, kind: 'collection' | 'environment' | 'specification' | 'mock' | 'monitor' | 'folder' | 'request', uid: string): string {
  return `${workspaceLink(workspaceId)}/${kind}/${encodeSegment(uid)}`;
}

export function ownerOf(uid: string): string | undefined {
  const m = /^(\d+)-/.exec(uid);
  return m?.[1];
}
