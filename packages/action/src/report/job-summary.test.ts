import { describe, expect, it } from 'vitest';
import { sampleIndex, sampleTask } from '../../test-support/sample-index.js';
import { invalidDispatchSummary, jobSummary, SUMMARY_MAX_BYTES } from './job-summary.js';
import type { ReportContext } from './report-context.js';

const context: ReportContext = {
  dispatchFile: 'ci/review.dispatch.yaml',
  artifact: { kind: 'uploaded', name: 'dispatch-traces', id: 77, url: 'https://github.com/o/r/actions/runs/1/artifacts/77' },
  runUrl: 'https://github.com/o/r/actions/runs/1',
};

describe('jobSummary', () => {
  it('has the status, totals, a row per task, the gantt and the artifact link', () => {
    const index = sampleIndex([
      sampleTask('build', { ms: 1200, input_tokens: 1500, output_tokens: 320, cost_usd: 0.0021, agent: 'coder' }),
      sampleTask('test', { at: 1200, ms: 800, status: 'error', error: { kind: 'agent', message: 'command exited with code 1:\n3 tests failed' } }),
      sampleTask('deploy', { status: 'skipped', error: { kind: 'dependency', message: 'skipped because task "test" did not succeed' } }),
    ]);
    const summary = jobSummary(index, context);
    expect(summary).toContain('## ❌ Parallel Dispatcher: `ci/review.dispatch.yaml` — failed: 1 of 3 tasks failed, 1 skipped\n');
    expect(summary).toContain('**3 tasks**: 1 succeeded · 1 failed · 1 skipped · 0 cancelled · wall time 5.0 s · task time 2.0 s · speedup 0.40× · critical path 4.0 s · tokens 1,500 in / 320 out');
    expect(summary).toContain('💰 **Cost**: $0.0021\n');
    expect(summary).toContain('| Task | Status | Agent | Duration | Tokens | Cost | Error |');
    expect(summary).toContain('| `build` | ✅ success | `coder` | 1.2 s | 1,500 in / 320 out | $0.0021 |  |');
    expect(summary).toContain('| `test` | ❌ error | `shell` | 800 ms | – | – | agent: command exited with code 1: 3 tests failed |');
    expect(summary).toContain('| `deploy` | ⏭️ skipped | `shell` | – | – | – | dependency: skipped because task "test" did not succeed |');
    expect(summary).toContain('```mermaid\ngantt\n');
    expect(summary).toContain('[dispatch-traces](https://github.com/o/r/actions/runs/1/artifacts/77)');
    expect(summary).toContain('[workflow run](https://github.com/o/r/actions/runs/1)');
  });

  it('counts tool calls in the totals and a column, and lists the failed tasks\' calls, only when a task made any', () => {
    const index = sampleIndex([
      sampleTask('lookup', { tool_calls: 3 }),
      sampleTask('review', { status: 'error', tool_calls: 1, error: { kind: 'agent', message: 'no answer' } }),
      sampleTask('plain'),
    ]);
    const call = { server: 'docs', tool: 'search', started_at: '2026-11-25T10:00:01.000Z', duration_ms: 40, arguments: { q: 'login' }, result: null, error: 'timed out after 60 s' };
    const summary = jobSummary(index, { ...context, failedToolCalls: [{ taskId: 'review', calls: [call] }] });
    expect(summary).toContain('tokens 0 in / 0 out · 4 tool calls\n');
    expect(summary).toContain('| Task | Status | Agent | Duration | Tokens | Tool calls | Error |\n| --- | --- | --- | ---: | ---: | ---: | --- |\n');
    expect(summary).toContain('| `lookup` | ✅ success | `shell` | 1.0 s | – | 3 |  |');
    expect(summary).toContain('| `plain` | ✅ success | `shell` | 1.0 s | – | – |  |');
    expect(summary).toContain('<details><summary><code>review</code>: 1 tool call, 1 failed</summary>');
    expect(summary).toContain('| 1 | `docs.search` | 40 ms | `{"q":"login"}` | ❌ timed out after 60 s |');
    expect(summary.indexOf('### Tool calls of failed tasks')).toBeLessThan(summary.indexOf('### Timeline'));

    // Under the limit's pressure the calls go with the gantt; the counts stay.
    const smaller = jobSummary(index, { ...context, failedToolCalls: [{ taskId: 'review', calls: [call] }] }, Buffer.byteLength(summary) - 1);
    expect(smaller).not.toContain('<details>');
    expect(smaller).toContain('The tool calls of failed tasks are left out');
    expect(smaller).toContain('| `lookup` | ✅ success | `shell` | 1.0 s | – | 3 |  |');

    const none = jobSummary(sampleIndex([sampleTask('plain')]), context);
    expect(none).not.toContain('Tool calls');
    expect(none).not.toContain('tool call');
  });

  it('says why there is no artifact', () => {
    const summary = jobSummary(sampleIndex([sampleTask('a')]), { ...context, artifact: { kind: 'not-uploaded', reason: 'upload-artifact is false' } });
    expect(summary).toContain('✅ Parallel Dispatcher: `ci/review.dispatch.yaml` — its task succeeded');
    expect(summary).toContain('📦 Traces were not uploaded: upload-artifact is false');
  });

  it('stays under the limit by dropping the gantt first, then cutting the table', () => {
    const tasks = Array.from({ length: 200 }, (_, n) => sampleTask(`task-${n}`, { at: n * 10, status: 'error', error: { kind: 'agent', message: `failure ${n} `.repeat(20) } }));
    const index = sampleIndex(tasks);
    const full = jobSummary(index, context);
    expect(full).toContain('```mermaid');
    expect(full).toContain('| `task-199` |');

    const withoutGantt = jobSummary(index, context, Buffer.byteLength(full) - 1);
    expect(withoutGantt).not.toContain('```mermaid');
    expect(withoutGantt).toContain('The timeline is left out');
    expect(withoutGantt).toContain('| `task-199` |');

    const cut = jobSummary(index, context, 20_000);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(20_000);
    expect(cut).toContain('| `task-0` |');
    expect(cut).not.toContain('| `task-199` |');
    expect(cut).toMatch(/\| … \d+ more tasks \(all of them are in the trace artifact\) \|/);
    expect(cut).toContain('[dispatch-traces]');
  });

  it("fits GitHub's 1 MiB even for a huge dispatch", () => {
    const tasks = Array.from({ length: 20_000 }, (_, n) => sampleTask(`a-rather-long-task-name-${n}`, { at: n, status: 'error', error: { kind: 'agent', message: 'x'.repeat(400) } }));
    const summary = jobSummary(sampleIndex(tasks), context);
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(summary).toMatch(/… [\d,]+ more tasks/);
  });
});

describe('invalidDispatchSummary', () => {
  it('lists every problem with its place', () => {
    const summary = invalidDispatchSummary('bad.yaml', [
      { path: 'config.max_workers', message: 'Too small: expected number to be >=1' },
      { path: 'tasks[1].dependencies[0]', message: 'unknown task "zz"' },
    ]);
    expect(summary).toBe(
      '## ⚠️ Parallel Dispatcher: `bad.yaml` is invalid (2 problems); no task ran\n\n- `config.max_workers`: Too small: expected number to be &gt;=1\n- `tasks[1].dependencies[0]`: unknown task "zz"\n',
    );
  });
});
