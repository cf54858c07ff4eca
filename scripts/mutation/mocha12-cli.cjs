// Preloaded (NODE_OPTIONS=--require) into Stryker and its test-runner processes.
// @stryker-mutator/mocha-runner 10.1 requires mocha's CLI helpers without an extension
// (`mocha/lib/cli/run-helpers`, `…/options`, `…/collect-files`), but mocha 12 ships them
// as `.cjs`, which require() does not try: the runner fails to load ("Cannot find module
// …/lib/cli/run-helpers"). This resolves exactly those extension-less requests to the
// `.cjs` file and changes nothing else. Delete it once the runner looks for `.cjs` itself.
'use strict';
const Module = process.getBuiltinModule('node:module');
const path = process.getBuiltinModule('node:path');

const resolve = Module._resolveFilename;
const cli = `${path.sep}mocha${path.sep}lib${path.sep}cli${path.sep}`;
Module._resolveFilename = function (request, ...rest) {
  try {
    return resolve.call(this, request, ...rest);
  } catch (err) {
    if (err && err.code === 'MODULE_NOT_FOUND' && path.isAbsolute(request) && request.includes(cli) && path.extname(request) === '') {
      return resolve.call(this, `${request}.cjs`, ...rest);
    }
    throw err;
  }
};
