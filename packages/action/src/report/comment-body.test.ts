import { describe, expect, it } from 'vitest';
import { sampleIndex, sampleTask } from '../../test-support/sample-index.js';
import { COMMENT_MAX_CHARS, commentBody, commentMarker, invalidDispatchComment } from './comment-body.js';
import type { ReportContext } from './report-context.js';

const context: ReportContext = {
  dispatchFile: 'ci/review.dispatch.yaml',
  artifact: { kind: 'uploaded', name: 'dispatch-traces', id: 77, url: 'https://github.com/o/r/actions/runs/1/artifacts/77' },
  runUrl: 'https://github.com/o/r/actions/runs/1',
  commit: 'b1e2c3d4e5f60718293a4b5c6d7e8f9012345678',
};

describe('commentBody', () => {
  it('starts with the marker of its dispatch file and puts what did not succeed first', () => {
    const index = sampleIndex([sampleTask('ok'), sampleTask('broken', { status: 'error', error: { kind: 'timeout', message: 'timed out after 30 s' } })]);
    const body = commentBody(index, context);
    expect(body.startsWith('<!-- parallel-dispatcher:ci/review.dispatch.yaml -->\n### ❌ Parallel Dispatcher:')).toBe(true);
    const failures = body.slice(0, body.indexOf('<details>'));
    expect(failures).toContain('| `broken` | ❌ error | 1.0 s | timeout: timed out after 30 s |');
    expect(failures).not.toContain('| `ok` |');
    expect(body).toContain('<details><summary>All 2 tasks</summary>');
    expect(body).toContain('commit `b1e2c3d4e5f6`');
    expect(body).toContain('[dispatch-traces](https://github.com/o/r/actions/runs/1/artifacts/77)');
  });

  it('keeps separate markers for separate dispatch files, and a marker that cannot end the HTML comment early', () => {
    expect(commentMarker('a.yaml')).not.toBe(commentMarker('b.yaml'));
    expect(commentMarker('weird-->name.yaml')).toBe('<!-- parallel-dispatcher:weird-%2D%3Ename.yaml -->');
  });

  it('stays under 65,536 characters: the full table goes first, then failure rows', () => {
    const tasks = Array.from({ length: 2000 }, (_, n) => sampleTask(`task-${n}`, n % 2 === 0 ? {} : { status: 'error', error: { kind: 'agent', message: 'e'.repeat(300) } }));
    const body = commentBody(sampleIndex(tasks), context);
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(body).not.toContain('<details>');
    expect(body).toMatch(/\| … [\d,]+ more tasks/);
    expect(body.startsWith(commentMarker(context.dispatchFile))).toBe(true);
    expect(body).toContain('[workflow run]');
  });
});

describe('invalidDispatchComment', () => {
  it('lists the problems under the marker', () => {
    const body = invalidDispatchComment('bad.yaml', [{ path: '', message: 'a dispatch needs at least one task' }], { runUrl: undefined });
    expect(body).toBe('<!-- parallel-dispatcher:bad.yaml -->\n### ⚠️ Parallel Dispatcher: `bad.yaml` is invalid (1 problem); no task ran\n\n- a dispatch needs at least one task\n\n');
  });
});
