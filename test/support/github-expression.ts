/** What a step's (or a job's) `if:` can see: how the earlier steps of its job went, their outputs, and the `github` context. */
export interface JobState {
  /** An earlier step of the job failed. */
  readonly failed: boolean;
  /** The run was cancelled. */
  readonly cancelled: boolean;
  /** `steps.<id>.outputs.<name>`; a missing one reads as ''. */
  readonly outputs: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** `github.event.…` and the rest of the `github` context; a missing property reads as null. */
  readonly github?: unknown;
}

type Value = string | number | boolean | null | readonly unknown[] | { readonly [key: string]: unknown };

const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'] as const;
const FUNCTIONS = ['startsWith', 'contains', 'fromJSON'] as const;
const TOKEN = /\s*(&&|\|\||==|!=|!|\(|\)|,|'(?:[^']|'')*'|[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*|\d+)/y;

/**
 * Whether a step with this `if:` runs, evaluated as GitHub Actions does for the subset the
 * workflows use: `!`, `&&`, `||`, `==`, `!=` (case-insensitive for strings), parentheses, string
 * literals, `steps.<id>.outputs.<name>`, `github.…`, the status functions and `startsWith`,
 * `contains` and `fromJSON` (case-insensitive, as GitHub's are). Like GitHub, a condition that
 * calls no status function runs only when nothing failed (`success() && (…)`), and a step
 * without `if:` is `success()`. Anything outside the subset throws, so a test cannot pass by
 * misreading a condition.
 */
export function stepRuns(condition: string | undefined, state: JobState): boolean {
  const text = (condition ?? 'success()').trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string): string => {
    const token = tokens[at++];
    if (token === undefined || (expected !== undefined && token !== expected)) throw new Error(`if: ${condition}: expected ${expected ?? 'more'} at token ${at}`);
    return token;
  };
  const or = (): Value => {
    let value = and();
    while (peek() === '||') {
      take();
      const right = and();
      value = truthy(value) ? value : right;
    }
    return value;
  };
  const and = (): Value => {
    let value = not();
    while (peek() === '&&') {
      take();
      const right = not();
      value = truthy(value) ? right : value;
    }
    return value;
  };
  const not = (): Value => {
    if (peek() !== '!') return comparison();
    take();
    return !truthy(not());
  };
  const comparison = (): Value => {
    const left = primary();
    const operator = peek();
    if (operator !== '==' && operator !== '!=') return left;
    take();
    const equal = same(left, primary());
    return operator === '==' ? equal : !equal;
  };
  const primary = (): Value => {
    const token = take();
    if (token === '(') {
      const value = or();
      take(')');
      return value;
    }
    if (token.startsWith("'")) return token.slice(1, -1).replaceAll("''", "'");
    if (/^\d+$/.test(token)) return Number(token);
    if (token === 'true' || token === 'false') return token === 'true';
    if (token === 'null') return null;
    if ((STATUS_FUNCTIONS as readonly string[]).includes(token)) {
      take('(');
      take(')');
      return statusFunction(token as (typeof STATUS_FUNCTIONS)[number], state);
    }
    if ((FUNCTIONS as readonly string[]).includes(token)) {
      take('(');
      const args: Value[] = [or()];
      while (peek() === ',') {
        take();
        args.push(or());
      }
      take(')');
      return callFunction(token as (typeof FUNCTIONS)[number], args, condition);
    }
    const path = token.split('.');
    if (path.length === 4 && path[0] === 'steps' && path[2] === 'outputs') return state.outputs[path[1]!]?.[path[3]!] ?? '';
    if (path[0] === 'github' && state.github !== undefined) return property(state.github, path.slice(1));
    throw new Error(`if: ${condition}: ${token} is outside what this evaluator understands`);
  };
  const callsStatusFunction = tokens.some((token, n) => (STATUS_FUNCTIONS as readonly string[]).includes(token) && tokens[n + 1] === '(');
  const value = or();
  if (at !== tokens.length) throw new Error(`if: ${condition}: unexpected ${tokens[at]}`);
  return truthy(value) && (callsStatusFunction || statusFunction('success', state));
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.trimEnd().length) {
    const match = TOKEN.exec(text);
    if (match === null) throw new Error(`if: ${text}: cannot read it from character ${TOKEN.lastIndex}`);
    tokens.push(match[1]!);
  }
  return tokens;
}

function statusFunction(name: (typeof STATUS_FUNCTIONS)[number], state: JobState): boolean {
  switch (name) {
    case 'success':
      return !state.failed && !state.cancelled;
    case 'failure':
      return state.failed;
    case 'always':
      return true;
    case 'cancelled':
      return state.cancelled;
  }
}

function callFunction(name: (typeof FUNCTIONS)[number], args: readonly Value[], condition: string | undefined): Value {
  const [first, second] = args;
  if ((name === 'fromJSON' ? 1 : 2) !== args.length) throw new Error(`if: ${condition}: ${name} takes ${name === 'fromJSON' ? 1 : 2} arguments`);
  switch (name) {
    case 'fromJSON':
      return JSON.parse(String(first)) as Value;
    case 'startsWith':
      return text(first).toLowerCase().startsWith(text(second).toLowerCase());
    case 'contains':
      return Array.isArray(first) ? first.some((item) => same(item as Value, second!)) : text(first).toLowerCase().includes(text(second).toLowerCase());
  }
}

/** A value as GitHub casts it to a string: null is '', numbers and booleans as written. */
function text(value: Value | undefined): string {
  return value === null || value === undefined ? '' : typeof value === 'object' ? 'Object' : String(value);
}

function property(value: unknown, path: readonly string[]): Value {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !(key in current)) return null;
    current = (current as Record<string, unknown>)[key];
  }
  return current === undefined ? null : (current as Value);
}

function truthy(value: Value): boolean {
  return value !== null && value !== false && value !== '' && value !== 0;
}

function same(left: Value, right: Value): boolean {
  return typeof left === 'string' && typeof right === 'string' ? left.toLowerCase() === right.toLowerCase() : left === right;
}
