import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallFileSystem } from '../../../../test/support/small-file-system.js';
import { DispatchValidationError } from '../errors/validation-error.js';
import { tempWorkspace } from '../../test-support/temp-workspace.js';
import { prepareTraceDirectory } from './prepare-trace-directory.js';

/** The one problem a refused trace directory is reported with. */
async function refusal(traceDir: string): Promise<string> {
  const error = await prepareTraceDirectory(traceDir).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DispatchValidationError)) throw new Error(`expected a DispatchValidationError, got ${String(error)}`);
  expect(error.issues).toHaveLength(1);
  expect(error.issues[0]!.path).toBe('config.trace_dir');
  return error.issues[0]!.message;
}

describe('prepareTraceDirectory', () => {
  it('creates every missing level and leaves nothing but the folders', async () => {
    const dir = await tempWorkspace();
    const traceDir = path.join(dir, 'a', 'b', 'traces');
    await prepareTraceDirectory(traceDir);
    expect(await fs.readdir(traceDir)).toEqual([]);
    await prepareTraceDirectory(traceDir); // an existing directory is fine too
  });

  it('refuses a file, and a path under a file, creating nothing', async () => {
    const dir = await tempWorkspace();
    const file = path.join(dir, 'some-file');
    await fs.writeFile(file, 'x');
    expect(await refusal(file)).toBe(`trace directory ${file} is a file`);
    expect(await refusal(path.join(file, 'traces'))).toBe(`trace directory ${path.join(file, 'traces')} cannot be created: ${file} is a file`);
    expect(await fs.readdir(dir)).toEqual(['some-file']);
  });

  it.runIf(process.platform === 'linux')('refuses /proc/nope at once instead of looping, and devices such as /dev/full', async () => {
    const started = Date.now();
    expect(await refusal('/proc/nope/traces')).toMatch(/^trace directory \/proc\/nope\/traces cannot be created: /);
    // Generous for a busy machine; the bug this guards against never returned at all.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await refusal('/dev/full')).toBe('trace directory /dev/full is a device, not a directory');
    expect(await refusal('/dev/full/traces')).toBe('trace directory /dev/full/traces cannot be created: /dev/full is a device, not a directory');
  });

  it('refuses a read-only folder', async (context) => {
    const mounted = await smallFileSystem({ readOnly: true });
    if ('unavailable' in mounted) {
      // Without root a folder without write permission is read-only too; with root but no mount, nothing is.
      if (process.getuid?.() === 0) return context.skip(`no read-only file system can be made here: ${mounted.unavailable}`);
      const dir = await tempWorkspace();
      await fs.chmod(dir, 0o555);
      expect(await refusal(path.join(dir, 'traces'))).toMatch(/cannot be created: permission denied$/);
      await fs.chmod(dir, 0o755);
      return;
    }
    expect(await refusal(path.join(mounted.dir, 'traces'))).toBe(`trace directory ${path.join(mounted.dir, 'traces')} cannot be created: the file system is read-only`);
    expect(await refusal(mounted.dir)).toBe(`trace directory ${mounted.dir} cannot be written: the file system is read-only`);
  });

  it('refuses a full disk and removes the folders it created for it', async (context) => {
    const mounted = await smallFileSystem({ kilobytes: 64 });
    if ('unavailable' in mounted) return context.skip(`no small file system can be made here: ${mounted.unavailable}`);
    await fs.writeFile(path.join(mounted.dir, 'filler'), Buffer.alloc(64 * 1024)).catch(() => undefined);
    const traceDir = path.join(mounted.dir, 'new', 'traces');
    expect(await refusal(traceDir)).toBe(`trace directory ${traceDir} cannot be written: no space left on the device`);
    expect(await fs.readdir(mounted.dir)).toEqual(['filler']);
  });
});
