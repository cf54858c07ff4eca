import { normalizePath, type Place, type Tree, walk } from './refs';
import { type SourceNode, SourceFile } from './sources';
import type { SpecFile, SpecProblem } from './types';

/** The most code points of one problem's message. */
export const MAX_MESSAGE = 300;

/** One line of plain text, at most MAX_MESSAGE code points: the library's and the spec's words can be long. */
export function bounded(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > MAX_MESSAGE ? `${chars.slice(0, MAX_MESSAGE - 1).join('')}…` : chars.join('');
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const INDEX = /^(0|[1-9]\d*)$/;

/** What a node is called in a message: 'version', Item 2 of 'parameters', The document. */
export function nameOf(node: SourceNode): string {
  if (node.name !== undefined) {
    return `'${node.name}'`;
  }
  return node.item ? `Item ${node.item.index + 1} of ${nameOf(node.item.list).replace(/^[A-Z]/, (c) => c.toLowerCase())}` : 'The document';
}

/** The files of a spec, parsed, by normalized path; and the two walks over them. */
export class Spec {
  readonly files = new Map<string, SourceFile>();

  /** The parsed values (what is validated). */
  readonly values: Tree<unknown> = {
    root: (file) => this.files.get(file)?.value,
    child: (node, key) => {
      if (Array.isArray(node)) {
        return INDEX.test(key) ? node[Number(key)] : undefined;
      }
      return isObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
    },
    refOf: (node) => (isObject(node) && typeof node.$ref === 'string' ? node.$ref : undefined),
  };

  /** Where things are in the files' text (what problems are shown at). */
  readonly sources: Tree<SourceNode> = {
    root: (file) => {
      const source = this.files.get(file);
      return source?.value === undefined ? undefined : source.tree();
    },
    child: (node, key) => (node.items ? (INDEX.test(key) ? node.items[Number(key)] : undefined) : node.props?.get(key)),
    refOf: (node) => node.props?.get('$ref')?.text,
  };

  constructor(files: SpecFile[]) {
    for (const file of files) {
      const path = normalizePath(file.path);
      if (path !== undefined) {
        this.files.set(path, new SourceFile(file.path, file.content));
      }
    }
  }

  /**
   * Where `keys` lead from the root of `file`, following `$ref`s into the files they name, or
   * the deepest place reached. `stoppedAtRef`: a reference that cannot be followed stopped it.
   */
  locate(file: string, keys: readonly string[]): { at: Place<SourceNode>; stoppedAtRef: boolean } {
    const { at, complete } = walk(this.sources, { file, node: this.sources.root(file) as SourceNode }, keys);
    return { at, stoppedAtRef: !complete && this.sources.refOf(at.node) !== undefined };
  }

  /**
   * A problem at a node: at its key when asked (a property that should not be there) or when
   * the node is a mapping or a sequence (the key names it; its text can be long), else at the
   * node itself; a collection without a key (an item, the root) on its first line.
   */
  problem(at: Place<SourceNode>, message: string | ((name: string) => string), severity: SpecProblem['severity'] = 'error', atKey = false): SpecProblem {
    const source = this.files.get(at.file) as SourceFile;
    const { node } = at;
    const collection = node.props !== undefined || node.items !== undefined;
    // (A YAML collection's end is not known: its first line is.)
    const firstLine = () => Math.min(source.lineEnd(node.start), node.end > node.start ? node.end : Infinity);
    const [start, end] = node.key && (atKey || collection) ? node.key : collection ? [node.start, firstLine()] : [node.start, node.end];
    const text = typeof message === 'string' ? message : message(nameOf(node));
    return { path: source.path, message: bounded(text), severity, range: source.range(start, end) };
  }
}
