/**
 * fast-check generators for what a changed API, a broken proxy or hostile data can send:
 * arbitrary JSON, and bodies shaped like Postman's with any field missing or of the wrong
 * type, holding names with control characters, bidi overrides, emoji, path separators and
 * lone surrogates.
 */
import fc from 'fast-check';

/** Names people (and broken exports) really produce. */
export const NASTY_NAMES = [
  '',
  '   ',
  'Café ☕ & Crème',
  'مرحبا بالعالم',
  'שלום עולם',
  'invoice\u202Egnp.exe',
  '\u2066isolated\u2069',
  '👩‍👩‍👧‍👦 family 🏳️‍🌈',
  'line1\nline2\r\nline3',
  'tab\there\u0000nul\u0007bell\u001b[31mred',
  '\u0085next line\u2028sep\u2029',
  '../../etc/passwd',
  'C:\\Windows\\System32',
  'a/b\\c:d*e?f"g<h>i|j',
  '[link](command:workbench.action.quit) <img src=x onerror=alert(1)> **bold** `code`',
  '\ud800 lone high, lone low \udc00',
  'x'.repeat(5000),
  '🙂'.repeat(300),
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_NAMES),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 20 }),
);

/** Anything that is not what a field should be. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  nastyString,
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

/** Either a plausible value or junk; and the key may be absent (records use requiredKeys: []). */
export const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: junk });

const id = fc.oneof(fc.uuid(), fc.string({ maxLength: 12 }), fc.integer(), fc.constantFrom('a/b', '..', '%2F', '\ud800'));
const name = nastyString;
const partial = <T extends Record<string, fc.Arbitrary<unknown>>>(shape: T) => fc.record(shape, { requiredKeys: [] });
const list = <T>(arb: fc.Arbitrary<T>, maxLength = 6) => maybe(fc.array(maybe(arb), { maxLength }));

export const refArb = partial({ id: maybe(id), uid: maybe(id), name: maybe(name), deactivated: maybe(fc.boolean()) });

export const meBody = partial({
  user: maybe(partial({ id: maybe(id), username: maybe(name), fullName: maybe(name), email: maybe(name), teamId: maybe(id), teamName: maybe(name) })),
  operations: list(partial({ name: maybe(fc.constantFrom('api_usage', 'mock_usage')), limit: maybe(fc.integer()), usage: maybe(fc.double()), overage: junk })),
});

export const workspacePageBody = partial({
  workspaces: list(partial({ id: maybe(id), name: maybe(name), type: maybe(fc.constantFrom('personal', 'team')), visibility: maybe(fc.constantFrom('personal', 'private', 'team', 'public', 'partner', 'weird')), updatedAt: junk })),
  meta: maybe(partial({ nextCursor: maybe(fc.string({ maxLength: 8 })) })),
});

export const workspaceDetailBody = partial({
  workspace: maybe(
    partial({
      id: maybe(id),
      name: maybe(name),
      type: maybe(fc.constantFrom('personal', 'team')),
      visibility: maybe(fc.constantFrom('personal', 'private', 'team', 'public', 'partner')),
      description: maybe(name),
      collections: list(refArb),
      environments: list(refArb),
      specs: list(refArb),
      mocks: list(refArb),
      monitors: list(refArb),
    }),
  ),
});

export const globalsBody = partial({
  values: list(partial({ key: maybe(name), value: maybe(fc.oneof(nastyString, fc.jsonValue({ maxDepth: 2 }))), enabled: maybe(fc.boolean()), type: maybe(fc.constantFrom('default', 'secret', 'any')) })),
});

export const specFilesBody = partial({
  files: list(partial({ id: maybe(id), path: maybe(fc.oneof(name, fc.constantFrom('index.yaml', 'a/b.json', '../x', ''))), name: maybe(name), type: maybe(fc.constantFrom('ROOT', 'DEFAULT', 'x')), updatedAt: junk })),
  meta: maybe(partial({ nextCursor: maybe(fc.constantFrom(null, '')) })),
});

export const specCollectionsBody = partial({
  collections: list(partial({ id: maybe(id), name: maybe(name), state: maybe(fc.constantFrom('in-sync', 'out-of-sync', 'sync-in-progress', '', 'weird')), updatedAt: junk })),
});

/** Collection Format v2.1 items: folders nest, requests have a request (string or object). */
export const itemArb: fc.Arbitrary<unknown> = fc.letrec<{ item: unknown }>((tie) => ({
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    partial({
      id: maybe(id),
      name: maybe(name),
      request: maybe(
        fc.oneof(
          fc.webUrl(),
          partial({
            method: maybe(fc.constantFrom('GET', 'post', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND', '', 'G E T')),
            url: maybe(fc.oneof(fc.webUrl(), partial({ raw: maybe(nastyString) }))),
            description: maybe(fc.oneof(nastyString, partial({ content: maybe(nastyString) }))),
          }),
        ),
      ),
      description: maybe(nastyString),
    }),
    partial({ id: maybe(id), name: maybe(name), item: maybe(fc.array(tie('item'), { maxLength: 5 })), description: maybe(nastyString) }),
    junk,
  ),
})).item;

export const collectionBody = partial({
  collection: maybe(partial({ info: maybe(partial({ name: maybe(name), _postman_id: maybe(id), schema: junk, updatedAt: junk })), item: maybe(fc.array(itemArb, { maxLength: 8 })), variable: junk })),
});

export const environmentBody = partial({
  environment: maybe(
    partial({
      id: maybe(id),
      name: maybe(name),
      values: list(partial({ key: maybe(name), value: maybe(fc.oneof(nastyString, fc.jsonValue({ maxDepth: 2 }))), enabled: maybe(fc.boolean()), type: maybe(fc.constantFrom('default', 'secret', 'any')) })),
      updatedAt: junk,
    }),
  ),
});

export const mocksBody = partial({
  mocks: list(partial({ id: maybe(id), uid: maybe(id), name: maybe(name), collection: maybe(id), environment: maybe(id), mockUrl: maybe(fc.webUrl()), deactivated: maybe(fc.boolean()) })),
});

export const monitorBody = partial({
  monitor: maybe(
    partial({
      id: maybe(id),
      uid: maybe(id),
      name: maybe(name),
      active: maybe(fc.boolean()),
      schedule: maybe(partial({ cron: maybe(fc.constantFrom('0 0 * * *', '')), timezone: maybe(name), nextRun: junk })),
      lastRun: maybe(partial({ status: maybe(fc.constantFrom('success', 'failed', 'passed', '')), finishedAt: junk, stats: maybe(partial({ assertions: maybe(partial({ total: maybe(fc.integer()), failed: maybe(fc.integer()) })) })) })),
    }),
  ),
});

/** A chain of folders `depth` deep with one request at the bottom. */
export function nestedItems(depth: number): unknown[] {
  let items: unknown[] = [{ id: `req-${depth}`, name: `Request at depth ${depth}`, request: { method: 'GET', url: 'https://example.com/deep' } }];
  for (let d = depth; d >= 1; d--) {
    items = [{ id: `folder-${d}`, name: `Level ${d}`, item: items }];
  }
  return items;
}
