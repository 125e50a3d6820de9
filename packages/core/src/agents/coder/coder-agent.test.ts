import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentError } from '../../errors/task-errors.js';
import { PathPolicy } from '../../paths/path-policy.js';
import { tempWorkspace } from '../../../test-support/temp-workspace.js';
import { coderAgent } from './coder-agent.js';
import { coderInputSchema, coderRunsCommand } from './coder-input.js';
import type { CoderFailedOutput } from './coder-output.js';
import { fence, runCoderTask } from '../../../test-support/coder-task.js';
import { ScriptedModel } from '../../../test-support/scripted-model.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('coder agent', () => {
  it('writes the code from the reply and says what it wrote and how it was checked', async () => {
    const workspace = await tempWorkspace();
    const code = 'def write_user(db, user):\n    db.insert("users", user)';
    const { output, error, recorder } = await runCoderTask(
      { contract_description: 'Writes users', node_type: 'Effect', output_path: 'nodes/node_user_writer_effect.py' },
      { workspace, replies: [fence('python', code)] },
    );
    expect(error).toBeUndefined();
    const file = path.join(workspace, 'nodes/node_user_writer_effect.py');
    expect(await fs.readFile(file, 'utf8')).toBe(`${code}\n`);
    expect(output).toMatchObject({ output_path: file, language: 'python', lines: 2, bytes: code.length + 1, sha256: sha256(`${code}\n`), replaced: false });
    expect(output!.validation).toMatchObject({ level: 'moderate', passed: true, repair_rounds: 0 });
    expect(output!.validation.checks.map((check) => [check.name, check.passed])).toEqual([
      ['code-extracted', true],
      ['python-syntax', true],
    ]);
    expect(output!.summary).toBe(`wrote 2 lines of python to ${file}; moderate validation passed (python-syntax)`);
    expect(recorder.files).toEqual([{ path: file, action: 'written', sha256: sha256(`${code}\n`), bytes: code.length + 1 }]);
    expect(recorder.progressMessages).toEqual(expect.arrayContaining([expect.stringMatching(/^asking scripted:test/), 'validating (moderate)', `writing ${file}`]));
    expect(await fs.readdir(path.dirname(file))).toEqual(['node_user_writer_effect.py']);
  });

  it('puts the contract, node type meaning, context files and dependency outputs in the prompt', async () => {
    const workspace = await tempWorkspace();
    await fs.mkdir(path.join(workspace, 'auth'));
    const authenticator = 'def authenticate(token):\n    return verify(token)  # races on refresh\n';
    await fs.writeFile(path.join(workspace, 'auth/authenticator.py'), authenticator);
    await fs.writeFile(path.join(workspace, 'big.txt'), 'x'.repeat(70 * 1024));
    const findings = { root_cause: 'token refresh is not locked', suggested_fix: 'serialise refreshes with a lock' };
    const { error, model, recorder } = await runCoderTask(
      {
        contract_description: 'Authentication with race-free token refresh',
        node_type: 'Reducer',
        output_path: 'auth/authenticator_v2.py',
        context_files: ['auth/authenticator.py', path.join(workspace, 'big.txt')],
      },
      { workspace, replies: [fence('python', 'pass')], dependencies: { 'debug-auth-failure': findings } },
    );
    expect(error).toBeUndefined();
    const [system, user] = model!.requests[0]!.messages;
    expect(system!.content).toMatch(/exactly one fenced code block/);
    const prompt = user!.content;
    expect(prompt).toContain('Authentication with race-free token refresh');
    expect(prompt).toContain('# Node type: Reducer');
    expect(prompt).toContain('aggregates state');
    expect(prompt).toContain('`auth/authenticator_v2.py` (language: python)');
    expect(prompt).toContain(`## \`auth/authenticator.py\` (${authenticator.length} bytes)\n\`\`\`python\n${authenticator}\`\`\``);
    expect(prompt).toContain('[truncated: only the first 65536 of 71680 bytes are shown]');
    expect(prompt).toContain('## Task `debug-auth-failure`');
    expect(prompt).toContain('"root_cause": "token refresh is not locked"');
    expect(prompt).toContain('"suggested_fix": "serialise refreshes with a lock"');
    expect(prompt).toMatch(/Reply with exactly one fenced code block \(```python\) holding the whole of `authenticator_v2.py`/);
    expect(recorder.files.slice(0, 2)).toEqual([
      { path: path.join(workspace, 'auth/authenticator.py'), action: 'read', sha256: sha256(authenticator), bytes: authenticator.length },
      { path: path.join(workspace, 'big.txt'), action: 'read', sha256: sha256('x'.repeat(70 * 1024)), bytes: 70 * 1024 },
    ]);
  });

  it('fails before asking the model when a context file is missing, naming every missing one', async () => {
    const workspace = await tempWorkspace();
    const { error, model, recorder } = await runCoderTask(
      { contract_description: 'x', output_path: 'out.py', context_files: ['auth/gone.py', 'also-gone.py'] },
      { workspace, replies: [fence('python', 'pass')] },
    );
    expect(error).toBeInstanceOf(AgentError);
    expect((error as Error).message).toMatch(/context_files\[0\] "auth\/gone.py" was not found .*context_files\[1\] "also-gone.py" was not found/);
    expect(model!.requests).toHaveLength(0);
    expect(recorder.files).toEqual([
      { path: path.join(workspace, 'auth/gone.py'), action: 'not_found' },
      { path: path.join(workspace, 'also-gone.py'), action: 'not_found' },
    ]);
    await expect(fs.access(path.join(workspace, 'out.py'))).rejects.toThrow();
  });

  it('refuses to replace an existing file when overwrite is false, without asking the model', async () => {
    const workspace = await tempWorkspace();
    await fs.writeFile(path.join(workspace, 'keep.ts'), 'export const kept = 1;\n');
    const { error, model } = await runCoderTask({ contract_description: 'x', output_path: 'keep.ts', overwrite: false }, { workspace, replies: [fence('ts', 'export {};')] });
    expect(error).toBeInstanceOf(AgentError);
    expect((error as Error).message).toBe(`output_path "${path.join(workspace, 'keep.ts')}" exists and overwrite is false`);
    expect(model!.requests).toHaveLength(0);
    expect(await fs.readFile(path.join(workspace, 'keep.ts'), 'utf8')).toBe('export const kept = 1;\n');
  });

  it('records the previous hash and a unified diff when it replaces a file, keeping its mode', async () => {
    const workspace = await tempWorkspace();
    const file = path.join(workspace, 'tool.js');
    const before = '#!/usr/bin/env node\nconsole.log("old");\n';
    await fs.writeFile(file, before, { mode: 0o755 });
    const { output, error, recorder } = await runCoderTask({ contract_description: 'x', output_path: 'tool.js' }, { workspace, replies: [fence('js', '#!/usr/bin/env node\nconsole.log("new");')] });
    expect(error).toBeUndefined();
    expect(output).toMatchObject({ replaced: true, language: 'javascript' });
    expect(output!.summary).toContain('(replacing the previous file)');
    const written = recorder.files.find((record) => record.action === 'written')!;
    expect(written.previous_sha256).toBe(sha256(before));
    expect(written.diff).toContain('-console.log("old");\n+console.log("new");');
    expect(written.diff).toContain(`--- ${file}\tprevious`);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o755);
  });

  it('fails with a clear message when there is no model', async () => {
    const workspace = await tempWorkspace();
    const { error } = await runCoderTask({ contract_description: 'x', output_path: 'a.py' }, { workspace, model: null });
    expect(error).toBeInstanceOf(AgentError);
    expect((error as Error).message).toMatch(/needs a model/);
  });

  it('refuses output and context paths outside the workspace, symlinks resolved', async () => {
    const workspace = await tempWorkspace();
    const outside = await tempWorkspace('pdispatch-outside-');
    await fs.symlink(outside, path.join(workspace, 'escape'));
    const paths = new PathPolicy(workspace);
    const input = coderInputSchema.parse({
      contract_description: 'x',
      output_path: 'escape/evil.py',
      context_files: ['inside.py', path.join(outside, 'secret.py'), 'escape/secret.py'],
    });
    const issues = coderAgent.checkInput!(input, { workspace, paths, hasDependencies: false });
    expect(issues.map((issue) => issue.path)).toEqual(['output_path', 'context_files[1]', 'context_files[2]']);
    expect(issues[0]!.message).toMatch(/^output_path "escape\/evil.py" is outside the allowed roots/);
    expect(coderAgent.checkInput!(coderInputSchema.parse({ contract_description: 'x', output_path: path.join(outside, 'a.py') }), { workspace, paths, hasDependencies: false })).toHaveLength(1);

    // The run checks again, since links can appear after validation.
    const { error, model } = await runCoderTask({ contract_description: 'x', output_path: 'escape/evil.py' }, { workspace, replies: [fence('python', 'pass')] });
    expect((error as Error).message).toMatch(/outside the allowed roots/);
    expect(model!.requests).toHaveLength(0);
    expect(await fs.readdir(outside)).toEqual([]);
  });

  it('parses its input with the documented defaults and refuses unknown fields', () => {
    expect(coderInputSchema.parse({ contract_description: 'c', output_path: 'a.py' })).toEqual({
      contract_description: 'c',
      node_type: 'Effect',
      output_path: 'a.py',
      context_files: [],
      validation_level: 'moderate',
      overwrite: true,
    });
    expect(coderInputSchema.safeParse({ contract_description: 'c', output_path: 'a.py', outputpath: 'b' }).success).toBe(false);
    expect(coderInputSchema.safeParse({ contract_description: 'c', output_path: 'a.py', node_type: 'effect' }).success).toBe(false);
    expect(coderRunsCommand(coderInputSchema.parse({ contract_description: 'c', output_path: 'a.py', check_command: 'true' }))).toBe(true);
    expect(coderRunsCommand(coderInputSchema.parse({ contract_description: 'c', output_path: 'a.py' }))).toBe(false);
  });

  it('leaves nothing behind when validation fails, not even the directories it made', async () => {
    const workspace = await tempWorkspace();
    const { error } = await runCoderTask({ contract_description: 'x', output_path: 'new/deep/out.json' }, { workspace, replies: [fence('json', '{ "a": 1, }')] });
    expect(error).toBeInstanceOf(AgentError);
    const output = (error as AgentError).output as CoderFailedOutput;
    expect(output).toMatchObject({ written: false, language: 'json', validation: { passed: false } });
    expect(await fs.readdir(workspace)).toEqual([]);
  });

  it('writes through a symlink inside the workspace to the file it points to', async () => {
    const workspace = await tempWorkspace();
    await fs.writeFile(path.join(workspace, 'real.py'), 'old = 1\n');
    await fs.symlink('real.py', path.join(workspace, 'alias.py'));
    const { output, error } = await runCoderTask({ contract_description: 'x', output_path: 'alias.py' }, { workspace, replies: [fence('python', 'new = 2')] });
    expect(error).toBeUndefined();
    expect(output!.output_path).toBe(path.join(workspace, 'real.py'));
    expect(await fs.readFile(path.join(workspace, 'real.py'), 'utf8')).toBe('new = 2\n');
    expect((await fs.lstat(path.join(workspace, 'alias.py'))).isSymbolicLink()).toBe(true);
  });
});

describe('ScriptedModel', () => {
  it('fails loudly when a test runs out of replies', async () => {
    await expect(new ScriptedModel([]).generateText({ messages: [], signal: new AbortController().signal })).rejects.toThrow(/no reply left/);
  });
});
