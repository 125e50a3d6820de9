import type { ModelCallRecord } from './model-call-record.js';
import type { ToolCallRecord } from './tool-call-record.js';

/** A file an agent read or wrote, with hashes so reviewers can tell what changed. */
export interface FileRecord {
  readonly path: string;
  readonly action: 'read' | 'written' | 'not_found';
  readonly sha256?: string;
  readonly bytes?: number;
  /** For written files that existed before: the previous content's hash and a unified diff. */
  readonly previous_sha256?: string;
  readonly diff?: string;
}

/** What an agent may add to its task's trace while it runs. Implementations must be cheap. */
export interface TaskRecorder {
  /** A progress note; also shown live by the CLI, the action and the editor. */
  progress(message: string, data?: Record<string, unknown>): void;
  modelCall(call: ModelCallRecord): void;
  toolCall(call: ToolCallRecord): void;
  file(record: FileRecord): void;
}
