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

/** `0 tokens, $0.4966 left`: what each limit still allows (a limit whose spending is unknown shows "cost unknown"). */
export function formatBudgetLeft(budget: BudgetState): string {
  const parts = [
    ...(budget.tokens === null ? [] : [`${formatCount(budget.remaining_tokens ?? 0)} tokens`]),
    ...(budget.usd === null ? [] : [formatUsd(budget.remaining_usd)]),
  ];
  return `${parts.join(', ')} left`;
}

/** True once any of its limits is reached: no new model call may start. */
export function isBudgetSpent(budget: BudgetState): boolean {
  return budget.remaining_tokens === 0 || budget.remaining_usd === 0;
}
