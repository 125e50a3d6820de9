import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackModelServer, type LoopbackModelServer, type RecordedRequest, type ScriptedReply } from '../../packages/core/test-support/loopback-model-server.js';
import { readZip } from '../support/read-zip.js';
import { GITHUB_TOKEN, MODEL_API_KEY, OWNER, pullRequestPayload, readTree, REPO_NAME, startRunner, writeFiles, type Runner } from './fixtures.js';
import { buildAction, runAction } from './run-action.js';

const ISSUE = 42;
const COMMENT_ID = 2_200_000_555;
const REQUEST = 'Generate three ONEX Effect nodes for database operations: user writer, product reader, and order updater';
const ANSWER = '## Three nodes\n\nThe user writer, product reader and order updater are in `nodes/`.';

let runner: Runner;
let model: LoopbackModelServer;

beforeAll(async () => {
  await buildAction();
}, 60_000);

afterEach(async () => {
  await runner?.close();
  await model?.close();
});

/** The `issue_comment` payload of a "/dispatch …" comment on pull request #42. */
function dispatchComment(request: string) {
  return {
    action: 'created',
    issue: { number: ISSUE, title: 'Database nodes', pull_request: { url: `https://api.github.com/repos/${OWNER}/${REPO_NAME}/pulls/${ISSUE}` } },
    comment: { id: COMMENT_ID, body: `/dispatch ${request}`, author_association: 'OWNER', user: { login: 'maintainer', id: 7, type: 'User' } },
    repository: { name: REPO_NAME, full_name: `${OWNER}/${REPO_NAME}`, owner: { login: OWNER } },
    sender: { login: 'maintainer', id: 7, type: 'User' },
  };
}

const coderTask = (id: string, what: string) => ({
  task_id: id,
  agent: 'coder',
  description: `Writes the ${what} node the request asks for`,
  input_data: { contract_description: `ONEX Effect node: ${what}`, node_type: 'Effect', output_path: `nodes/${id}.js` },
});

const threeNodes = { tasks: [coderTask('user-writer', 'user writer'), coderTask('product-reader', 'product reader'), coderTask('order-updater', 'order updater')] };

/** The structured output a request asks for (`dispatch_file`, `synthesis`), or undefined for a coder's text; by its schema, on either protocol. */
function schemaOf(request: RecordedRequest): string | undefined {
  const schema = request.body['response_format']?.json_schema?.schema ?? request.body['tools']?.[0]?.input_schema ?? request.body['output_config']?.format?.schema;
  if (schema === undefined) return undefined;
  return 'tasks' in (schema.properties ?? {}) ? 'dispatch_file' : 'answer' in (schema.properties ?? {}) ? 'synthesis' : 'unexpected';
}

const ANSWERED: ScriptedReply = { json: { answer: ANSWER, highlights: ['three Effect nodes'], follow_ups: ['add tests for the nodes'] }, inputTokens: 400, outputTokens: 80 };

/** Replies by what is asked: the plans in order, a file for each coder task, then the answer. */
function replies(plans: readonly unknown[], synthesis: ScriptedReply): (request: RecordedRequest) => ScriptedReply {
  const queue = [...plans];
  return (request) => {
    const schema = schemaOf(request);
    if (schema === 'dispatch_file') return { json: queue.shift() ?? { tasks: [] }, inputTokens: 1000, outputTokens: 200 };
    if (schema === 'synthesis') return synthesis;
    const id = /nodes\/([\w-]+)\.js/.exec(request.promptText)?.[1] ?? 'node';
    return { text: `Here is the file:\n\n\`\`\`js\nexport const ${id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())} = () => true;\n\`\`\`\n`, inputTokens: 100, outputTokens: 30 };
  };
}

const inputs = (extra: Record<string, string> = {}) => ({
  request: REQUEST,
  model: 'openai-compatible:planner-test',
  'model-base-url': model.baseUrl,
  'model-api-key': MODEL_API_KEY,
  ...extra,
});

async function start(plans: readonly unknown[], synthesis = ANSWERED): Promise<void> {
  runner = await startRunner();
  model = await startLoopbackModelServer({ fallback: replies(plans, synthesis) });
  await writeFiles(runner.workspace, { 'README.md': '# Shop\n', 'src/db.js': 'export const db = {};\n' });
}

describe('the action with a request', () => {
  it.each(['openai-compatible:planner-test', 'anthropic:claude-test'])('plans, runs and answers with %s: the plan in the artifact, the answer in the summary, the comment and the outputs', async (modelName) => {
    await start([threeNodes]);
    const result = await runAction({ workspace: runner.workspace, inputs: inputs({ model: modelName }), githubToken: GITHUB_TOKEN, env: await runner.env({ name: 'issue_comment', payload: dispatchComment(REQUEST) }) });
    expect(result.code, result.stdout + result.stderr).toBe(0);

    // The planner got the request; then three coder tasks ran and one synthesis answered, all with the action's key.
    expect(model.requests.map(schemaOf)).toEqual(['dispatch_file', undefined, undefined, undefined, 'synthesis']);
    expect(model.requests[0]!.promptText).toContain(REQUEST);
    expect(model.requests[0]!.promptText).toContain('src/db.js');
    for (const request of model.requests) expect(request.headers['authorization'] ?? request.headers['x-api-key']).toMatch(new RegExp(`^(Bearer )?${MODEL_API_KEY}$`));
    expect(model.requests[4]!.promptText).toContain('user-writer');
    for (const id of ['user-writer', 'product-reader', 'order-updater']) await expect(fs.stat(path.join(runner.workspace, 'nodes', `${id}.js`))).resolves.toBeDefined();
    expect(result.stdout).toContain(`planning: asking ${modelName} for a plan`);

    // Outputs: the answer, and tokens over planning, tasks and synthesis.
    expect(result.outputs).toMatchObject({ status: 'success', 'success-count': '3', 'failure-count': '0', answer: ANSWER });
    const summary = JSON.parse(result.outputs['summary']!);
    expect(summary).toMatchObject({ total: 3, input_tokens: 1000 + 300 + 400, output_tokens: 200 + 90 + 80 });
    expect(summary.tokens_by_stage).toEqual({
      // The loopback models have no price: a cost unknown is null, never a guessed 0.
      planning: { input_tokens: 1000, output_tokens: 200, cost_usd: null },
      tasks: { input_tokens: 300, output_tokens: 90, cost_usd: null },
      synthesis: { input_tokens: 400, output_tokens: 80, cost_usd: null },
    });

    // The artifact: the index, the task traces, and the plan, its record and the synthesis.
    const index = JSON.parse(await fs.readFile(result.outputs['dispatch-index']!, 'utf8'));
    const id: string = index.dispatch_id;
    expect(index.planned_from).toEqual({ request: REQUEST, plan_file: path.join(result.outputs['trace-dir']!, id, 'plan.dispatch.json') });
    const [artifact] = runner.artifacts.finalized('dispatch-traces');
    const zipped = await readZip(artifact!.blob!);
    expect([...zipped.keys()].filter((name) => name.startsWith(`${id}/`)).sort()).toEqual(
      [`${id}/order-updater.json`, `${id}/plan.dispatch.json`, `${id}/plan.json`, `${id}/product-reader.json`, `${id}/synthesis.json`, `${id}/user-writer.json`].sort(),
    );
    const plan = JSON.parse(zipped.get(`${id}/plan.dispatch.json`)!.toString('utf8'));
    expect(plan.user_prompt).toBe(REQUEST);
    expect(plan.tasks.map((task: { task_id: string }) => task.task_id)).toEqual(['user-writer', 'product-reader', 'order-updater']);
    expect(JSON.parse(zipped.get(`${id}/plan.json`)!.toString('utf8'))).toMatchObject({ request: REQUEST, status: 'valid', input_tokens: 1000 });
    expect(JSON.parse(zipped.get(`${id}/synthesis.json`)!.toString('utf8'))).toMatchObject({ answer: { answer: ANSWER } });

    // The job summary: the request, the answer, the plan as a table, the results.
    expect(result.summary).toContain('## ✅ Parallel Dispatcher: request — all 3 tasks succeeded');
    expect(result.summary).toContain(`> ${REQUEST}\n`);
    expect(result.summary).toContain(`### Answer\n\n${ANSWER}\n`);
    expect(result.summary).toContain('- add tests for the nodes');
    expect(result.summary).toContain('| `product-reader` | `coder` | – | Writes the product reader node the request asks for |');
    expect(result.summary).toContain('Files it writes: `nodes/user-writer.js`, `nodes/product-reader.js`, `nodes/order-updater.js`');
    expect(result.summary).toMatch(/### Results\n\n\*\*3 tasks\*\*: 3 succeeded .* tokens 1,700 in \/ 370 out/);

    // One reply on the pull request the comment was made on, for that comment.
    const comments = runner.rest.commentsOn(ISSUE);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body.startsWith(`<!-- parallel-dispatcher:request:comment-${COMMENT_ID} -->\n### ✅ Parallel Dispatcher: request — all 3 tasks succeeded`)).toBe(true);
    expect(comments[0]!.body).toContain(ANSWER);
    expect(comments[0]!.body).toContain('<details><summary>Plan: 3 tasks</summary>');
    expect(comments[0]!.body).toContain(`> ${REQUEST}`);

    // No key anywhere the step wrote.
    const traces = [...(await readTree(result.outputs['trace-dir']!)).values()].map((content) => content.toString('utf8'));
    const everything = [result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n'), result.stderr, result.summary, JSON.stringify(result.outputs), comments[0]!.body, ...traces, ...[...zipped.values()].map((content) => content.toString('utf8'))];
    for (const text of everything) {
      expect(text).not.toContain(MODEL_API_KEY);
      expect(text).not.toContain(GITHUB_TOKEN);
    }
  });

  it('on a pull request gives the planner its changed files, which a plan may go over with for_each, within max-tasks', async () => {
    const perFile = {
      tasks: [
        {
          task_id: 'notes',
          agent: 'coder',
          description: 'Writes review notes for one changed file',
          for_each: { files: 'changed' },
          input_data: { contract_description: 'Review notes for {{file}}', output_path: 'notes/{{file}}.txt', language: 'text' },
        },
      ],
    };
    runner = await startRunner({ pullRequestFiles: { [ISSUE]: [{ filename: 'src/a.js', status: 'modified' }, { filename: 'src/b.js', status: 'added' }, { filename: 'src/gone.js', status: 'removed' }] } });
    model = await startLoopbackModelServer({ fallback: replies([perFile, perFile, perFile, perFile], ANSWERED) });
    await writeFiles(runner.workspace, { 'src/a.js': 'export const a = 1;\n', 'src/b.js': 'export const b = 2;\n' });
    const env = await runner.env({ name: 'pull_request', payload: pullRequestPayload(ISSUE) });
    const result = await runAction({ workspace: runner.workspace, inputs: inputs(), githubToken: GITHUB_TOKEN, env });
    expect(result.code, result.stdout).toBe(0);
    expect(model.requests[0]!.promptText).toMatch(/Changed files \(2 files; [^\n]*\):\n.*src\/a\.js\n.*src\/b\.js/);
    const index = JSON.parse(await fs.readFile(result.outputs['dispatch-index']!, 'utf8'));
    expect(index.tasks.map((task: { task_id: string }) => task.task_id)).toEqual(['notes.src-a.js', 'notes.src-b.js']);
    await expect(fs.readFile(path.join(runner.workspace, 'notes/src/b.js.txt'), 'utf8')).resolves.toContain('export const');

    // Counted over the changed files: two copies are more than max-tasks 1.
    const limited = await runAction({ workspace: runner.workspace, inputs: inputs({ 'max-tasks': '1', 'artifact-name': 'limited' }), githubToken: GITHUB_TOKEN, env });
    expect(limited.code).toBe(1);
    expect(limited.stdout).toMatch(/tasks: the plan has 2 tasks after for_each expansion; at most 1 are allowed \(raise it with the action input max-tasks\)/);
  });

  it('says when the synthesis failed and fails the step, the tasks\' results still reported', async () => {
    await start([threeNodes], { status: 400, body: { error: { message: 'context length exceeded' } } });
    const result = await runAction({ workspace: runner.workspace, inputs: inputs(), githubToken: GITHUB_TOKEN, env: await runner.env({ name: 'issue_comment', payload: dispatchComment(REQUEST) }) });
    expect(result.code).toBe(1);
    expect(model.requests.map(schemaOf)).toEqual(['dispatch_file', undefined, undefined, undefined, 'synthesis']);
    expect(result.outputs).toMatchObject({ status: 'success', 'success-count': '3' });
    expect(result.outputs['answer']).toBeUndefined();
    expect(result.summary).toMatch(/### Answer\n\n\*\*No answer\*\*: the synthesis failed: .*context length exceeded/);
    expect(result.stdout).toMatch(/^::error::no answer: the synthesis failed: .*context length exceeded.*; set fail-on-error: false/m);
    expect(runner.rest.commentsOn(ISSUE)[0]!.body).toContain('**No answer**: the synthesis failed');
  });

  it('on SIGTERM while planning stops asking, runs nothing and says the job was cancelled', async () => {
    runner = await startRunner();
    model = await startLoopbackModelServer({ fallback: { json: threeNodes, delayMs: 60_000 } });
    const result = await runAction({
      workspace: runner.workspace,
      inputs: inputs(),
      githubToken: GITHUB_TOKEN,
      env: await runner.env({ name: 'issue_comment', payload: dispatchComment(REQUEST) }),
      onSpawn: (child) => {
        void model.waitForRequests(1).then(() => child.kill('SIGTERM'));
      },
    });
    expect(result.code).toBe(1);
    expect(result.outputs['status']).toBe('cancelled');
    expect(result.stdout).toMatch(/^::error::the job was cancelled while planning \(cancelled by SIGTERM/m);
    expect(model.requests).toHaveLength(1);
    expect(runner.rest.requests).toHaveLength(0);
  });

  it('fails clearly when given both tasks and request, or neither, and asks no model', async () => {
    await start([threeNodes]);
    await writeFiles(runner.workspace, { 'one.dispatch.json': JSON.stringify({ tasks: [{ task_id: 'a', agent: 'coder', input_data: { contract_description: 'x', output_path: 'a.js' } }] }) });
    const env = await runner.env({ name: 'issue_comment', payload: dispatchComment(REQUEST) });
    const both = await runAction({ workspace: runner.workspace, inputs: inputs({ tasks: 'one.dispatch.json' }), githubToken: GITHUB_TOKEN, env });
    expect(both.code).toBe(1);
    expect(both.outputs['status']).toBe('failure');
    expect(both.annotations.filter((annotation) => annotation.level === 'error').map((annotation) => annotation.message)).toEqual([
      'invalid action inputs:\n  - tasks, request: give one of them, not both (tasks names a dispatch file to run; request asks the model to plan one from plain words)',
    ]);
    expect(both.stderr).not.toMatch(/\n\s+at /);

    const neither = await runAction({ workspace: runner.workspace, inputs: inputs({ request: '' }), githubToken: GITHUB_TOKEN, env });
    expect(neither.code).toBe(1);
    expect(neither.annotations.find((annotation) => annotation.level === 'error')!.message).toContain('tasks, request: one of them is required');

    expect(model.requests).toHaveLength(0);
    expect(runner.rest.requests).toHaveLength(0);
    expect(runner.artifacts.requests).toHaveLength(0);
  });

  it('fails clearly without a model to plan with, or when the model refuses the key', async () => {
    await start([threeNodes]);
    const env = await runner.env({ name: 'issue_comment', payload: dispatchComment(REQUEST) });
    const noModel = await runAction({ workspace: runner.workspace, inputs: { request: REQUEST }, githubToken: GITHUB_TOKEN, env });
    expect(noModel.code).toBe(1);
    expect(noModel.stdout).toMatch(/^::error::request: planning needs a model: set the model input \(e\.g\. model: anthropic:claude-sonnet-4-5\) and model-api-key$/m);
    expect(model.requests).toHaveLength(0);

    await model.close();
    model = await startLoopbackModelServer({ fallback: { status: 401, body: { error: { message: 'invalid x-api-key' } } } });
    const refused = await runAction({ workspace: runner.workspace, inputs: inputs(), githubToken: GITHUB_TOKEN, env });
    expect(refused.code).toBe(1);
    expect(refused.outputs['status']).toBe('failure');
    expect(refused.stdout).toMatch(/^::error::request: planning failed: .*401/m);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(model.requests).toHaveLength(1);
    expect(runner.rest.requests).toHaveLength(0);
  });

  it('fails a plan still invalid after two repairs, listing its problems, with the plan in the artifact and no task run', async () => {
    const invalid = {
      tasks: [
        { ...coderTask('a', 'user writer'), dependencies: ['b'] },
        { ...coderTask('b', 'product reader'), dependencies: ['a'] },
        { task_id: 'leak', agent: 'shell', description: 'Shows the environment', input_data: { command: 'env > leaked.txt' } },
      ],
    };
    await start([invalid, invalid, invalid]);
    const result = await runAction({ workspace: runner.workspace, inputs: inputs(), githubToken: GITHUB_TOKEN, env: await runner.env({ name: 'issue_comment', payload: dispatchComment(REQUEST) }) });
    expect(result.code).toBe(1);
    expect(result.outputs['status']).toBe('failure');

    // Three plans asked for (the first and two repairs), nothing else: no task ran.
    expect(model.requests.map(schemaOf)).toEqual(['dispatch_file', 'dispatch_file', 'dispatch_file']);
    await expect(fs.stat(path.join(runner.workspace, 'nodes'))).rejects.toThrow();
    await expect(fs.stat(path.join(runner.workspace, 'leaked.txt'))).rejects.toThrow();
    expect(result.outputs['dispatch-index']).toBeUndefined();

    // The problems: in the error annotation, the summary and the comment.
    const failure = result.annotations.find((annotation) => annotation.level === 'error')!;
    expect(failure.message).toMatch(/^the plan made from the request after 2 repair rounds is invalid \(2 problems\):/);
    expect(failure.message).toMatch(/tasks\[0\]\.dependencies: circular dependency/);
    expect(failure.message).toContain('tasks[2].agent: agent "shell" runs commands, which are not allowed here (set the action input allow-shell: true to allow them (read the action README first: the request is untrusted text))');
    expect(result.summary).toContain('## ⚠️ Parallel Dispatcher: the plan made from the request is invalid (2 problems); no task ran');
    expect(result.summary).toContain(`> ${REQUEST}`);
    expect(result.summary).toMatch(/- `tasks\[0\]\.dependencies`: circular dependency/);
    expect(result.summary).toContain('plan.dispatch.json.invalid');
    const [comment] = runner.rest.commentsOn(ISSUE);
    expect(comment!.body.startsWith(`<!-- parallel-dispatcher:request:comment-${COMMENT_ID} -->\n### ⚠️ Parallel Dispatcher: the plan made from the request is invalid`)).toBe(true);

    // The last plan and every round are in the artifact, for whoever fixes the request.
    const [artifact] = runner.artifacts.finalized('dispatch-traces');
    expect(result.outputs['artifact-id']).toBe(String(artifact!.id));
    const zipped = await readZip(artifact!.blob!);
    expect([...zipped.keys()].sort()).toEqual(['plan.dispatch.json.invalid', 'plan.json']);
    expect(JSON.parse(zipped.get('plan.dispatch.json.invalid')!.toString('utf8')).tasks.map((task: { task_id: string }) => task.task_id)).toEqual(['a', 'b', 'leak']);
    const record = JSON.parse(zipped.get('plan.json')!.toString('utf8'));
    expect(record).toMatchObject({ status: 'invalid', request: REQUEST });
    expect(record.rounds.map((round: { problems: unknown[] }) => round.problems.length)).toEqual([2, 2, 2]);
    expect(JSON.stringify([...zipped.values()].map(String))).not.toContain(MODEL_API_KEY);
  });
});
