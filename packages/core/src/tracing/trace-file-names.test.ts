import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newDispatchIdentity } from './dispatch-id.js';
import { dispatchIndexFile, indexFileOfTaskTrace, isDispatchIndexFile, plannedDispatchFile, planRecordFile, synthesisRecordFile, taskTraceFile } from './trace-file-names.js';

describe('trace file names', () => {
  const { dispatchId } = newDispatchIdentity(new Date('2026-11-25T02:47:39Z'));

  it('names the index after the dispatch and each task trace inside a folder named after it', () => {
    expect(dispatchIndexFile(dispatchId)).toMatch(/^dispatch-20261125_024739-[0-9a-f]{8}\.json$/);
    expect(taskTraceFile(dispatchId, 'lint')).toBe(`${dispatchId}/lint.json`);
  });

  it('recognises index files by name only, and finds the index of a task trace', () => {
    expect(isDispatchIndexFile(path.join('/t', dispatchIndexFile(dispatchId)))).toBe(true);
    expect(isDispatchIndexFile(path.join('/t', taskTraceFile(dispatchId, 'lint')))).toBe(false);
    expect(isDispatchIndexFile('/t/dispatch-latest.json')).toBe(false);
    expect(indexFileOfTaskTrace(path.join('/t', taskTraceFile(dispatchId, 'lint')))).toBe(path.join('/t', dispatchIndexFile(dispatchId)));
  });

  it('keeps the traces of tasks named like the dispatch\'s own files apart from those files', () => {
    const own = [planRecordFile(dispatchId), plannedDispatchFile(dispatchId), synthesisRecordFile(dispatchId)];
    expect(own).toEqual([`${dispatchId}/plan.json`, `${dispatchId}/plan.dispatch.json`, `${dispatchId}/synthesis.json`]);
    const tasks = ['plan', 'Plan', 'plan.dispatch', 'SYNTHESIS', 'planning', 'plan.json'].map((id) => taskTraceFile(dispatchId, id));
    expect(tasks).toEqual([`${dispatchId}/_plan.json`, `${dispatchId}/_Plan.json`, `${dispatchId}/_plan.dispatch.json`, `${dispatchId}/_SYNTHESIS.json`, `${dispatchId}/planning.json`, `${dispatchId}/plan.json.json`]);
    for (const file of tasks) expect(own.map((name) => name.toLowerCase())).not.toContain(file.toLowerCase());
  });
});
