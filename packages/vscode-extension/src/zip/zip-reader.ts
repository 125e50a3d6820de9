import zlib from 'node:zlib';
import { crc32 } from './crc32.js';
import { ZipFormatError } from './zip-format-error.js';

/** One entry of a zip's central directory. */
export interface ZipEntry {
  /** The name as stored (UTF-8 or CP437 decoded as Latin-1); check it with `safeEntryPath` before writing. */
  readonly name: string;
  readonly isDirectory: boolean;
  readonly isSymbolicLink: boolean;
  /** 0 stored, 8 deflated; others are refused when read. */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc32: number;
  readonly encrypted: boolean;
  readonly localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const ZIP64_MARKER = 0xffffffff;
const MAX_COMMENT = 0xffff;

/**
 * Reads the central directory of a zip held in memory (GitHub Actions artifacts are plain zips:
 * stored or deflated entries, no encryption, no zip64 below 4 GiB).
 */
export function readZipEntries(zip: Buffer, archive = 'archive'): ZipEntry[] {
  const end = findEndOfCentralDirectory(zip, archive);
  const count = zip.readUInt16LE(end + 10);
  const directorySize = zip.readUInt32LE(end + 12);
  const directoryOffset = zip.readUInt32LE(end + 16);
  if (directoryOffset === ZIP64_MARKER || count === 0xffff) throw new ZipFormatError(archive, 'zip64 archives are not supported');
  if (directoryOffset + directorySize > end) throw new ZipFormatError(archive, 'the central directory lies outside the file (truncated download?)');

  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL_FILE_HEADER) throw new ZipFormatError(archive, `entry ${n + 1} of the central directory is damaged`);
    const madeBy = zip.readUInt16LE(at + 4) >> 8;
    const flags = zip.readUInt16LE(at + 8);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const externalAttributes = zip.readUInt32LE(at + 38);
    const nameBytes = zip.subarray(at + 46, at + 46 + nameLength);
    const extra = zip.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    const name = unicodePathField(extra, nameBytes) ?? decodeName(nameBytes, (flags & 0x0800) !== 0);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const localHeaderOffset = zip.readUInt32LE(at + 42);
    if (compressedSize === ZIP64_MARKER || size === ZIP64_MARKER || localHeaderOffset === ZIP64_MARKER) {
      throw new ZipFormatError(archive, `"${name}" needs zip64, which is not supported`);
    }
    // Unix "made by" keeps the file mode in the high 16 bits of the external attributes.
    const unixMode = madeBy === 3 ? externalAttributes >>> 16 : 0;
    entries.push({
      name,
      isDirectory: name.endsWith('/') || name.endsWith('\\') || (unixMode & 0o170000) === 0o040000,
      isSymbolicLink: (unixMode & 0o170000) === 0o120000,
      method: zip.readUInt16LE(at + 10),
      compressedSize,
      size,
      crc32: zip.readUInt32LE(at + 16),
      encrypted: (flags & 0x0001) !== 0,
      localHeaderOffset,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The content of one file entry, inflated and checked against its size and CRC. */
export function readZipEntryData(zip: Buffer, entry: ZipEntry, archive = 'archive'): Buffer {
  const fail = (reason: string): never => {
    throw new ZipFormatError(archive, `"${entry.name}": ${reason}`);
  };
  if (entry.encrypted) fail('encrypted entries are not supported');
  const at = entry.localHeaderOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL_FILE_HEADER) fail('its local header is damaged');
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > zip.length) fail('its data runs past the end of the file (truncated download?)');
  const raw = zip.subarray(start, end);
  let data: Buffer;
  if (entry.method === 0) {
    data = Buffer.from(raw);
  } else if (entry.method === 8) {
    try {
      // The declared size bounds the output, so a small entry cannot inflate into gigabytes.
      data = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(entry.size, 1) });
    } catch (error) {
      return fail(`cannot be inflated (${(error as Error).message})`);
    }
  } else {
    return fail(`compression method ${entry.method} is not supported (only stored and deflated)`);
  }
  if (data.length !== entry.size) fail(`expected ${entry.size} bytes, got ${data.length}`);
  if (crc32(data) !== entry.crc32) fail('its CRC does not match: the archive is damaged');
  return data;
}

/**
 * Names are UTF-8 when flag 11 says so; Info-ZIP instead adds a Unicode Path extra field, and
 * many tools write UTF-8 without saying. Anything else is taken as Latin-1 (close to CP437).
 */
function decodeName(bytes: Buffer, utf8Flag: boolean): string {
  if (utf8Flag) return bytes.toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** Info-ZIP's Unicode Path extra field (0x7075), valid only while its CRC matches the stored name. */
function unicodePathField(extra: Buffer, nameBytes: Buffer): string | undefined {
  let at = 0;
  while (at + 4 <= extra.length) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    const body = extra.subarray(at + 4, at + 4 + size);
    if (id === 0x7075 && body.length >= 5 && body[0] === 1 && body.readUInt32LE(1) === crc32(nameBytes)) return body.subarray(5).toString('utf8');
    at += 4 + size;
  }
  return undefined;
}

function findEndOfCentralDirectory(zip: Buffer, archive: string): number {
  if (zip.length < 22) throw new ZipFormatError(archive, 'not a zip file (too short)');
  const lowest = Math.max(0, zip.length - 22 - MAX_COMMENT);
  for (let at = zip.length - 22; at >= lowest; at--) {
    if (zip.readUInt32LE(at) === END_OF_CENTRAL_DIRECTORY) return at;
  }
  throw new ZipFormatError(archive, 'not a zip file (no end of central directory record)');
}
