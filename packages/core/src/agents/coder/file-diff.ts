const MAX_DIFF_CHARS = 256 * 1024;
const MAX_INPUT_CHARS = 4 * 1024 * 1024;
const DIFF_TIMEOUT_MS = 2000;

/** A unified diff from the previous content to the new, for the trace; capped, and given up on when too costly. */
export async function unifiedDiff(name: string, before: string, after: string): Promise<string> {
  if (before.length > MAX_INPUT_CHARS || after.length > MAX_INPUT_CHARS) return `[diff omitted: a side is larger than ${MAX_INPUT_CHARS / 1024 / 1024} MiB]`;
  // Imported when a file is replaced, not when a host starts (jsdiff is 19 modules).
  const { createTwoFilesPatch } = await import('diff');
  const patch = createTwoFilesPatch(name, name, before, after, 'previous', 'written', { timeout: DIFF_TIMEOUT_MS });
  if (patch === undefined) return `[diff omitted: not computed within ${DIFF_TIMEOUT_MS / 1000} s]`;
  return patch.length <= MAX_DIFF_CHARS ? patch : `${patch.slice(0, MAX_DIFF_CHARS)}\n…[diff truncated: ${patch.length - MAX_DIFF_CHARS} more characters]`;
}
