// Bundles the command into dist/pdispatch.js (what bin/pdispatch.js runs) with core, commander,
// zod and yaml inside. Node 20 has no compile cache and pays for every module it resolves and
// reads: unbundled, `validate` loads about 250 files and takes 3.6× `node -e 0`; bundled, a few.
// What core imports only when a task needs it (the AI SDK, the coder's and debug's code, jsdiff)
// stays in chunks of its own under dist/chunks/, loaded by those import() calls.
//
//   node build.mjs      writes dist/pdispatch.js, dist/chunks/ and dist/bundle-meta.json
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, 'dist');

// commander and yaml are CommonJS and require() Node's modules; an ES module bundle needs a require for them.
const banner = ["import { createRequire as __pdCreateRequire } from 'node:module';", 'const require = __pdCreateRequire(import.meta.url);'].join('\n');

await fs.rm(path.join(outdir, 'chunks'), { recursive: true, force: true });
const result = await build({
  absWorkingDir: here,
  entryPoints: { pdispatch: 'src/bin.ts' },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Core from its sources, so the command never runs a stale packages/core/dist.
  alias: { '@parallel-dispatcher/core': path.join(here, '../core/src/index.ts') },
  // ES module builds first: jsonc-parser's UMD main require()s its parts by relative paths the bundle does not have.
  mainFields: ['module', 'main'],
  // The coder's TypeScript syntax check loads the compiler only when it runs (an optional dependency).
  external: ['typescript'],
  banner: { js: banner },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});
// Which sources each output holds: test/cli/cold-start.test.ts names the modules a command loaded from it.
await fs.writeFile(path.join(outdir, 'bundle-meta.json'), `${JSON.stringify(result.metafile)}\n`);
