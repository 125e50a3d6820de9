import { describe, expect, it } from 'vitest';
import { sampleIndex, sampleTask } from '../../test-support/sample-index.js';
import { spendingLines } from './spending-lines.js';

const priced = sampleIndex([sampleTask('review', { agent: 'coder', input_tokens: 900, output_tokens: 100, cost_usd: 0.0123 })]).summary;

describe('spendingLines', () => {
  it('says nothing for a dispatch that called no model, had no budget and no cache', () => {
    expect(spendingLines(sampleIndex([sampleTask('lint')]).summary, undefined)).toBe('');
  });

  it('gives the cost, or says it is unknown (never $0) when a price is not known', () => {
    expect(spendingLines(priced, undefined)).toBe('💰 **Cost**: $0.0123\n\n');
    const unknown = sampleIndex([sampleTask('review', { input_tokens: 900, output_tokens: 100, cost_usd: null })]).summary;
    expect(spendingLines(unknown, undefined)).toContain('💰 **Cost**: unknown (a model’s price is not known; config.prices can give it)');
  });

  it('says what was spent of the budget', () => {
    const budget = { tokens: 1000, usd: 0.01, spent_tokens: 1000, spent_usd: 0.0123, remaining_tokens: 0, remaining_usd: 0 };
    expect(spendingLines({ ...priced, budget }, undefined)).toContain('🧮 **Budget**: 1,000 of 1,000 tokens, $0.0123 of $0.0100 spent');
  });

  it('says what the result cache reused, where it came from and where it went, or why it was off', () => {
    const cache = { hits: 3, misses: 1, stored: 1, saved_input_tokens: 1000, saved_output_tokens: 234 };
    expect(spendingLines({ ...priced, cache }, { kind: 'service', restoredFrom: 'pdispatch-results:a.yaml:main:1-1', savedAs: 'pdispatch-results:a.yaml:main:2-1' })).toContain(
      '♻️ **Result cache**: 3 of 4 tasks from the cache, 1,234 tokens saved (restored from `pdispatch-results:a.yaml:main:1-1`, new results saved as `pdispatch-results:a.yaml:main:2-1`)',
    );
    expect(spendingLines({ ...priced, cache }, { kind: 'local', reason: 'no cache service' })).toContain('3 of 4 tasks from the cache, 1,234 tokens saved; not kept between runs: no cache service');
    expect(spendingLines(priced, { kind: 'off', reason: 'the cache input is false' })).toContain('♻️ **Result cache**: off (the cache input is false)');
  });
});
