import fs from 'node:fs/promises';
import path from 'node:path';
import { safeEntryPath } from './safe-entry-path.js';
import { ZipFormatError } from './zip-format-error.js';
import { openZip, type ZipArchive } from './zip-reader.js';

export interface ExtractOptions {
  /** Refuses archives that would write more than this (default 1 GiB). */
  readonly maxTotalBytes?: number;
}

/**
 * Extracts a zip into `target` (created; must not exist or be empty). Every entry's name is
 * checked before anything is written, so an archive with one unsafe name writes nothing.
 * Symbolic links are refused for the same reason. Returns the files written, relative, with `/`.
 */
export async function extractZip(zipFile: string, target: string, options: ExtractOptions = {}): Promise<string[]> {
  const archive = path.basename(zipFile);
  const zip = await openZip(await fs.readFile(zipFile), archive);
  try {
    return await extractEntries(zip, archive, target, options);
  } finally {
    zip.close();
  }
}

async function extractEntries(zip: ZipArchive, archive: string, target: string, options: ExtractOptions): Promise<string[]> {
  const { entries } = zip;
  const unsafe = entries.filter((entry) => safeEntryPath(entry.name) === undefined).map((entry) => JSON.stringify(entry.name));
  if (unsafe.length > 0) throw new ZipFormatError(archive, `refusing entries that would be written outside the target folder: ${unsafe.slice(0, 5).join(', ')}`);
  const links = entries.filter((entry) => entry.isSymbolicLink).map((entry) => JSON.stringify(entry.name));
  if (links.length > 0) throw new ZipFormatError(archive, `refusing symbolic links: ${links.slice(0, 5).join(', ')}`);
  const encrypted = entries.filter((entry) => entry.encrypted).map((entry) => JSON.stringify(entry.name));
  if (encrypted.length > 0) throw new ZipFormatError(archive, `refusing encrypted entries: ${encrypted.slice(0, 5).join(', ')}`);
  const total = entries.reduce((sum, entry) => sum + entry.size, 0);
  const limit = options.maxTotalBytes ?? 1024 ** 3;
  if (total > limit) throw new ZipFormatError(archive, `it would extract ${total} bytes, more than the ${limit} allowed`);

  await fs.mkdir(target, { recursive: true });
  const written: string[] = [];
  for (const entry of entries) {
    const relative = safeEntryPath(entry.name)!;
    const destination = path.join(target, ...relative.split('/'));
    if (entry.isDirectory) {
      await fs.mkdir(destination, { recursive: true });
      continue;
    }
    const data = await zip.read(entry);
    await fs.mkdir(path.dirname(destination), { recursive: true });
    // `wx`: a name repeated in the archive (or clashing with a folder) fails instead of overwriting.
    await fs.writeFile(destination, data, { flag: 'wx' });
    written.push(relative);
  }
  return written;
}
