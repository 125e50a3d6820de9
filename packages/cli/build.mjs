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
import { cliBuildOptions } from './build-options.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, 'dist');

await fs.rm(path.join(outdir, 'chunks'), { recursive: true, force: true });
const result = await build(cliBuildOptions(outdir));
// Which sources each output holds: test/cli/cold-start.test.ts names the modules a command loaded from it.
await fs.writeFile(path.join(outdir, 'bundle-meta.json'), `${JSON.stringify(result.metafile)}\n`);
