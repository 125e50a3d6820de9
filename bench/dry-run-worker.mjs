// One dry-run dispatch of N tasks with random dependencies, traces included,
// in a process of its own so that its peak memory is its own.
// Usage: node bench/dry-run-worker.mjs [tasks=10000] [seed=1]
// Prints one JSON line: { tasks, prepareMs, runMs, totalMs, maxRssMb, traceFiles, traceBytes, indexTasks, status }.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { builtInAgents, prepareDispatch, runDispatch } from '../packages/core/dist/index.js';

const taskCount = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? 1);

/** mulberry32: a small seeded generator, so every run benchmarks the same graph. */
function random(seedValue) {
  let state = seedValue >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const next = random(seed);
const tasks = [];
for (let index = 0; index < taskCount; index++) {
  // Each task depends on 0–3 random earlier tasks.
  const wanted = index === 0 ? 0 : Math.floor(next() * 4);
  const dependencies = new Set();
  for (let n = 0; n < wanted; n++) dependencies.add(`task-${Math.floor(next() * index)}`);
  tasks.push({ task_id: `task-${index}`, agent: 'shell', description: `task ${index}`, input_data: { command: `echo ${index}` }, dependencies: [...dependencies] });
}
const text = JSON.stringify({ tasks, config: { max_workers: 8, trace_dir: 'traces' } });

const workspace = await fs.mkdtemp(path.join(os.tmpdir(), 'pdispatch-bench-'));
try {
  const sourcePath = path.join(workspace, 'bench.dispatch.json');
  await fs.writeFile(sourcePath, text);

  const start = performance.now();
  const prepared = prepareDispatch({ text, sourcePath, cwd: workspace, agents: builtInAgents() });
  const prepared_at = performance.now();
  const result = await runDispatch(prepared, { dryRun: true, env: {} });
  const end = performance.now();

  // Proof that the traces were written: the task files and the index on disk.
  const taskDir = path.join(prepared.traceDir, result.index.dispatch_id);
  const names = (await fs.readdir(taskDir)).filter((name) => name.endsWith('.json'));
  const traceFiles = names.length;
  // The sizes of the files written, so the bench can time the file system alone writing the same.
  const traceBytes = await Promise.all(names.map(async (name) => (await fs.stat(path.join(taskDir, name))).size));
  traceBytes.push((await fs.stat(result.indexPath)).size);
  const index = JSON.parse(await fs.readFile(result.indexPath, 'utf8'));
  const usage = process.resourceUsage();
  process.stdout.write(
    `${JSON.stringify({
      tasks: taskCount,
      prepareMs: prepared_at - start,
      runMs: end - prepared_at,
      totalMs: end - start,
      maxRssMb: usage.maxRSS / 1024,
      // CPU time of the whole process (all threads): user = JavaScript and libuv, system = the kernel (file system).
      userCpuMs: usage.userCPUTime / 1000,
      systemCpuMs: usage.systemCPUTime / 1000,
      traceFiles,
      traceBytes,
      indexTasks: index.tasks.length,
      succeeded: index.summary.success,
      status: index.status,
    })}\n`,
  );
} finally {
  await fs.rm(workspace, { recursive: true, force: true });
}
