import path from 'node:path';

// Where a dispatch's traces live in its trace directory:
//   <dispatch id>.json               the index
//   <dispatch id>/<task id>.json     one file per task
// Writers, readers and every host name them through these, so the layout is decided once.

const DISPATCH_INDEX_FILE = /^dispatch-\d{8}_\d{6}-[0-9a-f]{8}\.json$/;

/** The index's file name, relative to the trace directory. */
export function dispatchIndexFile(dispatchId: string): string {
  return `${dispatchId}.json`;
}

/** A task's trace file relative to the trace directory, with `/`, as the index records it. */
export function taskTraceFile(dispatchId: string, taskId: string): string {
  return `${dispatchId}/${taskId}.json`;
}

/** Whether a file's name is that of a dispatch index (`dispatch-<YYYYMMDD_HHMMSS>-<8 hex>.json`). */
export function isDispatchIndexFile(file: string): boolean {
  return DISPATCH_INDEX_FILE.test(path.basename(file));
}

/** The index beside which a task's trace file lies (`…/<dispatch id>/<task>.json` → `…/<dispatch id>.json`). */
export function indexFileOfTaskTrace(taskTrace: string): string {
  return `${path.dirname(taskTrace)}.json`;
}
