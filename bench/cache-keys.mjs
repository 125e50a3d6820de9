// The result cache's own cost: looking up 1,000 tasks that each read 10 files and wrote one (their
// keys made, their entries read, each file they read checked and the file they wrote hashed, as a
// dispatch does before it can reuse a result), next to a dry run of the same dispatch in the same
// process. Goal: under 5%.
// Each task writes its output file, as a `coder` task does: a hit hashes it to know whether to
// write it back, and no stat can vouch for a file written just before its entry was stored. (Until
// 2026-12-03 the bench's tasks wrote nothing, which left that hash out of the figure.)
// After each run it measures the file-system floor of those lookups: the same 1,000 entry files
// and 1,000 written files read and the same 10,000 files read statted with plain synchronous fs
// calls, nothing parsed or hashed, which no lookup that checks every file a result read can go below.
// Run by `npm run bench` (bench/run.mjs) or on its own, after `npm run build`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'core', 'dist');
const { builtInAgents, prepareDispatch, runDispatch, CacheStore } = await import(path.join(dist, 'index.js'));
// The cache's inner parts are not core's public API; the bench reaches for them in the build.
const { cacheKey, cacheModel } = await import(path.join(dist, 'cache', 'cache-key.js'));
const { TaskCache } = await import(path.join(dist, 'cache', 'task-cache.js'));
const { sha256Of } = await import(path.join(dist, 'cache', 'content-hash.js'));

const TASKS = 1000;
const FILES_PER_TASK = 10;
const FILE_BYTES = 4096;
const RUNS = 3;
const GOAL = 0.05;

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pdispatch-bench-cache-'));
fs.mkdirSync(path.join(workspace, 'src'));
// Each task reads 10 files of its own: no file is looked at twice, the worst case for the lookups.
// Sources unchanged for a while, as in a checkout: their stats are trusted (see file-stat.ts).
const filesOf = (task) => Array.from({ length: FILES_PER_TASK }, (_, n) => `src/file-${task}-${n}.py`);
const yesterday = new Date(Date.now() - 86_400_000);
for (let task = 0; task < TASKS; task++) {
  for (const file of filesOf(task)) {
    fs.writeFileSync(path.join(workspace, file), `# ${file}\n${'x = 1\n'.repeat(FILE_BYTES / 6)}`);
    fs.utimesSync(path.join(workspace, file), yesterday, yesterday);
  }
}

const dispatch = {
  tasks: Array.from({ length: TASKS }, (_, task) => ({
    task_id: `gen-${task}`,
    agent: 'coder',
    input_data: { contract_description: `node ${task}`, node_type: 'Compute', output_path: `out/node_${task}.py`, context_files: filesOf(task) },
    dependencies: task < 10 ? [] : [`gen-${task - 1 - (task % 10)}`],
  })),
  config: { max_workers: 5, trace_dir: path.join(workspace, 'traces') },
};
const text = JSON.stringify(dispatch);

async function dryRunMs() {
  const started = performance.now();
  const prepared = prepareDispatch({ text, sourcePath: path.join(workspace, 'bench.dispatch.json'), cwd: workspace, agents: builtInAgents(), dryRun: true });
  await runDispatch(prepared, { env: {}, dryRun: true });
  return performance.now() - started;
}

const prepared = prepareDispatch({ text, sourcePath: path.join(workspace, 'bench.dispatch.json'), cwd: workspace, agents: builtInAgents(), dryRun: true });
const cache = new TaskCache(new CacheStore(path.join(workspace, '.pdispatch', 'cache')), workspace);
const model = cacheModel('openai', 'gpt-bench', 'https://api.example.com/v1');
const keyOf = (id, dependencies) => {
  const task = prepared.tasks.get(id);
  return cacheKey({ agent: task.spec.agent, agentVersion: task.agent.version, taskId: id, description: task.spec.description, input: task.input, model, dependencies, tools: null, declared: null });
};
const outputOf = (id) => ({ output_path: `out/${id}.py`, summary: `wrote ${id}` });
const dependenciesOf = (id) => Object.fromEntries(prepared.tasks.get(id).dependencies.map((dependency) => [dependency, outputOf(dependency)]));
// Every task stored once, with the files it read and the file it wrote, as a first run leaves them.
const writtenOf = (task) => path.join(workspace, dispatch.tasks[task].input_data.output_path);
fs.mkdirSync(path.join(workspace, 'out'));
for (const [task, id] of [...prepared.tasks.keys()].entries()) {
  const files = filesOf(task).map((file) => {
    const absolute = path.join(workspace, file);
    return { path: absolute, action: 'read', sha256: sha256Of(fs.readFileSync(absolute)) };
  });
  const written = writtenOf(task);
  fs.writeFileSync(written, `class Node${task}:\n${'    x = 1\n'.repeat(FILE_BYTES / 10)}`);
  files.push({ path: written, action: 'written', sha256: sha256Of(fs.readFileSync(written)), previous_sha256: null });
  await cache.save({ key: keyOf(id, dependenciesOf(id)), agent: 'coder', output: outputOf(id), files, declared: null, inputTokens: 100, outputTokens: 50 });
}

/** What a second run adds before it can skip its tasks: every key, every entry, every file read checked and every file written hashed, five tasks at a time like the dispatch's workers. */
async function lookupsMs() {
  const ids = [...prepared.tasks.keys()];
  const started = performance.now();
  let hits = 0;
  for (let at = 0; at < ids.length; at += dispatch.config.max_workers) {
    const found = await Promise.all(ids.slice(at, at + dispatch.config.max_workers).map((id) => cache.lookup(keyOf(id, dependenciesOf(id)))));
    hits += found.filter((hit) => hit !== undefined).length;
  }
  if (hits !== ids.length) throw new Error(`expected ${ids.length} hits, got ${hits}`);
  return performance.now() - started;
}

/** Only the file-system calls a hit cannot do without: its entry and the file it wrote read, and a stat of each file it read. */
function floorMs() {
  const entries = [...prepared.tasks.keys()].map((id) => path.join(workspace, '.pdispatch', 'cache', 'entries', `${keyOf(id, dependenciesOf(id))}.json`));
  const reads = entries.map((_, task) => filesOf(task).map((file) => path.join(workspace, file)));
  const started = performance.now();
  for (const [task, entry] of entries.entries()) {
    fs.readFileSync(entry);
    fs.readFileSync(writtenOf(task));
    for (const file of reads[task]) fs.statSync(file);
  }
  return performance.now() - started;
}

console.log(`\n(d) Result cache: looking up ${TASKS.toLocaleString('en')} tasks reading ${FILES_PER_TASK} files of ${FILE_BYTES / 1024} KiB each and writing one (all hits) vs a dry run of the same dispatch; median of ${RUNS}`);
const pairs = [];
for (let run = 1; run <= RUNS; run++) {
  const dry = await dryRunMs();
  const lookups = await lookupsMs();
  const floor = floorMs();
  pairs.push({ dry, lookups, floor });
  const percent = (ms) => `${((ms / dry) * 100).toFixed(1)}%`;
  console.log(`      run ${run}: dry run ${dry.toFixed(0)} ms   cache lookups ${lookups.toFixed(0)} ms (${percent(lookups)})   file-system floor ${floor.toFixed(0)} ms (${percent(floor)})`);
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ratio = median(pairs.map((pair) => pair.lookups / pair.dry));
const floorRatio = median(pairs.map((pair) => pair.floor / pair.dry));
console.log(`    cache lookups ÷ dry run: ${(ratio * 100).toFixed(1)}% (file-system floor ${(floorRatio * 100).toFixed(1)}%)   goal < ${GOAL * 100}%   ${ratio < GOAL ? 'PASS' : 'MISS'}`);
fs.rmSync(workspace, { recursive: true, force: true });
