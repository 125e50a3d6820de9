// How the command is bundled (esbuild options), shared by build.mjs and the VS Code extension,
// which ships the same bundle to serve `pdispatch mcp` to the editor's agents.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// commander and yaml are CommonJS and require() Node's modules; an ES module bundle needs a require for them.
const banner = ["import { createRequire as __pdCreateRequire } from 'node:module';", 'const require = __pdCreateRequire(import.meta.url);'].join('\n');

/**
 * The command as `<outdir>/pdispatch.js` plus `<outdir>/chunks/`, ES modules. It reads its version
 * from `<outdir>/../package.json`, as in the CLI package.
 * @param {string} outdir
 * @returns {import('esbuild').BuildOptions}
 */
export function cliBuildOptions(outdir) {
  return {
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
  };
}
