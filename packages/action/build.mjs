// Bundles the action into dist/index.js: one ESM file with every dependency, committed so a
// workflow can run it without `npm ci`. The output must be byte-for-byte reproducible (CI rebuilds
// and fails when dist/ differs from what is committed), so: no timestamps, no absolute paths, no
// source maps, no legal-comment file whose order could vary.
//
//   node build.mjs                  writes dist/
//   node build.mjs --outdir <dir>   writes elsewhere (the determinism test builds twice and compares)
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const flag = process.argv.indexOf('--outdir');
const outdir = flag === -1 ? path.join(here, 'dist') : path.resolve(process.argv[flag + 1] ?? 'dist');

// The toolkit packages are ESM-only and some of their dependencies still call require();
// the banner gives them one. (A CJS bundle breaks @actions/artifact: import.meta.url is empty there.)
const banner = [
  "import { createRequire as __pdCreateRequire } from 'node:module';",
  'const require = __pdCreateRequire(import.meta.url);',
].join('\n');

await fs.rm(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: here,
  entryPoints: ['src/index.ts'],
  outfile: path.join(outdir, 'index.js'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  // Core is bundled from its sources, so the action never depends on a stale packages/core/dist.
  // jsonc-parser's "main" is a UMD build whose require('./impl/…') calls a bundle cannot follow; its ESM build can be bundled.
  alias: { '@parallel-dispatcher/core': path.join(here, '../core/src/index.ts'), 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  // The coder's TypeScript syntax check loads the compiler only when it can (10 MiB we do not ship);
  // without it the check is recorded as skipped.
  external: ['typescript'],
  banner: { js: banner },
  legalComments: 'none',
  sourcemap: false,
  charset: 'utf8',
  logLevel: 'warning',
  metafile: true,
});
// package.json beside the bundle keeps it ESM even when dist/ is copied on its own.
await fs.writeFile(path.join(outdir, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);

const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`built ${path.relative(process.cwd(), path.join(outdir, 'index.js')) || 'index.js'} (${(bytes / 1024 / 1024).toFixed(2)} MiB)`);
