/** The parts of Postman API responses this extension reads (see shared docs). */

export interface PostmanUser {
  id: number | string;
  username: string;
  email?: string;
  fullName?: string;
  teamId?: number | string;
  teamName?: string;
}

export interface UsageOperation {
  name: string;
  limit: number;
  usage: number;
  overage?: number;
}

export interface Me {
  user: PostmanUser;
  operations: UsageOperation[];
}

export type WorkspaceType = 'personal' | 'team' | 'private' | 'public' | 'partner' | string;

export interface WorkspaceSummary {
  id: string;
  name: string;
  type: WorkspaceType;
  visibility?: string;
  createdBy?: string | number;
  createdAt?: string;
  updatedAt?: string;
}

export interface ResourceRef {
  id: string;
  name: string;
  uid?: string;
}

export interface MockRef extends ResourceRef {
  deactivated?: boolean;
}

export interface WorkspaceDetail extends WorkspaceSummary {
  description?: string;
  collections: ResourceRef[];
  environments: ResourceRef[];
  mocks: MockRef[];
  monitors: ResourceRef[];
  /** The workspace's API specifications (Spec Hub); `[]` when the answer lists none. */
  specs: ResourceRef[];
}

/** A collection in Collection Format v2.1, kept as the server sent it. */
export interface CollectionDocument {
  info: { _postman_id?: string; name: string; schema?: string; updatedAt?: string; [k: string]: unknown };
  item: unknown[];
  [k: string]: unknown;
}

export interface EnvironmentVariable {
  key: string;
  value: string;
  enabled: boolean;
  type: 'default' | 'secret' | string;
}

export interface EnvironmentDocument {
  id: string;
  name: string;
  values: EnvironmentVariable[];
  updatedAt?: string;
  [k: string]: unknown;
}

/** What Postman answers to a create or update: the resource's address, as far as it says. */
export interface SavedRef {
  id?: string;
  name?: string;
  uid?: string;
}

/** The body of `PUT /environments/{uid}`: the parts of an environment a user edits. */
export interface EnvironmentUpdate {
  name: string;
  values: unknown[];
}

export interface MockDetail {
  id: string;
  uid?: string;
  name: string;
  collection?: string;
  environment?: string;
  mockUrl?: string;
  deactivated: boolean;
}

export interface MonitorRunSummary {
  status: string;
  startedAt?: string;
  finishedAt?: string;
  assertionsFailed?: number;
  assertionsTotal?: number;
}

export interface MonitorDetail {
  id: string;
  uid?: string;
  name: string;
  active: boolean;
  collectionUid?: string;
  environmentUid?: string;
  schedule?: { cron?: string; timezone?: string; nextRun?: string };
  lastRun?: MonitorRunSummary;
}

/** An API specification in Spec Hub (`GET /specs/{specId}`). */
export interface SpecSummary {
  id: string;
  name: string;
  /** e.g. `OPENAPI:3.0`, `ASYNCAPI:2.0`, `PROTOBUF:3`. */
  type?: string;
  /** `json`, `yaml`, `proto`, `graphql`, `smithy`. */
  fileFormat?: string;
  updatedAt?: string;
}

/** One file of a spec, as `GET /specs/{specId}/files` lists it (no content). */
export interface SpecFileRef {
  id?: string;
  /** Relative to the spec, with `/` between folders: `components/schemas.json`. */
  path: string;
  name: string;
  /** `ROOT` (the entry file of a multi-file spec) or `DEFAULT`. */
  type: 'ROOT' | 'DEFAULT' | string;
  updatedAt?: string;
}

/** A spec file with its stringified content (`GET /specs/{specId}/files/{filePath}`). */
export interface SpecFile extends SpecFileRef {
  content: string;
}

/** A collection generated from a spec, and whether it still matches it. */
export interface SpecCollection {
  id: string;
  name: string;
  state?: 'in-sync' | 'out-of-sync' | 'sync-in-progress' | string;
  updatedAt?: string;
}

/** An asynchronous spec task (`GET /specs/{specId}/tasks/{taskId}`), e.g. a collection generation. */
export interface SpecTask {
  status: 'pending' | 'completed' | 'failed' | string;
  /** What a completed generation made: the first of `details.resources` (a collection uid). */
  collectionUid?: string;
  /** Why a task failed (`details` when it is a string). */
  error?: string;
}

/** The answer to an asynchronous request: where to poll for its outcome. */
export interface SpecTaskRef {
  taskId: string;
  url?: string;
}

/** The kinds of item Postman's item endpoints (`/collections/{collectionId}/{requests|folders|responses}/{id}`) serve. */
export type ItemModel = 'request' | 'folder' | 'response';

/**
 * An item as Postman's item endpoints give it in `data` (internal format): at least `id`;
 * `name`, `updatedAt` when given. Every other field is kept as sent.
 */
export interface WireItem {
  id: string;
  name?: string;
  updatedAt?: string;
  [key: string]: unknown;
}

/** The body of `POST /collection-requests-transfers` and `/collection-folders-transfers`. */
export interface TransferRequest {
  /** The items' UIDs (`<owner>-<itemId>`). */
  ids: string[];
  /** Where to: a collection or folder, by UID. */
  target: { model: 'collection' | 'folder'; id: string };
  /** Where in the target; `model` and `id` (a UID) only for `before`/`after`. */
  location: { position: 'start' | 'end' | 'before' | 'after'; model?: 'request' | 'folder'; id?: string };
  mode: 'move' | 'copy';
}

/** A collection duplication (`POST /collections/{id}/duplicates`, `GET /collection-duplicate-tasks/{taskId}`). */
export interface DuplicateTask {
  id: string;
  status: 'processing' | 'completed' | 'failed' | string;
  /** Why it failed, when Postman says. */
  reason?: string;
}
