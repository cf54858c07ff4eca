import { assemble, References } from './assemble';
import { libraryProblems } from './library';
import { normalizePath } from './refs';
import { bounded, isObject, Spec } from './spec';
import type { SpecInput, SpecProblem } from './types';

export type { SpecFile, SpecInput, SpecProblem, SpecRange } from './types';

const TOP = { startLine: 0, startColumn: 0, endLine: 0, endColumn: 1 };

/**
 * Validates a spec held in Spec Hub: every file's syntax (YAML, or JSON for `.json` files),
 * every `$ref` between its files, and the whole spec as OpenAPI 2.0 (Swagger), 3.0 or 3.1
 * with @readme/openapi-parser. Each problem is in the file it is in, at its line. Only the
 * given files are read: a reference to anything else is a problem, never a fetch.
 *
 * This is the entry of dist/specValidator.js, loaded on first use (../validatorLoader.ts).
 */
export async function validateSpec(input: SpecInput): Promise<SpecProblem[]> {
  const spec = new Spec(input.files);
  const problems: SpecProblem[] = [];
  for (const source of spec.files.values()) {
    for (const e of source.errors) {
      problems.push({ path: source.path, message: bounded(e.message), severity: 'error', range: source.range(e.start, e.end) });
    }
  }
  const root = normalizePath(input.root) ?? '';
  const top = spec.files.get(root)?.value;
  if (!spec.files.has(root)) {
    problems.push({ path: input.root, message: bounded(`The root file ${input.root} is not one of the spec's files.`), severity: 'error', range: TOP });
  } else if (top !== undefined) {
    problems.push(...(await wholeSpec(spec, root, top)));
  }
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.path, p.range, p.message]);
    return !seen.has(key) && seen.add(key) !== undefined;
  });
}

async function wholeSpec(spec: Spec, root: string, top: unknown): Promise<SpecProblem[]> {
  if (!isObject(top) || Array.isArray(top) || !('openapi' in top || 'swagger' in top)) {
    return [spec.problem(spec.locate(root, []).at, "This file is not an OpenAPI definition (it has no 'openapi' or 'swagger' at the top), so it was not validated.", 'warning')];
  }
  if (!('swagger' in top)) {
    const version = top.openapi;
    const words =
      typeof version !== 'string'
        ? `'openapi' must be a string, such as "3.1.0" (in YAML, put it in quotes).`
        : !/^3\.[01](\.|$)/.test(version)
          ? `OpenAPI ${version} cannot be validated here: OpenAPI 3.0 and 3.1, and Swagger 2.0, can.`
          : undefined;
    if (words) {
      return [spec.problem(spec.locate(root, ['openapi']).at, words)];
    }
  }
  const refs = new References(spec);
  // Before assembling, which replaces the references it follows.
  const refProblems = refs.problems();
  const document = assemble(spec, root, top, refs) as Record<string, unknown>;
  return [...refProblems, ...(await libraryProblems(spec, root, document))];
}
