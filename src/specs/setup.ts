import * as vscode from 'vscode';
import type { Logger, PostmanClient, PostmanRepository } from '../postman';
import { SpecDiagnostics } from './diagnostics';
import { generateCollection, type SpecArg } from './generate';
import { loadSpecValidator, specValidatorLoaded } from './validatorLoader';

export interface Specs {
  disposables: vscode.Disposable[];
  diagnostics: SpecDiagnostics;
  /** Whether the validator (dist/specValidator.js) has been loaded: not before a spec file is opened. */
  validatorLoaded(): boolean;
}

/** Specs from Spec Hub: their problems in the Problems panel, and Generate Collection. Opening and saving them is the documents' job. */
export function setUpSpecs(deps: {
  context: vscode.ExtensionContext;
  client: PostmanClient;
  repo: PostmanRepository;
  log: Logger;
  /** A collection was generated in a workspace: the tree reloads it. */
  onDidAddToWorkspace(workspaceId: string): void;
}): Specs {
  const diagnostics = new SpecDiagnostics({ repo: deps.repo, log: deps.log, validator: () => loadSpecValidator(deps.context.extensionPath) });
  const onDidGenerate = (workspaceId: string | undefined, spec: SpecArg) => {
    deps.repo.invalidate(`specCollections:${spec.uid ?? ''}`);
    if (workspaceId) {
      deps.onDidAddToWorkspace(workspaceId);
    }
  };
  return {
    diagnostics,
    validatorLoaded: specValidatorLoaded,
    disposables: [
      diagnostics,
      vscode.commands.registerCommand('postman.generateCollection', (spec?: SpecArg, name?: string) =>
        generateCollection({ client: deps.client, log: deps.log, onDidGenerate }, spec, typeof name === 'string' ? name : undefined),
      ),
    ],
  };
}
