import fs from 'node:fs';

/** Longest path and longest single name Linux and macOS accept; longer ones fail deep inside a run. */
const MAX_PATH_BYTES = 4095;
const MAX_NAME_BYTES = 255;

/** Why a path cannot be used at all (NUL byte, too long), whatever it points to; undefined when it can. */
export function pathProblem(target: string): string | undefined {
  if (target.includes('\0')) return 'contains a NUL byte';
  const bytes = Buffer.byteLength(target);
  if (bytes > MAX_PATH_BYTES) return `is too long (${bytes} bytes; at most ${MAX_PATH_BYTES})`;
  const name = target.split(/[\\/]/).find((part) => Buffer.byteLength(part) > MAX_NAME_BYTES);
  if (name !== undefined) return `has a name too long for the file system ("${name.slice(0, 24)}…", ${Buffer.byteLength(name)} bytes; at most ${MAX_NAME_BYTES})`;
  return undefined;
}

/** Why an existing directory is needed but `target` is not one; undefined when it is. */
export function directoryProblem(target: string): string | undefined {
  const problem = pathProblem(target);
  if (problem !== undefined) return problem;
  try {
    return fs.statSync(target).isDirectory() ? undefined : 'is not a directory';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`;
  }
}
