import { safeFileName } from '../../text/fileName';
import { isObj, refuse } from '../../documents/model/checks';
import { parseJson, serialize } from '../../documents/model/content';
import type { Address } from '../../documents/model/documentKind';
import type { CollectionDocument, EnvironmentDocument, PostmanClient } from '../../postman';
import { canonicalCollection, canonicalEnvironment, canonicalText, keepSecrets } from './canonical';
import { isSafeLinkPath, type Link, type LinkKind } from './linksFile';

/**
 * What each kind of link is, as one entry of a table (the sync, the commands and the CLI read
 * it and never branch on a kind): where its file goes, how Postman's copy is read and
 * written as files, and how a file is normalised for the hash.
 *
 * A link is made of parts: one for a collection or an environment (the file itself, path
 * `''`), one per file for a spec (the link's path is then a folder). Each part is saved
 * through the document kind of its address, with the editors' conflict-safe save.
 */

export interface Part {
  /** Relative to the link's path: `''` for a link that is one file, a spec file's own path for a spec. */
  path: string;
  /** The `postman:` document the part is saved as. */
  address: Address;
  /** Postman's copy of this part, as read. */
  value: object;
  /** Its canonical text: what the file holds after a pull. */
  text: string;
}

export interface Remote {
  name: string;
  parts: Part[];
}

export interface LinkedKind {
  /** How messages name it. */
  readonly noun: string;
  /** The folder new links of this kind are written under. */
  readonly folder: string;
  /** A spec's link is a folder of its files; the others are one file. */
  readonly isFolder: boolean;
  /** The default path (relative to the workspace folder) for a resource of this name. */
  defaultPath(name: string): string;
  /** Postman's current copy as parts (past every cache). */
  read(client: PostmanClient, link: Link): Promise<Remote>;
  /** The canonical text of a part's value (as read, or as read back after a save). */
  partText(value: object, link: Link): string;
  /** A file's text normalised like Postman's copy; throws a SaveRefused saying what is wrong with it. */
  normalise(text: string, link: Link): string;
  /** The text a push sends for a changed part, given Postman's copy of it. */
  outgoing(text: string, postman: object): string;
}

const collection: LinkedKind = {
  noun: 'collection',
  folder: 'postman/collections',
  isFolder: false,
  defaultPath: (name) => `postman/collections/${safeFileName(name)}.postman_collection.json`,
  read: async (client, link) => {
    const value = await client.getCollection(link.uid);
    return { name: value.info.name, parts: [{ path: '', address: { kind: 'collection', uid: link.uid }, value, text: canonicalText(canonicalCollection(value)) }] };
  },
  partText: (value) => canonicalText(canonicalCollection(value as CollectionDocument)),
  normalise: (text) => {
    const value = parseJson(text, 'The collection file');
    if (!isObj(value)) {
      refuse('a collection file must hold a JSON object');
    }
    return canonicalText(canonicalCollection(value));
  },
  outgoing: (text) => text,
};

const environment: LinkedKind = {
  noun: 'environment',
  folder: 'postman/environments',
  isFolder: false,
  defaultPath: (name) => `postman/environments/${safeFileName(name)}.postman_environment.json`,
  read: async (client, link) => {
    const value = await client.getEnvironment(link.uid);
    return { name: value.name, parts: [{ path: '', address: { kind: 'environment', uid: link.uid }, value, text: environment.partText(value, link) }] };
  },
  partText: (value, link) => canonicalText(canonicalEnvironment(value as EnvironmentDocument, link.writeSecrets === true)),
  // The file's values as they are: a secret typed into a file whose link leaves secrets out is a
  // change here (a push sends it, then writes the file back without it), never silently dropped.
  normalise: (text) => {
    const value = parseJson(text, 'The environment file');
    if (!isObj(value)) {
      refuse('an environment file must hold a JSON object');
    }
    return canonicalText(canonicalEnvironment(value, true));
  },
  outgoing: (text, postman) => {
    const value = parseJson(text, 'The environment file');
    if (!isObj(value) || !Array.isArray(value.values)) {
      // The document kind's own parse says what is missing.
      return text;
    }
    return serialize(keepSecrets(value as unknown as EnvironmentDocument, postman as EnvironmentDocument));
  },
};

const spec: LinkedKind = {
  noun: 'spec',
  folder: 'postman/specs',
  isFolder: true,
  defaultPath: (name) => `postman/specs/${safeFileName(name)}`,
  read: async (client, link) => {
    const summary = await client.getSpec(link.uid);
    const refs = await client.listSpecFiles(link.uid);
    const parts: Part[] = [];
    // One at a time: the client paces every call, and a spec rarely has more than a few files.
    for (const ref of refs) {
      // The path becomes a file under the link's folder: it must be as safe as a link's own
      // path (no backslash or drive, no `.git` step), not only a valid spec path.
      if (!isSafeLinkPath(ref.path)) {
        continue;
      }
      const file = await client.getSpecFile(link.uid, ref.path);
      parts.push({ path: ref.path, address: { kind: 'specFile', uid: link.uid, path: ref.path }, value: file, text: file.content });
    }
    return { name: summary.name, parts };
  },
  partText: (value) => (value as { content: string }).content,
  normalise: (text) => text,
  outgoing: (text) => text,
};

export const LINKED_KINDS: Readonly<Record<LinkKind, LinkedKind>> = { collection, environment, spec };
