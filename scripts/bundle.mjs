/**
 * The shipped build: esbuild bundles src/cli/main.ts (TypeScript straight from
 * src/, no tsc) into dist/bundle/, one chunk per lazily imported command module
 * (code splitting), so a start loads a handful of files instead of hundreds of
 * ES modules. Before that, the schema's ajv checks are compiled to standalone
 * code (src/validate/schema-checks.ts) that replaces
 * src/validate/precompiled-checks.ts in the bundle: no schema compile at start.
 * `bin` and `npm start` run dist/bundle/main.js; tests keep running tsc's
 * dist/src (npm run build). esbuild's metafile (which sources each chunk
 * holds, what each chunk imports) is written to <out>-gen/meta.json, beside
 * the bundle, not in it: test/e2e/bundle-chunks.test.ts reads it to say what
 * a command loads. Run: node scripts/bundle.mjs [OUT=dist/bundle]
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const OUT = process.argv[2] ?? 'dist/bundle';
const GEN = `${OUT}-gen`;
const started = Date.now();
process.stdout.write(`pkicfg: bundling src/cli/main.ts into ${OUT}/ (esbuild, ajv checks precompiled)...`);
rmSync(OUT, { recursive: true, force: true });
rmSync(GEN, { recursive: true, force: true });
mkdirSync(GEN, { recursive: true });

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS dependencies (node-forge) call require() for node built-ins
  banner: {
    js: "import { createRequire as __pkicfgRequire } from 'node:module'; const require = __pkicfgRequire(import.meta.url);",
  },
  logLevel: 'warning',
  // less text for V8 to parse at each start (compileSourceTextModule is the largest
  // part left of a key-pair start); identifiers stay readable in stack traces
  minifyWhitespace: true,
  minifySyntax: true,
};

// 1. the generator, bundled from the TypeScript source and run here
await build({
  ...common,
  entryPoints: ['src/validate/schema-checks.ts'],
  outfile: `${GEN}/schema-checks.mjs`,
});
const { standaloneChecksModule } = await import(pathToFileURL(resolve(`${GEN}/schema-checks.mjs`)).href);
const schema = JSON.parse(readFileSync('schemas/junos.schema.json', 'utf8'));
const checksFile = resolve(`${GEN}/precompiled-checks.js`);
writeFileSync(checksFile, standaloneChecksModule(schema) + 'export const PRECOMPILED_CHECKS = makeChecks;\n');

// 2. the CLI, with the precompiled checks in place of src/validate/precompiled-checks.ts
const { metafile } = await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  metafile: true,
  // the generated checks import ajv's runtime: found from here wherever OUT (and so GEN) is
  nodePaths: [resolve('node_modules')],
  splitting: true,
  outdir: OUT,
  chunkNames: 'chunks/[name]-[hash]',
  // production: Chevrotain's grammar checks and ajv's meta-schema check are skipped (the tests run them)
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [
    {
      name: 'precompiled-checks',
      setup(b) {
        b.onResolve({ filter: /\/precompiled-checks\.js$/ }, () => ({ path: checksFile }));
      },
    },
  ],
});
writeFileSync(`${GEN}/meta.json`, JSON.stringify(metafile));
process.stdout.write(` done in ${Date.now() - started} ms\n`);
