import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentError } from '../../errors/task-errors.js';
import { tempWorkspace } from '../../../test-support/temp-workspace.js';
import type { CoderFailedOutput } from './coder-output.js';
import { fence, runCoderTask } from '../../../test-support/coder-task.js';

/** Whether a process still runs; a zombie (dead, not yet reaped by a container's init) does not. */
async function isRunning(pid: number): Promise<boolean> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) {
    try {
      process.kill(pid, 0);
      return process.platform !== 'linux';
    } catch {
      return false;
    }
  }
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

const failedOutput = (error: unknown) => (error as AgentError).output as CoderFailedOutput;

describe('coder validation levels', () => {
  it('moderate: a Python syntax error fails the task and leaves the old file untouched', async () => {
    const workspace = await tempWorkspace();
    await fs.writeFile(path.join(workspace, 'node.py'), 'previous = True\n');
    const { error, model } = await runCoderTask({ contract_description: 'x', output_path: 'node.py' }, { workspace, replies: [fence('python', 'def broken(:\n    pass')] });
    expect(error).toBeInstanceOf(AgentError);
    expect((error as Error).message).toMatch(/^did not write .*node\.py: moderate validation failed \(python-syntax failed\); python-syntax: node\.py:1:\d+: SyntaxError/);
    const check = failedOutput(error).validation.checks.find((entry) => entry.name === 'python-syntax')!;
    expect(check.passed).toBe(false);
    expect(check.diagnostics).toMatch(/SyntaxError/);
    expect(check.diagnostics).toMatch(/rejected by Python 3/);
    expect(model!.requests).toHaveLength(1); // no repair below strict
    expect(await fs.readFile(path.join(workspace, 'node.py'), 'utf8')).toBe('previous = True\n');
    expect(await fs.readdir(workspace)).toEqual(['node.py']);
  });

  it('moderate: Python is reported as not checked when python3 is not on the task PATH', async () => {
    const workspace = await tempWorkspace();
    const { output, error } = await runCoderTask({ contract_description: 'x', output_path: 'node.py' }, { workspace, replies: [fence('python', 'def broken(:')], env: { PATH: '' } });
    expect(error).toBeUndefined();
    expect(output!.validation.checks[1]).toEqual({ name: 'python-syntax', passed: true, skipped: true, diagnostics: 'python3 not found; syntax not checked' });
    expect(output!.summary).toContain('moderate validation passed (python-syntax skipped)');
  });

  it('moderate: JSON must parse', async () => {
    const workspace = await tempWorkspace();
    const bad = await runCoderTask({ contract_description: 'x', output_path: 'config.json' }, { workspace, replies: [fence('json', '{\n  "a": 1,\n}')] });
    expect(failedOutput(bad.error).validation.checks[1]).toMatchObject({ name: 'json-syntax', passed: false, diagnostics: expect.stringMatching(/line 3, column 1/) });
    const good = await runCoderTask({ contract_description: 'x', output_path: 'config.json' }, { workspace, replies: [fence('json', '{ "a": 1 }')] });
    expect(good.output!.validation.checks[1]).toMatchObject({ name: 'json-syntax', passed: true });
    expect(JSON.parse(await fs.readFile(path.join(workspace, 'config.json'), 'utf8'))).toEqual({ a: 1 });
  });

  it('moderate: languages without a checker are written with the check reported as skipped', async () => {
    const workspace = await tempWorkspace();
    const { output } = await runCoderTask({ contract_description: 'x', output_path: 'main.go', language: 'Go' }, { workspace, replies: [fence('go', 'package main')] });
    expect(output!.language).toBe('go');
    expect(output!.validation.checks[1]).toMatchObject({ name: 'go-syntax', passed: true, skipped: true });
  });

  it('lenient: any extracted code is written, but a reply without code still fails', async () => {
    const workspace = await tempWorkspace();
    const written = await runCoderTask({ contract_description: 'x', output_path: 'a.ts', validation_level: 'lenient' }, { workspace, replies: [fence('ts', 'export function f( {')] });
    expect(written.output!.validation.checks).toEqual([{ name: 'code-extracted', passed: true, diagnostics: '1 line from a fenced block tagged "ts"' }]);
    expect(written.output!.summary).toContain('lenient validation passed (code-extracted)');
    const prose = await runCoderTask({ contract_description: 'x', output_path: 'b.ts', validation_level: 'lenient' }, { workspace, replies: ['I am not able to write that file for you.'] });
    expect(failedOutput(prose.error).validation.checks).toEqual([{ name: 'code-extracted', passed: false, diagnostics: expect.stringMatching(/no code/) }]);
    const noCode = await runCoderTask({ contract_description: 'x', output_path: 'c.ts' }, { workspace, replies: ['Sorry, I cannot do that.'] });
    expect(failedOutput(noCode.error).summary).toBe(`did not write ${path.join(workspace, 'c.ts')}: moderate validation failed (code-extracted failed, typescript-syntax not run)`);
  });

  it('strict: sends TypeScript diagnostics back and writes the repaired file', async () => {
    const workspace = await tempWorkspace();
    const broken = fence('typescript', 'export function greet(name: string {\n  return `hi ${name}`;\n}');
    const fixed = fence('typescript', 'export function greet(name: string): string {\n  return `hi ${name}`;\n}');
    const { output, error, model, recorder } = await runCoderTask({ contract_description: 'greets', node_type: 'Compute', output_path: 'src/greet.ts', validation_level: 'strict' }, { workspace, replies: [broken, fixed] });
    expect(error).toBeUndefined();
    expect(model!.requests).toHaveLength(2);
    const second = model!.requests[1]!.messages;
    expect(second.slice(0, 2)).toEqual(model!.requests[0]!.messages);
    expect(second[2]).toEqual({ role: 'assistant', content: broken });
    expect(second[3]!.role).toBe('user');
    expect(second[3]!.content).toContain('## typescript-syntax');
    expect(second[3]!.content).toContain("greet.ts(1,36): error TS1005: ',' expected.");
    expect(output!.validation).toMatchObject({ level: 'strict', passed: true, repair_rounds: 1 });
    expect(output!.summary).toContain('strict validation passed after 1 repair round (typescript-syntax)');
    expect(await fs.readFile(path.join(workspace, 'src/greet.ts'), 'utf8')).toContain('(name: string): string');
    expect(recorder.progressMessages).toContain('typescript-syntax failed; sending the diagnostics back');
    expect(recorder.progressMessages.some((message) => message.startsWith('repair round 1 of 2: asking'))).toBe(true);
  });

  it('strict: gives up after two repair rounds', async () => {
    const workspace = await tempWorkspace();
    const broken = fence('js', 'const x = ;');
    const { error, model } = await runCoderTask({ contract_description: 'x', output_path: 'a.js', validation_level: 'strict' }, { workspace, replies: [broken, broken, broken, broken] });
    expect(model!.requests).toHaveLength(3);
    expect(failedOutput(error).validation).toMatchObject({ passed: false, repair_rounds: 2 });
    expect((error as Error).message).toContain('strict validation failed after 2 repair rounds (javascript-syntax failed)');
  });

  it('refuses TypeScript-only syntax in a .js file', async () => {
    const workspace = await tempWorkspace();
    const { error } = await runCoderTask({ contract_description: 'x', output_path: 'a.mjs' }, { workspace, replies: [fence('js', 'export const n: number = 1;')] });
    expect(failedOutput(error).validation.checks[1]!.diagnostics).toContain('Type annotations can only be used in TypeScript files');
  });
});

describe('coder check_command', () => {
  it('runs on the candidate beside the output, {file} quoted, before the file is written', async () => {
    const workspace = await tempWorkspace();
    // The command sees the candidate, not a finished output file.
    const command = 'test ! -e "$PDISPATCH_OUTPUT_PATH" && printf %s {file} > seen.txt && grep -q greet {file}';
    const { output, error } = await runCoderTask(
      { contract_description: 'x', output_path: "it's here/greet.py", check_command: command, validation_level: 'lenient' },
      { workspace, replies: [fence('python', 'def greet():\n    return 1')] },
    );
    expect(error).toBeUndefined();
    const seen = await fs.readFile(path.join(workspace, 'seen.txt'), 'utf8');
    expect(path.dirname(seen)).toBe(path.join(workspace, "it's here"));
    expect(seen).toMatch(/greet\.pdispatch-[0-9a-f]{8}\.py$/);
    expect(output!.validation.checks.map((check) => [check.name, check.passed])).toEqual([
      ['code-extracted', true],
      ['check_command', true],
    ]);
    expect(await fs.readdir(path.join(workspace, "it's here"))).toEqual(['greet.py']);
  });

  it('fails the task at moderate when the command fails, with its output as diagnostics', async () => {
    const workspace = await tempWorkspace();
    const { error } = await runCoderTask(
      { contract_description: 'x', output_path: 'a.py', check_command: 'echo "lint: E501 line too long" >&2; exit 2' },
      { workspace, replies: [fence('python', 'x = 1')] },
    );
    expect(error).toBeInstanceOf(AgentError);
    const check = failedOutput(error).validation.checks[2]!;
    expect(check).toMatchObject({ name: 'check_command', passed: false });
    expect(check.diagnostics).toContain('exited with code 2');
    expect(check.diagnostics).toContain('--- stderr ---\nlint: E501 line too long');
    await expect(fs.access(path.join(workspace, 'a.py'))).rejects.toThrow();
  });

  it('is not run when the syntax check already failed', async () => {
    const workspace = await tempWorkspace();
    const { error } = await runCoderTask({ contract_description: 'x', output_path: 'a.json', check_command: 'touch ran' }, { workspace, replies: [fence('json', '{')] });
    expect(failedOutput(error).validation.checks[2]).toEqual({ name: 'check_command', passed: false, skipped: true, diagnostics: 'not run: an earlier check failed' });
    await expect(fs.access(path.join(workspace, 'ran'))).rejects.toThrow();
  });

  it('strict: a failing command goes back to the model like a syntax error', async () => {
    const workspace = await tempWorkspace();
    const { output, model } = await runCoderTask(
      { contract_description: 'x', output_path: 'a.py', validation_level: 'strict', check_command: 'grep -q "def main" {file} || { echo "main() is missing"; exit 1; }' },
      { workspace, replies: [fence('python', 'x = 1'), fence('python', 'def main():\n    return 1')] },
    );
    expect(output!.validation).toMatchObject({ passed: true, repair_rounds: 1 });
    expect(model!.requests[1]!.messages[3]!.content).toContain('## check_command');
    expect(model!.requests[1]!.messages[3]!.content).toContain('main() is missing');
  });

  it('is stopped, with everything it started, when the task is aborted', async () => {
    const workspace = await tempWorkspace();
    const controller = new AbortController();
    const started = Date.now();
    const running = runCoderTask(
      { contract_description: 'x', output_path: 'a.py', check_command: 'sleep 30 & echo $! > child.pid; wait' },
      { workspace, replies: [fence('python', 'x = 1')], signal: controller.signal },
    );
    const pidFile = path.join(workspace, 'child.pid');
    while ((await fs.readFile(pidFile, 'utf8').catch(() => '')).trim() === '') await new Promise((resolve) => setTimeout(resolve, 20));
    const child = Number((await fs.readFile(pidFile, 'utf8')).trim());
    controller.abort(new Error('cancelled by test'));
    const { error } = await running;
    expect((error as Error).message).toBe('cancelled by test');
    expect(Date.now() - started).toBeLessThan(10_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await isRunning(child)).toBe(false);
    expect((await fs.readdir(workspace)).sort()).toEqual(['child.pid']);
  });
});
