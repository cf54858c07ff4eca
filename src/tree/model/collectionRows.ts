import { withoutImages } from '../../text/plain';
import { elementLink, encodeSegment, ownerOf } from './postmanLinks';
import { displayName, md, type Row, uniqueIds } from './row';

/** Colours for method icons, as theme colour ids (they follow the user's theme). */
const METHOD_COLORS: Record<string, string> = {
  GET: 'charts.green',
  POST: 'charts.yellow',
  PUT: 'charts.blue',
  PATCH: 'charts.purple',
  DELETE: 'charts.red',
  HEAD: 'charts.foreground',
  OPTIONS: 'charts.foreground',
};

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Collection Format allows a description as a string or as `{content, type}`. Shown as
 * Markdown in a tooltip, without images: one would be fetched from its server on hover.
 */
function descriptionOf(v: unknown): string | undefined {
  const text = typeof v === 'string' ? v : isObj(v) && typeof v.content === 'string' ? v.content : undefined;
  return text ? withoutImages(text) : undefined;
}

export function requestUrl(request: unknown): string | undefined {
  if (!isObj(request)) {
    return undefined;
  }
  const url = request.url;
  if (typeof url === 'string') {
    return url;
  }
  return isObj(url) && typeof url.raw === 'string' ? url.raw : undefined;
}

/**
 * Rows for the items of a collection or folder. Works from the already-loaded item tree,
 * so a folder of any depth expands without a call; the work is proportional to the
 * folder's own children.
 */
export function itemRows(parent: Row, items: readonly unknown[], workspaceId: string, collectionUid: string): Row[] {
  const owner = ownerOf(collectionUid);
  return uniqueIds(items.map((item, index): Row => {
    const it: Obj = isObj(item) ? item : {};
    const name = displayName(typeof it.name === 'string' ? it.name : '');
    const itemId = typeof it.id === 'string' && it.id !== '' ? it.id : undefined;
    const id = `${parent.id}/${itemId ? encodeSegment(itemId) : `#${index}`}`;
    const webId = itemId && owner ? `${owner}-${itemId}` : undefined;
    if (Array.isArray(it.item)) {
      const description = descriptionOf(it.description);
      return {
        id,
        kind: 'folder',
        parent,
        label: name,
        description: `${it.item.length}`,
        tooltip: `**${md(name)}** · folder, ${it.item.length} item${it.item.length === 1 ? '' : 's'}${description ? `\n\n---\n\n${description}` : ''}`,
        icon: 'folder',
        expandable: it.item.length > 0,
        flags: ['folder', 'item', ...(itemId ? ['document'] : [])],
        items: it.item,
        workspaceId,
        collectionUid,
        ...(itemId ? { ids: { id: itemId, ...(webId ? { uid: webId } : {}) }, document: { kind: 'folder', uid: collectionUid, item: itemId } } : {}),
        ...(webId ? { webUrl: elementLink(workspaceId, 'folder', webId) } : {}),
      } satisfies Row;
    }
    const request = isObj(it.request) ? it.request : typeof it.request === 'string' ? { url: it.request, method: 'GET' } : {};
    const method = typeof request.method === 'string' ? request.method.toUpperCase() : 'GET';
    const url = requestUrl(request);
    const description = descriptionOf(request.description) ?? descriptionOf(it.description);
    const responses = Array.isArray(it.response) ? it.response : [];
    return {
      id,
      kind: 'request',
      parent,
      label: name,
      description: method,
      tooltip: `**${md(method)}** \`${(url ?? '(no URL)').replace(/`/g, "'")}\`${description ? `\n\n---\n\n${description}` : ''}`,
      icon: 'symbol-method',
      iconColor: METHOD_COLORS[method] ?? 'charts.foreground',
      expandable: responses.length > 0,
      flags: ['request', `method-${method.toLowerCase()}`, 'item', ...(itemId ? ['document'] : [])],
      items: responses,
      workspaceId,
      collectionUid,
      ...(itemId ? { ids: { id: itemId, ...(webId ? { uid: webId } : {}) }, document: { kind: 'request', uid: collectionUid, item: itemId } } : {}),
      ...(webId ? { webUrl: elementLink(workspaceId, 'request', webId) } : {}),
    } satisfies Row;
  }));
}

/** A request's saved responses (examples): each opens as a document of its own. */
export function responseRows(request: Row, responses: readonly unknown[]): Row[] {
  const collectionUid = request.collectionUid as string;
  return uniqueIds(responses.map((response, index): Row => {
    const r: Obj = isObj(response) ? response : {};
    const name = displayName(typeof r.name === 'string' ? r.name : '');
    const id = typeof r.id === 'string' && r.id !== '' ? r.id : undefined;
    const code = typeof r.code === 'number' ? r.code : undefined;
    return {
      id: `${request.id}/${id ? encodeSegment(id) : `#${index}`}`,
      kind: 'response',
      parent: request,
      label: name,
      ...(code !== undefined ? { description: String(code) } : {}),
      tooltip: `**${md(name)}** · saved response${code !== undefined ? ` · ${code}` : ''}${typeof r.status === 'string' ? ` ${md(r.status)}` : ''}`,
      icon: 'mail',
      ...(code !== undefined ? { iconColor: code >= 400 ? 'charts.red' : 'charts.green' } : {}),
      expandable: false,
      flags: ['response', 'item', ...(id ? ['document'] : [])],
      workspaceId: request.workspaceId,
      collectionUid,
      ...(id ? { ids: { id }, document: { kind: 'response', uid: collectionUid, item: id } } : {}),
    } satisfies Row;
  }));
}
