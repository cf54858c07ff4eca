import type { DocumentKind } from '../../src/documents/model/documentKind';
import { KINDS } from '../../src/documents/model/kinds';
import { DocumentSaver } from '../../src/documents/model/saver';
import { type CollectionDocument, type EnvironmentDocument, HttpTransport, PostmanClient, PostmanRepository } from '../../src/postman';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';

/** The table of document kinds, called the way the unit tests read best. */

export type Resource = CollectionDocument | EnvironmentDocument;

export const parseEdited = (kind: DocumentKind, text: string, postmanId?: string): Resource =>
  KINDS[kind].parse(text, postmanId !== undefined ? { version: '', postmanId } : undefined) as Resource;

export const nameOf = (kind: DocumentKind, value: object): string => KINDS[kind].name(value, { kind, uid: '' });

export const versionOf = (kind: DocumentKind, value: object, text?: string): string => KINDS[kind].version(value, text);

export const sameContent = (kind: DocumentKind, a: object, b: object): boolean => KINDS[kind].same(a, b);

export const secretValues = (environment: EnvironmentDocument): number => KINDS.environment.secrets?.(environment).count ?? 0;

/** The extension's document stack (client, shared cache, saver) against a local Postman server, unpaced. */
export function documentStack(url: string): { client: PostmanClient; repo: PostmanRepository; saver: DocumentSaver } {
  const http = new HttpTransport(() => ({ baseUrl: url, timeoutMs: 5000 }), async () => ({ kind: 'apiKey', key: SAMPLE_API_KEY }), undefined, undefined, { pacer: false });
  const client = new PostmanClient(http);
  const repo = new PostmanRepository(client);
  return { client, repo, saver: new DocumentSaver(client, repo) };
}
