import { collectionIdOf, itemKey, type PostmanClient, type PostmanRepository, type ResourceRef, type WorkspaceDetail } from '../../postman';
import { insertItem, isWithin, type ItemModel, locate, removeItem, renameItem } from '../../postman/itemTree';
import { ownerOf } from './postmanLinks';

/**
 * Creating, renaming, duplicating, deleting and moving things in Postman from the tree. Each
 * action makes the fewest calls the API allows, and only once Postman has confirmed it does it
 * change what is cached (with no further call where the answer says enough): a failure leaves
 * the tree as it was. Knows nothing of VS Code: the commands ask the questions and show the
 * errors (src/tree/editCommands.ts).
 */

export type EditModel = 'collection' | 'environment' | ItemModel;

/** What an action acts on: a collection, an environment, or an item of a collection. */
export interface EditTarget {
  model: EditModel;
  /** The collection's or environment's UID; for an item, its collection's. */
  uid: string;
  /** Items: their id in the collection. */
  item?: string;
  workspaceId: string;
  name: string;
}

/** Where a move puts items: a collection, or one of its folders; before a sibling, or at the end. */
export interface Destination {
  collectionUid: string;
  workspaceId: string;
  folder?: string;
  before?: { model: 'folder' | 'request'; id: string };
}

/** An action refused before any call, with what to do instead. */
export class EditRefused extends Error {}

const COLLECTION_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

/** The longest a collection's duplication is followed (Postman copies it in the background). */
const DUPLICATE_POLLS = 60;

type Renamer = (e: TreeEdits, t: EditTarget, name: string) => Promise<void>;
type Deleter = (e: TreeEdits, t: EditTarget) => Promise<void>;
type Duplicator = (e: TreeEdits, t: EditTarget, name: string) => Promise<void>;

/** The UID (owner-id) of an item of a collection, as the transfer endpoints take it. */
export function itemUid(collectionUid: string, id: string): string {
  const owner = ownerOf(collectionUid);
  return owner ? `${owner}-${id}` : id;
}

export class TreeEdits {
  constructor(
    readonly client: PostmanClient,
    readonly repo: PostmanRepository,
    private readonly wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** A new, empty collection in a workspace (one call). */
  async createCollection(workspaceId: string, name: string): Promise<ResourceRef> {
    const saved = await this.client.createCollection(workspaceId, { info: { name, schema: COLLECTION_SCHEMA }, item: [] });
    const ref: ResourceRef = { id: saved.id ?? saved.uid ?? '', name, ...(saved.uid ? { uid: saved.uid } : {}) };
    this.repo.patchWorkspace(workspaceId, (ws) => ws.collections.push(ref));
    return ref;
  }

  /** A new environment without variables in a workspace (one call). */
  async createEnvironment(workspaceId: string, name: string): Promise<ResourceRef> {
    const saved = await this.client.createEnvironment(workspaceId, { name, values: [] });
    const ref: ResourceRef = { id: saved.id ?? saved.uid ?? '', name, ...(saved.uid ? { uid: saved.uid } : {}) };
    this.repo.patchWorkspace(workspaceId, (ws) => ws.environments.push(ref));
    return ref;
  }

  /** A new folder at the end of a collection or folder (one call); its document opens from the answer, with no call. Returns its id. */
  async createFolder(collectionUid: string, folder: string | undefined, name: string): Promise<string> {
    const created = await this.client.createFolder(collectionUid, name, folder);
    this.repo.store(itemKey('folder', collectionUid, created.id), created);
    this.repo.patchCollection(collectionUid, (c) => insertItem(c, { id: created.id, name, item: [] }, { folder }), created.updatedAt);
    return created.id;
  }

  /** A new GET request without a URL at the end of a collection or folder (one call); its document opens from the answer, with no call. */
  async createRequest(collectionUid: string, folder: string | undefined, name: string): Promise<string> {
    const created = await this.client.createRequest(collectionUid, { name, method: 'GET', url: '' }, folder);
    this.repo.store(itemKey('request', collectionUid, created.id), created);
    const item = { id: created.id, name, request: { method: 'GET', header: [], url: '' }, response: [] };
    this.repo.patchCollection(collectionUid, (c) => insertItem(c, item, { folder }), created.updatedAt);
    return created.id;
  }

  rename(target: EditTarget, name: string): Promise<void> {
    return RENAME[target.model](this, target, name);
  }

  delete(target: EditTarget): Promise<void> {
    return DELETE[target.model](this, target);
  }

  /** A copy next to the original, named "<name> Copy". */
  duplicate(target: EditTarget): Promise<void> {
    return DUPLICATE[target.model](this, target, `${target.name} Copy`);
  }

  /**
   * Moves folders and requests into a collection or folder of the same workspace, with
   * Postman's transfer endpoints: one call for the folders, one for the requests. A drop onto a
   * request puts the requests before it (folders, which Postman keeps apart from requests, go
   * to the end); a drop onto a folder or collection puts them at its end.
   */
  async move(items: EditTarget[], to: Destination): Promise<void> {
    const moving = items.filter((i) => (i.model === 'folder' || i.model === 'request') && i.item !== undefined && i.item !== to.before?.id);
    if (moving.some((i) => i.workspaceId !== to.workspaceId)) {
      throw new EditRefused('Requests and folders move between collections of one workspace only. To copy one elsewhere, open it and use Save a Copy.');
    }
    const target = this.repo.loadedCollection(to.collectionUid);
    for (const folder of moving.filter((i) => i.model === 'folder' && i.uid === to.collectionUid)) {
      if (to.folder !== undefined && target && isWithin(target, folder.item as string, to.folder)) {
        throw new EditRefused(`The folder "${folder.name}" cannot move into itself or into one of its own folders.`);
      }
    }
    for (const model of ['folder', 'request'] as const) {
      const group = moving.filter((i) => i.model === model);
      if (group.length === 0) {
        continue;
      }
      const before = to.before?.model === model ? to.before : undefined;
      const moved = await this.client.transferItems(model, {
        ids: group.map((i) => itemUid(i.uid, i.item as string)),
        target: to.folder !== undefined ? { model: 'folder', id: itemUid(to.collectionUid, to.folder) } : { model: 'collection', id: to.collectionUid },
        location: before ? { position: 'before', model, id: itemUid(to.collectionUid, before.id) } : { position: 'end' },
        mode: 'move',
      });
      this.afterMove(group, moved, to, before?.id);
    }
  }

  /**
   * The moved items leave their collections' cached copies, then join the target's in the order
   * they were sent (Postman's order); anything unexpected (an item not cached, new ids) makes
   * the target load anew.
   */
  private afterMove(group: EditTarget[], moved: string[], to: Destination, before: string | undefined): void {
    const sameIds = moved.length === group.length && group.every((g, i) => moved[i] === itemUid(g.uid, g.item as string) || moved[i] === g.item);
    const taken = new Map<string, Record<string, unknown>>();
    for (const source of new Set(group.map((g) => g.uid))) {
      this.repo.patchCollection(source, (c) =>
        group.filter((g) => g.uid === source).every((g) => {
          const item = removeItem(c, g.item as string);
          if (item) {
            taken.set(g.item as string, item);
          }
          return item !== undefined;
        }));
    }
    const complete = sameIds && group.every((g) => taken.has(g.item as string));
    this.repo.patchCollection(to.collectionUid, (c) => complete && group.every((g) => insertItem(c, taken.get(g.item as string) as Record<string, unknown>, { folder: to.folder, before })));
  }

  /** Follows a collection's duplication to its end; the workspace then lists the copy. */
  async followDuplicate(taskId: string): Promise<void> {
    for (let poll = 0; poll < DUPLICATE_POLLS; poll++) {
      const task = await this.client.getDuplicateTask(taskId);
      if (task.status === 'completed') {
        return;
      }
      if (task.status === 'failed') {
        throw new EditRefused(`Postman could not duplicate the collection${task.reason ? `: ${task.reason}` : ''}.`);
      }
      await this.wait(1000);
    }
    throw new EditRefused('Postman is still duplicating the collection; it appears in the workspace when done (Refresh).');
  }
}

const dropRef = (list: ResourceRef[], uid: string) => {
  const at = list.findIndex((r) => r.uid === uid || r.id === uid);
  if (at >= 0) {
    list.splice(at, 1);
  }
};

const renameRef = (list: ResourceRef[], uid: string, name: string) =>
  list.filter((r) => r.uid === uid || r.id === uid).forEach((r) => void (r.name = name));

const renameItemOf: Renamer = async (e, t, name) => {
  const model = t.model as ItemModel;
  const saved = await e.client.updateItem(model, t.uid, t.item as string, { name });
  e.repo.store(itemKey(model, t.uid, t.item as string), saved);
  e.repo.patchCollection(t.uid, (c) => renameItem(c, t.item as string, name), saved.updatedAt);
};

/** How each kind is renamed: one call, then the cached listing and copy learn the name. */
const RENAME: Record<EditModel, Renamer> = {
  collection: async (e, t, name) => {
    await e.client.renameCollection(t.uid, name);
    e.repo.patchWorkspace(t.workspaceId, (ws: WorkspaceDetail) => renameRef(ws.collections, t.uid, name));
    e.repo.patchCollection(t.uid, (c) => {
      c.info.name = name;
      return true;
    });
  },
  environment: async (e, t, name) => {
    await e.client.renameEnvironment(t.uid, name);
    e.repo.patchWorkspace(t.workspaceId, (ws) => renameRef(ws.environments, t.uid, name));
    e.repo.invalidate(`environment:${t.uid}`);
  },
  folder: renameItemOf,
  request: renameItemOf,
  response: renameItemOf,
};

const deleteItemOf: Deleter = async (e, t) => {
  await e.client.deleteItem(t.model as ItemModel, t.uid, t.item as string);
  e.repo.patchCollection(t.uid, (c) => removeItem(c, t.item as string) !== undefined);
};

/** How each kind is deleted: one call, then it leaves the cached listing or collection. */
const DELETE: Record<EditModel, Deleter> = {
  collection: async (e, t) => {
    await e.client.deleteCollection(t.uid);
    e.repo.patchWorkspace(t.workspaceId, (ws) => dropRef(ws.collections, t.uid));
  },
  environment: async (e, t) => {
    await e.client.deleteEnvironment(t.uid);
    e.repo.patchWorkspace(t.workspaceId, (ws) => dropRef(ws.environments, t.uid));
  },
  folder: deleteItemOf,
  request: deleteItemOf,
  response: deleteItemOf,
};

/**
 * A folder or request is copied next to itself with the transfer endpoint (its saved
 * responses and sub-items too), then renamed; the collection reloads (the copies' inner ids
 * are Postman's to choose).
 */
const duplicateItemOf: Duplicator = async (e, t, name) => {
  const model = t.model as 'folder' | 'request';
  // Where the copy goes is where the original is: its folder, from the collection (cached, or one call).
  const found = locate((await e.repo.collection(t.uid)).item, t.item as string);
  if (!found) {
    throw new EditRefused(`"${t.name}" is no longer in the collection (a teammate moved or deleted it?). Refresh the collection.`);
  }
  const parentId = typeof found.folder?.id === 'string' ? found.folder.id : undefined;
  const [copy] = await e.client.transferItems(model, {
    ids: [itemUid(t.uid, t.item as string)],
    target: parentId !== undefined ? { model: 'folder', id: itemUid(t.uid, parentId) } : { model: 'collection', id: t.uid },
    location: { position: 'after', model, id: itemUid(t.uid, t.item as string) },
    mode: 'copy',
  });
  if (copy) {
    await e.client.updateItem(model, t.uid, collectionIdOf(copy), { name });
  }
  e.repo.invalidate(`collection:${t.uid}`);
};

const DUPLICATE: Record<EditModel, Duplicator> = {
  collection: async (e, t) => {
    const task = await e.client.duplicateCollection(t.uid, t.workspaceId, 'Copy');
    await e.followDuplicate(task.id);
    e.repo.invalidate(`workspace:${t.workspaceId}`);
  },
  environment: async (e, t, name) => {
    const env = await e.repo.environment(t.uid);
    const saved = await e.client.createEnvironment(t.workspaceId, { name, values: env.values });
    e.repo.patchWorkspace(t.workspaceId, (ws) => ws.environments.push({ id: saved.id ?? saved.uid ?? '', name, ...(saved.uid ? { uid: saved.uid } : {}) }));
  },
  folder: duplicateItemOf,
  request: duplicateItemOf,
  response: async () => {
    throw new EditRefused('Saved responses cannot be duplicated from here: open the response and save a copy, or duplicate its request.');
  },
};
