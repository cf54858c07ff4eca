import { type Place, parseRef, walk } from './refs';
import { isObject, type Spec } from './spec';
import type { SpecProblem } from './types';

/** Where a `$ref` leads, or why not (neither: the file it names has syntax errors, reported there). */
export interface Resolution {
  place?: Place<unknown>;
  problem?: string;
}

/** Resolves `$ref`s by the file they are written in, each once. */
export class References {
  private readonly cache = new Map<string, Resolution>();

  constructor(private readonly spec: Spec) {}

  resolve(file: string, ref: string): Resolution {
    const key = `${file}#${ref}`;
    let found = this.cache.get(key);
    if (!found) {
      found = this.find(file, ref);
      this.cache.set(key, found);
    }
    return found;
  }

  private find(file: string, ref: string): Resolution {
    const target = parseRef(file, ref);
    if ('problem' in target) {
      return target;
    }
    const source = this.spec.files.get(target.file);
    if (!source) {
      return { problem: `The reference '${ref}' names the file ${target.file}, which is not in this spec.` };
    }
    if (source.value === undefined) {
      return {};
    }
    const { at, complete } = walk(this.spec.values, { file: target.file, node: source.value }, target.pointer);
    return complete ? { place: at } : { problem: `The reference '${ref}' leads nowhere: there is nothing at #/${target.pointer.join('/')} in ${target.file}.` };
  }

  /** Every `$ref` of every file that cannot be followed, at its value. */
  problems(): SpecProblem[] {
    const problems: SpecProblem[] = [];
    for (const [file, source] of this.spec.files) {
      eachRef(source.value, [], (ref, path) => {
        const found = this.resolve(file, ref);
        if (found.problem !== undefined) {
          problems.push(this.spec.problem(this.spec.locate(file, [...path, '$ref']).at, found.problem));
        }
      });
    }
    return problems;
  }
}

function eachRef(value: unknown, path: string[], found: (ref: string, path: string[]) => void, ancestors = new Set<object>()): void {
  if (!isObject(value) || ancestors.has(value)) {
    return;
  }
  if (typeof value.$ref === 'string') {
    found(value.$ref, path);
  }
  ancestors.add(value);
  for (const key of Object.keys(value)) {
    path.push(key);
    eachRef(value[key], path, found, ancestors);
    path.pop();
  }
  ancestors.delete(value);
}

/**
 * The whole spec as one document, each `$ref` replaced by what it leads to (in place: the
 * parsed values are this run's own). A reference that cannot be followed, or that leads back
 * into itself (a recursive schema), becomes `{ $ref: '#' }`: a valid reference object the
 * library leaves alone, so the rest of the spec is still validated.
 */
export function assemble(spec: Spec, root: string, top: unknown, refs: References): unknown {
  const done = new Set<object>();
  const open = new Set<object>();
  const visit = (value: unknown, file: string): unknown => {
    if (!isObject(value)) {
      return value;
    }
    const ref = spec.values.refOf(value);
    if (ref !== undefined) {
      const found = refs.resolve(file, ref);
      if (!found.place || open.has(found.place.node as object)) {
        return { $ref: '#' };
      }
      const resolved = visit(found.place.node, found.place.file);
      const beside = Object.keys(value).filter((k) => k !== '$ref');
      if (beside.length === 0 || !isObject(resolved) || Array.isArray(resolved)) {
        return resolved;
      }
      // A summary or description beside the $ref (OpenAPI 3.1) wins over the target's.
      const merged: Record<string, unknown> = { ...resolved };
      for (const key of beside) {
        merged[key] = visit(value[key], file);
      }
      return merged;
    }
    if (open.has(value)) {
      return { $ref: '#' };
    }
    if (!done.has(value)) {
      open.add(value);
      for (const key of Object.keys(value)) {
        value[key] = visit(value[key], file);
      }
      open.delete(value);
      done.add(value);
    }
    return value;
  };
  return visit(top, root);
}
