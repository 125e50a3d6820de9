import { expect } from 'vitest';
import type { CliResult } from './run-cli.js';

/** Whatever the user typed, the CLI answers with a message, never with a crash. */
export function expectNoStackTrace(result: CliResult): void {
  for (const output of [result.stdout, result.stderr]) {
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain('unexpected failure');
  }
}
