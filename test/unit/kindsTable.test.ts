import * as assert from 'node:assert/strict';
import { KINDS, suffixedKinds } from '../../src/documents/model/kinds';

/** The table of document kinds: which kinds a URI's file name tells apart by its ending, longest ending first. */
describe('the table of document kinds', () => {
  it('lists the kinds named by a suffix, longest suffix first; a spec file has none (its own path ends its URI)', () => {
    assert.deepEqual(suffixedKinds(), ['environment', 'collection', 'response', 'globals', 'request', 'folder']);
    assert.deepEqual(suffixedKinds().map((k) => KINDS[k].suffix?.length), [25, 24, 22, 21, 21, 20]);
    assert.equal(KINDS.specFile.suffix, undefined);
  });
});
