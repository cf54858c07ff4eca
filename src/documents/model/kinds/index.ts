import type { DocumentKind, KindBehaviour } from '../documentKind';
import { collectionKind } from './collection';
import { environmentKind } from './environment';
import { globalsKind } from './globals';
import { itemKind } from './item';
import { specFileKind } from './specFile';

/**
 * Every kind of `postman:` document, one entry each. Adding a kind is adding an entry (and
 * its file); nothing else branches on the kind.
 */
export const KINDS: Record<DocumentKind, KindBehaviour> = {
  collection: collectionKind as KindBehaviour,
  environment: environmentKind as KindBehaviour,
  globals: globalsKind as KindBehaviour,
  specFile: specFileKind as KindBehaviour,
  folder: itemKind('folder') as KindBehaviour,
  request: itemKind('request') as KindBehaviour,
  response: itemKind('response') as KindBehaviour,
};

/** The kinds whose URI's file name ends in a suffix of their own, longest suffix first (so no suffix can shadow a longer one). */
export function suffixedKinds(): DocumentKind[] {
  return (Object.keys(KINDS) as DocumentKind[])
    .filter((k) => KINDS[k].suffix !== undefined)
    .sort((a, b) => (KINDS[b].suffix as string).length - (KINDS[a].suffix as string).length);
}
