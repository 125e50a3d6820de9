import { markdownCode as code, type DispatchSummary, formatBudget, formatCacheSummary, formatUsd, markdownText } from '@parallel-dispatcher/core';
import type { ResultCacheReport } from '../result-cache/step-result-cache.js';

/**
 * What the dispatch spent and was spared, one line each, for the summary and
 * the comment: the cost of its model calls, its budget, and the result cache.
 * Empty when there is nothing to say (no model call, no budget, cache off by
 * the dispatch's own config and no hit).
 */
export function spendingLines(summary: DispatchSummary, cache: ResultCacheReport | undefined): string {
  const lines = [costLine(summary), summary.budget === null ? undefined : `🧮 **Budget**: ${formatBudget(summary.budget)}`, cacheLine(summary, cache)];
  const shown = lines.filter((line): line is string => line !== undefined);
  return shown.length === 0 ? '' : `${shown.join('  \n')}\n\n`;
}

/** `💰 Cost: $0.0123`, or unknown when a model's price is not known; none when no model was called. */
function costLine(summary: DispatchSummary): string | undefined {
  if (summary.input_tokens + summary.output_tokens === 0 && summary.cost_usd === 0) return undefined;
  if (summary.cost_usd === null) return '💰 **Cost**: unknown (a model’s price is not known; config.prices can give it)';
  return `💰 **Cost**: ${formatUsd(summary.cost_usd)}`;
}

function cacheLine(summary: DispatchSummary, cache: ResultCacheReport | undefined): string | undefined {
  if (cache === undefined) return undefined;
  if (cache.kind === 'off') return `♻️ **Result cache**: off (${markdownText(cache.reason, 200)})`;
  const counts = summary.cache === null ? 'no task it applies to ran' : formatCacheSummary(summary.cache);
  if (cache.kind === 'local') return `♻️ **Result cache**: ${counts}; not kept between runs: ${markdownText(cache.reason, 300)}`;
  const restored = cache.restoredFrom === undefined ? 'nothing to restore yet' : `restored from ${code(cache.restoredFrom)}`;
  const saved = cache.savedAs === undefined ? '' : `, new results saved as ${code(cache.savedAs)}`;
  return `♻️ **Result cache**: ${counts} (${restored}${saved})`;
}
