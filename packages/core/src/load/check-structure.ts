import type { ValidationIssue } from '../errors/validation-error.js';
import { jsonPath } from '../schema/json-path.js';

/** Deeper than any dispatch needs, shallow enough for every later step (schemas, traces) to handle. */
export const MAX_NESTING = 64;

/** Keys that change an object's prototype or shadow its methods; JavaScript drops or misreads them silently. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks what no schema can see: nesting deeper than MAX_NESTING (a YAML
 * anchor that contains itself is infinitely deep) and prototype keys.
 * Iterative, so no input can overflow the stack here.
 */
export function checkStructure(value: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  // Each entry links to its parent, so a path is spelt out only for an issue.
  const pending: Place[] = [{ value, depth: 0, key: '', parent: undefined }];
  while (pending.length > 0) {
    const place = pending.pop()!;
    const current = place.value;
    if (typeof current !== 'object' || current === null) continue;
    if (place.depth >= MAX_NESTING) {
      issues.push({ path: pathOf(place), message: `nested more than ${MAX_NESTING} levels deep` });
      continue;
    }
    const depth = place.depth + 1;
    // Pushed last to first, so the walk and its issues follow file order.
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) pending.push({ value: current[index], depth, key: index, parent: place });
      continue;
    }
    const keys = Object.keys(current);
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index]!;
      if (FORBIDDEN_KEYS.has(key)) issues.push({ path: pathOf(place), message: `the key "${key}" is not allowed (JavaScript would drop or misread it)` });
      else pending.push({ value: (current as Record<string, unknown>)[key], depth, key, parent: place });
    }
  }
  return issues;
}

interface Place {
  readonly value: unknown;
  readonly depth: number;
  readonly key: string | number;
  readonly parent: Place | undefined;
}

function pathOf(place: Place): string {
  const segments: (string | number)[] = [];
  for (let at: Place | undefined = place; at?.parent !== undefined; at = at.parent) segments.push(at.key);
  return jsonPath(segments.reverse());
}
