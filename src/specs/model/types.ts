/** One file of a spec as Spec Hub holds it: its path in the spec (`components/schemas.yaml`) and its text. */
export interface SpecFile {
  path: string;
  content: string;
}

/** A whole spec: its files, and the path of the root file (the one with `openapi` or `swagger`). */
export interface SpecInput {
  files: SpecFile[];
  root: string;
}

/** Where a problem is in its file: 0-based lines and columns (UTF-16 code units, as VS Code counts). */
export interface SpecRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/**
 * One problem found in a spec, in the file it is in (`path`, as given in the input). The message
 * is plain text on one line, at most MAX_MESSAGE code points, and holds untrusted text (names
 * and values from the spec): the caller escapes it.
 */
export interface SpecProblem {
  path: string;
  message: string;
  severity: 'error' | 'warning';
  range: SpecRange;
}
