import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DispatchValidationError } from '../errors/validation-error.js';
import { fileErrorReason as reason } from '../paths/file-error-reason.js';

/**
 * Makes sure traces can be written to `traceDir` before the first task starts:
 * creates the missing levels one by one and writes (then removes) a probe file.
 * Refuses with a DispatchValidationError at `config.trace_dir` otherwise, and
 * removes the levels it created, so a refused directory leaves nothing behind.
 *
 * Recursive mkdir is avoided on purpose: in pseudo file systems such as /proc
 * Node's loops forever between EEXIST and ENOENT.
 */
export async function prepareTraceDirectory(traceDir: string, source?: string): Promise<void> {
  const refuse = (message: string): never => {
    throw new DispatchValidationError([{ path: 'config.trace_dir', message: `trace directory ${traceDir} ${message}` }], source);
  };
  if (traceDir.includes('\0')) refuse('contains a NUL character');
  const target = path.resolve(traceDir);

  const missing: string[] = [];
  let existing = target;
  let stats: Stats | undefined;
  for (;;) {
    stats = await fs.stat(existing).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      return refuse(`cannot be used: ${reason(error)}`);
    });
    if (stats !== undefined) break;
    const parent = path.dirname(existing);
    if (parent === existing) refuse('cannot be created: its file system has no root folder');
    missing.unshift(existing);
    existing = parent;
  }
  if (!stats.isDirectory()) {
    refuse(existing === target ? `is ${kindOf(stats)}` : `cannot be created: ${existing} is ${kindOf(stats)}`);
  }

  const created: string[] = [];
  const undo = async () => {
    for (const level of created.reverse()) await fs.rmdir(level).catch(() => undefined);
  };
  try {
    for (const level of missing) {
      try {
        await fs.mkdir(level);
        created.push(level);
      } catch (error) {
        // Another process may have created it meanwhile: a directory there is fine.
        const now = await fs.stat(level).catch(() => undefined);
        const at = level === target ? '' : ` (at ${level})`;
        // Its parent exists, so ENOENT means a pseudo file system (/proc, /sys) that makes no folders.
        const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `this file system does not allow creating folders here${at}` : reason(error, level === target ? undefined : level);
        if (now?.isDirectory() !== true) refuse(`cannot be created: ${why}`);
      }
    }
    const probe = path.join(target, `.pdispatch-probe-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    try {
      await fs.writeFile(probe, 'probe\n');
    } catch (error) {
      refuse(`cannot be written: ${reason(error)}`);
    } finally {
      await fs.rm(probe, { force: true }).catch(() => undefined);
    }
  } catch (error) {
    await undo();
    throw error;
  }
}

function kindOf(stats: Stats): string {
  if (stats.isFile()) return 'a file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device, not a directory';
  return 'not a directory';
}
