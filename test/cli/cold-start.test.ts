import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { REPO, runCli } from '../support/run-cli.js';

const HOOK = path.join(REPO, 'bench', 'loaded-modules.mjs');

/** Runs the built CLI and returns the files of every module it loaded, relative to the repository. */
async function modulesLoadedBy(args: readonly string[]): Promise<string[]> {
  const list = path.join(await tempWorkspace(), 'modules.txt');
  const result = await runCli(args, { env: { NODE_OPTIONS: `--import=${HOOK}`, LOADED_MODULES_FILE: list } });
  expect(result.code, result.stderr).toBe(0);
  const lines = (await fs.readFile(list, 'utf8')).split('\n').filter((line) => line !== '');
  return [...new Set(lines.map((file) => path.relative(REPO, file)))].sort();
}

/** What only running a task needs: the model SDK and its telemetry, the compiler, the coder's and debug's own code. */
const RUN_ONLY = [
  /node_modules\/ai\//,
  /node_modules\/@ai-sdk\//,
  /node_modules\/@opentelemetry\//,
  /node_modules\/typescript\//,
  /node_modules\/diff\//,
  /packages\/core\/dist\/agents\/coder\/run-coder\.js$/,
  /packages\/core\/dist\/agents\/debug\/run-debug\.js$/,
];

const runOnly = (modules: readonly string[]) => modules.filter((file) => RUN_ONLY.some((pattern) => pattern.test(file)));

describe('cold start', () => {
  it('--version and --help load the command line and commander, not core nor zod', async () => {
    for (const args of [['--version'], ['--help'], ['validate', '--help']]) {
      const modules = await modulesLoadedBy(args);
      // The hook saw the process: without these the assertions below would prove nothing.
      expect(modules).toContain('packages/cli/dist/program.js');
      expect(modules.some((file) => file.startsWith('node_modules/commander/'))).toBe(true);
      expect(modules.filter((file) => file.startsWith('packages/core/') || file.startsWith('node_modules/zod/'))).toEqual([]);
    }
  });

  it('validate loads core and its schemas but nothing only a running task needs', async () => {
    const modules = await modulesLoadedBy(['validate', 'examples/ci-pipeline.dispatch.json']);
    expect(modules).toContain('packages/core/dist/index.js');
    expect(modules.some((file) => file.startsWith('node_modules/zod/'))).toBe(true);
    expect(runOnly(modules)).toEqual([]);
  });

  it('validate of coder and debug tasks checks their inputs without loading their implementation', async () => {
    const dir = await tempWorkspace();
    const file = path.join(dir, 'models.dispatch.json');
    await fs.writeFile(
      file,
      JSON.stringify({
        config: { model: { provider: 'openai-compatible', model: 'llama3.1', base_url: 'http://127.0.0.1:9/v1' } },
        tasks: [
          { task_id: 'write', agent: 'coder', input_data: { output_path: 'out.ts', contract_description: 'exports x = 1' } },
          { task_id: 'why', agent: 'debug', input_data: { problem_description: 'x is wrong', affected_files: ['out.ts'] }, dependencies: ['write'] },
        ],
      }),
    );
    const modules = await modulesLoadedBy(['validate', file]);
    expect(modules).toContain('packages/core/dist/agents/coder/coder-agent.js');
    expect(runOnly(modules)).toEqual([]);
  });
});
