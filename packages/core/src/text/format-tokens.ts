import { formatCount } from './format-count.js';

/** `1,500 in / 320 out`: the one way every host shows a task's or a call's token usage. */
export function formatTokens(input: number, output: number): string {
  return `${formatCount(input)} in / ${formatCount(output)} out`;
}
