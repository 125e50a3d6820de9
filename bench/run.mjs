// npm run bench — benchmarks of the BUILT core (packages/core/dist; build with `npm run build`).
//
// (a) Overhead per task of a 10,000-task dry-run dispatch with random
//     dependencies, traces included, each run in a child process of its own
//     (bench/dry-run-worker.mjs) so its peak memory is its own.
// (b) Makespan ÷ lower bound on generated DAGs of sleeping tasks, for our
//     critical-path ready queue, a FIFO ready queue and level-by-level waves.
//
// (c) Validation of 50,000-task dispatches and an 8 MB broken file (bench/validation.mjs).
//
// (d) The result cache's lookups for 1,000 tasks reading 10 files each and writing one vs their dry run
//     (bench/cache-keys.mjs), with the file-system floor of those lookups.
//
// (e) Exporting a 10,000-task dispatch to each format vs its dry run (bench/export.mjs).
//
// Goals are reported as PASS or MISS; a miss never makes this exit non-zero.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
// p-limit is a dependency of core, hoisted to the root node_modules by npm workspaces.
import pLimit from 'p-limit';

const here = path.dirname(fileURLToPath(import.meta.url));
const distIndex = path.join(here, '..', 'packages', 'core', 'dist', 'index.js');
if (!fs.existsSync(distIndex)) {
  console.error(`bench: ${path.relative(process.cwd(), distIndex)} is missing; run \`npm run build\` first.`);
  process.exit(1);
}
const { buildTaskGraph, criticalPath, expectedDurations, remainingPathLengths, runSchedule } = await import(distIndex);

const benchStarted = performance.now();
const verdict = (ok) => (ok ? 'PASS' : 'MISS');
const fixed = (value, digits = 1) => value.toFixed(digits);

/** mulberry32: small and seeded, so every run benchmarks the same graphs. */
function seeded(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)), pick: (items) => items[Math.floor(next() * items.length)] };
}

// ---------------------------------------------------------------------------
// (a) 10,000-task dry run
// ---------------------------------------------------------------------------

const TASKS = 10_000;
const RUNS = 3;
const GOAL_US = 100;
const GOAL_FLOOR_RATIO = 2;
const GOAL_MB = 300;

function dryRun(seed, tmpdir) {
  const env = { ...process.env, TMPDIR: tmpdir };
  const child = spawnSync(process.execPath, [path.join(here, 'dry-run-worker.mjs'), String(TASKS), String(seed)], { encoding: 'utf8', env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`dry-run worker failed (${child.status ?? child.signal}):\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

/**
 * Runs the dry run RUNS times in `tmpdir` (each a fresh process), each followed at once by the
 * file-system floor for the very files it wrote, so both see the same machine load. Prints each
 * run; returns medians and the largest peak.
 */
async function dryRuns(tmpdir) {
  const results = [];
  for (let run = 1; run <= RUNS; run++) {
    const result = dryRun(run, tmpdir);
    const floor = await fileSystemFloor(tmpdir, result.traceBytes);
    const perTaskUs = (result.totalMs * 1000) / TASKS;
    const floorUs = (floor.ms * 1000) / TASKS;
    results.push({ ...result, perTaskUs, floorUs, ratio: perTaskUs / floorUs });
    console.log(
      `      run ${run}: ${fixed(result.totalMs, 0)} ms (prepare ${fixed(result.prepareMs, 0)} + run ${fixed(result.runMs, 0)}) = ${fixed(perTaskUs)} µs/task; ` +
        `floor ${fixed(floorUs)} µs/task (${fixed(perTaskUs / floorUs, 2)}×); ` +
        `peak RSS ${fixed(result.maxRssMb)} MB, CPU user ${fixed(result.userCpuMs, 0)} ms + kernel ${fixed(result.systemCpuMs, 0)} ms; ` +
        `${result.traceFiles.toLocaleString('en')} task trace files, index of ${result.indexTasks.toLocaleString('en')} tasks (${result.status})`,
    );
    if (result.traceFiles !== TASKS || result.indexTasks !== TASKS || result.succeeded !== TASKS) console.log('      !! not every task was traced as a success');
  }
  return {
    perTaskUs: median(results.map((result) => result.perTaskUs)),
    floorUs: median(results.map((result) => result.floorUs)),
    ratio: median(results.map((result) => result.ratio)),
    userUs: median(results.map((result) => (result.userCpuMs * 1000) / TASKS)),
    kernelUs: median(results.map((result) => (result.systemCpuMs * 1000) / TASKS)),
    peakMb: Math.max(...results.map((result) => result.maxRssMb)),
  };
}

/**
 * What the file system alone costs for the files a dry run wrote: the same number of files of
 * the same sizes, in a fresh folder of the same directory, each written the way traces are
 * (temporary file + rename, 16 at a time) with plain fs calls.
 */
async function fileSystemFloor(base, sizes) {
  const dir = fs.mkdtempSync(path.join(base, 'pdispatch-fs-floor-'));
  const prefix = randomBytes(4).toString('hex');
  const limit = pLimit(16);
  const write = (file, data) => new Promise((resolve, reject) => fs.writeFile(file, data, (error) => (error ? reject(error) : resolve())));
  const rename = (from, to) => new Promise((resolve, reject) => fs.rename(from, to, (error) => (error ? reject(error) : resolve())));
  const texts = sizes.map((size) => `{"padding":"${'x'.repeat(Math.max(0, size - 15))}"}\n`);
  const started = performance.now();
  await Promise.all(
    texts.map((text, index) =>
      limit(async () => {
        const file = path.join(dir, `task-${index}.json`);
        await write(`${file}.${prefix}.tmp`, text);
        await rename(`${file}.${prefix}.tmp`, file);
      }),
    ),
  );
  const ms = performance.now() - started;
  fs.rmSync(dir, { recursive: true, force: true });
  return { ms };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

console.log(`Parallel Dispatcher benchmarks — Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}, temp dir ${os.tmpdir()}\n`);
console.log(`(a) Dry-run dispatch of ${TASKS.toLocaleString('en')} tasks, each depending on 0–3 random earlier tasks; prepare + run, traces included`);
console.log('    floor: the same files (count and sizes) written alone with plain fs calls, temporary file + rename, 16 at a time, right after each run');

let inMemory;
const shm = '/dev/shm';
let shmWritable = false;
try {
  shmWritable = fs.statSync(shm).isDirectory();
  fs.accessSync(shm, fs.constants.W_OK);
} catch {
  shmWritable = false;
}
if (shmWritable) {
  console.log(`    traces in ${shm} (tmpfs, memory): what the code costs without the disk`);
  inMemory = await dryRuns(shm);
  console.log(
    `    overhead per task on tmpfs (median of ${RUNS}): ${fixed(inMemory.perTaskUs)} µs (CPU ${fixed(inMemory.userUs)} µs user + ${fixed(inMemory.kernelUs)} µs kernel; floor ${fixed(inMemory.floorUs)} µs)   goal ≤ ${GOAL_US} µs   ${verdict(inMemory.perTaskUs <= GOAL_US)}`,
  );
} else {
  console.log(`    no writable tmpfs at ${shm}: the tmpfs goal is not measured`);
}
console.log(`    traces in ${os.tmpdir()} (the temp dir, on disk):`);
const onDisk = await dryRuns(os.tmpdir());
console.log(
  `    overhead per task on disk (median of ${RUNS}): ${fixed(onDisk.perTaskUs)} µs = ${fixed(onDisk.ratio, 2)}× the file-system floor of ${fixed(onDisk.floorUs)} µs ` +
    `(CPU ${fixed(onDisk.userUs)} µs user + ${fixed(onDisk.kernelUs)} µs kernel)   goal ≤ ${GOAL_FLOOR_RATIO}× the floor   ${verdict(onDisk.ratio <= GOAL_FLOOR_RATIO)}`,
);
const peakMb = Math.max(onDisk.peakMb, inMemory?.peakMb ?? 0);
console.log(`    peak memory (largest run): ${fixed(peakMb)} MB   goal < ${GOAL_MB} MB   ${verdict(peakMb < GOAL_MB)}`);
const seedLow = 10_000 + 20_000;
const seedHigh = 20_000 + 50_000;
const ratioText = (perTask) => `${Math.round(seedLow / perTask).toLocaleString('en')}–${Math.round(seedHigh / perTask).toLocaleString('en')}× less`;
console.log(
  `    seed system's claim: 10–20 ms scheduling + 20–50 ms trace writing = 30–70 ms per task; ours ${fixed(onDisk.perTaskUs)} µs on disk (${ratioText(onDisk.perTaskUs)})` +
    (inMemory === undefined ? '' : `, ${fixed(inMemory.perTaskUs)} µs on tmpfs (${ratioText(inMemory.perTaskUs)})`),
);

// ---------------------------------------------------------------------------
// (b) Makespan on DAGs of sleeping tasks
// ---------------------------------------------------------------------------

/** A DAG as tasks in file order, each with its dependencies and true duration. */
const task = (id, dependencies, duration) => ({ id, dependencies, duration });

function randomLayered(seed, workers) {
  const random = seeded(seed);
  const layers = [];
  const tasks = [];
  const count = random.int(30, 60);
  const layerCount = random.int(5, 7);
  for (let index = 0; index < count; index++) {
    const layer = Math.min(layerCount - 1, Math.floor((index / count) * layerCount));
    (layers[layer] ??= []).push(`t${index}`);
    const previous = layers[layer - 1] ?? [];
    const dependencies = new Set();
    if (previous.length > 0) for (let n = random.int(1, 3); n > 0; n--) dependencies.add(random.pick(previous));
    if (layer > 1 && random.next() < 0.3) dependencies.add(random.pick(layers[random.int(0, layer - 2)]));
    tasks.push(task(`t${index}`, [...dependencies], random.int(5, 60)));
  }
  return { shape: `random layered DAG (${layerCount} layers)`, workers, tasks };
}

function chainBesideShortTasks(seed, workers) {
  const random = seeded(seed);
  const tasks = [];
  // The chain comes first in the file: FIFO is not handicapped by the order.
  for (let index = 0; index < 8; index++) tasks.push(task(`chain${index}`, index === 0 ? [] : [`chain${index - 1}`], random.int(45, 60)));
  for (let index = 0; index < 40; index++) tasks.push(task(`short${index}`, [], random.int(5, 25)));
  return { shape: 'one long chain beside many short tasks', workers, tasks };
}

function fanOutFanIn(seed, workers) {
  const random = seeded(seed);
  const tasks = [task('root', [], 5)];
  const first = Array.from({ length: 24 }, (_, index) => `a${index}`);
  for (const id of first) tasks.push(task(id, ['root'], random.int(5, 60)));
  tasks.push(task('join1', first, 5));
  const second = Array.from({ length: 16 }, (_, index) => `b${index}`);
  for (const id of second) tasks.push(task(id, ['join1'], random.int(5, 60)));
  tasks.push(task('join2', second, 5));
  return { shape: 'fan-out / fan-in, twice', workers, tasks };
}

function wideUnevenLevels(seed, workers) {
  const random = seeded(seed);
  const tasks = [];
  let previous = [];
  for (let level = 0; level < 4; level++) {
    const ids = Array.from({ length: 12 }, (_, index) => `l${level}-${index}`);
    for (const id of ids) {
      const dependencies = new Set();
      if (previous.length > 0) for (let n = random.int(1, 2); n > 0; n--) dependencies.add(random.pick(previous));
      // Mostly short, a few long: a level lasts as long as its slowest task.
      tasks.push(task(id, [...dependencies], random.next() < 0.2 ? random.int(45, 60) : random.int(5, 15)));
    }
    previous = ids;
  }
  return { shape: 'a few wide levels, uneven durations', workers, tasks };
}

function randomDag(seed, workers) {
  const random = seeded(seed);
  const tasks = [];
  const count = random.int(30, 60);
  for (let index = 0; index < count; index++) {
    const dependencies = new Set();
    if (index > 0) for (let n = random.int(0, 3); n > 0; n--) dependencies.add(`t${random.int(0, index - 1)}`);
    tasks.push(task(`t${index}`, [...dependencies], random.int(5, 60)));
  }
  return { shape: 'random DAG (0–3 earlier dependencies)', workers, tasks };
}

const dags = [
  randomLayered(11, 3),
  randomLayered(12, 2),
  chainBesideShortTasks(21, 3),
  fanOutFanIn(31, 4),
  wideUnevenLevels(41, 3),
  wideUnevenLevels(42, 2),
  randomDag(51, 4),
];

/** Ours: the ready task with the longest remaining path first, weighted by the durations of an earlier run. */
function criticalPathScheduler(graph, durations, workers) {
  const history = new Map(durations);
  const priorities = remainingPathLengths(graph, expectedDurations(graph.ids, history));
  return runReadyQueue(graph, durations, workers, (id) => priorities.get(id));
}

/** FIFO ready queue: the same scheduler, every task the same priority, so the earliest ready goes first. */
function fifoScheduler(graph, durations, workers) {
  return runReadyQueue(graph, durations, workers, () => 0);
}

async function runReadyQueue(graph, durations, workers, priority) {
  const outcomes = await runSchedule({
    graph,
    maxWorkers: workers,
    priority,
    timeoutMs: () => 60_000,
    retries: () => 0,
    runTask: (id) => sleep(durations.get(id)),
  });
  for (const [id, outcome] of outcomes) if (outcome.status !== 'success') throw new Error(`${id} ended ${outcome.status}`);
}

/** What the seed did: levels by depth, each level run with p-limit(workers), the next level only once the whole level is done. */
async function waveScheduler(graph, durations, workers) {
  const level = new Map();
  for (const id of graph.ids) level.set(id, 0);
  // graph.ids are in file order and every dependency comes earlier here, but do not rely on it.
  const order = topological(graph);
  for (const id of order) for (const dependency of graph.dependencies.get(id)) level.set(id, Math.max(level.get(id), level.get(dependency) + 1));
  const levels = [];
  for (const id of graph.ids) (levels[level.get(id)] ??= []).push(id);
  const limit = pLimit(workers);
  for (const ids of levels) await Promise.all(ids.map((id) => limit(() => sleep(durations.get(id)))));
}

function topological(graph) {
  const remaining = new Map(graph.ids.map((id) => [id, graph.dependencies.get(id).length]));
  const order = graph.ids.filter((id) => remaining.get(id) === 0);
  for (let index = 0; index < order.length; index++) {
    for (const dependent of graph.dependents.get(order[index])) {
      remaining.set(dependent, remaining.get(dependent) - 1);
      if (remaining.get(dependent) === 0) order.push(dependent);
    }
  }
  return order;
}

const schedulers = [
  { name: 'ours', run: criticalPathScheduler },
  { name: 'FIFO', run: fifoScheduler },
  { name: 'waves', run: waveScheduler },
];
const REPEATS = 2;

console.log(`\n(b) Makespan ÷ lower bound max(critical path, total work / workers); sleeping tasks of 5–60 ms; best of ${REPEATS} runs each`);
const header = `    ${'DAG shape'.padEnd(42)} ${'tasks'.padStart(5)} ${'workers'.padStart(7)} ${'bound ms'.padStart(8)} │ ${schedulers.map((s) => s.name.padStart(6)).join(' ')}`;
console.log(header);
console.log(`    ${'─'.repeat(header.length - 4)}`);
const ratios = Object.fromEntries(schedulers.map((scheduler) => [scheduler.name, []]));
let chainRow;
for (const dag of dags) {
  const { graph, issues } = buildTaskGraph(dag.tasks.map(({ id, dependencies }) => ({ id, dependencies })));
  if (issues.length > 0) throw new Error(`bad DAG ${dag.shape}: ${issues.map((issue) => issue.message).join('; ')}`);
  const durations = new Map(dag.tasks.map(({ id, duration }) => [id, duration]));
  const totalWork = dag.tasks.reduce((sum, { duration }) => sum + duration, 0);
  const bound = Math.max(criticalPath(dag.tasks, (id) => durations.get(id)).length, totalWork / dag.workers);
  const row = {};
  for (const scheduler of schedulers) {
    let best = Number.POSITIVE_INFINITY;
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      const started = performance.now();
      await scheduler.run(graph, durations, dag.workers);
      best = Math.min(best, performance.now() - started);
    }
    row[scheduler.name] = best / bound;
    ratios[scheduler.name].push(best / bound);
  }
  if (dag.shape.startsWith('one long chain')) chainRow = row;
  console.log(
    `    ${dag.shape.padEnd(42)} ${String(dag.tasks.length).padStart(5)} ${String(dag.workers).padStart(7)} ${fixed(bound, 0).padStart(8)} │ ${schedulers.map((s) => fixed(row[s.name], 2).padStart(6)).join(' ')}`,
  );
}
const average = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
console.log(`    ${'─'.repeat(header.length - 4)}`);
console.log(`    ${'average'.padEnd(42)} ${''.padStart(5)} ${''.padStart(7)} ${''.padStart(8)} │ ${schedulers.map((s) => fixed(average(ratios[s.name]), 2).padStart(6)).join(' ')}`);
const ours = average(ratios.ours);
console.log(`\n    ours on average: ${fixed(ours, 2)} × the lower bound   goal ≤ 1.10   ${verdict(ours <= 1.1)}`);
const ahead = chainRow.ours < chainRow.FIFO && chainRow.ours < chainRow.waves;
console.log(
  `    long chain beside short tasks: ours ${fixed(chainRow.ours, 2)} vs FIFO ${fixed(chainRow.FIFO, 2)} and waves ${fixed(chainRow.waves, 2)}   goal: ahead of both   ${verdict(ahead)}`,
);
(await import('./cold-start.mjs')).coldStart();
await import('./validation.mjs');
await import('./cache-keys.mjs');
await import('./export.mjs');
console.log(`\nbench finished in ${fixed((performance.now() - benchStarted) / 1000)} s`);
