import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test-support/temp-workspace.js';
import { TraceWriteError } from '../errors/trace-write-error.js';
import { TOO_DEEP } from './copy-json-value.js';
import { Redactor } from './redactor.js';
import type { DispatchIndex, TaskTrace } from './trace-format.js';
import { TraceWriter } from './trace-writer.js';

const trace = (taskId: string) => ({ task_id: taskId, status: 'success' }) as unknown as TaskTrace;

function writer(traceDir: string, snapshot: () => unknown, indexIntervalMs: number, secrets = ['sk-secret-value']) {
  return new TraceWriter({
    traceDir,
    dispatchId: 'dispatch-20250101_000000-abcdef12',
    redactor: new Redactor(secrets),
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
    expect(await traces.close()).toEqual({ index: { snapshot: 2 }, error: undefined });
    expect(traces.taskTrace('b')).toEqual({ file: 'dispatch-20250101_000000-abcdef12/b.json', error: null });
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

  it('writes values nested deeper than JSON.stringify can go, with or without secrets', async () => {
    const dir = await tempWorkspace();
    let deep: unknown = 'bottom';
    for (let level = 0; level < 20_000; level++) deep = [deep];
    for (const secrets of [[], ['sk-secret-value']]) {
      const traces = writer(await fs.mkdtemp(path.join(dir, 'run-')), () => ({}), 10_000, secrets);
      await traces.open();
      traces.writeTask({ ...trace('deep'), output: { json: deep } } as TaskTrace);
      expect((await traces.close()).error).toBeUndefined();
      const written = JSON.parse(await fs.readFile(path.join(traces.taskDir, 'deep.json'), 'utf8'));
      expect(written.status).toBe('success');
      expect(JSON.stringify(written.output)).toContain(JSON.stringify(TOO_DEEP));
    }
  });

  it('names in the index only task files it wrote, and says why the others are missing', async () => {
    const dir = await tempWorkspace();
    const again = writer(dir, () => ({}), 10_000);
    // A real failure: the dispatch's folder is a file by the time the task ends.
    await again.open();
    await fs.rm(again.taskDir, { recursive: true });
    await fs.writeFile(again.taskDir, '');
    again.writeTask(trace('lost'));
    const { error } = await again.close();
    expect(again.taskTrace('lost')).toEqual({ file: null, error: expect.stringMatching(/^not written: /) });
    expect(TraceWriteError.isInstance(error)).toBe(true);
    expect(error!.missingTasks).toEqual(['lost']);
    expect(error!.indexWritten).toBe(true);
    expect(error!.message).toMatch(new RegExp(`^could not write traces in ${dir}: .+; 1 task trace \\(lost\\) not written$`));
  });
});
