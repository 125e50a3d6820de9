import { describe, expect, it } from 'vitest';
import { writeZip } from '../../test-support/zip-writer.js';
import { safeEntryPath } from './safe-entry-path.js';
import { ZipFormatError } from './zip-format-error.js';
import { readZipEntries, readZipEntryData } from './zip-reader.js';

describe('readZipEntries / readZipEntryData', () => {
  it('reads stored and deflated entries, directories included', () => {
    const text = 'hello trace\n'.repeat(100);
    const zip = writeZip([
      { name: 'traces/', method: 0 },
      { name: 'traces/dispatch.json', data: text },
      { name: 'traces/raw.txt', data: 'stored', method: 0 },
    ]);
    const entries = readZipEntries(zip);
    expect(entries.map((entry) => [entry.name, entry.isDirectory, entry.method])).toEqual([
      ['traces/', true, 0],
      ['traces/dispatch.json', false, 8],
      ['traces/raw.txt', false, 0],
    ]);
    expect(readZipEntryData(zip, entries[1]!).toString()).toBe(text);
    expect(readZipEntryData(zip, entries[2]!).toString()).toBe('stored');
  });

  it('finds the directory behind a trailing archive comment', () => {
    const zip = writeZip([{ name: 'a.txt', data: 'a' }]);
    const comment = Buffer.from('made by a test');
    zip.writeUInt16LE(comment.length, zip.length - 2);
    const withComment = Buffer.concat([zip, comment]);
    expect(readZipEntries(withComment).map((entry) => entry.name)).toEqual(['a.txt']);
  });

  it('says what is wrong with a file that is not a zip or is truncated', () => {
    expect(() => readZipEntries(Buffer.from('PK no zip here, just text that is long enough'), 'x.zip')).toThrow(/x\.zip: not a zip file/);
    expect(() => readZipEntries(Buffer.alloc(3), 'tiny.zip')).toThrow(ZipFormatError);
    const zip = writeZip([{ name: 'a.txt', data: 'some data that is here' }]);
    const entries = readZipEntries(zip);
    const damaged = Buffer.from(zip);
    damaged[30 + 'a.txt'.length + 2]! ^= 0xff;
    expect(() => readZipEntryData(damaged, entries[0]!, 'd.zip')).toThrow(/d\.zip: "a\.txt"/);
  });

  it('refuses an entry that claims a smaller size than it inflates to (zip bomb)', () => {
    const zip = writeZip([{ name: 'bomb.txt', data: '0'.repeat(100_000) }]);
    const [entry] = readZipEntries(zip);
    expect(() => readZipEntryData(zip, { ...entry!, size: 10 }, 'bomb.zip')).toThrow(/bomb\.zip: "bomb\.txt": cannot be inflated/);
  });

  it('recognises symbolic links recorded with a Unix mode', () => {
    const zip = writeZip([{ name: 'link', data: '/etc/passwd', method: 0, unixMode: 0o120777 }]);
    expect(readZipEntries(zip)[0]!.isSymbolicLink).toBe(true);
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
