// Writes test/vscode/fixtures/tool-calls/: a trace folder (as from a CI run in /home/runner/work/app/app)
// of a dispatch whose prompt-agent task called tools of the official reference filesystem MCP server,
// made by core itself: a scripted model asks for two files it may read and one it may not, then answers.
// The UI test copies it into the workspace's traces for the "Tool calls" screenshot; the tree's unit
// tests read it. Run it when the trace format changes:
//   npx esbuild test/vscode/tools/make-tool-calls-fixture.ts --bundle --platform=node --format=cjs \
//     --alias:@parallel-dispatcher/core=./packages/core/src/index.ts --external:typescript \
//     --define:import.meta.url=__pdUrl --banner:js="const __pdUrl=require('url').pathToFileURL(__filename).href;" \
//     --outfile=/tmp/make-tool-calls-fixture.cjs && node /tmp/make-tool-calls-fixture.cjs
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { builtInAgents, prepareDispatch, runDispatch, type ModelClient, type ModelRequest, type ModelTextResult } from '@parallel-dispatcher/core';

const CI_WORKSPACE = '/home/runner/work/app/app';
const target = path.resolve('test/vscode/fixtures/tool-calls');
const filesystemServer = path.resolve('node_modules/@modelcontextprotocol/server-filesystem/dist/index.js');

function model(workspace: string): ModelClient {
  const steps: ((request: ModelRequest) => ModelTextResult)[] = [
    () => ({
      text: '',
      usage: { input_tokens: 812, output_tokens: 64 },
      finishReason: 'tool-calls',
      toolCalls: [
        { id: 'call-1', name: 'files__read_text_file', arguments: { path: path.join(workspace, 'src/auth.ts') } },
        { id: 'call-2', name: 'files__read_text_file', arguments: { path: path.join(workspace, 'docs/auth.md') } },
      ],
    }),
    () => ({ text: '', usage: { input_tokens: 1290, output_tokens: 41 }, finishReason: 'tool-calls', toolCalls: [{ id: 'call-3', name: 'files__read_text_file', arguments: { path: '/etc/passwd' } }] }),
    () => ({
      text: 'src/auth.ts accepts any non-empty token, while docs/auth.md requires "Bearer <token>": the check is too loose. Tighten isAuthorised to require the Bearer prefix.',
      usage: { input_tokens: 1377, output_tokens: 58 },
      finishReason: 'stop',
    }),
  ];
  return {
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    async generateText(request) {
      const step = request.messages.filter((message) => message.role === 'assistant' && 'toolCalls' in message).length;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return steps[step]!(request);
    },
    generateObject() {
      return Promise.reject(new Error('not used'));
    },
  };
}

async function main() {
  const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'pd-tool-calls-'));
  await fs.mkdir(path.join(workspace, 'src'));
  await fs.mkdir(path.join(workspace, 'docs'));
  await fs.writeFile(path.join(workspace, 'src', 'auth.ts'), 'export function isAuthorised(token: string): boolean {\n  return token.length > 0;\n}\n');
  await fs.writeFile(path.join(workspace, 'docs', 'auth.md'), '# Authentication\n\nEvery request carries `Authorization: Bearer <token>`; anything else is refused with 401.\n');
  const dispatch = {
    user_prompt: 'Check the auth module against its docs',
    config: {
      trace_dir: './traces',
      mcp_servers: { files: { command: process.execPath, args: [filesystemServer, workspace] } },
      agents: { reviewer: { kind: 'prompt', description: 'Reviews code against the docs', instructions: 'Read the code and the docs with your tools, then say where they disagree.', tools: ['files.*'] } },
    },
    tasks: [
      { task_id: 'review-auth', agent: 'reviewer', description: 'Compare src/auth.ts with docs/auth.md', input_data: { question: 'Does src/auth.ts do what docs/auth.md says?' } },
      { task_id: 'post-review', agent: 'shell', dependencies: ['review-auth'], input_data: { command: 'echo review posted' } },
    ],
  };
  const prepared = prepareDispatch({ text: JSON.stringify(dispatch), cwd: workspace, agents: builtInAgents(), overrides: { workspace }, hostSuppliesModel: true });
  const result = await runDispatch(prepared, { env: { PATH: process.env.PATH }, modelFor: () => model(workspace) });
  console.log(`dispatch ${result.index.dispatch_id}: ${result.status}, ${result.index.summary.tool_calls} tool calls`);
  await fs.rm(target, { recursive: true, force: true });
  await copyRewritten(path.join(workspace, 'traces'), path.join(target, 'traces'), workspace);
  await fs.rm(workspace, { recursive: true, force: true });
  console.log(`wrote ${target}`);
}

/** Copies the traces with the temporary workspace's path replaced by the runner's. */
async function copyRewritten(from: string, to: string, workspace: string) {
  await fs.mkdir(to, { recursive: true });
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const destination = path.join(to, entry.name);
    if (entry.isDirectory()) await copyRewritten(source, destination, workspace);
    else await fs.writeFile(destination, (await fs.readFile(source, 'utf8')).replaceAll(workspace, CI_WORKSPACE).replaceAll(filesystemServer, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js'));
  }
}

void main();
