import { applyPatch, parsePatch, reversePatch } from 'diff';

/**
 * The content a file had before a unified diff (as core records for written files, with jsdiff)
 * turned it into `current`, or undefined when the diff does not fit `current` (the file changed
 * since, or the diff was truncated). Lets the editor show a real side-by-side diff from a trace.
 */
export function previousContent(current: string, diff: string): string | undefined {
  // Core cuts long diffs and says so; a cut diff would apply wrongly or not at all.
  if (/\[diff (omitted|truncated)/.test(diff)) return undefined;
  let patches: ReturnType<typeof parsePatch>;
  try {
    patches = parsePatch(diff);
  } catch {
    return undefined;
  }
  if (patches.length !== 1) return undefined;
  const previous = applyPatch(current, reversePatch(patches[0]!));
  return previous === false ? undefined : previous;
}
