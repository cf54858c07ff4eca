import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DAY_MS, DEFAULT_ROTATION_DAYS, keyAgeDays, rotationDays, rotationDue } from '../../src/auth/rotation';
import { accountOf, displayName, parseSessions, serializeSessions, type StoredSession, UNKNOWN_ACCOUNT } from '../../src/auth/sessionData';
import { findSecretSettings, isDeclaredSecretSetting, SECRET_SETTING_NAMES } from '../../src/auth/settingsSecrets';
import { SAMPLE_API_KEY } from '../fixtures/sampleData';

const session = (over: Partial<StoredSession> = {}): StoredSession => ({
  id: 'a1', key: SAMPLE_API_KEY, account: { id: '12345678', label: 'Taylor Lee (taylor-lee)' }, createdAt: Date.UTC(2026, 0, 1), ...over,
});

describe('the stored sign-in (one JSON value in SecretStorage)', () => {
  it('round-trips a session with its account and age', () => {
    const s = session();
    assert.deepEqual(parseSessions(serializeSessions([s])), { sessions: [s], corrupt: false });
  });

  it('keeps only the known fields when serialising', () => {
    const extra = { ...session(), password: 'x' } as StoredSession;
    assert.deepEqual(Object.keys(JSON.parse(serializeSessions([extra]))[0]).sort(), ['account', 'createdAt', 'id', 'key']);
  });

  it('treats nothing stored as signed out, not corrupt', () => {
    assert.deepEqual(parseSessions(undefined), { sessions: [], corrupt: false });
    assert.deepEqual(parseSessions(''), { sessions: [], corrupt: false });
    assert.deepEqual(parseSessions('[]'), { sessions: [], corrupt: false });
  });

  for (const [what, text] of [
    ['not JSON', '{"id": "a1", "key": '],
    ['a bare key (not JSON)', SAMPLE_API_KEY],
    ['an object instead of a list', JSON.stringify(session())],
    ['a list of junk', '[1, "x", null, {}]'],
    ['a session without a key', JSON.stringify([{ id: 'a1', account: { id: '1', label: 'x' }, createdAt: 1 }])],
    ['a session with a blank key', JSON.stringify([{ ...session(), key: '   ' }])],
    ['a session without an id', JSON.stringify([{ key: SAMPLE_API_KEY }])],
  ] as const) {
    it(`tolerates ${what}: no session, flagged corrupt, never throws`, () => {
      assert.deepEqual(parseSessions(text), { sessions: [], corrupt: true });
    });
  }

  it('keeps the usable sessions of a partly damaged list and flags it', () => {
    const good = session();
    const parsed = parseSessions(JSON.stringify([good, { nonsense: true }]));
    assert.deepEqual(parsed, { sessions: [good], corrupt: true });
  });

  it('drops duplicate ids', () => {
    const parsed = parseSessions(JSON.stringify([session(), session({ key: 'PMAK-other' })]));
    assert.equal(parsed.sessions.length, 1);
    assert.equal(parsed.sessions[0].key, SAMPLE_API_KEY);
  });

  it('repairs a missing account or age instead of discarding the key', () => {
    const before = Date.now();
    const [s] = parseSessions(JSON.stringify([{ id: 'a1', key: ` ${SAMPLE_API_KEY} `, createdAt: 'yesterday' }])).sessions;
    assert.equal(s.key, SAMPLE_API_KEY);
    assert.deepEqual(s.account, UNKNOWN_ACCOUNT);
    assert.ok(s.createdAt >= before);
  });

  it('labels the account "Full Name (username)", or the username alone', () => {
    assert.equal(displayName({ username: 'taylor-lee', fullName: 'Taylor Lee' }), 'Taylor Lee (taylor-lee)');
    assert.equal(displayName({ username: 'taylor-lee' }), 'taylor-lee');
    assert.deepEqual(accountOf({ id: 12345678, username: 'taylor-lee', fullName: 'Taylor Lee' }), { id: '12345678', label: 'Taylor Lee (taylor-lee)' });
  });
});

describe('key age and the rotation reminder', () => {
  const created = Date.UTC(2026, 0, 1);

  it('counts whole days, never negative', () => {
    assert.equal(keyAgeDays(created, created), 0);
    assert.equal(keyAgeDays(created, created + DAY_MS - 1), 0);
    assert.equal(keyAgeDays(created, created + 90 * DAY_MS), 90);
    assert.equal(keyAgeDays(created, created - DAY_MS), 0);
  });

  it('is due once the key is as old as the setting says', () => {
    assert.equal(rotationDue(created, created + 89 * DAY_MS, 90), false);
    assert.equal(rotationDue(created, created + 90 * DAY_MS, 90), true);
    assert.equal(rotationDue(created, created + 400 * DAY_MS, 90), true);
  });

  it('is never due when turned off (0) or when the age is unknown', () => {
    assert.equal(rotationDue(created, created + 1000 * DAY_MS, 0), false);
    assert.equal(rotationDue(undefined, created + 1000 * DAY_MS, 90), false);
  });

  it('reads the setting: default 90, 0 or less turns it off', () => {
    assert.equal(rotationDays(undefined), DEFAULT_ROTATION_DAYS);
    assert.equal(rotationDays('30'), DEFAULT_ROTATION_DAYS);
    assert.equal(rotationDays(NaN), DEFAULT_ROTATION_DAYS);
    assert.equal(rotationDays(30), 30);
    assert.equal(rotationDays(30.7), 30);
    assert.equal(rotationDays(0), 0);
    assert.equal(rotationDays(-5), 0);
  });
});

describe('API keys pasted into settings', () => {
  it('finds the common names under postman.*', () => {
    for (const name of SECRET_SETTING_NAMES) {
      assert.deepEqual(findSecretSettings({ [name]: 'anything', apiBaseUrl: 'https://api.getpostman.com' }), [name]);
    }
  });

  it('finds a Postman key by its shape under any name, and nested', () => {
    assert.deepEqual(findSecretSettings({ myCredential: SAMPLE_API_KEY, auth: { header: `X ${SAMPLE_API_KEY}` } }), ['myCredential', 'auth.header']);
    assert.deepEqual(findSecretSettings({ bearer: 'PMAT-01HXYZABCDEFGH' }), ['bearer']);
  });

  it('finds secret-looking names such as fooApiKey or client_secret', () => {
    assert.deepEqual(findSecretSettings({ teamApiKey: 'x', oauth: { client_secret: 'y' }, password: 'z' }), ['teamApiKey', 'oauth.client_secret', 'password']);
  });

  it('ignores ordinary settings, empty values and non-strings', () => {
    assert.deepEqual(findSecretSettings({
      apiBaseUrl: 'https://api.getpostman.com', region: 'eu', apiKeyRotationDays: 90, showUsageInStatusBar: true,
      apiKey: '', token: '   ', key: null, requestTimeoutSeconds: 30,
    }), []);
    assert.deepEqual(findSecretSettings(undefined), []);
    assert.deepEqual(findSecretSettings('PMAK-x'), []);
  });

  it('can remove exactly the names package.json declares (VS Code refuses undeclared ones)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    const props = manifest.contributes.configuration.properties as Record<string, { markdownDeprecationMessage?: string; scope?: string }>;
    for (const name of SECRET_SETTING_NAMES) {
      const declared = props[`postman.${name}`];
      assert.ok(declared, `postman.${name} is declared`);
      assert.ok(declared.markdownDeprecationMessage, `postman.${name} is marked deprecated`);
      assert.equal(declared.scope, 'resource', `postman.${name} can be removed from every settings file`);
      assert.ok(isDeclaredSecretSetting(name));
    }
    assert.equal(isDeclaredSecretSetting('auth.header'), false);
  });
});
