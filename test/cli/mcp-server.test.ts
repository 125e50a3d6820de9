import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackModelServer, type LoopbackModelServer } from '../../packages/core/test-support/loopback-model-server.js';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { modelFlags } from '../support/cli-model.js';
import { connectCliMcp, type CliMcpClient } from '../support/mcp-cli-client.js';
import { brokenSeedPlan, scriptedModel, seedPlan, SEED_REQUEST } from '../support/scripted-plans.js';
import { isAlive, REPO, runCli, waitFor } from '../support/run-cli.js';

const open: CliMcpClient[] = [];
const models: LoopbackModelServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
  await Promise.all(models.splice(0).map((server) => server.close()));
});

async function serve(dir: string, args: readonly string[] = [], env: Record<string, string> = {}): Promise<CliMcpClient> {
  const client = await connectCliMcp(['--workspace', dir, ...args], { cwd: dir, env });
  open.push(client);
  return client;
}

const echo = (text: string) => ({ tasks: [{ task_id: 'echo', agent: 'shell', input_data: { command: `printf %s ${text}` } }] });

describe('pdispatch mcp', () => {
  it('lists its tools, and names the problems of an invalid dispatch', async () => {
    const dir = await tempWorkspace();
    const server = await serve(dir, ['--allow-shell']);
    const { tools } = await server.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['cancel_dispatch', 'get_dispatch', 'plan_dispatch', 'run_dispatch', 'validate_dispatch']);
    const bad = await server.call('validate_dispatch', { dispatch: { tasks: [{ task_id: 'a', agent: 'no-such-agent' }, { task_id: 'b', agent: 'shell', input_data: { command: 'true' }, dependencies: ['missing'] }] } });
    expect(bad.isError).toBe(false);
    expect(bad.value.ok).toBe(false);
    const places = bad.value.problems.map((problem: { path: string }) => problem.path);
    expect(places).toContain('tasks[0].agent');
    expect(places).toContain('tasks[1].dependencies[0]');
    const good = await server.call('validate_dispatch', { dispatch: echo('x') });
    expect(good.value).toMatchObject({ ok: true, task_count: 1, agents: ['shell'] });
  });

  it('reads a dispatch file inside the workspace and refuses one outside it', async () => {
    const dir = await tempWorkspace();
    const outside = await tempWorkspace();
    await fs.writeFile(path.join(dir, 'ok.dispatch.json'), JSON.stringify(echo('x')));
    await fs.writeFile(path.join(outside, 'x.dispatch.json'), JSON.stringify(echo('x')));
    const server = await serve(dir, ['--allow-shell']);
    expect((await server.call('validate_dispatch', { dispatch: 'ok.dispatch.json' })).value).toMatchObject({ ok: true });
    const refused = await server.call('validate_dispatch', { dispatch: path.join(outside, 'x.dispatch.json') });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain('outside the server\'s workspace');
  });

  it('runs a shell task with --allow-shell; get_dispatch reports it to success with its output and trace', async () => {
    const dir = await tempWorkspace();
    const server = await serve(dir, ['--allow-shell']);
    const started = await server.call('run_dispatch', { dispatch: echo('hello-from-mcp') });
    expect(started.isError, started.text).toBe(false);
    expect(started.value.dispatch_id).toMatch(/^dispatch-/);
    expect(started.value.trace_folder).toBe(path.join(dir, 'traces', started.value.dispatch_id));
    let report: any;
    await waitFor(async () => {
      report = (await server.call('get_dispatch', { dispatch_id: started.value.dispatch_id })).value;
      return report.status !== 'running';
    });
    expect(report.status).toBe('success');
    expect(report.tasks).toEqual([expect.objectContaining({ task_id: 'echo', status: 'success', output: expect.objectContaining({ stdout: 'hello-from-mcp' }) })]);
    const index = JSON.parse(await fs.readFile(report.trace_index, 'utf8'));
    expect(index.status).toBe('success');
    const unknown = await server.call('get_dispatch', { dispatch_id: 'dispatch-nope' });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toContain('no dispatch "dispatch-nope"');
  });

  it('refuses a shell task without --allow-shell, and a dispatch over --max-tasks', async () => {
    const dir = await tempWorkspace();
    const refusing = await serve(dir);
    const shell = await refusing.call('run_dispatch', { dispatch: echo('x') });
    expect(shell.isError).toBe(true);
    expect(shell.text).toMatch(/tasks\[0\]/);
    expect(shell.text).toContain('--allow-shell');
    for (const name of ['a', 'b', 'c', 'd']) await fs.writeFile(path.join(dir, `${name}.txt`), name);
    const limited = await serve(dir, ['--allow-shell', '--max-tasks', '3']);
    const many = { tasks: [{ task_id: 'many', agent: 'shell', for_each: { files: ['*.txt'] }, input_data: { argv: ['cat', '{{file}}'] } }] };
    const tooMany = await limited.call('run_dispatch', { dispatch: many });
    expect(tooMany.isError).toBe(true);
    expect(tooMany.text).toContain('4 tasks after for_each expansion');
    expect(tooMany.text).toContain('at most 3');
    await expect(fs.stat(path.join(dir, 'traces'))).rejects.toThrow();
  });

  it('holds clients to its --max-workers and --max-dispatches, whatever their dispatches ask for', async () => {
    const dir = await tempWorkspace();
    const server = await serve(dir, ['--allow-shell', '--max-workers', '1', '--max-dispatches', '1']);
    // Each task holds a lock folder for a while: two running at once would make one fail.
    const locking = (id: string) => ({ task_id: id, agent: 'shell', input_data: { command: 'mkdir held || exit 9; sleep 0.4; rmdir held' } });
    const first = await server.call('run_dispatch', { dispatch: { config: { max_workers: 8 }, tasks: [locking('a'), locking('b')] } });
    expect(first.isError, first.text).toBe(false);
    const second = await server.call('run_dispatch', { dispatch: echo('later') });
    expect(second.isError).toBe(true);
    expect(second.text).toContain('--max-dispatches');
    expect(second.text).toContain(first.value.dispatch_id);
    let report: any;
    await waitFor(async () => {
      report = (await server.call('get_dispatch', { dispatch_id: first.value.dispatch_id })).value;
      return report.status !== 'running';
    }, 20_000);
    expect(report.status).toBe('success');
    expect(report.tasks.map((task: { status: string }) => task.status)).toEqual(['success', 'success']);
    const third = await server.call('run_dispatch', { dispatch: echo('now'), wait: true });
    expect(third.value.status).toBe('success');
  });

  it('sends progress notifications while run_dispatch waits, then the report', async () => {
    const dir = await tempWorkspace();
    const server = await serve(dir, ['--allow-shell']);
    const dispatch = { tasks: ['a', 'b', 'c'].map((id) => ({ task_id: id, agent: 'shell', input_data: { command: `printf ${id}` } })) };
    const progress: { progress: number; total?: number; message?: string }[] = [];
    const result = await server.call('run_dispatch', { dispatch, wait: true }, { onprogress: (update) => progress.push(update) });
    expect(result.value.status).toBe('success');
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)).toMatchObject({ progress: 3, total: 3 });
    expect(progress.map((update) => update.progress)).toEqual([...progress.map((update) => update.progress)].sort((a, b) => a - b));
    expect(progress.some((update) => /\b(a|b|c)\b/.test(update.message ?? ''))).toBe(true);
  });

  it("cancels a long dispatch: its process is gone and its traces say cancelled", async () => {
    const dir = await tempWorkspace();
    const server = await serve(dir, ['--allow-shell']);
    const pidFile = path.join(dir, 'sleep.pid');
    const started = await server.call('run_dispatch', { dispatch: { tasks: [{ task_id: 'long', agent: 'shell', input_data: { command: `sleep 300 & echo $! > ${pidFile}; wait` } }] } });
    expect(started.isError, started.text).toBe(false);
    await waitFor(async () => (await fs.readFile(pidFile, 'utf8').catch(() => '')).trim() !== '');
    const pid = Number((await fs.readFile(pidFile, 'utf8')).trim());
    expect(isAlive(pid)).toBe(true);
    const cancelled = await server.call('cancel_dispatch', { dispatch_id: started.value.dispatch_id });
    expect(cancelled.value.status).toBe('cancelled');
    expect(cancelled.value.tasks[0].status).toBe('cancelled');
    await waitFor(() => !isAlive(pid));
    const index = JSON.parse(await fs.readFile(cancelled.value.trace_index, 'utf8'));
    expect(index.status).toBe('cancelled');
  });

  it('cancels running dispatches and completes their traces when stdin closes', async () => {
    const dir = await tempWorkspace();
    const server = await serve(dir, ['--allow-shell']);
    const pidFile = path.join(dir, 'sleep.pid');
    const started = await server.call('run_dispatch', { dispatch: { tasks: [{ task_id: 'long', agent: 'shell', input_data: { command: `sleep 300 & echo $! > ${pidFile}; wait` } }] } });
    await waitFor(async () => (await fs.readFile(pidFile, 'utf8').catch(() => '')).trim() !== '');
    const pid = Number((await fs.readFile(pidFile, 'utf8')).trim());
    const serverPid = server.transport.pid!;
    await server.close();
    await waitFor(() => !isAlive(pid) && !isAlive(serverPid));
    const index = JSON.parse(await fs.readFile(started.value.trace_index, 'utf8'));
    expect(index.status).toBe('cancelled');
    expect(server.stderr()).toContain('stdin closed: cancelling running dispatches');
  });

  it('runs a model task against the loopback model server', async () => {
    const dir = await tempWorkspace();
    const model = await startLoopbackModelServer();
    models.push(model);
    model.enqueue({ text: 'the model answered' });
    const flags = modelFlags(model, 'openai');
    const server = await serve(dir, flags.args, flags.env);
    const result = await server.call('run_dispatch', { dispatch: { config: { agents: { sayer: { kind: 'prompt', instructions: 'Say something.' } } }, tasks: [{ task_id: 'ask', agent: 'sayer', input_data: { topic: 'the weather' } }] }, wait: true });
    expect(result.isError, result.text).toBe(false);
    expect(result.value.status).toBe('success');
    expect(JSON.stringify(result.value.tasks[0].output)).toContain('the model answered');
    expect(model.requests[0]!.promptText).toContain('the weather');
  });

  it('cancels running dispatches on SIGTERM, completes their traces and exits', async () => {
    const dir = await tempWorkspace();
    const server = await serve(dir, ['--allow-shell']);
    const pidFile = path.join(dir, 'sleep.pid');
    const started = await server.call('run_dispatch', { dispatch: { tasks: [{ task_id: 'long', agent: 'shell', input_data: { command: `sleep 300 & echo $! > ${pidFile}; wait` } }] } });
    await waitFor(async () => (await fs.readFile(pidFile, 'utf8').catch(() => '')).trim() !== '');
    const pid = Number((await fs.readFile(pidFile, 'utf8')).trim());
    const serverPid = server.transport.pid!;
    process.kill(serverPid, 'SIGTERM');
    await waitFor(() => !isAlive(pid) && !isAlive(serverPid));
    const index = JSON.parse(await fs.readFile(started.value.trace_index, 'utf8'));
    expect(index.status).toBe('cancelled');
    expect(server.stderr()).toContain('SIGTERM: cancelling running dispatches');
  });

  it("gives tasks the servers of its --mcp-config: the filesystem server's reply reaches the model", async () => {
    const dir = await tempWorkspace();
    await fs.mkdir(path.join(dir, 'docs'));
    await fs.writeFile(path.join(dir, 'docs', 'notes.txt'), 'The launch code is 7-alpha.\n');
    const config = path.join(dir, '.mcp.json');
    await fs.writeFile(config, JSON.stringify({ mcpServers: { files: { command: path.join(REPO, 'node_modules/.bin/mcp-server-filesystem'), args: [path.join(dir, 'docs')] } } }));
    const model = await startLoopbackModelServer();
    models.push(model);
    model.enqueue({ toolCalls: [{ name: 'files__read_text_file', arguments: { path: path.join(dir, 'docs', 'notes.txt') } }] }, (request) => ({ text: `Notes say: ${request.toolResults.map((result) => result.content).join(' ')}` }));
    const flags = modelFlags(model, 'anthropic');
    const server = await serve(dir, [...flags.args, '--mcp-config', config], flags.env);
    const dispatch = {
      config: { agents: { reader: { kind: 'prompt', instructions: 'Answer from what the tools return.' } } },
      tasks: [{ task_id: 'read', agent: 'reader', tools: ['files.read_text_file'], input_data: { question: 'What is the launch code?' } }],
    };
    const result = await server.call('run_dispatch', { dispatch, wait: true });
    expect(result.value.status, result.text).toBe('success');
    expect(result.value.summary.tool_calls).toBe(1);
    expect(result.value.tasks[0]).toMatchObject({ tool_calls: 1, output: { text: expect.stringContaining('Notes say: The launch code is 7-alpha.') } });
  });

  it('refuses to start with a bad --mcp-config: exit 2 naming the file and the place', async () => {
    const dir = await tempWorkspace();
    const config = path.join(dir, 'mcp.json');
    await fs.writeFile(config, '{ "mcpServers": { "files": { "command": 7 } } }');
    const result = await runCli(['mcp', '--workspace', dir, '--mcp-config', config], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`--mcp-config ${config} is invalid`);
    expect(result.stderr).toContain('mcpServers.files.command');
  });

  it('plans a dispatch from a request with the server\'s limits, for the caller to review and run', async () => {
    const dir = await tempWorkspace();
    const model = await startLoopbackModelServer();
    models.push(model);
    const flags = modelFlags(model, 'openai');
    model.enqueue(scriptedModel([seedPlan()]));
    const server = await serve(dir, flags.args, flags.env);
    const planned = await server.call('plan_dispatch', { request: SEED_REQUEST });
    expect(planned.isError, planned.text).toBe(false);
    expect(planned.value).toMatchObject({ ok: true, task_count: 3, dispatch: seedPlan() });
    expect(model.requests[0]!.promptText).toContain(SEED_REQUEST);
    const checked = await server.call('validate_dispatch', { dispatch: planned.value.dispatch });
    expect(checked.value).toMatchObject({ ok: true, task_count: 3 });

    const limited = await serve(dir, [...flags.args, '--max-tasks', '2'], flags.env);
    model.enqueue(scriptedModel([seedPlan()]), scriptedModel([seedPlan()]), scriptedModel([brokenSeedPlan()]));
    const refused = await limited.call('plan_dispatch', { request: SEED_REQUEST });
    expect(refused.isError, refused.text).toBe(false);
    expect(refused.value.ok).toBe(false);
    expect(refused.value.problems).toContainEqual(expect.objectContaining({ path: 'tasks', message: expect.stringContaining('at most 2') }));
  });
});
