import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtInAgents } from '../agents/built-in-agents.js';
import { DispatchValidationError } from '../errors/validation-error.js';
import type { ModelRequest } from '../models/model-client.js';
import type { McpServerSpec } from '../schema/dispatch-schema.js';
import { readDispatchIndex, readTaskTrace } from '../tracing/trace-reader.js';
import { startHttpMcpServer } from '../../test-support/http-mcp-server.js';
import { scriptedFindings } from '../../test-support/scripted-findings.js';
import { callTools, ScriptedModel, toolResults } from '../../test-support/scripted-model.js';
import { isAlive } from '../../test-support/process-alive.js';
import { tempWorkspace } from '../../test-support/temp-workspace.js';
import { prepareDispatch, type PrepareOptions } from './prepare-dispatch.js';
import { runDispatch, type RunDispatchOptions } from './run-dispatch.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const filesystemServer = path.join(repoRoot, 'node_modules/.bin/mcp-server-filesystem');
const fixtureServer = path.join(repoRoot, 'packages/core/test-support/mcp-fixture-server.mjs');

/** A prompt agent that answers in text; the scripted model plays it. */
const reader = { kind: 'prompt', instructions: 'Answer from what the tools return.' };

async function setUp(dispatch: Record<string, unknown>, prepare: Partial<PrepareOptions> = {}) {
  const workspace = await tempWorkspace();
  await fs.mkdir(path.join(workspace, 'docs'));
  await fs.writeFile(path.join(workspace, 'docs', 'notes.txt'), 'The launch code is 7-alpha.\n');
  const file = path.join(workspace, 'tasks.dispatch.json');
  const text = JSON.stringify(dispatch);
  await fs.writeFile(file, text);
  const prepared = prepareDispatch({ text, sourcePath: file, cwd: workspace, agents: builtInAgents(), hostSuppliesModel: true, ...prepare });
  return { workspace, prepared };
}

function run(prepared: ReturnType<typeof prepareDispatch>, model: ScriptedModel, options: Partial<RunDispatchOptions> = {}) {
  return runDispatch(prepared, { env: { PATH: process.env.PATH, HOME: process.env.HOME, DOCS_ROOT: path.join(prepared.workspace, 'docs') }, modelFor: () => model, backoff: { baseMs: 10, maxMs: 20 }, ...options });
}

/** Its folder comes from a variable, as `.mcp.json` files write it. */
const filesServer = { command: filesystemServer, args: ['${DOCS_ROOT}'] };


/** Gone within a second: a killed process takes a moment to be reaped. */
async function isGone(pid: number): Promise<boolean> {
  for (let tries = 0; tries < 50; tries++) {
    if (!(isAlive(pid))) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

async function pidsOf(file: string): Promise<number[]> {
  for (let tries = 0; tries < 100; tries++) {
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    if (text !== '') return text.split('\n')[0]!.split(' ').map(Number);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${file} was never written`);
}

describe('tools over MCP', () => {
  it("sends the reference filesystem server's real reply to the model, offers only the tools matched, and traces the call", async () => {
    const { workspace, prepared } = await setUp({
      config: { mcp_servers: { files: filesServer }, agents: { reader } },
      tasks: [{ task_id: 'read', agent: 'reader', tools: ['files.read_text_file'], input_data: { question: 'What is the launch code?' } }],
    });
    const model = new ScriptedModel([
      callTools([{ name: 'files__read_text_file', arguments: { path: path.join(workspace, 'docs', 'notes.txt') } }]),
      (request: ModelRequest) => `From the notes: ${toolResults(request).join(' ')}`,
    ]);
    const result = await run(prepared, model);

    expect(result.status).toBe('success');
    expect(model.requests[0]!.tools).toEqual(['files__read_text_file']);
    expect(model.requests[1]!.messages.at(-1)).toMatchObject({ role: 'tool', toolName: 'files__read_text_file', isError: false, content: expect.stringContaining('The launch code is 7-alpha.') });
    expect(result.outcomes.get('read')!.output).toEqual({ text: expect.stringContaining('From the notes: The launch code is 7-alpha.') });
    const index = await readDispatchIndex(result.indexPath);
    expect(index.tasks[0]!.tool_calls).toBe(1);
    expect(index.summary.tool_calls).toBe(1);
    const trace = await readTaskTrace(prepared.traceDir, index.tasks[0]!.trace_file);
    expect(trace.tool_calls).toEqual([
      expect.objectContaining({ server: 'files', tool: 'read_text_file', arguments: { path: path.join(workspace, 'docs', 'notes.txt') }, result: expect.stringContaining('7-alpha'), error: null }),
    ]);
    expect(trace.model_calls).toHaveLength(2);
    expect(trace.model_calls[0]!.reply_tool_calls).toEqual([{ id: 'call-1', name: 'files__read_text_file', arguments: { path: path.join(workspace, 'docs', 'notes.txt') } }]);
  });

  it('offers every tool a `*` pattern matches and none of the others', async () => {
    const { prepared } = await setUp({
      config: { mcp_servers: { files: filesServer }, agents: { reader } },
      tasks: [{ task_id: 'list', agent: 'reader', tools: ['files.list_*', 'files.get_file_info'], input_data: {} }],
    });
    const model = new ScriptedModel(['nothing to do']);
    await run(prepared, model);
    expect([...model.requests[0]!.tools].sort()).toEqual(['files__get_file_info', 'files__list_allowed_directories', 'files__list_directory', 'files__list_directory_with_sizes']);
  });

  it('calls a Streamable HTTP server with a header token from the environment that never reaches the traces', async () => {
    const token = 'loopback-bearer-5f2c9a71d3';
    const docs = await startHttpMcpServer(token);
    try {
      const mcpServers: Record<string, McpServerSpec> = { docs: { type: 'http', url: docs.url, headers: { Authorization: 'Bearer ${DOCS_BEARER}' } } };
      const { prepared } = await setUp({ config: { agents: { reader } }, tasks: [{ task_id: 'ask', agent: 'reader', tools: ['docs.*'], input_data: {} }] }, { mcpServers });
      const model = new ScriptedModel([callTools([{ name: 'docs__whoami', arguments: {} }]), (request: ModelRequest) => toolResults(request).join(' ')]);
      const result = await run(prepared, model, { env: { PATH: process.env.PATH, DOCS_BEARER: token } });

      expect(result.status).toBe('success');
      expect([...model.requests[0]!.tools].sort()).toEqual(['docs__search', 'docs__whoami']);
      expect(toolResults(model.requests[1]!)).toEqual([`called with Bearer ${token}`]);
      expect(docs.authorizations.every((header) => header === `Bearer ${token}`)).toBe(true);
      const index = await readDispatchIndex(result.indexPath);
      const trace = await readTaskTrace(prepared.traceDir, index.tasks[0]!.trace_file);
      expect(trace.tool_calls[0]).toMatchObject({ server: 'docs', tool: 'whoami', result: 'called with Bearer ***' });
      const written = await fs.readFile(path.join(prepared.traceDir, index.tasks[0]!.trace_file!), 'utf8');
      expect(written).not.toContain(token);
      expect(JSON.stringify(result.outcomes.get('ask'))).not.toContain(token);
    } finally {
      await docs.close();
    }
  });

  it('takes a whole header from headers_env, and refuses to start a server whose variable is missing', async () => {
    const token = 'loopback-bearer-77d1e0a4c2';
    const docs = await startHttpMcpServer(token);
    try {
      const mcpServers: Record<string, McpServerSpec> = {
        docs: { url: docs.url, headers_env: { Authorization: 'DOCS_AUTH_HEADER' } },
        other: { url: docs.url, headers_env: { Authorization: 'OTHER_AUTH_HEADER' } },
      };
      const { prepared } = await setUp(
        {
          config: { agents: { reader } },
          tasks: [
            { task_id: 'ask', agent: 'reader', tools: ['docs.search'], input_data: {} },
            { task_id: 'unset', agent: 'reader', tools: ['other.search'], input_data: {} },
          ],
        },
        { mcpServers },
      );
      const models = new Map([['ask', new ScriptedModel([callTools([{ name: 'docs__search', arguments: { query: 'tokens' } }]), (request: ModelRequest) => toolResults(request).join(' ')])]]);
      const result = await runDispatch(prepared, { env: { PATH: process.env.PATH, DOCS_AUTH_HEADER: `Bearer ${token}` }, modelFor: (task) => models.get(task.spec.task_id) ?? new ScriptedModel([]) });
      expect(result.outcomes.get('ask')!.output).toEqual({ text: 'docs about tokens' });
      expect(result.outcomes.get('unset')!.error).toEqual({ kind: 'tool', message: 'MCP server "other" cannot start: the variable OTHER_AUTH_HEADER is not set' });
    } finally {
      await docs.close();
    }
  });

  it('fails only the tasks of a server that crashes, with its stderr, and leaves no process behind', async () => {
    const pidFile = path.join(await tempWorkspace(), 'pids');
    const { prepared } = await setUp({
      config: { mcp_servers: { files: filesServer, fragile: { command: process.execPath, args: [fixtureServer], env: { FIXTURE_PID_FILE: pidFile } } }, agents: { reader } },
      tasks: [
        { task_id: 'crashes', agent: 'reader', tools: ['fragile.crash'], input_data: {} },
        { task_id: 'after-crash', agent: 'reader', tools: ['fragile.echo'], input_data: {}, dependencies: ['crashes'] },
        { task_id: 'reads', agent: 'reader', tools: ['files.list_directory'], input_data: {} },
      ],
    });
    const scripted = new Map<string, unknown[]>([
      ['crashes', [callTools([{ name: 'fragile__crash', arguments: {} }])]],
      ['reads', [callTools([{ name: 'files__list_directory', arguments: { path: '.' } }]), (request: ModelRequest) => toolResults(request).join(' ')]],
    ]);
    const models = new Map([...scripted].map(([id, replies]) => [id, new ScriptedModel(replies)]));
    const result = await runDispatch(prepared, { env: { PATH: process.env.PATH, DOCS_ROOT: path.join(prepared.workspace, 'docs') }, modelFor: (task) => models.get(task.spec.task_id), backoff: { baseMs: 10, maxMs: 20 } });

    const index = await readDispatchIndex(result.indexPath);
    const byId = Object.fromEntries(index.tasks.map((task) => [task.task_id, task]));
    expect(byId.crashes!.status).toBe('error');
    expect(byId.crashes!.error!.kind).toBe('tool');
    expect(byId.crashes!.error!.message).toMatch(/^MCP server "fragile" exited with code 3; its stderr ends with:\n[\s\S]*about to crash on purpose/);
    expect(byId['after-crash']!.status).toBe('skipped');
    expect(byId.reads!.status).toBe('success');
    const [server, grandchild] = await pidsOf(pidFile);
    expect(await isGone(server!)).toBe(true);
    expect(await isGone(grandchild!)).toBe(true);
  });

  it('cancelling the dispatch kills the server and everything it started', async () => {
    const pidFile = path.join(await tempWorkspace(), 'pids');
    const { prepared } = await setUp({
      config: { mcp_servers: { fixture: { command: process.execPath, args: [fixtureServer], env: { FIXTURE_PID_FILE: pidFile } } }, agents: { reader } },
      tasks: [{ task_id: 'waits', agent: 'reader', tools: ['fixture.wait'], input_data: {} }],
    });
    const controller = new AbortController();
    const model = new ScriptedModel([callTools([{ name: 'fixture__wait', arguments: {} }])]);
    const running = run(prepared, model, { signal: controller.signal, abandonAfterMs: 2000 });
    const [server, grandchild] = await pidsOf(pidFile);
    expect(isAlive(server!)).toBe(true);
    expect(isAlive(grandchild!)).toBe(true);
    while ((await fs.readdir(prepared.traceDir).catch(() => [])).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    const result = await running;
    expect(result.status).toBe('cancelled');
    expect(await isGone(server!)).toBe(true);
    expect(await isGone(grandchild!)).toBe(true);
  });

  it('gives debug its tools through generateObject, and starts a server once for all the tasks that share it', async () => {
    const pidFile = path.join(await tempWorkspace(), 'pids');
    const { prepared } = await setUp({
      config: { mcp_servers: { fixture: { command: process.execPath, args: [fixtureServer], env: { FIXTURE_PID_FILE: pidFile } } }, agents: { reader } },
      tasks: [
        { task_id: 'investigate', agent: 'debug', tools: ['fixture.echo'], input_data: { problem_description: 'login fails', analysis_depth: 'quick' } },
        { task_id: 'also', agent: 'reader', tools: ['fixture.echo'], input_data: {} },
      ],
    });
    const models = new Map([
      ['investigate', new ScriptedModel([callTools([{ name: 'fixture__echo', arguments: { text: 'token refresh log' } }]), (request: ModelRequest) => scriptedFindings({ root_cause: toolResults(request).join(' ') })])],
      ['also', new ScriptedModel([callTools([{ name: 'fixture__echo', arguments: { text: 'two' } }]), 'done'])],
    ]);
    const result = await runDispatch(prepared, { env: { PATH: process.env.PATH }, modelFor: (task) => models.get(task.spec.task_id) });
    expect(result.status).toBe('success');
    expect(result.outcomes.get('investigate')!.output).toMatchObject({ root_cause: 'echo: token refresh log' });
    expect(models.get('investigate')!.requests[0]!.schemaName).toBe('debug_findings');
    expect((await fs.readFile(pidFile, 'utf8')).trim().split('\n')).toHaveLength(1);
    expect(result.index.summary.tool_calls).toBe(2);
  });

  it('fails the tasks of a server that cannot start, with its stderr or the reason it could not run', async () => {
    const { prepared } = await setUp({
      config: {
        mcp_servers: { broken: { command: process.execPath, args: ['-e', 'console.error("broken: no config file at ./missing.json"); process.exit(2)'] }, absent: { command: 'pdispatch-no-such-server' } },
        agents: { reader },
      },
      tasks: [
        { task_id: 'needs-broken', agent: 'reader', tools: ['broken.*'], input_data: {} },
        { task_id: 'needs-absent', agent: 'reader', tools: ['absent.*'], input_data: {} },
      ],
    });
    const result = await run(prepared, new ScriptedModel([]));
    const byId = Object.fromEntries(result.index.tasks.map((task) => [task.task_id, task]));
    expect(byId['needs-broken']!.error).toEqual({ kind: 'tool', message: 'MCP server "broken" exited with code 2 before it was ready; its stderr ends with:\nbroken: no config file at ./missing.json' });
    expect(byId['needs-absent']!.error).toEqual({ kind: 'tool', message: 'MCP server "absent" could not be started (pdispatch-no-such-server): spawn pdispatch-no-such-server ENOENT' });
  });

  it('fails the tasks of a server whose variables are not set, naming them', async () => {
    const { prepared } = await setUp({
      config: { mcp_servers: { fixture: { command: process.execPath, args: [fixtureServer], env: { FIXTURE_KEY: '${FIXTURE_SECRET_VALUE}' } } }, agents: { reader } },
      tasks: [
        { task_id: 'needs', agent: 'reader', tools: ['fixture.echo'], input_data: {} },
        { task_id: 'plain', agent: 'reader', input_data: {} },
      ],
    });
    const result = await run(prepared, new ScriptedModel(['plain answer']));
    const byId = Object.fromEntries(result.index.tasks.map((task) => [task.task_id, task]));
    expect(byId.needs!.error).toEqual({ kind: 'tool', message: 'MCP server "fixture" cannot start: the variable FIXTURE_SECRET_VALUE is not set' });
    expect(byId.plain!.status).toBe('success');
  });

  it('kills a server that ignores SIGTERM after the grace, and at once with stopNow', async () => {
    for (const how of ['signal', 'stopNow'] as const) {
      const pidFile = path.join(await tempWorkspace(), 'pids');
      const { prepared } = await setUp({
        config: { mcp_servers: { stubborn: { command: process.execPath, args: [fixtureServer], env: { FIXTURE_PID_FILE: pidFile, FIXTURE_IGNORE_TERM: '1' } } }, agents: { reader } },
        tasks: [{ task_id: 'waits', agent: 'reader', tools: ['stubborn.wait'], input_data: {} }],
      });
      const controller = new AbortController();
      const running = run(prepared, new ScriptedModel([callTools([{ name: 'stubborn__wait', arguments: {} }])]), { [how]: controller.signal, abandonAfterMs: 500 });
      const [server] = await pidsOf(pidFile);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const cancelled = Date.now();
      controller.abort();
      expect((await running).status).toBe('cancelled');
      expect(await isGone(server!)).toBe(true);
      const took = Date.now() - cancelled;
      if (how === 'signal') expect(took).toBeGreaterThanOrEqual(1900);
      else expect(took).toBeLessThan(1500);
    }
  });

  it('a dry run starts no server', async () => {
    const pidFile = path.join(await tempWorkspace(), 'pids');
    const { prepared } = await setUp(
      {
        config: { mcp_servers: { fixture: { command: process.execPath, args: [fixtureServer], env: { FIXTURE_PID_FILE: pidFile } } }, agents: { reader } },
        tasks: [{ task_id: 'echoes', agent: 'reader', tools: ['fixture.echo'], input_data: {} }],
      },
      { dryRun: true },
    );
    const result = await run(prepared, new ScriptedModel([]), { dryRun: true });
    expect(result.status).toBe('success');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(fs.access(pidFile)).rejects.toThrow();
  });

  it('gives calls over max_tool_calls an error result, then asks for an answer with toolChoice none', async () => {
    const { prepared } = await setUp({
      config: { mcp_servers: { fixture: { command: process.execPath, args: [fixtureServer] } }, agents: { reader: { ...reader, max_tool_calls: 5 } }, max_tool_calls: 7 },
      tasks: [{ task_id: 'echoes', agent: 'reader', tools: ['fixture.echo', 'fixture.fail'], max_tool_calls: 2, input_data: {} }],
    });
    const model = new ScriptedModel([
      callTools([
        { name: 'fixture__echo', arguments: { text: 'one' } },
        { name: 'fixture__fail', arguments: {} },
        { name: 'fixture__echo', arguments: { text: 'three' } },
      ]),
      'done',
    ]);
    const result = await run(prepared, model);
    expect(result.status).toBe('success');
    expect(model.requests[0]!.toolChoice).toBeUndefined();
    expect(model.requests[1]!.toolChoice).toBe('none');
    const results = model.requests[1]!.messages.filter((message) => message.role === 'tool');
    expect(results.map((message) => [message.content, message.isError])).toEqual([
      ['echo: one', false],
      ['the fixture failed on purpose', true],
      ['not run: the budget of 2 tool calls is spent', true],
    ]);
    expect(model.requests[1]!.messages.at(-1)).toMatchObject({ role: 'user', content: expect.stringContaining('budget of 2 tool calls') });
    const index = await readDispatchIndex(result.indexPath);
    const trace = await readTaskTrace(prepared.traceDir, index.tasks[0]!.trace_file);
    expect(trace.tool_calls.map((call) => [call.tool, call.error])).toEqual([
      ['echo', null],
      ['fail', 'the fixture failed on purpose'],
    ]);
  });

  it("ends a call at its server's tool_timeout_seconds and tells the model, as it does a tool it does not have", async () => {
    const { prepared } = await setUp({
      config: { mcp_servers: { fixture: { command: process.execPath, args: [fixtureServer], tool_timeout_seconds: 0.3 } }, agents: { reader } },
      tasks: [{ task_id: 'waits', agent: 'reader', tools: ['fixture.wait', 'fixture.echo'], input_data: {} }],
    });
    const model = new ScriptedModel([
      callTools([
        { name: 'fixture__wait', arguments: {} },
        { name: 'fixture__crash', arguments: {} },
      ]),
      (request: ModelRequest) => `gave up: ${toolResults(request).join(' | ')}`,
    ]);
    const started = Date.now();
    const result = await run(prepared, model);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(result.status).toBe('success');
    expect(result.outcomes.get('waits')!.output).toEqual({
      text: 'gave up: fixture__wait timed out after 0.3 s | there is no tool named "fixture__crash"; the tools are: fixture__echo, fixture__wait',
    });
    const trace = await readTaskTrace(prepared.traceDir, result.index.tasks[0]!.trace_file);
    expect(trace.tool_calls).toEqual([expect.objectContaining({ server: 'fixture', tool: 'wait', result: null, error: 'fixture__wait timed out after 0.3 s' })]);
  });

  it('max_tool_calls 0 offers no tools and starts no server', async () => {
    const pidFile = path.join(await tempWorkspace(), 'pids');
    const { prepared } = await setUp({
      config: { mcp_servers: { fixture: { command: process.execPath, args: [fixtureServer], env: { FIXTURE_PID_FILE: pidFile } } }, agents: { reader } },
      tasks: [{ task_id: 'plain', agent: 'reader', tools: ['fixture.*'], max_tool_calls: 0, input_data: {} }],
    });
    const model = new ScriptedModel(['plain answer']);
    await run(prepared, model);
    expect(model.requests[0]!.tools).toEqual([]);
    await expect(fs.access(pidFile)).rejects.toThrow();
  });
});

describe('tools: what prepareDispatch refuses', () => {
  async function problems(dispatch: Record<string, unknown>, prepare: Partial<PrepareOptions> = {}): Promise<string> {
    try {
      await setUp(dispatch, prepare);
    } catch (error) {
      if (DispatchValidationError.isInstance(error)) return error.message;
      throw error;
    }
    throw new Error('expected the dispatch to be refused');
  }

  it('refuses servers defined by an untrusted file, and stdio servers where commands are not allowed', async () => {
    const dispatch = {
      config: { mcp_servers: { files: filesServer, web: { url: 'https://docs.example/mcp' } }, agents: { reader } },
      tasks: [{ task_id: 'read', agent: 'reader', tools: ['files.*'], input_data: {} }],
    };
    const untrusted = await problems(dispatch, { fileIsUntrusted: true, mcpServersRefusedHint: "define servers in the workflow's mcp-config input" });
    expect(untrusted).toContain("config.mcp_servers.files, config.mcp_servers.web: a dispatch file from an untrusted source may not define MCP servers; only the host's servers are used here (define servers in the workflow's mcp-config input)");
    const noCommands = await problems(dispatch, { allowCommands: false });
    expect(noCommands).toContain('config.mcp_servers.files: a stdio MCP server runs a command, which is not allowed here');
    expect(noCommands).not.toContain('config.mcp_servers.web');
    // The host's servers are trusted: the same tasks pass with them.
    await expect(setUp({ ...dispatch, config: { agents: { reader } } }, { fileIsUntrusted: true, mcpServers: { files: { command: filesystemServer } } })).resolves.toBeDefined();
  });

  it('names the closest server for an unknown one, refuses tools on agents without a model and secrets written out', async () => {
    const message = await problems({
      config: { mcp_servers: { files: filesServer, web: { url: 'https://docs.example/mcp', headers: { Authorization: 'Bearer abcdef0123456789xyz' } } }, agents: { reader: { ...reader, tools: ['nowhere.x'] } } },
      tasks: [
        { task_id: 'typo', agent: 'reader', tools: ['flies.read_text_file', 'z*.x'], input_data: {} },
        { task_id: 'shell', agent: 'shell', tools: ['files.*'], input_data: { command: 'true' } },
      ],
    });
    expect(message).toContain('config.mcp_servers.web.headers.Authorization: a secret must not be written in the file');
    expect(message).toContain('config.agents.reader.tools[0]: no MCP server is named "nowhere"; the MCP servers are: files, web');
    expect(message).toContain('tasks[0].tools[0]: no MCP server is named "flies"; the MCP servers are: files, web; did you mean "files"?');
    expect(message).toContain('tasks[0].tools[1]: "z*" matches no MCP server');
    expect(message).toContain('tasks[1].tools: agent "shell" uses no model, so it cannot call tools');
  });
});
