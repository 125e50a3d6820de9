import fs from 'node:fs/promises';
import path from 'node:path';
import { isDispatchIndexFile } from '@parallel-dispatcher/core';

const SKIPPED = new Set(['node_modules', '.git']);

/**
 * Folders under `root` (itself included) that hold dispatch index files: an artifact may have the
 * trace folder at its top or nested (`traces/`, `artifact/traces/`…).
 */
export async function findTraceFolders(root: string, maxDepth = 4): Promise<string[]> {
  const found: string[] = [];
  const visit = async (dir: string, depth: number) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((entry) => entry.isFile() && isDispatchIndexFile(entry.name))) found.push(dir);
    if (depth >= maxDepth) return;
    for (const entry of entries) {
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) await visit(path.join(dir, entry.name), depth + 1);
    }
  };
  await visit(root, 0);
  return found.sort();
}
