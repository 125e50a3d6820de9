import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Values up to this size also go in the environment; Linux refuses one variable over 128 KiB (E2BIG). */
export const ENVIRONMENT_VALUE_LIMIT_BYTES = 64 * 1024;

/**
 * Hands a process JSON values of any size: each `NAME` is written to a file in
 * a private temporary folder named by `NAME_FILE`, and is also set as `NAME`
 * itself when small enough. The folder is removed once `use` has settled.
 */
export async function withDataFiles<T>(values: Readonly<Record<string, string>>, use: (env: Record<string, string | undefined>) => Promise<T>): Promise<T> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'pdispatch-task-'));
  try {
    const env: Record<string, string | undefined> = {};
    for (const [name, text] of Object.entries(values)) {
      const file = path.join(folder, `${name.toLowerCase()}.json`);
      await fs.writeFile(file, text, { mode: 0o600 });
      env[`${name}_FILE`] = file;
      // Unset rather than left to an outer dispatch's value of the same name.
      env[name] = Buffer.byteLength(text) <= ENVIRONMENT_VALUE_LIMIT_BYTES ? text : undefined;
    }
    return await use(env);
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}
