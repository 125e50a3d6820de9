import type { BudgetSpec } from '../schema/dispatch-schema.js';
import type { BudgetState } from '../tracing/trace-format.js';
import { roundUsd } from './model-prices.js';

/** What traces say of a budget: its limits, what was spent and what remains. */
export function budgetState(limit: BudgetSpec | undefined, spentTokens: number, spentUsd: number | null): BudgetState | null {
  if (limit === undefined) return null;
  return {
    tokens: limit.tokens ?? null,
    usd: limit.usd ?? null,
    spent_tokens: spentTokens,
    spent_usd: spentUsd,
    remaining_tokens: limit.tokens === undefined ? null : Math.max(0, limit.tokens - spentTokens),
    remaining_usd: limit.usd === undefined || spentUsd === null ? null : Math.max(0, roundUsd(limit.usd - spentUsd)),
  };
}
