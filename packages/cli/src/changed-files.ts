import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { CliUsageError } from './cli-usage-error.js';

const run = promisify(execFile);

/**
 * Files changed since a git ref, as absolute paths: what `git diff REF`
 * shows (deleted files left out) plus untracked files, for `for_each: { files: changed }`.
 */
export async function changedFilesSince(ref: string, directory: string): Promise<string[]> {
  const git = (...args: string[]) => run('git', args, { cwd: directory, maxBuffer: 64 * 1024 * 1024 }).then((result) => result.stdout);
  let top: string;
  try {
    top = (await git('rev-parse', '--show-toplevel')).trim();
    await git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch (error) {
    const reason = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new CliUsageError(`--changed-since ${ref}: not a commit in a git repository at ${directory} (${reason || 'unknown revision'})`);
  }
  const changed = await git('diff', '--name-only', '--diff-filter=d', '-z', ref, '--');
  const untracked = await git('ls-files', '--others', '--exclude-standard', '-z', '--full-name');
  return [...changed.split('\0'), ...untracked.split('\0')].filter((file) => file !== '').map((file) => path.join(top, file));
}
