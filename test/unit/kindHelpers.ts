import type { DocumentKind } from '../../src/documents/model/documentKind';
import { KINDS } from '../../src/documents/model/kinds';
import type { CollectionDocument, EnvironmentDocument } from '../../src/postman';

/** The table of document kinds, called the way the unit tests read best. */

export type Resource = CollectionDocument | EnvironmentDocument;

export const parseEdited = (kind: DocumentKind, text: string, postmanId?: string): Resource =>
  KINDS[kind].parse(text, postmanId !== undefined ? { version: '', postmanId } : undefined) as Resource;

export const nameOf = (kind: DocumentKind, value: object): string => KINDS[kind].name(value, { kind, uid: '' });

export const versionOf = (kind: DocumentKind, value: object, text?: string): string => KINDS[kind].version(value, text);

export const sameContent = (kind: DocumentKind, a: object, b: object): boolean => KINDS[kind].same(a, b);

export const secretValues = (environment: EnvironmentDocument): number => KINDS.environment.secrets?.(environment).count ?? 0;
