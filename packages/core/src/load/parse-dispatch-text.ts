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
  const offset = /position (\d+)/.exec(message)?.[1];
  const at = offset === undefined ? yamlErrorPosition(text) : lineAndColumn(text, Number(offset));
  return at === undefined ? message : `${message} (line ${at.line}, column ${at.col})`;
}

function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, col: offset - before.lastIndexOf('\n') };
}

/** Older Node versions do not say where JSON broke; the YAML parser, which reads JSON too, does. */
function yamlErrorPosition(text: string): { line: number; col: number } | undefined {
  return parseDocument(text).errors[0]?.linePos?.[0];
}
