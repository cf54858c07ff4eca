/**
 * Reads Postman's OpenAPI description (the fixture copy) and lists the named example
 * responses of the operations the extension uses.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { parse } from 'yaml';
import { SPEC_PATH } from './prism';

export const SPEC_SHA256 = '30c7a6b80cd37c256de70356b2902375c664e61f365edc1a2b611c914aeeab41';

export interface Example {
  method: string;
  /** The spec's path template, e.g. /collections/{collectionId}. */
  path: string;
  code: number;
  contentType: string;
  name: string;
  value: unknown;
}

type Obj = Record<string, unknown>;

let cached: Obj | undefined;

export function loadSpec(): Obj {
  if (!cached) {
    const text = fs.readFileSync(SPEC_PATH);
    const digest = createHash('sha256').update(text).digest('hex');
    if (digest !== SPEC_SHA256) {
      throw new Error(`${SPEC_PATH} is not the copy its README describes (sha256 ${digest})`);
    }
    cached = parse(text.toString('utf8'), { maxAliasCount: -1 }) as Obj;
  }
  return cached;
}

function resolve(spec: Obj, node: unknown): Obj {
  let n = node as Obj;
  for (let i = 0; n && typeof n.$ref === 'string' && i < 20; i++) {
    const parts = (n.$ref as string).replace(/^#\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    n = parts.reduce<Obj>((o, k) => o[k] as Obj, spec);
  }
  return n;
}

/** Every named example response of one operation, in the spec's order. */
export function examples(method: string, pathTemplate: string): Example[] {
  const spec = loadSpec();
  const op = ((spec.paths as Obj)[pathTemplate] as Obj | undefined)?.[method.toLowerCase()] as Obj | undefined;
  if (!op) {
    throw new Error(`The spec has no ${method} ${pathTemplate}`);
  }
  const out: Example[] = [];
  for (const [code, response] of Object.entries(op.responses as Obj)) {
    const content = (resolve(spec, response).content ?? {}) as Obj;
    for (const [contentType, media] of Object.entries(content)) {
      for (const [name, example] of Object.entries(((media as Obj).examples ?? {}) as Obj)) {
        out.push({ method: method.toUpperCase(), path: pathTemplate, code: Number(code), contentType, name, value: resolve(spec, example).value });
      }
    }
  }
  return out;
}
