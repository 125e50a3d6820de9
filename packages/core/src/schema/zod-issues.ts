import type { z } from 'zod';
import type { ValidationIssue } from '../errors/validation-error.js';
import { jsonPath } from './json-path.js';

/** Turns zod's issues into ours, each path prefixed with where the value sits in the file. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): ValidationIssue[] {
  return issues.map((issue) => ({ path: jsonPath([...prefix, ...issue.path]), message: describe(issue) }));
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return `required (${issue.expected})`;
  return issue.message;
}
