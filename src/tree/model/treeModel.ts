import {
  type CacheKey,
  isPostmanError,
  type MockDetail,
  type MonitorDetail,
  type PostmanRepository,
  type ResourceRef,
  userMessage,
  type WorkspaceDetail,
  type WorkspaceSummary,
} from '../../postman';
import type { Address } from '../../documents/model/documentKind';
import { KINDS } from '../../documents/model/kinds';
import type { SpecCollection, SpecFileRef } from '../../postman';
import { withoutImages } from '../../text/plain';
import { itemRows, responseRows } from './collectionRows';
import { elementLink, encodeSegment, workspaceLink } from './postmanLinks';
import { displayName, type GroupKind, md, type Row, uniqueIds, workspaceOf } from './row';

const WORKSPACE_ICONS: Record<string, string> = { personal: 'account', team: 'organization', private: 'lock', public: 'globe', partner: 'link' };

const GROUPS: Record<GroupKind, { label: string; icon: string; empty: string }> = {
  collections: { label: 'Collections', icon: 'library', empty: 'No collections' },
  environments: { label: 'Environments', icon: 'server-environment', empty: 'No environments' },
  specs: { label: 'Specs', icon: 'symbol-structure', empty: 'No specs' },
  mocks: { label: 'Mocks', icon: 'server-process', empty: 'No mocks' },
  monitors: { label: 'Monitors', icon: 'pulse', empty: 'No monitors' },
};

/** Personal first, then by name: the order people look for. */
function byKindThenName(a: WorkspaceSummary, b: WorkspaceSummary): number {
  const rank = (w: WorkspaceSummary) => (w.type === 'personal' ? 0 : 1);
  return rank(a) - rank(b) || a.name.localeCompare(b.name);
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/**
 * The Postman tree as data. Every call goes through the repository, so the economy rules
 * hold by construction: a workspace costs one call, a collection one call for all its
 * folders, revisits none. Rows are memoised per parent so VS Code sees the same objects
 * until a refresh (it matches change events by object).
 */
export class TreeModel {
  private readonly memo = new Map<string, Row[]>();
  private readonly monitorsLoaded = new Map<string, MonitorDetail>();
  /** The top-level rows before the list of workspaces changed in place: rows that stay keep their objects. */
  private previousRoots: Row[] | undefined;

  constructor(private readonly repo: PostmanRepository) {}

  async children(row?: Row): Promise<Row[]> {
    const key = row?.id ?? '';
    const known = this.memo.get(key);
    if (known) {
      return known;
    }
    const rows = uniqueIds(await this.load(row));
    this.memo.set(key, rows);
    return rows;
  }

  /**
   * A row for a failed load: what failed, and Retry; Sign In for rejected credentials; no
   * Retry for a used-up monthly quota, which retrying cannot fix.
   */
  errorRow(parent: Row | undefined, err: unknown): Row {
    const what = parent ? `Could not load ${parent.label}` : 'Could not load workspaces';
    // Gone from Postman: retrying the row cannot help, reloading the list that named it can.
    const retryTarget = isPostmanError(err, 'notFound') ? listOwner(parent) : parent;
    const base = { id: `${parent?.id ?? 'root'}/error`, kind: 'message' as const, parent, expandable: false, retryTarget, tooltip: md(userMessage(err)) };
    if (isPostmanError(err, 'unauthorized')) {
      return { ...base, label: 'Postman rejected the credentials. Sign in again.', icon: 'key', flags: ['message', 'signIn'], action: 'signIn' };
    }
    if (isPostmanError(err, 'quotaExhausted')) {
      return { ...base, label: `${what}: the monthly API quota is used up`, description: userMessage(err), icon: 'warning', flags: ['message', 'quota'] };
    }
    return { ...base, label: `${what}. Retry`, description: userMessage(err), icon: 'error', iconColor: 'errorForeground', flags: ['message', 'retry'], action: 'retry' };
  }

  /** Forgets rows (and the data behind them) under `row`, or everything. */
  refresh(row?: Row): void {
    if (!row) {
      this.memo.clear();
      this.monitorsLoaded.clear();
      this.repo.invalidateAll();
      return;
    }
    for (const key of [...this.memo.keys()]) {
      if (key === row.id || key.startsWith(`${row.id}/`)) {
        this.memo.delete(key);
      }
    }
    if (row.document) {
      // The document the row opens: its cached copy, which open editors then reload.
      this.repo.invalidate(KINDS[row.document.kind].cacheKey(row.document));
      if (row.document.kind === 'collection') {
        this.repo.invalidateItems(row.document.uid);
      }
    }
    if (row.kind === 'workspace' && row.workspaceId) {
      this.repo.invalidate(`workspace:${row.workspaceId}`);
      this.repo.invalidate(`mocks:${row.workspaceId}`);
      this.repo.invalidate(`globals:${row.workspaceId}`);
    } else if (row.kind === 'spec' && row.uid) {
      this.repo.invalidate(`specFiles:${row.uid}`);
      this.repo.invalidate(`specCollections:${row.uid}`);
    } else if (row.kind === 'monitor' && row.uid) {
      this.repo.invalidate(`monitor:${row.uid}`);
      this.monitorsLoaded.delete(row.uid);
    } else if (row.kind === 'group' && row.groupKind === 'mocks' && row.workspaceId) {
      this.repo.invalidate(`mocks:${row.workspaceId}`);
    }
  }

  /**
   * Postman's copy of a document changed (saved from its editor; the repository already
   * holds it and renamed it in the cached workspaces): the rows that open it take the name
   * and re-sort, and their subtrees rebuild from the cache, with no call. Returns the rows
   * whose children changed, for the view to redraw.
   */
  resourceChanged(address: Address, name: string): Row[] {
    if (KINDS[address.kind].isItem) {
      // Saving an item changed the loaded collection in place: cacheChanged rebuilds its rows.
      return [];
    }
    const parents = new Set<Row>();
    const opens = (r: Row) => r.document?.kind === address.kind && r.document.uid === address.uid && r.document.path === address.path;
    for (const [key, rows] of this.memo) {
      const hits = rows.filter(opens);
      for (const row of hits) {
        row.label = displayName(name);
        row.tooltip = `**${md(name)}**\n\n${KINDS[address.kind].noun} · \`${address.uid}\``;
        for (const under of [...this.memo.keys()]) {
          if (under === row.id || under.startsWith(`${row.id}/`)) {
            this.memo.delete(under);
          }
        }
        if (row.parent?.kind === 'spec') {
          // A changed spec file can change the sync state of the collections generated from it.
          this.refresh(row.parent);
          parents.add(row.parent);
        } else if (row.parent) {
          parents.add(row.parent);
        }
      }
      if (hits.length > 0 && key !== '') {
        rows.sort((a, b) => a.label.localeCompare(b.label));
      }
    }
    return [...parents];
  }

  /**
   * A cached value changed in place (an edit Postman confirmed, applied with no call; a kept
   * value checked with Postman): the rows built from it rebuild their children from the
   * cache. Returns those rows (undefined: the top level), for the view to redraw; expansion is
   * kept (rows keep their ids), and rows that stay keep their objects.
   */
  cacheChanged(key: CacheKey): Array<Row | undefined> {
    if (key === 'workspaces') {
      const shown = this.memo.get('');
      if (!shown) {
        return [];
      }
      this.memo.delete('');
      this.previousRoots = shown;
      return [undefined];
    }
    const reads = (r: Row) =>
      (r.kind === 'workspace' && key === `workspace:${r.workspaceId}`) ||
      (r.groupKind === 'mocks' && key === `mocks:${r.workspaceId}`) ||
      (r.kind === 'monitor' && key === `monitor:${r.uid}`) ||
      (r.document?.kind === 'collection' && key === `collection:${r.document.uid}`);
    // The top-level rows about to be rebuilt in place count too (they keep their objects).
    const rows = [...this.memo.values(), this.previousRoots ?? []].flat().filter(reads);
    for (const row of rows) {
      const listing = row.kind === 'workspace' ? this.repo.loadedWorkspace(row.workspaceId as string) : undefined;
      if (listing) {
        row.keptAt = this.repo.seededAt('workspaces') ?? this.repo.seededAt(key);
        row.tooltip = workspaceTooltip(listing.name, row.description ?? '', listing);
      }
      const monitor = row.kind === 'monitor' ? this.repo.loadedMonitor(row.uid as string) : undefined;
      if (monitor) {
        this.decorate(row, monitor);
      }
      for (const under of [...this.memo.keys()]) {
        if (under === row.id || under.startsWith(`${row.id}/`)) {
          this.memo.delete(under);
        }
      }
    }
    return rows;
  }

  /** Tells `redraw` which rows to draw again (undefined: the top level) whenever cached data changes in place. */
  watchCache(redraw: (rows: Array<Row | undefined>) => void): { dispose(): void } {
    const follow = (key: CacheKey | undefined) => {
      const rows = key === undefined ? [] : this.cacheChanged(key);
      if (rows.length > 0) {
        redraw(rows);
      }
    };
    // Dropped values too (a duplicate made in Postman): the rows load them again, one call each.
    const subscriptions = [this.repo.onDidChange(follow), this.repo.onDidInvalidate(follow)];
    return { dispose: () => subscriptions.forEach((s) => s.dispose()) };
  }

  /** Something was added to a workspace (an import): its rows reload, or its cached copy is dropped if none is shown. */
  workspaceChanged(workspaceId: string): Row[] {
    const rows = (this.memo.get('') ?? []).filter((r) => r.kind === 'workspace' && r.workspaceId === workspaceId);
    rows.forEach((row) => this.refresh(row));
    this.repo.invalidate(`workspace:${workspaceId}`);
    return rows;
  }

  /**
   * Loads a monitor's details (on expand or hover) and updates its row in place: icon for
   * the last run, state in the description; the view then redraws the row.
   */
  async loadMonitor(row: Row): Promise<MonitorDetail> {
    const detail = await this.repo.monitor(row.uid as string);
    this.decorate(row, detail);
    return detail;
  }

  /** A monitor row shows its details, marked as kept while they (or the listing) are. */
  private decorate(row: Row, detail: MonitorDetail): void {
    this.monitorsLoaded.set(row.uid as string, detail);
    decorateMonitor(row, detail);
    row.keptAt = this.repo.seededAt(`monitor:${row.uid}`) ?? this.repo.seededAt(`workspace:${row.workspaceId}`);
  }

  private async load(row: Row | undefined): Promise<Row[]> {
    if (!row) {
      const list = [...(await this.repo.workspaces())].sort(byKindThenName);
      const keptAt = this.repo.seededAt('workspaces');
      const before = new Map((this.previousRoots ?? []).map((r) => [r.id, r]));
      this.previousRoots = undefined;
      // A row that stays is updated in place: its subtree (and expansion) stays as it is.
      const rows = list.map((w) => {
        const fresh = kept(workspaceRow(w, this.repo.loadedWorkspace(w.id)), keptAt ?? this.repo.seededAt(`workspace:${w.id}`));
        const stays = before.get(fresh.id);
        return stays ? Object.assign(stays, fresh, { keptAt: fresh.keptAt }) : fresh;
      });
      return rows.length ? rows : [messageRow(undefined, 'No workspaces', 'info')];
    }
    switch (row.kind) {
      case 'workspace': {
        const ws = await this.workspace(row.workspaceId as string);
        const keptAt = this.repo.seededAt(`workspace:${ws.id}`);
        row.keptAt = this.repo.seededAt('workspaces') ?? keptAt;
        return groupRows(row, ws, keptAt);
      }
      case 'group':
        return this.groupChildren(row);
      case 'collection': {
        const collection = await this.repo.collection(row.uid as string);
        const rows = itemRows(row, collection.item, row.workspaceId as string, row.uid as string);
        return rows.length ? rows : [messageRow(row, 'No requests', 'info')];
      }
      case 'folder':
        return itemRows(row, row.items ?? [], row.workspaceId as string, row.collectionUid as string);
      case 'request':
        return responseRows(row, row.items ?? []);
      case 'environment':
        return variableRows(row, (await this.repo.environment(row.uid as string)).values);
      case 'globals':
        return variableRows(row, await this.repo.globals(row.workspaceId as string));
      case 'spec':
        return this.specChildren(row);
      case 'monitor':
        return monitorDetailRows(row, await this.loadMonitor(row));
      default:
        return [];
    }
  }

  /**
   * The workspace asked for, under the id it was asked for: an answer naming another id (a
   * broken gateway, a changed API) must not send the rows below to load a workspace that
   * was never listed (they would fail with a 404).
   */
  private async workspace(id: string): Promise<WorkspaceDetail> {
    const ws = await this.repo.workspace(id);
    return ws.id === id ? ws : { ...ws, id };
  }

  /** A spec's files, then the collections generated from it with their sync state (a failure there leaves the files shown). */
  private async specChildren(spec: Row): Promise<Row[]> {
    const id = spec.uid as string;
    const [files, generated] = await Promise.all([this.repo.specFiles(id), this.repo.specCollections(id).then((c) => c, (err: unknown) => err)]);
    const rows = specFileRows(spec, files);
    if (!Array.isArray(generated)) {
      return [...rows, { ...this.errorRow(spec, generated), id: `${spec.id}/generated-error`, label: 'Could not load the generated collections. Retry' }];
    }
    return [...rows, ...generated.map((c) => generatedRow(spec, c))];
  }

  private async groupChildren(group: Row): Promise<Row[]> {
    const ws = await this.workspace(group.workspaceId as string);
    const kind = group.groupKind as GroupKind;
    const refs = [...ws[kind]].sort(byName);
    if (refs.length === 0) {
      return [messageRow(group, GROUPS[kind].empty, undefined, 'empty')];
    }
    const keptAt = this.repo.seededAt(`workspace:${ws.id}`);
    if (kind === 'mocks') {
      // One call gives every mock's URL and collection in this workspace.
      const details = new Map((await this.repo.mocks(ws.id)).map((m) => [m.id, m]));
      const mocksKeptAt = keptAt ?? this.repo.seededAt(`mocks:${ws.id}`);
      return refs.map((r) => kept(mockRow(group, ws, r, details.get(r.id)), mocksKeptAt));
    }
    const rows = kind === 'specs' ? refs.map((r) => specRow(group, ws, r)) : refs.map((r) => resourceRow(group, ws, kind, r, kind === 'monitors' ? this.monitorsLoaded.get(r.id) : undefined));
    return rows.map((r) => kept(r, keptAt));
  }
}

/** The row whose one call lists `row`: a workspace for its collections, environments and monitors; the root for workspaces. */
function listOwner(row: Row | undefined): Row | undefined {
  const ws = workspaceOf(row);
  return ws === row ? undefined : ws;
}

/** Marks a row built from what an earlier window kept (see keptNote). */
function kept<T extends Row>(row: T, keptAt: number | undefined): T {
  if (keptAt !== undefined) {
    row.keptAt = keptAt;
  }
  return row;
}

function workspaceRow(w: WorkspaceSummary, detail: WorkspaceDetail | undefined): Row {
  const kind = w.visibility ?? w.type;
  return {
    id: `ws:${encodeSegment(w.id)}`,
    kind: 'workspace',
    parent: undefined,
    label: displayName(w.name),
    description: kind,
    tooltip: workspaceTooltip(w.name, kind, detail),
    icon: WORKSPACE_ICONS[kind] ?? WORKSPACE_ICONS[w.type] ?? 'folder',
    expandable: true,
    flags: ['workspace', `ws-${kind}`],
    workspaceId: w.id,
    ids: { id: w.id },
    webUrl: workspaceLink(w.id),
  };
}

/** A workspace's name, then its description once its listing is loaded (its kind until then). */
function workspaceTooltip(name: string, kind: string, detail: WorkspaceDetail | undefined): string {
  return `**${md(name)}**\n\n${detail?.description ? withoutImages(detail.description) : `${md(kind)} workspace`}`;
}

function groupRows(parent: Row, ws: WorkspaceDetail, keptAt: number | undefined): Row[] {
  if (ws.description) {
    parent.tooltip = workspaceTooltip(ws.name, '', ws);
  }
  const groups = (Object.keys(GROUPS) as GroupKind[]).map((kind): Row => ({
    id: `${parent.id}/${kind}`,
    kind: 'group',
    parent,
    label: GROUPS[kind].label,
    description: String(ws[kind].length),
    icon: GROUPS[kind].icon,
    expandable: true,
    flags: ['group', kind],
    workspaceId: ws.id,
    groupKind: kind,
  }));
  return [...groups.map((g) => kept(g, keptAt)), globalsRow(parent, ws)];
}

/** The workspace's globals: its variables below (secret values masked); opens as a document. Nothing is loaded until it is expanded or opened. */
function globalsRow(parent: Row, ws: WorkspaceDetail): Row {
  return {
    id: `${parent.id}/globals`,
    kind: 'globals',
    parent,
    label: 'Globals',
    tooltip: `**Globals** of ${md(ws.name)}\n\nVariables every request of the workspace can use.`,
    icon: 'globe',
    expandable: true,
    flags: ['globals', 'document'],
    workspaceId: ws.id,
    document: { kind: 'globals', uid: ws.id },
  };
}

function specRow(group: Row, ws: WorkspaceDetail, ref: ResourceRef & { type?: string }): Row {
  return {
    id: `${group.id}/${encodeSegment(ref.id)}`,
    kind: 'spec',
    parent: group,
    label: displayName(ref.name),
    ...(ref.type ? { description: ref.type } : {}),
    tooltip: `**${md(ref.name)}**\n\nspec${ref.type ? ` · ${md(ref.type)}` : ''} · \`${ref.id}\``,
    icon: 'symbol-structure',
    expandable: true,
    flags: ['spec'],
    workspaceId: ws.id,
    uid: ref.id,
    ids: { id: ref.id },
    webUrl: elementLink(ws.id, 'specification', ref.id),
  };
}

const SYNC_STATES: Record<string, { label: string; icon: string; color?: string }> = {
  'in-sync': { label: 'in sync', icon: 'check', color: 'testing.iconPassed' },
  'out-of-sync': { label: 'out of sync', icon: 'warning', color: 'list.warningForeground' },
  'sync-in-progress': { label: 'syncing', icon: 'sync' },
};

/** A collection generated from a spec: its sync state (as Postman reports it); opens as the collection's document. */
function generatedRow(spec: Row, c: SpecCollection): Row {
  const state = SYNC_STATES[c.state ?? ''] ?? { label: c.state ? displayName(c.state, 40) : 'state unknown', icon: 'library' };
  return {
    id: `${spec.id}/g:${encodeSegment(c.id)}`,
    kind: 'collection',
    parent: spec,
    label: displayName(c.name),
    description: `generated · ${state.label}`,
    tooltip: `**${md(c.name)}**\n\nCollection generated from ${md(spec.label)}: ${md(state.label)}${c.updatedAt ? ` (updated ${md(c.updatedAt)})` : ''}`,
    icon: state.icon,
    ...(state.color ? { iconColor: state.color } : {}),
    expandable: false,
    flags: ['collection', 'generated', 'document'],
    workspaceId: spec.workspaceId,
    uid: c.id,
    ids: { id: c.id },
    document: { kind: 'collection', uid: c.id },
  };
}

/** A spec's files, the root first, then by path; each opens as a document. */
function specFileRows(spec: Row, files: SpecFileRef[]): Row[] {
  if (files.length === 0) {
    return [messageRow(spec, 'No files', 'info')];
  }
  const sorted = [...files].sort((a, b) => Number(b.type === 'ROOT') - Number(a.type === 'ROOT') || a.path.localeCompare(b.path));
  return sorted.map((f) => ({
    id: `${spec.id}/f:${encodeSegment(f.path)}`,
    kind: 'specFile',
    parent: spec,
    label: displayName(f.path),
    ...(f.type === 'ROOT' ? { description: 'root' } : {}),
    tooltip: `**${md(f.path)}**\n\n${f.type === 'ROOT' ? 'root file' : 'file'} of ${md(spec.label)}`,
    icon: /\.json$/i.test(f.path) ? 'json' : 'file-code',
    expandable: false,
    flags: ['specFile', 'document'],
    workspaceId: spec.workspaceId,
    uid: spec.uid,
    document: { kind: 'specFile', uid: spec.uid as string, path: f.path },
  }));
}

function resourceRow(group: Row, ws: WorkspaceDetail, kind: GroupKind, ref: ResourceRef, monitor: MonitorDetail | undefined): Row {
  const single = kind.slice(0, -1) as 'collection' | 'environment' | 'monitor';
  // Collections and environments are addressed by UID, monitors by id.
  const address = single === 'monitor' ? ref.id : (ref.uid ?? ref.id);
  const row: Row = {
    id: `${group.id}/${encodeSegment(address)}`,
    kind: single,
    parent: group,
    label: displayName(ref.name),
    tooltip: `**${md(ref.name)}**\n\n${single} · \`${address}\``,
    icon: single === 'collection' ? 'folder-library' : single === 'environment' ? 'symbol-namespace' : 'pulse',
    expandable: true,
    flags: [single, ...(single === 'monitor' ? [] : ['document'])],
    workspaceId: ws.id,
    uid: address,
    ...(single === 'monitor' ? {} : { document: { kind: single, uid: address } }),
    ids: { id: ref.id, ...(ref.uid ? { uid: ref.uid } : {}) },
    webUrl: elementLink(ws.id, single, ref.uid ?? ref.id),
  };
  if (monitor) {
    decorateMonitor(row, monitor);
  }
  return row;
}

function mockRow(group: Row, ws: WorkspaceDetail, ref: ResourceRef & { deactivated?: boolean }, detail: MockDetail | undefined): Row {
  const deactivated = detail?.deactivated ?? ref.deactivated === true;
  const url = detail?.mockUrl;
  const collection = detail?.collection ? ws.collections.find((c) => c.uid === detail.collection || c.id === detail.collection) : undefined;
  return {
    id: `${group.id}/${encodeSegment(ref.id)}`,
    kind: 'mock',
    parent: group,
    label: displayName(ref.name),
    description: deactivated ? 'deactivated' : url,
    tooltip: [
      `**${md(ref.name)}**${deactivated ? ' (deactivated)' : ''}`,
      url ? `URL: \`${url}\`` : undefined,
      `Collection: ${collection ? md(collection.name) : md(detail?.collection ?? 'unknown')}`,
    ]
      .filter(Boolean)
      .join('\n\n'),
    icon: 'server',
    iconColor: deactivated ? 'disabledForeground' : undefined,
    expandable: false,
    flags: ['mock', ...(deactivated ? ['deactivated'] : []), ...(url ? ['hasUrl'] : [])],
    workspaceId: ws.id,
    uid: ref.id,
    ids: { id: ref.id, ...(ref.uid ? { uid: ref.uid } : {}) },
    webUrl: elementLink(ws.id, 'mock', ref.uid ?? ref.id),
    ...(url ? { mockUrl: url } : {}),
  };
}

function decorateMonitor(row: Row, m: MonitorDetail): void {
  const run = m.lastRun;
  const passed = run?.status === 'success' || run?.status === 'passed';
  row.icon = run ? (passed ? 'pass' : 'error') : 'pulse';
  row.iconColor = run ? (passed ? 'testing.iconPassed' : 'testing.iconFailed') : undefined;
  row.description = m.active ? 'active' : 'paused';
  row.tooltip = [
    `**${md(m.name)}** · ${m.active ? 'active' : 'paused'}`,
    m.schedule?.cron ? `Schedule: \`${m.schedule.cron}\`${m.schedule.timezone ? ` (${md(m.schedule.timezone)})` : ''}` : undefined,
    run ? `Last run: ${passed ? 'passed' : 'failed'}${run.finishedAt ? ` at ${md(run.finishedAt)}` : ''}` : 'No runs yet',
  ]
    .filter(Boolean)
    .join('\n\n');
  row.flags = ['monitor', m.active ? 'active' : 'paused', 'loaded'];
}

function monitorDetailRows(parent: Row, m: MonitorDetail): Row[] {
  const run = m.lastRun;
  const rows: Array<[string, string, string, string?]> = [
    ['state', m.active ? 'Active' : 'Paused', m.active ? 'debug-start' : 'debug-pause'],
    ['schedule', m.schedule?.cron ? `Schedule: ${m.schedule.cron}${m.schedule.timezone ? ` (${m.schedule.timezone})` : ''}` : 'No schedule', 'calendar'],
  ];
  if (run) {
    const passed = run.status === 'success' || run.status === 'passed';
    const assertions = run.assertionsTotal !== undefined ? ` · ${run.assertionsFailed ?? 0}/${run.assertionsTotal} assertions failed` : '';
    rows.push(['lastRun', `Last run: ${passed ? 'passed' : 'failed'}${assertions}`, passed ? 'pass' : 'error', run.finishedAt ?? run.startedAt]);
  } else {
    rows.push(['lastRun', 'No runs yet', 'circle-outline']);
  }
  return rows.map(([key, label, icon, description]) => ({
    id: `${parent.id}/${key}`,
    kind: 'detail',
    parent,
    label: displayName(label),
    ...(description ? { description } : {}),
    icon,
    expandable: false,
    flags: ['detail'],
  }));
}

function variableRows(parent: Row, values: { key: string; value: string; enabled: boolean; type: string }[]): Row[] {
  if (values.length === 0) {
    return [messageRow(parent, 'No variables', 'info')];
  }
  return values.map((v, i) => {
    const secret = v.type === 'secret';
    const shown = secret ? '••••••••' : v.value;
    return {
      id: `${parent.id}/var#${i}`,
      kind: 'variable',
      parent,
      label: v.key.trim() ? displayName(v.key) : '(no name)',
      description: v.enabled ? shown : `${shown} (disabled)`,
      tooltip: `**${md(v.key)}**${secret ? ' · secret (value hidden)' : ''}${v.enabled ? '' : ' · disabled'}`,
      icon: secret ? 'lock' : 'symbol-variable',
      iconColor: v.enabled ? undefined : 'disabledForeground',
      expandable: false,
      flags: ['variable', ...(secret ? ['secret'] : [])],
    };
  });
}

function messageRow(parent: Row | undefined, label: string, icon?: string, flag = 'info'): Row {
  return { id: `${parent?.id ?? 'root'}/message`, kind: 'message', parent, label, ...(icon ? { icon } : {}), expandable: false, flags: ['message', flag] };
}
