import type { BudgetState } from '../tracing/trace-format.js';
import { formatCount } from './format-count.js';
import { formatUsd } from './format-usd.js';

/** `240 of 200 tokens, $0.0034 of $0.50 spent`: each limit the budget sets, and what was spent of it. */
export function formatBudget(budget: BudgetState): string {
  const parts = [
    ...(budget.tokens === null ? [] : [`${formatCount(budget.spent_tokens)} of ${formatCount(budget.tokens)} tokens`]),
    ...(budget.usd === null ? [] : [`${formatUsd(budget.spent_usd)} of ${formatUsd(budget.usd)}`]),
  ];
  return `${parts.join(', ')} spent`;
}
