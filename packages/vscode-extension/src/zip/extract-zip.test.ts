import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeZip } from '../../test-support/zip-writer.js';
import { extractZip } from './extract-zip.js';

const hasZipTool = spawnSync('zip', ['-v']).status === 0;

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pd-zip-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function zipFile(name: string, zip: Buffer): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, zip);
  return file;
}

describe('extractZip', () => {
  it('writes every file of the archive under the target folder', async () => {
    const file = await zipFile('traces.zip', await writeZip([
      { name: 'dispatch-20250101_000000-0000abcd.json', data: '{"a":1}' },
      { name: 'dispatch-20250101_000000-0000abcd/', method: 0 },
      { name: 'dispatch-20250101_000000-0000abcd/build.json', data: '{"task_id":"build"}' },
    ]));
    const target = path.join(dir, 'out');
    const written = await extractZip(file, target);
    expect(written).toEqual(['dispatch-20250101_000000-0000abcd.json', 'dispatch-20250101_000000-0000abcd/build.json']);
    expect(await fs.readFile(path.join(target, 'dispatch-20250101_000000-0000abcd/build.json'), 'utf8')).toBe('{"task_id":"build"}');
  });

  it('writes nothing when one entry would escape the target folder (zip slip)', async () => {
    const file = await zipFile('evil.zip', await writeZip([
      { name: 'fine.json', data: '{}' },
      { name: '../../escaped.txt', data: 'gotcha' },
    ]));
    const target = path.join(dir, 'nested', 'out');
    await expect(extractZip(file, target)).rejects.toThrow(/evil\.zip: refusing entries that would be written outside the target folder: "\.\.\/\.\.\/escaped\.txt"/);
    await expect(fs.stat(path.join(dir, 'escaped.txt'))).rejects.toThrow();
    await expect(fs.stat(path.join(target, 'fine.json'))).rejects.toThrow();
  });

  it('refuses symbolic links and archives larger than allowed', async () => {
    const link = await zipFile('link.zip', await writeZip([{ name: 'passwd', data: '/etc/passwd', method: 0, unixMode: 0o120777 }]));
    await expect(extractZip(link, path.join(dir, 'l'))).rejects.toThrow(/refusing symbolic links: "passwd"/);
    const big = await zipFile('big.zip', await writeZip([{ name: 'big.txt', data: 'x'.repeat(5000) }]));
    await expect(extractZip(big, path.join(dir, 'b'), { maxTotalBytes: 1000 })).rejects.toThrow(/5000 bytes, more than the 1000 allowed/);
  });

  it('refuses a name repeated in the archive instead of overwriting', async () => {
    const file = await zipFile('twice.zip', await writeZip([{ name: 'a.json', data: '1' }, { name: 'a.json', data: '2' }]));
    await expect(extractZip(file, path.join(dir, 't'))).rejects.toThrow(/EEXIST/);
  });

  // Info-ZIP's zip, when the machine has it: a second implementation, and streamed archives use
  // data descriptors (sizes after the data), as GitHub's artifact zips do.
  it.skipIf(!hasZipTool)('reads archives written by Info-ZIP, streamed or not', async () => {
    const source = path.join(dir, 'src');
    await fs.mkdir(path.join(source, 'traces', 'deep'), { recursive: true });
    await fs.writeFile(path.join(source, 'traces', 'index.json'), JSON.stringify({ tasks: Array.from({ length: 50 }, (_, n) => ({ n })) }));
    await fs.writeFile(path.join(source, 'traces', 'deep', 'ü.txt'), 'ünïcödé');
    execFileSync('zip', ['-q', '-r', path.join(dir, 'plain.zip'), 'traces'], { cwd: source });
    const streamed = execFileSync('zip', ['-q', '-r', '-', 'traces'], { cwd: source });
    await fs.writeFile(path.join(dir, 'streamed.zip'), streamed);
    for (const name of ['plain', 'streamed']) {
      const target = path.join(dir, `out-${name}`);
      const written = await extractZip(path.join(dir, `${name}.zip`), target);
      expect(written.sort()).toEqual(['traces/deep/ü.txt', 'traces/index.json']);
      expect(await fs.readFile(path.join(target, 'traces', 'deep', 'ü.txt'), 'utf8')).toBe('ünïcödé');
    }
  });
});
