import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

/** Names of temporary files: random per process, then counted, so no two writers share one. */
const temporaryPrefix = `${process.pid}.${randomBytes(4).toString('hex')}`;
let temporaryCount = 0;

/**
 * Writes a file so readers see the old content or the new, never half of it:
 * the text goes to a temporary file beside the target, which is then renamed.
 */
export async function writeFileAtomic(file: string, text: string | Uint8Array): Promise<void> {
  const temporary = `${file}.${temporaryPrefix}.${(temporaryCount++).toString(36)}.tmp`;
  try {
    // The callback API: cheaper per file than fs/promises, which matters with thousands of trace files.
    await new Promise<void>((resolve, reject) => fs.writeFile(temporary, text, (error) => (error ? reject(error) : resolve())));
    await new Promise<void>((resolve, reject) => fs.rename(temporary, file, (error) => (error ? reject(error) : resolve())));
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
}
