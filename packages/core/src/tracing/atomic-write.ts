import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';

/**
 * Writes a file so readers see the old content or the new, never half of it:
 * the text goes to a temporary file beside the target, which is then renamed.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temporary, text);
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
