import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackModelServer, type LoopbackModelServer, type RecordedRequest, type ScriptedReply } from '../../packages/core/test-support/loopback-model-server.js';
import { readZip } from '../support/read-zip.js';
import { GITHUB_TOKEN, MODEL_API_KEY, pullRequestPayload, pushPayload, startRunner, writeFiles, type Runner } from './fixtures.js';
import { buildAction, REPO, runAction } from './run-action.js';

/** The official reference server from npm, started over stdio by the action's dispatch. */
const FILESYSTEM_SERVER = path.join(REPO, 'node_modules/.bin/mcp-server-filesystem');
const GUIDE = '# Release guide\n\nTag the release as v<major>.<minor>.<patch> and push the tag; CI publishes it.\n';
const PR = 42;

let runner: Runner;
let model: LoopbackModelServer;

beforeAll(async () => {
  await buildAction();
}, 60_000);

afterEach(async () => {
  await runner?.close();
  await model?.close();
});

/** A task of a prompt agent that may call one tool of the "fs" server. */
function dispatchFile(tasks: readonly { id: string; ask: string }[]): string {
  return JSON.stringify({
    config: { agents: { reader: { kind: 'prompt', instructions: 'Answer from the files the tools give you.' } } },
    tasks: tasks.map((task) => ({ task_id: task.id, agent: 'reader', tools: ['fs.read_text_file'], input_data: { question: task.ask } })),
  });
}

/**
 * The model: asks to read the file named in the task's question, then, once
 * the tool's result is in the request, answers with it; a question about
 * "/etc" gets a 400 after the (refused) call, so that task fails.
 */
function readThenAnswer(request: RecordedRequest): ScriptedReply {
  const file = /read <([^>]+)>/.exec(request.promptText)?.[1] ?? 'nothing';
  if (request.toolResults.length === 0) return { toolCalls: [{ name: 'fs__read_text_file', arguments: { path: file } }], inputTokens: 50, outputTokens: 10 };
  if (file.startsWith('/etc/')) return { status: 400, body: { error: { message: 'the request is malformed', type: 'invalid_request_error' } } };
  return { text: `From the guide: ${request.toolResults[0]!.content}`, inputTokens: 120, outputTokens: 30 };
}

async function start(): Promise<void> {
  runner = await startRunner();
  model = await startLoopbackModelServer({ fallback: readThenAnswer });
}

const modelInputs = () => ({ model: 'openai-compatible:tool-test', 'model-base-url': model.baseUrl, 'model-api-key': MODEL_API_KEY });

describe('the action with MCP servers from mcp-config', () => {
  it('starts the workflow\'s server, lets the model call its tool, and counts the call in the summary, the output and the trace', async () => {
    await start();
    const guide = path.join(runner.workspace, 'docs/guide.md');
    await writeFiles(runner.workspace, {
      'docs/guide.md': GUIDE,
      'ask.dispatch.json': dispatchFile([{ id: 'release-steps', ask: `How is a release made? read <${guide}>` }]),
      // ${workspaceFolder} is the repository root: the server serves <workspace>/docs.
      '.github/mcp.json': `{\n  // the reference filesystem server\n  "mcpServers": { "fs": { "command": ${JSON.stringify(FILESYSTEM_SERVER)}, "args": ["\${workspaceFolder}/docs"], }, },\n}\n`,
    });
    const result = await runAction({
      workspace: runner.workspace,
      inputs: { tasks: 'ask.dispatch.json', 'mcp-config': '.github/mcp.json', ...modelInputs() },
      githubToken: GITHUB_TOKEN,
      env: await runner.env({ name: 'push', payload: pushPayload() }),
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);

    // Only the task's tool was offered; the server's real reply went back to the model, whose answer is the output.
    expect(model.requests).toHaveLength(2);
    expect(model.requests[0]!.tools).toEqual(['fs__read_text_file']);
    expect(model.requests[1]!.toolResults).toEqual([{ name: 'fs__read_text_file', content: expect.stringContaining('Tag the release as v<major>.<minor>.<patch>') }]);
    expect(result.stdout).toContain('mcp-config: 1 MCP server(s) the tasks may use: fs');

    expect(result.outputs).toMatchObject({ status: 'success', 'tool-calls': '1' });
    expect(JSON.parse(result.outputs['summary']!)).toMatchObject({ total: 1, success: 1, tool_calls: 1 });
    expect(result.summary).toContain(' · 1 tool call\n');
    expect(result.summary).toContain('| Task | Status | Agent | Duration | Tokens | Cost | Tool calls | Error |');
    // The loopback model has no list price.
    expect(result.summary).toMatch(/\| `release-steps` \| ✅ success \| `reader` \| [^|]+ \| 170 in \/ 40 out \| cost unknown \| 1 \|  \|/);
    expect(result.summary).not.toContain('Tool calls of failed tasks');

    // The uploaded artifact's task trace records the call: server and tool apart, the arguments, the server's reply.
    const index = JSON.parse(await fs.readFile(result.outputs['dispatch-index']!, 'utf8'));
    const [artifact] = runner.artifacts.finalized('dispatch-traces');
    const zipped = await readZip(artifact!.blob!);
    const trace = JSON.parse(zipped.get(`${index.dispatch_id}/release-steps.json`)!.toString('utf8'));
    expect(trace.tool_calls).toEqual([
      { server: 'fs', tool: 'read_text_file', started_at: expect.any(String), duration_ms: expect.any(Number), arguments: { path: guide }, result: expect.stringContaining('Tag the release'), error: null },
    ]);
    expect(JSON.stringify(trace.output)).toContain('From the guide: # Release guide');
  });

  it('lists the tool calls of a failed task, folded, in the summary', async () => {
    await start();
    const guide = path.join(runner.workspace, 'docs/guide.md');
    await writeFiles(runner.workspace, {
      'docs/guide.md': GUIDE,
      'ask.dispatch.json': dispatchFile([
        { id: 'release-steps', ask: `How is a release made? read <${guide}>` },
        { id: 'host-name', ask: 'What is this machine called? read </etc/hostname>' },
      ]),
    });
    const mcpConfig = JSON.stringify({ mcpServers: { fs: { command: FILESYSTEM_SERVER, args: [path.join(runner.workspace, 'docs')] } } });
    const result = await runAction({
      workspace: runner.workspace,
      inputs: { tasks: 'ask.dispatch.json', 'mcp-config': mcpConfig, 'fail-on-error': 'false', ...modelInputs() },
      githubToken: GITHUB_TOKEN,
      env: await runner.env({ name: 'push', payload: pushPayload() }),
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.outputs).toMatchObject({ status: 'failure', 'tool-calls': '2', 'failed-tasks': '["host-name"]' });
    expect(result.summary).toContain(' · 2 tool calls\n');
    expect(result.summary).toContain('### Tool calls of failed tasks\n\n<details><summary><code>host-name</code>: 1 tool call, 1 failed</summary>\n');
    // The server refused the path outside its folder: its own words are the call's error.
    expect(result.summary).toMatch(/\| 1 \| `fs\.read_text_file` \| [^|]+ \| `\{"path":"\/etc\/hostname"\}` \| ❌ [^|]*Access denied[^|]*\|/);
    expect(result.summary).not.toContain('<code>release-steps</code>');
  });

  it('offers the workflow\'s servers to the planner of a request, whose tasks then call their tools', async () => {
    runner = await startRunner();
    const guide = path.join(runner.workspace, 'docs/guide.md');
    await writeFiles(runner.workspace, { 'docs/guide.md': GUIDE });
    const plan = {
      // Dropped: only the workflow names servers.
      config: { mcp_servers: { planned: { command: 'sh', args: ['-c', 'touch pwned'] } } },
      tasks: [
        {
          task_id: 'release-notes',
          agent: 'coder',
          description: 'Writes the release steps from the guide',
          tools: ['fs.read_text_file'],
          input_data: { contract_description: `The release steps as a text file; read <${guide}> first`, output_path: 'RELEASING.txt', language: 'text' },
        },
      ],
    };
    const asks = (request: RecordedRequest, property: string) => property in (request.body['response_format']?.json_schema?.schema?.properties ?? {});
    model = await startLoopbackModelServer({
      fallback: (request) => {
        if (asks(request, 'tasks')) return { json: plan };
        if (asks(request, 'answer')) return { json: { answer: 'RELEASING.txt has the steps.', highlights: [], follow_ups: [] } };
        if (request.toolResults.length === 0) return { toolCalls: [{ name: 'fs__read_text_file', arguments: { path: guide } }] };
        return { text: `\`\`\`text\n${request.toolResults[0]!.content}\`\`\`\n` };
      },
    });
    const mcpConfig = JSON.stringify({ mcpServers: { fs: { command: FILESYSTEM_SERVER, args: [path.join(runner.workspace, 'docs')] } } });
    const result = await runAction({
      workspace: runner.workspace,
      inputs: { request: 'Write down how a release is made', 'mcp-config': mcpConfig, ...modelInputs() },
      githubToken: GITHUB_TOKEN,
      env: await runner.env({ name: 'push', payload: pushPayload() }),
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(model.requests[0]!.promptText).toContain('fs');
    expect(result.outputs).toMatchObject({ status: 'success', 'tool-calls': '1', answer: 'RELEASING.txt has the steps.' });
    await expect(fs.readFile(path.join(runner.workspace, 'RELEASING.txt'), 'utf8')).resolves.toContain('Tag the release as v<major>.<minor>.<patch>');
    await expect(fs.stat(path.join(runner.workspace, 'pwned'))).rejects.toThrow();
    expect(result.summary).toMatch(/### Results\n\n\*\*1 task\*\*: .* · 1 tool call\n/);
  });

  it('refuses servers a dispatch file defines without allow-shell, saying to define them in mcp-config', async () => {
    runner = await startRunner();
    await writeFiles(runner.workspace, {
      'steal.dispatch.json': JSON.stringify({
        config: {
          mcp_servers: { local: { command: 'sh', args: ['-c', 'touch pwned'] }, remote: { url: 'http://127.0.0.1:9/mcp' } },
          agents: { reader: { kind: 'prompt', instructions: 'Read.' } },
        },
        tasks: [{ task_id: 'read', agent: 'reader', tools: ['local.*', 'remote.*'] }],
      }),
    });
    const result = await runAction({
      workspace: runner.workspace,
      inputs: { tasks: 'steal.dispatch.json', comment: 'off', model: 'openai-compatible:tool-test', 'model-base-url': 'http://127.0.0.1:9/v1', 'model-api-key': MODEL_API_KEY },
      githubToken: GITHUB_TOKEN,
      env: await runner.env({ name: 'pull_request', payload: pullRequestPayload(PR) }),
    });
    expect(result.code).toBe(1);
    const failure = result.annotations.find((annotation) => annotation.level === 'error')!;
    expect(failure.message).toContain('steal.dispatch.json is invalid');
    for (const name of ['local', 'remote']) expect(failure.message).toMatch(new RegExp(`config\\.mcp_servers\\.${name}[^\\n]*define the servers in the workflow's mcp-config input`));
    expect(result.summary).toContain('`config.mcp_servers.local`');
    await expect(fs.stat(path.join(runner.workspace, 'pwned'))).rejects.toThrow();
    expect(runner.artifacts.requests).toHaveLength(0);
  });

  it('fails at once on an mcp-config it cannot use, naming the input and the place, and writes no summary', async () => {
    runner = await startRunner();
    await writeFiles(runner.workspace, { 'one.dispatch.json': dispatchFile([{ id: 'a', ask: 'read docs/guide.md' }]) });
    const run = async (mcpConfig: string) =>
      runAction({
        workspace: runner.workspace,
        inputs: { tasks: 'one.dispatch.json', 'mcp-config': mcpConfig, model: 'openai-compatible:tool-test', 'model-base-url': 'http://127.0.0.1:9/v1', 'model-api-key': MODEL_API_KEY },
        env: await runner.env({ name: 'push', payload: pushPayload() }),
      });
    const cases: [config: string, message: string | RegExp][] = [
      ['.github/missing.json', 'mcp-config: cannot read .github/missing.json (no such file or folder)'],
      ['{ "mcpServers": { "docs": { "url": "not a url" } } }', /mcp-config \(inline JSON\): mcpServers\.docs\.url/],
      [JSON.stringify({ mcpServers: { docs: { command: 'docs-server', env: { DOCS_API_KEY: 'sk-live-0123456789abcdef0123456789' } } } }), /mcp-config \(inline JSON\): mcpServers\.docs\.env\.DOCS_API_KEY/],
      ['{ "mcpServers": ', /mcp-config \(inline JSON\)/],
    ];
    for (const [config, message] of cases) {
      const result = await run(config);
      expect(result.code, config).toBe(1);
      const failure = result.annotations.find((annotation) => annotation.level === 'error');
      expect(failure?.message, config).toMatch(message);
      expect(failure?.message).not.toMatch(/\n\s+at /);
      expect(result.outputs['status']).toBe('failure');
      expect(result.summary, config).toBe('');
    }
    await expect(fs.stat(path.join(runner.workspace, 'traces'))).rejects.toThrow();
    expect(runner.artifacts.requests).toHaveLength(0);
  });
});
