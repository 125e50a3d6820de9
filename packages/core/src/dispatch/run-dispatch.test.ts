import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentRegistry } from '../agents/agent-registry.js';
import { shellAgent } from '../agents/shell/shell-agent.js';
import { readDispatchIndex, readTaskTrace } from '../tracing/trace-reader.js';
import { tempWorkspace } from '../../test-support/temp-workspace.js';
import { prepareDispatch } from './prepare-dispatch.js';
import { runDispatch } from './run-dispatch.js';

const agents = new AgentRegistry([shellAgent]);

async function run(dispatch: object, options: { signal?: AbortSignal; env?: Record<string, string> } = {}) {
  const workspace = await tempWorkspace();
  const file = path.join(workspace, 'tasks.dispatch.json');
  await fs.writeFile(file, JSON.stringify(dispatch));
  const prepared = prepareDispatch({ text: JSON.stringify(dispatch), sourcePath: file, cwd: workspace, agents });
  const result = await runDispatch(prepared, { env: { PATH: process.env.PATH, ...options.env }, ...(options.signal ? { signal: options.signal } : {}), backoff: { baseMs: 10, maxMs: 20 } });
  return { workspace, prepared, result };
}

describe('runDispatch', () => {
  it('hands each task the outputs of its dependencies and writes traces', async () => {
    const { result, prepared } = await run({
      tasks: [
        { task_id: 'produce', agent: 'shell', input_data: { command: 'echo \'{"answer": 42}\'' } },
        { task_id: 'consume', agent: 'shell', input_data: { command: 'printf %s "$PDISPATCH_DEPENDENCIES"' }, depends_on: ['produce'] },
      ],
    });
    expect(result.status).toBe('success');
    const consumed = result.outcomes.get('consume')!.output as { json: Record<string, { json: unknown }> };
    expect(consumed.json.produce!.json).toEqual({ answer: 42 });
    const index = await readDispatchIndex(result.indexPath);
    expect(index.status).toBe('success');
    expect(index.summary).toMatchObject({ total: 2, success: 2, error: 0 });
    const trace = await readTaskTrace(prepared.traceDir, index.tasks[1]!.trace_file);
    expect(trace).toMatchObject({ task_id: 'consume', status: 'success', dependencies: ['produce'] });
    expect(trace.events.map((event) => event.type)).toEqual(['queued', 'started', 'progress', 'finished']);
  });

  it('skips dependents of a failed task and runs independent branches', async () => {
    const { result } = await run({
      tasks: [
        { task_id: 'fails', agent: 'shell', input_data: { command: 'echo boom >&2; exit 3' } },
        { task_id: 'after', agent: 'shell', input_data: { command: 'true' }, dependencies: ['fails'] },
        { task_id: 'after-after', agent: 'shell', input_data: { command: 'true' }, dependencies: ['after'] },
        { task_id: 'independent', agent: 'shell', input_data: { command: 'true' } },
      ],
    });
    expect(result.status).toBe('failure');
    const index = await readDispatchIndex(result.indexPath);
    const status = Object.fromEntries(index.tasks.map((task) => [task.task_id, task.status]));
    expect(status).toEqual({ fails: 'error', after: 'skipped', 'after-after': 'skipped', independent: 'success' });
    expect(index.tasks[0]!.error).toEqual({ kind: 'agent', message: 'command exited with code 3: boom' });
    expect(index.tasks[2]!.error).toEqual({ kind: 'dependency', message: 'skipped because task "fails" did not succeed (via "after")' });
  });

  it('keeps secrets out of traces', async () => {
    const { result, prepared } = await run(
      { tasks: [{ task_id: 'leak', agent: 'shell', input_data: { command: 'echo "$MY_API_KEY $OWN_TOKEN"', env: { OWN_TOKEN: 'task-token-987654' } } }] },
      { env: { MY_API_KEY: 'sk-very-secret-123456' } },
    );
    const text = await fs.readFile(path.join(prepared.traceDir, result.index.tasks[0]!.trace_file!), 'utf8');
    expect(text).not.toContain('sk-very-secret-123456');
    expect(text).not.toContain('task-token-987654');
    expect(text).toContain('*** ***');
    // What hosts print comes back redacted too, through the same redactor.
    expect(JSON.stringify(result.index)).not.toContain('sk-very-secret-123456');
    expect((result.outcomes.get('leak')!.output as { stdout: string }).stdout).toBe('*** ***\n');
    expect(result.redactor.redact('key sk-very-secret-123456')).toBe('key ***');
  });

  it('leaves statuses and keys alone when a secret-named variable holds a common word', async () => {
    const { result, prepared } = await run(
      { tasks: [{ task_id: 'plain', agent: 'shell', input_data: { command: 'echo \'{"status": "success"}\'' } }] },
      { env: { PRIVATE_MODE: 'success', X_TOKEN: 'true' } },
    );
    expect(result.status).toBe('success');
    expect(result.index.tasks[0]).toMatchObject({ status: 'success', trace_file: expect.any(String), trace_error: null });
    const trace = await readTaskTrace(prepared.traceDir, result.index.tasks[0]!.trace_file);
    expect(trace).toMatchObject({ status: 'success', output: { json: { status: 'success' } } });
  });

  it('refuses a trace directory that is a file before any task starts', async () => {
    const workspace = await tempWorkspace();
    await fs.writeFile(path.join(workspace, 'traces'), 'not a folder');
    const dispatch = { tasks: [{ task_id: 'a', agent: 'shell', input_data: { command: 'touch ran' } }] };
    const prepared = prepareDispatch({ text: JSON.stringify(dispatch), cwd: workspace, agents });
    await expect(runDispatch(prepared, { env: { PATH: process.env.PATH } })).rejects.toThrow(`config.trace_dir: trace directory ${path.join(workspace, 'traces')} is a file`);
    await expect(fs.stat(path.join(workspace, 'ran'))).rejects.toThrow();
  });
});
