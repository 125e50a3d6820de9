import { describe, expect, it } from 'vitest';
import { describeEvent } from './describe-event.js';

describe('describeEvent', () => {
  it('keeps task text on one line, so it can never start a workflow command', () => {
    const line = describeEvent({ type: 'task-finished', task_id: 'x', status: 'error', error: { kind: 'agent', message: 'boom\n::add-mask::oops\n::error::fake' }, attempts: 1, duration_ms: 12, at: 0 });
    expect(line).toBe('✗ x error in 12 ms: agent: boom ::add-mask::oops ::error::fake');
    expect(describeEvent({ type: 'task-progress', task_id: 'x', message: 'line one\n::warning::two', at: 0 })).toBe('  x: line one ::warning::two');
    expect(describeEvent({ type: 'dispatch-started', dispatch_id: 'd', correlation_id: 'c', task_count: 1, trace_index: 'traces/a\n::error::b.json', at: 0 })).toBe(
      'dispatch d: 1 task, traces in traces/a ::error::b.json',
    );
    expect(describeEvent({ type: 'task-queued', task_id: 'x', at: 0 })).toBeUndefined();
  });

  it('describes starts, retries and the end of a dispatch', () => {
    expect(describeEvent({ type: 'task-started', task_id: 'lint', attempt: 2, at: 0 })).toBe('▶ lint started (attempt 2)');
    expect(describeEvent({ type: 'task-retrying', task_id: 'lint', attempt: 1, delay_ms: 1500, error: { kind: 'agent', message: 'exit 1' }, at: 0 })).toBe(
      '↻ lint failed (exit 1); retrying in 1.5 s',
    );
    const summary = { total: 3, success: 2, error: 1, skipped: 0, cancelled: 0, wall_time_ms: 12_345, task_time_ms: 20_000, speedup: 1.62, critical_path_ms: 9000, input_tokens: 0, output_tokens: 0, tokens_by_stage: null, tool_calls: 0, cost_usd: null, budget: null, cache: null };
    expect(describeEvent({ type: 'dispatch-finished', status: 'failure', summary, at: 0 })).toBe(
      'dispatch failure: 2 succeeded, 1 failed, 0 skipped, 0 cancelled in 12.3 s (speedup 1.62×)',
    );
    expect(describeEvent({ type: 'dispatch-finished', status: 'success', summary: { ...summary, error: 0, success: 3, tool_calls: 4 }, at: 0 })).toBe(
      'dispatch success: 3 succeeded, 0 failed, 0 skipped, 0 cancelled in 12.3 s (speedup 1.62×); 4 tool calls',
    );
    expect(describeEvent({ type: 'dispatch-finished', status: 'success', summary: { ...summary, input_tokens: 900, output_tokens: 100, cost_usd: 0.0123 }, at: 0 })).toMatch(/; \$0\.0123$/);
    expect(describeEvent({ type: 'dispatch-finished', status: 'success', summary: { ...summary, input_tokens: 900, output_tokens: 100 }, at: 0 })).toMatch(/; cost unknown$/);
    const cache = { hits: 2, misses: 1, stored: 1, saved_input_tokens: 1200, saved_output_tokens: 34 };
    expect(describeEvent({ type: 'dispatch-finished', status: 'success', summary: { ...summary, cache }, at: 0 })).toMatch(/\(speedup 1\.62×\); 2 of 3 tasks from the cache, 1,234 tokens saved$/);
    expect(describeEvent({ type: 'dispatch-finished', status: 'success', summary: { ...summary, cache: { ...cache, hits: 0, misses: 3, saved_input_tokens: 0, saved_output_tokens: 0 } }, at: 0 })).not.toMatch(/from the cache/);
  });

  it('describes the synthesis, its error on one line', () => {
    expect(describeEvent({ type: 'synthesis-started', at: 0 })).toBe("synthesising the answer from the tasks' results");
    expect(describeEvent({ type: 'synthesis-finished', ok: true, at: 0 })).toBe('synthesis done');
    expect(describeEvent({ type: 'synthesis-finished', ok: false, error: 'HTTP 500\n::error::x', at: 0 })).toBe('synthesis failed: HTTP 500 ::error::x');
  });
});
