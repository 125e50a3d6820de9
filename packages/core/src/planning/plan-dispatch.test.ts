import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatIssue } from '../errors/validation-error.js';
import { createModelClient } from '../models/ai-sdk-model-client.js';
import type { ModelClient } from '../models/model-client.js';
import { ModelError } from '../models/model-error.js';
import type { ResolvedModel } from '../models/resolve-model.js';
import { startLoopbackModelServer, type LoopbackModelServer, type WireProtocol } from '../../test-support/loopback-model-server.js';
import { tempWorkspace } from '../../test-support/temp-workspace.js';
import { planDispatch, type PlanOptions } from './plan-dispatch.js';
import { PlanningError } from './planning-error.js';

const KEY = 'sk-test-PLANNER-456';
const REQUEST = 'Generate three ONEX Effect nodes for database operations: user writer, product reader, and order updater';

let server: LoopbackModelServer;
beforeEach(async () => {
  server = await startLoopbackModelServer();
});
afterEach(async () => {
  await server.close();
});

function modelFor(protocol: WireProtocol): ModelClient {
  const resolved: ResolvedModel =
    protocol === 'anthropic'
      ? { provider: 'anthropic', model: 'claude-sonnet-4-5', baseUrl: server.baseUrl, apiKey: KEY, apiKeySource: 'TEST_KEY', maxConcurrency: undefined }
      : { provider: 'openai', model: 'gpt-test', baseUrl: server.baseUrl, apiKey: KEY, apiKeySource: 'TEST_KEY', maxConcurrency: undefined };
  return createModelClient(resolved, { retry: { maxAttempts: 1 }, callTimeoutMs: 10_000 });
}

const coderTask = (id: string, what: string, extra: Record<string, unknown> = {}) => ({
  task_id: id,
  agent: 'coder',
  description: `Writes the ${what} node the request asks for`,
  input_data: { contract_description: `ONEX Effect node: ${what}`, node_type: 'Effect', output_path: `nodes/${id}.py` },
  ...extra,
});

const threeNodes = { tasks: [coderTask('user-writer', 'user writer'), coderTask('product-reader', 'product reader'), coderTask('order-updater', 'order updater')] };

async function plan(workspace: string, protocol: WireProtocol, extra: Partial<PlanOptions> = {}) {
  const progress: string[] = [];
  const outcome = await planDispatch({
    request: REQUEST,
    model: modelFor(protocol),
    cwd: workspace,
    workspace,
    limits: { maxTasks: 20, allowCommands: false, commandsRefusedHint: 'pass --allow-shell', maxTasksHint: 'raise it with --max-tasks' },
    env: {},
    onProgress: (message) => progress.push(message),
    ...extra,
  });
  return { outcome, progress };
}

/** The problems as the repair request puts them, one per line. */
const problemsOf = (outcome: Awaited<ReturnType<typeof planDispatch>>) => (outcome.ok ? [] : outcome.issues.map(formatIssue));

describe.each(['openai', 'anthropic'] as const)('planDispatch over %s', (protocol) => {
  it('accepts a valid plan on the first reply: three parallel coder tasks, user_prompt set, the call recorded', async () => {
    const workspace = await tempWorkspace();
    await fs.mkdir(path.join(workspace, 'nodes'));
    await fs.writeFile(path.join(workspace, 'nodes', 'README.md'), 'nodes go here\n');
    server.enqueue({ json: threeNodes, inputTokens: 900, outputTokens: 300 });
    const { outcome, progress } = await plan(workspace, protocol);

    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.plan.user_prompt).toBe(REQUEST);
    expect(outcome.plan.tasks.map((task) => task.task_id)).toEqual(['user-writer', 'product-reader', 'order-updater']);
    expect([...outcome.prepared.tasks.values()].every((task) => task.dependencies.length === 0)).toBe(true);
    expect(outcome.prepared.workspace).toBe(workspace);
    expect(outcome.record).toMatchObject({ status: 'valid', request: REQUEST, input_tokens: 900, output_tokens: 300, rounds: [{ round: 1, problems: [] }] });
    expect(outcome.record.model_calls).toHaveLength(1);
    expect(outcome.record.model_calls[0]!.reply).toContain('user-writer');
    expect(progress[0]).toMatch(/^asking (openai:gpt-test|anthropic:claude-sonnet-4-5)/);

    // What the model was given: the request, each agent with its description and input schema, the files, the roots, the limits.
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    const prompt = request!.promptText;
    expect(prompt).toContain(REQUEST);
    expect(prompt).toContain('## coder\nWrites one file to a contract');
    expect(prompt).toContain('"contract_description"');
    expect(prompt).toContain('## debug');
    expect(prompt).not.toContain('## shell'); // commands are refused: the shell agent is not offered
    expect(prompt).toContain('nodes/README.md');
    expect(prompt).toContain(`Allowed roots: ${workspace}`);
    expect(prompt).toContain('at most 20 tasks');
    expect(prompt).toContain('commands: not allowed');
    expect(JSON.stringify(outcome.record)).not.toContain(KEY);

    // Structured output against the dispatch file's JSON Schema, in a form the real API accepts.
    if (protocol === 'openai') {
      expect(request!.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: false, schema: { properties: { tasks: { type: 'array' } } } } });
    } else {
      expect(request!.body.tools).toHaveLength(1);
      expect(request!.body.tools[0].input_schema).toMatchObject({ type: 'object', properties: { tasks: { type: 'array' } } });
      // The only tool, and the model must use one.
      expect(request!.body.tool_choice).toMatchObject({ type: 'any' });
    }
  });

  it('sends a plan with a cycle and an unknown agent back with both problems, and accepts the repair', async () => {
    const workspace = await tempWorkspace();
    const broken = {
      tasks: [
        coderTask('a', 'user writer', { dependencies: ['b'] }),
        coderTask('b', 'product reader', { dependencies: ['a'] }),
        { task_id: 'c', agent: 'wizard', description: 'Does magic', input_data: {} },
      ],
    };
    server.enqueue({ json: broken, inputTokens: 100, outputTokens: 50 }, { json: threeNodes, inputTokens: 200, outputTokens: 60 });
    const { outcome, progress } = await plan(workspace, protocol);

    expect(problemsOf(outcome)).toEqual([]);
    expect(outcome.ok).toBe(true);
    expect(server.requests).toHaveLength(2);
    const repair = server.requests[1]!.lastUserText;
    expect(repair).toMatch(/^tasks\[0\]\.dependencies: circular dependency: (a -> b -> a|b -> a -> b)$/m);
    expect(repair).toMatch(/^tasks\[2\]\.agent: unknown agent "wizard" \(known agents: coder, debug, shell\)/m);
    // The rejected plan goes back as the model's own turn.
    expect(server.requests[1]!.promptText).toContain('"wizard"');
    expect(outcome.record).toMatchObject({ status: 'valid', input_tokens: 300, output_tokens: 110 });
    expect(outcome.record.rounds.map((round) => round.problems.length)).toEqual([2, 0]);
    expect(outcome.record.model_calls).toHaveLength(2);
    expect(progress.slice(1)).toEqual(['plan invalid (2 problems), repair round 1 of 2', 'plan valid: 3 tasks']);
  });

  it('gives up after two repair rounds with the problems and the last candidate', async () => {
    const workspace = await tempWorkspace();
    const bad = (round: number) => ({ json: { tasks: [{ task_id: `t${round}`, agent: 'coder', description: 'Writes it', input_data: { contract_description: 'x', output_path: '../outside.py' } }] } });
    server.enqueue(bad(1), bad(2), bad(3));
    const { outcome, progress } = await plan(workspace, protocol);

    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(server.requests).toHaveLength(3);
    expect(outcome.issues).toHaveLength(1);
    expect(outcome.issues[0]).toMatchObject({ path: 'tasks[0].input_data.output_path' });
    expect(outcome.issues[0]!.message).toMatch(/outside the allowed roots/);
    expect(outcome.plan).toMatchObject({ user_prompt: REQUEST, tasks: [{ task_id: 't3' }] });
    expect(outcome.record.status).toBe('invalid');
    expect(outcome.record.rounds).toHaveLength(3);
    expect(outcome.record.model_calls).toHaveLength(3);
    expect(progress.at(-1)).toBe('plan still invalid (1 problem) after 2 repair rounds');
  });
});

describe('planDispatch limits', () => {
  it('refuses shell tasks and check_command unless commands are allowed, saying how to allow them', async () => {
    const workspace = await tempWorkspace();
    const withCommands = {
      tasks: [
        { task_id: 'build', agent: 'shell', description: 'Builds the project', input_data: { command: 'make' } },
        coderTask('node', 'user writer', { input_data: { contract_description: 'x', output_path: 'node.py', check_command: 'python3 -m py_compile {file}' } }),
      ],
    };
    server.enqueue({ json: withCommands });
    const refused = await plan(workspace, 'openai', { maxRepairRounds: 0 });
    expect(problemsOf(refused.outcome)).toEqual([
      'tasks[0].agent: agent "shell" runs commands, which are not allowed here (pass --allow-shell)',
      'tasks[1].agent: agent "coder" runs commands, which are not allowed here (pass --allow-shell)',
    ]);

    server.enqueue({ json: withCommands });
    const allowed = await plan(workspace, 'openai', { maxRepairRounds: 0, limits: { maxTasks: 20, allowCommands: true } });
    expect(allowed.outcome.ok).toBe(true);
    expect(server.requests[1]!.promptText).toContain('## shell');
  });

  it('counts tasks after for_each expansion against maxTasks', async () => {
    const workspace = await tempWorkspace();
    await fs.mkdir(path.join(workspace, 'src'));
    for (let index = 0; index < 27; index++) await fs.writeFile(path.join(workspace, 'src', `m${index}.py`), 'x = 1\n');
    const perFile = {
      tasks: [
        {
          task_id: 'doc',
          agent: 'coder',
          description: 'Documents each module',
          for_each: { files: ['src/*.py'] },
          input_data: { contract_description: 'Docs for {{file}}', output_path: 'docs/{{file}}.md' },
        },
      ],
    };
    server.enqueue({ json: perFile });
    const { outcome } = await plan(workspace, 'openai', { maxRepairRounds: 0 });
    expect(problemsOf(outcome)).toEqual(['tasks: the plan has 27 tasks after for_each expansion; at most 20 are allowed (raise it with --max-tasks)']);
  });

  it('asks for a description of every task, and keeps the host\'s fields whatever the model wrote', async () => {
    const workspace = await tempWorkspace();
    const nodescription = { tasks: [{ task_id: 'x', agent: 'debug', input_data: { problem_description: 'login returns 401' } }] };
    const sneaky = {
      user_prompt: 'something else',
      workspace_path: '/',
      config: { max_workers: 50, allowed_paths: ['/'], model: { provider: 'openai', model: 'gpt-x', base_url: 'https://evil.example/v1' } },
      tasks: [{ task_id: 'x', agent: 'debug', description: 'Finds why login fails', model: { provider: 'openai', model: 'gpt-x' }, input_data: { problem_description: 'login returns 401' } }],
    };
    server.enqueue({ json: nodescription }, { json: sneaky });
    const { outcome } = await plan(workspace, 'openai', { limits: { maxTasks: 20, allowCommands: false, maxWorkers: 3 } });
    expect(server.requests[1]!.lastUserText).toContain('tasks[0].description: say in one sentence why this task exists');
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.plan).toMatchObject({ user_prompt: REQUEST, config: { max_workers: 3 } });
    expect(outcome.plan).not.toHaveProperty('workspace_path');
    expect(outcome.plan.config).not.toHaveProperty('allowed_paths');
    expect(outcome.plan.config).not.toHaveProperty('model');
    expect(outcome.plan.tasks[0]).not.toHaveProperty('model');
    expect(outcome.prepared.paths.roots).toEqual([workspace]);
  });

  it('names unknown fields and a missing task list by their JSON paths instead of failing the call', async () => {
    const workspace = await tempWorkspace();
    server.enqueue({ json: { tasks: [{ ...coderTask('a', 'user writer'), priority: 3 }], notes: 'x' } }, { json: {} });
    const first = await plan(workspace, 'anthropic', { maxRepairRounds: 0 });
    expect(problemsOf(first.outcome)).toEqual(['unknown field "notes"', 'tasks[0]: unknown field "priority"']);
    const second = await plan(workspace, 'anthropic', { maxRepairRounds: 0 });
    expect(problemsOf(second.outcome)).toEqual(['tasks: required (array)']);
  });

  it('prepares the plan with the host\'s other options, so it runs as the written file would', async () => {
    const workspace = await tempWorkspace();
    server.enqueue({ json: threeNodes });
    const { outcome } = await plan(workspace, 'openai', {
      prepare: { overrides: { traceDir: 'elsewhere', timeoutSeconds: 7 }, model: { model: 'anthropic:claude-sonnet-4-5', apiKey: 'host-key-123456789' } },
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.prepared.traceDir).toBe(path.join(workspace, 'elsewhere'));
    expect(outcome.prepared.config.timeout_seconds).toBe(7);
    expect(outcome.prepared.tasks.get('user-writer')!.model).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-5' });
    expect(outcome.plan.config.timeout_seconds).toBe(300); // the file keeps its own settings; the host's apply when it runs
  });

  it('shows the changed files the host knows of, and expands for_each "changed" over them', async () => {
    const workspace = await tempWorkspace();
    const review = { tasks: [{ task_id: 'review', agent: 'debug', description: 'Looks for the bug in each changed file', for_each: { files: 'changed' }, input_data: { problem_description: 'crash', affected_files: ['{{file}}'] } }] };
    for (const file of ['a.ts', 'b.ts']) await fs.writeFile(path.join(workspace, file), 'export {};\n');
    server.enqueue({ json: review });
    const { outcome } = await plan(workspace, 'openai', { prepare: { changedFiles: ['a.ts', path.join(workspace, 'b.ts')] } });
    expect(server.requests[0]!.promptText).toContain('Changed files (2 files; for_each: { files: "changed" } makes one task per changed file):\na.ts\nb.ts');
    expect(outcome.ok && [...outcome.prepared.tasks.keys()]).toEqual(['review.a.ts', 'review.b.ts']);
  });

  it('repairs a reply that is not JSON at all', async () => {
    const workspace = await tempWorkspace();
    server.enqueue({ text: 'Sure! Here is my plan: first write the user writer…' }, { json: threeNodes });
    const { outcome } = await plan(workspace, 'openai');
    expect(outcome.ok).toBe(true);
    expect(server.requests[1]!.lastUserText).toMatch(/not a JSON dispatch file/);
    expect(outcome.record.rounds[0]!.problems).toHaveLength(1);
  });

  it('lets a failed model call surface as the ModelError it is', async () => {
    const workspace = await tempWorkspace();
    server.enqueue({ status: 401, body: { error: { message: 'bad key' } } });
    await expect(plan(workspace, 'openai')).rejects.toSatisfy((error) => ModelError.isInstance(error) && !String(error).includes(KEY));
  });
});

describe('planDispatch inputs', () => {
  it('shows context files (capped visibly) and records their hashes', async () => {
    const workspace = await tempWorkspace();
    const small = 'The login handler lives in src/auth/login.ts.\n';
    const big = 'y'.repeat(70 * 1024);
    await fs.writeFile(path.join(workspace, 'notes.md'), small);
    await fs.writeFile(path.join(workspace, 'big.log'), big);
    server.enqueue({ json: threeNodes });
    const { outcome } = await plan(workspace, 'anthropic', { contextFiles: ['notes.md', path.join(workspace, 'big.log')] });
    expect(outcome.record.context_files).toEqual([
      { path: 'notes.md', sha256: createHash('sha256').update(small).digest('hex'), bytes: small.length },
      { path: 'big.log', sha256: createHash('sha256').update(big).digest('hex'), bytes: big.length },
    ]);
    const prompt = server.requests[0]!.promptText;
    expect(prompt).toContain(small.trim());
    expect(prompt).toContain(`[cut: ${big.length - 64 * 1024} more bytes of this file not shown]`);
    expect(prompt).not.toContain('y'.repeat(64 * 1024 + 1));
  });

  it('shows at most 256 KiB of context files in all, saying which were cut', async () => {
    const workspace = await tempWorkspace();
    const names = ['a', 'b', 'c', 'd', 'e'].map((name) => `${name}.txt`);
    for (const name of names) await fs.writeFile(path.join(workspace, name), name[0]!.repeat(64 * 1024));
    server.enqueue({ json: threeNodes });
    const { outcome } = await plan(workspace, 'openai', { contextFiles: names });
    expect(outcome.record.context_files.map((file) => file.bytes)).toEqual(names.map(() => 64 * 1024));
    const prompt = server.requests[0]!.promptText;
    expect(prompt).toContain('d'.repeat(64 * 1024));
    expect(prompt).toContain(`## e.txt (65,536 bytes)\n\`\`\`\n\n…[cut: 65536 more bytes of this file not shown; the context files may add at most 256 KiB in all]`);
  });

  it('refuses an empty request and a workspace that is no folder', async () => {
    const workspace = await tempWorkspace();
    await expect(plan(workspace, 'openai', { request: ' \n' })).rejects.toSatisfy(
      (error) => PlanningError.isInstance(error) && error.message === 'the request is empty; say in plain words what the dispatch should do',
    );
    const gone = path.join(workspace, 'gone');
    await expect(plan(workspace, 'openai', { workspace: gone })).rejects.toThrow(`the workspace "${gone}": does not exist`);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a missing context file, or one outside the roots, before asking the model', async () => {
    const workspace = await tempWorkspace();
    const elsewhere = await tempWorkspace();
    await fs.writeFile(path.join(elsewhere, 'secret.txt'), 'no');
    await expect(plan(workspace, 'openai', { contextFiles: ['missing.md'] })).rejects.toSatisfy(
      (error) => PlanningError.isInstance(error) && error.message === '--context "missing.md": no such file or folder',
    );
    const outside = path.join(elsewhere, 'secret.txt');
    await expect(plan(workspace, 'openai', { contextFiles: [outside] })).rejects.toThrow(`--context "${outside}": is outside the allowed roots (${workspace})`);
    // Allowed once its folder is a root.
    server.enqueue({ json: threeNodes });
    await expect(plan(workspace, 'openai', { contextFiles: [outside], allowPaths: [elsewhere] })).resolves.toMatchObject({ outcome: { ok: true } });
    expect(server.requests).toHaveLength(1);
  });

  it('offers the agents of an agents-from file and copies them into the plan', async () => {
    const workspace = await tempWorkspace();
    const agentsFile = {
      config: { agents: { reviewer: { kind: 'prompt', description: 'Reviews a change for security problems', instructions: 'Review the change.' } } },
      tasks: [{ task_id: 'r', agent: 'reviewer', input_data: {} }],
    };
    server.enqueue({ json: { tasks: [{ task_id: 'review', agent: 'reviewer', description: 'Checks the login fix', input_data: { focus: 'auth' } }] } });
    const { outcome } = await plan(workspace, 'openai', { agentsFrom: { path: path.join(workspace, 'agents.dispatch.json'), text: JSON.stringify(agentsFile) } });
    expect(server.requests[0]!.promptText).toContain('## reviewer\nReviews a change for security problems');
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.plan.config.agents).toEqual(agentsFile.config.agents);
    expect(outcome.prepared.tasks.get('review')!.agent.name).toBe('reviewer');

    await expect(plan(workspace, 'openai', { agentsFrom: { path: 'bad.json', text: '{"tasks": [], "config": {"agents": {"x": {"kind": "prompt"}}}}' } })).rejects.toSatisfy(
      (error) => PlanningError.isInstance(error) && /^--agents-from "bad\.json": is not a valid dispatch file \(\d+ problems?\):\n {2}- /.test(error.message),
    );
    const withEndpoint = { config: { agents: { reviewer: { ...agentsFile.config.agents.reviewer, model: { provider: 'openai', model: 'x', base_url: 'https://elsewhere.example/v1' } } } }, tasks: agentsFile.tasks };
    await expect(plan(workspace, 'openai', { fileIsUntrusted: true, agentsFrom: { path: 'agents.json', text: JSON.stringify(withEndpoint) } })).rejects.toThrow(
      /config\.agents\.reviewer\.model\.base_url: a dispatch file from an untrusted source may not choose/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('stops at once when cancelled while the model thinks', async () => {
    const workspace = await tempWorkspace();
    server.enqueue({ json: threeNodes, delayMs: 20_000 });
    const controller = new AbortController();
    const planning = plan(workspace, 'anthropic', { signal: controller.signal });
    await server.waitForRequests(1);
    controller.abort(new Error('stopped by the user'));
    await expect(planning).rejects.toThrow('stopped by the user');
  });

  it('lists a git workspace\'s files from git ls-files, tracked and untracked but not ignored', async () => {
    const workspace = await tempWorkspace();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: workspace, stdio: 'ignore' });
    git('init', '-q');
    await fs.writeFile(path.join(workspace, '.gitignore'), 'ignored.txt\n');
    await fs.writeFile(path.join(workspace, 'ignored.txt'), 'x');
    await fs.mkdir(path.join(workspace, '.github'));
    await fs.writeFile(path.join(workspace, '.github', 'ci.yml'), 'x');
    await fs.writeFile(path.join(workspace, 'tracked.ts'), 'x');
    git('add', '.');
    await fs.writeFile(path.join(workspace, 'new.ts'), 'x');
    server.enqueue({ json: threeNodes });
    await plan(workspace, 'openai', { env: { PATH: process.env.PATH } });
    const prompt = server.requests[0]!.promptText;
    expect(prompt).toContain('Files (from git ls-files, 4 files):\n.gitignore\nnew.ts\ntracked.ts\n.github/ci.yml');
    expect(prompt).not.toContain('ignored.txt');
  });

  it('walks a workspace git lists nothing of (an ignored folder of a repository)', async () => {
    const repository = await tempWorkspace();
    execFileSync('git', ['init', '-q'], { cwd: repository, stdio: 'ignore' });
    await fs.writeFile(path.join(repository, '.gitignore'), 'scratch/\n');
    const workspace = path.join(repository, 'scratch');
    await fs.mkdir(workspace);
    await fs.writeFile(path.join(workspace, 'draft.md'), 'x');
    server.enqueue({ json: threeNodes });
    await plan(workspace, 'openai', { env: { PATH: process.env.PATH } });
    expect(server.requests[0]!.promptText).toContain('Files (from a walk that leaves out dependencies, traces and dot-folders, 1 file):\ndraft.md');
  });

  it('walks a workspace that is no repository, leaving out dependencies, traces and dot-folders, and says when it cut the list', async () => {
    const workspace = await tempWorkspace();
    for (const dir of ['node_modules/x', 'traces', '.cache', 'src']) await fs.mkdir(path.join(workspace, dir), { recursive: true });
    for (const file of ['node_modules/x/index.js', 'traces/dispatch.json', '.cache/a', 'top.md']) await fs.writeFile(path.join(workspace, file), 'x');
    for (let index = 0; index < 310; index++) await fs.writeFile(path.join(workspace, 'src', `f${String(index).padStart(3, '0')}.ts`), 'x');
    server.enqueue({ json: threeNodes });
    await plan(workspace, 'openai');
    const prompt = server.requests[0]!.promptText;
    expect(prompt).toMatch(/Files \(from a walk that leaves out dependencies, traces and dot-folders, more than 300 files; the list is cut at 300, shallow folders first\):\ntop\.md\nsrc\/f000\.ts\n/);
    expect(prompt).toContain('src/f298.ts');
    expect(prompt).not.toContain('src/f299.ts');
    expect(prompt).not.toMatch(/node_modules|traces\/dispatch|\.cache/);
  });
});

describe("planDispatch with the host's MCP servers", () => {
  it('tells the planner their names, keeps tools on the plan\'s tasks, and drops servers the plan defines', async () => {
    const workspace = await tempWorkspace();
    server.enqueue({ json: { config: { mcp_servers: { elsewhere: { url: 'https://elsewhere.example/mcp' } } }, tasks: [coderTask('user-writer', 'user writer', { tools: ['docs.search'] })] } });
    const docs = { type: 'http' as const, url: 'http://127.0.0.1:9/mcp' };
    const { outcome } = await plan(workspace, 'openai', { prepare: { mcpServers: { docs } } });

    expect(server.requests[0]!.promptText).toContain('MCP servers: docs.');
    expect(server.requests[0]!.promptText).toContain('"docs.*"');
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.plan.config?.mcp_servers).toBeUndefined();
    expect(outcome.prepared.mcpServers).toEqual({ docs });
    expect(outcome.prepared.tasks.get('user-writer')!.tools).toEqual({ patterns: ['docs.search'], maxToolCalls: 20 });
  });
});
