import * as path from 'node:path';
import type { Engine } from './model/types';

let engine: Engine | undefined;

/**
 * Postman's runtime, loaded on the first send from its own bundle (dist/runtime.js, built by
 * esbuild.mjs beside the extension's): activation and browsing never load it.
 */
export function loadEngine(extensionPath: string): Engine {
  if (!engine) {
    // A plain require of a path known only at run time: esbuild leaves it to Node.
    const load = require as (id: string) => { createEngine(): Engine };
    engine = load(path.join(extensionPath, 'dist', 'runtime.js')).createEngine();
  }
  return engine;
}

/** Whether the runtime has been loaded in this window (tests check that browsing never loads it). */
export function engineLoaded(): boolean {
  return engine !== undefined;
}
