import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { builtInAgents, prepareDispatch, readTaskTrace, runDispatch } from '@parallel-dispatcher/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentChoices, type AgentChoice } from './agent-choices.js';
import { commandLine, selectedFilesDispatch, uniqueTaskIds } from './selected-files-dispatch.js';

let workspace: string;
beforeEach(async () => {
  workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'pd-selected-'));
  await fs.mkdir(path.join(workspace, 'src'));
  await fs.writeFile(path.join(workspace, 'src', 'alpha.txt'), 'one two three\n');
  await fs.writeFile(path.join(workspace, 'src', "it's b.txt"), 'four five\n');
});
afterEach(async () => {
  await fs.rm(workspace, { recursive: true, force: true });
});

const choices = agentChoices([
  { name: 'word-count', definition: { kind: 'command', description: 'Counts words', command: 'wc -w < "$PDISPATCH_FILE"' }, definedIn: 'agents.dispatch.yaml' },
  { name: 'reviewer', definition: { kind: 'prompt', instructions: 'Review the file' }, definedIn: 'agents.dispatch.yaml' },
  { name: 'debug', definition: { kind: 'command', command: 'false' }, definedIn: 'shadow.dispatch.yaml' },
  { name: 'broken', definition: { kind: 'nonsense' }, definedIn: 'x.dispatch.json' },
]);
const choice = (name: string) => choices.find((agent) => agent.name === name) as AgentChoice;
const prepare = (file: Record<string, unknown>) =>
  prepareDispatch({ value: file, cwd: workspace, agents: builtInAgents(), overrides: { workspace }, hostSuppliesModel: true });

describe('agentChoices', () => {
  it('offers the built-in agents, then the workspace ones, skipping shadows and malformed definitions', () => {
    expect(choices.map((agent) => [agent.name, agent.kind])).toEqual([
      ['debug', 'debug'],
      ['coder', 'coder'],
      ['shell', 'shell'],
      ['word-count', 'command'],
      ['reviewer', 'prompt'],
    ]);
    expect(choice('word-count')).toMatchObject({ description: 'Counts words', definedIn: 'agents.dispatch.yaml', instructionsRequired: false });
  });
});

describe('selectedFilesDispatch', () => {
  it('makes one independent task per file that a custom command agent runs in parallel', async () => {
    const { file, taskIds } = selectedFilesDispatch({ files: ['src/alpha.txt', "src/it's b.txt"], agent: choice('word-count'), instructions: 'count', maxWorkers: 4 });
    expect(taskIds).toEqual(['word-count.src-alpha.txt', 'word-count.src-it-s-b.txt']);
    expect(file.config).toEqual({ trace_dir: './traces', max_workers: 4, agents: { 'word-count': choice('word-count').definition } });
    const prepared = prepare(file);
    expect([...prepared.tasks.values()].every((task) => task.dependencies.length === 0)).toBe(true);
    const result = await runDispatch(prepared, { env: { PATH: process.env.PATH } });
    expect(result.status).toBe('success');
    const outputs = await Promise.all(result.index.tasks.map(async (task) => (await readTaskTrace(prepared.traceDir, task.trace_file)).output as { json: unknown }));
    expect(outputs.map((output) => output.json)).toEqual([3, 2]);
    expect(result.index.user_prompt).toBe('word-count: count');
  });

  it('gives debug, coder and prompt agents inputs their schemas accept', () => {
    const files = ['src/alpha.txt'];
    const debug = prepare(selectedFilesDispatch({ files, agent: choice('debug'), instructions: 'crashes on empty input' }).file);
    expect(debug.tasks.get('debug.src-alpha.txt')!.input).toMatchObject({ problem_description: 'crashes on empty input', affected_files: ['src/alpha.txt'] });
    const coder = prepare(selectedFilesDispatch({ files, agent: choice('coder'), instructions: 'uppercase every word' }).file);
    expect(coder.tasks.get('coder.src-alpha.txt')!.input).toMatchObject({ output_path: 'src/alpha.txt', context_files: ['src/alpha.txt'] });
    const prompt = selectedFilesDispatch({ files, agent: choice('reviewer'), instructions: 'be brief', contents: new Map([['src/alpha.txt', 'one two three\n']]) });
    expect(prepare(prompt.file).tasks.get('reviewer.src-alpha.txt')!.input).toEqual({ file: 'src/alpha.txt', instructions: 'be brief', content: 'one two three\n' });
  });

  it('runs a shell command per file with the path quoted', async () => {
    const { file } = selectedFilesDispatch({ files: ["src/it's b.txt"], agent: choice('shell'), instructions: 'wc -w < {file}' });
    const result = await runDispatch(prepare(file), { env: { PATH: process.env.PATH } });
    expect(result.status).toBe('success');
    expect(commandLine('cat', 'a b')).toBe("cat 'a b'");
    expect(commandLine('cat {file} {file}', 'x.txt')).toBe('cat x.txt x.txt');
  });

  it('keeps a file name that is shell code a name, wherever {file} stands', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pd-shell-name-'));
    const name = 'x$(touch PWNED)`touch PWNED2`.txt';
    for (const template of ['printf %s {file}', 'printf %s "{file}"', "printf %s '{file}'", 'printf %s `printf %s {file}`', 'cat <<EOF\n{file}\nEOF']) {
      const printed = execFileSync('/bin/sh', ['-c', commandLine(template, name)], { cwd: dir, env: { PATH: process.env.PATH, PDISPATCH_FILE: name }, encoding: 'utf8' });
      // In backquotes the name arrives as $PDISPATCH_FILE unquoted: split at spaces, never run.
      expect(template.includes('`') ? printed.replaceAll(' ', '') : printed.trim(), template).toBe(template.includes('`') ? name.replaceAll(' ', '') : name);
    }
    expect(await fs.readdir(dir)).toEqual([]);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('names tasks after their files, uniquely', () => {
    expect(uniqueTaskIds('debug', ['a/b c.ts', 'a/b-c.ts', '.hidden'])).toEqual(['debug.a-b-c.ts', 'debug.a-b-c.ts-2', 'debug.hidden']);
    expect(() => selectedFilesDispatch({ files: [], agent: choice('debug'), instructions: 'x' })).toThrow(/no files selected/);
  });
});
