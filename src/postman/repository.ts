import type { PostmanClient } from './client';
import type { CollectionDocument, EnvironmentDocument, MockDetail, MonitorDetail, WorkspaceDetail, WorkspaceSummary } from './types';

export type CacheKey =
  | 'workspaces'
  | `workspace:${string}`
  | `collection:${string}`
  | `environment:${string}`
  | `mocks:${string}`
  | `monitor:${string}`;

interface Entry {
  value: Promise<unknown>;
  at: number;
}

/**
 * What has been loaded from Postman, shared by the tree and the documents so that nothing
 * is fetched twice: revisiting a row or opening a collection the tree already loaded costs
 * no call. Entries live until invalidated (Refresh) or, when a TTL is set, until they age
 * out. A failed load is never cached, so Retry really retries.
 */
export class PostmanRepository {
  private readonly entries = new Map<CacheKey, Entry>();

  constructor(
    private readonly client: PostmanClient,
    private readonly ttlMs: () => number = () => 0,
    private readonly now: () => number = Date.now,
  ) {}

  workspaces(): Promise<WorkspaceSummary[]> {
    return this.cached('workspaces', () => this.client.listWorkspaces());
  }

  workspace(id: string): Promise<WorkspaceDetail> {
    return this.cached(`workspace:${id}`, () => this.client.getWorkspace(id));
  }

  collection(uid: string): Promise<CollectionDocument> {
    return this.cached(`collection:${uid}`, () => this.client.getCollection(uid));
  }

  environment(uid: string): Promise<EnvironmentDocument> {
    return this.cached(`environment:${uid}`, () => this.client.getEnvironment(uid));
  }

  mocks(workspaceId: string): Promise<MockDetail[]> {
    return this.cached(`mocks:${workspaceId}`, () => this.client.listMocks(workspaceId));
  }

  monitor(id: string): Promise<MonitorDetail> {
    return this.cached(`monitor:${id}`, () => this.client.getMonitor(id));
  }

  /** True when the value is loaded (or loading) and fresh: reading it costs no call. */
  has(key: CacheKey): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && !this.expired(entry);
  }

  invalidate(key: CacheKey): void {
    this.entries.delete(key);
  }

  invalidateAll(): void {
    this.entries.clear();
  }

  private expired(entry: Entry): boolean {
    const ttl = this.ttlMs();
    return ttl > 0 && this.now() - entry.at > ttl;
  }

  private cached<T>(key: CacheKey, load: () => Promise<T>): Promise<T> {
    const existing = this.entries.get(key);
    if (existing && !this.expired(existing)) {
      return existing.value as Promise<T>;
    }
    const value = load();
    const entry: Entry = { value, at: this.now() };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) {
        this.entries.delete(key);
      }
    });
    return value;
  }
}
