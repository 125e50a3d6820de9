import fs from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import type { CachedFile } from './cache-entry.js';
import { sha256Of } from './content-hash.js';

/** The files matching a command's declared globs (relative to the workspace), sorted, with their hashes. */
export async function declaredFiles(workspace: string, patterns: readonly string[]): Promise<CachedFile[]> {
  const matches = await glob([...patterns], { cwd: workspace, absolute: true, onlyFiles: true, dot: true, ignore: ['**/.pdispatch/**', '**/.git/**'] });
  const files = await Promise.all(
    matches.sort().map(async (file) => {
      const content = await fs.readFile(file).catch(() => undefined);
      return content === undefined ? [] : [{ path: path.relative(workspace, file).split(path.sep).join('/'), sha256: sha256Of(content) }];
    }),
  );
  return files.flat();
}
