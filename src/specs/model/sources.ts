import { EVENT_ID, type Event, getScalarValue, load, parseEvents, SCALAR_STYLE, YAMLException } from 'js-yaml';
import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { SpecRange } from './types';

/**
 * A node of a parsed file with where it is (offsets into the text): what problems are shown
 * at. Built only when a problem in the file needs a position: a valid spec never builds one.
 */
export interface SourceNode {
  start: number;
  end: number;
  /** The key's offsets and text, when the node is the value of a mapping entry. */
  key?: [number, number];
  name?: string;
  /** The list and the place in it, when the node is an item of a sequence. */
  item?: { list: SourceNode; index: number };
  /** A mapping's entries. */
  props?: Map<string, SourceNode>;
  /** A sequence's items. */
  items?: SourceNode[];
  /** A scalar's text (a `$ref` value is read from it). */
  text?: string;
}

/** A syntax error, by offsets into the text. */
export interface SyntaxProblem {
  message: string;
  start: number;
  end: number;
}

/** The most syntax errors reported for one JSON file: after the first few, they are mostly echoes. */
export const MAX_SYNTAX_ERRORS = 10;

/**
 * The most nodes a YAML file may hold once its aliases are expanded. An alias shares its
 * anchor's value, so a few lines (`b: [*a, *a, …]`, `c: [*b, *b, …]`) can stand for billions
 * of nodes, which every walk of the spec (and the validation) would visit. A 1 MB spec has
 * about 100,000.
 */
export const MAX_NODES = 2_000_000;

/** One file of the spec, parsed: its value for validation, its errors, and (on demand) where things are. */
export class SourceFile {
  readonly text: string;
  readonly json: boolean;
  /** The parsed value; undefined when the file has syntax errors. */
  readonly value: unknown;
  readonly errors: SyntaxProblem[];
  private sourceTree: SourceNode | undefined;
  private lineStarts: number[] | undefined;

  /** `path` is the file's path as the caller gave it (problems carry it back). */
  constructor(
    readonly path: string,
    content: string,
  ) {
    // VS Code's editors leave a byte order mark out of their text, and so out of their positions.
    this.text = content.replace(/^\uFEFF/, '');
    this.json = /\.json$/i.test(path);
    const { value, errors } = this.json ? parseJson(this.text) : parseYaml(this.text);
    this.value = value;
    this.errors = errors;
  }

  /** Where everything in the file is (built on first use; only for a file without syntax errors). */
  tree(): SourceNode {
    this.sourceTree ??= this.json ? jsonTree(parseTree(this.text) as Node) : yamlTree(this.text);
    return this.sourceTree;
  }

  /** Offsets as a range; an empty range grows to one character so that it shows. */
  range(start: number, end: number): SpecRange {
    const from = this.position(start);
    const to = this.position(Math.max(end, start + 1));
    return { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column };
  }

  /** Offset of the end of the line `offset` is on (before its line break). */
  lineEnd(offset: number): number {
    const at = this.text.slice(offset).search(/[\r\n]/);
    return at < 0 ? this.text.length : offset + at;
  }

  private position(offset: number): { line: number; column: number } {
    const starts = (this.lineStarts ??= lineStarts(this.text));
    const clamped = Math.min(offset, this.text.length);
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= clamped) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return { line: low, column: clamped - starts[low] };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) {
    starts.push(m.index + m[0].length);
  }
  return starts;
}

function parseJson(text: string): { value: unknown; errors: SyntaxProblem[] } {
  try {
    return { value: JSON.parse(text), errors: [] };
  } catch {
    // JSON.parse is fast but tells little of where; jsonc-parser, strict, says where each error is.
    const found: ParseError[] = [];
    parseTree(text, found, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const errors = found.slice(0, MAX_SYNTAX_ERRORS).map((e) => ({ message: words(printParseErrorCode(e.error)), start: e.offset, end: e.offset + e.length }));
    return { value: undefined, errors: errors.length > 0 ? errors : [{ message: 'Not valid JSON', start: 0, end: 0 }] };
  }
}

/** `CloseBraceExpected` → `Close brace expected`. */
function words(code: string): string {
  return code.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').replace(/ [A-Z]/g, (s) => s.toLowerCase());
}

function parseYaml(text: string): { value: unknown; errors: SyntaxProblem[] } {
  try {
    // js-yaml's default schema is YAML 1.2's core schema: no dates, no `<<` merges, as OpenAPI expects.
    const value = load(text);
    if (tooLarge(value)) {
      return { value: undefined, errors: [{ message: `This file has more than ${MAX_NODES.toLocaleString('en')} nodes once its aliases (*name) are expanded: it was not validated.`, start: 0, end: 0 }] };
    }
    return { value, errors: [] };
  } catch (err) {
    const at = err instanceof YAMLException ? (err.mark?.position ?? 0) : 0;
    const message = err instanceof YAMLException ? err.reason : String(err);
    return { value: undefined, errors: [{ message: capitalized(message), start: at, end: at }] };
  }
}

/**
 * Whether `value`, walked as a tree (every alias expanded), has more than MAX_NODES nodes.
 * Counted once per shared value, so the count costs what the file holds, not what it expands to.
 */
function tooLarge(value: unknown): boolean {
  const sizes = new Map<object, number>();
  const size = (v: unknown): number => {
    if (typeof v !== 'object' || v === null) {
      return 1;
    }
    let n = sizes.get(v);
    if (n === undefined) {
      sizes.set(v, 1); // a recursive alias is walked once
      n = Object.values(v).reduce((sum: number, child) => sum + size(child), 1);
      sizes.set(v, n);
    }
    return n;
  };
  return size(value) > MAX_NODES;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function jsonTree(node: Node): SourceNode {
  const out: SourceNode = { start: node.offset, end: node.offset + node.length };
  if (node.type === 'object') {
    out.props = new Map();
    // An object's children are its properties, each with a key and (JSON.parse succeeded) a value.
    for (const [key, value] of (node.children as Node[]).map((p) => p.children as Node[])) {
      const child = jsonTree(value);
      child.key = [key.offset, key.offset + key.length];
      child.name = String(key.value);
      // JSON.parse keeps the last of repeated keys, and so does this.
      out.props.set(child.name, child);
    }
  } else if (node.type === 'array') {
    out.items = (node.children as Node[]).map((item, index) => Object.assign(jsonTree(item), { item: { list: out, index } }));
  } else if (node.type === 'string') {
    out.text = String(node.value);
  }
  return out;
}

/** The tree of a YAML file from js-yaml's event stream, which carries source offsets. */
function yamlTree(text: string): SourceNode {
  const events = parseEvents(text, {});
  const anchors = new Map<string, SourceNode>();
  let i = 1; // after the document event
  const next = (fallback: number): SourceNode => {
    const e = events[i++] as Exclude<Event, { type: typeof EVENT_ID.DOCUMENT | typeof EVENT_ID.POP }>;
    let node: SourceNode;
    if (e.type === EVENT_ID.SCALAR) {
      const quoted = e.style === SCALAR_STYLE.SINGLE_QUOTED || e.style === SCALAR_STYLE.DOUBLE_QUOTED ? 1 : 0;
      node = e.valueStart < 0 ? { start: fallback, end: fallback } : { start: e.valueStart - quoted, end: e.valueEnd + quoted, text: getScalarValue(text, e) };
    } else if (e.type === EVENT_ID.ALIAS) {
      node = { ...anchors.get(text.slice(e.anchorStart, e.anchorEnd)), start: e.anchorStart - 1, end: e.anchorEnd };
    } else if (e.type === EVENT_ID.MAPPING) {
      const props = new Map<string, SourceNode>();
      node = { start: e.start, end: e.start, props };
      while (events[i].type !== EVENT_ID.POP) {
        const key = next(e.start);
        const value = next(key.end);
        value.key = [key.start, key.end];
        value.name = key.text ?? '';
        props.set(value.name, value);
      }
      i++;
    } else {
      const items: SourceNode[] = [];
      node = { start: e.start, end: e.start, items };
      while (events[i].type !== EVENT_ID.POP) {
        items.push(Object.assign(next(e.start), { item: { list: node, index: items.length } }));
      }
      i++;
    }
    if (e.anchorStart >= 0) {
      anchors.set(text.slice(e.anchorStart, e.anchorEnd), node);
    }
    return node;
  };
  return next(0);
}
