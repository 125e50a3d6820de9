import { describe, expect, it } from 'vitest';
import { writeZip } from '../../test-support/zip-writer.js';
import { safeEntryPath } from './safe-entry-path.js';
import { ZipFormatError } from './zip-format-error.js';
import { openZip } from './zip-reader.js';

/** Offset of the first central directory record of a zip. */
function centralDirectory(zip: Buffer): number {
  return zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
}

describe('openZip', () => {
  it('reads stored and deflated entries, directories included', async () => {
    const text = 'hello trace\n'.repeat(100);
    const zip = await openZip(await writeZip([
      { name: 'traces/', method: 0 },
      { name: 'traces/dispatch.json', data: text },
      { name: 'traces/raw.txt', data: 'stored', method: 0 },
    ]));
    expect(zip.entries.map((entry) => [entry.name, entry.isDirectory])).toEqual([
      ['traces/', true],
      ['traces/dispatch.json', false],
      ['traces/raw.txt', false],
    ]);
    expect((await zip.read(zip.entries[1]!)).toString()).toBe(text);
    expect((await zip.read(zip.entries[2]!)).toString()).toBe('stored');
    zip.close();
  });

  it('finds the directory behind a trailing archive comment', async () => {
    const zip = await writeZip([{ name: 'a.txt', data: 'a' }]);
    const comment = Buffer.from('made by a test');
    zip.writeUInt16LE(comment.length, zip.length - 2);
    expect((await openZip(Buffer.concat([zip, comment]))).entries.map((entry) => entry.name)).toEqual(['a.txt']);
  });

  it('hands unsafe names to the caller as they are, for its policy to refuse', async () => {
    const zip = await openZip(await writeZip([{ name: '../../escaped.txt', data: 'x' }, { name: '/etc/passwd-copy', data: 'y' }]));
    expect(zip.entries.map((entry) => [entry.name, safeEntryPath(entry.name)])).toEqual([
      ['../../escaped.txt', undefined],
      ['/etc/passwd-copy', undefined],
    ]);
  });

  it('says what is wrong with a file that is not a zip or is damaged', async () => {
    await expect(openZip(Buffer.from('PK no zip here, just text that is long enough'), 'x.zip')).rejects.toThrow(/x\.zip: not a readable zip file/);
    await expect(openZip(Buffer.alloc(3), 'tiny.zip')).rejects.toThrow(ZipFormatError);
    const bytes = await writeZip([{ name: 'a.txt', data: 'some data that is here', method: 0 }]);
    bytes[bytes.indexOf('some data')]! ^= 0xff;
    const damaged = await openZip(bytes, 'd.zip');
    await expect(damaged.read(damaged.entries[0]!)).rejects.toThrow(/d\.zip: "a\.txt": its CRC does not match/);
  });

  it('refuses an entry that inflates to more than it claims (zip bomb)', async () => {
    const bytes = await writeZip([{ name: 'bomb.txt', data: '0'.repeat(100_000) }]);
    bytes.writeUInt32LE(10, centralDirectory(bytes) + 24);
    const zip = await openZip(bytes, 'bomb.zip');
    expect(zip.entries[0]!.size).toBe(10);
    await expect(zip.read(zip.entries[0]!)).rejects.toThrow(/bomb\.zip: "bomb\.txt": cannot be read/);
  });

  it('recognises symbolic links recorded with a Unix mode', async () => {
    const zip = await openZip(await writeZip([{ name: 'link', data: '/etc/passwd', method: 0, unixMode: 0o120777 }]));
    expect(zip.entries[0]!.isSymbolicLink).toBe(true);
  });
});

describe('safeEntryPath', () => {
  it('keeps ordinary relative names, normalised', () => {
    expect(safeEntryPath('traces/dispatch-1/a.json')).toBe('traces/dispatch-1/a.json');
    expect(safeEntryPath('./traces//a.json')).toBe('traces/a.json');
    expect(safeEntryPath('traces\\win\\a.json')).toBe('traces/win/a.json');
    expect(safeEntryPath('a..b/c')).toBe('a..b/c');
  });

  it.each(['../evil.sh', 'traces/../../evil', '/etc/passwd', 'C:/Windows/x', 'c:evil', '..\\evil', 'a/\0b', '', './', 'a/../..'])('refuses %j', (name) => {
    expect(safeEntryPath(name)).toBeUndefined();
  });
});
