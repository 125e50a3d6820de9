/** What a step's `if:` can see: how the earlier steps of its job went, and their outputs. */
export interface JobState {
  /** An earlier step of the job failed. */
  readonly failed: boolean;
  /** The run was cancelled. */
  readonly cancelled: boolean;
  /** `steps.<id>.outputs.<name>`; a missing one reads as ''. */
  readonly outputs: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

type Value = string | number | boolean | null;

const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'] as const;
const TOKEN = /\s*(&&|\|\||==|!=|!|\(|\)|'(?:[^']|'')*'|[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*|\d+)/y;

/**
 * Whether a step with this `if:` runs, evaluated as GitHub Actions does for the subset the
 * workflows use: `!`, `&&`, `||`, `==`, `!=` (case-insensitive for strings), parentheses, string
 * literals, `steps.<id>.outputs.<name>` and the status functions. Like GitHub, a condition that
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
    const path = token.split('.');
    if (path.length === 4 && path[0] === 'steps' && path[2] === 'outputs') return state.outputs[path[1]!]?.[path[3]!] ?? '';
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

function truthy(value: Value): boolean {
  return value !== null && value !== false && value !== '' && value !== 0;
}

function same(left: Value, right: Value): boolean {
  return typeof left === 'string' && typeof right === 'string' ? left.toLowerCase() === right.toLowerCase() : left === right;
}
