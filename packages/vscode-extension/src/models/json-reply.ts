/** What a model's reply turned out to be, read as the JSON an object request asked for. */
export type JsonReply<T> = { readonly ok: true; readonly object: T } | { readonly ok: false; readonly problem: string };

/** A zod schema as this module uses it: only `safeParse` and, when present, `toJSONSchema`. */
export interface ObjectSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
  toJSONSchema?: () => unknown;
}

/**
 * The instruction appended to an object request: chat models without structured output follow it well.
 * `wireSchema` is the request's own JSON Schema, when it gives one in place of the zod schema's.
 */
export function jsonInstruction(schema: ObjectSchema<unknown>, schemaName: string | undefined, wireSchema?: unknown): string {
  let jsonSchema = '';
  try {
    jsonSchema = JSON.stringify(wireSchema ?? schema.toJSONSchema?.() ?? {}, null, 1);
  } catch {
    jsonSchema = '';
  }
  return [
    `Reply with a single JSON value${schemaName === undefined ? '' : ` (${schemaName})`} and nothing else: no prose, no Markdown code fence.`,
    jsonSchema === '' || jsonSchema === '{}' ? '' : `It must match this JSON Schema:\n${jsonSchema}`,
  ]
    .filter((part) => part !== '')
    .join('\n');
}

/** Parses a reply as JSON (tolerating a code fence or prose around one object) and validates it. */
export function readJsonReply<T>(text: string, schema: ObjectSchema<T>): JsonReply<T> {
  const candidate = jsonText(text);
  if (candidate === undefined) return { ok: false, problem: 'the reply holds no JSON value' };
  let value: unknown;
  try {
    value = JSON.parse(candidate);
  } catch (error) {
    return { ok: false, problem: `the reply is not valid JSON (${(error as Error).message})` };
  }
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, object: result.data };
  const issues = result.error.issues.slice(0, 10).map((issue) => `${issue.path.length === 0 ? '(the value)' : issue.path.map(String).join('.')}: ${issue.message}`);
  return { ok: false, problem: `the JSON does not match the schema: ${issues.join('; ')}` };
}

/** The follow-up asking for a corrected reply. */
export function repairInstruction(problem: string): string {
  return `That reply cannot be used: ${problem}. Reply again with only the corrected JSON value.`;
}

function jsonText(text: string): string | undefined {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n?```/.exec(text);
  const body = (fenced?.[1] ?? text).trim();
  if (body === '') return undefined;
  if (/^[[{"]|^-?\d|^(true|false|null)$/.test(body)) {
    try {
      JSON.parse(body);
      return body;
    } catch {
      // Fall through: maybe prose follows the value.
    }
  }
  const start = body.search(/[[{]/);
  if (start === -1) return /^(true|false|null|-?\d|")/.test(body) ? body : undefined;
  const close = body[start] === '{' ? '}' : ']';
  const end = body.lastIndexOf(close);
  return end > start ? body.slice(start, end + 1) : body.slice(start);
}
