import { isAlias, parseDocument, visit, type Document } from 'yaml';
import type { ValidationIssue } from '../errors/validation-error.js';
import { jsonPath } from '../schema/json-path.js';
import { checkStructure, MAX_NESTING } from './check-structure.js';
import { lineAndColumn, scanJson } from './scan-json.js';

/** Most nodes YAML aliases may expand to; more is an alias bomb ("billion laughs"). */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses a dispatch file's text. JSON is tried when the text looks like JSON
 * (or the name ends in .json), YAML otherwise; YAML is a superset of JSON, so
 * this only decides which parser's error message the user sees. Every syntax
 * error carries its line and column; the value is also checked for what
 * neither parser refuses (deep nesting, prototype keys).
 */
export function parseDispatchText(text: string, name?: string): { value: unknown } | { issue: ValidationIssue } {
  const content = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const looksJson = name?.toLowerCase().endsWith('.json') ?? /^\s*[[{]/.test(content);
  const parsed = looksJson ? parseJson(content) : parseYaml(content);
  if ('issue' in parsed) return parsed;
  const [structural] = checkStructure(parsed.value);
  return structural === undefined ? parsed : { issue: structural };
}

const EMPTY: { issue: ValidationIssue } = { issue: { path: '', message: 'the dispatch file is empty' } };

function parseJson(text: string): { value: unknown } | { issue: ValidationIssue } {
  if (text.trim() === '') return EMPTY;
  const problem = scanJson(text);
  if (problem !== undefined) {
    const at = lineAndColumn(text, problem.offset);
    return { issue: { path: jsonPath(problem.at ?? []), message: `not valid JSON at line ${at.line}, column ${at.col}: ${problem.message}` } };
  }
  return { value: JSON.parse(text) as unknown };
}

function parseYaml(text: string): { value: unknown } | { issue: ValidationIssue } {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = document.errors[0];
  if (first !== undefined) {
    const at = first.linePos?.[0];
    const where = at === undefined ? '' : ` at line ${at.line}, column ${at.col}`;
    // The parser recurses; past its stack it reports an overflow, which is just nesting to the user.
    const message = /Maximum call stack/.test(first.message) ? `nested more than ${MAX_NESTING} levels deep` : withoutLocation(first.message);
    return { issue: { path: '', message: `not valid YAML${where}: ${message}` } };
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // Aliases are resolved here, not while parsing: an unknown anchor or an alias bomb.
    const message = error instanceof Error ? error.message : String(error);
    const unresolved = /^Unresolved alias[^:]*: (.*)$/.exec(message)?.[1];
    const offset = firstAliasOffset(document, unresolved);
    const at = offset === undefined ? undefined : lineAndColumn(text, offset);
    const where = at === undefined ? '' : ` at line ${at.line}, column ${at.col}`;
    const reason =
      unresolved !== undefined
        ? `alias "*${unresolved}" names no anchor defined before it`
        : /Excessive alias count/.test(message)
          ? `its aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an alias bomb?)`
          : message;
    return { issue: { path: '', message: `not valid YAML${where}: ${reason}` } };
  }
  if (document.contents === null) return EMPTY;
  return { value };
}

/** Where the first alias (to `anchor`, when given) is, for the message. */
function firstAliasOffset(document: Document, anchor: string | undefined): number | undefined {
  let offset: number | undefined;
  visit(document, {
    Alias(_, node) {
      if (!isAlias(node) || (anchor !== undefined && node.source !== anchor)) return undefined;
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

/** The first line of a YAML error without the location the parser appends, which we give ourselves. */
function withoutLocation(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
