import type { z } from 'zod';
import type { ValidationIssue } from '../errors/validation-error.js';
import { closestName } from '../text/closest-name.js';
import { jsonPath } from './json-path.js';
import { knownKeysAt, schemasAt } from './schema-at.js';

/**
 * Turns zod's issues into ours, in the user's words (`max_workers must be a
 * whole number ≥ 1 (got 0)`), each path prefixed with where the value sits in
 * the file. `schema` is the one that produced the issues (parse with
 * `reportInput: true` so messages can quote the value).
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], schema: z.core.$ZodType, prefix: readonly PropertyKey[] = []): ValidationIssue[] {
  return issues.map((issue) => ({ path: jsonPath([...prefix, ...issue.path]), message: describe(issue, schema, fieldName([...prefix, ...issue.path])) }));
}

function describe(issue: z.core.$ZodIssue, schema: z.core.$ZodType, field: string): string {
  const got = 'input' in issue && issue.input !== undefined ? ` (got ${show(issue.input)})` : '';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownField(schema, issue.path, key)).join('; ');
    case 'invalid_type':
      if (issue.input === undefined && issue.message.endsWith('received undefined')) return `required (${issue.expected})`;
      return `${field} must be ${article(issue.expected === 'int' ? 'whole number' : issue.expected)}${got}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const op = issue.code === 'too_small' ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        const whole = schemasAt(schema, issue.path).some(isWholeNumber);
        return `${field} must be ${whole ? 'a whole number' : 'a number'} ${op} ${String(bound)}${got}`;
      }
      const unit = issue.origin === 'string' ? 'character' : 'item';
      if (issue.code === 'too_small' && Number(bound) === 1) return issue.origin === 'string' ? `${field} must not be empty` : customOr(issue.message, `${field} needs at least one ${unit}`);
      return customOr(issue.message, `${field} must have ${issue.code === 'too_small' ? 'at least' : 'at most'} ${String(bound)} ${unit}s`);
    }
    case 'invalid_value':
      return `${field} must be ${issue.values.length === 1 ? show(issue.values[0]) : `one of ${issue.values.map(show).join(', ')}`}${got}`;
    case 'invalid_format':
      return issue.format === 'regex' ? issue.message : `${field} must be a valid ${issue.format}${got}`;
    default:
      return issue.message;
  }
}

/** Messages for unknown fields by schema, then place (indices left out) and name: 50,000 tasks with the same typo cost one search. */
const unknownFieldMessages = new WeakMap<z.core.$ZodType, Map<string, string>>();

function unknownField(schema: z.core.$ZodType, path: readonly PropertyKey[], key: string): string {
  const messages = unknownFieldMessages.get(schema) ?? new Map<string, string>();
  unknownFieldMessages.set(schema, messages);
  const place = `${path.map((segment) => (typeof segment === 'number' ? '[]' : String(segment))).join('.')}\0${key}`;
  let message = messages.get(place);
  if (message === undefined) {
    const close = closestName(key, knownKeysAt(schema, path));
    message = `unknown field "${key}"${close === undefined ? '' : ` (did you mean "${close}"?)`}`;
    messages.set(place, message);
  }
  return message;
}

function isWholeNumber(schema: z.core.$ZodType): boolean {
  const checks = (schema._zod.def as { checks?: readonly z.core.$ZodCheck[] }).checks ?? [];
  return checks.some((check) => /int/.test(String((check._zod.def as { format?: string }).format)));
}

/** Our schemas' own messages ("a dispatch needs at least one task") beat generic ones. */
function customOr(message: string, generic: string): string {
  return /^Too (small|big)/.test(message) ? generic : message;
}

function fieldName(path: PropertyKey[]): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'the value';
  if (typeof last === 'number') return `item ${last} of ${fieldName(path.slice(0, -1))}`;
  return String(last);
}

function article(noun: string): string {
  if (noun === 'array') return 'a list';
  if (noun === 'object' || noun === 'record') return 'an object';
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}
