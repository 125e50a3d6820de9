// Writes test/vscode/fixtures/artifact/: a trace folder as `actions/upload-artifact` would upload it
// from a GitHub Actions run (workspace /home/runner/work/app/app), made by core itself: shell tasks
// that succeed, fail and get skipped, and a coder task (driven by a scripted model) that rewrites a
// file, so the trace has model calls and a written file with its diff. Run it when the trace format
// changes:
//   npx esbuild test/vscode/tools/make-artifact-fixture.ts --bundle --platform=node --format=cjs \
//     --alias:@parallel-dispatcher/core=./packages/core/src/index.ts --external:typescript \
//     --define:import.meta.url=__pdUrl --banner:js="const __pdUrl=require('url').pathToFileURL(__filename).href;" \
//     --outfile=/tmp/make-artifact-fixture.cjs && node /tmp/make-artifact-fixture.cjs
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { builtInAgents, prepareDispatch, runDispatch, type ModelClient } from '@parallel-dispatcher/core';
import { CI_WORKSPACE, copyRewritten } from './copy-rewritten.js';

const target = path.resolve('test/vscode/fixtures/artifact');

const before = `export function isAuthorised(token: string): boolean {\n  return token.length > 0;\n}\n`;
const after = `export function isAuthorised(token: string | undefined): boolean {\n  if (token === undefined) return false;\n  return token.startsWith('Bearer ') && token.length > 'Bearer '.length;\n}\n`;

const model: ModelClient = {
  provider: 'anthropic',
  model: 'claude-sonnet-4-5',
  async generateText() {
    await new Promise((resolve) => setTimeout(resolve, 900));
    return { text: `\`\`\`ts\n${after}\`\`\``, usage: { input_tokens: 1843, output_tokens: 212 }, finishReason: 'stop' };
  },
  generateObject() {
    return Promise.reject(new Error('not used'));
  },
};

const dispatch = {
  user_prompt: 'Pull request checks',
  tasks: [
    { task_id: 'install', agent: 'shell', description: 'npm ci', input_data: { command: 'sleep 0.5 && echo added 312 packages' } },
    { task_id: 'lint', agent: 'shell', dependencies: ['install'], input_data: { command: 'sleep 0.7 && echo no problems' } },
    { task_id: 'unit-tests', agent: 'shell', dependencies: ['install'], input_data: { command: "sleep 1.1 && echo 'FAIL src/auth.test.ts > rejects empty tokens' >&2 && exit 1" } },
    { task_id: 'e2e-tests', agent: 'shell', dependencies: ['unit-tests'], input_data: { command: 'echo e2e' } },
    {
      task_id: 'fix-auth',
      agent: 'coder',
      description: 'Tighten the token check',
      dependencies: ['install'],
      input_data: { contract_description: 'isAuthorised accepts only "Bearer <token>" and undefined is refused', output_path: 'src/auth.ts', validation_level: 'lenient' },
    },
    { task_id: 'report', agent: 'shell', dependencies: ['lint', 'fix-auth'], input_data: { command: 'sleep 0.3 && echo \'{"checks": 2}\'' } },
  ],
  config: { max_workers: 3, trace_dir: './traces' },
};

async function main() {
  const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'pd-artifact-'));
  await fs.mkdir(path.join(workspace, 'src'));
  await fs.writeFile(path.join(workspace, 'src', 'auth.ts'), before);
  const prepared = prepareDispatch({ text: JSON.stringify(dispatch), cwd: workspace, agents: builtInAgents(), overrides: { workspace }, hostSuppliesModel: true });
  const result = await runDispatch(prepared, { env: { PATH: process.env.PATH }, modelFor: () => model });
  console.log(`dispatch ${result.index.dispatch_id}: ${result.status}`);
  await fs.rm(target, { recursive: true, force: true });
  await copyRewritten(path.join(workspace, 'traces'), path.join(target, 'traces'), [[workspace, CI_WORKSPACE]]);
  await fs.rm(workspace, { recursive: true, force: true });
  console.log(`wrote ${target}`);
}

void main();
