/**
 * Root hooks of the extension-host reliability run (they wrap every file of the label):
 * count unhandled rejections and uncaught exceptions in the extension host while every
 * scenario runs, and afterwards search everything this run's VS Code wrote — logs, the
 * extension's output, settings, global and workspace state, every file of the user-data
 * folder — for the API keys used. Both totals go into the report and must be 0.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SAMPLE_API_KEY, SAMPLE_API_KEY_2 } from '../../fixtures/sampleData';
import { activateExtension } from '../../integration/helpers';
import { recordTotals, searchFiles, searchText, UnhandledWatch } from '../report';

/** Every credential the reliability run uses (the OAuth tests add theirs to this list). */
export const SECRETS_USED: string[] = [SAMPLE_API_KEY, SAMPLE_API_KEY_2];

/** A request header written out anywhere would look like this. */
const HEADER_ECHO = /x-api-key["']?\s*[:=]\s*["']?(?!\[redacted\])\S|authorization["']?\s*[:=]\s*["']?bearer\s+(?!\[redacted\])\S/i;

const watch = new UnhandledWatch();

before(() => watch.start());

after(async function () {
  this.timeout(60_000);
  watch.stop();
  const api = await activateExtension();
  // <user-data>/logs/<session>/exthost1/<extension>: the user-data folder is above "logs".
  const marker = `${path.sep}logs${path.sep}`;
  const userData = api.logDir.includes(marker) ? api.logDir.slice(0, api.logDir.lastIndexOf(marker)) : api.logDir;
  const files = searchFiles([userData], SECRETS_USED);
  const hits = [...files.hits];
  const state = JSON.stringify(api.stateSnapshot());
  hits.push(...searchText(state, SECRETS_USED).map((s) => `global/workspace state: ${s}`));
  for (const scope of ['postman', undefined] as const) {
    hits.push(...searchText(JSON.stringify(vscode.workspace.getConfiguration(scope)), SECRETS_USED).map((s) => `settings: ${s}`));
  }
  const log = path.join(api.logDir, 'Postman.log');
  const logText = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
  for (const line of logText.split('\n').filter((l) => HEADER_ECHO.test(l))) {
    hits.push(`a request header in the log: ${line.slice(0, 120)}`);
  }
  recordTotals({
    where: 'host',
    unhandled: watch.seen.length,
    unhandledDetails: watch.seen,
    secretsFound: hits.length,
    secretsSearched: { files: files.files, secrets: SECRETS_USED.length },
  });
  console.log(`Searched ${files.files} files of ${userData}, the state and the settings for ${SECRETS_USED.length} secrets: ${hits.length} hits.`);
  assert.ok(logText.length > 0, 'the extension wrote its log');
  assert.deepEqual(hits, [], 'secrets or request headers found');
  assert.deepEqual(watch.seen, [], 'unhandled rejections or uncaught exceptions in the extension host');
});
