import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findTraceFolders } from './find-trace-folders.js';

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'pd-find-'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function touch(file: string) {
  await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await fs.writeFile(path.join(root, file), '{}');
}

describe('findTraceFolders', () => {
  it('finds trace folders at the top of an artifact or nested in it, not task folders or other JSON', async () => {
    await touch('dispatch-20250101_120000-abcdef01.json');
    await touch('dispatch-20250101_120000-abcdef01/build.json');
    await touch('job-2/traces/dispatch-20250102_120000-00000001.json');
    await touch('job-2/traces/notes.json');
    await touch('other/dispatch-summary.json');
    await touch('node_modules/pkg/dispatch-20250101_120000-abcdef02.json');
    expect(await findTraceFolders(root)).toEqual([root, path.join(root, 'job-2', 'traces')]);
  });

  it('finds nothing in a folder without traces, or one that does not exist', async () => {
    await touch('README.md');
    expect(await findTraceFolders(root)).toEqual([]);
    expect(await findTraceFolders(path.join(root, 'missing'))).toEqual([]);
  });
});
