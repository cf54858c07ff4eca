import parseCsv from 'csv-parse/lib/sync';

/** A data file's rows: one iteration each. */
export type DataRows = Record<string, unknown>[];

const INT = /^(-|\+)?([1-9]+[0-9]*)$/;

/** newman's cast: unquoted integers and floats become numbers; quoted values stay text. */
function cast(value: string, context: { quoting: boolean }): unknown {
  if (context.quoting) {
    return value;
  }
  if (INT.test(value)) {
    return parseInt(value, 10);
  }
  // Stryker disable next-line ArithmeticOperator,EqualityOperator: the same test as newman's, kept as written there; the sum is never exactly 0 (where the two differ, Number read a 0x/0b/0o literal, >= 0, and parseFloat read 0)
  if (Number(value) - parseFloat(value) + 1 >= 0) {
    return parseFloat(value);
  }
  return value;
}

/**
 * An iteration data file read exactly as newman reads it (so a run here and `newman run -d`
 * iterate alike): JSON when it parses as an array of objects, else CSV with a header row,
 * parsed by the same csv-parse version with newman's options.
 */
export function parseDataFile(text: string): DataRows {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    json = undefined;
  }
  if (json !== undefined) {
    if (!Array.isArray(json) || !json.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row))) {
      throw new Error('A JSON data file must be an array of objects, one per iteration.');
    }
    return json as DataRows;
  }
  try {
    return parseCsv(text, { columns: true, escape: '"', cast: cast as never, trim: true, relax: true, relax_column_count: true, bom: true }) as DataRows;
  } catch (err) {
    throw new Error(`The data file is neither JSON nor CSV that can be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}
