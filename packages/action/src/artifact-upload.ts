import fs from 'node:fs/promises';
import path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import type { ArtifactState } from './report/report-context.js';

export interface UploadOptions {
  readonly name: string;
  readonly traceDir: string;
  readonly retentionDays: number | undefined;
  /** The artifact's page from its id; undefined when the run is unknown. */
  readonly urlOf: (id: number) => string | undefined;
}

/**
 * Uploads every file under the trace directory as one workflow artifact.
 * Never throws: a failure comes back as `not-uploaded` with the reason, for
 * the caller to warn about.
 */
export async function uploadTraces(options: UploadOptions): Promise<ArtifactState> {
  let files: string[];
  try {
    files = await filesUnder(options.traceDir);
  } catch (error) {
    return { kind: 'not-uploaded', reason: `cannot read the trace directory ${options.traceDir}: ${(error as Error).message}` };
  }
  if (files.length === 0) return { kind: 'not-uploaded', reason: `no trace files in ${options.traceDir}` };
  try {
    const client = new DefaultArtifactClient();
    const result = await client.uploadArtifact(options.name, files, options.traceDir, options.retentionDays === undefined ? {} : { retentionDays: options.retentionDays });
    if (result.id === undefined) return { kind: 'not-uploaded', reason: 'the artifact service returned no artifact id' };
    return { kind: 'uploaded', name: options.name, id: result.id, url: options.urlOf(result.id) ?? '' };
  } catch (error) {
    const message = (error as Error).message;
    const hint = /\b409\b|already exists/i.test(message)
      ? ` (an artifact named "${options.name}" already exists in this workflow run: give each step, and each matrix job, its own artifact-name)`
      : '';
    return { kind: 'not-uploaded', reason: `uploading the artifact "${options.name}" failed: ${message}${hint}` };
  }
}

/** Every file below `directory`, recursively, sorted; empty when it does not exist. */
export async function filesUnder(directory: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(directory, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}
