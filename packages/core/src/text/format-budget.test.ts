import { describe, expect, it } from 'vitest';
import { budgetState } from '../cost/budget-state.js';
import { formatBudget, formatBudgetLeft, isBudgetSpent } from './format-budget.js';

describe('formatBudget', () => {
  it('says what was spent of each limit and what is left', () => {
    const spent = budgetState({ tokens: 1000 }, 1200, null)!;
    expect(formatBudget(spent)).toBe('1,200 of 1,000 tokens spent');
    expect(formatBudgetLeft(spent)).toBe('0 tokens left');
    expect(isBudgetSpent(spent)).toBe(true);
    const both = budgetState({ tokens: 50_000, usd: 0.5 }, 240, 0.0034)!;
    expect(formatBudget(both)).toBe('240 of 50,000 tokens, $0.0034 of $0.5000 spent');
    expect(formatBudgetLeft(both)).toBe('49,760 tokens, $0.4966 left');
    expect(isBudgetSpent(both)).toBe(false);
  });

  it('says "cost unknown" where the spending could not be priced', () => {
    const unpriced = budgetState({ usd: 1 }, 10, null)!;
    expect(formatBudget(unpriced)).toBe('cost unknown of $1.00 spent');
    expect(formatBudgetLeft(unpriced)).toBe('cost unknown left');
  });
});
