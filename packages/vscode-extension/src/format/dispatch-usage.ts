import { formatUsd, isBudgetSpent, type DispatchSummary } from '@parallel-dispatcher/core';

/** `$0.0123 · 2 cache hits · budget spent`: what a dispatch cost, as its row and its end notification say it. */
export function dispatchUsageParts(summary: DispatchSummary | null): string[] {
  if (summary === null) return [];
  const hits = summary.cache?.hits ?? 0;
  return [
    // A dispatch that made no model call costs nothing worth a word, not $0.
    summary.input_tokens + summary.output_tokens > 0 ? formatUsd(summary.cost_usd) : '',
    hits > 0 ? `${hits} cache hit${hits === 1 ? '' : 's'}` : '',
    // Indexes written before budgets have none.
    summary.budget != null && isBudgetSpent(summary.budget) ? 'budget spent' : '',
  ].filter((part) => part !== '');
}
