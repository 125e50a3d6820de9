import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type { PathPolicy } from '../../paths/path-policy.js';
import type { TaskRecorder } from '../../tracing/task-recorder.js';

const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

export interface SourceText {
  /** Absolute path. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  /** The whole content, or '' for a binary file. */
  readonly text: string;
  /** Holds NUL bytes in its first 8 KiB. */
  readonly binary: boolean;
}

export type SourceRead =
  | { readonly ok: true; readonly source: SourceText }
  | { readonly ok: false; readonly reason: 'outside_roots' | 'not_found' | 'unreadable'; readonly path: string | undefined; readonly message: string };

/**
 * Reads the files the evidence is made of: only inside the allowed roots,
 * each at most once, and each recorded in the task trace once (with its hash,
 * or as not found).
 */
export class SourceFiles {
  private readonly reads = new Map<string, Promise<SourceRead>>();
  private readonly readPaths = new Set<string>();

  constructor(
    private readonly paths: PathPolicy,
    private readonly recorder: TaskRecorder,
  ) {}

  /** Distinct files read so far. */
  get readCount(): number {
    return this.readPaths.size;
  }

  /** `target` is absolute or relative to the workspace. */
  read(target: string): Promise<SourceRead> {
    const allowed = this.paths.check(target);
    if (allowed === undefined) {
      return Promise.resolve({ ok: false, reason: 'outside_roots', path: undefined, message: this.paths.describeRefusal(target, 'file') });
    }
    let pending = this.reads.get(allowed);
    if (pending === undefined) {
      pending = this.load(allowed);
      this.reads.set(allowed, pending);
    }
    return pending;
  }

  private async load(file: string): Promise<SourceRead> {
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) return { ok: false, reason: 'unreadable', path: file, message: 'not a regular file' };
      if (stat.size > MAX_SOURCE_BYTES) return { ok: false, reason: 'unreadable', path: file, message: `too large to read (${stat.size} bytes)` };
      const content = await fs.readFile(file);
      const sha256 = createHash('sha256').update(content).digest('hex');
      const binary = content.subarray(0, 8192).includes(0);
      this.recorder.file({ path: file, action: 'read', sha256, bytes: content.length });
      this.readPaths.add(file);
      return { ok: true, source: { path: file, bytes: content.length, sha256, binary, text: binary ? '' : content.toString('utf8') } };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        this.recorder.file({ path: file, action: 'not_found' });
        return { ok: false, reason: 'not_found', path: file, message: 'not found' };
      }
      return { ok: false, reason: 'unreadable', path: file, message: (error as Error).message };
    }
  }
}

/** The first `limitBytes` of a text, never cutting a UTF-8 sequence in half. */
export function headBytes(text: string, limitBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= limitBytes) return text;
  let end = Math.max(0, limitBytes);
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
