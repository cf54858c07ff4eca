/**
 * Root hooks of the plain-Node reliability run (`.mocharc.reliability.json` requires this):
 * count unhandled rejections and uncaught exceptions while the contract and property tests
 * run, and write the total into the report. A non-zero count fails the run.
 */
import * as assert from 'node:assert/strict';
import { recordTotals, UnhandledWatch } from '../report';

const watch = new UnhandledWatch();

export const mochaHooks = {
  beforeAll(): void {
    watch.start();
  },
  afterAll(): void {
    watch.stop();
    recordTotals({ where: 'node', unhandled: watch.seen.length, unhandledDetails: watch.seen });
    assert.deepEqual(watch.seen, [], 'unhandled rejections or uncaught exceptions in plain Node');
  },
};
