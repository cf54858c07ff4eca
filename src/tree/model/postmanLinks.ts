/**
 * Links into Postman's web app. The app resolves these short forms to the full pages;
 * the owner id is the prefix of a UID (`<ownerId>-<uuid>`).
 */
const WEB = 'https://go.postman.co';

export function workspaceLink(workspaceId: string): string {
  return `${WEB}/workspace/${encodeURIComponent(workspaceId)}`;
}

export function elementLink(workspaceId: string, kind: 'collection' | 'environment' | 'mock' | 'monitor' | 'folder' | 'request', uid: string): string {
  return `${workspaceLink(workspaceId)}/${kind}/${encodeURIComponent(uid)}`;
}

export function ownerOf(uid: string): string | undefined {
  const m = /^(\d+)-/.exec(uid);
  return m?.[1];
}
