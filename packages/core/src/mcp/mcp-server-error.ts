import { DispatchError } from '../errors/dispatch-error.js';
import { errorMarker, hasErrorMarker } from '../errors/error-marker.js';

const marker = errorMarker('McpServerError');

/**
 * An MCP server a task needs could not be started, could not be reached or
 * died: fails the tasks that need it (kind `tool`), not the others.
 */
export class McpServerError extends DispatchError {
  readonly [marker] = true;
  readonly server: string;
  /** What went wrong, without the server's name (`exited with code 3`). */
  readonly reason: string;
  /** The end of the server's stderr (stdio servers), empty when it wrote none. */
  readonly stderrTail: string;

  constructor(server: string, reason: string, stderrTail = '', options?: { cause?: unknown }) {
    super('tool', `MCP server "${server}" ${reason}${stderrTail === '' ? '' : `; its stderr ends with:\n${stderrTail}`}`, options);
    this.name = 'McpServerError';
    this.server = server;
    this.reason = reason;
    this.stderrTail = stderrTail;
  }

  static override isInstance(value: unknown): value is McpServerError {
    return hasErrorMarker(value, marker);
  }
}
