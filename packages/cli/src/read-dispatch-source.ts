import fs from 'node:fs/promises';
import { buffer } from 'node:stream/consumers';
import { CliUsageError } from './cli-usage-error.js';

export interface DispatchSource {
  /** Decoded by core, which refuses invalid UTF-8 the same way for files and stdin. */
  readonly bytes: Uint8Array;
  /** undefined when read from stdin. */
  readonly path: string | undefined;
}

/** Reads a dispatch file, or stdin for `-`. */
export async function readDispatchSource(argument: string, stdin: NodeJS.ReadableStream): Promise<DispatchSource> {
  if (argument === '-') {
    if ('isTTY' in stdin && stdin.isTTY) throw new CliUsageError('reading the dispatch from stdin, but stdin is a terminal; pipe a file in: pdispatch run - < tasks.json');
    return { bytes: await buffer(stdin), path: undefined };
  }
  try {
    return { bytes: await fs.readFile(argument), path: argument };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new CliUsageError(`cannot read dispatch file "${argument}": ${reason}`);
  }
}
