import type { Destination, EditTarget } from './edits';
import type { Row } from './row';

/** The thing a row stands for, for an edit; undefined for rows that cannot be edited (a variable, a generated collection's sync row…). */
export function targetOf(row: Row): EditTarget | undefined {
  const workspaceId = row.workspaceId;
  if (!workspaceId) {
    return undefined;
  }
  if ((row.kind === 'collection' || row.kind === 'environment') && row.uid) {
    return { model: row.kind, uid: row.uid, workspaceId, name: row.label };
  }
  if ((row.kind === 'folder' || row.kind === 'request' || row.kind === 'response') && row.collectionUid && row.ids?.id) {
    return { model: row.kind, uid: row.collectionUid, item: row.ids.id, workspaceId, name: row.label };
  }
  return undefined;
}

/** Where a drop onto a row moves things: into a collection or folder (at the end), or before a request (in its folder). */
export function destinationOf(onto: Row): Destination | undefined {
  const workspaceId = onto.workspaceId;
  if (!workspaceId) {
    return undefined;
  }
  if (onto.kind === 'collection' && onto.uid && !onto.flags.includes('generated')) {
    return { collectionUid: onto.uid, workspaceId };
  }
  if (onto.kind === 'folder' && onto.collectionUid && onto.ids?.id) {
    return { collectionUid: onto.collectionUid, workspaceId, folder: onto.ids.id };
  }
  if (onto.kind === 'request' && onto.collectionUid && onto.ids?.id) {
    const parent = onto.parent;
    return {
      collectionUid: onto.collectionUid,
      workspaceId,
      ...(parent?.kind === 'folder' && parent.ids?.id ? { folder: parent.ids.id } : {}),
      before: { model: 'request', id: onto.ids.id },
    };
  }
  return undefined;
}
