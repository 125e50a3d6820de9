import { DispatchError } from './dispatch-error.js';

/** Traces could not be written while the dispatch ran (disk full, folder removed, …); the tasks themselves ran. */
export class TraceWriteError extends DispatchError {
  readonly traceDir: string;
  /** Tasks whose trace file is missing; their index entries say why. */
  readonly missingTasks: readonly string[];
  /** False when even the final index could not be written: the one on disk is an earlier, running version. */
  readonly indexWritten: boolean;
  /** The dispatch's own files not written (`synthesis.json`), relative to the trace directory. */
  readonly missingFiles: readonly string[];

  constructor(traceDir: string, reason: string, missingTasks: readonly string[], indexWritten: boolean, missingFiles: readonly string[] = []) {
    const missing = missingTasks.length === 0 ? '' : `${missingTasks.length} task trace${missingTasks.length === 1 ? '' : 's'} (${preview(missingTasks)})`;
    const lost = [missing, ...missingFiles, indexWritten ? '' : 'the final dispatch index'].filter((part) => part !== '').join(' and ');
    super('trace', `could not write traces in ${traceDir}: ${reason}; ${lost} not written`);
    this.name = 'TraceWriteError';
    this.traceDir = traceDir;
    this.missingTasks = missingTasks;
    this.indexWritten = indexWritten;
    this.missingFiles = missingFiles;
  }

  static override isInstance(value: unknown): value is TraceWriteError {
    return DispatchError.isInstance(value) && value.kind === 'trace';
  }
}

function preview(ids: readonly string[]): string {
  return ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
}
