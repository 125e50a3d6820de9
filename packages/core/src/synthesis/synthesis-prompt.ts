import type { FinalTaskStatus, TaskErrorInfo } from '../scheduler/task-outcome.js';
import { capped, cappedJson } from '../text/capped.js';
import type { ModelMessage } from '../models/model-client.js';
import type { Redactor } from '../tracing/redactor.js';

/** One task of a finished dispatch, as the synthesis sees it. */
export interface SynthesisTask {
  readonly task_id: string;
  readonly agent: string;
  readonly description: string;
  readonly status: FinalTaskStatus;
  readonly error: TaskErrorInfo | null;
  readonly output: unknown;
}

/** Most of one task's output the model is shown, in characters. */
export const TASK_OUTPUT_LIMIT = 8 * 1024;
/** Most of the whole task listing the model is shown: a dispatch of many tasks shares it. */
export const TASKS_LIMIT = 96 * 1024;
/** A task's share never drops below this, so every task still shows the start of its output. */
const LEAST_SHARE = 512;
/** A description or an error message. */
const TEXT_LIMIT = 2 * 1024;
/** The list of tasks that did not succeed. */
const LIST_LIMIT = 4 * 1024;

const INSTRUCTIONS = [
  'You are the last step of a dispatch that ran several agent tasks in parallel to answer one request.',
  'Write one answer to the request from the tasks\' results below: what was done, what was found, and where the results are (files, commands).',
  'If any task failed, was skipped or was cancelled, the answer must say so plainly: which task and why, and what that leaves undone. Never present the work of a failed task as done.',
  'Use only what the results show; when they do not answer the request, say what is missing.',
  'Reply with: `answer` (Markdown), `highlights` (a few short points worth knowing at a glance) and `follow_ups` (concrete next steps for the user; empty when there are none).',
].join('\n');

/**
 * The messages of the synthesis call: the request, then every task with its
 * status, error and output, each capped and the whole capped, visibly, and
 * everything redacted before it leaves the process.
 */
export function synthesisMessages(request: string, tasks: readonly SynthesisTask[], redactor: Redactor): ModelMessage[] {
  const share = Math.max(LEAST_SHARE, Math.min(TASK_OUTPUT_LIMIT, Math.floor(TASKS_LIMIT / Math.max(1, tasks.length))));
  const failed = tasks.filter((task) => task.status !== 'success').map((task) => `${task.task_id} (${task.status})`);
  const user = [
    `# Request\n\n${request.trim() === '' ? '(none was given: say what the tasks did)' : redactor.redact(request)}`,
    `# Tasks (${tasks.length}: ${countStatuses(tasks)})`,
    failed.length === 0 ? 'Every task succeeded.' : capped(`Did not succeed: ${failed.join(', ')}.`, LIST_LIMIT),
    taskListing(tasks, share, redactor),
  ].join('\n\n');
  return [
    { role: 'system', content: INSTRUCTIONS },
    { role: 'user', content: user },
  ];
}

/** The tasks' sections up to the listing's limit; tasks past it are only counted, so a huge dispatch costs no more than a small one. */
function taskListing(tasks: readonly SynthesisTask[], share: number, redactor: Redactor): string {
  const sections: string[] = [];
  let length = 0;
  for (const task of tasks) {
    if (length >= TASKS_LIMIT) break;
    // Redacted before capping: a cut through a secret would leave its start unrecognised.
    const section = taskSection(redactor.redactValue(task), share);
    sections.push(section);
    length += section.length + 2;
  }
  const listing = capped(sections.join('\n\n'), TASKS_LIMIT);
  const left = tasks.length - sections.length;
  return left === 0 ? listing : `${listing}\n…[${left} more task${left === 1 ? '' : 's'} left out: the listing is capped at ${TASKS_LIMIT / 1024} KiB]`;
}

function taskSection(task: SynthesisTask, outputLimit: number): string {
  const lines = [`## ${task.task_id} (agent ${task.agent}): ${task.status}`];
  if (task.description !== '') lines.push(`What it was for: ${capped(task.description, TEXT_LIMIT)}`);
  if (task.error !== null) lines.push(`Error (${task.error.kind}): ${capped(task.error.message, TEXT_LIMIT)}`);
  if (task.output !== null && task.output !== undefined) lines.push(`Output:\n${cappedJson(task.output, outputLimit)}`);
  return lines.join('\n');
}

function countStatuses(tasks: readonly SynthesisTask[]): string {
  const counts = new Map<FinalTaskStatus, number>();
  for (const task of tasks) counts.set(task.status, (counts.get(task.status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
}
