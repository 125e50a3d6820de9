import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackModelServer, type LoopbackModelServer, type WireProtocol } from '../../packages/core/test-support/loopback-model-server.js';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { expectNoKey, modelFlags } from '../support/cli-model.js';
import { expectNoStackTrace } from '../support/expect-no-stack-trace.js';
import { runCli } from '../support/run-cli.js';
import { runInTerminal } from '../support/run-in-terminal.js';
import { brokenSeedPlan, requestKind, scriptedModel, SEED_ANSWER, SEED_FILES, SEED_REQUEST, seedPlan, TOKENS } from '../support/scripted-plans.js';

let server: LoopbackModelServer;
let dir: string;
beforeEach(async () => {
  dir = await tempWorkspace();
});
afterEach(() => server.close());

async function serve(...plans: unknown[]): Promise<void> {
  server = await startLoopbackModelServer({ fallback: scriptedModel(plans) });
}

const readJson = async (file: string) => JSON.parse(await fs.readFile(file, 'utf8'));

/** Planning, three coder tasks and the synthesis, each as scripted. */
const SEED_TOKENS = {
  input_tokens: TOKENS.plan.inputTokens + 3 * TOKENS.coder.inputTokens + TOKENS.synthesis.inputTokens,
  output_tokens: TOKENS.plan.outputTokens + 3 * TOKENS.coder.outputTokens + TOKENS.synthesis.outputTokens,
};

describe('pdispatch ask', () => {
  for (const protocol of ['openai', 'anthropic'] as const satisfies readonly WireProtocol[]) {
    it(`--yes --json plans the seed's request, runs three coder tasks in parallel and records one synthesised answer (${protocol})`, async () => {
      await serve(seedPlan());
      const { args, env } = modelFlags(server, protocol);
      const result = await runCli(['ask', SEED_REQUEST, '--yes', '--json', ...args], { cwd: dir, env });
      expect(result.code, result.stderr).toBe(0);
      const document = result.json;
      expect(document).toMatchObject({
        success: true,
        status: 'success',
        plan: { request: SEED_REQUEST, file: null, summary: { tasks: 3, agents: { coder: 3 }, dependencies: 0, files_written: SEED_FILES }, input_tokens: 500, output_tokens: 200, dispatch: { user_prompt: SEED_REQUEST } },
        summary: {
          total: 3,
          success: 3,
          ...SEED_TOKENS,
          tokens_by_stage: {
            planning: { input_tokens: 500, output_tokens: 200 },
            tasks: { input_tokens: 450, output_tokens: 120 },
            synthesis: { input_tokens: 120, output_tokens: 30 },
          },
        },
        synthesis: { ...SEED_ANSWER, error: null },
      });
      for (const file of SEED_FILES) expect(await fs.readFile(path.join(dir, file), 'utf8')).toContain('class Node:');
      expect(server.requests.map(requestKind).sort()).toEqual(['plan', 'synthesis', 'task', 'task', 'task']);
      expect(server.requests.at(-1)!.promptText).toContain(SEED_REQUEST);

      // The dispatch folder keeps how the request became the plan, the plan itself (it was never written), and the answer.
      const index = await readJson(document.trace_index);
      const folder = path.join(dir, 'traces', index.dispatch_id);
      expect(index.planned_from).toEqual({ request: SEED_REQUEST, plan_file: path.join(folder, 'plan.dispatch.json') });
      expect(index.synthesis.answer).toBe(SEED_ANSWER.answer);
      expect((await readJson(path.join(folder, 'plan.json'))).rounds).toEqual([{ round: 1, problems: [] }]);
      expect((await readJson(path.join(folder, 'plan.dispatch.json'))).tasks).toHaveLength(3);
      expect((await readJson(path.join(folder, 'synthesis.json'))).answer).toEqual(SEED_ANSWER);
      await expectNoKey(server, path.join(dir, 'traces'), result.stdout, result.stderr);
      // show says where the tasks came from: the plan's copy, not stdin.
      const shown = await runCli(['show'], { cwd: dir });
      expect(shown.stdout).toContain(`source    the plan, kept in ${path.join(folder, 'plan.dispatch.json')}`);
    });
  }

  it('without --json prints the answer on stdout and ends stderr with the tokens of every stage; -o keeps the plan the run came from', async () => {
    await serve(seedPlan());
    const { args, env } = modelFlags(server, 'openai');
    const result = await runCli(['ask', SEED_REQUEST, '--yes', '-o', 'nodes.dispatch.yaml', ...args], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${SEED_ANSWER.answer}\n\n## Highlights\n\n- ${SEED_ANSWER.highlights[0]}\n\n## Follow-ups\n\n- ${SEED_ANSWER.follow_ups[0]}\n`);
    // The plan as a table before the run, with what depends on what.
    expect(result.stderr).toMatch(/^level +task +agent +depends on +what it does$/m);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('tokens: 1,070 in / 350 out (planning 500 in / 200 out · tasks 450 in / 120 out · synthesis 120 in / 30 out)');
    const index = await readJson(path.join(dir, 'traces', (await fs.readdir(path.join(dir, 'traces'))).find((name) => name.endsWith('.json'))!));
    expect(index.planned_from.plan_file).toBe(path.join(dir, 'nodes.dispatch.yaml'));
    expect(index.source.path).toBe(path.join(dir, 'nodes.dispatch.yaml'));
    await expectNoKey(server, path.join(dir, 'traces'), result.stdout, result.stderr);

    // show has the request above the tasks and the answer below them.
    const shown = await runCli(['show'], { cwd: dir });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`request   ${SEED_REQUEST}`);
    expect(shown.stdout.endsWith(`\n${result.stdout}`)).toBe(true);
  });

  it('--workspace, --trace-dir and --events apply to the planned run', async () => {
    await serve(seedPlan());
    await fs.mkdir(path.join(dir, 'project'));
    const { args, env } = modelFlags(server, 'openai');
    const result = await runCli(['ask', SEED_REQUEST, '--yes', '--json', '-q', '--workspace', 'project', '--trace-dir', 'runs', '--events', 'events.ndjson', ...args], { cwd: dir, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.json.trace_index.startsWith(path.join(dir, 'runs') + path.sep)).toBe(true);
    for (const file of SEED_FILES) await fs.stat(path.join(dir, 'project', file));
    const events = (await fs.readFile(path.join(dir, 'events.ndjson'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line).type);
    expect(events.slice(-3)).toEqual(['synthesis-started', 'synthesis-finished', 'dispatch-finished']);
  });

  it('off a terminal without --yes shows the plan and runs nothing: exit 2, no task request', async () => {
    await serve(seedPlan());
    const { args, env } = modelFlags(server, 'openai');
    const result = await runCli(['ask', SEED_REQUEST, '--json', ...args], { cwd: dir, env });
    expect(result.code).toBe(2);
    expectNoStackTrace(result);
    expect(result.stderr).toMatch(/^1 +gen-user-writer +coder +- /m);
    expect(result.stderr).toContain('pass --yes to run it');
    expect(result.json).toMatchObject({ success: false, status: 'invalid', errors: [{ path: 'command line', message: expect.stringContaining('--yes') }], plan: { summary: { tasks: 3 } } });
    expect(server.requests.map(requestKind)).toEqual(['plan']);
    expect(await fs.readdir(dir)).toEqual([]);
  });

  it('no valid plan after 2 repairs: exit 2, the plan in ./plan.dispatch.yaml.invalid, nothing run', async () => {
    await serve(brokenSeedPlan());
    const { args, env } = modelFlags(server, 'anthropic');
    const result = await runCli(['ask', SEED_REQUEST, '--yes', ...args], { cwd: dir, env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('the last plan is in plan.dispatch.yaml.invalid');
    expect(await fs.readdir(dir)).toEqual(['plan.dispatch.yaml.invalid']);
    expect(server.requests.map(requestKind)).toEqual(['plan', 'plan', 'plan']);
  });

  it('a failed task does not stop the synthesis; the answer comes and the exit code says a task failed', async () => {
    const check = { task_id: 'check', agent: 'shell', description: 'a check that fails', input_data: { command: 'echo broken >&2; exit 4' }, dependencies: ['gen-user-writer'] };
    const plan = { tasks: [...seedPlan().tasks.slice(0, 1), check] };
    await serve(plan);
    const { args, env } = modelFlags(server, 'openai');
    const result = await runCli(['ask', SEED_REQUEST, '--yes', '--json', '--allow-shell', ...args], { cwd: dir, env });
    expect(result.code).toBe(1);
    expect(result.json).toMatchObject({ success: false, status: 'failure', synthesis: { answer: SEED_ANSWER.answer } });
    // The table shows what waits for what.
    expect(result.stderr).toMatch(/^2 +check +shell +gen-user-writer +a check that fails$/m);
    expect(result.stderr).toContain('agents: coder ×1, shell ×1 · 1 dependency');
    const synthesisPrompt = server.requests.find((request) => requestKind(request) === 'synthesis')!.promptText;
    expect(synthesisPrompt).toContain('broken');

    // The plan was never written to a file; its copy in the dispatch folder is what a rerun runs.
    const rerun = await runCli(['rerun', '--failed', '-q', ...args], { cwd: dir, env });
    expect(rerun.code, rerun.stderr).toBe(1);
    expect(rerun.json).toMatchObject({ rerun_of: (await readJson(result.json.trace_index)).dispatch_id, tasks: [{ task_id: 'check', status: 'error' }] });
  });

  it('Ctrl-C during the synthesis cancels it: exit 130, the tasks and their traces complete', async () => {
    const model = scriptedModel([seedPlan()]);
    server = await startLoopbackModelServer({ fallback: (request) => (requestKind(request) === 'synthesis' ? { json: SEED_ANSWER, delayMs: 60_000 } : model(request)) });
    const { args, env } = modelFlags(server, 'openai');
    const result = await runCli(['ask', SEED_REQUEST, '--yes', '--json', ...args], {
      cwd: dir,
      env,
      onSpawn: (child) => void server.waitForRequests(5).then(() => child.kill('SIGINT')),
    });
    expect(result.code).toBe(130);
    expectNoStackTrace(result);
    expect(result.json).toMatchObject({ success: false, summary: { success: 3 }, synthesis: { answer: null, error: expect.any(String) } });
    expect((await readJson(result.json.trace_index)).synthesis.error).toBe(result.json.synthesis.error);
  });

  describe('on a terminal', () => {
    it('answering y runs the plan and prints the answer', async () => {
      await serve(seedPlan());
      const { args, env } = modelFlags(server, 'openai');
      const result = await runInTerminal(['ask', SEED_REQUEST, ...args], { cwd: dir, env, prompt: 'Run 3 tasks? [y/N]', answer: 'y' });
      expect(result.code, result.screen).toBe(0);
      expect(result.screen).toContain(SEED_ANSWER.answer);
      expect(result.screen).toContain('## Follow-ups');
      expect(server.requests.map(requestKind).sort()).toEqual(['plan', 'synthesis', 'task', 'task', 'task']);
      for (const file of SEED_FILES) await fs.stat(path.join(dir, file));
    });

    it('answering n runs nothing and is no error (exit 0)', async () => {
      await serve(seedPlan());
      const { args, env } = modelFlags(server, 'openai');
      const result = await runInTerminal(['ask', SEED_REQUEST, '-o', 'nodes.dispatch.yaml', ...args], { cwd: dir, env, prompt: 'Run 3 tasks? [y/N]', answer: 'n' });
      expect(result.code, result.screen).toBe(0);
      expect(result.screen).toContain('not run (the plan is in nodes.dispatch.yaml: pdispatch run nodes.dispatch.yaml)');
      expect(server.requests.map(requestKind)).toEqual(['plan']);
      expect(await fs.readdir(dir)).toEqual(['nodes.dispatch.yaml']);
    });

    it('Ctrl-C at the prompt runs nothing: exit 130', async () => {
      await serve(seedPlan());
      const { args, env } = modelFlags(server, 'openai');
      const result = await runInTerminal(['ask', SEED_REQUEST, ...args], { cwd: dir, env, prompt: 'Run 3 tasks? [y/N]', answer: '\x03' });
      expect(result.code, result.screen).toBe(130);
      expect(result.screen).toContain('cancelled: nothing was run');
      expect(server.requests.map(requestKind)).toEqual(['plan']);
    });
  });
});
