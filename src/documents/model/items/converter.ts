import * as path from 'node:path';
import type * as convert from './convert';

/** The conversion between Postman's item format and Collection Format v2.1 (./convert, with postman-collection-transformer). */
export type ItemConverter = Pick<typeof convert, 'toDocument' | 'toWire' | 'newWire' | 'checkItem'>;

let load: () => ItemConverter = () => (require as (id: string) => ItemConverter)(path.join(__dirname, 'convert'));
let loaded: ItemConverter | undefined;

/**
 * The item converter, loaded on first use: postman-collection-transformer (and lodash) stay
 * out of start-up. Plain Node (tests, the benchmark) loads ./convert beside this file; the
 * extension sets where its own bundle is (dist/itemConverter.js).
 */
export function itemConverter(): ItemConverter {
  loaded ??= load();
  return loaded;
}

/** Where the extension's converter bundle is: set once at activation, before any item is opened. */
export function useItemConverterFrom(loader: () => ItemConverter): void {
  load = loader;
  loaded = undefined;
}

/** Whether the converter has been loaded in this process (tests check that browsing never loads it). */
export function itemConverterLoaded(): boolean {
  return loaded !== undefined;
}
