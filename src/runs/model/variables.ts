import type { Variable } from './types';

/**
 * A user's current values of one scope (an environment, a workspace's globals, a collection's
 * variables), as Postman keeps them: on this machine only, never sent to Postman unless the
 * user shares them. Keys a script created have no initial value; keys it unset are dropped
 * (the initial value shows again, as after "Reset" in Postman).
 */
export type CurrentValues = Record<string, string>;

/** What a run uses: each initial value replaced by the user's current one, plus keys only set here. */
export function effectiveVariables(initial: readonly Variable[], current: CurrentValues | undefined): Variable[] {
  const seen = new Set<string>();
  const merged = initial.map((v) => {
    seen.add(v.key);
    return current && Object.hasOwn(current, v.key) ? { ...v, value: current[v.key] } : { ...v };
  });
  for (const [key, value] of Object.entries(current ?? {})) {
    if (!seen.has(key)) {
      merged.push({ key, value, type: 'default', enabled: true });
    }
  }
  return merged;
}

/**
 * The current values after a run: every value the scripts left different from its initial
 * one, and every key they created. Unchanged values that equal the initial drop out, so the
 * store holds only what differs from Postman.
 */
export function currentValuesAfter(initial: readonly Variable[], after: readonly Variable[]): CurrentValues {
  const initialByKey = new Map(initial.map((v) => [v.key, v.value]));
  const current: CurrentValues = {};
  for (const v of after) {
    if (v.key !== '' && initialByKey.get(v.key) !== v.value) {
      current[v.key] = v.value;
    }
  }
  return current;
}

/** The runtime hands back its own types ("any"): a variable keeps the type it had (a secret stays secret). */
export function withTypesOf(before: readonly Variable[], after: readonly Variable[]): Variable[] {
  const types = new Map(before.map((v) => [v.key, v.type ?? 'default']));
  return after.map((v) => ({ ...v, type: types.get(v.key) ?? 'default' }));
}

/** Values shorter than this are not masked: masking "1" would garble every number in a response. */
export const MIN_MASKED_LENGTH = 4;
export const MASK = '••••••';

/** The values of secret-typed variables, longest first (so a secret containing another is masked whole). */
export function secretValues(...scopes: readonly (readonly Variable[] | undefined)[]): string[] {
  const values = new Set<string>();
  for (const scope of scopes) {
    // Stryker disable next-line ArrayDeclaration: a stand-in element has no secret type, so it is skipped like an absent scope
    for (const v of scope ?? []) {
      if (v.type === 'secret' && v.value.length >= MIN_MASKED_LENGTH) {
        values.add(v.value);
      }
    }
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** A secret as URLs carry it: encoded as a whole query value, and as the runtime encodes one (`/`, `:`, `@`… left as they are). */
function percentEncoded(secret: string): string[] {
  try {
    return [encodeURIComponent(secret), encodeURI(secret)];
  } catch {
    // A lone surrogate cannot be percent-encoded: no URL holds it either.
    return [];
  }
}

/** Text with every secret value replaced by a mask. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // A secret with a quote or backslash appears escaped inside JSON text, and one with a space,
  // a quote or a non-ASCII character percent-encoded in a URL (the request line, the log): those
  // forms are masked too.
  const forms = secrets.flatMap((secret) => [...new Set([secret, JSON.stringify(secret).slice(1, -1), ...percentEncoded(secret)])]);
  for (const secret of forms) {
    // Stryker disable next-line ConditionalExpression: splitting on a secret the text does not hold leaves the text as it is
    if (out.includes(secret)) {
      out = out.split(secret).join(MASK);
    }
  }
  return out;
}

export interface ShareChange {
  key: string;
  from: string | undefined;
  to: string;
  secret: boolean;
}

/**
 * What "Share current values to Postman" would change: each current value that differs from
 * the initial one, secrets flagged so the caller asks before including them.
 */
export function shareChanges(initial: readonly Variable[], current: CurrentValues | undefined): ShareChange[] {
  const byKey = new Map(initial.map((v) => [v.key, v]));
  return Object.entries(current ?? {})
    .filter(([key, value]) => byKey.get(key)?.value !== value)
    .map(([key, value]) => ({ key, from: byKey.get(key)?.value, to: value, secret: byKey.get(key)?.type === 'secret' }));
}

/** The initial values with the chosen changes applied: the body of the PUT that shares them. */
export function applyShare(initial: readonly Variable[], changes: readonly ShareChange[]): Variable[] {
  const out = initial.map((v) => ({ ...v }));
  for (const change of changes) {
    const existing = out.find((v) => v.key === change.key);
    if (existing) {
      existing.value = change.to;
    } else {
      out.push({ key: change.key, value: change.to, type: 'default', enabled: true });
    }
  }
  return out;
}
