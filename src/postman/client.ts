import type { Credential, HttpTransport } from './http';
import { parseCollection, parseEnvironment, parseGlobals, parseMe, parseMocks, parseMonitor, parseSaved, parseWorkspaceDetail, parseWorkspacePage } from './parse';
import type { CollectionDocument, EnvironmentDocument, EnvironmentVariable, EnvironmentUpdate, Me, MockDetail, MonitorDetail, SavedRef, WorkspaceDetail, WorkspaceSummary } from './types';
import { idSegment } from './ids';

/** The most pages of workspaces followed before assuming the server loops on one cursor. */
const MAX_PAGES = 1000;

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
    const all: WorkspaceSummary[] = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await this.http.request('GET', '/workspaces', { query: { limit: 100, cursor }, signal });
      const { workspaces, nextCursor } = parseWorkspacePage(body);
      all.push(...workspaces);
      if (!nextCursor || seen.has(nextCursor)) {
        break;
      }
      seen.add(nextCursor);
      cursor = nextCursor;
    }
    return all;
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
}
