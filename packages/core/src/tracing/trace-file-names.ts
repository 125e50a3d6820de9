import path from 'node:path';

// Where a dispatch's traces live in its trace directory:
//   <dispatch id>.json                    the index
//   <dispatch id>/<task id>.json          one file per task
//   <dispatch id>/plan.json               how the planner made the dispatch (planned dispatches)
//   <dispatch id>/plan.dispatch.json      the plan as a dispatch file, when it was written nowhere else
//   <dispatch id>/synthesis.json          the synthesis call and its answer
// Writers, readers and every host name them through these, so the layout is decided once.

const DISPATCH_INDEX_FILE = /^dispatch-\d{8}_\d{6}-[0-9a-f]{8}\.json$/;

/** The index's file name, relative to the trace directory. */
export function dispatchIndexFile(dispatchId: string): string {
  return `${dispatchId}.json`;
}

const PLAN_RECORD = 'plan.json';
const PLANNED_DISPATCH = 'plan.dispatch.json';
const SYNTHESIS_RECORD = 'synthesis.json';

/**
 * Tasks named like the dispatch's own files (case aside, for case-insensitive disks) keep their
 * traces under a `_` prefix, which no task id can start with, so no two files ever share a name.
 */
const TAKEN_NAME = /^(plan|plan\.dispatch|synthesis)$/i;

/** A task's trace file relative to the trace directory, with `/`, as the index records it. */
export function taskTraceFile(dispatchId: string, taskId: string): string {
  return `${dispatchId}/${TAKEN_NAME.test(taskId) ? '_' : ''}${taskId}.json`;
}

/** `plan.json` of a planned dispatch, relative to the trace directory. */
export function planRecordFile(dispatchId: string): string {
  return `${dispatchId}/${PLAN_RECORD}`;
}

/** The plan as a dispatch file, written into the dispatch's folder when the host wrote it nowhere, relative to the trace directory. */
export function plannedDispatchFile(dispatchId: string): string {
  return `${dispatchId}/${PLANNED_DISPATCH}`;
}

/** `synthesis.json` of a dispatch that was synthesised, relative to the trace directory. */
export function synthesisRecordFile(dispatchId: string): string {
  return `${dispatchId}/${SYNTHESIS_RECORD}`;
}

/** Whether a file's name is that of a dispatch index (`dispatch-<YYYYMMDD_HHMMSS>-<8 hex>.json`). */
export function isDispatchIndexFile(file: string): boolean {
  return DISPATCH_INDEX_FILE.test(path.basename(file));
}

/** The index beside which a task's trace file lies (`…/<dispatch id>/<task>.json` → `…/<dispatch id>.json`). */
export function indexFileOfTaskTrace(taskTrace: string): string {
  return `${path.dirname(taskTrace)}.json`;
}
