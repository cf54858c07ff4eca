import * as assert from 'node:assert/strict';
import type { Variable } from '../../src/runs/model/types';
import {
  applyShare,
  currentValuesAfter,
  effectiveVariables,
  MASK,
  maskSecrets,
  MIN_MASKED_LENGTH,
  secretValues,
  shareChanges,
  withTypesOf,
} from '../../src/runs/model/variables';

const initial: Variable[] = [
  { key: 'baseUrl', value: 'https://api.example.com', type: 'default', enabled: true },
  { key: 'token', value: 'initial-token', type: 'secret', enabled: true },
  { key: 'page', value: '1', enabled: false },
];

describe('current values of a run', () => {
  describe('effectiveVariables', () => {
    it('replaces each initial value with the current one and keeps type and enabled', () => {
      assert.deepEqual(effectiveVariables(initial, { token: 'mine', page: '7' }), [
        { key: 'baseUrl', value: 'https://api.example.com', type: 'default', enabled: true },
        { key: 'token', value: 'mine', type: 'secret', enabled: true },
        { key: 'page', value: '7', enabled: false },
      ]);
    });

    it('appends the keys only set here, as enabled default variables, after the initial ones', () => {
      assert.deepEqual(effectiveVariables(initial, { created: 'by a script', token: 't2', other: '' }), [
        { key: 'baseUrl', value: 'https://api.example.com', type: 'default', enabled: true },
        { key: 'token', value: 't2', type: 'secret', enabled: true },
        { key: 'page', value: '1', enabled: false },
        { key: 'created', value: 'by a script', type: 'default', enabled: true },
        { key: 'other', value: '', type: 'default', enabled: true },
      ]);
    });

    it('an empty current value still replaces the initial one', () => {
      assert.deepEqual(
        effectiveVariables(initial, { baseUrl: '' }).map((v) => v.value),
        ['', 'initial-token', '1'],
      );
    });

    it('without current values, copies of the initial ones', () => {
      const out = effectiveVariables(initial, undefined);
      assert.deepEqual(out, initial);
      out.forEach((v, i) => assert.notEqual(v, initial[i]));
      out[0].value = 'changed';
      assert.equal(initial[0].value, 'https://api.example.com');
      assert.deepEqual(effectiveVariables(initial, {}), initial);
      assert.deepEqual(effectiveVariables([], undefined), []);
    });

    it('only own keys of the current values count, not what an object inherits', () => {
      const vars: Variable[] = [
        { key: 'toString', value: 'a', type: 'default' },
        { key: 'constructor', value: 'b' },
      ];
      assert.deepEqual(effectiveVariables(vars, {}), vars);
      assert.deepEqual(effectiveVariables(vars, { toString: 'c' }), [
        { key: 'toString', value: 'c', type: 'default' },
        { key: 'constructor', value: 'b' },
      ]);
    });

    it('a key repeated in the initial values takes the current value each time and is not appended again', () => {
      const vars: Variable[] = [
        { key: 'a', value: '1' },
        { key: 'a', value: '2' },
      ];
      assert.deepEqual(effectiveVariables(vars, { a: '3' }), [
        { key: 'a', value: '3' },
        { key: 'a', value: '3' },
      ]);
    });
  });

  describe('currentValuesAfter', () => {
    it('keeps the values a run changed and the keys it created, drops those equal to the initial', () => {
      const after: Variable[] = [
        { key: 'baseUrl', value: 'https://api.example.com' },
        { key: 'token', value: 'refreshed', type: 'secret' },
        { key: 'page', value: '2' },
        { key: 'newKey', value: 'made by a script' },
      ];
      assert.deepEqual(currentValuesAfter(initial, after), { token: 'refreshed', page: '2', newKey: 'made by a script' });
    });

    it('drops the keys the run unset, and keys without a name', () => {
      assert.deepEqual(currentValuesAfter(initial, [{ key: 'page', value: '3' }, { key: '', value: 'nameless' }]), { page: '3' });
      assert.deepEqual(currentValuesAfter(initial, []), {});
    });

    it('a created key with an empty value is kept (it differs from no initial value)', () => {
      assert.deepEqual(currentValuesAfter([], [{ key: 'x', value: '' }]), { x: '' });
    });

    it('a value set back to the initial one drops out', () => {
      assert.deepEqual(currentValuesAfter(initial, initial), {});
    });
  });

  describe('withTypesOf', () => {
    it('each variable keeps the type it had before the run', () => {
      const after: Variable[] = [
        { key: 'token', value: 'new', type: 'any', enabled: true },
        { key: 'baseUrl', value: 'u', type: 'any' },
      ];
      assert.deepEqual(withTypesOf(initial, after), [
        { key: 'token', value: 'new', type: 'secret', enabled: true },
        { key: 'baseUrl', value: 'u', type: 'default' },
      ]);
    });

    it('variables without a type, and new ones, are default', () => {
      assert.deepEqual(withTypesOf(initial, [{ key: 'page', value: '2', type: 'any' }, { key: 'fresh', value: 'f', type: 'secret' }]), [
        { key: 'page', value: '2', type: 'default' },
        { key: 'fresh', value: 'f', type: 'default' },
      ]);
    });

    it('leaves what it was given alone', () => {
      const after: Variable[] = [{ key: 'token', value: 'x', type: 'any' }];
      const out = withTypesOf(initial, after);
      assert.equal(after[0].type, 'any');
      assert.notEqual(out[0], after[0]);
    });
  });

  describe('secretValues', () => {
    it('collects the values of secret variables from every scope, longest first, each once', () => {
      const env: Variable[] = [
        { key: 'a', value: 'abcd', type: 'secret' },
        { key: 'b', value: 'abcdefgh', type: 'secret' },
        { key: 'plain', value: 'not a secret at all', type: 'default' },
      ];
      const globals: Variable[] = [
        { key: 'c', value: 'abcdef', type: 'secret' },
        { key: 'd', value: 'abcd', type: 'secret' },
        { key: 'e', value: 'untyped value' },
      ];
      assert.deepEqual(secretValues(env, undefined, globals), ['abcdefgh', 'abcdef', 'abcd']);
      assert.deepEqual(secretValues(globals, env), ['abcdefgh', 'abcdef', 'abcd']);
      assert.deepEqual(secretValues([{ key: 'x', value: 'wxyz', type: 'secret' }, { key: 'y', value: 'a-longer-one', type: 'secret' }]), ['a-longer-one', 'wxyz']);
    });

    it(`skips values shorter than ${MIN_MASKED_LENGTH} characters: masking "1" would garble every number`, () => {
      assert.equal(MIN_MASKED_LENGTH, 4);
      const vars: Variable[] = [
        { key: 'three', value: 'abc', type: 'secret' },
        { key: 'four', value: 'abcd', type: 'secret' },
        { key: 'empty', value: '', type: 'secret' },
      ];
      assert.deepEqual(secretValues(vars), ['abcd']);
    });

    it('nothing without scopes or secrets', () => {
      assert.deepEqual(secretValues(), []);
      assert.deepEqual(secretValues(undefined, []), []);
      assert.deepEqual(secretValues(initial.filter((v) => v.type !== 'secret')), []);
    });
  });

  describe('maskSecrets', () => {
    it('replaces every occurrence of each secret', () => {
      assert.equal(MASK, '••••••');
      assert.equal(maskSecrets('token=s3cr3t&again=s3cr3t; other=hunter22', ['s3cr3t', 'hunter22']), 'token=••••••&again=••••••; other=••••••');
    });

    it('leaves text without secrets as it is', () => {
      assert.equal(maskSecrets('nothing here', ['s3cr3t']), 'nothing here');
      assert.equal(maskSecrets('nothing here', []), 'nothing here');
      assert.equal(maskSecrets('', ['s3cr3t']), '');
    });

    it('masks a secret that contains another whole, with secretValues ordering them', () => {
      const vars: Variable[] = [
        { key: 'short', value: '1234', type: 'secret' },
        { key: 'long', value: 'pass1234', type: 'secret' },
      ];
      assert.equal(maskSecrets('a pass1234 b 1234 c', secretValues(vars)), 'a •••••• b •••••• c');
      // In the other order the longer one would show in part.
      assert.equal(maskSecrets('a pass1234 b 1234 c', ['1234', 'pass1234']), 'a pass•••••• b •••••• c');
    });
  });

  describe('sharing current values', () => {
    it('lists each current value that differs, what it was, and whether it is a secret', () => {
      assert.deepEqual(shareChanges(initial, { baseUrl: 'https://api.example.com', token: 'mine', page: '9', extra: 'new' }), [
        { key: 'token', from: 'initial-token', to: 'mine', secret: true },
        { key: 'page', from: '1', to: '9', secret: false },
        { key: 'extra', from: undefined, to: 'new', secret: false },
      ]);
    });

    it('nothing to share without current values or when they equal the initial ones', () => {
      assert.deepEqual(shareChanges(initial, undefined), []);
      assert.deepEqual(shareChanges(initial, {}), []);
      assert.deepEqual(shareChanges(initial, { page: '1' }), []);
    });

    it('applies the chosen changes to copies of the initial values, new keys last', () => {
      const changes = shareChanges(initial, { token: 'mine', extra: 'new' });
      const out = applyShare(initial, changes);
      assert.deepEqual(out, [
        { key: 'baseUrl', value: 'https://api.example.com', type: 'default', enabled: true },
        { key: 'token', value: 'mine', type: 'secret', enabled: true },
        { key: 'page', value: '1', enabled: false },
        { key: 'extra', value: 'new', type: 'default', enabled: true },
      ]);
      assert.equal(initial[1].value, 'initial-token', 'the initial values are not changed');
      initial.forEach((v, i) => assert.notEqual(out[i], v));
    });

    it('a change left out is not applied; no changes give the initial values', () => {
      const changes = shareChanges(initial, { token: 'mine', page: '2' }).filter((c) => !c.secret);
      assert.deepEqual(
        applyShare(initial, changes).map((v) => v.value),
        ['https://api.example.com', 'initial-token', '2'],
      );
      assert.deepEqual(applyShare(initial, []), initial);
    });

    it('a new key shared twice is added once and takes the later value', () => {
      const out = applyShare([], [
        { key: 'n', from: undefined, to: 'first', secret: false },
        { key: 'n', from: undefined, to: 'second', secret: false },
      ]);
      assert.deepEqual(out, [{ key: 'n', value: 'second', type: 'default', enabled: true }]);
    });
  });
});

describe('masking secrets where they hide', () => {
  it('masks a secret written escaped inside JSON text (a quote, a backslash)', () => {
    const secret = 'pa"ss\\word';
    const body = JSON.stringify({ token: secret });
    assert.equal(maskSecrets(body, [secret]), `{"token":"${MASK}"}`);
    assert.equal(maskSecrets(`raw ${secret}`, [secret]), `raw ${MASK}`);
  });

  it('masks a secret percent-encoded in a URL, as a whole query value and as the runtime encodes a path', () => {
    const secret = 'pa ss/wörd@x';
    assert.equal(maskSecrets(`https://h/?k=${encodeURIComponent(secret)}&n=1`, [secret]), `https://h/?k=${MASK}&n=1`);
    assert.equal(maskSecrets(`GET https://h/${encodeURI(secret)}/x`, [secret]), `GET https://h/${MASK}/x`);
    assert.equal(encodeURI(secret) === encodeURIComponent(secret), false, 'the two encodings differ for this secret');
  });

  it('masks what it can of a secret holding a lone surrogate, which no URL can carry', () => {
    const secret = 'abc\ud800defgh';
    assert.equal(maskSecrets(`x ${secret} y`, [secret]), `x ${MASK} y`);
  });
});
