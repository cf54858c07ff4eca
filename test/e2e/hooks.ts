/**
 * Root hooks of the e2e run (`.mocharc.e2e.json` requires this): each run's secret sweep
 * (Workbench.close) starts a fresh e2e section of the reliability report.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { reportDir } from '../reliability/report';

export const mochaHooks = {
  beforeAll(): void {
    for (const file of ['scenarios-e2e.jsonl', 'totals-e2e.json']) {
      fs.rmSync(path.join(reportDir(), file), { force: true });
    }
  },
};
