/** Small checks shared by the document kinds. */

/** A save refused before anything was sent; the message says why and what to do. */
export class SaveRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SaveRefused';
  }
}

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Refuses a save before anything is sent, saying what to fix. */
export function refuse(problem: string): never {
  throw new SaveRefused(`Not saved: ${problem}. Nothing was sent to Postman.`);
}

/** A `values` array of variables, each an object with a `key` string (environments and globals). */
export function checkVariables(values: unknown, owner: string): void {
  if (!Array.isArray(values)) {
    refuse(`${owner} needs a "values" array of variables`);
  }
  (values as unknown[]).forEach((v, i) => {
    if (!isObj(v) || typeof v.key !== 'string') {
      refuse(`"values[${i}]" must be an object with a "key" string`);
    }
  });
}
