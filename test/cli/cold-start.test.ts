import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { REPO, runCli } from '../support/run-cli.js';

const HOOK = path.join(REPO, 'bench', 'loaded-modules.mjs');
const CLI_DIR = path.join(REPO, 'packages', 'cli');

/** esbuild's record of the bundle (packages/cli/build.mjs): the sources inside each output file. */
interface BundleMeta {
  readonly outputs: Record<string, { readonly inputs: Record<string, unknown> }>;
}

/**
 * Runs the built CLI and returns, relative to the repository, the source of every module it
 * loaded: a file of the bundle stands for the sources inside it.
 */
async function modulesLoadedBy(args: readonly string[]): Promise<string[]> {
  const meta = JSON.parse(await fs.readFile(path.join(CLI_DIR, 'dist', 'bundle-meta.json'), 'utf8')) as BundleMeta;
  const list = path.join(await tempWorkspace(), 'modules.txt');
  const result = await runCli(args, { env: { NODE_OPTIONS: `--import=${HOOK}`, LOADED_MODULES_FILE: list } });
  expect(result.code, result.stderr).toBe(0);
  const files = (await fs.readFile(list, 'utf8')).split('\n').filter((line) => line !== '');
  const sources = files.flatMap((file) => {
    const output = meta.outputs[path.relative(CLI_DIR, file).split(path.sep).join('/')];
    return output === undefined ? [file] : Object.keys(output.inputs).map((input) => path.resolve(CLI_DIR, input));
  });
  return [...new Set(sources.map((file) => path.relative(REPO, file)))].sort();
}

/** What only running a task needs: the model SDK and its telemetry, the compiler, the coder's and debug's own code. */
const RUN_ONLY = [
  /node_modules\/ai\//,
  /node_modules\/@ai-sdk\//,
  /node_modules\/@opentelemetry\//,
  /node_modules\/typescript\//,
  /node_modules\/diff\//,
  /packages\/core\/src\/agents\/coder\/run-coder\.ts$/,
  /packages\/core\/src\/agents\/debug\/run-debug\.ts$/,
];

const runOnly = (modules: readonly string[]) => modules.filter((file) => RUN_ONLY.some((pattern) => pattern.test(file)));

describe('cold start', () => {
  it('--version and --help load the command line and commander, not core nor zod', async () => {
    for (const args of [['--version'], ['--help']]) {
      const modules = await modulesLoadedBy(args);
      // The hook saw the process: without these the assertions below would prove nothing.
      expect(modules).toContain('packages/cli/src/program.ts');
      expect(modules.some((file) => file.startsWith('node_modules/commander/'))).toBe(true);
      expect(modules.filter((file) => file.startsWith('packages/core/') || file.startsWith('node_modules/zod/'))).toEqual([]);
    }
  });

  it("a command's help loads core for its list of agents, but nothing only a running task needs", async () => {
    for (const command of ['validate', 'plan', 'ask']) {
      const modules = await modulesLoadedBy([command, '--help']);
      expect(modules).toContain('packages/core/src/agents/built-in-agents.ts');
      expect(runOnly(modules)).toEqual([]);
    }
  });

  it('validate loads core and its schemas but nothing only a running task needs', async () => {
    const modules = await modulesLoadedBy(['validate', 'examples/ci-pipeline.dispatch.json']);
    expect(modules).toContain('packages/core/src/index.ts');
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
    expect(modules).toContain('packages/core/src/agents/coder/coder-agent.ts');
    expect(runOnly(modules)).toEqual([]);
  });
});
