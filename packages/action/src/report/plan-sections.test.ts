import { describe, expect, it } from 'vitest';
import { sampleIndex, sampleTask } from '../../test-support/sample-index.js';
import { commentBody, invalidPlanComment, requestCommentKey } from './comment-body.js';
import { invalidPlanSummary, jobSummary } from './job-summary.js';
import { answerSection, requestQuote } from './plan-sections.js';
import type { PlanReport, ReportContext } from './report-context.js';

const plan: PlanReport = {
  request: 'Generate three ONEX Effect nodes: user writer, product reader, order updater',
  tasks: [
    { id: 'user-writer', agent: 'coder', dependsOn: [], description: 'Write the user writer node' },
    { id: 'product-reader', agent: 'coder', dependsOn: [], description: 'Write the product reader node' },
    { id: 'review', agent: 'debug', dependsOn: ['user-writer', 'product-reader'], description: 'Check both | for mistakes' },
  ],
  filesWritten: ['src/nodes/user-writer.ts', 'src/nodes/product-reader.ts'],
  answer: { kind: 'answer', answer: '## Done\n\nTwo nodes were written; thanks @octocat.', highlights: ['user writer in src/nodes'], followUps: ['add tests'] },
};

const context: ReportContext = {
  dispatchFile: 'traces/dispatch-20261125_100000-abcd1234/plan.dispatch.json',
  commentKey: 'request:comment-77',
  artifact: { kind: 'uploaded', name: 'dispatch-traces', id: 77, url: 'https://github.com/o/r/actions/runs/1/artifacts/77' },
  runUrl: 'https://github.com/o/r/actions/runs/1',
  plan,
};

const index = sampleIndex([sampleTask('user-writer', { agent: 'coder' }), sampleTask('product-reader', { agent: 'coder' }), sampleTask('review', { agent: 'debug', at: 1000 })]);

describe('the reports of a dispatch planned from a request', () => {
  it('show the request, the answer, the plan as a table, then the results', () => {
    const summary = jobSummary(index, context);
    expect(summary.startsWith('## ✅ Parallel Dispatcher: request — all 3 tasks succeeded\n\n> Generate three ONEX Effect nodes: user writer, product reader, order updater\n')).toBe(true);
    expect(summary).toContain('### Answer\n\n## Done\n\nTwo nodes were written; thanks @\u200Boctocat.\n\n**Highlights**\n\n- user writer in src/nodes\n\n**Follow-ups**\n\n- add tests\n');
    expect(summary).toContain('### Plan: 3 tasks\n\n| Task | Agent | Depends on | What it does |\n| --- | --- | --- | --- |\n| `user-writer` | `coder` | – | Write the user writer node |');
    expect(summary).toContain('| `review` | `debug` | `user-writer`, `product-reader` | Check both \\| for mistakes |');
    expect(summary).toContain('Files it writes: `src/nodes/user-writer.ts`, `src/nodes/product-reader.ts`\nThe plan ran as `traces/dispatch-20261125_100000-abcd1234/plan.dispatch.json` (in the trace artifact).');
    const order = ['> Generate', '### Answer', '### Plan', '### Results', '**3 tasks**', '| Task | Status | Agent |', '[dispatch-traces]'].map((part) => summary.indexOf(part));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('put the same in the comment under the comment key, the plan folded', () => {
    const body = commentBody(index, context);
    expect(body.startsWith('<!-- parallel-dispatcher:request:comment-77 -->\n### ✅ Parallel Dispatcher: request — all 3 tasks succeeded\n\n> Generate three')).toBe(true);
    expect(body).toContain('Two nodes were written');
    expect(body).toContain('<details><summary>Plan: 3 tasks</summary>\n\n| Task | Agent | Depends on | What it does |');
    expect(body.indexOf('Two nodes were written')).toBeLessThan(body.indexOf('<details><summary>Plan'));
  });

  it('say when there is no answer and why', () => {
    const summary = jobSummary(index, { ...context, plan: { ...plan, answer: { kind: 'failed', error: 'model anthropic:claude failed: HTTP 500' } } });
    expect(summary).toContain('### Answer\n\n**No answer**: the synthesis failed: model anthropic:claude failed: HTTP 500\n');
  });

  it('list every problem of an invalid plan with the request, and say where the plan is', () => {
    const issues = [
      { path: 'tasks[1].agent', message: 'unknown agent "writer"' },
      { path: 'tasks[0].depends_on[0]', message: 'dependency cycle: a → b → a' },
    ];
    const summary = invalidPlanSummary('Do <b>it</b>', issues, context.artifact);
    expect(summary).toBe(
      '## ⚠️ Parallel Dispatcher: the plan made from the request is invalid (2 problems); no task ran\n\n> Do &lt;b&gt;it&lt;/b&gt;\n\n' +
        '- `tasks[1].agent`: unknown agent "writer"\n- `tasks[0].depends_on[0]`: dependency cycle: a → b → a\n\n' +
        'The model’s last plan is in the trace artifact as `plan.dispatch.json.invalid`, and every planning round with its problems in `plan.json`.\n\n' +
        '📦 Traces: [dispatch-traces](https://github.com/o/r/actions/runs/1/artifacts/77): download and unzip it, then run `pdispatch show <dir>`, or open it in VS Code with **Parallel Dispatcher: Open Trace Artifact…**\n',
    );
    // Without an artifact, the summary does not send anyone looking for one.
    const notUploaded = invalidPlanSummary('Do it', issues, { kind: 'not-uploaded', reason: 'upload-artifact is false' });
    expect(notUploaded).not.toContain('plan.dispatch.json.invalid');
    expect(notUploaded).toContain('📦 Traces were not uploaded: upload-artifact is false');
    const body = invalidPlanComment('Do it', issues, { commentKey: 'request:comment-77', artifact: context.artifact, runUrl: context.runUrl });
    expect(body.startsWith('<!-- parallel-dispatcher:request:comment-77 -->\n### ⚠️ Parallel Dispatcher: the plan made from the request is invalid (2 problems); no task ran\n\n> Do it\n')).toBe(true);
    expect(body).toContain('- `tasks[1].agent`: unknown agent "writer"');
    expect(body).toContain('[dispatch-traces](https://github.com/o/r/actions/runs/1/artifacts/77)');
  });
});

describe('requestQuote', () => {
  it('quotes the request as plain text: no HTML, no Markdown blocks, no mentions', () => {
    expect(requestQuote('# Title\n\n- item <img src=x onerror=alert(1)>\n> nested @admin [link](http://x)', 1000)).toBe(
      '> \\# Title\n>\n> \\- item &lt;img src=x onerror=alert(1)&gt;\n> &gt; nested @\u200Badmin \\[link\\](http://x)\n',
    );
    expect(requestQuote('x'.repeat(50), 10)).toBe(`> ${'x'.repeat(9)}…\n`);
  });
});

describe('answerSection', () => {
  it('cuts a long answer visibly', () => {
    const text = answerSection({ kind: 'answer', answer: 'a'.repeat(100), highlights: [], followUps: [] }, 20);
    expect(text).toBe(`${'a'.repeat(19)}…\n`);
  });
});

describe('requestCommentKey', () => {
  it('is the asking comment when there is one, else the request', () => {
    expect(requestCommentKey('do it', 123)).toBe('request:comment-123');
    expect(requestCommentKey('do it', undefined)).toBe(requestCommentKey('do it', undefined));
    expect(requestCommentKey('do it', undefined)).not.toBe(requestCommentKey('do that', undefined));
  });
});

describe('the comment of a large plan', () => {
  it('shows the first 50 tasks of the plan and stays under GitHub\'s limit', () => {
    const tasks = Array.from({ length: 400 }, (_, n) => ({ id: `task-${n}`, agent: 'coder', dependsOn: n === 0 ? [] : [`task-${n - 1}`], description: 'd'.repeat(250) }));
    const body = commentBody(sampleIndex(tasks.map((task) => sampleTask(task.id, { agent: 'coder' }))), { ...context, plan: { ...plan, tasks } });
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('| `task-49` |');
    expect(body).toContain('| … 350 more (the plan file in the trace artifact has them all) | | | |');
    expect(body).not.toContain('| `task-50` | `coder` |');
  });
});
