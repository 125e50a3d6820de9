import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { ZipFormatError } from './zip-format-error.js';

/** One entry of a zip's central directory. */
export interface ZipEntry {
  /** The name as stored (UTF-8, or CP437); check it with `safeEntryPath` before writing. */
  readonly name: string;
  readonly isDirectory: boolean;
  readonly isSymbolicLink: boolean;
  readonly encrypted: boolean;
  /** The size it says it inflates to; reading more than that fails. */
  readonly size: number;
}

/** A zip held in memory, read with yauzl: its entries, and each entry's data on demand. */
export interface ZipArchive {
  readonly entries: readonly ZipEntry[];
  read(entry: ZipEntry): Promise<Buffer>;
  close(): void;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * Opens a zip (a GitHub Actions artifact, so untrusted). Names are decoded but not judged here:
 * the caller applies its own policy (`safeEntryPath`) to every name before writing anything.
 */
export async function openZip(zip: Buffer, archive = 'archive'): Promise<ZipArchive> {
  let file: yauzl.ZipFile;
  try {
    // decodeStrings: false, so a bad name reaches our policy (and its message) instead of failing the whole read.
    file = await yauzl.fromBufferPromise(zip, { decodeStrings: false, validateEntrySizes: true, strictFileNames: false });
  } catch (error) {
    throw new ZipFormatError(archive, `not a readable zip file (${(error as Error).message})`);
  }
  const raw = new Map<ZipEntry, yauzl.Entry>();
  try {
    for await (const entry of entriesOf(file)) {
      const name = entryName(entry);
      // Unix "made by" keeps the file mode in the high 16 bits of the external attributes.
      const mode = entry.versionMadeBy >> 8 === 3 ? entry.externalFileAttributes >>> 16 : 0;
      raw.set({ name, isDirectory: name.endsWith('/'), isSymbolicLink: (mode & S_IFMT) === S_IFLNK, encrypted: entry.isEncrypted(), size: entry.uncompressedSize }, entry);
    }
  } catch (error) {
    file.close();
    throw new ZipFormatError(archive, `its central directory is damaged (${(error as Error).message})`);
  }
  return {
    entries: [...raw.keys()],
    async read(entry) {
      const source = raw.get(entry)!;
      const fail = (reason: string): never => {
        throw new ZipFormatError(archive, `"${entry.name}": ${reason}`);
      };
      if (entry.encrypted) fail('encrypted entries are not supported');
      let data: Buffer;
      try {
        const chunks: Buffer[] = [];
        for await (const chunk of await file.openReadStreamPromise(source)) chunks.push(chunk as Buffer);
        data = Buffer.concat(chunks);
      } catch (error) {
        return fail(`cannot be read (${(error as Error).message})`);
      }
      // yauzl checks sizes, not checksums.
      if (zlib.crc32(data) !== source.crc32) fail('its CRC does not match: the archive is damaged');
      return data;
    },
    close: () => file.close(),
  };
}

/**
 * The entry's name. Zip tools on Linux (Info-ZIP among them) store UTF-8 names without the UTF-8
 * flag, so a flagless name that is valid UTF-8 is read as UTF-8, as most unzippers do; otherwise
 * yauzl decodes it (the flag, Info-ZIP's Unicode Path field, else CP437).
 */
function entryName(entry: yauzl.Entry): string {
  const flagged = (entry.generalPurposeBitFlag & 0x800) !== 0 || entry.extraFields.some((field) => field.id === 0x7075);
  if (!flagged) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(entry.fileNameRaw);
    } catch {
      // Not UTF-8: CP437, as the format says.
    }
  }
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
}

async function* entriesOf(file: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
      const cleanup = () => {
        file.off('entry', onEntry).off('end', onEnd).off('error', onError);
      };
      const onEntry = (value: yauzl.Entry) => (cleanup(), resolve(value));
      const onEnd = () => (cleanup(), resolve(undefined));
      const onError = (error: Error) => (cleanup(), reject(error));
      file.on('entry', onEntry).on('end', onEnd).on('error', onError);
      file.readEntry();
    });
    if (entry === undefined) return;
    yield entry;
  }
}
