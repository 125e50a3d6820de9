import type { ToolCallRecord } from '@parallel-dispatcher/core';
import { describe, expect, it } from 'vitest';
import { failedToolCallsSection } from './tool-call-section.js';

function call(tool: string, fields: Partial<ToolCallRecord> = {}): ToolCallRecord {
  return { server: 'fs', tool, started_at: '2026-11-25T10:00:01.000Z', duration_ms: 12, arguments: { path: 'src/a.js' }, result: 'export const a = 1;', error: null, ...fields };
}

describe('failedToolCallsSection', () => {
  it('folds each failed task\'s calls into a table: tool, duration, arguments, result or error', () => {
    const section = failedToolCallsSection([
      { taskId: 'review.src-a.js', calls: [call('read_text_file'), call('read_text_file', { arguments: { path: 'gone|x.js' }, result: null, error: 'ENOENT: no such file <gone>' })] },
      { taskId: 'quiet', calls: [] },
    ]);
    expect(section).toBe(
      [
        '### Tool calls of failed tasks',
        '',
        '<details><summary><code>review.src-a.js</code>: 2 tool calls, 1 failed</summary>',
        '',
        '| # | Tool | Duration | Arguments | Result |',
        '| ---: | --- | ---: | --- | --- |',
        '| 1 | `fs.read_text_file` | 12 ms | `{"path":"src/a.js"}` | export const a = 1; |',
        '| 2 | `fs.read_text_file` | 12 ms | `{"path":"gone\\|x.js"}` | ❌ ENOENT: no such file &lt;gone&gt; |',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  it('is empty when no failed task made a call', () => {
    expect(failedToolCallsSection([])).toBe('');
    expect(failedToolCallsSection([{ taskId: 'a', calls: [] }])).toBe('');
  });

  it('counts the tasks and calls past its limits and cuts long arguments and results', () => {
    const calls = Array.from({ length: 5 }, (_, n) => call('search', { arguments: { query: 'q'.repeat(500) }, result: `hit ${n} `.repeat(100) }));
    const tasks = Array.from({ length: 4 }, (_, n) => ({ taskId: `t${n}`, calls }));
    const section = failedToolCallsSection(tasks, { tasks: 2, calls: 3, width: 40 });
    expect(section.match(/<details>/g)).toHaveLength(2);
    expect(section).toContain('| … | 2 more calls (the trace has them) | | | |');
    expect(section).toContain('_… 2 more failed tasks with tool calls: the trace artifact has them._');
    for (const row of section.split('\n').filter((line) => line.startsWith('| 1 |'))) expect(row.length).toBeLessThan(140);
  });
});
