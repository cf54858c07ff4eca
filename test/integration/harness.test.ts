// Smoke test of the integration harness itself: this file runs inside the extension host.
import * as assert from 'node:assert';
import * as vscode from 'vscode';

describe('integration harness', () => {
  it('runs inside a real VS Code extension host', () => {
    assert.ok(vscode.version.startsWith('1.'), `unexpected vscode.version ${vscode.version}`);
  });

  it('loaded the extension under development', () => {
    assert.ok(vscode.extensions.getExtension('postman-workspaces-dev.postman-workspaces'),
      'postman-workspaces-dev.postman-workspaces is not among the loaded extensions');
  });

  it('passes the env of .vscode-test.mjs to the extension host', () => {
    assert.ok(process.env.POSTMAN_TEST_HARNESS, 'POSTMAN_TEST_HARNESS is not set');
  });
});
