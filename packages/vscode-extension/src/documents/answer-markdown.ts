import { formatAnswer, formatTokens, type IndexSynthesis } from '@parallel-dispatcher/core';
import { countTasks, type DispatchState } from '../traces/dispatch-state.js';
import { dispatchTitle } from '../tree/dispatch-items.js';

/** A dispatch's synthesised answer as the Markdown document its preview shows. */
export function answerMarkdown(dispatch: DispatchState): string {
  const request = dispatch.plannedFrom?.request ?? dispatch.userPrompt;
  const counts = countTasks(dispatch.tasks);
  const failed = counts.error + counts.skipped + counts.cancelled;
  const lines = [`# ${escapeHeading(dispatchTitle(dispatch))}`, ''];
  if (request !== null && request.trim() !== '') lines.push(...request.trim().split('\n').map((line) => `> ${line}`), '');
  const synthesis = dispatch.synthesis;
  if (synthesis === null) {
    lines.push('This dispatch ran without a synthesis step, so it has no answer. "Run This Plan" (or `pdispatch run FILE --synthesize`) adds one.');
  } else {
    lines.push(synthesisMarkdown(synthesis));
  }
  const tokens = synthesis === null || synthesis.input_tokens + synthesis.output_tokens === 0 ? '' : ` · answer tokens ${formatTokens(synthesis.input_tokens, synthesis.output_tokens)}`;
  lines.push('', '---', '', `${counts.success}/${counts.total} tasks succeeded${failed > 0 ? ` (${failed} did not)` : ''}${tokens} · ${dispatch.dispatchId}`, '');
  return lines.join('\n');
}

/** The answer with its highlights and follow-ups, or why there is none: the preview's body and the chat's reply. */
export function synthesisMarkdown(synthesis: IndexSynthesis): string {
  if (synthesis.answer === null) return `**No answer:** the synthesis failed: ${synthesis.error ?? 'unknown error'}. The tasks' results are in the Dispatches view.`;
  return formatAnswer({ answer: synthesis.answer, highlights: synthesis.highlights, follow_ups: synthesis.follow_ups });
}

function escapeHeading(text: string): string {
  return text.replace(/([\\`*_[\]#<>])/g, '\\$1');
}
