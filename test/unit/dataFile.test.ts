import * as assert from 'node:assert/strict';
import { parseDataFile } from '../../src/runs/engine/dataFile';

const NOT_ROWS = 'A JSON data file must be an array of objects, one per iteration.';
const NEITHER = 'The data file is neither JSON nor CSV that can be read: ';

/** The values of column `v`, one row each, of a CSV with that single column. */
function column(...cells: string[]): unknown[] {
  return parseDataFile(['v', ...cells].join('\n')).map((row) => row.v);
}

describe('iteration data files (as newman reads them)', () => {
  describe('JSON', () => {
    it('an array of objects is the rows, values as they are', () => {
      assert.deepEqual(parseDataFile('[{"user":"ann","id":1,"ok":true},{"user":"bob","id":"002","extra":null,"list":[1,2]}]'), [
        { user: 'ann', id: 1, ok: true },
        { user: 'bob', id: '002', extra: null, list: [1, 2] },
      ]);
    });

    it('an empty array is no rows; an empty object is one row', () => {
      assert.deepEqual(parseDataFile('[]'), []);
      assert.deepEqual(parseDataFile('[{}]'), [{}]);
    });

    it('whitespace around the JSON and a byte order mark are ignored', () => {
      assert.deepEqual(parseDataFile('\n\t  [{"a":1}]  \r\n'), [{ a: 1 }]);
      assert.deepEqual(parseDataFile('\uFEFF[{"a":1}]'), [{ a: 1 }]);
      assert.deepEqual(parseDataFile('\uFEFF  [{"a":1}]\n'), [{ a: 1 }]);
      // Whitespace JSON.parse itself refuses, trimmed first as newman does.
      assert.deepEqual(parseDataFile('\u00a0[{"a":1}]\v'), [{ a: 1 }]);
      assert.deepEqual(parseDataFile('[{"a":1}]\uFEFF'), [{ a: 1 }]);
      assert.deepEqual(parseDataFile('\u2028\f[{"a":1}]\u3000'), [{ a: 1 }]);
    });

    it('a byte order mark inside a value stays there (only a leading one is dropped)', () => {
      assert.deepEqual(parseDataFile('[{"a":"x\uFEFFy"}]'), [{ a: 'x\uFEFFy' }]);
      assert.deepEqual(parseDataFile('\uFEFF[{"a":"\uFEFF"}]'), [{ a: '\uFEFF' }]);
    });

    it('an object, or an array holding anything but objects, is refused with the reason', () => {
      for (const text of ['{"a":1}', '[1,2]', '["a"]', '[{"a":1},null]', '[{"a":1},[{"b":2}]]', '[[]]', '[{"a":1},2]', '[null]', '42', '"text"', 'true', 'null', '{}']) {
        assert.throws(() => parseDataFile(text), (err: unknown) => err instanceof Error && err.message === NOT_ROWS, text);
      }
    });

    it('the rows are the parsed JSON objects themselves, keys in file order', () => {
      const rows = parseDataFile('[{"b":1,"a":2}]');
      assert.deepEqual(Object.keys(rows[0]), ['b', 'a']);
    });
  });

  describe('CSV', () => {
    it('the header row names the columns; each further row is one iteration', () => {
      assert.deepEqual(parseDataFile('user,role\nann,admin\nbob,viewer\n'), [
        { user: 'ann', role: 'admin' },
        { user: 'bob', role: 'viewer' },
      ]);
    });

    it('a header without rows, and an empty or blank file, are no rows', () => {
      assert.deepEqual(parseDataFile('user,role\n'), []);
      assert.deepEqual(parseDataFile('user'), []);
      assert.deepEqual(parseDataFile(''), []);
      assert.deepEqual(parseDataFile('\n'), []);
    });

    it('unquoted integers and floats become numbers; quoted ones stay text', () => {
      assert.deepEqual(parseDataFile('a,b,c,d\n42,"42",3.5,"3.5"\n'), [{ a: 42, b: '42', c: 3.5, d: '3.5' }]);
    });

    it('signed integers are numbers', () => {
      assert.deepEqual(column('-5', '+5', '10', '123'), [-5, 5, 10, 123]);
    });

    it('anything Number and parseFloat both read alike is a float: 007, 0, -0, 1e3, .5, 1.', () => {
      const values = column('007', '0', '-0', '1e3', '.5', '1.', '-2.25', '0.000');
      assert.deepEqual(values, [7, 0, -0, 1000, 0.5, 1, -2.25, 0]);
      assert.ok(Object.is(values[2], -0));
    });

    it('hex and binary literals: Number reads them, parseFloat stops at the x, so they become 0 (newman does the same)', () => {
      assert.deepEqual(column('0x10', '0b101', '0o7'), [0, 0, 0]);
    });

    it('text, partly numeric text, Infinity, an overflowing float and empty cells stay text', () => {
      assert.deepEqual(column('abc', '12abc', 'abc12', '1.5x', 'Infinity', '-', '1e400', '1 2', 'NaN', '1_000'), [
        'abc',
        '12abc',
        'abc12',
        '1.5x',
        'Infinity',
        '-',
        '1e400',
        '1 2',
        'NaN',
        '1_000',
      ]);
      assert.deepEqual(parseDataFile('a,b\n,x\n'), [{ a: '', b: 'x' }]);
    });

    it('an integer too large for a double is Infinity, as newman\'s parseInt makes it (a float that large stays text)', () => {
      const big = `1${'0'.repeat(400)}`;
      assert.deepEqual(column(big, `-${big}`, `+${big}`, `9${'0'.repeat(400)}`), [Infinity, -Infinity, Infinity, Infinity]);
    });

    it('long integers are parsed as integers', () => {
      assert.deepEqual(column('9007199254740993', '12345678901234567890'), [9007199254740992, 12345678901234567000]);
    });

    it('whitespace around a cell is trimmed, inside it is kept', () => {
      assert.deepEqual(parseDataFile('a , b ,c\n 1 ,  x y  ,\t"q" \n'), [{ a: 1, b: 'x y', c: 'q' }]);
    });

    it('a leading byte order mark is not part of the first column name', () => {
      const rows = parseDataFile('\uFEFFid,name\n1,ann\n');
      assert.deepEqual(rows, [{ id: 1, name: 'ann' }]);
      assert.deepEqual(Object.keys(rows[0]), ['id', 'name']);
    });

    it('Windows line ends', () => {
      assert.deepEqual(parseDataFile('a,b\r\n1,x\r\n2,y\r\n'), [
        { a: 1, b: 'x' },
        { a: 2, b: 'y' },
      ]);
    });

    it('rows with fewer or more cells than the header are kept (missing columns absent, extra cells dropped)', () => {
      assert.deepEqual(parseDataFile('a,b,c\n1\n1,2,3,4\nx,y\n'), [{ a: 1 }, { a: 1, b: 2, c: 3 }, { a: 'x', b: 'y' }]);
    });

    it('a blank line between rows is a row with an empty first column, as csv-parse makes it', () => {
      assert.deepEqual(parseDataFile('a,b\n1,2\n\n3,4\n'), [{ a: 1, b: 2 }, { a: '' }, { a: 3, b: 4 }]);
    });

    it('a doubled quote inside quotes is one quote; a bare quote inside an unquoted cell is kept', () => {
      assert.deepEqual(parseDataFile('a,b\n"say ""hi""",x"y\n'), [{ a: 'say "hi"', b: 'x"y' }]);
    });

    it('quoted cells may hold the delimiter and line breaks', () => {
      assert.deepEqual(parseDataFile('a,b\n"1,2","line\nbreak"\n'), [{ a: '1,2', b: 'line\nbreak' }]);
    });

    it('a repeated column name keeps the last cell', () => {
      assert.deepEqual(parseDataFile('a,a\n1,2\n'), [{ a: 2 }]);
    });

    it('a CSV that cannot be read is refused with csv-parse\'s reason', () => {
      assert.throws(
        () => parseDataFile('a,b\n"unterminated,1\n'),
        (err: unknown) => err instanceof Error && err.message === `${NEITHER}Quote Not Closed: the parsing is finished with an opening quote at line 2`,
      );
      assert.throws(
        () => parseDataFile('a,b\n"x" y,1\n'),
        (err: unknown) => err instanceof Error && err.message === `${NEITHER}Invalid Closing Quote: found non trimable byte after quote at line 2`,
      );
    });

    it('text that is neither JSON nor CSV-with-quotes is read as CSV (a broken JSON array too)', () => {
      assert.deepEqual(parseDataFile('[{"a":1}'), []);
      assert.deepEqual(parseDataFile('x\n[1,2'), [{ x: '[1' }]);
    });
  });
});
