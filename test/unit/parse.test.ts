import * as assert from 'node:assert/strict';
import { PostmanError, userMessage } from '../../src/postman';
import {
  parseCollection, parseEnvironment, parseGlobals, parseGlobalsSaved, parseMe, parseMocks, parseMonitor, parseSaved, parseSpec,
  parseSpecCollectionPage, parseSpecFile, parseSpecFilePage, parseSpecFileSaved, parseSpecTask, parseTaskRef, parseWorkspaceDetail,
  parseWorkspacePage,
} from '../../src/postman/parse';

/**
 * The response parsers: what each keeps of Postman's answer, the defaults it fills in, and
 * the words of the error when an answer cannot be used. (The property-based tests feed them
 * thousands of bodies for crashes; these pin what a good and a bad body become.)
 */
function bad(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PostmanError && err.kind === 'badResponse', `expected badResponse, got ${String(err)}`);
    return err.message;
  }
  assert.fail('expected a badResponse');
}

describe('parse: GET /me', () => {
  it('keeps the user and the usage operations, with numbers from numbers or numeric strings', () => {
    const me = parseMe({
      user: { id: 12, username: 'taylor', email: 't@x', fullName: 'Taylor', teamId: 3, teamName: 'Team', avatar: 'ignored' },
      operations: [
        { name: 'api_usage', limit: 1000, usage: '10', overage: 0 },
        { name: 'odd', limit: 'lots', usage: { valueOf: 1 }, overage: Infinity },
        { name: 'not numbers', limit: true, usage: [5], overage: null },
        'junk',
        { limit: 5 },
      ],
    });
    assert.deepEqual(me, {
      user: { id: 12, username: 'taylor', email: 't@x', fullName: 'Taylor', teamId: 3, teamName: 'Team' },
      operations: [
        { name: 'api_usage', limit: 1000, usage: 10, overage: 0 },
        { name: 'odd', limit: 0, usage: 0, overage: 0 },
        { name: 'not numbers', limit: 0, usage: 0, overage: 0 },
        { name: '(unnamed)', limit: 5, usage: 0, overage: 0 },
      ],
    });
  });

  it('fills in the username from the id, drops optional fields of the wrong type, and accepts a string team id', () => {
    assert.deepEqual(parseMe({ user: { id: 'u-1', email: 5, fullName: null, teamId: '7', teamName: 7 } }), { user: { id: 'u-1', username: 'u-1', teamId: '7' }, operations: [] });
    assert.deepEqual(parseMe({ user: { id: 1 }, operations: 'none' }).operations, []);
    assert.deepEqual(parseMe({ user: { id: 1, teamId: true } }).user, { id: 1, username: '1' });
  });

  it('refuses an answer without a user, or a user without an id', () => {
    assert.equal(bad(() => parseMe({})), 'GET /me did not return a "user" object');
    assert.equal(bad(() => parseMe({ user: [] })), 'GET /me did not return a "user" object');
    assert.equal(bad(() => parseMe(null)), 'GET /me did not return a "user" object');
    assert.equal(bad(() => parseMe({ user: { username: 'x' } })), 'GET /me returned a user without an id');
    assert.equal(bad(() => parseMe({ user: { id: '' } })), 'GET /me returned a user without an id');
    assert.match(userMessage(new PostmanError('badResponse', 'GET /me returned a user without an id')), /cannot read: GET \/me returned a user without an id\. A proxy/);
  });
});

describe('parse: workspaces', () => {
  it('reads a page of workspaces and the next cursor; entries without an id are skipped', () => {
    const page = parseWorkspacePage({
      workspaces: [
        { id: 'w1', name: 'One', type: 'personal', visibility: 'personal', updatedAt: '2025' },
        { id: 2, name: 5, visibility: 7 },
        { name: 'no id' },
        { id: '' },
        null,
      ],
      meta: { nextCursor: 'abc' },
    });
    assert.deepEqual(page, {
      workspaces: [
        { id: 'w1', name: 'One', type: 'personal', visibility: 'personal', updatedAt: '2025' },
        { id: '2', name: '(unnamed)', type: 'team' },
      ],
      nextCursor: 'abc',
    });
    assert.equal(parseWorkspacePage({ workspaces: [], meta: { nextCursor: '' } }).nextCursor, undefined);
    assert.equal(parseWorkspacePage({ workspaces: [], meta: { nextCursor: 3 } }).nextCursor, undefined);
    assert.equal(parseWorkspacePage({ workspaces: [], meta: [] }).nextCursor, undefined);
    assert.equal(parseWorkspacePage({ workspaces: [] }).nextCursor, undefined);
    assert.equal(bad(() => parseWorkspacePage({ workspaces: {} })), 'GET /workspaces did not return a "workspaces" list');
    assert.equal(bad(() => parseWorkspacePage('html')), 'GET /workspaces did not return a "workspaces" list');
  });

  it('reads a workspace with its four lists: ids from id or uid, names defaulted, deactivated mocks kept as such', () => {
    const ws = parseWorkspaceDetail({
      workspace: {
        id: 'w', name: 'W', type: 'team', description: 'About',
        collections: [{ id: 'c1', name: 'C', uid: '1-c1' }, { uid: '1-c2' }, { name: 'no id' }, 'x', null],
        environments: [{ id: 'e1', name: 'E', uid: '' }],
        mocks: [{ id: 'm1', name: 'M', deactivated: true }, { id: 'm2', name: 'N', deactivated: 'yes' }, { name: 'no id' }, 3],
        monitors: 'not a list',
        specs: [{ id: 's1', name: 'Spec', uid: '1-s1' }, { name: 'no id' }, 7],
      },
    });
    assert.deepEqual(ws, {
      id: 'w', name: 'W', type: 'team', description: 'About',
      collections: [{ id: 'c1', name: 'C', uid: '1-c1' }, { id: '1-c2', name: '(unnamed)', uid: '1-c2' }],
      environments: [{ id: 'e1', name: 'E' }],
      mocks: [{ id: 'm1', name: 'M', deactivated: true }, { id: 'm2', name: 'N' }],
      monitors: [],
      specs: [{ id: 's1', name: 'Spec', uid: '1-s1' }],
    });
    assert.deepEqual(parseWorkspaceDetail({ workspace: { id: 'w', description: 3, mocks: {} } }), {
      id: 'w', name: '(unnamed)', type: 'team', collections: [], environments: [], mocks: [], monitors: [], specs: [],
    });
    assert.deepEqual(parseWorkspaceDetail({ workspace: { id: 'w', specs: { id: 's' } } }).specs, []);
    assert.equal(bad(() => parseWorkspaceDetail({ workspaces: [] })), 'GET /workspaces/{id} did not return a "workspace" object');
    assert.equal(bad(() => parseWorkspaceDetail({ workspace: { name: 'x' } })), 'GET /workspaces/{id} returned a workspace without an id');
  });
});

describe('parse: collections and environments', () => {
  it('passes a collection through untouched once it has info and item', () => {
    const collection = { info: { name: 'C', extra: true }, item: [{ anything: 1 }], variable: [] };
    assert.equal(parseCollection({ collection }), collection);
    for (const broken of [{ info: { name: 'C' } }, { item: [] }, { info: 'x', item: [] }]) {
      assert.equal(bad(() => parseCollection({ collection: broken })), 'GET /collections/{uid} returned a collection without "info" and "item"');
    }
    assert.equal(bad(() => parseCollection({})), 'GET /collections/{uid} did not return a "collection" object');
  });

  it('reads an environment, giving every variable a key, a string value, enabled and a type', () => {
    const env = parseEnvironment({
      environment: {
        id: 7, name: 'E', owner: 'me',
        values: [
          { key: 'a', value: 'x', enabled: true, type: 'secret', extra: 1 },
          { key: 3, value: 42, enabled: false },
          { value: null, enabled: 'no' },
          { key: 'o', value: { nested: true } },
          { key: 'missing' },
          'junk',
        ],
      },
    });
    assert.deepEqual(env, {
      id: '7', name: 'E', owner: 'me',
      values: [
        { key: 'a', value: 'x', enabled: true, type: 'secret', extra: 1 },
        { key: '', value: '42', enabled: false, type: 'default' },
        { key: '', value: '', enabled: true, type: 'default' },
        { key: 'o', value: '{"nested":true}', enabled: true, type: 'default' },
        { key: 'missing', value: '', enabled: true, type: 'default' },
      ],
    });
    assert.deepEqual(parseEnvironment({ environment: { values: [] } }), { id: '', name: '(unnamed)', values: [] });
    assert.equal(bad(() => parseEnvironment({ environment: { name: 'E' } })), 'GET /environments/{uid} returned an environment without "values"');
    assert.equal(bad(() => parseEnvironment({ environments: [] })), 'GET /environments/{uid} did not return a "environment" object');
  });

  it('reads what a save answered, never failing on a 2xx that says less', () => {
    assert.deepEqual(parseSaved({ collection: { id: 'p', uid: '1-p', name: 'N', extra: 1 } }, 'collection'), { id: 'p', uid: '1-p', name: 'N' });
    assert.deepEqual(parseSaved({ collection: { id: 5, uid: '', name: 3 } }, 'collection'), { id: '5' });
    assert.deepEqual(parseSaved({ environment: { uid: '1-e' } }, 'collection'), {});
    assert.deepEqual(parseSaved({}, 'environment'), {});
    assert.deepEqual(parseSaved(null, 'environment'), {});
  });
});

describe('parse: mocks and monitors', () => {
  it('reads every mock with its URL, collection and environment; empty strings count as absent', () => {
    assert.deepEqual(parseMocks({
      mocks: [
        { id: 'm1', uid: '1-m1', name: 'M', deactivated: true, collection: '1-c', environment: '1-e', mockUrl: 'https://m.mock' },
        { id: 'm2', uid: '', collection: '', environment: 3, mockUrl: '' },
        { name: 'no id' },
      ],
    }), [
      { id: 'm1', uid: '1-m1', name: 'M', deactivated: true, collection: '1-c', environment: '1-e', mockUrl: 'https://m.mock' },
      { id: 'm2', name: '(unnamed)', deactivated: false },
    ]);
    assert.equal(bad(() => parseMocks({ mocks: 'x' })), 'GET /mocks did not return a "mocks" list');
  });

  it('reads a monitor\'s schedule and last run, defaulting what is missing', () => {
    assert.deepEqual(parseMonitor({
      monitor: {
        id: 'mo', uid: '1-mo', name: 'Mo', active: false, collectionUid: '1-c', environmentUid: '1-e',
        schedule: { cron: '0 * * * *', timezone: 'UTC', nextRun: '2025' },
        lastRun: { status: 'failed', startedAt: 's', finishedAt: 'f', stats: { assertions: { failed: 2, total: 9 } } },
      },
    }), {
      id: 'mo', uid: '1-mo', name: 'Mo', active: false, collectionUid: '1-c', environmentUid: '1-e',
      schedule: { cron: '0 * * * *', timezone: 'UTC', nextRun: '2025' },
      lastRun: { status: 'failed', startedAt: 's', finishedAt: 'f', assertionsFailed: 2, assertionsTotal: 9 },
    });
    assert.deepEqual(parseMonitor({ monitor: { id: 3, schedule: {}, lastRun: { status: '', stats: { assertions: { failed: '2', total: null } } } } }), {
      id: '3', name: '(unnamed)', active: true,
      schedule: { cron: undefined, timezone: undefined, nextRun: undefined },
      lastRun: { status: 'unknown', startedAt: undefined, finishedAt: undefined, assertionsFailed: undefined, assertionsTotal: undefined },
    });
    assert.deepEqual(parseMonitor({ monitor: { id: 'm', active: 0, schedule: 'x', lastRun: { stats: 'x' } } }), {
      id: 'm', name: '(unnamed)', active: true,
      lastRun: { status: 'unknown', startedAt: undefined, finishedAt: undefined, assertionsFailed: undefined, assertionsTotal: undefined },
    });
    assert.deepEqual(parseMonitor({ monitor: { id: 'm', lastRun: { stats: { assertions: 'x' } } } }).lastRun?.assertionsTotal, undefined);
    assert.equal(bad(() => parseMonitor({ monitor: { name: 'x' } })), 'GET /monitors/{id} returned a monitor without an id');
    assert.equal(bad(() => parseMonitor({ monitors: [] })), 'GET /monitors/{id} did not return a "monitor" object');
  });
});

describe('parse: globals', () => {
  it('reads the globals as an environment\'s variables; none at all is an empty list', () => {
    assert.deepEqual(parseGlobals({ values: [{ key: 'k', value: 1, type: 'secret', enabled: false, description: 'd' }, 'junk'] }), [
      { key: 'k', value: '1', type: 'secret', enabled: false, description: 'd' },
    ]);
    assert.deepEqual(parseGlobals({}), []);
    assert.equal(bad(() => parseGlobals({ values: 'x' })), 'GET /workspaces/{id}/global-variables returned no "values" list');
    assert.equal(bad(() => parseGlobals(null)), 'GET /workspaces/{id}/global-variables returned no "values" list');
  });

  it('reads what a PUT of the globals answered, or keeps what was sent when the answer has no list', () => {
    const sent = [{ key: 'a', value: 'b', type: 'default', enabled: true }];
    assert.deepEqual(parseGlobalsSaved({ values: [{ key: 'x', value: 'y' }] }, sent), [{ key: 'x', value: 'y', type: 'default', enabled: true }]);
    assert.deepEqual(parseGlobalsSaved({ values: [] }, sent), []);
    assert.equal(parseGlobalsSaved({}, sent), sent);
    assert.equal(parseGlobalsSaved({ values: 'x' }, sent), sent);
    assert.equal(parseGlobalsSaved('ok', sent), sent);
    assert.equal(parseGlobalsSaved(null, sent), sent);
  });
});

describe('parse: specs', () => {
  it('reads a spec (not wrapped in a key), keeping the fields the extension shows', () => {
    assert.deepEqual(
      parseSpec({ id: 's', name: 'Sample API', type: 'OPENAPI:3.0', fileFormat: 'yaml', createdBy: 1, updatedAt: '2025-03-15T13:48:28.000Z' }),
      { id: 's', name: 'Sample API', type: 'OPENAPI:3.0', fileFormat: 'yaml', updatedAt: '2025-03-15T13:48:28.000Z' },
    );
    assert.deepEqual(parseSpec({ id: 5, type: '', fileFormat: 3, updatedAt: null }), { id: '5', name: '(unnamed)' });
    for (const body of [{ name: 'no id' }, { id: '' }, null, [], 'html', { spec: { id: 's' } }]) {
      assert.equal(bad(() => parseSpec(body)), 'GET /specs/{specId} did not return a spec with an id');
    }
  });

  it('reads a page of spec files: path, name (else the last part of the path), type (else DEFAULT), the next cursor', () => {
    assert.deepEqual(
      parseSpecFilePage({
        files: [
          { id: 'f1', path: 'index.json', name: 'index.json', type: 'ROOT', updatedAt: '2025', createdBy: 1 },
          { id: 2, path: 'components/schemas/spacecrafts.json' },
          { id: 'f3', name: 'no path' },
          { path: '' },
          'junk',
        ],
        meta: { nextCursor: 'next' },
      }),
      {
        items: [
          { id: 'f1', path: 'index.json', name: 'index.json', type: 'ROOT', updatedAt: '2025' },
          { id: '2', path: 'components/schemas/spacecrafts.json', name: 'spacecrafts.json', type: 'DEFAULT' },
        ],
        nextCursor: 'next',
      },
    );
    for (const meta of [{ nextCursor: null }, { nextCursor: '' }, { nextCursor: 4 }, 'x', undefined]) {
      assert.equal(parseSpecFilePage({ files: [], meta }).nextCursor, undefined);
    }
    assert.equal(bad(() => parseSpecFilePage({ files: {} })), 'GET /specs/{specId}/files did not return a "files" list');
    assert.equal(bad(() => parseSpecFilePage(null)), 'GET /specs/{specId}/files did not return a "files" list');
  });

  it('reads a spec file with its content; the path asked for stands in for a missing one', () => {
    assert.deepEqual(
      parseSpecFile({ id: 'f', name: 'spacecrafts.json', path: 'components/schemas/spacecrafts.json', type: 'DEFAULT', content: '{}', updatedAt: 'u' }, 'asked'),
      { id: 'f', name: 'spacecrafts.json', path: 'components/schemas/spacecrafts.json', type: 'DEFAULT', content: '{}', updatedAt: 'u' },
    );
    assert.deepEqual(parseSpecFile({ content: '' }, 'a/b.yaml'), { path: 'a/b.yaml', name: 'b.yaml', type: 'DEFAULT', content: '' });
    for (const body of [{ path: 'x' }, { content: 3 }, { content: null }, null, 'text']) {
      assert.equal(bad(() => parseSpecFile(body, 'x')), 'GET /specs/{specId}/files/{filePath} returned a file without a "content" string');
    }
  });

  it('reads what a spec file save answered, never failing on a 2xx that says less', () => {
    assert.deepEqual(
      parseSpecFileSaved({ id: 'f', path: 'schemas.json', type: 'ROOT', updatedAt: '2025-07-22T19:29:57.000Z', createdBy: 1 }, 'asked.json'),
      { id: 'f', path: 'schemas.json', name: 'schemas.json', type: 'ROOT', updatedAt: '2025-07-22T19:29:57.000Z' },
    );
    assert.deepEqual(parseSpecFileSaved({}, 'c/d.yaml'), { path: 'c/d.yaml', name: 'd.yaml', type: 'DEFAULT' });
    assert.deepEqual(parseSpecFileSaved(null, 'e.yaml'), { path: 'e.yaml', name: 'e.yaml', type: 'DEFAULT' });
    assert.deepEqual(parseSpecFileSaved('ok', 'e.yaml'), { path: 'e.yaml', name: 'e.yaml', type: 'DEFAULT' });
  });

  it('reads the task a generation started; without a task id there is nothing to poll', () => {
    assert.deepEqual(parseTaskRef({ taskId: 't', url: '/specs/s/tasks/t' }), { taskId: 't', url: '/specs/s/tasks/t' });
    assert.deepEqual(parseTaskRef({ taskId: 't', url: '' }), { taskId: 't' });
    for (const body of [{ url: '/specs/s/tasks/t' }, { taskId: '' }, { task: { id: 't' } }, null]) {
      assert.equal(bad(() => parseTaskRef(body)), 'POST /specs/{specId}/generations/collection did not return a "taskId"');
    }
  });

  it('reads a task: pending, completed with the collection made, failed with why', () => {
    const meta = { model: 'collection', action: 'generation' };
    assert.deepEqual(parseSpecTask({ status: 'pending', meta }), { status: 'pending' });
    assert.deepEqual(
      parseSpecTask({ meta, status: 'completed', details: { resources: [{ id: '1-c', url: '/collections/c' }, { id: '1-d' }] } }),
      { status: 'completed', collectionUid: '1-c' },
    );
    assert.deepEqual(parseSpecTask({ status: 'completed', details: { resources: [] } }), { status: 'completed' });
    assert.deepEqual(parseSpecTask({ status: 'completed', details: { resources: ['x'] } }), { status: 'completed' });
    assert.deepEqual(parseSpecTask({ status: 'completed', details: { resources: 'x' } }), { status: 'completed' });
    assert.deepEqual(parseSpecTask({ status: 'failed', details: 'Failed to generate collection from specification', meta }), {
      status: 'failed', error: 'Failed to generate collection from specification',
    });
    for (const body of [{ details: 'x' }, { status: '' }, { status: 3 }, null]) {
      assert.equal(bad(() => parseSpecTask(body)), 'GET /specs/{specId}/tasks/{taskId} did not return a task "status"');
    }
  });

  it('reads a page of generated collections with their sync state', () => {
    assert.deepEqual(
      parseSpecCollectionPage({
        meta: { nextCursor: null },
        collections: [
          { id: 'c1', name: 'Sample API', state: 'in-sync', createdAt: 'c', updatedAt: 'u', createdBy: 1 },
          { id: 2, state: '', updatedAt: 5 },
          { name: 'no id' },
          null,
        ],
      }),
      { items: [{ id: 'c1', name: 'Sample API', state: 'in-sync', updatedAt: 'u' }, { id: '2', name: '(unnamed)' }], nextCursor: undefined },
    );
    assert.equal(parseSpecCollectionPage({ collections: [], meta: { nextCursor: 'n' } }).nextCursor, 'n');
    assert.equal(bad(() => parseSpecCollectionPage({ collections: 'x' })), 'GET /specs/{specId}/generations/collection did not return a "collections" list');
  });
});
