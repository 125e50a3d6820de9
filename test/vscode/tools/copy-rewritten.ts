import fs from 'node:fs/promises';
import path from 'node:path';

/** Where a GitHub runner checks a repository out: fixtures name it instead of the temporary workspace they were made in. */
export const CI_WORKSPACE = '/home/runner/work/app/app';

/** Copies a trace folder with each `[from, to]` text replaced in every file (the temporary workspace's path by the runner's, …). */
export async function copyRewritten(from: string, to: string, replacements: readonly (readonly [string, string])[]): Promise<void> {
  await fs.mkdir(to, { recursive: true });
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const destination = path.join(to, entry.name);
    if (entry.isDirectory()) await copyRewritten(source, destination, replacements);
    else await fs.writeFile(destination, replacements.reduce((text, [before, after]) => text.replaceAll(before, after), await fs.readFile(source, 'utf8')));
  }
}
