import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackModelServer, type LoopbackModelServer, type RecordedRequest } from '../../packages/core/test-support/loopback-model-server.js';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { expectNoKey, modelFlags } from '../support/cli-model.js';
import { expectNoStackTrace } from '../support/expect-no-stack-trace.js';
import { REPO, runCli } from '../support/run-cli.js';
import { writeDispatch } from '../support/write-dispatch.js';

const FILESYSTEM_SERVER = path.join(REPO, 'node_modules/.bin/mcp-server-filesystem');

let model: LoopbackModelServer;
let dir: string;
beforeEach(async () => {
  model = await startLoopbackModelServer();
  dir = await tempWorkspace();
  await fs.mkdir(path.join(dir, 'docs'));
  await fs.writeFile(path.join(dir, 'docs', 'notes.txt'), 'The launch code is 7-alpha.\n');
});
afterEach(() => model.close());

/** A `.mcp.json` as Claude Code writes it: the reference filesystem server over the fixture's docs folder. */
async function writeMcpConfig(): Promise<string> {
  const file = path.join(dir, '.mcp.json');
  await fs.writeFile(file, JSON.stringify({ mcpServers: { files: { command: FILESYSTEM_SERVER, args: [path.join(dir, 'docs')] } } }, null, 2));
  return file;
}

const dispatch = {
  config: { agents: { reader: { kind: 'prompt', instructions: 'Answer from what the tools return.' } } },
  tasks: [{ task_id: 'read', agent: 'reader', tools: ['files.read_text_file'], input_data: { question: 'What is the launch code?' } }],
};

describe('--mcp-config', () => {
  it("gives tasks the servers of a host config: the filesystem server's real reply reaches the model, the trace and show", async () => {
    const notes = path.join(dir, 'docs', 'notes.txt');
    model.enqueue({ toolCalls: [{ name: 'files__read_text_file', arguments: { path: notes } }] }, (request: RecordedRequest) => ({
      text: `From the notes: ${request.toolResults.map((result) => result.content).join(' ')}`,
    }));
    const file = await writeDispatch(dir, dispatch);
    const config = await writeMcpConfig();
    const { args, env } = modelFlags(model, 'openai');
    const result = await runCli(['run', file, '--mcp-config', config, ...args], { env });
    expect(result.code, result.stderr).toBe(0);
    expectNoStackTrace(result);
    expect(model.requests[0]!.tools).toEqual(['files__read_text_file']);
    expect(model.requests[1]!.toolResults).toEqual([{ name: 'files__read_text_file', content: expect.stringContaining('The launch code is 7-alpha.') }]);
    expect(result.stderr).toMatch(/; 1 tool call; cost unknown\s*$/m);
    expect(result.json.summary.tool_calls).toBe(1);

    const index = JSON.parse(await fs.readFile(result.json.trace_index, 'utf8'));
    const trace = JSON.parse(await fs.readFile(path.join(path.dirname(result.json.trace_index), index.tasks[0].trace_file), 'utf8'));
    expect(trace.output.text).toContain('From the notes: The launch code is 7-alpha.');
    expect(trace.tool_calls).toEqual([expect.objectContaining({ server: 'files', tool: 'read_text_file', arguments: { path: notes }, result: expect.stringContaining('7-alpha'), error: null })]);

    const shown = await runCli(['show', result.json.trace_index]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^TASK\s+AGENT\s+STATUS\s+DURATION\s+ATTEMPTS\s+TOOL CALLS\s+COST\s+ERROR$/m);
    expect(shown.stdout).toMatch(/^read\s+reader\s+✓ success\s+[\d.]+ m?s\s+1\s+1\s+cost unknown$/m);
    expect(shown.stdout).toContain('tools     1 tool call');
    const task = await runCli(['show', path.join(path.dirname(result.json.trace_index), index.tasks[0].trace_file)]);
    expect(task.code, task.stderr).toBe(0);
    expect(task.stdout).toMatch(/tool calls\n\s+SERVER\s+TOOL\s+DURATION\s+ERROR\s+ARGUMENTS\s+RESULT\n\s+files\s+read_text_file\s+[\d.]+ m?s\s+\{"path":/);
    expect(task.stdout).toContain('7-alpha');
    await expectNoKey(model, path.join(dir, 'traces'), result.stdout, result.stderr);
  });

  it('leaves the TOOL CALLS column out when no task called a tool', async () => {
    const file = await writeDispatch(dir, { tasks: [{ task_id: 'hi', agent: 'shell', input_data: { command: 'echo hi' } }] });
    const result = await runCli(['run', file, '-q']);
    expect(result.code, result.stderr).toBe(0);
    const shown = await runCli(['show', result.json.trace_index]);
    expect(shown.stdout).toMatch(/^TASK\s+AGENT\s+STATUS\s+DURATION\s+ATTEMPTS\s+ERROR$/m);
    expect(shown.stdout).not.toContain('TOOL CALLS');
  });

  it('a bad file exits 2 naming the file and the place, and writes nothing', async () => {
    const file = await writeDispatch(dir, dispatch);
    const config = path.join(dir, 'bad.mcp.json');
    await fs.writeFile(config, JSON.stringify({ mcpServers: { files: { type: 'sse', url: 'http://127.0.0.1:1/sse' } } }));
    const { args, env } = modelFlags(model, 'openai');
    for (const command of [['run', file], ['validate', file]]) {
      const result = await runCli([...command, '--mcp-config', config, ...args], { env });
      expect(result.code, result.stderr).toBe(2);
      expectNoStackTrace(result);
      expect(result.stderr).toContain(`--mcp-config ${config} is invalid`);
      expect(result.stderr).toContain('mcpServers.files.type');
      expect(result.json).toMatchObject({ success: false, status: 'invalid', errors: [expect.objectContaining({ path: 'mcpServers.files.type' })] });
    }
    const missing = await runCli(['plan', 'read the notes', '--mcp-config', path.join(dir, 'nope.json'), ...args], { env, cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--mcp-config ${path.join(dir, 'nope.json')}: cannot read it`);
    expect(model.requests).toHaveLength(0);
    await expect(fs.stat(path.join(dir, 'traces'))).rejects.toThrow();
  });

  it('validate accepts a task whose tools name a server of the config, and refuses one no config defines', async () => {
    const file = await writeDispatch(dir, dispatch);
    const config = await writeMcpConfig();
    const { args, env } = modelFlags(model, 'openai');
    const valid = await runCli(['validate', file, '--mcp-config', config, ...args], { env });
    expect(valid.code, valid.stderr).toBe(0);
    const without = await runCli(['validate', file, ...args], { env });
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('tasks[0].tools');
  });
});
