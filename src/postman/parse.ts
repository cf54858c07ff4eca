import { PostmanError } from './errors';
import type {
  CollectionDocument,
  DuplicateTask,
  EnvironmentDocument,
  EnvironmentVariable,
  Me,
  MockDetail,
  MockRef,
  MonitorDetail,
  ResourceRef,
  SavedRef,
  SpecCollection,
  SpecFile,
  SpecFileRef,
  SpecSummary,
  SpecTask,
  SpecTaskRef,
  UsageOperation,
  WireItem,
  WorkspaceDetail,
  WorkspaceSummary,
} from './types';

/**
 * Checks response bodies before anything else touches them: a proxy's page, a changed API
 * or a truncated body becomes a `badResponse` error instead of a crash deeper in the tree.
 * Checks only what the extension relies on; unknown fields pass through untouched.
 */

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(what: string): PostmanError {
  return new PostmanError('badResponse', what);
}

function field(body: unknown, key: string, endpoint: string): Obj {
  if (!isObj(body) || !isObj(body[key])) {
    throw bad(`${endpoint} did not return a "${key}" object`);
  }
  return body[key] as Obj;
}

function list(body: unknown, key: string, endpoint: string): unknown[] {
  if (!isObj(body) || !Array.isArray(body[key])) {
    throw bad(`${endpoint} did not return a "${key}" list`);
  }
  return body[key] as unknown[];
}

function idOf(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

function nameOf(v: unknown): string {
  return typeof v === 'string' ? v : '(unnamed)';
}

function ref(v: unknown): ResourceRef | undefined {
  if (!isObj(v)) {
    return undefined;
  }
  const id = idOf(v.id) ?? idOf(v.uid);
  if (!id) {
    return undefined;
  }
  const uid = idOf(v.uid);
  return { id, name: nameOf(v.name), ...(uid ? { uid } : {}) };
}

function refs(v: unknown): ResourceRef[] {
  return Array.isArray(v) ? v.map(ref).filter((r): r is ResourceRef => r !== undefined) : [];
}

/** A count from Postman: a number or numeric string; anything else (even `{"valueOf":1}`, which Number() throws on) is 0. */
function numberOf(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : 0;
}

export function parseMe(body: unknown): Me {
  const user = field(body, 'user', 'GET /me');
  if (idOf(user.id) === undefined) {
    throw bad('GET /me returned a user without an id');
  }
  // Stryker disable next-line ArrayDeclaration: filter(isObj) drops a stand-in
  const ops = isObj(body) && Array.isArray(body.operations) ? body.operations : [];
  const operations: UsageOperation[] = ops.filter(isObj).map((o) => ({
    name: nameOf(o.name),
    limit: numberOf(o.limit),
    usage: numberOf(o.usage),
    overage: numberOf(o.overage),
  }));
  return {
    user: {
      id: user.id as string | number,
      username: typeof user.username === 'string' ? user.username : String(user.id),
      ...(typeof user.email === 'string' ? { email: user.email } : {}),
      ...(typeof user.fullName === 'string' ? { fullName: user.fullName } : {}),
      ...(typeof user.teamId === 'string' || typeof user.teamId === 'number' ? { teamId: user.teamId } : {}),
      ...(typeof user.teamName === 'string' ? { teamName: user.teamName } : {}),
    },
    operations,
  };
}

function workspaceSummary(v: unknown): WorkspaceSummary | undefined {
  if (!isObj(v) || idOf(v.id) === undefined) {
    return undefined;
  }
  return {
    id: idOf(v.id) as string,
    name: nameOf(v.name),
    type: typeof v.type === 'string' ? v.type : 'team',
    ...(typeof v.visibility === 'string' ? { visibility: v.visibility } : {}),
    ...(typeof v.updatedAt === 'string' ? { updatedAt: v.updatedAt } : {}),
  };
}

export function parseWorkspacePage(body: unknown): { workspaces: WorkspaceSummary[]; nextCursor: string | undefined } {
  const items = list(body, 'workspaces', 'GET /workspaces');
  const meta = isObj(body) && isObj(body.meta) ? body.meta : {};
  const next = typeof meta.nextCursor === 'string' && meta.nextCursor !== '' ? meta.nextCursor : undefined;
  return { workspaces: items.map(workspaceSummary).filter((w): w is WorkspaceSummary => w !== undefined), nextCursor: next };
}

export function parseWorkspaceDetail(body: unknown): WorkspaceDetail {
  const ws = field(body, 'workspace', 'GET /workspaces/{id}');
  const summary = workspaceSummary(ws);
  if (!summary) {
    throw bad('GET /workspaces/{id} returned a workspace without an id');
  }
  // Stryker disable MethodExpression: ref() skips what is not an object anyway
  const mocks: MockRef[] = Array.isArray(ws.mocks)
    ? ws.mocks.filter(isObj).flatMap((m) => {
        const r = ref(m);
        return r ? [{ ...r, ...(m.deactivated === true ? { deactivated: true } : {}) }] : [];
      })
    : [];
  // Stryker restore MethodExpression
  return {
    ...summary,
    ...(typeof ws.description === 'string' ? { description: ws.description } : {}),
    collections: refs(ws.collections),
    environments: refs(ws.environments),
    mocks,
    monitors: refs(ws.monitors),
    specs: refs(ws.specs),
  };
}

export function parseCollection(body: unknown): CollectionDocument {
  const collection = field(body, 'collection', 'GET /collections/{uid}');
  if (!isObj(collection.info) || !Array.isArray(collection.item)) {
    throw bad('GET /collections/{uid} returned a collection without "info" and "item"');
  }
  return collection as CollectionDocument;
}

export function parseEnvironment(body: unknown): EnvironmentDocument {
  const env = field(body, 'environment', 'GET /environments/{uid}');
  if (!Array.isArray(env.values)) {
    throw bad('GET /environments/{uid} returned an environment without "values"');
  }
  const values = env.values.filter(isObj).map(variableOf);
  return { ...env, id: idOf(env.id) ?? '', name: nameOf(env.name), values } as EnvironmentDocument;
}

/**
 * A workspace's globals (`GET /workspaces/{id}/global-variables`): `{ values: [...] }`, each
 * variable read as an environment's are. A workspace that never had globals answers an empty list.
 */
export function parseGlobals(body: unknown): EnvironmentVariable[] {
  if (!isObj(body) || (body.values !== undefined && !Array.isArray(body.values))) {
    throw bad('GET /workspaces/{id}/global-variables returned no "values" list');
  }
  return (Array.isArray(body.values) ? body.values : []).filter(isObj).map(variableOf);
}

/**
 * The answer to `PUT /workspaces/{id}/global-variables`: the globals Postman now holds. A 2xx
 * means Postman took them, so an answer without a `values` list gives back what was sent.
 */
export function parseGlobalsSaved(body: unknown, sent: EnvironmentVariable[]): EnvironmentVariable[] {
  return isObj(body) && Array.isArray(body.values) ? parseGlobals(body) : sent;
}

function variableOf(v: Record<string, unknown>): EnvironmentVariable {
  return {
    ...v,
    key: typeof v.key === 'string' ? v.key : '',
    value: typeof v.value === 'string' ? v.value : v.value === undefined || v.value === null ? '' : JSON.stringify(v.value),
    enabled: v.enabled !== false,
    type: typeof v.type === 'string' ? v.type : 'default',
  };
}

/**
 * The answer to a create or update. A 2xx means Postman took the change, so this never
 * fails: whatever address it names is returned, and a missing one only means less to show.
 */
export function parseSaved(body: unknown, key: string): SavedRef {
  const obj = isObj(body) && isObj(body[key]) ? body[key] : {};
  const id = idOf(obj.id);
  const uid = idOf(obj.uid);
  return { ...(id ? { id } : {}), ...(uid ? { uid } : {}), ...(typeof obj.name === 'string' ? { name: obj.name } : {}) };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function mockDetail(v: unknown): MockDetail | undefined {
  if (!isObj(v) || idOf(v.id) === undefined) {
    return undefined;
  }
  return {
    id: idOf(v.id) as string,
    name: nameOf(v.name),
    deactivated: v.deactivated === true,
    ...(str(v.uid) ? { uid: str(v.uid) } : {}),
    ...(str(v.collection) ? { collection: str(v.collection) } : {}),
    ...(str(v.environment) ? { environment: str(v.environment) } : {}),
    ...(str(v.mockUrl) ? { mockUrl: str(v.mockUrl) } : {}),
  };
}

export function parseMocks(body: unknown): MockDetail[] {
  return list(body, 'mocks', 'GET /mocks').map(mockDetail).filter((m): m is MockDetail => m !== undefined);
}

export function parseMonitor(body: unknown): MonitorDetail {
  const m = field(body, 'monitor', 'GET /monitors/{id}');
  const id = idOf(m.id);
  if (!id) {
    throw bad('GET /monitors/{id} returned a monitor without an id');
  }
  const schedule = isObj(m.schedule) ? m.schedule : undefined;
  const run = isObj(m.lastRun) ? m.lastRun : undefined;
  const assertions = run && isObj(run.stats) && isObj(run.stats.assertions) ? run.stats.assertions : undefined;
  return {
    id,
    name: nameOf(m.name),
    active: m.active !== false,
    ...(str(m.uid) ? { uid: str(m.uid) } : {}),
    ...(str(m.collectionUid) ? { collectionUid: str(m.collectionUid) } : {}),
    ...(str(m.environmentUid) ? { environmentUid: str(m.environmentUid) } : {}),
    ...(schedule ? { schedule: { cron: str(schedule.cron), timezone: str(schedule.timezone), nextRun: str(schedule.nextRun) } } : {}),
    ...(run
      ? {
          lastRun: {
            status: str(run.status) ?? 'unknown',
            startedAt: str(run.startedAt),
            finishedAt: str(run.finishedAt),
            assertionsFailed: typeof assertions?.failed === 'number' ? assertions.failed : undefined,
            assertionsTotal: typeof assertions?.total === 'number' ? assertions.total : undefined,
          },
        }
      : {}),
  };
}

/** The next page's cursor of a cursor-paged answer (`meta.nextCursor`); none when empty, null or absent. */
function nextCursorOf(body: unknown): string | undefined {
  const meta = isObj(body) && isObj(body.meta) ? body.meta : {};
  return str(meta.nextCursor);
}

/** `GET /specs/{specId}`: the spec itself, not wrapped in a key. */
export function parseSpec(body: unknown): SpecSummary {
  const id = isObj(body) ? idOf(body.id) : undefined;
  if (!isObj(body) || !id) {
    throw bad('GET /specs/{specId} did not return a spec with an id');
  }
  return {
    id,
    name: nameOf(body.name),
    ...(str(body.type) ? { type: str(body.type) } : {}),
    ...(str(body.fileFormat) ? { fileFormat: str(body.fileFormat) } : {}),
    ...(str(body.updatedAt) ? { updatedAt: str(body.updatedAt) } : {}),
  };
}

/** The last part of a spec file's path: its name when Postman does not say. */
function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A spec file's address and type; undefined without a path (nothing could open it). */
function specFileRef(v: unknown, fallbackPath?: string): SpecFileRef | undefined {
  if (!isObj(v)) {
    return undefined;
  }
  const path = str(v.path) ?? fallbackPath;
  if (!path) {
    return undefined;
  }
  const id = idOf(v.id);
  return {
    ...(id ? { id } : {}),
    path,
    name: str(v.name) ?? baseName(path),
    type: str(v.type) ?? 'DEFAULT',
    ...(str(v.updatedAt) ? { updatedAt: str(v.updatedAt) } : {}),
  };
}

/** One page of `GET /specs/{specId}/files`: the files (without content) and the next cursor. */
export function parseSpecFilePage(body: unknown): { items: SpecFileRef[]; nextCursor: string | undefined } {
  const files = list(body, 'files', 'GET /specs/{specId}/files');
  return { items: files.map((f) => specFileRef(f)).filter((f): f is SpecFileRef => f !== undefined), nextCursor: nextCursorOf(body) };
}

/**
 * `GET /specs/{specId}/files/{filePath}`: the file with its content, a string (an empty file is
 * `""`). Without content there is nothing to show or save against: a badResponse.
 */
export function parseSpecFile(body: unknown, requestedPath: string): SpecFile {
  const ref = specFileRef(body, requestedPath);
  if (!ref || !isObj(body) || typeof body.content !== 'string') {
    throw bad('GET /specs/{specId}/files/{filePath} returned a file without a "content" string');
  }
  return { ...ref, content: body.content };
}

/**
 * The answer to `PATCH /specs/{specId}/files/{filePath}`. A 2xx means Postman took the change,
 * so this never fails: the path asked for stands in for one the answer does not give.
 */
export function parseSpecFileSaved(body: unknown, requestedPath: string): SpecFileRef {
  return specFileRef(isObj(body) ? body : {}, requestedPath) as SpecFileRef;
}

/** `POST /specs/{specId}/generations/collection` (202): the task to poll. Without its id there is nothing to poll. */
export function parseTaskRef(body: unknown): SpecTaskRef {
  const taskId = isObj(body) ? idOf(body.taskId) : undefined;
  if (!isObj(body) || !taskId) {
    throw bad('POST /specs/{specId}/generations/collection did not return a "taskId"');
  }
  return { taskId, ...(str(body.url) ? { url: str(body.url) } : {}) };
}

/**
 * `GET /specs/{specId}/tasks/{taskId}`: `{status, meta, details}`. A completed generation names
 * what it made in `details.resources[0].id` (a collection uid); a failed task says why in
 * `details`, a string.
 */
export function parseSpecTask(body: unknown): SpecTask {
  const status = isObj(body) ? str(body.status) : undefined;
  if (!isObj(body) || !status) {
    throw bad('GET /specs/{specId}/tasks/{taskId} did not return a task "status"');
  }
  const details = body.details;
  const resources = isObj(details) && Array.isArray(details.resources) ? details.resources : [];
  const first: unknown = resources[0];
  const made = isObj(first) ? idOf(first.id) : undefined;
  return {
    status,
    ...(made ? { collectionUid: made } : {}),
    ...(str(details) ? { error: str(details) } : {}),
  };
}

function specCollection(v: unknown): SpecCollection | undefined {
  if (!isObj(v) || idOf(v.id) === undefined) {
    return undefined;
  }
  return {
    id: idOf(v.id) as string,
    name: nameOf(v.name),
    ...(str(v.state) ? { state: str(v.state) } : {}),
    ...(str(v.updatedAt) ? { updatedAt: str(v.updatedAt) } : {}),
  };
}

/** One page of `GET /specs/{specId}/generations/collection`: the generated collections and the next cursor. */
export function parseSpecCollectionPage(body: unknown): { items: SpecCollection[]; nextCursor: string | undefined } {
  const items = list(body, 'collections', 'GET /specs/{specId}/generations/collection');
  return { items: items.map(specCollection).filter((c): c is SpecCollection => c !== undefined), nextCursor: nextCursorOf(body) };
}

/**
 * An item endpoint's answer (`GET`, `PUT`, `POST` on `/collections/{collectionId}/{requests|folders|responses}`):
 * `{model_id, meta, data}`, the item in `data` with at least its id. Kept as sent, but a
 * `name` or `updatedAt` that is not a string is left out rather than passed on.
 */
export function parseWireItem(body: unknown, endpoint: string): WireItem {
  const data = field(body, 'data', endpoint);
  const id = idOf(data.id);
  if (!id) {
    throw bad(`${endpoint} returned an item without an id`);
  }
  const item: WireItem = { ...data, id };
  for (const key of ['name', 'updatedAt'] as const) {
    if (item[key] !== undefined && typeof item[key] !== 'string') {
      delete item[key];
    }
  }
  return item;
}

/** `POST /collection-{requests|folders}-transfers`: `{ids}`, the transferred items' UIDs. */
export function parseTransferred(body: unknown, endpoint: string): string[] {
  const ids = list(body, 'ids', endpoint);
  if (!ids.every((id) => typeof id === 'string' && id !== '')) {
    throw bad(`${endpoint} returned "ids" that are not all ids`);
  }
  return ids as string[];
}

/** `POST /collections/{id}/duplicates` and `GET /collection-duplicate-tasks/{taskId}`: `{task:{id, status, reason}}`. */
export function parseDuplicateTask(body: unknown, endpoint: string): DuplicateTask {
  const task = field(body, 'task', endpoint);
  const id = idOf(task.id);
  const status = str(task.status);
  if (!id || !status) {
    throw bad(`${endpoint} returned a task without an id and a status`);
  }
  return { id, status, ...(str(task.reason) ? { reason: str(task.reason) } : {}) };
}
