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
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (pending.length > 0) {
    const { value: current, path } = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (path.length >= MAX_NESTING) {
      issues.push({ path: jsonPath(path), message: `nested more than ${MAX_NESTING} levels deep` });
      continue;
    }
    const entries: [string | number, unknown][] = Array.isArray(current) ? current.map((item, index) => [index, item]) : Object.entries(current);
    // Pushed last to first, so the walk and its issues follow file order.
    for (const [key, item] of entries.reverse()) {
      if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) {
        issues.push({ path: jsonPath(path), message: `the key "${key}" is not allowed (JavaScript would drop or misread it)` });
        continue;
      }
      pending.push({ value: item, path: [...path, key] });
    }
  }
  return issues;
}
