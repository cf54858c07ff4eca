import * as path from 'node:path';
import type { validateSpec } from './model/validator';

let validator: { validateSpec: typeof validateSpec } | undefined;

/**
 * The spec validator (@readme/openapi-parser, Ajv and the OpenAPI schemas), loaded from its
 * own bundle (dist/specValidator.js, built by esbuild.mjs beside the extension's) when the
 * first spec file is opened: activation and browsing never load it.
 */
export function loadSpecValidator(extensionPath: string): { validateSpec: typeof validateSpec } {
  if (!validator) {
    // A plain require of a path known only at run time: esbuild leaves it to Node.
    const load = require as (id: string) => { validateSpec: typeof validateSpec };
    validator = { validateSpec: load(path.join(extensionPath, 'dist', 'specValidator.js')).validateSpec };
  }
  return validator;
}

/** Whether the validator has been loaded in this window (tests check that activation never loads it). */
export function specValidatorLoaded(): boolean {
  return validator !== undefined;
}
