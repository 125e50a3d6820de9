import path from 'node:path';
import { formatTokens, oneLine, planRecordFile } from '@parallel-dispatcher/core';
import type { DispatchState } from '../traces/dispatch-state.js';
import { answerNodeId, planNodeId } from './node-ids.js';
import { CONTEXT_PREFIX, type TreeItemModel } from './tree-item-model.js';

export const SHOW_ANSWER_COMMAND = 'parallelDispatcher.showAnswer';
export const OPEN_PLAN_COMMAND = 'parallelDispatcher.openPlan';

/** The synthesised answer's row, first under its dispatch; undefined when the run asked for none. */
export function answerItem(dispatch: DispatchState): TreeItemModel | undefined {
  const synthesis = dispatch.synthesis;
  if (synthesis === null) return undefined;
  const failed = synthesis.answer === null;
  const tokens = synthesis.input_tokens + synthesis.output_tokens > 0 ? `tokens ${formatTokens(synthesis.input_tokens, synthesis.output_tokens)}` : '';
  const summary = failed ? `failed: ${oneLine(synthesis.error ?? 'no answer', 70)}` : oneLine(firstLine(synthesis.answer ?? ''), 70);
  return {
    id: answerNodeId(dispatch.dispatchId),
    label: 'Answer',
    description: [summary, tokens].filter((part) => part !== '').join(' · '),
    tooltip: failed ? `The answer could not be synthesised: ${synthesis.error ?? 'unknown error'}` : [synthesis.answer ?? '', ...synthesis.highlights.map((line) => `• ${line}`)].join('\n'),
    icon: failed ? { id: 'error', color: 'testing.iconFailed' } : { id: 'sparkle' },
    contextValue: `${CONTEXT_PREFIX}:answer:${failed ? 'failed' : 'ready'}`,
    collapsible: 'none',
    command: { command: SHOW_ANSWER_COMMAND, title: 'Show Answer', arguments: [dispatch.dispatchId] },
  };
}

/** The request a planned dispatch came from; opens its plan file (plan.json when the file is not here). Undefined for dispatches nobody planned. */
export function planItem(dispatch: DispatchState): TreeItemModel | undefined {
  const planned = dispatch.plannedFrom;
  if (planned === null) return undefined;
  return {
    id: planNodeId(dispatch.dispatchId),
    label: 'Plan',
    description: oneLine(planned.request, 70),
    tooltip: `Planned from: ${planned.request}\nPlan file: ${planned.plan_file}\nHow it was planned (prompt, replies, repairs): ${path.join(dispatch.traceDir, planRecordFile(dispatch.dispatchId))}`,
    icon: { id: 'list-tree' },
    contextValue: `${CONTEXT_PREFIX}:plan`,
    collapsible: 'none',
    command: { command: OPEN_PLAN_COMMAND, title: 'Open Plan', arguments: [dispatch.dispatchId] },
  };
}

function firstLine(markdown: string): string {
  return (
    markdown
      .split('\n')
      .map((line) => line.replace(/^#+\s*/, '').trim())
      .find((line) => line !== '') ?? ''
  );
}
