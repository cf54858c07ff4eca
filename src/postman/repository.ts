import type { PostmanClient } from './client';
import { isPostmanError } from './errors';
import type { ItemModel } from './itemTree';
import type { CollectionDocument, EnvironmentDocument, EnvironmentVariable, MockDetail, MonitorDetail, SpecCollection, SpecFile, SpecFileRef, WireItem, WorkspaceDetail, WorkspaceSummary } from './types';

/** The kinds of resource a workspace lists by name, and the list that holds each. */
export type ListedKind = 'collection' | 'environment' | 'spec';
const LISTS: Record<ListedKind, 'collections' | 'environments' | 'specs'> = { collection: 'collections', environment: 'environments', spec: 'specs' };

/** The cache key of one item of a collection. */
export function itemKey(model: ItemModel, collectionUid: string, id: string): CacheKey {
  return `item:${collectionUid}/${model}/${id}`;
}

export type CacheKey =
  | 'workspaces'
  | `workspace:${string}`
  | `collection:${string}`
  | `environment:${string}`
  | `globals:${string}`
  | `specFiles:${string}`
  | `specFile:${string}`
  | `specCollections:${string}`
  | `item:${string}`
  | `mocks:${string}`
  | `monitor:${string}`;

/** A value kept between windows: its key, the value, and when Postman gave it (ms since the epoch). */
export type KeptValue = readonly [CacheKey, unknown, number];

interface Entry {
  value: Promise<unknown>;
  at: number;
  /** The value once loaded, so a save can patch what is cached without waiting. */
  loaded?: unknown;
  /**
   * A value kept from an earlier window (seeded from disk), not yet checked with Postman:
   * when it was saved, and once read, how to load it anew.
   */
  seeded?: { savedAt: number; load?: () => Promise<unknown> };
}

/**
 * What has been loaded from Postman, shared by the tree and the documents so that nothing
 * is fetched twice: revisiting a row or opening a collection the tree already loaded costs
 * no call. Entries live until invalidated (Refresh) or, when a TTL is set, until they age
 * out. A failed load is never cached, so Retry really retries.
 */
export class PostmanRepository {
  private readonly entries = new Map<CacheKey, Entry>();
  private readonly invalidated = new Set<(key: CacheKey | undefined) => void>();
  private readonly changed = new Set<(key: CacheKey) => void>();
  private readonly loadedListeners = new Set<(key: CacheKey) => void>();
  private readonly staleReads = new Set<(key: CacheKey) => void>();

  constructor(
    private readonly client: PostmanClient,
    // Stryker disable next-line ArrowFunction: undefined > 0 is false too: no TTL
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

  globals(workspaceId: string): Promise<EnvironmentVariable[]> {
    return this.cached(`globals:${workspaceId}`, () => this.client.getGlobals(workspaceId));
  }

  /** The files of a spec (paths and types, no content): one call. */
  specFiles(specId: string): Promise<SpecFileRef[]> {
    return this.cached(`specFiles:${specId}`, () => this.client.listSpecFiles(specId));
  }

  /** One file of a spec with its content. */
  specFile(specId: string, path: string): Promise<SpecFile> {
    return this.cached(`specFile:${specId}/${path}`, () => this.client.getSpecFile(specId, path));
  }

  /** The collections generated from a spec, with their sync state: one call. */
  specCollections(specId: string): Promise<SpecCollection[]> {
    return this.cached(`specCollections:${specId}`, () => this.client.listSpecCollections(specId));
  }

  /** One folder, request or saved response of a collection, in Postman's item format: one call. */
  item(model: ItemModel, collectionUid: string, id: string): Promise<WireItem> {
    return this.cached(itemKey(model, collectionUid, id), () => this.client.getItem(model, collectionUid, id));
  }

  /** The collection as loaded, if it is (no call). */
  loadedCollection(uid: string): CollectionDocument | undefined {
    return this.entries.get(`collection:${uid}`)?.loaded as CollectionDocument | undefined;
  }

  /**
   * Applies a change Postman confirmed to the loaded collection, if it is loaded, with no
   * call: the collection becomes a new value (so open documents see a new copy and re-read
   * it) and the tree rebuilds its rows from it. `change` returns false when the collection
   * does not hold what it changes: the cached copy is then dropped, to be loaded anew.
   */
  patchCollection(uid: string, change: (c: CollectionDocument) => boolean, updatedAt?: string): void {
    const key: CacheKey = `collection:${uid}`;
    const loaded = this.loadedCollection(uid);
    if (!loaded) {
      return;
    }
    const next: CollectionDocument = { ...loaded, info: { ...loaded.info, ...(updatedAt ? { updatedAt } : {}) } };
    if (!change(next)) {
      this.invalidate(key);
      return;
    }
    this.store(key, next);
    this.changed.forEach((listener) => listener(key));
  }

  /**
   * Applies a change Postman confirmed to a loaded workspace's listing (a collection or
   * environment created, renamed or deleted), with no call; the tree rebuilds its groups.
   */
  patchWorkspace(id: string, change: (ws: WorkspaceDetail) => void): void {
    const key: CacheKey = `workspace:${id}`;
    const loaded = this.entries.get(key)?.loaded as WorkspaceDetail | undefined;
    if (!loaded) {
      return;
    }
    const next: WorkspaceDetail = { ...loaded, collections: [...loaded.collections], environments: [...loaded.environments] };
    change(next);
    this.store(key, next);
    this.changed.forEach((listener) => listener(key));
  }

  /** Forgets every cached item of a collection (its whole copy changed): open item documents read theirs anew. */
  invalidateItems(collectionUid: string): void {
    const prefix = `item:${collectionUid}/`;
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(prefix)) {
        this.invalidate(key);
      }
    }
  }

  mocks(workspaceId: string): Promise<MockDetail[]> {
    return this.cached(`mocks:${workspaceId}`, () => this.client.listMocks(workspaceId));
  }

  monitor(id: string): Promise<MonitorDetail> {
    return this.cached(`monitor:${id}`, () => this.client.getMonitor(id));
  }

  /** True when the value is loaded (or loading) and fresh, or kept from an earlier window: reading it costs no call. */
  has(key: CacheKey): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && (entry.seeded !== undefined || !this.expired(entry));
  }

  /**
   * What Postman holds now, after a save or a fresher read: it replaces the cached copy,
   * and every cached workspace that lists the resource learns its (possibly new) name, so
   * the tree shows it without another call.
   */
  update(kind: 'collection', uid: string, value: CollectionDocument): void;
  update(kind: 'environment', uid: string, value: EnvironmentDocument): void;
  update(kind: 'collection' | 'environment', uid: string, value: CollectionDocument | EnvironmentDocument): void {
    this.store(`${kind}:${uid}`, value);
    this.rename(kind, uid, kind === 'collection' ? (value as CollectionDocument).info.name : (value as EnvironmentDocument).name);
    if (kind === 'collection') {
      this.invalidateItems(uid);
    }
  }

  /** Replaces a cached value with what Postman holds now (after a save, or a fresher read). */
  store(key: CacheKey, value: unknown): void {
    this.entries.set(key, { value: Promise.resolve(value), at: this.now(), loaded: value });
    this.loadedListeners.forEach((listener) => listener(key));
  }

  /**
   * Values kept from an earlier window (what the tree showed): served at once, marked as
   * not yet checked (`seededAt`), and checked with Postman only when read (`onDidReadSeeded`
   * tells who schedules that). What is already loaded here is never replaced.
   */
  seed(values: ReadonlyArray<KeptValue>): void {
    for (const [key, value, savedAt] of values) {
      if (!this.entries.has(key)) {
        this.entries.set(key, { value: Promise.resolve(value), at: savedAt, loaded: value, seeded: { savedAt } });
      }
    }
  }

  /** When the value was saved by an earlier window, while it is not yet checked with Postman; undefined otherwise. */
  seededAt(key: CacheKey): number | undefined {
    return this.entries.get(key)?.seeded?.savedAt;
  }

  /**
   * Loads a seeded value anew from Postman (one call) and puts it in place, unless something
   * newer replaced it meanwhile (an edit, a Refresh); listeners of `onDidChange` then hear of
   * it, even when nothing changed, so rows drop their "kept" mark. A value Postman no longer
   * has (404) is dropped. Returns false when there was nothing to check (not seeded, or never read).
   */
  async revalidate(key: CacheKey): Promise<boolean> {
    const entry = this.entries.get(key);
    const load = entry?.seeded?.load;
    if (!entry || !load) {
      return false;
    }
    let fresh: unknown;
    try {
      fresh = await load();
    } catch (err) {
      if (this.entries.get(key) === entry && isPostmanError(err, 'notFound')) {
        this.invalidate(key);
      }
      throw err;
    }
    if (this.entries.get(key) === entry) {
      this.store(key, fresh);
      this.changed.forEach((listener) => listener(key));
    }
    return true;
  }

  /**
   * The loaded values whose keys `keep` accepts, for saving to disk, each with when Postman
   * gave it: a seeded value not yet checked keeps the time it was first kept.
   */
  snapshot(keep: (key: CacheKey) => boolean): KeptValue[] {
    const out: KeptValue[] = [];
    for (const [key, entry] of this.entries) {
      if (entry.loaded !== undefined && keep(key)) {
        out.push([key, entry.loaded, entry.seeded?.savedAt ?? entry.at]);
      }
    }
    return out;
  }

  /** Every cached workspace that lists the resource learns its (possibly new) name, so the tree shows it without a call. */
  rename(kind: ListedKind, uid: string, name: string): void {
    for (const [key, entry] of this.entries) {
      // Stryker disable next-line StringLiteral: no other cached value has a collections, environments or specs list
      const ws = key.startsWith('workspace:') ? (entry.loaded as WorkspaceDetail | undefined) : undefined;
      // Stryker disable next-line ArrayDeclaration: a stand-in entry matches no uid
      for (const ref of ws?.[LISTS[kind]] ?? []) {
        if (ref.uid === uid || ref.id === uid) {
          ref.name = name;
        }
      }
    }
  }

  /**
   * The name of the workspace whose loaded listing holds the resource, if one does: what
   * Postman says, never what a URI or a document claims. No call is made.
   */
  workspaceNameOf(kind: ListedKind, uid: string): string | undefined {
    return this.workspaceOf(kind, uid)?.name;
  }

  /** A monitor's details as loaded (or kept), if they are; no call is made. */
  loadedMonitor(id: string): MonitorDetail | undefined {
    return this.entries.get(`monitor:${id}`)?.loaded as MonitorDetail | undefined;
  }

  /** A workspace's listing as loaded (or kept), if it is; no call is made. */
  loadedWorkspace(id: string): WorkspaceDetail | undefined {
    return this.entries.get(`workspace:${id}`)?.loaded as WorkspaceDetail | undefined;
  }

  /** A workspace's name as a loaded answer gives it (its detail, or the list of workspaces); no call is made. */
  loadedWorkspaceName(id: string): string | undefined {
    const detail = this.loadedWorkspace(id);
    const list = this.entries.get('workspaces')?.loaded as WorkspaceSummary[] | undefined;
    return detail?.name ?? list?.find((w) => w.id === id)?.name;
  }

  /** The loaded workspace that lists the resource, if one does; no call is made. */
  workspaceOf(kind: ListedKind, uid: string): WorkspaceDetail | undefined {
    const list = LISTS[kind];
    for (const [key, entry] of this.entries) {
      const ws = key.startsWith('workspace:') ? (entry.loaded as WorkspaceDetail | undefined) : undefined;
      // Collections and environments are addressed by UID, specs by id: either names it.
      if (ws?.[list]?.some((ref) => ref.uid === uid || ref.id === uid)) {
        return ws;
      }
    }
    return undefined;
  }

  invalidate(key: CacheKey): void {
    this.entries.delete(key);
    this.invalidated.forEach((listener) => listener(key));
  }

  invalidateAll(): void {
    this.entries.clear();
    this.invalidated.forEach((listener) => listener(undefined));
  }

  /** Told when cached data is dropped (one key, or undefined for all): open documents reload. */
  onDidInvalidate(listener: (key: CacheKey | undefined) => void): { dispose(): void } {
    this.invalidated.add(listener);
    return { dispose: () => this.invalidated.delete(listener) };
  }

  /** Told when a value arrived from Postman (a load, a save's answer) or changed in place: what is worth keeping changed. */
  onDidLoad(listener: (key: CacheKey) => void): { dispose(): void } {
    this.loadedListeners.add(listener);
    return { dispose: () => this.loadedListeners.delete(listener) };
  }

  /** Told the first time a seeded value is read (a row shows it): it is worth checking with Postman. */
  onDidReadSeeded(listener: (key: CacheKey) => void): { dispose(): void } {
    this.staleReads.add(listener);
    return { dispose: () => this.staleReads.delete(listener) };
  }

  /** Told when a cached value was changed in place by an edit Postman confirmed (no call): open documents re-read it. */
  onDidChange(listener: (key: CacheKey) => void): { dispose(): void } {
    this.changed.add(listener);
    return { dispose: () => this.changed.delete(listener) };
  }

  private expired(entry: Entry): boolean {
    const ttl = this.ttlMs();
    return ttl > 0 && this.now() - entry.at > ttl;
  }

  private cached<T>(key: CacheKey, load: () => Promise<T>): Promise<T> {
    const existing = this.entries.get(key);
    if (existing?.seeded) {
      if (!existing.seeded.load) {
        existing.seeded.load = load;
        this.staleReads.forEach((listener) => listener(key));
      }
      return existing.value as Promise<T>;
    }
    if (existing && !this.expired(existing)) {
      return existing.value as Promise<T>;
    }
    const value = load();
    const entry: Entry = { value, at: this.now() };
    this.entries.set(key, entry);
    value.then(
      (loaded) => {
        entry.loaded = loaded;
        if (this.entries.get(key) === entry) {
          this.loadedListeners.forEach((listener) => listener(key));
        }
      },
      () => {
        if (this.entries.get(key) === entry) {
          this.entries.delete(key);
        }
      },
    );
    return value;
  }
}
