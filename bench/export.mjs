// Exporting a 10,000-task dispatch to each format, as `pdispatch export` does it (its traces read
// from disk, its timeline built, the document made), next to the dry run of the same dispatch in
// the same process, and sending it as OTLP spans to a loopback collector. Goal: under 2 s each.
// Run by `npm run bench` (bench/run.mjs) or on its own, after `npm run build`.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'core', 'dist', 'index.js');
const core = await import(dist);
const { builtInAgents, prepareDispatch, runDispatch, readDispatchRecord } = core;

const TASKS = 10_000;
const GOAL_MS = 2000;
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pdispatch-bench-export-'));
const dispatch = {
  tasks: Array.from({ length: TASKS }, (_, task) => ({
    task_id: `task-${task}`,
    agent: 'shell',
    input_data: { command: `echo ${task}` },
    dependencies: task < 8 ? [] : [`task-${task - 1 - (task % 8)}`],
  })),
  config: { max_workers: 8, trace_dir: path.join(workspace, 'traces') },
};

const dryStarted = performance.now();
const prepared = prepareDispatch({ text: JSON.stringify(dispatch), sourcePath: path.join(workspace, 'bench.dispatch.json'), cwd: workspace, agents: builtInAgents(), dryRun: true });
const { indexPath } = await runDispatch(prepared, { env: {}, dryRun: true });
const dryRunMs = performance.now() - dryStarted;

const readStarted = performance.now();
const timeline = core.timelineOfRecord(await readDispatchRecord(indexPath));
const readMs = performance.now() - readStarted;
const formats = { perfetto: core.perfettoTrace, markdown: core.markdownReport, html: core.htmlReport };
console.log(`\n(e) Export of a ${TASKS.toLocaleString('en')}-task dispatch (its dry run: ${dryRunMs.toFixed(0)} ms)`);
console.log(`  traces read and timeline built: ${readMs.toFixed(0)} ms (${timeline.laneCount} lanes), part of each figure below`);
for (const [format, write] of Object.entries(formats)) {
  const started = performance.now();
  const text = write(await readDispatchRecord(indexPath));
  const ms = performance.now() - started;
  console.log(`  ${format.padEnd(9)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / dryRunMs).toFixed(2)}× the dry run  ${(Buffer.byteLength(text) / 1048576).toFixed(1)} MiB  goal < ${GOAL_MS} ms: ${ms < GOAL_MS ? 'PASS' : 'MISS'}`);
}
// OTLP: the spans built and sent (protobuf) to a loopback collector that reads and accepts them.
const collector = http.createServer((request, response) => request.resume().on('end', () => response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end()));
await new Promise((resolve) => collector.listen(0, '127.0.0.1', resolve));
const settings = core.otlpSettingsOf({}, `http://127.0.0.1:${collector.address().port}`);
const otlpStarted = performance.now();
const sent = await core.sendDispatchRecord(await readDispatchRecord(indexPath), settings);
const otlpMs = performance.now() - otlpStarted;
collector.close();
const otlpLine = sent.sent ? `${sent.spanCount} spans sent` : `not sent: ${sent.reason}`;
console.log(`  ${'otlp'.padEnd(9)} ${otlpMs.toFixed(0).padStart(6)} ms  ${(otlpMs / dryRunMs).toFixed(2)}× the dry run  ${otlpLine}  goal < ${GOAL_MS} ms: ${sent.sent && otlpMs < GOAL_MS ? 'PASS' : 'MISS'}`);
fs.rmSync(workspace, { recursive: true, force: true });
