import { describe, expect, it } from 'vitest';
import { Redactor } from '../tracing/redactor.js';
import { synthesisMessages, TASK_OUTPUT_LIMIT, TASKS_LIMIT, type SynthesisTask } from './synthesis-prompt.js';

const SECRET = 'ghp_0123456789abcdefSECRET';

function task(id: string, fields: Partial<SynthesisTask> = {}): SynthesisTask {
  return { task_id: id, agent: 'shell', description: `check ${id}`, status: 'success', error: null, output: { stdout: 'ok' }, ...fields };
}

function userText(tasks: readonly SynthesisTask[], redactor = new Redactor([])): string {
  const messages = synthesisMessages('Summarise the checks', tasks, redactor);
  expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
  return messages[1]!.content;
}

describe('synthesisMessages', () => {
  it('cuts a long output visibly at its share', () => {
    const text = userText([task('big', { output: { stdout: 'x'.repeat(3 * TASK_OUTPUT_LIMIT) } }), task('small')]);
    expect(text).toMatch(/## big \(agent shell\): success\nWhat it was for: check big\nOutput:\n\{\n  "stdout": "x+\n…\[truncated: \d+ more characters\]/);
    expect(text).toContain('## small (agent shell): success');
    expect(text.length).toBeLessThan(TASK_OUTPUT_LIMIT + 2000);
  });

  it('keeps the whole within its limit when there are many tasks, and names every task that did not succeed first', () => {
    const tasks = Array.from({ length: 400 }, (_, at) =>
      task(`t${at}`, at === 399 ? { status: 'error', error: { kind: 'agent', message: 'exit 1' }, output: null } : { output: { stdout: 'y'.repeat(5000) } }),
    );
    const text = userText(tasks);
    expect(text.length).toBeLessThan(TASKS_LIMIT + 2000);
    expect(text).toContain('# Tasks (400: 399 success, 1 error)');
    expect(text).toContain('Did not succeed: t399 (error).');
    expect(text).toMatch(/…\[truncated: \d+ more characters\]\n…\[2\d\d more tasks left out: the listing is capped at 96 KiB\]$/);
  });

  it('replaces secrets everywhere, even where a cut would have split one', () => {
    // The output's cut falls inside the secret: the start of it must not survive either.
    const output = { stdout: `${'z'.repeat(TASK_OUTPUT_LIMIT - 30)}${SECRET}` };
    const text = userText([task('leak', { output, error: { kind: 'agent', message: `bad token ${SECRET}` }, description: SECRET })], new Redactor([SECRET]));
    expect(text).not.toContain(SECRET.slice(0, 12));
    expect(text).toContain('bad token ***');
    const messages = synthesisMessages(`use ${SECRET}`, [task('a')], new Redactor([SECRET]));
    expect(JSON.stringify(messages)).not.toContain(SECRET);
  });

  it('asks the answer to say what failed', () => {
    const [system] = synthesisMessages('r', [task('a')], new Redactor([]));
    expect(system!.content).toMatch(/failed, was skipped or was cancelled, the answer must say so/);
  });
});
