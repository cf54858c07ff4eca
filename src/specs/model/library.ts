import { validate, type ValidationResult } from '@readme/openapi-parser';
import { schemaErrors } from './schemaErrors';
import { isObject, type Spec } from './spec';
import type { SpecProblem } from './types';

/** The library prints a schema error with a code frame of the document (">  12 |"); its other errors are one sentence. */
const CODE_FRAME = /^>\s*\d+ \|/m;

/** HTTP methods of a path item, as the library walks them. */
const METHODS = ['get', 'post', 'put', 'delete', 'patch', 'options', 'head', 'trace'];

/**
 * The library names a place in its own words: `/paths/pets/{id}/get/parameters/id` (a path
 * template, a parameter by name) or `/components/securitySchemes/key`. Read back against the
 * document: the longest run of words that is a key (`/pets/{id}`, `application/json`), an
 * item of a list by its name.
 */
export function keysOf(id: string, document: unknown): string[] {
  const words = id.split('/').slice(1);
  const keys: string[] = [];
  let node = document;
  for (let i = 0; i < words.length; ) {
    const found = nextKey(node, words, i);
    if (!found) {
      break;
    }
    keys.push(found.key);
    node = (node as Record<string, unknown>)[found.key];
    i += found.words;
  }
  return keys;
}

function nextKey(node: unknown, words: string[], from: number): { key: string; words: number } | undefined {
  if (Array.isArray(node)) {
    const at = node.findIndex((item) => isObject(item) && item.name === words[from]);
    return at < 0 ? undefined : { key: String(at), words: 1 };
  }
  if (!isObject(node)) {
    return undefined;
  }
  for (let to = words.length; to > from; to--) {
    const joined = words.slice(from, to).join('/');
    const key = [joined, `/${joined}`].find((k) => Object.hasOwn(node, k));
    if (key !== undefined) {
      return { key, words: to - from };
    }
  }
  return undefined;
}

/** The operations with this operationId, in the document's order: [path, method]. */
function operationsWithId(document: Record<string, unknown>, operationId: string): string[][] {
  const found: string[][] = [];
  for (const [path, item] of Object.entries(isObject(document.paths) ? document.paths : {})) {
    for (const method of METHODS) {
      const operation = isObject(item) ? item[method] : undefined;
      if (isObject(operation) && operation.operationId === operationId) {
        found.push([path, method]);
      }
    }
  }
  return found;
}

/**
 * Validates the assembled document with @readme/openapi-parser, as OpenAPI 2.0, 3.0 or 3.1,
 * and shows each error at its place: schema errors by their path (schemaErrors.ts), the
 * library's other checks (duplicate operationIds, path parameters, security schemes…) by the
 * place their message names, anything else at the top of the root file.
 */
export async function libraryProblems(spec: Spec, root: string, document: Record<string, unknown>, check = validate): Promise<SpecProblem[]> {
  const problems: SpecProblem[] = [];
  const at = (keys: string[], message: string | ((name: string) => string), severity: SpecProblem['severity'] = 'error', atKey = false) => {
    const { at: place, stoppedAtRef } = spec.locate(root, keys);
    // Under a reference that cannot be followed, the library saw a stand-in: that reference's problem says it.
    if (!stoppedAtRef) {
      problems.push(spec.problem(place, message, severity, atKey));
    }
  };
  const duplicates = new Map<string, number>();
  const byMessage = (message: string, severity: SpecProblem['severity']) => {
    const text = message.replace(/`([^`]*)`/g, "'$1'");
    const operationId = /^The operationId `(.*)` is duplicated/.exec(message)?.[1];
    if (operationId !== undefined) {
      // The first operation keeps the id; the library reports each later one.
      const nth = (duplicates.get(operationId) ?? 0) + 1;
      duplicates.set(operationId, nth);
      at(['paths', ...(operationsWithId(document, operationId)[nth] ?? []), 'operationId'], text, severity);
    } else if (/`paths` object must begin with a leading slash/.test(message)) {
      for (const path of Object.keys(document.paths as object).filter((p) => !p.startsWith('/'))) {
        at(['paths', path], text, severity, true);
      }
    } else {
      const id = /`(\/[^`]*)`/.exec(message)?.[1];
      at(id === undefined ? [] : keysOf(id, document), text, severity);
    }
  };
  let result: ValidationResult;
  try {
    // `external: false`: the document has no reference to another file left (assemble.ts);
    // nothing is ever read from the disk or the network.
    result = await check(document as never, { dereference: { circular: 'ignore' }, resolve: { external: false } });
  } catch (err) {
    at([], `The spec could not be validated: ${err instanceof Error ? err.message : String(err)}`);
    return problems;
  }
  result.warnings.forEach((w) => byMessage(w.message, 'warning'));
  if (!result.valid) {
    const framed = result.errors.filter((e) => CODE_FRAME.test(e.message));
    result.errors.filter((e) => !framed.includes(e)).forEach((e) => byMessage(e.message, 'error'));
    if (framed.length > 0) {
      const located = schemaErrors(document);
      located.forEach((e) => at(e.keys, e.message, 'error', e.atKey));
      if (located.length === 0) {
        // Never expected (the same check on the same document), but an error is never dropped.
        framed.forEach((e) => at([], e.message.split('\n')[0]));
      }
    }
    if (result.additionalErrors > 0) {
      at([], `There are ${result.additionalErrors} more errors: fix these and validate again to see them.`);
    }
  }
  return problems;
}
