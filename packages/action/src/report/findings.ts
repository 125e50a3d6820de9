/** A place in the code a task points at: a `debug` task's affected location or evidence. */
export interface Finding {
  readonly taskId: string;
  /** As the task wrote it: relative to the dispatch's workspace, or absolute. */
  readonly file: string;
  readonly line: number;
  readonly endLine: number | undefined;
  readonly message: string;
  /** 0 to 1; undefined when the task gave none. */
  readonly confidence: number | undefined;
}

const LOCATION_LISTS = ['affected_locations', 'evidence'];
const MESSAGE_FIELDS = ['message', 'description', 'reason', 'explanation', 'detail', 'finding', 'summary', 'root_cause', 'hypothesis'];
const CONFIDENCE_WORDS: Record<string, number> = { certain: 1, high: 0.9, likely: 0.75, medium: 0.6, moderate: 0.6, low: 0.3, unlikely: 0.2 };
const MAX_DEPTH = 4;

interface Inherited {
  readonly message: string | undefined;
  readonly confidence: number | undefined;
  /** A `suggested_fix` around an `affected_locations` list: what to change at each place. */
  readonly fix: string | undefined;
}

/**
 * The file-and-line findings in a task's output (a `debug` task's, or any
 * output of the same shape, such as a command agent's JSON): the entries of its
 * `affected_locations` and `evidence` lists (also inside nested findings,
 * root causes or hypotheses) that name a file (`file`/`path`, or `defaultFile`)
 * and a line. An entry without its own message or confidence takes those of
 * the object around it. One finding per place, the most confident; most
 * confident first.
 */
export function findingsOf(taskId: string, output: unknown, defaultFile?: string | null): Finding[] {
  const found: Finding[] = [];
  const visit = (node: unknown, inherited: Inherited, depth: number) => {
    if (depth > MAX_DEPTH || typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, inherited, depth + 1);
      return;
    }
    const record = node as Record<string, unknown>;
    const here: Inherited = {
      message: messageOf(record) ?? inherited.message,
      confidence: confidenceOf(record['confidence']) ?? inherited.confidence,
      fix: firstString(record, ['suggested_fix', 'fix']) ?? inherited.fix,
    };
    for (const [key, value] of Object.entries(record)) {
      if (LOCATION_LISTS.includes(key) && Array.isArray(value)) {
        const context = key === 'affected_locations' && here.fix !== undefined ? { ...here, message: `${(here.message ?? 'Affected').replace(/[.\s]+$/, '')}. Suggested fix: ${here.fix}` } : here;
        for (const entry of value) {
          const finding = locationOf(taskId, entry, context, defaultFile ?? undefined);
          if (finding !== undefined) found.push(finding);
        }
      } else if (typeof value === 'object' && value !== null) {
        visit(value, here, depth + 1);
      }
    }
  };
  visit(output, { message: undefined, confidence: undefined, fix: undefined }, 0);

  const best = new Map<string, Finding>();
  for (const finding of found) {
    const key = `${finding.file}:${finding.line}`;
    const kept = best.get(key);
    if (kept === undefined || (finding.confidence ?? -1) > (kept.confidence ?? -1)) best.set(key, finding);
  }
  return [...best.values()].sort(byImportance);
}

/** Most confident first; without a confidence last; then by place. */
export function byImportance(a: Finding, b: Finding): number {
  return (b.confidence ?? -1) - (a.confidence ?? -1) || a.file.localeCompare(b.file) || a.line - b.line;
}

function locationOf(taskId: string, entry: unknown, inherited: Inherited, defaultFile: string | undefined): Finding | undefined {
  if (typeof entry === 'string') {
    const match = /^(.+?):(\d+)(?:[:-]\d+)?$/.exec(entry.trim());
    if (match === null) return undefined;
    return { taskId, file: match[1]!, line: Number(match[2]), endLine: undefined, message: inherited.message ?? '(no description)', confidence: inherited.confidence };
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
  const record = entry as Record<string, unknown>;
  const file = firstString(record, ['file', 'path', 'file_path', 'filename']) ?? defaultFile;
  const lines = typeof record['lines'] === 'object' && record['lines'] !== null ? (record['lines'] as Record<string, unknown>) : {};
  const line = lineNumber(record['line'] ?? record['line_number'] ?? record['start_line'] ?? lines['start']);
  if (file === undefined || line === undefined) return undefined;
  const end = lineNumber(record['end_line'] ?? lines['end']);
  return {
    taskId,
    file,
    line,
    endLine: end !== undefined && end > line ? end : undefined,
    message: messageOf(record) ?? inherited.message ?? '(no description)',
    confidence: confidenceOf(record['confidence']) ?? inherited.confidence,
  };
}

function messageOf(record: Record<string, unknown>): string | undefined {
  return firstString(record, MESSAGE_FIELDS);
}

function firstString(record: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

function lineNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 1 ? number : undefined;
}

/** 0–1; percentages and words (`high`, `medium`, `low`) are accepted too. */
function confidenceOf(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const word = CONFIDENCE_WORDS[value.trim().toLowerCase()];
    if (word !== undefined) return word;
    const number = Number(value.trim().replace(/%$/, ''));
    return Number.isFinite(number) && value.trim() !== '' ? confidenceOf(value.trim().endsWith('%') ? number / 100 : number) : undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  if (value <= 1) return value;
  return value <= 100 ? value / 100 : undefined;
}
