import type { AffectedFileEvidence } from './evidence.js';
import { headBytes, type SourceFiles } from './source-files.js';

export const FILE_LIMIT_BYTES = 64 * 1024;
export const TOTAL_FILES_LIMIT_BYTES = 256 * 1024;

/**
 * The affected files, each shown up to 64 KiB and all together up to 256 KiB.
 * A missing or unreadable file is noted, not fatal: the trace may name a file
 * that a refactoring since removed.
 */
export async function readAffectedFiles(files: readonly string[], sources: SourceFiles): Promise<AffectedFileEvidence[]> {
  let budget = TOTAL_FILES_LIMIT_BYTES;
  const evidence: AffectedFileEvidence[] = [];
  for (const given of files) {
    const read = await sources.read(given);
    if (!read.ok) {
      evidence.push({ given, path: read.path, status: read.reason, text: '', note: read.message });
      continue;
    }
    const { source } = read;
    if (source.binary) {
      evidence.push({ given, path: source.path, status: 'read', bytes: source.bytes, text: '', note: 'binary file, not shown' });
      continue;
    }
    const limit = Math.min(FILE_LIMIT_BYTES, budget);
    const text = headBytes(source.text, limit);
    const shown = Buffer.byteLength(text);
    budget -= shown;
    const note =
      shown === source.bytes
        ? undefined
        : shown === 0
          ? `not shown: the ${TOTAL_FILES_LIMIT_BYTES / 1024} KiB budget for file contents is spent`
          : `truncated: only the first ${shown} of ${source.bytes} bytes are shown`;
    evidence.push({ given, path: source.path, status: 'read', bytes: source.bytes, text, ...(note === undefined ? {} : { note }) });
  }
  return evidence;
}
