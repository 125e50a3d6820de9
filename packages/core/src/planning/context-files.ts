import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from '../paths/display-path.js';
import { fileErrorReason } from '../paths/file-error-reason.js';
import type { PathPolicy } from '../paths/path-policy.js';
import type { PlanContextFile } from '../tracing/planning-records.js';
import { PlanningError } from './planning-error.js';

/** What the planner is shown of each context file; the rest is cut, visibly. */
export const MAX_CONTEXT_FILE_BYTES = 64 * 1024;
/** What all context files together may add to the prompt, so many files do not make a request the API refuses. */
export const MAX_CONTEXT_TOTAL_BYTES = 256 * 1024;

/** A context file as the prompt shows it and `plan.json` records it. */
export interface ContextFile {
  readonly record: PlanContextFile;
  /** The text, cut at `MAX_CONTEXT_FILE_BYTES` with a note saying how much is left out. */
  readonly shown: string;
}

/**
 * Reads the files the user gave as context. Each must exist and lie inside
 * the allowed roots (symbolic links resolved); otherwise nothing is asked of
 * the model and a `PlanningError` names the file and why.
 */
export async function readContextFiles(files: readonly string[], context: { cwd: string; paths: PathPolicy; inputName: string }): Promise<ContextFile[]> {
  const read: ContextFile[] = [];
  let room = MAX_CONTEXT_TOTAL_BYTES;
  for (const file of files) {
    const fail = (reason: string, cause?: unknown): never => {
      throw new PlanningError({ input: context.inputName, file, reason }, { cause });
    };
    const absolute = path.resolve(context.cwd, file);
    if (context.paths.check(absolute) === undefined) fail(`is outside the allowed roots (${context.paths.roots.join(', ')}); allow its folder with --allow-path`);
    const bytes = await fs.readFile(absolute).catch((error: unknown) => fail(fileErrorReason(error), error));
    const limit = Math.min(MAX_CONTEXT_FILE_BYTES, room);
    room -= Math.min(limit, bytes.length);
    const kept = bytes.subarray(0, limit).toString('utf8');
    const left = bytes.length - limit;
    const why = limit < MAX_CONTEXT_FILE_BYTES ? `; the context files may add at most ${MAX_CONTEXT_TOTAL_BYTES / 1024} KiB in all` : '';
    read.push({
      record: { path: displayPath(absolute, context.paths.workspace), sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length },
      shown: left > 0 ? `${kept}\n…[cut: ${left} more bytes of this file not shown${why}]` : kept,
    });
  }
  return read;
}
