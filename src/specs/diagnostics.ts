import * as vscode from 'vscode';
import { parseResourceUri, resourceUri, SCHEME } from '../documents/postmanUri';
import { type Logger, type PostmanRepository, userMessage } from '../postman';
import { plain } from '../text/plain';
import type { SpecProblem } from './model/types';

/** What the diagnostics need of the validator (loaded on first use: see validatorLoader.ts). */
export interface SpecValidator {
  validateSpec(input: { files: { path: string; content: string }[]; root: string }): Promise<SpecProblem[]>;
}

export interface SpecDiagnosticsDeps {
  repo: PostmanRepository;
  log: Logger;
  validator: () => SpecValidator;
  /** Quiet time after the last keystroke before validating again. */
  delayMs?: number;
}

/** A spec document's names as its URI carries them, to name its sibling files the same way. */
interface SpecNames {
  specId: string;
  /** The file's path in the spec. */
  path: string;
  name: string;
  workspaceName: string | undefined;
}

/**
 * The Problems panel for specs: every open spec file is validated with the whole spec it
 * belongs to (its other files as Postman holds them, or as their open editors hold them,
 * unsaved edits included), on opening, after each pause in typing, and after a save; each
 * problem shows at its line in the file it is in. Closing a spec's last editor clears its
 * problems. Nothing runs, and the validator is not loaded, until a spec file is opened.
 */
export class SpecDiagnostics implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('postman-specs');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The URIs given problems per spec, to clear them when its editors close. */
  private readonly shown = new Map<string, vscode.Uri[]>();
  /** A validation counter per spec: an older run finishing late never overwrites a newer one. */
  private readonly runs = new Map<string, number>();
  private readonly validated = new vscode.EventEmitter<{ specId: string; problems: number; ms: number }>();
  /** Fired after each validation (tests wait for it; the log says how long it took). */
  readonly onDidValidate = this.validated.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly deps: SpecDiagnosticsDeps) {
    this.disposables = [
      this.diagnostics,
      this.validated,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
    ];
    vscode.workspace.textDocuments.forEach((d) => this.schedule(d, 0));
  }

  /** Validates the spec of a document now (tests and the first open). */
  async validateNow(uri: vscode.Uri): Promise<void> {
    const names = specNames(uri);
    if (names) {
      await this.validate(names);
    }
  }

  private schedule(doc: vscode.TextDocument, delay = this.deps.delayMs ?? 400): void {
    const names = specNames(doc.uri);
    if (!names) {
      return;
    }
    clearTimeout(this.timers.get(names.specId));
    this.timers.set(
      names.specId,
      setTimeout(() => {
        this.timers.delete(names.specId);
        void this.validate(names);
      }, delay),
    );
  }

  private async validate(names: SpecNames): Promise<void> {
    const { specId } = names;
    const run = (this.runs.get(specId) ?? 0) + 1;
    this.runs.set(specId, run);
    const started = performance.now();
    try {
      const open = new Map<string, vscode.TextDocument>();
      for (const doc of vscode.workspace.textDocuments) {
        const of = specNames(doc.uri);
        if (of?.specId === specId) {
          open.set(of.path, doc);
        }
      }
      const listed = await this.deps.repo.specFiles(specId);
      const paths = listed.length > 0 ? listed.map((f) => f.path) : [...open.keys()];
      const files = await Promise.all(
        paths.map(async (path) => ({ path, content: open.get(path)?.getText() ?? (await this.deps.repo.specFile(specId, path)).content })),
      );
      const root = listed.find((f) => f.type === 'ROOT')?.path ?? (paths.length === 1 ? paths[0] : [...open.keys()][0]);
      if (root === undefined) {
        return;
      }
      const problems = await this.deps.validator().validateSpec({ files, root });
      if (this.runs.get(specId) !== run) {
        return; // a newer validation of this spec has started
      }
      const uriOf = (path: string) => open.get(path)?.uri ?? resourceUri({ kind: 'specFile', uid: specId, path }, names.name, names.workspaceName);
      const uris = paths.map(uriOf);
      for (const old of this.shown.get(specId) ?? []) {
        this.diagnostics.delete(old);
      }
      this.diagnostics.set(uris.map((uri, i) => [uri, problems.filter((p) => p.path === paths[i]).map(toDiagnostic)]));
      this.shown.set(specId, uris);
      const ms = performance.now() - started;
      this.deps.log.info(`Validated spec ${specId} (${files.length} file${files.length === 1 ? '' : 's'}): ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${Math.round(ms)} ms`);
      this.validated.fire({ specId, problems: problems.length, ms });
    } catch (err) {
      this.deps.log.warn(`Could not validate spec ${specId}: ${plain(userMessage(err), 600)}`);
    }
  }

  private closed(doc: vscode.TextDocument): void {
    const names = specNames(doc.uri);
    if (!names) {
      return;
    }
    const stillOpen = vscode.workspace.textDocuments.some((d) => d !== doc && specNames(d.uri)?.specId === names.specId);
    if (!stillOpen) {
      clearTimeout(this.timers.get(names.specId));
      this.timers.delete(names.specId);
      this.runs.set(names.specId, (this.runs.get(names.specId) ?? 0) + 1);
      for (const uri of this.shown.get(names.specId) ?? []) {
        this.diagnostics.delete(uri);
      }
      this.shown.delete(names.specId);
    }
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.disposables.forEach((d) => d.dispose());
  }
}

function specNames(uri: vscode.Uri): SpecNames | undefined {
  if (uri.scheme !== SCHEME) {
    return undefined;
  }
  const parsed = parseResourceUri(uri);
  return parsed?.isFile && parsed.kind === 'specFile' && parsed.path !== undefined
    ? { specId: parsed.uid, path: parsed.path, name: parsed.name, workspaceName: parsed.workspaceName }
    : undefined;
}

function toDiagnostic(p: SpecProblem): vscode.Diagnostic {
  const range = new vscode.Range(p.range.startLine, p.range.startColumn, p.range.endLine, p.range.endColumn);
  const d = new vscode.Diagnostic(range, plain(p.message, 500), p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error);
  d.source = 'Postman spec';
  return d;
}
