import { parseDocument } from 'yaml';
import type { ValidationIssue } from '../errors/validation-error.js';

/**
 * Parses a dispatch file's text. JSON is tried when the text looks like JSON
 * (or the name ends in .json), YAML otherwise; YAML is a superset of JSON, so
 * this only decides which parser's error message the user sees.
 */
export function parseDispatchText(text: string, name?: string): { value: unknown } | { issue: ValidationIssue } {
  const looksJson = name?.toLowerCase().endsWith('.json') ?? /^\s*[[{]/.test(text);
  if (looksJson) {
    try {
      return { value: JSON.parse(text) as unknown };
    } catch (error) {
      return { issue: { path: '', message: `not valid JSON: ${jsonErrorWithLine(text, error)}` } };
    }
  }
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = document.errors[0];
  if (first !== undefined) {
    const at = first.linePos?.[0];
    return { issue: { path: '', message: `not valid YAML${at === undefined ? '' : ` at line ${at.line}, column ${at.col}`}: ${first.message.split('\n')[0]}` } };
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) return { issue: { path: '', message: 'the dispatch file is empty' } };
  return { value };
}

function jsonErrorWithLine(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined || /line \d+/.test(message)) return message;
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}
