import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../support/read-zip.js';
import { isAlive, waitFor } from '../support/run-cli.js';
import {
  GITHUB_TOKEN,
  MODEL_API_KEY,
  OWNER,
  pullRequestPayload,
  pushPayload,
  readTree,
  REPO_NAME,
  RUN_ID,
  startRunner,
  writeFiles,
  type Runner,
} from './fixtures.js';
import { buildAction, REPO, runAction, type ActionResult } from './run-action.js';

/** An `onSpawn` that acts once the action's log shows `line`. */
function once(line: string, act: (child: ChildProcess) => void): (child: ChildProcess, stdout: () => string) => void {
  return (child, stdout) => {
    const poll = setInterval(() => {
      if (!stdout().includes(line)) return;
      clearInterval(poll);
      act(child);
    }, 20);
  };
}

const PR = 42;
let runner: Runner;

beforeAll(async () => {
  await buildAction();
}, 60_000);

afterEach(async () => {
  await runner?.close();
});

/** No secret anywhere the step writes, except the `::add-mask::` lines that tell the runner to mask them. */
function expectNoSecrets(texts: readonly string[], secrets: readonly string[]): void {
  for (const text of texts) {
    const visible = text.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');
    for (const secret of secrets) expect(visible).not.toContain(secret);
  }
}

function pullRequestFiles() {
  return {
    [PR]: [
      { filename: 'src/auth/login.js', status: 'modified' as const },
      { filename: 'src/auth/session.js', status: 'added' as const },
      { filename: 'src/legacy.js', status: 'removed' as const },
      { filename: 'docs/auth.md', status: 'modified' as const },
      { filename: 'src/util.js', status: 'renamed' as const },
    ],
  };
}

const reviewDispatch = `# One check per changed source file, then a report that reads their outputs.
workspace_path: ..
config:
  max_workers: 3
  trace_dir: .dispatch/traces
tasks:
  - task_id: lines
    agent: shell
    description: Count the lines of {{file}}
    for_each: { files: changed }
    input_data:
      argv: [node, -e, "const t = require('fs').readFileSync(process.argv[1], 'utf8'); console.log(JSON.stringify({ file: process.argv[1], lines: t.split('\\\\n').length - 1 }))", "{{file}}"]
  - task_id: environment
    agent: shell
    description: What a task's process can see
    input_data: { command: "env; cat /proc/self/environ | tr '\\\\0' '\\\\n'" }
  - task_id: report
    agent: shell
    depends_on: [lines]
    input_data:
      argv: [node, -e, "const d = JSON.parse(process.env.PDISPATCH_DEPENDENCIES); console.log(Object.values(d).map((o) => o.json.file + ': ' + o.json.lines).sort().join('; '))"]
`;

async function reviewRepository(workspace: string): Promise<void> {
  await writeFiles(workspace, {
    'ci/review.dispatch.yaml': reviewDispatch,
    'src/auth/login.js': 'export function login() {\n  return true;\n}\n',
    'src/auth/session.js': 'export const ttl = 60;\n',
    'src/util.js': 'export const id = (x) => x;\n',
    'docs/auth.md': '# Auth\n',
  });
}

describe('the action on a pull request', () => {
  it('runs a task per changed file, uploads every trace, writes the summary and one comment, sets the outputs', async () => {
    runner = await startRunner({ pullRequestFiles: pullRequestFiles(), maxPerPage: 2 });
    await reviewRepository(runner.workspace);
    // Other people's comments fill the first pages: the action must page through them.
    for (let n = 0; n < 3; n++) runner.rest.addComment(PR, `LGTM ${n}`);

    const inputs = { tasks: 'ci/review.dispatch.yaml', 'allow-shell': 'true', 'model-api-key': MODEL_API_KEY };
    const first = await runAction({ workspace: runner.workspace, inputs, githubToken: GITHUB_TOKEN, env: await runner.env({ name: 'pull_request', payload: pullRequestPayload(PR) }) });
    expect(first.code, first.stdout + first.stderr).toBe(0);

    // for_each: the PR's files but the removed one, listed page by page (per_page capped at 2 here).
    const fileRequests = runner.rest.requests.filter((request) => request.path.endsWith(`/pulls/${PR}/files`));
    expect(fileRequests.map((request) => request.query['page'] ?? '1')).toEqual(['1', '2', '3']);
    for (const request of runner.rest.requests) expect(request.authorization).toBe(`token ${GITHUB_TOKEN}`);
    const traceDir = path.join(runner.workspace, '.dispatch/traces');
    const index = JSON.parse(await fs.readFile(first.outputs['dispatch-index']!, 'utf8'));
    expect(index.tasks.map((task: { task_id: string }) => task.task_id).sort()).toEqual([
      'environment',
      'lines.docs-auth.md',
      'lines.src-auth-login.js',
      'lines.src-auth-session.js',
      'lines.src-util.js',
      'report',
    ]);
    const report = JSON.parse(await fs.readFile(path.join(traceDir, index.tasks.find((task: { task_id: string }) => task.task_id === 'report').trace_file), 'utf8'));
    expect(report.output.stdout.trim()).toBe('docs/auth.md: 1; src/auth/login.js: 3; src/auth/session.js: 1; src/util.js: 1');

    // Outputs.
    expect(first.outputs).toMatchObject({ status: 'success', 'success-count': '6', 'failure-count': '0', 'failed-tasks': '[]', 'trace-dir': traceDir });
    expect(JSON.parse(first.outputs['summary']!)).toMatchObject({ total: 6, success: 6, error: 0 });
    const [artifact] = runner.artifacts.finalized('dispatch-traces');
    expect(artifact).toBeDefined();
    expect(first.outputs['artifact-id']).toBe(String(artifact!.id));
    expect(first.outputs['artifact-url']).toBe(`https://github.com/${OWNER}/${REPO_NAME}/actions/runs/${RUN_ID}/artifacts/${artifact!.id}`);

    // The artifact holds every trace file, byte for byte.
    const zipped = await readZip(artifact!.blob!);
    const onDisk = await readTree(traceDir);
    expect([...zipped.keys()].sort()).toEqual([...onDisk.keys()].sort());
    expect(zipped.size).toBe(9); // the index, six task traces, the HTML report and the Perfetto trace
    for (const [name, content] of onDisk) expect(zipped.get(name)?.equals(content), name).toBe(true);
    const html = zipped.get('report.html')!.toString('utf8');
    expect(html).toContain('Content-Security-Policy');
    expect(html).toContain(path.basename(first.outputs['dispatch-index']!, '.json'));
    const perfetto = JSON.parse(zipped.get('trace.perfetto.json')!.toString('utf8')) as { traceEvents: { ph: string; name: string }[] };
    expect(perfetto.traceEvents.filter((event) => event.ph === 'X').map((event) => event.name)).toContain('report');
    expect(first.summary).toContain('It also holds `report.html` (the HTML report');

    // The job summary: status, table, gantt, totals, artifact link.
    expect(first.summary).toContain('✅ Parallel Dispatcher: `ci/review.dispatch.yaml` — all 6 tasks succeeded');
    expect(first.summary).toMatch(/\| `lines\.src-auth-login\.js` \| ✅ success \| `shell` \| [\d.]+ m?s \|/);
    expect(first.summary).toContain('```mermaid\ngantt\n');
    expect(first.summary).toMatch(/ {4}report :done, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}, /);
    expect(first.summary).toContain('**6 tasks**: 6 succeeded · 0 failed');
    expect(first.summary).toContain(`[dispatch-traces](${first.outputs['artifact-url']})`);

    // One comment, with the marker, after the three that were there.
    const comments = runner.rest.commentsOn(PR);
    expect(comments).toHaveLength(4);
    const ours = comments[3]!;
    expect(ours.body.startsWith('<!-- parallel-dispatcher:ci/review.dispatch.yaml -->\n')).toBe(true);
    expect(ours.body).toContain('all 6 tasks succeeded');
    expect(ours.body).toContain(first.outputs['artifact-url']);
    expect(ours.body.length).toBeLessThan(65_536);

    // The second run (a new workflow run on the same pull request) updates that comment.
    const second = await runAction({
      workspace: runner.workspace,
      inputs: { ...inputs, 'artifact-name': 'dispatch-traces' },
      githubToken: GITHUB_TOKEN,
      env: await runner.env({ name: 'pull_request', payload: pullRequestPayload(PR) }),
    });
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(runner.rest.commentsOn(PR)).toHaveLength(4);
    expect(runner.rest.commentsOn(PR)[3]!.id).toBe(ours.id);
    expect(runner.rest.commentsOn(PR)[3]!.body).toContain(JSON.parse(await fs.readFile(second.outputs['dispatch-index']!, 'utf8')).dispatch_id);
    expect(runner.rest.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(runner.rest.requests.filter((request) => request.method === 'PATCH')).toHaveLength(1);
    expect(runner.artifacts.finalized('dispatch-traces')).toHaveLength(2);

    // Secrets: masked in the log, and in nothing the step wrote; not in any task's environment.
    const runtimeTokens = runner.artifacts.requests.map((request) => request.authorization?.replace('Bearer ', '')).filter((token): token is string => token !== undefined);
    expect(runtimeTokens.length).toBeGreaterThan(0);
    expect(first.stdout).toContain(`::add-mask::${MODEL_API_KEY}`);
    expect(first.stdout).toContain(`::add-mask::${GITHUB_TOKEN}`);
    const traces = [...(await readTree(traceDir)).values()].map((content) => content.toString('utf8'));
    const environmentTrace = JSON.parse(await fs.readFile(path.join(traceDir, index.tasks.find((task: { task_id: string }) => task.task_id === 'environment').trace_file), 'utf8'));
    const environment: string = environmentTrace.output.stdout;
    expect(environment).toContain('GITHUB_REPOSITORY=octo-org/octo-repo');
    // The action's inputs are the variables named INPUT_* (PDISPATCH_INPUT_FILE is the task's own).
    expect(environment).not.toMatch(/^(INPUT_|ACTIONS_RUNTIME_TOKEN|ACTIONS_RESULTS_URL|ACTIONS_RUNTIME_URL|ACTIONS_ID_TOKEN_REQUEST|GITHUB_TOKEN=)/m);
    const everything = [
      ...[first, second].flatMap((result) => [result.stdout, result.stderr, result.summary, JSON.stringify(result.outputs)]),
      ...runner.rest.commentsOn(PR).map((comment) => comment.body),
      ...traces,
      ...(await Promise.all(runner.artifacts.artifacts.map(async (stored) => [...(await readZip(stored.blob!)).values()].map((content) => content.toString('utf8'))))).flat(),
    ];
    expectNoSecrets(everything, [MODEL_API_KEY, GITHUB_TOKEN, 'oidc-request-token-3c1d9e7f5a2b4c6d8e0f', ...new Set(runtimeTokens)]);
  });

  it('fails the step for a failed task, with an error annotation on the dispatch file; fail-on-error: false keeps it green', async () => {
    runner = await startRunner({ pullRequestFiles: pullRequestFiles() });
    await writeFiles(runner.workspace, {
      'pipeline.dispatch.json': JSON.stringify({
        tasks: [
          { task_id: 'build', agent: 'shell', input_data: { command: 'echo built' } },
          { task_id: 'test', agent: 'shell', input_data: { command: 'echo "2 tests failed: expected 3 to be 4" >&2; exit 2' }, dependencies: ['build'] },
          { task_id: 'publish', agent: 'shell', input_data: { command: 'echo published' }, dependencies: ['test'] },
          { task_id: 'lint', agent: 'shell', input_data: { command: 'echo linted' } },
        ],
      }),
    });
    const inputs = { tasks: 'pipeline.dispatch.json', 'allow-shell': 'true' };
    const failed = await runAction({ workspace: runner.workspace, inputs, githubToken: GITHUB_TOKEN, env: await runner.env({ name: 'pull_request', payload: pullRequestPayload(PR) }) });

    expect(failed.code).toBe(1);
    expect(failed.outputs).toMatchObject({ status: 'failure', 'success-count': '2', 'failure-count': '1', 'failed-tasks': '["test"]' });
    const errors = failed.annotations.filter((annotation) => annotation.level === 'error');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ properties: { title: 'Task test failed (agent shell)', file: 'pipeline.dispatch.json' } });
    expect(errors[0]!.message).toMatch(/^agent: command exited with code 2/);
    expect(errors[0]!.message).toContain('2 tests failed: expected 3 to be 4');
    expect(failed.stdout).toMatch(/^::error::2 of 4 tasks did not succeed \(failed: test; skipped: publish\); set fail-on-error: false/m);
    expect(failed.summary).toContain('❌ Parallel Dispatcher: `pipeline.dispatch.json` — failed: 1 of 4 tasks failed, 1 skipped');
    expect(failed.summary).toContain('| `publish` | ⏭️ skipped |');
    const comment = runner.rest.commentsOn(PR)[0]!;
    expect(comment.body).toContain('1 of 4 tasks failed');
    // The compact table lists what did not succeed first.
    expect(comment.body.indexOf('| `test` | ❌ error |')).toBeLessThan(comment.body.indexOf('<details>'));
    expect(runner.artifacts.finalized('dispatch-traces')).toHaveLength(1);

    const tolerated = await runAction({
      workspace: runner.workspace,
      inputs: { ...inputs, 'fail-on-error': 'false', 'artifact-name': 'traces-2' },
      githubToken: GITHUB_TOKEN,
      env: await runner.env({ name: 'pull_request', payload: pullRequestPayload(PR) }),
    });
    expect(tolerated.code).toBe(0);
    expect(tolerated.outputs['status']).toBe('failure');
    expect(tolerated.annotations.filter((annotation) => annotation.level === 'error')).toHaveLength(1);
    expect(runner.rest.commentsOn(PR)).toHaveLength(1);
  });

  it('puts findings with a file and a line on those lines as warnings, most confident first, ten at most', async () => {
    runner = await startRunner({ pullRequestFiles: pullRequestFiles() });
    const locations = Array.from({ length: 12 }, (_, n) => ({ file: 'src/auth/login.js', line: n + 1, description: `suspicious line ${n + 1}`, confidence: (n + 1) / 12 }));
    await writeFiles(runner.workspace, {
      'src/auth/login.js': 'x\n'.repeat(12),
      'checks/findings.dispatch.json': JSON.stringify({
        workspace_path: '..',
        config: { agents: { finder: { kind: 'command', argv: ['node', '-e', 'console.log(process.env.PDISPATCH_INPUT)'] } } },
        tasks: [
          { task_id: 'find', agent: 'finder', input_data: { root_cause: 'the token is never refreshed', affected_locations: locations, evidence: ['../outside.js:3'] } },
          { task_id: 'broken', agent: 'shell', input_data: { command: 'exit 1' } },
        ],
      }),
    });
    const result = await runAction({
      workspace: runner.workspace,
      inputs: { tasks: 'checks/findings.dispatch.json', 'allow-shell': 'true', comment: 'off' },
      env: await runner.env({ name: 'pull_request', payload: pullRequestPayload(PR) }),
    });
    expect(result.code).toBe(1);
    const warnings = result.annotations.filter((annotation) => annotation.level === 'warning');
    expect(warnings).toHaveLength(10);
    expect(warnings[0]).toEqual({ level: 'warning', properties: { title: 'Finding: src/auth/login.js:12', file: 'src/auth/login.js', line: '12' }, message: 'suspicious line 12 (task find, confidence 100%)' });
    expect(warnings[8]!.properties).toMatchObject({ file: 'src/auth/login.js', line: '4' });
    expect(warnings[9]).toMatchObject({ properties: { title: 'More findings' }, message: '3 more findings in the traces: src/auth/login.js:3, src/auth/login.js:2, src/auth/login.js:1' });
    // The failed task's error comes first among the errors; the step's failure is the last.
    expect(result.annotations.filter((annotation) => annotation.level === 'error').map((annotation) => annotation.properties['title'] ?? 'setFailed')).toEqual(['Task broken failed (agent shell)', 'setFailed']);
  });

  it('fails the step for an invalid dispatch file, listing every problem, and runs nothing', async () => {
    runner = await startRunner();
    await writeFiles(runner.workspace, {
      'bad.dispatch.yaml': 'config:\n  max_workers: 0\ntasks:\n  - { task_id: a, agent: shel, input_data: { command: "true" } }\n  - { task_id: b, agent: shell, input_data: { command: "true" }, dependencies: [zz] }\n',
    });
    const result = await runAction({
      workspace: runner.workspace,
      inputs: { tasks: 'bad.dispatch.yaml', 'allow-shell': 'true' },
      githubToken: GITHUB_TOKEN,
      env: await runner.env({ name: 'pull_request', payload: pullRequestPayload(PR) }),
    });
    expect(result.code).toBe(1);
    const failure = result.annotations.find((annotation) => annotation.level === 'error' && Object.keys(annotation.properties).length === 0)!;
    expect(failure.message).toContain('bad.dispatch.yaml is invalid (3 problems)');
    expect(failure.message).toContain('config.max_workers');
    expect(failure.message).toContain('tasks[0].agent: unknown agent "shel"');
    expect(failure.message).toContain('tasks[1].dependencies[0]: unknown task "zz"');
    expect(result.outputs['status']).toBe('failure');
    expect(result.summary).toContain('⚠️ Parallel Dispatcher: `bad.dispatch.yaml` is invalid (3 problems); no task ran');
    expect(result.summary).toContain('- `tasks[1].dependencies[0]`: unknown task "zz"');
    expect(runner.rest.commentsOn(PR)[0]!.body).toContain('is invalid (3 problems)');
    expect(runner.artifacts.requests).toHaveLength(0);
    await expect(fs.stat(path.join(runner.workspace, 'traces'))).rejects.toThrow();
  });

  it('refuses shell tasks unless allow-shell is true, saying how to allow them', async () => {
    runner = await startRunner();
    await writeFiles(runner.workspace, {
      'steal.dispatch.json': JSON.stringify({
        config: { agents: { exfiltrate: { kind: 'command', command: 'env' } } },
        tasks: [
          { task_id: 'curl', agent: 'shell', input_data: { command: 'env > leaked.txt' } },
          { task_id: 'custom', agent: 'exfiltrate' },
        ],
      }),
    });
    const result = await runAction({
      workspace: runner.workspace,
      inputs: { tasks: 'steal.dispatch.json', comment: 'off' },
      githubToken: GITHUB_TOKEN,
      env: await runner.env({ name: 'pull_request', payload: pullRequestPayload(PR) }),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error::steal\.dispatch\.json is invalid \(2 problems\)/m);
    const failure = result.annotations.find((annotation) => annotation.level === 'error')!;
    expect(failure.message).toContain('tasks[0].agent: agent "shell" runs commands, which are not allowed here (set the action input allow-shell: true to allow them');
    expect(failure.message).toContain('tasks[1].agent: agent "exfiltrate" runs commands');
    await expect(fs.stat(path.join(runner.workspace, 'leaked.txt'))).rejects.toThrow();
    expect(runner.rest.requests).toHaveLength(0);
  });

  it('warns but does not fail when the artifact name is taken in the run or the token cannot comment', async () => {
    runner = await startRunner({ readOnly: true });
    await writeFiles(runner.workspace, { 'one.dispatch.json': JSON.stringify({ tasks: [{ task_id: 'hello', agent: 'shell', input_data: { command: 'echo hello' } }] }) });
    const token = runner.artifacts.runtimeToken();
    const inputs = { tasks: 'one.dispatch.json', 'allow-shell': 'true', 'retention-days': '3' };
    const first = await runAction({ workspace: runner.workspace, inputs, githubToken: GITHUB_TOKEN, env: await runner.env({ name: 'pull_request', payload: pullRequestPayload(PR) }, token) });
    expect(first.code, first.stdout).toBe(0);
    expect(runner.artifacts.artifacts[0]!.expiresAt).toBeDefined();
    const commentWarning = first.annotations.find((annotation) => annotation.properties['title'] === 'Pull-request comment not written');
    expect(commentWarning?.message).toContain('pull-requests: write');

    // Same workflow run, same artifact name: the service answers 409.
    const second = await runAction({ workspace: runner.workspace, inputs, githubToken: GITHUB_TOKEN, env: await runner.env({ name: 'pull_request', payload: pullRequestPayload(PR) }, token) });
    expect(second.code, second.stdout).toBe(0);
    expect(second.outputs['status']).toBe('success');
    expect(second.outputs['artifact-id']).toBeUndefined();
    const uploadWarning = second.annotations.find((annotation) => annotation.properties['title'] === 'Trace artifact not uploaded');
    expect(uploadWarning?.message).toContain('already exists in this workflow run');
    expect(second.summary).toContain('📦 Traces were not uploaded');
    expect(runner.artifacts.requests.filter((request) => request.status === 409)).toHaveLength(1);
  });

  it('on SIGTERM cancels the dispatch, stops its processes, and still uploads the traces and sets the outputs', async () => {
    runner = await startRunner();
    await writeFiles(runner.workspace, {
      'long.dispatch.json': JSON.stringify({
        tasks: [
          { task_id: 'long', agent: 'shell', input_data: { command: 'sleep 30 & echo $! > child.pid; wait' } },
          { task_id: 'after', agent: 'shell', input_data: { command: 'true' }, dependencies: ['long'] },
        ],
      }),
    });
    const result = await runAction({
      workspace: runner.workspace,
      inputs: { tasks: 'long.dispatch.json', 'allow-shell': 'true' },
      env: await runner.env({ name: 'workflow_dispatch', payload: { inputs: {}, ref: 'refs/heads/main', repository: {} } }),
      onSpawn: once('▶ long started', (child) => setTimeout(() => child.kill('SIGTERM'), 200)),
    });
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({ status: 'cancelled', 'success-count': '0', 'failure-count': '0' });
    expect(result.stdout).toContain('SIGTERM received: cancelling the dispatch');
    expect(result.stdout).toMatch(/^::error::the dispatch was cancelled/m);
    expect(result.summary).toContain('⏹️ Parallel Dispatcher: `long.dispatch.json` — cancelled: 2 cancelled');
    const [artifact] = runner.artifacts.finalized('dispatch-traces');
    // The index, two task traces, report.html and trace.perfetto.json.
    expect([...(await readZip(artifact!.blob!)).keys()]).toHaveLength(5);
    const pid = Number(await fs.readFile(path.join(runner.workspace, 'child.pid'), 'utf8'));
    await waitFor(() => !isAlive(pid));
  });

  it("on the runner's second signal kills a task that ignores SIGTERM at once, and still uploads the traces", async () => {
    runner = await startRunner();
    await writeFiles(runner.workspace, {
      'stubborn.dispatch.json': JSON.stringify({ tasks: [{ task_id: 'stubborn', agent: 'shell', input_data: { command: "trap '' TERM; echo $$ > task.pid; while true; do sleep 1; done" } }] }),
    });
    const result = await runAction({
      workspace: runner.workspace,
      inputs: { tasks: 'stubborn.dispatch.json', 'allow-shell': 'true' },
      env: await runner.env({ name: 'workflow_dispatch', payload: { inputs: {}, ref: 'refs/heads/main', repository: {} } }),
      onSpawn: once('▶ stubborn started', (child) => {
        // As the runner does on a cancelled job: SIGINT, then SIGTERM (7.5 s later there; sooner here).
        setTimeout(() => child.kill('SIGINT'), 300);
        setTimeout(() => child.kill('SIGTERM'), 600);
      }),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('SIGTERM received again: killing the tasks');
    expect(result.outputs).toMatchObject({ status: 'cancelled' });
    const [artifact] = runner.artifacts.finalized('dispatch-traces');
    // The index, one task trace, report.html and trace.perfetto.json.
    expect([...(await readZip(artifact!.blob!)).keys()]).toHaveLength(4);
    const pid = Number(await fs.readFile(path.join(runner.workspace, 'task.pid'), 'utf8'));
    await waitFor(() => !isAlive(pid));
  });
});

describe('the action on push and other events', () => {
  it('runs for_each over the pushed files, comments nowhere and calls no GitHub API', async () => {
    runner = await startRunner();
    await writeFiles(runner.workspace, {
      'each.dispatch.yaml': 'tasks:\n  - task_id: touch\n    agent: shell\n    for_each: { files: changed }\n    input_data: { argv: [node, -e, "console.log(process.argv[1])", "{{file}}"] }\n',
      'src/new.js': '',
      'src/a.js': '',
      'README.md': '',
    });
    const result: ActionResult = await runAction({
      workspace: runner.workspace,
      inputs: { tasks: 'each.dispatch.yaml', 'allow-shell': 'true', 'upload-artifact': 'false' },
      githubToken: GITHUB_TOKEN,
      env: await runner.env({ name: 'push', payload: pushPayload() }),
    });
    expect(result.code, result.stdout).toBe(0);
    const index = JSON.parse(await fs.readFile(result.outputs['dispatch-index']!, 'utf8'));
    expect(index.tasks.map((task: { task_id: string }) => task.task_id)).toEqual(['touch.README.md', 'touch.src-a.js', 'touch.src-new.js']);
    expect(runner.rest.requests).toHaveLength(0);
    expect(runner.artifacts.requests).toHaveLength(0);
    expect(result.outputs['artifact-id']).toBeUndefined();
    expect(result.annotations).toHaveLength(0);
  });

  it('runs the scheduled example dispatch as written', async () => {
    runner = await startRunner();
    const traceDir = path.join(runner.workspace, 'nightly');
    const result = await runAction({
      workspace: REPO,
      inputs: { tasks: 'examples/workflows/nightly.dispatch.yaml', 'allow-shell': 'true', 'trace-dir': traceDir, 'artifact-name': 'nightly-traces-1' },
      env: await runner.env({ name: 'schedule', payload: { schedule: '17 3 * * *', repository: {} } }),
    });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'success', 'failed-tasks': '[]', 'trace-dir': traceDir });
    expect(result.summary).toContain('`test.examples-sample-project-math.test.js`');
    expect(runner.artifacts.finalized('nightly-traces-1')).toHaveLength(1);
    expect(runner.rest.requests).toHaveLength(0);
  });

  it('reports wrong inputs all at once', async () => {
    runner = await startRunner();
    const result = await runAction({
      workspace: runner.workspace,
      inputs: { tasks: 'x.json', 'max-workers': 'many', comment: 'sometimes', 'fail-on-error': 'yes' },
      env: await runner.env({ name: 'push', payload: pushPayload() }),
    });
    expect(result.code).toBe(1);
    const failure = result.annotations.find((annotation) => annotation.level === 'error')!;
    expect(failure.message).toContain('max-workers: expected a whole number from 1 to 1024, got "many"');
    expect(failure.message).toContain('comment: expected off, always or on-failure, got "sometimes"');
    expect(failure.message).toContain('fail-on-error: expected true or false, got "yes"');
  });
});
