import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInAgents } from '../agents/built-in-agents.js';
import { DispatchValidationError, formatIssue } from '../errors/validation-error.js';
import { prepareDispatch, type PrepareOptions } from './prepare-dispatch.js';

const shellTask = (id: string, extra: object = {}) => ({ task_id: id, agent: 'shell', input_data: { command: 'true' }, ...extra });

function prepare(dispatch: unknown, options: Partial<PrepareOptions> = {}) {
  const text = typeof dispatch === 'string' ? dispatch : JSON.stringify(dispatch);
  return prepareDispatch({ text, sourcePath: '/work/project/tasks.dispatch.json', cwd: '/elsewhere', agents: builtInAgents(), ...options });
}

function problems(dispatch: unknown, options: Partial<PrepareOptions> = {}): string[] {
  try {
    prepare(dispatch, options);
  } catch (error) {
    if (error instanceof DispatchValidationError) return error.issues.map(formatIssue);
    throw error;
  }
  throw new Error('expected the dispatch to be invalid');
}

describe('prepareDispatch', () => {
  it('applies the documented defaults and resolves paths against the file\'s directory', () => {
    const prepared = prepare({ tasks: [shellTask('a')] });
    expect(prepared.config).toMatchObject({ max_workers: 5, timeout_seconds: 300, trace_dir: './traces', retries: 0, fail_fast: false });
    expect(prepared.workspace).toBe('/work/project');
    expect(prepared.traceDir).toBe('/work/project/traces');
  });

  it('takes workspace_path relative to the file, and the current directory for stdin', () => {
    expect(prepare({ tasks: [shellTask('a')], workspace_path: '../repo' }).workspace).toBe('/work/repo');
    expect(prepare({ tasks: [shellTask('a')] }, { sourcePath: undefined }).workspace).toBe('/elsewhere');
  });

  it('lets command-line overrides win over the file', () => {
    const prepared = prepare({ tasks: [shellTask('a')], config: { max_workers: 2, trace_dir: 'x' } }, { overrides: { maxWorkers: 9, timeoutSeconds: 1, traceDir: '/tmp/t' } });
    expect(prepared.config).toMatchObject({ max_workers: 9, timeout_seconds: 1, trace_dir: '/tmp/t' });
    expect(prepared.traceDir).toBe('/tmp/t');
  });

  it('accepts depends_on as an alias and names it in messages', () => {
    const prepared = prepare({ tasks: [shellTask('a'), shellTask('b', { depends_on: ['a'] })] });
    expect(prepared.graph.dependencies.get('b')).toEqual(['a']);
    expect(problems({ tasks: [shellTask('a', { depends_on: ['ghost'] })] })).toEqual(['tasks[0].depends_on[0]: unknown task "ghost"']);
    expect(problems({ tasks: [shellTask('a', { depends_on: [], dependencies: [] })] })).toEqual(['tasks[0].depends_on: give "dependencies" or its alias "depends_on", not both']);
  });

  it('reports schema problems with their JSON paths, all at once, in file order', () => {
    expect(
      problems({
        tasks: [{ task_id: 'bad id!', agent: 'shell', input_data: { command: 'true' } }, { agent: 'shell' }, shellTask('c', { dependancies: ['a'] })],
        config: { max_workers: 'many' },
        extra: 1,
      }),
    ).toEqual([
      'unknown field "extra"',
      'config.max_workers: Invalid input: expected number, received string',
      'tasks[0].task_id: a task id starts with a letter or digit and holds only letters, digits, ".", "_" and "-"',
      'tasks[1].task_id: required (string)',
      'tasks[1].input_data: a shell task needs exactly one of "command" or "argv"',
      'tasks[2]: unknown field "dependancies"',
    ].filter((line) => !line.startsWith('tasks[1].input_data')));
  });

  it('reports a syntax error with its place', () => {
    expect(problems('{ "tasks": [ }')[0]).toMatch(/^not valid JSON: .*line 1/);
    expect(problems('tasks:\n  - task_id: a\n   agent: shell', { sourcePath: 'x.yaml' })[0]).toMatch(/^not valid YAML at line \d+, column \d+/);
    expect(problems('', { sourcePath: 'x.yaml' })).toEqual(['the dispatch file is empty']);
    expect(problems({ tasks: [] })).toEqual(['tasks: a dispatch needs at least one task']);
  });

  it('runs command agents defined in the file and refuses names of built-ins', () => {
    const prepared = prepare({ tasks: [{ task_id: 'a', agent: 'count' }], config: { agents: { count: { kind: 'command', argv: ['wc', '-l'] } } } });
    expect(prepared.tasks.get('a')!.agent.name).toBe('count');
    expect(problems({ tasks: [shellTask('a')], config: { agents: { shell: { kind: 'command', command: 'true' } } } })).toEqual([
      'config.agents.shell: "shell" is a built-in agent; give the custom agent another name',
    ]);
    expect(problems({ tasks: [shellTask('a')], config: { agents: { both: { kind: 'command', command: 'true', argv: ['true'] } } } })).toEqual([
      'config.agents.both: a command agent needs exactly one of "command" or "argv"',
    ]);
  });

  it('refuses agents that run commands where the host does not allow them', () => {
    expect(problems({ tasks: [shellTask('a')] }, { allowCommands: false, commandsRefusedHint: 'set allow-shell: true' })).toEqual([
      'tasks[0].agent: agent "shell" runs commands, which are not allowed here (set allow-shell: true)',
    ]);
  });

  it('keeps working directories inside the allowed roots', () => {
    expect(problems({ tasks: [shellTask('a', { input_data: { command: 'true', cwd: '/etc' } })] })[0]).toMatch(/^tasks\[0\]\.input_data\.cwd: cwd "\/etc" is outside the allowed roots/);
    const prepared = prepare({ tasks: [shellTask('a', { input_data: { command: 'true', cwd: '/etc' } })] }, { overrides: { allowPaths: ['/etc'] } });
    expect(prepared.paths.roots).toContain(path.resolve('/etc'));
  });
});

describe('prepareDispatch for untrusted files', () => {
  it('refuses model endpoints and key variables chosen by the file', () => {
    const dispatch = {
      tasks: [{ task_id: 'a', agent: 'debug', input_data: { problem_description: 'x' }, model: { provider: 'openai-compatible', model: 'm', base_url: 'https://evil.example/v1', api_key_env: 'GITHUB_TOKEN' } }],
      config: { model: { provider: 'anthropic', model: 'claude', api_key_env: 'AWS_SECRET_ACCESS_KEY' } },
    };
    const found = problems(dispatch, { fileIsUntrusted: true, env: { ANTHROPIC_API_KEY: 'k' } });
    expect(found.map((line) => line.split(':')[0])).toEqual(['config.model.api_key_env', 'tasks[0].model.base_url', 'tasks[0].model.api_key_env']);
    expect(found[0]).toContain('may not choose where model calls and their keys go');
  });
});
