import { describe, expect, it } from 'vitest';
import { Budget } from './budget.js';
import { callCost, hasPrice, sumUsd } from './model-prices.js';

describe('model prices', () => {
  it('prices a known model from the price package: Claude Sonnet 4.5 at $3 in / $15 out per million', () => {
    expect(callCost({ provider: 'anthropic', model: 'claude-sonnet-4-5' }, { input_tokens: 1000, output_tokens: 1000 })).toBeCloseTo(0.018, 10);
    expect(hasPrice({ provider: 'openai', model: 'gpt-4o-mini' })).toBe(true);
  });

  it('says unknown (null), never 0, for a model it does not know, and for OpenAI-compatible servers it cannot name', () => {
    expect(callCost({ provider: 'anthropic', model: 'claude-loopback' }, { input_tokens: 10, output_tokens: 5 })).toBeNull();
    expect(callCost({ provider: 'openai-compatible', model: 'gpt-4o', baseUrl: 'http://127.0.0.1:1234/v1' }, { input_tokens: 10, output_tokens: 5 })).toBeNull();
    expect(callCost({ provider: 'anthropic', model: 'claude-loopback' }, { input_tokens: 0, output_tokens: 0 })).toBe(0);
  });

  it('lets config.prices win, by provider:model and then provider:*', () => {
    const prices = { 'anthropic:claude-sonnet-4-5': { input_per_mtok: 1, output_per_mtok: 2 }, 'openai-compatible:*': { input_per_mtok: 0, output_per_mtok: 0 } };
    expect(callCost({ provider: 'anthropic', model: 'claude-sonnet-4-5' }, { input_tokens: 1_000_000, output_tokens: 500_000 }, prices)).toBe(2);
    expect(callCost({ provider: 'openai-compatible', model: 'llama3.1' }, { input_tokens: 100, output_tokens: 100 }, prices)).toBe(0);
  });

  it('sums costs, unknown when any is', () => {
    expect(sumUsd([0.1, 0.2])).toBe(0.3);
    expect(sumUsd([0.1, null])).toBeNull();
  });
});

describe('budgets', () => {
  it('refuses calls once the tokens are spent, and says so once', () => {
    const spent: string[] = [];
    const budget = new Budget('the dispatch', { tokens: 100 }, (error) => spent.push(error.message));
    expect(budget.refusal(false, 'x:y')).toBeUndefined();
    budget.charge({ input_tokens: 60, output_tokens: 30, cost_usd: null });
    expect(budget.refusal(false, 'x:y')).toBeUndefined();
    budget.charge({ input_tokens: 20, output_tokens: 10, cost_usd: null });
    budget.charge({ input_tokens: 5, output_tokens: 0, cost_usd: null });
    expect(spent).toEqual(["the dispatch's budget is spent: 120 of 100 tokens spent"]);
    expect(budget.refusal(true, 'x:y')).toMatchObject({ kind: 'budget', message: "the dispatch's budget is spent: 125 of 100 tokens spent" });
  });

  it('keeps a dollar budget only for models with a known price', () => {
    const budget = new Budget('task "a"', { usd: 0.01 });
    expect(budget.refusal(false, 'openai-compatible:llama3.1')?.message).toContain('the price of model openai-compatible:llama3.1 is unknown');
    budget.charge({ input_tokens: 10, output_tokens: 10, cost_usd: 0.011 });
    expect(budget.refusal(true, 'anthropic:claude-sonnet-4-5')?.message).toBe('task "a"\'s budget is spent: $0.0110 of $0.0100 spent');
  });
});
