import { describe, expect, it } from 'vitest';
import type { DispatchState, TaskState } from '../traces/dispatch-state.js';
import { layoutGantt, ticks } from './gantt-layout.js';
import { renderTimelineHtml } from './timeline-html.js';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

function task(taskId: string, start: number | null, end: number | null, status: TaskState['status'], dependencies: string[] = []): TaskState {
  return {
    taskId,
    agent: 'shell',
    file: null,
    status,
    dependencies,
    startedAt: start === null ? null : T0 + start,
    endedAt: end === null ? null : T0 + end,
    durationMs: start === null || end === null ? null : end - start,
    attempts: start === null ? 0 : 1,
    error: status === 'error' ? { kind: 'agent', message: 'exit 1 <boom>' } : null,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    cache: null,
    toolCalls: 0,
    traceFile: `d/${taskId}.json`,
    progress: null,
  };
}

function dispatch(tasks: TaskState[], endedAt: number | null, status: DispatchState['status'] = 'failure'): DispatchState {
  return {
    dispatchId: 'dispatch-20250101_120000-abcdef01',
    indexPath: '/t/dispatch-20250101_120000-abcdef01.json',
    traceDir: '/t',
    status,
    startedAt: T0,
    endedAt: endedAt === null ? null : T0 + endedAt,
    sourcePath: '/w/ci.dispatch.json',
    userPrompt: null,
    workspace: '/w',
    dryRun: false,
    summary: null,
    plannedFrom: null,
    synthesis: null,
    synthesizing: false,
    tasks,
    origin: 'workspace',
    live: false,
  };
}

describe('layoutGantt', () => {
  const finished = dispatch(
    [
      task('test', 1000, 4000, 'success', ['install']),
      task('install', 0, 1000, 'success'),
      task('lint', 1000, 2000, 'error', ['install']),
      task('package', null, null, 'skipped', ['lint', 'test']),
    ],
    4000,
  );

  it('puts tasks in start order on one time axis, never-started ones last without a bar', () => {
    const layout = layoutGantt(finished, T0 + 99_999);
    expect(layout.totalMs).toBe(4000);
    expect(layout.rows.map((row) => [row.taskId, row.bar])).toEqual([
      ['install', { left: 0, width: 25 }],
      ['lint', { left: 25, width: 25 }],
      ['test', { left: 25, width: 75 }],
      ['package', undefined],
    ]);
    expect(layout.rows.map((row) => row.offset)).toEqual(['+0 ms', '+1.0 s', '+1.0 s', '']);
    expect(layout.rows.find((row) => row.taskId === 'lint')?.error).toBe('agent: exit 1 <boom>');
    expect(layout.peakParallelism).toBe(2);
  });

  it('marks the critical path: the chain of dependencies that took longest', () => {
    expect(layoutGantt(finished, T0).rows.filter((row) => row.critical).map((row) => row.taskId)).toEqual(['install', 'test']);
  });

  it('draws running tasks up to now while the dispatch runs', () => {
    const running = dispatch([task('install', 0, 1000, 'success'), task('build', 1000, null, 'running', ['install'])], null, 'running');
    const layout = layoutGantt(running, T0 + 5000);
    expect(layout.totalMs).toBe(5000);
    expect(layout.rows[1]).toMatchObject({ taskId: 'build', bar: { left: 20, width: 80 }, duration: '4.0 s' });
  });

  it('chooses round tick steps', () => {
    expect(ticks(4000).map((tick) => tick.label)).toEqual(['0', '1.0 s', '2.0 s', '3.0 s', '4.0 s']);
    expect(ticks(125_000).map((tick) => tick.label).slice(0, 3)).toEqual(['0', '50.0 s', '1 m 40 s']);
  });
});

describe('renderTimelineHtml', () => {
  const html = renderTimelineHtml({
    title: 'ci <pipeline>',
    subtitle: 'failure',
    layout: layoutGantt(dispatch([task('lint', 0, 1000, 'error'), task('x"y', 0, 500, 'success')], 1000), T0),
    cspSource: 'https://webview.test',
    nonce: 'abc123',
  });

  it('allows only its own nonce’d style and script, and loads nothing remote', () => {
    expect(html).toContain(`default-src 'none'; style-src https://webview.test 'nonce-abc123'; script-src 'nonce-abc123'`);
    expect(html.match(/<script nonce="abc123">/g)).toHaveLength(1);
    expect(html.match(/<style nonce="abc123">/g)).toHaveLength(1);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('escapes task names and errors, and colours bars from the theme', () => {
    expect(html).toContain('ci &#60;pipeline&#62;');
    expect(html).toContain('data-task="x&#34;y"');
    expect(html).toContain('agent: exit 1 &#60;boom&#62;');
    expect(html).toMatch(/\.status-error \{ background: var\(--vscode-testing-iconFailed/);
    expect(html).toContain('.bar-0 { left: 0%; width: 100%; }');
  });
});
