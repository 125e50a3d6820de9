import fs from 'node:fs/promises';
import path from 'node:path';
import { fileErrorReason, type DispatchEvent } from '@parallel-dispatcher/core';
import { CliUsageError } from './cli-usage-error.js';

/** Writes scheduler events as NDJSON to a file, or to stderr for `-`. */
export class EventsLog {
  private failed = false;

  private constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly file: fs.FileHandle | undefined,
  ) {}

  /**
   * Opens the target before anything runs, so a path that cannot be written
   * is a usage error (exit 2) rather than a crash in the middle of a dispatch.
   * Relative paths are relative to the current directory.
   */
  static async open(target: string): Promise<EventsLog> {
    if (target === '-') return new EventsLog(process.stderr, undefined);
    let file: fs.FileHandle;
    try {
      file = await fs.open(target, 'w');
    } catch (error) {
      throw new CliUsageError(`--events ${target}: cannot write the events file: ${openFailure(error, target)}`);
    }
    const log = new EventsLog(file.createWriteStream(), file);
    // A disk that fills up mid-run costs the events, not the dispatch.
    log.stream.on('error', (error: Error) => log.fail(target, error));
    return log;
  }

  write(event: DispatchEvent): void {
    if (!this.failed) this.stream.write(`${JSON.stringify(event)}\n`);
  }

  close(): Promise<void> {
    if (this.file === undefined || this.failed) return Promise.resolve();
    return new Promise((resolve) => this.stream.end(() => resolve()));
  }

  private fail(target: string, error: Error): void {
    if (this.failed) return;
    this.failed = true;
    process.stderr.write(`pdispatch: writing events to ${target} failed, no more events are written: ${error.message}\n`);
  }
}

function openFailure(error: unknown, target: string): string {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return `the folder ${path.dirname(path.resolve(target))} does not exist`;
  return fileErrorReason(error);
}
