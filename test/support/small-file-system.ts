import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const mounted: string[] = [];

/**
 * A real file system of its own, mounted on a fresh folder: a tmpfs of `kilobytes`
 * (to fill the disk for real), read-only with `readOnly`. Needs root and a kernel
 * that lets the container mount tmpfs; otherwise the reason it cannot, for skipping.
 * Unmounted after the test.
 */
export async function smallFileSystem(options: { kilobytes?: number; readOnly?: boolean }): Promise<{ dir: string } | { unavailable: string }> {
  if (process.platform !== 'linux') return { unavailable: 'tmpfs mounts need Linux' };
  if (process.getuid?.() !== 0) return { unavailable: 'mounting a tmpfs needs root' };
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'pdispatch-fs-')));
  const flags = [`size=${options.kilobytes ?? 64}k`, ...(options.readOnly ? ['ro'] : [])].join(',');
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', flags, 'tmpfs', dir], { encoding: 'utf8' });
  if (mount.status !== 0) {
    await fs.rmdir(dir);
    return { unavailable: `mount -t tmpfs failed: ${(mount.stderr || mount.error?.message || '').trim()}` };
  }
  mounted.push(dir);
  return { dir };
}

afterEach(async () => {
  for (const dir of mounted.splice(0)) {
    spawnSync('umount', [dir]);
    await fs.rmdir(dir).catch(() => undefined);
  }
});
