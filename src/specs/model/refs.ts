/**
 * `$ref`s between the files of a spec. A reference is followed only to a file of the spec
 * itself, by its path relative to the referring file's folder: never to the disk or the
 * network, whatever it says.
 */

/** Where a `$ref` leads: a file of the spec (normalized path) and the pointer's segments in it. */
export interface RefTarget {
  file: string;
  pointer: string[];
}

/** A file path in the spec with `.`, `..` and empty segments resolved; undefined when it climbs above the spec. */
export function normalizePath(path: string): string | undefined {
  const out: string[] = [];
  for (const segment of path.replace(/\\/g, '/').split('/')) {
    if (segment === '..') {
      if (out.length === 0) {
        return undefined;
      }
      out.pop();
    } else if (segment !== '' && segment !== '.') {
      out.push(segment);
    }
  }
  return out.join('/');
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Where `ref`, written in the file `from` (normalized), leads; or why it cannot be followed. */
export function parseRef(from: string, ref: string): RefTarget | { problem: string } {
  const hash = ref.indexOf('#');
  const location = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? '' : decoded(ref.slice(hash + 1));
  // A scheme (http:, file:, C:), a host (//host) or an absolute path: outside the spec's own files.
  const file = /^([a-z][a-z\d+.-]*:|[/\\])/i.test(location)
    ? undefined
    : location === ''
      ? from
      : normalizePath(`${from.slice(0, from.lastIndexOf('/') + 1)}${decoded(location)}`);
  if (file === undefined) {
    return { problem: `The reference '${ref}' points outside this spec: only the spec's own files are used, nothing is fetched.` };
  }
  if (fragment !== '' && !fragment.startsWith('/')) {
    return { problem: `The reference '${ref}' is not a JSON pointer: after '#' it should read like /components/schemas/Pet.` };
  }
  return { file, pointer: fragment.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')) };
}

/** The same walk over parsed values and over source trees. */
export interface Tree<N> {
  /** The root of a file; undefined when the spec has no such file or it did not parse. */
  root(file: string): N | undefined;
  child(node: N, key: string): N | undefined;
  /** The `$ref` string of a reference object. */
  refOf(node: N): string | undefined;
}

export interface Place<N> {
  file: string;
  node: N;
}

/** How many `$ref`s one walk may follow: a chain longer than this is a loop. */
export const MAX_HOPS = 64;

/**
 * Follows `keys` from `start`, following `$ref`s on the way and at the end: a key that sits
 * beside a `$ref` (a summary, a description) is taken from there, anything else from where
 * the reference leads. `complete` is false when a key is missing or a reference cannot be
 * followed; `at` is then the deepest place reached (the reference, if one stopped the walk).
 */
export function walk<N>(tree: Tree<N>, start: Place<N>, keys: readonly string[], hops = { left: MAX_HOPS }): { at: Place<N>; complete: boolean } {
  let at = start;
  for (let i = 0; i <= keys.length; i++) {
    for (let ref = tree.refOf(at.node); ref !== undefined && (i === keys.length || tree.child(at.node, keys[i]) === undefined); ref = tree.refOf(at.node)) {
      const target = parseRef(at.file, ref);
      const root = 'problem' in target ? undefined : tree.root(target.file);
      if (hops.left-- <= 0 || root === undefined) {
        return { at, complete: false };
      }
      const { file, pointer } = target as RefTarget;
      const inner = walk(tree, { file, node: root }, pointer, hops);
      if (!inner.complete) {
        return { at, complete: false };
      }
      at = inner.at;
    }
    const node = i < keys.length ? tree.child(at.node, keys[i]) : at.node;
    if (node === undefined) {
      return { at, complete: false };
    }
    at = { file: at.file, node };
  }
  return { at, complete: true };
}
