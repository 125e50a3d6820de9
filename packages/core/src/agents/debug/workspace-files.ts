import fs from 'node:fs/promises';
import path from 'node:path';

/** Dependencies, version control, build output and traces: never where a bug's source is. */
const SKIPPED_DIRECTORIES = new Set([
  'node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', 'target', 'traces', 'coverage', 'vendor',
  '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.next', '.nuxt', '.gradle', '.cache', '.turbo',
]);

export interface WorkspaceListing {
  /** Relative to the workspace, with `/`, shallow directories first. */
  readonly files: readonly string[];
  /** Set when the walk stopped at its limit. */
  readonly truncated: boolean;
}

/**
 * The regular files of the workspace, breadth first and sorted, so the same
 * tree always gives the same list. Symbolic links are not followed: a link may
 * lead outside the allowed roots. `skipHidden` leaves out every dot-folder
 * (`.github`, `.vscode`, …), for overviews rather than searches.
 */
export async function listWorkspaceFiles(root: string, signal: AbortSignal, maxFiles = 20_000, skipHidden = false): Promise<WorkspaceListing> {
  const files: string[] = [];
  const queue: string[] = [''];
  for (let index = 0; index < queue.length; index++) {
    signal.throwIfAborted();
    const next = queue[index]!;
    const entries = await fs.readdir(path.join(root, next), { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const relative = next === '' ? entry.name : `${next}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !(skipHidden && entry.name.startsWith('.'))) queue.push(relative);
      } else if (entry.isFile()) {
        if (files.length === maxFiles) return { files, truncated: true };
        files.push(relative);
      }
    }
  }
  return { files, truncated: false };
}
