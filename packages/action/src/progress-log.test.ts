import { describe, expect, it } from 'vitest';
import { describeEvent } from './progress-log.js';

describe('describeEvent', () => {
  it('keeps task text on one line, so it can never start a workflow command', () => {
    const line = describeEvent({ type: 'task-finished', task_id: 'x', status: 'error', error: { kind: 'agent', message: 'boom\n::add-mask::oops\n::error::fake' }, attempts: 1, duration_ms: 12, at: 0 });
    expect(line).toBe('✗ x error in 12 ms: agent: boom ::add-mask::oops ::error::fake');
    expect(describeEvent({ type: 'task-progress', task_id: 'x', message: 'line one\n::warning::two', at: 0 })).toBe('  x: line one ::warning::two');
    expect(describeEvent({ type: 'task-queued', task_id: 'x', at: 0 })).toBeUndefined();
  });
});
