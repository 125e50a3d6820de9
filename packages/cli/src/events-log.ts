import fs from 'node:fs';
import type { DispatchEvent } from '@parallel-dispatcher/core';

/** Writes scheduler events as NDJSON to a file, or to stderr for `-`. */
export class EventsLog {
  private readonly stream: NodeJS.WritableStream;
  private readonly owned: boolean;

  constructor(target: string) {
    this.owned = target !== '-';
    this.stream = this.owned ? fs.createWriteStream(target) : process.stderr;
  }

  write(event: DispatchEvent): void {
    this.stream.write(`${JSON.stringify(event)}\n`);
  }

  close(): Promise<void> {
    if (!this.owned) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }
}
