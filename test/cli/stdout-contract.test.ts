import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { expectNoStackTrace } from '../support/expect-no-stack-trace.js';
import { REPO, runCli, type CliResult } from '../support/run-cli.js';
import { writeDispatch } from '../support/write-dispatch.js';

/** stdout is one JSON document (JSON.parse refuses two) with this status. */
function expectOneDocument(result: CliResult, status: string): any {
  expect(result.json, `stdout: ${result.stdout}`).toBeDefined();
  expect(result.json.status).toBe(status);
  expectNoStackTrace(result);
  return result.json;
}

describe('run and validate print exactly one JSON document on stdout', () => {
  for (const command of ['run', 'validate']) {
    it(`${command}: a missing file`, async () => {
      const result = await runCli([command, 'missing.dispatch.json']);
      expect(result.code).toBe(2);
      const document = expectOneDocument(result, 'invalid');
      expect(document).toEqual({ success: false, status: 'invalid', errors: [{ path: 'command line', message: 'cannot read dispatch file "missing.dispatch.json": no such file' }] });
      expect(result.stderr).toContain('cannot read dispatch file "missing.dispatch.json"');
    });

    it(`${command}: an unknown flag, a bad --max-workers, a missing argument`, async () => {
      for (const args of [['--no-such-flag', 'x.json'], ['--max-workers', '0', 'x.json'], []]) {
        const result = await runCli([command, ...args]);
        expect(result.code, args.join(' ')).toBe(2);
        const document = expectOneDocument(result, 'invalid');
        expect(document.success).toBe(false);
        expect(document.errors[0].path).toBe('command line');
        expect(result.stderr).toContain(document.errors[0].message);
      }
    });

    it(`${command}: an invalid dispatch`, async () => {
      const dir = await tempWorkspace();
      const file = await writeDispatch(dir, { tasks: [{ task_id: 'a', agent: 'shel', input_data: { command: 'true' } }] });
      const result = await runCli([command, file]);
      expect(result.code).toBe(2);
      const document = expectOneDocument(result, 'invalid');
      expect(document.errors).toEqual([{ path: 'tasks[0].agent', message: expect.stringContaining('did you mean "shell"?'), paths: ['tasks[0].agent'] }]);
    });
  }

  it('validate: a valid file, with the human line on stderr', async () => {
    const dir = await tempWorkspace();
    const file = await writeDispatch(dir, { tasks: [{ task_id: 'a', agent: 'shell', input_data: { command: 'true' } }, { task_id: 'b', agent: 'shell', input_data: { command: 'true' }, dependencies: ['a'] }] });
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(0);
    expect(expectOneDocument(result, 'valid')).toMatchObject({ success: true, task_count: 2, ready_at_start: ['a'], agents: ['shell'] });
    expect(result.stderr).toContain('is valid: 2 task(s), 1 ready at start, agents: shell');
  });

  it('run: a failing task', async () => {
    const dir = await tempWorkspace();
    const file = await writeDispatch(dir, { tasks: [{ task_id: 'a', agent: 'shell', input_data: { command: 'exit 3' } }] });
    const result = await runCli(['run', file, '-q']);
    expect(result.code).toBe(1);
    expect(expectOneDocument(result, 'failure')).toMatchObject({ success: false, dry_run: false, tasks: [{ task_id: 'a', status: 'error' }] });
  });

  it('run: an exit at once before the dispatch ends (as on a second Ctrl-C) still leaves one document', async () => {
    const dir = await tempWorkspace();
    const file = await writeDispatch(dir, { tasks: [{ task_id: 'slow', agent: 'shell', input_data: { command: 'sleep 3' } }] });
    // What the second Ctrl-C does: process.exit while tasks still run.
    const program = pathToFileURL(path.join(REPO, 'packages/cli/dist/program.js')).href;
    const script = `import { main } from ${JSON.stringify(program)}; setTimeout(() => process.exit(130), 500); await main(['run', ${JSON.stringify(file)}, '-q'], '0');`;
    const result = await new Promise<CliResult>((resolve) => {
      execFile(process.execPath, ['--input-type=module', '-e', script], (error, stdout, stderr) => {
        let json: unknown;
        try {
          json = JSON.parse(stdout);
        } catch {
          json = undefined;
        }
        resolve({ code: error === null ? 0 : ((error as { code?: number }).code ?? null), stdout, stderr, json });
      });
    });
    expect(result.code).toBe(130);
    expect(expectOneDocument(result, 'cancelled')).toEqual({ success: false, status: 'cancelled', errors: [{ path: '', message: 'pdispatch exited with code 130 before the dispatch ended' }] });
  });

  it('--help and --version print their text and no JSON', async () => {
    for (const args of [['--help'], ['--version'], ['run', '--help'], ['validate', '--help']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).not.toBe('');
      expect(result.json).toBeUndefined();
    }
  });
});

describe('plan and ask print one JSON document when they promise one (plan -o, ask --json), else nothing but their product', () => {
  const noModel = { PDISPATCH_MODEL: '', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' };
  for (const args of [['plan', 'x', '-o', 'x.yaml', '--no-such-flag'], ['plan', 'x', '--output=x.yaml', '--max-tasks', '0'], ['ask', 'x', '--json', '--no-such-flag'], ['ask', '--json']]) {
    it(`${args.join(' ')}: exit 2 and one document`, async () => {
      const result = await runCli(args, { cwd: await tempWorkspace(), env: noModel });
      expect(result.code).toBe(2);
      expect(expectOneDocument(result, 'invalid').errors[0].path).toBe('command line');
    });
  }

  for (const args of [['plan', 'x', '--no-such-flag'], ['ask', 'x', '--yes'], ['ask', 'x', '--max-workers', '0']]) {
    it(`${args.join(' ')}: exit 2, the message on stderr and nothing on stdout`, async () => {
      const result = await runCli(args, { cwd: await tempWorkspace(), env: noModel });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toBe('');
      expectNoStackTrace(result);
    });
  }
});
