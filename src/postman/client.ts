import type { Credential, HttpTransport } from './http';
import {
  parseCollection, parseDuplicateTask, parseEnvironment, parseGlobals, parseGlobalsSaved, parseMe, parseMocks, parseMonitor, parseSaved, parseSpec, parseSpecCollectionPage,
  parseSpecFile, parseSpecFilePage, parseSpecFileSaved, parseSpecTask, parseTaskRef, parseTransferred, parseWireItem, parseWorkspaceDetail, parseWorkspacePage,
} from './parse';
import type {
  CollectionDocument, DuplicateTask, EnvironmentDocument, EnvironmentVariable, EnvironmentUpdate, ItemModel, Me, MockDetail, MonitorDetail, SavedRef,
  SpecCollection, SpecFile, SpecFileRef, SpecSummary, SpecTask, SpecTaskRef, TransferRequest, WireItem, WorkspaceDetail, WorkspaceSummary,
} from './types';
import { PostmanError } from './errors';
import { collectionIdOf, filePathSegment, idSegment } from './ids';

/** The path segment of each item model under `/collections/{collectionId}/`. */
const ITEM_PATHS: Record<ItemModel, string> = { request: 'requests', folder: 'folders', response: 'responses' };

/** `/collections/{collectionId}/{requests|folders|responses}/{itemId}`: the collection by ID (its UID without the owner). */
function itemPath(model: ItemModel, collectionUid: string, itemId: string): string {
  const segment = ITEM_PATHS[model];
  if (segment === undefined) {
    throw new PostmanError('badRequest', `That is not an item model: ${String(model)}`);
  }
  return `/collections/${collectionIdOf(collectionUid)}/${segment}/${idSegment(itemId, `${model} id`)}`;
}

const POSITIONS = ['start', 'end', 'before', 'after'];

/** The most pages of a cursor-paged list followed before assuming the server loops on one cursor. */
const MAX_PAGES = 1000;

type Page<T> = { items: T[]; nextCursor: string | undefined };

/**
 * The Postman API as the extension uses it: one method per call, typed results. Knows
 * nothing of VS Code; all networking goes through the HttpTransport.
 */
export class PostmanClient {
  constructor(private readonly http: HttpTransport) {}

  /** Who the credential belongs to; also how a key is checked before it is stored. */
  async getMe(opts: { credential?: Credential; signal?: AbortSignal } = {}): Promise<Me> {
    return parseMe(await this.http.request('GET', '/me', opts));
  }

  /** Every workspace the user can see, following `meta.nextCursor` (one call per page). */
  async listWorkspaces(signal?: AbortSignal): Promise<WorkspaceSummary[]> {
    return this.allPages('/workspaces', { limit: 100 }, (body) => {
      const { workspaces, nextCursor } = parseWorkspacePage(body);
      return { items: workspaces, nextCursor };
    }, signal);
  }

  /** A workspace with its collections, environments, mocks and monitors: one call. */
  async getWorkspace(id: string, signal?: AbortSignal): Promise<WorkspaceDetail> {
    return parseWorkspaceDetail(await this.http.request('GET', `/workspaces/${idSegment(id)}`, { signal }));
  }

  /** A whole collection (Collection Format v2.1) with its full item tree: one call. */
  async getCollection(uid: string, signal?: AbortSignal): Promise<CollectionDocument> {
    return parseCollection(await this.http.request('GET', `/collections/${idSegment(uid)}`, { signal }));
  }

  /** An environment with its variables (secret ones included: mask them when showing). */
  async getEnvironment(uid: string, signal?: AbortSignal): Promise<EnvironmentDocument> {
    return parseEnvironment(await this.http.request('GET', `/environments/${idSegment(uid)}`, { signal }));
  }

  /** A workspace's global variables (secret ones included: mask them when showing). */
  async getGlobals(workspaceId: string, signal?: AbortSignal): Promise<EnvironmentVariable[]> {
    return parseGlobals(await this.http.request('GET', `/workspaces/${idSegment(workspaceId, 'workspace id')}/global-variables`, { signal }));
  }

  /**
   * Replaces a whole collection (`PUT /collections/{uid}`). Postman keeps the items sent with
   * their `id` and deletes and recreates those sent without one: callers keep the ids.
   */
  async updateCollection(uid: string, collection: object, signal?: AbortSignal): Promise<SavedRef> {
    return parseSaved(await this.http.request('PUT', `/collections/${idSegment(uid)}`, { body: { collection }, signal }), 'collection');
  }

  /** Replaces an environment's name and variables (`PUT /environments/{uid}`). */
  async updateEnvironment(uid: string, environment: EnvironmentUpdate, signal?: AbortSignal): Promise<SavedRef> {
    return parseSaved(await this.http.request('PUT', `/environments/${idSegment(uid)}`, { body: { environment }, signal }), 'environment');
  }

  /** Creates a collection in a workspace (`POST /collections?workspace=`); Postman gives it new ids. */
  async createCollection(workspaceId: string, collection: object, signal?: AbortSignal): Promise<SavedRef> {
    return parseSaved(await this.http.request('POST', '/collections', { query: { workspace: idSegment(workspaceId, 'workspace id') }, body: { collection }, signal }), 'collection');
  }

  /** Every mock of a workspace with URL and collection: one call for the whole group. */
  async listMocks(workspaceId: string, signal?: AbortSignal): Promise<MockDetail[]> {
    return parseMocks(await this.http.request('GET', '/mocks', { query: { workspace: idSegment(workspaceId, 'workspace id') }, signal }));
  }

  /** A monitor's schedule and last run; fetched only when the user looks at one. */
  async getMonitor(id: string, signal?: AbortSignal): Promise<MonitorDetail> {
    return parseMonitor(await this.http.request('GET', `/monitors/${idSegment(id)}`, { signal }));
  }

  /** A spec's name, type (`OPENAPI:3.0`…) and file format. */
  async getSpec(specId: string, signal?: AbortSignal): Promise<SpecSummary> {
    return parseSpec(await this.http.request('GET', `/specs/${idSegment(specId, 'spec id')}`, { signal }));
  }

  /** Every file of a spec (paths and types, no content), following `meta.nextCursor`. */
  async listSpecFiles(specId: string, signal?: AbortSignal): Promise<SpecFileRef[]> {
    return this.allPages(`/specs/${idSegment(specId, 'spec id')}/files`, {}, parseSpecFilePage, signal);
  }

  /**
   * One file of a spec with its content. The path (`components/schemas.json`) goes as one
   * percent-encoded segment; an empty path or a `.`/`..` part is refused before any request.
   */
  async getSpecFile(specId: string, path: string, signal?: AbortSignal): Promise<SpecFile> {
    const url = `/specs/${idSegment(specId, 'spec id')}/files/${filePathSegment(path)}`;
    return parseSpecFile(await this.http.request('GET', url, { signal }), path);
  }

  /**
   * Replaces a spec file's content (`PATCH /specs/{specId}/files/{filePath}`). Only `content`
   * is sent: Postman refuses a call that changes more than one property.
   */
  async updateSpecFile(specId: string, path: string, content: string, signal?: AbortSignal): Promise<SpecFileRef> {
    const url = `/specs/${idSegment(specId, 'spec id')}/files/${filePathSegment(path)}`;
    return parseSpecFileSaved(await this.http.request('PATCH', url, { body: { content }, signal }), path);
  }

  /** Starts generating a collection from a spec (202): poll the task with getSpecTask. */
  async generateCollection(specId: string, name: string, signal?: AbortSignal): Promise<SpecTaskRef> {
    // `options` is required by the API; empty, Postman's defaults apply.
    const body = { name, options: {} };
    return parseTaskRef(await this.http.request('POST', `/specs/${idSegment(specId, 'spec id')}/generations/collection`, { body, signal }));
  }

  /** Where an asynchronous spec task is: pending, completed (with what it made) or failed (with why). */
  async getSpecTask(specId: string, taskId: string, signal?: AbortSignal): Promise<SpecTask> {
    return parseSpecTask(await this.http.request('GET', `/specs/${idSegment(specId, 'spec id')}/tasks/${idSegment(taskId, 'task id')}`, { signal }));
  }

  /** The collections generated from a spec, each with its sync state, following `meta.nextCursor`. */
  async listSpecCollections(specId: string, signal?: AbortSignal): Promise<SpecCollection[]> {
    return this.allPages(`/specs/${idSegment(specId, 'spec id')}/generations/collection`, {}, parseSpecCollectionPage, signal);
  }

  /**
   * Replaces every global of a workspace (`PUT /workspaces/{id}/global-variables`); returns
   * what Postman holds afterwards. Each variable goes as key, value, type (`secret` or
   * `default`), enabled, and its description when it has one.
   */
  async updateGlobals(workspaceId: string, values: EnvironmentVariable[], signal?: AbortSignal): Promise<EnvironmentVariable[]> {
    const sent = values.map((v) => {
      const description = (v as { description?: unknown }).description;
      return {
        key: v.key,
        value: v.value,
        type: v.type === 'secret' ? 'secret' : 'default',
        enabled: v.enabled,
        ...(typeof description === 'string' ? { description } : {}),
      };
    });
    const body = await this.http.request('PUT', `/workspaces/${idSegment(workspaceId, 'workspace id')}/global-variables`, { body: { values: sent }, signal });
    return parseGlobalsSaved(body, sent);
  }

  /**
   * One request, folder or saved response in Postman's item format (`GET
   * /collections/{collectionId}/{requests|folders|responses}/{itemId}`): a request without its
   * responses, a folder without its children. Takes the collection's UID.
   */
  async getItem(model: ItemModel, collectionUid: string, itemId: string, signal?: AbortSignal): Promise<WireItem> {
    const path = itemPath(model, collectionUid, itemId);
    return parseWireItem(await this.http.request('GET', path, { signal }), `GET ${path}`);
  }

  /**
   * Changes one item (`PUT …/{requests|folders|responses}/{itemId}`). Postman merges: each
   * top-level field sent replaces the stored one, fields not sent are kept. Returns the item
   * as Postman holds it afterwards (`data`).
   */
  async updateItem(model: ItemModel, collectionUid: string, itemId: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<WireItem> {
    const path = itemPath(model, collectionUid, itemId);
    return parseWireItem(await this.http.request('PUT', path, { body, signal }), `PUT ${path}`);
  }

  /** A new, empty folder at the end of the collection or of `parentFolderId` (`POST /collections/{collectionId}/folders`). */
  async createFolder(collectionUid: string, name: string, parentFolderId?: string, signal?: AbortSignal): Promise<WireItem> {
    const path = `/collections/${collectionIdOf(collectionUid)}/folders`;
    const body = { name, ...(parentFolderId !== undefined ? { folder: idSegment(parentFolderId, 'folder id') } : {}) };
    return parseWireItem(await this.http.request('POST', path, { body, signal }), `POST ${path}`);
  }

  /** A new request (Postman's item format) at the end of the collection or of `folderId` (`POST /collections/{collectionId}/requests`). */
  async createRequest(collectionUid: string, body: Record<string, unknown>, folderId?: string, signal?: AbortSignal): Promise<WireItem> {
    const path = `/collections/${collectionIdOf(collectionUid)}/requests`;
    const query = folderId !== undefined ? { folderId: idSegment(folderId, 'folder id') } : undefined;
    return parseWireItem(await this.http.request('POST', path, { ...(query ? { query } : {}), body, signal }), `POST ${path}`);
  }

  /** Deletes one item (a folder with everything in it, a request with its responses). */
  async deleteItem(model: ItemModel, collectionUid: string, itemId: string, signal?: AbortSignal): Promise<void> {
    await this.http.request('DELETE', itemPath(model, collectionUid, itemId), { signal });
  }

  /**
   * Moves or copies requests or folders (`POST /collection-requests-transfers`,
   * `/collection-folders-transfers`), within a collection or to another. Every id is a UID.
   * Returns the transferred items' UIDs (new ones for a copy).
   */
  async transferItems(model: 'request' | 'folder', transfer: TransferRequest, signal?: AbortSignal): Promise<string[]> {
    if (model !== 'request' && model !== 'folder') {
      throw new PostmanError('badRequest', `Only requests and folders can be transferred, not ${String(model)}.`);
    }
    const { ids, target, location, mode } = transfer;
    if (!Array.isArray(ids) || ids.length === 0) {
      throw new PostmanError('badRequest', 'Nothing to transfer: no item ids.');
    }
    if (!POSITIONS.includes(location.position)) {
      throw new PostmanError('badRequest', `That is not a position: ${String(location.position)}`);
    }
    const relative = location.position === 'before' || location.position === 'after';
    if (relative && location.id === undefined) {
      throw new PostmanError('badRequest', `A transfer ${location.position} an item needs that item's id.`);
    }
    const body = {
      ids: ids.map((id) => idSegment(id, 'item uid')),
      target: { model: target.model, id: idSegment(target.id, `${target.model} uid`) },
      location: {
        position: location.position,
        model: relative ? (location.model ?? model) : null,
        id: relative && location.id !== undefined ? idSegment(location.id, 'item uid') : null,
      },
      mode,
    };
    const path = model === 'request' ? '/collection-requests-transfers' : '/collection-folders-transfers';
    return parseTransferred(await this.http.request('POST', path, { body, signal }), `POST ${path}`);
  }

  /** Renames a collection (`PATCH /collections/{collectionId}`): only its name is sent. */
  async renameCollection(uid: string, name: string, signal?: AbortSignal): Promise<void> {
    await this.http.request('PATCH', `/collections/${idSegment(uid, 'collection id')}`, { body: { collection: { info: { name } } }, signal });
  }

  async deleteCollection(uid: string, signal?: AbortSignal): Promise<void> {
    await this.http.request('DELETE', `/collections/${idSegment(uid, 'collection id')}`, { signal });
  }

  /** Creates an environment in a workspace (`POST /environments?workspace=`). */
  async createEnvironment(workspaceId: string, environment: { name: string; values: EnvironmentVariable[] }, signal?: AbortSignal): Promise<SavedRef> {
    const query = { workspace: idSegment(workspaceId, 'workspace id') };
    return parseSaved(await this.http.request('POST', '/environments', { query, body: { environment }, signal }), 'environment');
  }

  /** Renames an environment (`PATCH /environments/{environmentId}`, a JSON Patch replacing `/name`); its variables stay as they are. */
  async renameEnvironment(uid: string, name: string, signal?: AbortSignal): Promise<void> {
    await this.http.request('PATCH', `/environments/${idSegment(uid, 'environment id')}`, { body: [{ op: 'replace', path: '/name', value: name }], signal });
  }

  async deleteEnvironment(uid: string, signal?: AbortSignal): Promise<void> {
    await this.http.request('DELETE', `/environments/${idSegment(uid, 'environment id')}`, { signal });
  }

  /**
   * Starts duplicating a collection into a workspace (`POST /collections/{collectionId}/duplicates`),
   * the copy named "<name> <suffix>": poll the task with getDuplicateTask.
   */
  async duplicateCollection(uid: string, workspaceId: string, suffix: string, signal?: AbortSignal): Promise<DuplicateTask> {
    const path = `/collections/${idSegment(uid, 'collection id')}/duplicates`;
    const body = { workspace: idSegment(workspaceId, 'workspace id'), suffix };
    return parseDuplicateTask(await this.http.request('POST', path, { body, signal }), `POST ${path}`);
  }

  /** Where a collection duplication is: processing, completed, or failed (with Postman's reason). */
  async getDuplicateTask(taskId: string, signal?: AbortSignal): Promise<DuplicateTask> {
    return parseDuplicateTask(
      await this.http.request('GET', `/collection-duplicate-tasks/${idSegment(taskId, 'task id')}`, { signal }),
      'GET /collection-duplicate-tasks/{taskId}',
    );
  }

  /**
   * Every item of a cursor-paged list: one call per page, `cursor` from the previous page's
   * `meta.nextCursor`, until there is none or it repeats (a server looping on one cursor).
   */
  private async allPages<T>(path: string, query: Record<string, number>, parse: (body: unknown) => Page<T>, signal: AbortSignal | undefined): Promise<T[]> {
    const all: T[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const { items, nextCursor } = parse(await this.http.request('GET', path, { query: { ...query, cursor }, signal }));
      all.push(...items);
      if (!nextCursor || seen.has(nextCursor)) {
        break;
      }
      seen.add(nextCursor);
      cursor = nextCursor;
    }
    return all;
  }
}
