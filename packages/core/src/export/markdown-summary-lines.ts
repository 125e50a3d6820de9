import { formatCount } from '../text/format-count.js';
import { formatDuration } from '../text/format-duration.js';
import { formatTokens } from '../text/format-tokens.js';
import type { DispatchIndex, DispatchSummary } from '../tracing/trace-format.js';
import { plural } from './markdown-format.js';

const STATUS_ICONS: Record<string, string> = { success: '✅', failure: '❌', cancelled: '⏹️', running: '⏳' };

/** The icon of a dispatch's status (`✅`, `❌`, `⏹️`, `⏳`). */
export function dispatchStatusIcon(index: DispatchIndex): string {
  return STATUS_ICONS[index.status] ?? '';
}

/** How a dispatch ended, in words: `all 6 tasks succeeded`, `failed: 1 of 3 tasks failed, 1 skipped`. */
export function dispatchOutcome(index: DispatchIndex): string {
  const { summary } = index;
  if (index.status === 'success') return summary.total === 1 ? 'its task succeeded' : `all ${formatCount(summary.total)} tasks succeeded`;
  const parts = [
    summary.error > 0 ? `${formatCount(summary.error)} of ${plural(summary.total, 'task')} failed` : undefined,
    summary.skipped > 0 ? `${formatCount(summary.skipped)} skipped` : undefined,
    summary.cancelled > 0 ? `${formatCount(summary.cancelled)} cancelled` : undefined,
  ].filter((part) => part !== undefined);
  const prefix = index.status === 'cancelled' ? 'cancelled' : 'failed';
  return parts.length === 0 ? prefix : `${prefix}: ${parts.join(', ')}`;
}

/** Counts, times, speedup, tokens and (when any were made) tool calls in one Markdown line. */
export function totalsLine(summary: DispatchSummary): string {
  return [
    `**${plural(summary.total, 'task')}**: ${formatCount(summary.success)} succeeded`,
    `${formatCount(summary.error)} failed`,
    `${formatCount(summary.skipped)} skipped`,
    `${formatCount(summary.cancelled)} cancelled`,
    `wall time ${formatDuration(summary.wall_time_ms)}`,
    `task time ${formatDuration(summary.task_time_ms)}`,
    `speedup ${summary.speedup.toFixed(2)}×`,
    `critical path ${formatDuration(summary.critical_path_ms)}`,
    `tokens ${formatTokens(summary.input_tokens, summary.output_tokens)}`,
    ...(summary.tool_calls > 0 ? [plural(summary.tool_calls, 'tool call')] : []),
  ].join(' · ');
}
