// Validation of 50,000-task dispatches, valid or not, and of an 8 MB unclosed-bracket file:
// time and peak memory of each, in a child process of its own, next to the goals
// (under 3 s and 500 MB). Run by `npm run bench` (bench/run.mjs) or on its own.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
const TASKS = 50_000;
const GOAL_MS = 3000;
const GOAL_MB = 500;

/** The dispatch texts, by case; ids and dependencies are fixed so every run validates the same file. */
const cases = {
  'valid: 50,000 tasks, each on up to 3 earlier ones': () =>
    JSON.stringify({
      tasks: Array.from({ length: TASKS }, (_, n) => ({
        task_id: `task-${n}`,
        agent: 'shell',
        input_data: { command: `echo ${n}` },
        dependencies: n === 0 ? [] : [...new Set([n - 1, Math.floor(n / 2), Math.floor(n / 3)])].filter((d) => d < n).map((d) => `task-${d}`),
      })),
    }),
  'invalid: 50,000 tasks, each with a misspelt dependency': () =>
    JSON.stringify({ tasks: Array.from({ length: TASKS }, (_, n) => ({ task_id: `task-${n}`, agent: 'shell', input_data: { command: 'true' }, dependencies: [`tsak-${n + 1}`] })) }),
  'invalid: 50,000 tasks with schema problems everywhere': () =>
    JSON.stringify({ tasks: Array.from({ length: TASKS }, (_, n) => ({ task_id: `task-${n}`, agent: n % 2 ? 'shel' : 'shell', dependancies: [], input_data: { cwd: 5 } })), config: { max_workers: 0 } }),
  'invalid: 8 MB of JSON with an unclosed bracket': () => `{ "tasks": [${'[1, 2, 3], '.repeat(800_000)}`,
};

if (process.argv[2] === '--case') {
  const { builtInAgents, DispatchValidationError, prepareDispatch } = await import(path.join(path.dirname(here), '..', 'packages', 'core', 'dist', 'index.js'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdispatch-bench-validation-'));
  const text = cases[process.argv[3]]();
  const started = performance.now();
  let outcome = 'valid';
  try {
    prepareDispatch({ text, sourcePath: path.join(dir, 'big.dispatch.json'), cwd: dir, agents: builtInAgents() });
  } catch (error) {
    if (!(error instanceof DispatchValidationError)) throw error;
    outcome = `${error.issues.length} problem(s)`;
  }
  const ms = performance.now() - started;
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ ms, peakMb: process.resourceUsage().maxRSS / 1024, outcome }));
} else {
  const verdict = (ok) => (ok ? 'PASS' : 'MISS');
  console.log(`\n(c) Validation (prepareDispatch) of large dispatch files, each in a child process; goal < ${GOAL_MS / 1000} s and < ${GOAL_MB} MB peak`);
  for (const name of Object.keys(cases)) {
    const child = spawnSync(process.execPath, [here, '--case', name], { encoding: 'utf8', timeout: 300_000 });
    if (child.status !== 0) {
      console.log(`    ${name}: failed (${child.status ?? child.signal}) ${child.stderr.split('\n')[0]}`);
      continue;
    }
    const { ms, peakMb, outcome } = JSON.parse(child.stdout.trim().split('\n').pop());
    console.log(`    ${name.padEnd(58)} ${(ms / 1000).toFixed(2).padStart(6)} s ${verdict(ms < GOAL_MS)}  ${peakMb.toFixed(0).padStart(4)} MB ${verdict(peakMb < GOAL_MB)}  (${outcome})`);
  }
}
