import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { PostmanError } from '../../../src/postman';
import { parseCollection, parseEnvironment, parseMe, parseMocks, parseMonitor, parseWorkspaceDetail, parseWorkspacePage } from '../../../src/postman/parse';
import { collectionBody, environmentBody, meBody, mocksBody, monitorBody, workspaceDetailBody, workspacePageBody } from '../arbitraries';
import { saw, scenario } from '../report';

/**
 * The response parsers meet thousands of generated bodies: arbitrary JSON, and Postman's
 * shapes with fields missing or of the wrong type. Each answer is a valid result or a typed
 * PostmanError 'badResponse', never a crash (a TypeError deep in the tree).
 */
const RUNS = Number(process.env.POSTMAN_PROPERTY_RUNS) || 2000;

const isStr = (v: unknown): v is string => typeof v === 'string';
const nonEmptyId = (v: unknown) => isStr(v) && v !== '';

interface Case {
  name: string;
  parse: (body: unknown) => unknown;
  shaped: fc.Arbitrary<unknown>;
  /** What a valid result promises the tree. */
  valid: (result: never) => void;
}

const CASES: Case[] = [
  {
    name: 'parseMe (GET /me)',
    parse: parseMe,
    shaped: meBody,
    valid: (me: ReturnType<typeof parseMe>) => {
      assert.ok(isStr(me.user.username));
      assert.ok(me.operations.every((o) => isStr(o.name) && Number.isFinite(o.limit) && Number.isFinite(o.usage)));
    },
  },
  {
    name: 'parseWorkspacePage (GET /workspaces)',
    parse: parseWorkspacePage,
    shaped: workspacePageBody,
    valid: (page: ReturnType<typeof parseWorkspacePage>) => {
      assert.ok(page.workspaces.every((w) => nonEmptyId(w.id) && isStr(w.name) && isStr(w.type)));
      assert.ok(page.nextCursor === undefined || nonEmptyId(page.nextCursor));
    },
  },
  {
    name: 'parseWorkspaceDetail (GET /workspaces/{id})',
    parse: parseWorkspaceDetail,
    shaped: workspaceDetailBody,
    valid: (ws: ReturnType<typeof parseWorkspaceDetail>) => {
      assert.ok(nonEmptyId(ws.id) && isStr(ws.name));
      for (const kind of ['collections', 'environments', 'mocks', 'monitors'] as const) {
        assert.ok(Array.isArray(ws[kind]) && ws[kind].every((r) => nonEmptyId(r.id) && isStr(r.name)), kind);
      }
    },
  },
  {
    name: 'parseCollection (GET /collections/{uid})',
    parse: parseCollection,
    shaped: collectionBody,
    valid: (c: ReturnType<typeof parseCollection>) => {
      assert.ok(typeof c.info === 'object' && c.info !== null && Array.isArray(c.item));
    },
  },
  {
    name: 'parseEnvironment (GET /environments/{uid})',
    parse: parseEnvironment,
    shaped: environmentBody,
    valid: (env: ReturnType<typeof parseEnvironment>) => {
      assert.ok(isStr(env.name) && isStr(env.id));
      assert.ok(env.values.every((v) => isStr(v.key) && isStr(v.value) && typeof v.enabled === 'boolean' && isStr(v.type)));
    },
  },
  {
    name: 'parseMocks (GET /mocks)',
    parse: parseMocks,
    shaped: mocksBody,
    valid: (mocks: ReturnType<typeof parseMocks>) => {
      assert.ok(mocks.every((m) => nonEmptyId(m.id) && isStr(m.name) && typeof m.deactivated === 'boolean' && (m.mockUrl === undefined || isStr(m.mockUrl))));
    },
  },
  {
    name: 'parseMonitor (GET /monitors/{id})',
    parse: parseMonitor,
    shaped: monitorBody,
    valid: (m: ReturnType<typeof parseMonitor>) => {
      assert.ok(nonEmptyId(m.id) && isStr(m.name) && typeof m.active === 'boolean');
      assert.ok(m.lastRun === undefined || isStr(m.lastRun.status));
    },
  },
];

/** Parses `body`; a valid result must keep its promises, a failure must be badResponse. */
function outcome(c: Case, body: unknown): 'ok' | 'badResponse' {
  let result: unknown;
  try {
    result = c.parse(body);
  } catch (err) {
    if (err instanceof PostmanError && err.kind === 'badResponse') {
      return 'badResponse';
    }
    throw new Error(`${c.name} crashed on ${JSON.stringify(body)?.slice(0, 300)}: ${String(err)}`);
  }
  c.valid(result as never);
  return 'ok';
}

describe('property: the response parsers never crash', function () {
  this.timeout(120_000);
  for (const c of CASES) {
    scenario('node', 'parsers', `${c.name}: ${RUNS} arbitrary JSON bodies`, async () => {
      const seen = { ok: 0, badResponse: 0 };
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 6 }), (body) => {
          seen[outcome(c, body)]++;
        }),
        { numRuns: RUNS },
      );
      saw(`0 crashes; ${seen.ok} valid results, ${seen.badResponse} badResponse`);
    });

    scenario('node', 'parsers', `${c.name}: ${RUNS} Postman-shaped bodies with missing fields and wrong types`, async () => {
      const seen = { ok: 0, badResponse: 0 };
      fc.assert(
        fc.property(c.shaped, (body) => {
          seen[outcome(c, body)]++;
        }),
        { numRuns: RUNS },
      );
      // The shaped bodies must reach the valid branch too, or they test nothing there.
      assert.ok(seen.ok > RUNS / 50, `only ${seen.ok} valid results`);
      saw(`0 crashes; ${seen.ok} valid results, ${seen.badResponse} badResponse`);
    });
  }
});
