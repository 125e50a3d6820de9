import type { DispatchEvent } from '@parallel-dispatcher/core';

/** Shows a running dispatch to a person; stdout is never touched. */
export interface ProgressReporter {
  onEvent(event: DispatchEvent): void;
  close(): void;
}
