import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { expectNoStackTrace } from '../support/expect-no-stack-trace.js';
import { runCli } from '../support/run-cli.js';

async function dispatchThatTouches(dir: string): Promise<string> {
  const file = path.join(dir, 'touch.dispatch.json');
  await fs.writeFile(file, JSON.stringify({ tasks: [{ task_id: 'touch', agent: 'shell', input_data: { command: 'touch ran' } }] }));
  return file;
}

describe('pdispatch run --events', () => {
  it('refuses an events file in a folder that does not exist: exit 2 naming the path, before anything runs', async () => {
    const dir = await tempWorkspace();
    const file = await dispatchThatTouches(dir);
    const result = await runCli(['run', file, '--events', path.join(dir, 'nonexistent', 'dir', 'ev.ndjson')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--events ${path.join(dir, 'nonexistent', 'dir', 'ev.ndjson')}: cannot write the events file: the folder ${path.join(dir, 'nonexistent', 'dir')} does not exist`);
    expectNoStackTrace(result);
    await expect(fs.stat(path.join(dir, 'ran'))).rejects.toThrow();
    await expect(fs.stat(path.join(dir, 'traces'))).rejects.toThrow();
  });

  it('refuses a directory as the events file, relative to the current directory', async () => {
    const dir = await tempWorkspace();
    await dispatchThatTouches(dir);
    await fs.mkdir(path.join(dir, 'events'));
    const result = await runCli(['run', 'touch.dispatch.json', '--events', 'events'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--events events: cannot write the events file: it is a directory');
    expectNoStackTrace(result);
    await expect(fs.stat(path.join(dir, 'ran'))).rejects.toThrow();
  });

  it('writes the events to stderr with --events -', async () => {
    const dir = await tempWorkspace();
    const file = await dispatchThatTouches(dir);
    const result = await runCli(['run', file, '-q', '--events', '-']);
    expect(result.code, result.stderr).toBe(0);
    const types = result.stderr.trim().split('\n').map((line) => JSON.parse(line).type);
    expect(types[0]).toBe('dispatch-started');
    expect(types.at(-1)).toBe('dispatch-finished');
  });
});
