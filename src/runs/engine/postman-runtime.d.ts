// The parts of postman-runtime (it ships no types) and postman-request that the engine uses.
// postman-collection's own declarations are in its package (types/index.d.ts, referenced
// from engine.ts), which its package.json does not name.

declare module 'postman-runtime' {
  export interface Cursor {
    position: number;
    iteration: number;
    length: number;
    ref: string;
  }
  export interface RuntimeRun {
    start(callbacks: Record<string, (...args: never[]) => void>): void;
    abort(): void;
  }
  export class Runner {
    constructor(options?: object);
    run(collection: unknown, options: object, callback: (err: Error | null, run: RuntimeRun) => void): void;
  }
}

declare module 'postman-request' {
  export function jar(): unknown;
}
