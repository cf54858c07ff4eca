import { type Node, parseTree } from 'jsonc-parser';

/** A request of a collection's JSON text, where its object starts: a "Send" lens goes there. */
export interface RequestLocation {
  id: string;
  name: string;
  method: string;
  /** Offset of the request item's `{` in the text. */
  offset: number;
}

function property(node: Node, key: string): Node | undefined {
  return node.children?.find((p) => p.type === 'property' && p.children?.[0]?.value === key)?.children?.[1];
}

/**
 * Every request item (an object with a `request`) in a Collection v2.1 text, at any folder
 * depth, in text order. Tolerates text being edited: what cannot be parsed yields what can.
 * Items without an id are left out: the runtime finds an item to send by its id.
 */
export function requestLocations(text: string): RequestLocation[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const found: RequestLocation[] = [];
  const walk = (items: Node | undefined, depth: number) => {
    if (!items || items.type !== 'array' || depth > 64) {
      return;
    }
    for (const item of items.children ?? []) {
      if (item.type !== 'object') {
        continue;
      }
      const request = property(item, 'request');
      const id = property(item, 'id')?.value;
      if (request && typeof id === 'string' && id !== '') {
        const method = request.type === 'object' ? property(request, 'method')?.value : undefined;
        const name = property(item, 'name')?.value;
        found.push({ id, name: typeof name === 'string' ? name : '', method: typeof method === 'string' ? method.toUpperCase() : 'GET', offset: item.offset });
      }
      walk(property(item, 'item'), depth + 1);
    }
  };
  if (root?.type === 'object') {
    walk(property(root, 'item'), 0);
  }
  return found;
}
