import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test-support/temp-workspace.js';
import { Redactor } from './redactor.js';
import type { DispatchIndex, TaskTrace } from './trace-format.js';
import { TraceWriter } from './trace-writer.js';

const trace = (taskId: string) => ({ task_id: taskId, status: 'success' }) as unknown as TaskTrace;

function writer(traceDir: string, snapshot: () => unknown, indexIntervalMs: number) {
  return new TraceWriter({
    traceDir,
    dispatchId: 'dispatch-20250101_000000-abcdef12',
    redactor: new Redactor(['sk-secret-value']),
    indexIntervalMs,
    snapshotIndex: () => snapshot() as DispatchIndex,
  });
}

describe('TraceWriter', () => {
  it('writes each task file once, redacted, the index at open and close, and leaves no temporary file', async () => {
    const dir = await tempWorkspace();
    let snapshots = 0;
    const traces = writer(dir, () => ({ snapshot: ++snapshots }), 10_000);
    await traces.open();
    expect(JSON.parse(await fs.readFile(traces.indexPath, 'utf8'))).toEqual({ snapshot: 1 });
    traces.writeTask(trace('a'));
    traces.writeTask({ ...trace('b'), output: 'key sk-secret-value' } as TaskTrace);
    expect(await traces.close()).toEqual({ snapshot: 2 });
    expect(JSON.parse(await fs.readFile(traces.indexPath, 'utf8'))).toEqual({ snapshot: 2 });
    expect((await fs.readdir(traces.taskDir)).sort()).toEqual(['a.json', 'b.json']);
    expect(await fs.readFile(path.join(traces.taskDir, 'b.json'), 'utf8')).toContain('"output": "key ***"');
    expect((await fs.readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('rewrites the index while tasks end, but spaces rewrites out when the index is slow to build', async () => {
    const dir = await tempWorkspace();
    let snapshots = 0;
    // Each snapshot takes ~10 ms, like the index of a dispatch with thousands of tasks.
    const slow = () => {
      const until = performance.now() + 10;
      while (performance.now() < until);
      return { snapshot: ++snapshots };
    };
    const traces = writer(dir, slow, 1);
    await traces.open();
    for (let n = 0; n < 80; n++) {
      traces.writeTask(trace(`t${n}`));
      await delay(5);
    }
    await traces.close();
    // Every 1 ms would mean a rewrite after nearly every task; 20 × 10 ms between rewrites allows a few.
    expect(snapshots).toBeGreaterThanOrEqual(3);
    expect(snapshots).toBeLessThanOrEqual(6);
  });
});
