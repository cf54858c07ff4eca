// Root hook for mutation runs only (stryker.config.mjs, mochaOptions.require). Stryker's mocha
// runner turns mocha's timeouts off, so a mutant that leaves a test waiting forever (a fake
// sleep never fired, a promise never settled) costs Stryker's whole timeout plus a restart of
// the test process. Here each test fails after 5 s instead: the slowest unit test takes 1.5 s.
export const mochaHooks = {
  beforeEach() {
    this.currentTest?.timeout(5000);
  },
};
