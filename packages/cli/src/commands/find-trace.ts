import fs from 'node:fs/promises';
import path from 'node:path';
import { listDispatchIndexes } from '@parallel-dispatcher/core';
import { CliUsageError } from '../cli-usage-error.js';

/**
 * The trace file a command-line target names: a dispatch index or a task
 * trace, a dispatch id in the trace directory, a dispatch's task folder, or a
 * trace directory (its newest dispatch). No target: the newest dispatch in the
 * trace directory. Paths are relative to the current directory.
 */
export async function findTraceFile(target: string | undefined, traceDirOption: string): Promise<string> {
  const traceDir = path.resolve(traceDirOption);
  if (target === undefined) return newestIndex(traceDir, traceDirOption);
  const candidate = path.resolve(target);
  const stat = await fs.stat(candidate).catch(() => undefined);
  if (stat?.isFile()) return candidate;
  if (stat?.isDirectory()) {
    // A dispatch's own folder of task traces stands for its index beside it.
    const beside = `${candidate.replace(/[\\/]+$/, '')}.json`;
    if (/^dispatch-/.test(path.basename(candidate)) && (await fs.stat(beside).catch(() => undefined))?.isFile()) return beside;
    return newestIndex(candidate, target);
  }
  if (/^dispatch-[^\\/]*$/.test(target)) {
    const file = path.join(traceDir, target.endsWith('.json') ? target : `${target}.json`);
    if ((await fs.stat(file).catch(() => undefined))?.isFile()) return file;
    throw new CliUsageError(`no dispatch "${target}" in ${traceDirOption}${await newestHint(traceDir)}`);
  }
  throw new CliUsageError(`"${target}" is neither a trace file, a dispatch id in ${traceDirOption}, nor a trace directory`);
}

async function newestIndex(directory: string, shown: string): Promise<string> {
  const newest = (await readIndexes(directory, shown))[0];
  if (newest === undefined) throw new CliUsageError(`no dispatch traces in ${shown}; run one with: pdispatch run <file>`);
  return newest;
}

/** Dispatch indexes in a trace directory, newest first; a directory that cannot be read is a usage error. */
export async function readIndexes(directory: string, shown: string): Promise<string[]> {
  try {
    return await listDispatchIndexes(directory);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliUsageError(`cannot read the trace directory ${shown}: ${code === 'ENOTDIR' ? 'it is a file' : (error as Error).message}`);
  }
}

async function newestHint(traceDir: string): Promise<string> {
  const newest = (await listDispatchIndexes(traceDir).catch(() => []))[0];
  return newest === undefined ? '' : ` (the newest there is ${path.basename(newest, '.json')}; see them all with pdispatch show --list)`;
}
