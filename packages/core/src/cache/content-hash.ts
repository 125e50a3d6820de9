import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';

export function sha256Of(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The file's content hash; null when there is no file there (or it cannot be read, which a task would notice too). */
export async function fileSha256(file: string): Promise<string | null> {
  try {
    return sha256Of(await fs.readFile(file));
  } catch {
    return null;
  }
}
