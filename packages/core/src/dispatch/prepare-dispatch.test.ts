import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInAgents } from '../agents/built-in-agents.js';
import { DispatchValidationError, formatIssue } from '../errors/validation-error.js';
import { prepareDispatch, type PrepareOptions } from './prepare-dispatch.js';

const shellTask = (id: string, extra: object = {}) => ({ task_id: id, agent: 'shell', input_data: { command: 'true' }, ...extra });

// A real tree: <root>/project holds the file, <root>/repo a second workspace, <root>/elsewhere is the current directory.
const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pdispatch-prepare-')));
for (const dir of ['project', 'repo', 'elsewhere']) fs.mkdirSync(path.join(root, dir));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const project = path.join(root, 'project');
const elsewhere = path.join(root, 'elsewhere');

function prepare(dispatch: unknown, options: Partial<PrepareOptions> = {}) {
  const text = typeof dispatch === 'string' ? dispatch : JSON.stringify(dispatch);
  return prepareDispatch({ text, sourcePath: path.join(project, 'tasks.dispatch.json'), cwd: elsewhere, agents: builtInAgents(), ...options });
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
    expect(prepared.workspace).toBe(project);
    expect(prepared.traceDir).toBe(path.join(project, 'traces'));
  });

  it('takes workspace_path relative to the file, and the current directory for stdin', () => {
    expect(prepare({ tasks: [shellTask('a')], workspace_path: '../repo' }).workspace).toBe(path.join(root, 'repo'));
    expect(prepare({ tasks: [shellTask('a')] }, { sourcePath: undefined }).workspace).toBe(elsewhere);
  });

  it('lets command-line overrides win over the file, their relative paths taken from the current directory', () => {
    const prepared = prepare({ tasks: [shellTask('a')], config: { max_workers: 2, trace_dir: 'x' } }, { overrides: { maxWorkers: 9, timeoutSeconds: 1, traceDir: '/tmp/t' } });
    expect(prepared.config).toMatchObject({ max_workers: 9, timeout_seconds: 1, trace_dir: '/tmp/t' });
    expect(prepared.traceDir).toBe('/tmp/t');
    const relative = prepare({ tasks: [shellTask('a')] }, { overrides: { traceDir: 'out', workspace: '../repo', allowPaths: ['../project'] } });
    expect(relative.traceDir).toBe(path.join(elsewhere, 'out'));
    expect(relative.workspace).toBe(path.join(root, 'repo'));
    expect(relative.paths.roots).toContain(project);
  });

  it('holds overrides to the rules of the file, naming the flag', () => {
    const names = { maxWorkers: '--max-workers', traceDir: '--trace-dir', timeoutSeconds: '--timeout' };
    expect(problems({ tasks: [shellTask('a')] }, { overrides: { maxWorkers: 1e9, traceDir: '', timeoutSeconds: -1 }, overrideNames: names })).toEqual([
      '--max-workers: max_workers must be a whole number ≤ 1024 (got 1000000000)',
      '--timeout: timeout_seconds must be a number > 0 (got -1)',
      '--trace-dir: trace_dir must not be empty',
    ]);
    // Node's timers overflow past 2^31 - 1 ms and would fire at once.
    expect(problems({ tasks: [shellTask('a', { timeout_seconds: 1e308 })] })).toEqual(['tasks[0].timeout_seconds: timeout_seconds must be a number ≤ 2147483 (got 1e+308)']);
  });

  it('refuses a workspace that does not exist or is a file, and creates nothing', () => {
    const missing = path.join(root, 'missing');
    expect(problems({ tasks: [shellTask('a')] }, { overrides: { workspace: missing }, overrideNames: { workspace: '--workspace' } })).toEqual([
      `--workspace: the workspace "${missing}" does not exist`,
    ]);
    expect(fs.existsSync(missing)).toBe(false);
    fs.writeFileSync(path.join(root, 'a-file'), '');
    expect(problems({ tasks: [shellTask('a')], workspace_path: '../a-file' })).toEqual([`workspace_path: the workspace "${path.join(root, 'a-file')}" is not a directory`]);
  });

  it('refuses a trace_dir outside the workspace unless allowed, but not a folder named ..foo inside it', () => {
    expect(problems({ tasks: [shellTask('a')], config: { trace_dir: '../elsewhere/traces' } })[0]).toMatch(
      /^config\.trace_dir: the trace directory "\.\.\/elsewhere\/traces" is outside the allowed roots .*--trace-dir$/,
    );
    expect(prepare({ tasks: [shellTask('a')], config: { trace_dir: '../elsewhere/traces', allowed_paths: ['../elsewhere'] } }).traceDir).toBe(path.join(elsewhere, 'traces'));
    expect(prepare({ tasks: [shellTask('a')], config: { trace_dir: '..traces' } }).traceDir).toBe(path.join(project, '..traces'));
  });

  it('refuses paths no file system takes: NUL bytes and names too long', () => {
    const long = 'x'.repeat(10_000);
    expect(problems({ tasks: [shellTask('a', { input_data: { command: 'true', cwd: 'a\u0000b' } })], config: { trace_dir: long } })).toEqual([
      `config.trace_dir: the trace directory "${'x'.repeat(200)}…" is too long (${project.length + 10_001} bytes; at most 4095)`,
      'tasks[0].input_data.cwd: the working directory "a\\u0000b" contains a NUL byte',
    ]);
    expect(problems({ tasks: [shellTask('a')], workspace_path: 'a\u0000' })[0]).toMatch(/^workspace_path: the workspace ".*" contains a NUL byte$/);
  });

  it('refuses a cwd that does not exist or is not a directory, naming the task and the folder', () => {
    fs.writeFileSync(path.join(project, 'notes.txt'), '');
    expect(problems({ tasks: [shellTask('build', { input_data: { command: 'true', cwd: 'sub/missing' } }), shellTask('b', { input_data: { command: 'true', cwd: 'notes.txt' } })] })).toEqual([
      `tasks[0].input_data.cwd: the working directory "sub/missing" does not exist (${path.join(project, 'sub/missing')})`,
      'tasks[1].input_data.cwd: the working directory "notes.txt" is not a directory',
    ]);
    // A dependency may create the folder first.
    expect(prepare({ tasks: [shellTask('mkdir'), shellTask('build', { dependencies: ['mkdir'], input_data: { command: 'true', cwd: 'sub/missing' } })] }).tasks.size).toBe(2);
  });

  it('leaves trace files and dispatch files out of the changed files', () => {
    const dispatch = { tasks: [{ task_id: 'review', agent: 'shell', for_each: { files: 'changed' }, input_data: { argv: ['cat', '{{file}}'] } }] };
    const prepared = prepare(dispatch, { changedFiles: ['src/a.ts', 'traces/index.json', path.join(project, 'traces/x/t.json'), 'tasks.dispatch.json', 'other.dispatch.yaml', 'README.md'] });
    expect([...prepared.tasks.values()].map((task) => task.file)).toEqual(['README.md', 'src/a.ts']);
  });

  it('reports one problem once, naming every place', () => {
    const dispatch = { tasks: ['a', 'b', 'c'].map((id) => ({ task_id: id, agent: 'debug', input_data: { problem_description: 'x' } })) };
    const found = problems(dispatch, { env: {} });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^tasks\[0\], tasks\[1\], tasks\[2\]: /);
  });

  it('needs no model for a dry run', () => {
    const dispatch = { tasks: [{ task_id: 'a', agent: 'debug', input_data: { problem_description: 'x' } }] };
    expect(prepare(dispatch, { env: {}, dryRun: true }).tasks.get('a')!.model).toBeUndefined();
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
      'config.max_workers: max_workers must be a number (got "many")',
      'tasks[0].task_id: a task id starts with a letter or digit and holds only letters, digits, ".", "_" and "-"',
      'tasks[1].task_id: required (string)',
      'tasks[1].input_data: a shell task needs exactly one of "command" or "argv"',
      'tasks[2]: unknown field "dependancies" (did you mean "dependencies"?)',
    ]);
  });

  it('reports a syntax error with its place', () => {
    expect(problems('{ "tasks": [ }')).toEqual(['not valid JSON at line 1, column 14: unexpected "}" where a value should be']);
    expect(problems('{ "tasks": [1,\n  ] }')).toEqual(['not valid JSON at line 2, column 3: unexpected "]" after a comma (JSON allows no trailing comma)']);
    expect(problems('tasks:\n  - task_id: a\n   agent: shell', { sourcePath: 'x.yaml' })[0]).toMatch(/^not valid YAML at line \d+, column \d+/);
    expect(problems('', { sourcePath: 'x.yaml' })).toEqual(['the dispatch file is empty']);
    expect(problems('  \n', { sourcePath: 'x.json' })).toEqual(['the dispatch file is empty']);
    expect(problems('# nothing yet\n', { sourcePath: 'x.yaml' })).toEqual(['the dispatch file is empty']);
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
    expect(found).toHaveLength(1);
    expect(found[0]!.split(': ')[0]).toBe('config.model.api_key_env, tasks[0].model.base_url, tasks[0].model.api_key_env');
    expect(found[0]).toContain('may not choose where model calls and their keys go');
  });
});

describe('prepareDispatch at scale', () => {
  it('validates 50,000 tasks with misspelt dependencies in linear time, suggesting for the first ones', () => {
    const tasks = Array.from({ length: 50_000 }, (_, n) => shellTask(`task-${n}`, { dependencies: [`tsak-${n + 1}`] }));
    const started = Date.now();
    const found = problems({ tasks });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(found).toHaveLength(50_000);
    expect(found[0]).toBe('tasks[0].dependencies[0]: unknown task "tsak-1" (did you mean "task-1"?)');
    expect(found[49_999]).toBe('tasks[49999].dependencies[0]: unknown task "tsak-50000"');
  }, 60_000);
});
