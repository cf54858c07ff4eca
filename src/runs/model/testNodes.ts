/** A folder or request of a collection as the Test Explorer lists it. */
export type TestNode =
  | { kind: 'folder'; id: string; name: string; children: TestNode[] }
  | { kind: 'request'; id: string; name: string; method: string };

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The folders and requests of a collection's item tree, in order. Items without an id are
 * left out (the runtime runs an item by its id); so are empty ids and folders nested beyond
 * any real collection's depth.
 */
export function testNodes(items: readonly unknown[], depth = 0): TestNode[] {
  if (depth > 64) {
    return [];
  }
  return items.flatMap((item): TestNode[] => {
    if (!isObj(item) || typeof item.id !== 'string' || item.id === '') {
      return [];
    }
    const name = typeof item.name === 'string' ? item.name : '';
    if (Array.isArray(item.item)) {
      return [{ kind: 'folder', id: item.id, name, children: testNodes(item.item, depth + 1) }];
    }
    const request = item.request;
    const method = isObj(request) && typeof request.method === 'string' ? request.method.toUpperCase() : 'GET';
    return [{ kind: 'request', id: item.id, name, method }];
  });
}
