import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { expectNoStackTrace } from '../support/expect-no-stack-trace.js';
import { runCli } from '../support/run-cli.js';

const ESCAPES = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe('terminal escapes in what tasks print', () => {
  it('are stripped from progress and show, and kept (escaped) in traces', async () => {
    const dir = await tempWorkspace();
    // Red text, a hyperlink and a window title on the last stderr line, which becomes the error message.
    const script = String.raw`process.stderr.write('\x1b[31mboom\x1b[0m \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ \x1b]0;title\x07done\n'); process.exit(1)`;
    await fs.writeFile(path.join(dir, 'paint.js'), script);
    await fs.writeFile(path.join(dir, 'e.dispatch.json'), JSON.stringify({ tasks: [{ task_id: 'paint', agent: 'shell', input_data: { argv: ['node', 'paint.js'] } }] }));
    const run = await runCli(['run', 'e.dispatch.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expectNoStackTrace(run);
    const failed = run.stderr.split('\n').find((line) => line.includes('paint error'));
    expect(failed).toContain('boom click done');
    expect(run.stderr).not.toMatch(ESCAPES);

    const index = JSON.parse(await fs.readFile(run.json.trace_index, 'utf8'));
    const trace = await fs.readFile(path.join(dir, 'traces', index.tasks[0].trace_file), 'utf8');
    expect(trace).toContain(String.raw`\u001b[31mboom`);
    expect(JSON.parse(trace).output.stderr).toContain('\x1b]8;;https://evil.example');

    for (const args of [['show'], ['show', '--task', 'paint'], ['show', path.join('traces', index.tasks[0].trace_file)]]) {
      const show = await runCli(args, { cwd: dir });
      expect(show.stdout + show.stderr, args.join(' ')).toContain('boom click done');
      expect(show.stdout + show.stderr, args.join(' ')).not.toMatch(ESCAPES);
    }
  });
});
