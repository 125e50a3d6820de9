import type { CacheSummary } from '../tracing/trace-format.js';
import { formatCount } from './format-count.js';

/** `3 of 5 tasks from the cache, 12,345 tokens saved`: what the result cache spared a dispatch (of the tasks it applied to). */
export function formatCacheSummary(cache: CacheSummary): string {
  const looked = cache.hits + cache.misses;
  const saved = cache.saved_input_tokens + cache.saved_output_tokens;
  return `${formatCount(cache.hits)} of ${formatCount(looked)} task${looked === 1 ? '' : 's'} from the cache${saved > 0 ? `, ${formatCount(saved)} tokens saved` : ''}`;
}
