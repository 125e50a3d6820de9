import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfExamples } from '../support/copy-of-examples.js';
import { REPO, runCli } from '../support/run-cli.js';

/** What each example does when run as the README says, every time: exit code and, per task, status and attempts. */
const EXPECTED: Readonly<Record<string, { code: number; tasks: Record<string, [status: string, attempts: number]> }>> = {
  'examples/ci-pipeline.dispatch.json': {
    code: 0,
    tasks: { install: ['success', 1], lint: ['success', 1], typecheck: ['success', 1], test: ['success', 1], package: ['success', 1], report: ['success', 1] },
  },
  'examples/custom-agent.dispatch.yaml': { code: 0, tasks: { 'count-math': ['success', 1], 'count-tests': ['success', 1], total: ['success', 1] } },
  'examples/failure-handling.dispatch.yaml': {
    code: 1,
    tasks: { flaky: ['success', 2], 'too-slow': ['error', 1], broken: ['error', 1], 'needs-broken': ['skipped', 0], independent: ['success', 1] },
  },
  // Written for the action's scheduled.yml; the CLI runs it the same way.
  'examples/workflows/nightly.dispatch.yaml': {
    code: 0,
    tasks: { 'test.examples-sample-project-math.test.js': ['success', 1], syntax: ['success', 1], report: ['success', 1] },
  },
};

interface TaskEntry {
  readonly task_id: string;
  readonly status: string;
  readonly attempts: number;
  readonly trace_file: string;
}

/** Runs an example from the folder holding examples/, as the README's commands do, and reads its index. */
async function runExample(dir: string, file: string) {
  const result = await runCli(['run', file, '--quiet'], { cwd: dir });
  expect(result.json?.trace_index, `${file}: ${result.stderr}`).toEqual(expect.any(String));
  const index = JSON.parse(await fs.readFile(result.json.trace_index, 'utf8')) as { tasks: TaskEntry[] };
  const tasks = Object.fromEntries(index.tasks.map((task) => [task.task_id, [task.status, task.attempts]]));
  return { code: result.code, tasks, index, traceDir: path.dirname(result.json.trace_index) };
}

describe('the examples', () => {
  it('are the ones the README lists', async () => {
    const readme = await fs.readFile(path.join(REPO, 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| `(examples\/[^`]+\.dispatch\.(?:json|yaml))` \|/gm)].map((match) => match[1]);
    const files = (await fs.readdir(path.join(REPO, 'examples'))).filter((name) => /\.dispatch\.(json|yaml)$/.test(name)).map((name) => `examples/${name}`);
    expect(listed.sort()).toEqual(files.sort());
    expect(Object.keys(EXPECTED).filter((file) => !file.includes('/workflows/')).sort()).toEqual(files.sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file} does the same on a second run as on the first`, async () => {
      const dir = await copyOfExamples();
      const first = await runExample(dir, file);
      const second = await runExample(dir, file);
      expect({ code: first.code, tasks: first.tasks }, 'first run').toEqual(expected);
      expect({ code: second.code, tasks: second.tasks }, 'second run').toEqual(expected);
      // Only the two dispatches' traces are new in the trace directory: no marker left for the next run.
      const leftovers = (await fs.readdir(second.traceDir)).filter((name) => !name.startsWith('dispatch-'));
      expect(leftovers, second.traceDir).toEqual([]);
    });
  }

  it('can be looked at again with the README\'s show command', async () => {
    const dir = await copyOfExamples();
    await runExample(dir, 'examples/ci-pipeline.dispatch.json');
    const shown = await runCli(['show', '--trace-dir', 'examples/traces'], { cwd: dir });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^report\s+shell\s+✓ success/m);
    expect(shown.stdout).toContain(path.join(dir, 'examples/ci-pipeline.dispatch.json'));
  });
});
