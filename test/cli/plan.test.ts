import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startLoopbackModelServer, type LoopbackModelServer, type WireProtocol } from '../../packages/core/test-support/loopback-model-server.js';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { modelFlags } from '../support/cli-model.js';
import { expectNoStackTrace } from '../support/expect-no-stack-trace.js';
import { runCli } from '../support/run-cli.js';
import { brokenSeedPlan, requestKind, scriptedModel, SEED_FILES, SEED_REQUEST, seedPlan } from '../support/scripted-plans.js';

let server: LoopbackModelServer;
let dir: string;
beforeEach(async () => {
  dir = await tempWorkspace();
});
afterEach(() => server.close());

async function serve(...plans: unknown[]): Promise<void> {
  server = await startLoopbackModelServer({ fallback: scriptedModel(plans) });
}

const planRequests = () => server.requests.filter((request) => requestKind(request) === 'plan');

describe('pdispatch plan', () => {
  for (const protocol of ['openai', 'anthropic'] as const satisfies readonly WireProtocol[]) {
    it(`writes the seed's request as three parallel coder tasks, which pdispatch run then runs (${protocol})`, async () => {
      await serve(seedPlan());
      const { args, env } = modelFlags(server, protocol);
      const planned = await runCli(['plan', SEED_REQUEST, '-o', 'nodes.dispatch.yaml', ...args], { cwd: dir, env });
      expect(planned.code, planned.stderr).toBe(0);
      const file = path.join(dir, 'nodes.dispatch.yaml');
      expect(planned.json).toMatchObject({
        success: true,
        status: 'planned',
        plan_file: file,
        request: SEED_REQUEST,
        summary: { tasks: 3, agents: { coder: 3 }, dependencies: 0, files_written: SEED_FILES, levels: [['gen-user-writer', 'gen-product-reader', 'gen-order-updater']] },
        input_tokens: 500,
        output_tokens: 200,
      });
      // stderr: the table, then the summary a reviewer needs.
      expect(planned.stderr).toMatch(/^level +task +agent +depends on +what it does$/m);
      expect(planned.stderr).toMatch(/^1 +gen-order-updater +coder +- +Generate the order updater Effect node/m);
      expect(planned.stderr).toContain('agents: coder ×3 · 0 dependencies');
      expect(planned.stderr).toContain(`writes: ${SEED_FILES.join(', ')}`);
      expect(planned.stderr).toMatch(/^planner: 1 reply, 500 in \/ 200 out tokens, /m);
      expect(planned.stderr).toContain('wrote nodes.dispatch.yaml: review it, then pdispatch run nodes.dispatch.yaml');
      const written = parse(await fs.readFile(file, 'utf8'));
      expect(written.user_prompt).toBe(SEED_REQUEST);
      expect(written.tasks.map((task: { description: string }) => task.description)).toEqual(seedPlan().tasks.map((task) => task.description));
      expect(server.requests).toHaveLength(1);

      const ran = await runCli(['run', 'nodes.dispatch.yaml', '-q', ...args], { cwd: dir, env });
      expect(ran.code, ran.stderr).toBe(0);
      expect(ran.json).toMatchObject({ success: true, summary: { total: 3, success: 3 } });
      for (const written of SEED_FILES) expect(await fs.readFile(path.join(dir, written), 'utf8')).toContain('class Node:');
      expect(server.requests.map(requestKind)).toEqual(['plan', 'task', 'task', 'task']);
    });
  }

  it('sends a plan with a cycle and an unknown agent back with both problems, and takes the repaired one', async () => {
    await serve(brokenSeedPlan(), seedPlan());
    const { args, env } = modelFlags(server, 'openai');
    const result = await runCli(['plan', SEED_REQUEST, '-o', 'nodes.dispatch.json', ...args], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(0);
    expect(planRequests()).toHaveLength(2);
    const repair = server.requests[1]!.lastUserText;
    expect(repair).toContain('tasks[0].dependencies: circular dependency: gen-user-writer -> gen-product-reader -> gen-user-writer');
    expect(repair).toMatch(/tasks\[2\]\.agent: .*node-writer/);
    expect(result.stderr).toContain('plan invalid (2 problems)');
    expect(result.stderr).toContain('repair round 1 of 2');
    expect(result.stderr).toMatch(/^planner: 2 replies, 1,000 in \/ 400 out tokens, /m);
    // JSON for a name that does not end in .yaml or .yml.
    expect(JSON.parse(await fs.readFile(path.join(dir, 'nodes.dispatch.json'), 'utf8')).tasks).toHaveLength(3);
  });

  it('still invalid after 2 repair rounds: exit 2 with the problems, the last plan next to -o as .invalid, no task run', async () => {
    await serve(brokenSeedPlan());
    const { args, env } = modelFlags(server, 'anthropic');
    const result = await runCli(['plan', SEED_REQUEST, '-o', 'nodes.dispatch.yaml', ...args], { cwd: dir, env });
    expect(result.code).toBe(2);
    expectNoStackTrace(result);
    const invalid = path.join(dir, 'nodes.dispatch.yaml.invalid');
    expect(result.json).toMatchObject({ success: false, status: 'invalid', invalid_plan_file: invalid });
    expect(result.json.errors.map((error: { path: string }) => error.path)).toContain('tasks[2].agent');
    expect(result.stderr).toContain('error: no valid plan after 3 replies:');
    expect(result.stderr).toContain('the last plan is in nodes.dispatch.yaml.invalid: fix it, then pdispatch run nodes.dispatch.yaml.invalid');
    expect(parse(await fs.readFile(invalid, 'utf8')).tasks[2].agent).toBe('node-writer');
    await expect(fs.stat(path.join(dir, 'nodes.dispatch.yaml'))).rejects.toThrow();
    expect(server.requests.map(requestKind)).toEqual(['plan', 'plan', 'plan']);
  });

  it('without -o prints the plan itself on stdout (JSON), or nothing when there is none, the invalid one then in ./plan.dispatch.yaml.invalid', async () => {
    await serve(seedPlan());
    const { args, env } = modelFlags(server, 'openai');
    const planned = await runCli(['plan', SEED_REQUEST, ...args], { cwd: dir, env });
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.json).toMatchObject({ user_prompt: SEED_REQUEST, tasks: seedPlan().tasks });
    expect(await fs.readdir(dir)).toEqual([]);
    const ran = await runCli(['run', '-', '-q', ...args], { cwd: dir, env, stdin: planned.stdout });
    expect(ran.code, ran.stderr).toBe(0);
    for (const written of SEED_FILES) await fs.stat(path.join(dir, written));
    await server.close();

    await serve(brokenSeedPlan());
    await fs.rm(path.join(dir, 'nodes'), { recursive: true });
    await fs.rm(path.join(dir, 'traces'), { recursive: true });
    const failed = await runCli(['plan', SEED_REQUEST, ...modelFlags(server, 'openai').args], { cwd: dir, env });
    expect(failed.code).toBe(2);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toContain('the last plan is in plan.dispatch.yaml.invalid');
    expect(parse(await fs.readFile(path.join(dir, 'plan.dispatch.yaml.invalid'), 'utf8')).user_prompt).toBe(SEED_REQUEST);
  });

  it('refuses a shell task unless --allow-shell is given', async () => {
    const shellPlan = { tasks: [{ task_id: 'list', agent: 'shell', description: 'see what is there', input_data: { command: 'ls' } }] };
    await serve(shellPlan);
    const { args, env } = modelFlags(server, 'openai');
    const refused = await runCli(['plan', 'list the files', '-o', 'list.dispatch.yaml', ...args], { cwd: dir, env });
    expect(refused.code).toBe(2);
    expect(refused.json.errors).toContainEqual(expect.objectContaining({ path: 'tasks[0].agent', message: expect.stringContaining('pass --allow-shell') }));
    expect(planRequests()).toHaveLength(3);

    const allowed = await runCli(['plan', 'list the files', '-o', 'list.dispatch.yaml', '--allow-shell', ...args], { cwd: dir, env });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.json.summary.agents).toEqual({ shell: 1 });
  });

  it('refuses a plan that writes outside the workspace and the --allow-path directories', async () => {
    const elsewhere = await tempWorkspace();
    const outside = path.join(elsewhere, 'node.py');
    const plan = { tasks: [{ ...seedPlan().tasks[0]!, input_data: { ...seedPlan().tasks[0]!.input_data, output_path: outside } }] };
    await serve(plan);
    const { args, env } = modelFlags(server, 'openai');
    const result = await runCli(['plan', SEED_REQUEST, '-o', 'nodes.dispatch.yaml', ...args], { cwd: dir, env });
    expect(result.code).toBe(2);
    expect(result.json.errors).toContainEqual(expect.objectContaining({ path: 'tasks[0].input_data.output_path', message: expect.stringMatching(/outside/) }));
    expect(server.requests.map(requestKind)).toEqual(['plan', 'plan', 'plan']);

    const allowed = await runCli(['plan', SEED_REQUEST, '-o', 'nodes.dispatch.yaml', '--allow-path', path.relative(dir, elsewhere), ...args], { cwd: dir, env });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.json.summary.files_written).toEqual([outside]);
  });

  it('what the user typed wrong is exit 2 before the model is asked: a context file outside the roots, no model, an empty request', async () => {
    await serve(seedPlan());
    const { args, env } = modelFlags(server, 'openai');
    const outsideFile = path.join(await tempWorkspace(), 'notes.md');
    await fs.writeFile(outsideFile, 'notes');
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['plan', SEED_REQUEST, '--context', outsideFile, ...args], env, /--context .*notes\.md/],
      [['plan', SEED_REQUEST, '--context', 'missing.md', '-o', 'x.yaml', ...args], env, /--context "missing\.md"/],
      [['plan', SEED_REQUEST, '-o', 'x.yaml'], { PDISPATCH_MODEL: '', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' }, /planning: needs a model/],
      [['plan', '  ', '-o', 'x.yaml', ...args], env, /the request is empty/],
      [['plan', SEED_REQUEST, '--max-tasks', '0', '-o', 'x.yaml', ...args], env, /--max-tasks/],
    ];
    for (const [argv, caseEnv, message] of cases) {
      const result = await runCli(argv, { cwd: dir, env: caseEnv });
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expectNoStackTrace(result);
      // With -o stdout is one document; without, nothing.
      if (argv.includes('-o')) expect(result.json).toMatchObject({ success: false, status: 'invalid', errors: [{ path: 'command line' }] });
      else expect(result.stdout).toBe('');
    }
    expect(server.requests).toHaveLength(0);
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('the planner reads --context files and is offered the agents of --agents-from, which the plan then carries', async () => {
    await serve(seedPlan());
    await fs.writeFile(path.join(dir, 'notes.md'), 'Effect nodes live in nodes/ and use asyncpg.');
    await fs.writeFile(path.join(dir, 'agents.dispatch.yaml'), 'config:\n  agents:\n    reviewer:\n      kind: prompt\n      description: Reviews a node for unsafe SQL\n      instructions: Review the file\ntasks:\n  - { task_id: review, agent: reviewer, input_data: {} }\n');
    const { args, env } = modelFlags(server, 'anthropic');
    const result = await runCli(['plan', SEED_REQUEST, '--context', 'notes.md', '--agents-from', 'agents.dispatch.yaml', '-o', 'nodes.dispatch.yaml', ...args], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(0);
    const prompt = server.requests[0]!.promptText;
    expect(prompt).toContain('Effect nodes live in nodes/ and use asyncpg.');
    expect(prompt).toContain('reviewer');
    expect(prompt).toContain('Reviews a node for unsafe SQL');
    expect(parse(await fs.readFile(path.join(dir, 'nodes.dispatch.yaml'), 'utf8')).config.agents.reviewer).toMatchObject({ kind: 'prompt', instructions: 'Review the file' });
  });

  it('shows the planner the files changed since --changed-since', async () => {
    await serve(seedPlan());
    const git = (...gitArgs: string[]) => execFileSync('git', gitArgs, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q');
    await fs.writeFile(path.join(dir, 'kept.py'), 'x = 1\n');
    git('add', '.');
    git('commit', '-qm', 'first');
    await fs.writeFile(path.join(dir, 'touched_since.py'), 'y = 2\n');
    const { args, env } = modelFlags(server, 'openai');
    const result = await runCli(['plan', SEED_REQUEST, '--changed-since', 'HEAD', '-o', 'nodes.dispatch.yaml', ...args], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(0);
    expect(server.requests[0]!.promptText).toMatch(/Changed files \(1 file;[^\n]*\n[^\n]*touched_since\.py\n/);
  });

  it('holds the plan to --max-tasks', async () => {
    await serve(seedPlan());
    const { args, env } = modelFlags(server, 'openai');
    const result = await runCli(['plan', SEED_REQUEST, '--max-tasks', '2', '-o', 'nodes.dispatch.yaml', ...args], { cwd: dir, env });
    expect(result.code).toBe(2);
    expect(result.json.errors).toContainEqual(expect.objectContaining({ path: 'tasks', message: expect.stringContaining('--max-tasks') }));
  });

  it('a model that refuses the key is exit 1 with its message, no stack trace, nothing written', async () => {
    server = await startLoopbackModelServer({ fallback: { status: 401, body: { error: { message: 'invalid api key' } } } });
    const { args, env } = modelFlags(server, 'openai');
    const result = await runCli(['plan', SEED_REQUEST, '-o', 'nodes.dispatch.yaml', ...args], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.json).toMatchObject({ success: false, status: 'error', errors: [{ message: expect.stringContaining('planning failed:') }] });
    expect(result.stderr).toMatch(/^error: planning failed: .*401/m);
    expectNoStackTrace(result);
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('Ctrl-C while the planner thinks cancels cleanly: exit 130, nothing written', async () => {
    server = await startLoopbackModelServer({ fallback: { json: seedPlan(), delayMs: 60_000 } });
    const { args, env } = modelFlags(server, 'openai');
    const result = await runCli(['plan', SEED_REQUEST, '-o', 'nodes.dispatch.yaml', ...args], {
      cwd: dir,
      env,
      onSpawn: (child) => void server.waitForRequests(1).then(() => child.kill('SIGINT')),
    });
    expect(result.code).toBe(130);
    expect(result.json).toMatchObject({ success: false, status: 'cancelled' });
    expect(result.stderr).toContain('SIGINT received: cancelling planning');
    expectNoStackTrace(result);
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
