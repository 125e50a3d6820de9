import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';

/** A file read to be shown to a model: hashed whole, shown up to a limit. */
export interface PromptFile {
  /** Absolute path. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  /** The text shown: the first `limitBytes` (cut at a character boundary), or '' for a binary file. */
  readonly text: string;
  readonly truncated: boolean;
  /** Holds NUL bytes in its first 8 KiB, so it is not shown. */
  readonly binary: boolean;
}

/** Reads a file for a prompt. Rejects as `fs.readFile` does (ENOENT, EISDIR, …). */
export async function readPromptFile(file: string, limitBytes: number): Promise<PromptFile> {
  const content = await fs.readFile(file);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const binary = content.subarray(0, 8192).includes(0);
  let end = Math.min(content.length, limitBytes);
  // Never cut a UTF-8 sequence in half: step back over continuation bytes.
  while (end < content.length && end > 0 && (content[end]! & 0xc0) === 0x80) end--;
  return {
    path: file,
    bytes: content.length,
    sha256,
    text: binary ? '' : content.subarray(0, end).toString('utf8'),
    truncated: !binary && end < content.length,
    binary,
  };
}
