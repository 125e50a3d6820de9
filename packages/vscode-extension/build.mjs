// Bundles the extension into dist/extension.js (CommonJS, what VS Code loads) with core and its
// dependencies inside, writes dist/dispatch.schema.json, the JSON Schema the editor validates
// `*.dispatch.json` files with, and bundles the `pdispatch` command into dist/cli/ (the editor's
// agents reach `pdispatch mcp` through the extension's MCP server definition). All come from
// core's sources, so a stale packages/core/dist never leaks into the .vsix.
//
//   node build.mjs            writes dist/
//   node build.mjs --watch    rebuilds on change
import fs from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { cliBuildOptions } from '../cli/build-options.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, 'dist');
const coreSource = path.join(here, '../core/src/index.ts');
const watch = process.argv.includes('--watch');

// Core is ESM and may use import.meta.url; in a CommonJS bundle that is empty, so give it the
// bundle's own URL.
const importMetaBanner = "const __pdImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";

/** @type {import('esbuild').BuildOptions} */
const options = {
  absWorkingDir: here,
  entryPoints: ['src/extension.ts'],
  outfile: path.join(outdir, 'extension.js'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  alias: { '@parallel-dispatcher/core': coreSource },
  // `vscode` is the host's. The coder's TypeScript syntax check loads the compiler only when it
  // can (10 MiB we do not ship); without it the check is recorded as skipped.
  external: ['vscode', 'typescript'],
  define: { 'import.meta.url': '__pdImportMetaUrl' },
  banner: { js: importMetaBanner },
  mainFields: ['module', 'main'],
  // The .vsix ships the bundle alone: minified, without a source map it would not carry anyway;
  // `--watch` (development) keeps it readable, with a map.
  minify: !watch,
  sourcemap: watch ? 'linked' : false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

await fs.mkdir(outdir, { recursive: true });
await writeJsonSchema();
await bundleCli();
if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log('watching src/ …');
} else {
  const result = await esbuild.build(options);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + (output.bytes ?? 0), 0);
  console.log(`built dist/extension.js (${(bytes / 1024 / 1024).toFixed(2)} MiB)`);
}

/** Runs core's `dispatchJsonSchema()` from source and writes its result beside the bundle. */
async function writeJsonSchema() {
  const script = path.join(outdir, 'write-schema.tmp.cjs');
  await esbuild.build({
    stdin: { contents: `export { dispatchJsonSchema } from ${JSON.stringify(coreSource)};`, resolveDir: here, loader: 'ts' },
    outfile: script,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    external: ['typescript'],
    define: { 'import.meta.url': '__pdImportMetaUrl' },
    banner: { js: importMetaBanner },
    logLevel: 'warning',
  });
  try {
    const { dispatchJsonSchema } = createRequire(import.meta.url)(script);
    await fs.writeFile(path.join(outdir, 'dispatch.schema.json'), `${JSON.stringify(dispatchJsonSchema(), null, 2)}\n`);
  } finally {
    await fs.rm(script, { force: true });
  }
}

/**
 * The CLI as a package of its own under dist/cli/: `bin/pdispatch.js` and its chunks, built with
 * the CLI's own options, and a package.json that makes them ES modules and gives the version the
 * command reads from `../package.json`.
 */
async function bundleCli() {
  const cliDir = path.join(outdir, 'cli');
  await fs.rm(cliDir, { recursive: true, force: true });
  await esbuild.build({ ...cliBuildOptions(path.join(cliDir, 'bin')), metafile: false, minify: !watch });
  const { name, version } = JSON.parse(await fs.readFile(path.join(here, '../cli/package.json'), 'utf8'));
  await fs.writeFile(path.join(cliDir, 'package.json'), `${JSON.stringify({ name, version, private: true, type: 'module' }, null, 2)}\n`);
}
