// Bundles the extension into one file (dist/extension.js): one file loads faster in every
// window than a tree of modules (and the other bundles below, the command-line script
// dist/postman-links.js among them). Type-checking is tsc's job (npm run typecheck).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
/** `--outfile=<path>` builds elsewhere (the unit test that loads the production bundle). */
const outfile = process.argv.find((a) => a.startsWith('--outfile='))?.slice('--outfile='.length) ?? 'dist/extension.js';

/**
 * axios pulls in `form-data` (and through it the 130 KiB mime-db) for multipart uploads;
 * this extension only sends JSON. Replacing it with an empty class halves the bundle that
 * every window loads. axios only uses it for `instanceof` checks and multipart bodies.
 */
const withoutFormData = {
  name: 'without-form-data',
  setup(build) {
    build.onResolve({ filter: /^form-data$/ }, () => ({ path: 'form-data', namespace: 'shim' }));
    build.onLoad({ filter: /.*/, namespace: 'shim' }, () => ({
      contents: 'module.exports = class FormData { constructor() { throw new Error("multipart bodies are not supported"); } };',
      loader: 'js',
    }));
  },
};

/**
 * axios uses follow-redirects only when redirects are followed; this extension never follows
 * one (it could carry the key to another host: maxRedirects is 0 on every request). Leaving
 * it out also drops debug, ms and supports-color (19 KiB); a request that tried to follow a
 * redirect fails loudly instead.
 */
const withoutFollowRedirects = {
  name: 'without-follow-redirects',
  setup(build) {
    build.onResolve({ filter: /^follow-redirects$/ }, () => ({ path: 'follow-redirects', namespace: 'shim-redirects' }));
    build.onLoad({ filter: /.*/, namespace: 'shim-redirects' }, () => ({
      contents: 'const refuse = { request() { throw new Error("redirects are not followed (maxRedirects must be 0)"); } }; module.exports = { http: refuse, https: refuse };',
      loader: 'js',
    }));
  },
};

/**
 * VS Code's Node extension host puts a `navigator` getter on the global object that logs
 * "PendingMigrationError: navigator is now a global in nodejs" each time an extension reads it.
 * axios's platform detection reads it as the bundle loads (`typeof navigator === 'object' &&
 * navigator`), and debug's browser check would too: one logged error per activation. This
 * bundle runs only in the Node extension host (package.json has no "browser" entry), where no
 * code needs a browser's navigator, so every free `navigator` is compiled to `undefined`: the
 * checks then answer "not a browser" without touching the global. test/unit/bundle.test.ts
 * loads the production bundle and fails if anything still reads it.
 */
const define = { navigator: 'undefined' };

/**
 * postman-sandbox loads its prebuilt boot code (.cache/bootcode.js, bundled) and falls back to
 * building one at run time with browserify and terser, which are not installed with it. The
 * fallback is replaced by an error: the prebuilt boot code is always in the bundle, and
 * test/unit/bundle.test.ts runs a script from the built runtime to prove it.
 */
const withoutLiveSandboxBuild = {
  name: 'without-live-sandbox-build',
  setup(build) {
    build.onResolve({ filter: /^\.\/bundle$/ }, (args) => (args.importer.includes('postman-sandbox') ? { path: 'sandbox-bundle', namespace: 'shim-sandbox' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'shim-sandbox' }, () => ({
      contents: 'module.exports = { load() { throw new Error("the sandbox boot code is prebuilt into this bundle; it cannot be built at run time"); } };',
      loader: 'js',
    }));
  },
};

/**
 * jsonc-parser's `main` is a UMD build whose factory requires its parts by computed paths,
 * which a bundle cannot follow ("Cannot find module './impl/format'" at run time); its ES
 * module build is the same code in plain imports.
 */
const jsoncParserEsm = {
  name: 'jsonc-parser-esm',
  setup(build) {
    build.onResolve({ filter: /^jsonc-parser$/ }, () => ({ path: path.resolve('node_modules/jsonc-parser/lib/esm/main.js') }));
  },
};

/**
 * The spec validator's library (@readme/openapi-parser) can fetch `$ref`s over HTTP (undici,
 * node:dns) and read them from disk (fs), through computed `import()`s that esbuild leaves
 * alone: none of it is in dist/specValidator.js, and none is reached, since the validator gives
 * the library one document with no reference to another file (`resolve.external` is off). Its
 * JSON schemas are JavaScript modules, and Ajv's `require("ajv/dist/runtime/…")` strings are
 * only code it writes for standalone output: test/unit/bundle.test.ts validates specs with the
 * built file alone.
 *
 * Four bundles: the extension (loaded by every window that activates it), Postman's runtime
 * (dist/runtime.js, about 5 MB, loaded by src/runs/runtimeLoader.ts on the first send only),
 * the spec validator (dist/specValidator.js: @readme/openapi-parser, Ajv and the OpenAPI
 * schemas, loaded by src/specs/validatorLoader.ts when the first spec file is opened) and the
 * item converter (dist/itemConverter.js: postman-collection-transformer and lodash, loaded by
 * src/documents/model/items/converter.ts when the first request, folder or response opens).
 *
 * A fifth is no part of the extension: the command-line script (dist/postman-links.js, `npm run
 * links`) for linked collections, environments and specs, self-contained and runnable with
 * `node` alone. It may not import vscode (it is not external there, so the build fails if it
 * does), and it is made executable with a shebang.
 */
const bundles = [
  { entryPoints: ['src/extension.ts'], outfile, plugins: [withoutFormData, withoutFollowRedirects, jsoncParserEsm] },
  { entryPoints: { runtime: 'src/runs/engine/engine.ts' }, outfile: path.join(path.dirname(outfile), 'runtime.js'), plugins: [withoutLiveSandboxBuild] },
  { entryPoints: { specValidator: 'src/specs/model/validator.ts' }, outfile: path.join(path.dirname(outfile), 'specValidator.js'), plugins: [jsoncParserEsm] },
  { entryPoints: { itemConverter: 'src/documents/model/items/convert.ts' }, outfile: path.join(path.dirname(outfile), 'itemConverter.js'), plugins: [] },
  {
    entryPoints: { 'postman-links': 'src/links/cli.ts' },
    outfile: path.join(path.dirname(outfile), 'postman-links.js'),
    plugins: [withoutFormData, withoutFollowRedirects, jsoncParserEsm],
    external: [],
    banner: { js: '#!/usr/bin/env node' },
    executable: true,
  },
];

const contexts = await Promise.all(bundles.map(({ entryPoints, outfile: out, plugins, external = ['vscode'], banner }) => esbuild.context({
  plugins,
  ...(banner ? { banner } : {}),
  define,
  entryPoints,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  outfile: out,
  external,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
})));

if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  for (const [i, ctx] of contexts.entries()) {
    const result = await ctx.rebuild();
    await ctx.dispose();
    if (bundles[i].executable) {
      await fs.chmod(bundles[i].outfile, 0o755);
    }
    const bytes = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js')).reduce((n, [, o]) => n + o.bytes, 0);
    console.log(`${bundles[i].outfile}: ${(bytes / 1024).toFixed(1)} KiB${production ? ' (minified)' : ''}`);
  }
}
