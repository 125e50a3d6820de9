import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listDispatchIndexes, readDispatchIndex } from '@parallel-dispatcher/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerMarkdown } from '../documents/answer-markdown.js';
import { dispatchStateFromIndex, type DispatchState } from '../traces/dispatch-state.js';
import { answerItem, planItem } from './answer-items.js';

// A trace artifact as GitHub Actions uploads it (test/vscode/tools/make-artifact-fixture.ts); its index predates planning.
const TRACE_DIR = fileURLToPath(new URL('../../../../test/vscode/fixtures/artifact/traces', import.meta.url));

let plain: DispatchState;
beforeAll(async () => {
  const [indexPath] = await listDispatchIndexes(TRACE_DIR);
  plain = dispatchStateFromIndex(await readDispatchIndex(indexPath!), indexPath!, TRACE_DIR, 'opened');
});

const answered = (overrides: Partial<DispatchState> = {}): DispatchState => ({
  ...plain,
  plannedFrom: { request: 'Find why login returns 401 in src/auth,\nthen write a fix', plan_file: '/w/.pdispatch/plans/20261202-030405-find-why.dispatch.yaml' },
  synthesis: {
    answer: '## Cause\n\nThe token check compares seconds with milliseconds.\n\nFixed in `src/auth.ts`.',
    highlights: ['unit-tests failed before the fix'],
    follow_ups: ['Add a test for expired tokens'],
    input_tokens: 1500,
    output_tokens: 200,
    cost_usd: null,
    error: null,
  },
  ...overrides,
});

describe('the Answer and Plan rows', () => {
  it('has neither for a dispatch that was not planned or answered (an older index reads as null)', () => {
    expect(plain.synthesis).toBeNull();
    expect(plain.plannedFrom).toBeNull();
    expect(answerItem(plain)).toBeUndefined();
    expect(planItem(plain)).toBeUndefined();
  });

  it('reads both from an index that has them, as a downloaded artifact of `pdispatch ask` would', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'pd-answer-'));
    try {
      const index = JSON.parse(await fs.readFile(plain.indexPath, 'utf8'));
      const written = path.join(folder, path.basename(plain.indexPath));
      const synthesis = { answer: 'Fixed.', highlights: [], follow_ups: [], input_tokens: 10, output_tokens: 2, error: null };
      await fs.writeFile(written, JSON.stringify({ ...index, planned_from: { request: 'Fix the 401', plan_file: '/home/runner/work/app/app/fix.dispatch.yaml' }, synthesis }));
      const dispatch = dispatchStateFromIndex(await readDispatchIndex(written), written, folder, 'opened');
      expect(answerItem(dispatch)).toMatchObject({ label: 'Answer', description: 'Fixed. · tokens 10 in / 2 out' });
      expect(planItem(dispatch)).toMatchObject({ label: 'Plan', description: 'Fix the 401' });
      expect(planItem(dispatch)!.tooltip).toContain(path.join(folder, dispatch.dispatchId, 'plan.json'));
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  });

  it("shows the answer's first line and tokens, and opens the preview", () => {
    const dispatch = answered();
    const item = answerItem(dispatch)!;
    expect(item).toMatchObject({
      id: `dispatch/${dispatch.dispatchId}/answer`,
      label: 'Answer',
      description: 'Cause · tokens 1,500 in / 200 out',
      contextValue: 'parallelDispatcher:answer:ready',
      command: { command: 'parallelDispatcher.showAnswer', arguments: [dispatch.dispatchId] },
    });
    expect(planItem(dispatch)).toMatchObject({ label: 'Plan', description: 'Find why login returns 401 in src/auth, then write a fix', contextValue: 'parallelDispatcher:plan' });
  });

  it('says why there is no answer when the synthesis failed', () => {
    const dispatch = answered({ synthesis: { answer: null, highlights: [], follow_ups: [], input_tokens: 0, output_tokens: 0, cost_usd: 0, error: 'openai-compatible:m: HTTP 500' } });
    expect(answerItem(dispatch)).toMatchObject({ description: 'failed: openai-compatible:m: HTTP 500', contextValue: 'parallelDispatcher:answer:failed', icon: { id: 'error' } });
    expect(answerMarkdown(dispatch)).toContain('**No answer:** the synthesis failed: openai-compatible:m: HTTP 500.');
  });
});

describe('answerMarkdown', () => {
  it('quotes the request, then the answer, its highlights and follow-ups, and how the tasks went', () => {
    const text = answerMarkdown(answered());
    expect(text).toMatch(/^# Pull request checks\n\n> Find why login returns 401 in src\/auth,\n> then write a fix\n\n## Cause\n/);
    expect(text).toContain('## Highlights\n\n- unit-tests failed before the fix\n\n## Follow-ups\n\n- Add a test for expired tokens');
    expect(text).toMatch(/4\/6 tasks succeeded \(2 did not\) · answer tokens 1,500 in \/ 200 out · dispatch-/);
  });

  it('says how to get an answer for a dispatch that has none', () => {
    expect(answerMarkdown(plain)).toMatch(/ran without a synthesis step/);
  });
});
