import { terminalJson } from './terminal-json.js';

/** One problem, as the stdout document lists it: where (a JSON path in the file, or "command line") and what. */
export interface DocumentError {
  readonly path: string;
  readonly message: string;
}

/**
 * The one JSON document `run`, `validate` and `rerun` print on stdout,
 * whatever the outcome, so scripts can always parse it; people read stderr.
 * The first document wins: a failure after the result is printed only adds
 * a message on stderr.
 */
export class StdoutDocument {
  private written = false;

  constructor(private readonly write: (text: string) => void) {}

  print(document: Readonly<Record<string, unknown>>): void {
    if (this.written) return;
    this.written = true;
    this.write(terminalJson(document));
  }

  /** The document for an outcome that has no result of its own: invalid input, a crash, an exit at once. */
  printFailure(status: 'invalid' | 'cancelled' | 'error', errors: readonly DocumentError[]): void {
    this.print({ success: false, status, errors });
  }
}
