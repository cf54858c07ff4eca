import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isPostmanError, type PostmanClient, PostmanRepository } from '../../../src/postman';
import { parseCollection, parseEnvironment, parseGlobals, parseMocks, parseMonitor, parseSpecCollectionPage, parseSpecFilePage, parseWorkspaceDetail, parseWorkspacePage } from '../../../src/postman/parse';
import { itemRows } from '../../../src/tree/model/collectionRows';
import type { Row } from '../../../src/tree/model/row';
import { TreeModel } from '../../../src/tree/model/treeModel';
import { collectionBody, environmentBody, globalsBody, itemArb, mocksBody, monitorBody, nestedItems, specCollectionsBody, specFilesBody, workspaceDetailBody, workspacePageBody } from '../arbitraries';
import { saw, scenario } from '../report';

/**
 * The tree model (vscode-free) fed generated data through the real parsers: every row it
 * draws has a readable label and an id no other row has (VS Code refuses a tree with two),
 * and a body it cannot use becomes an error row, never a crash.
 */
const RUNS = Number(process.env.POSTMAN_PROPERTY_RUNS) || 2000;

// eslint-disable-next-line no-control-regex -- what a label must not contain
const UNREADABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

function checkRow(row: Row, ids: Set<string>): void {
  assert.equal(typeof row.label, 'string');
  assert.ok(row.label.trim() !== '', `an empty label (row ${row.id})`);
  assert.ok(!UNREADABLE.test(row.label), `unreadable label ${JSON.stringify(row.label)}`);
  // A name is cut to 200 characters; an error row adds a few words around it.
  assert.ok([...row.label].length <= (row.kind === 'message' ? 300 : 200), 'label cut to 200 characters');
  assert.ok(!ids.has(row.id), `two rows with id ${row.id}`);
  ids.add(row.id);
  assert.ok(Array.isArray(row.flags));
  if (row.tooltip !== undefined) {
    assert.equal(typeof row.tooltip, 'string');
  }
}

/** Walks the whole tree (bounded), as a user expanding everything would; returns rows seen. */
async function walk(model: TreeModel, limit = 3000): Promise<{ rows: number; errors: number }> {
  const ids = new Set<string>();
  const queue: (Row | undefined)[] = [undefined];
  let rows = 0;
  let errors = 0;
  while (queue.length > 0 && rows < limit) {
    const parent = queue.shift();
    let children: Row[];
    try {
      children = await model.children(parent);
    } catch (err) {
      // What the provider does with a failed load: an error row.
      assert.ok(isPostmanError(err), `a load failed with ${String(err)} instead of a typed error`);
      children = [model.errorRow(parent, err)];
      errors++;
    }
    for (const row of children) {
      checkRow(row, ids);
      rows++;
      if (row.expandable) {
        queue.push(row);
      }
    }
  }
  return { rows, errors };
}

function fakeClient(bodies: Record<string, unknown>): PostmanClient {
  return {
    listWorkspaces: async () => parseWorkspacePage(bodies.page).workspaces,
    getWorkspace: async () => parseWorkspaceDetail(bodies.detail),
    getCollection: async () => parseCollection(bodies.collection),
    getEnvironment: async () => parseEnvironment(bodies.environment),
    listMocks: async () => parseMocks(bodies.mocks),
    getGlobals: async () => parseGlobals(bodies.globals),
    listSpecFiles: async () => parseSpecFilePage(bodies.specFiles).items,
    listSpecCollections: async () => parseSpecCollectionPage(bodies.specCollections).items,
    getMonitor: async () => parseMonitor(bodies.monitor),
  } as unknown as PostmanClient;
}

const rootRow: Row = { id: 'ws:w/collections/c', kind: 'collection', parent: undefined, label: 'c', expandable: true, flags: ['collection'] };

describe('property: the tree model draws any data without crashing', function () {
  this.timeout(180_000);

  scenario('node', 'parsers', `tree item rows: ${RUNS} generated item trees (folders, requests, junk)`, async () => {
    let rows = 0;
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 12 }), (items) => {
        const ids = new Set<string>();
        const expand = (parent: Row, list: readonly unknown[], depth: number) => {
          const built = itemRows(parent, list, 'w', '12345678-c');
          for (const row of built) {
            rows++;
            assert.ok(row.kind === 'folder' || row.kind === 'request');
            checkRow(row, ids);
            if (row.kind === 'folder' && depth < 50) {
              expand(row, row.items ?? [], depth + 1);
            }
          }
        };
        expand(rootRow, items, 0);
      }),
      { numRuns: RUNS },
    );
    saw(`0 crashes; ${rows} rows checked`);
  });

  scenario('node', 'parsers', `whole tree: ${Math.ceil(RUNS / 4)} generated accounts walked from the root through the real parsers`, async () => {
    let rows = 0;
    let errors = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          page: workspacePageBody,
          detail: workspaceDetailBody,
          collection: collectionBody,
          environment: environmentBody,
          mocks: mocksBody,
          monitor: monitorBody,
          globals: globalsBody,
          specFiles: specFilesBody,
          specCollections: specCollectionsBody,
        }),
        async (bodies) => {
          const seen = await walk(new TreeModel(new PostmanRepository(fakeClient(bodies))), 600);
          rows += seen.rows;
          errors += seen.errors;
        },
      ),
      { numRuns: Math.ceil(RUNS / 4) },
    );
    saw(`0 crashes; ${rows} rows drawn, ${errors} error rows`);
  });

  scenario('node', 'browse', 'folders nested 1,000 deep expand level by level, fast', async () => {
    const collection = { collection: { info: { name: 'Deep', _postman_id: 'c' }, item: nestedItems(1000) } };
    const model = new TreeModel(
      new PostmanRepository(
        fakeClient({
          page: { workspaces: [{ id: 'w', name: 'W', type: 'team' }] },
          detail: { workspace: { id: 'w', name: 'W', collections: [{ id: 'c', uid: '1-c', name: 'Deep' }], environments: [], mocks: [], monitors: [] } },
          collection,
        }),
      ),
    );
    const [ws] = await model.children();
    const [group] = await model.children(ws);
    let [row] = await model.children(group);
    const started = Date.now();
    let depth = 0;
    let slowest = 0;
    for (;;) {
      const t = Date.now();
      const children = await model.children(row);
      slowest = Math.max(slowest, Date.now() - t);
      if (children.length === 0 || children[0].kind !== 'folder') {
        assert.equal(children[0]?.label, 'Request at depth 1000');
        break;
      }
      row = children[0];
      depth++;
    }
    assert.equal(depth, 1000);
    assert.ok(slowest < 50, `slowest level took ${slowest} ms`);
    saw(`1,000 levels in ${Date.now() - started} ms (slowest level ${slowest} ms)`);
  });
});
