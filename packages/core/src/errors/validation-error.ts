import { DispatchError } from './dispatch-error.js';
import { errorMarker, hasErrorMarker } from './error-marker.js';

const marker = errorMarker('DispatchValidationError');

/** One problem in a dispatch, located by its JSON path (`tasks[2].dependencies[0]`). */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
  /**
   * Every place with this same problem, `path` first; set on the issues of a
   * `DispatchValidationError`, which reports a problem once however often it occurs.
   */
  readonly paths?: readonly string[];
}

/** Places listed in full before the rest are counted. */
const PLACES_SHOWN = 10;

export function formatIssue(issue: ValidationIssue): string {
  const paths = issue.paths ?? (issue.path === '' ? [] : [issue.path]);
  if (paths.length === 0 || (paths.length === 1 && paths[0] === '')) return issue.message;
  const shown = paths.slice(0, PLACES_SHOWN).map((place) => (place === '' ? '(top level)' : place));
  const more = paths.length > PLACES_SHOWN ? ` and ${paths.length - PLACES_SHOWN} more` : '';
  return `${shown.join(', ')}${more}: ${issue.message}`;
}

/** Issues with the same message become one, naming all their places in the order found. */
export function groupIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const byMessage = new Map<string, Set<string>>();
  for (const issue of issues) {
    const places = byMessage.get(issue.message) ?? new Set();
    byMessage.set(issue.message, places);
    for (const place of issue.paths ?? [issue.path]) places.add(place);
  }
  return [...byMessage].map(([message, places]) => {
    const paths = [...places];
    return { path: paths[0]!, message, paths };
  });
}

/** A dispatch that must not run, with every problem found, not just the first, each once. */
export class DispatchValidationError extends DispatchError {
  readonly [marker] = true;
  readonly issues: readonly ValidationIssue[];
  readonly source: string | undefined;

  constructor(issues: readonly ValidationIssue[], source?: string) {
    const grouped = groupIssues(issues);
    const where = source === undefined ? 'dispatch' : source;
    const count = grouped.length === 1 ? '1 problem' : `${grouped.length} problems`;
    super('validation', `${where} is invalid (${count}):\n${grouped.map((issue) => `  - ${formatIssue(issue)}`).join('\n')}`);
    this.name = 'DispatchValidationError';
    this.issues = grouped;
    this.source = source;
  }

  static override isInstance(value: unknown): value is DispatchValidationError {
    return hasErrorMarker(value, marker);
  }
}
