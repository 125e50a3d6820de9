import { errorMarker, hasErrorMarker } from '@parallel-dispatcher/core';
import { z } from 'zod';

export type CommentMode = 'off' | 'always' | 'on-failure';

/** What the step runs: a dispatch file, or a plan the model makes from a request in plain words. */
export type DispatchSource =
  /** The dispatch file, as given (relative to the repository root or absolute). */
  | { readonly kind: 'file'; readonly tasks: string }
  | { readonly kind: 'request'; readonly request: string; readonly maxTasks: number };

/** The action's inputs, validated and typed. Empty inputs are undefined or take their default. */
export interface ActionInputs {
  readonly source: DispatchSource;
  readonly maxWorkers: number | undefined;
  readonly timeoutSeconds: number | undefined;
  /** As given; relative to the repository root. */
  readonly traceDir: string | undefined;
  readonly model: string | undefined;
  readonly modelBaseUrl: string | undefined;
  readonly modelApiKey: string | undefined;
  readonly githubToken: string | undefined;
  readonly artifactName: string;
  readonly retentionDays: number | undefined;
  readonly uploadArtifact: boolean;
  readonly comment: CommentMode;
  readonly failOnError: boolean;
  readonly allowShell: boolean;
  /** Restore and save the result cache with the Actions cache (see `result-cache/`). */
  readonly cache: boolean;
  /** The `mcp-config` input as given: inline JSON, or a path relative to the repository root (see `mcp-config.ts`). */
  readonly mcpConfig: string | undefined;
}

const inputErrorMarker = errorMarker('InputError');

/** One or more inputs are wrong; `problems` names each input and what it should be. */
export class InputError extends Error {
  readonly [inputErrorMarker] = true;

  constructor(readonly problems: readonly string[]) {
    super(`invalid action inputs:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'InputError';
  }

  static isInstance(value: unknown): value is InputError {
    return hasErrorMarker(value, inputErrorMarker);
  }
}

export const PULL_REQUEST_EVENTS: ReadonlySet<string> = new Set(['pull_request', 'pull_request_target']);

/** Events with a conversation to answer in: a pull request's, or the issue or pull request a comment was made on. */
const COMMENTING_EVENTS: ReadonlySet<string> = new Set([...PULL_REQUEST_EVENTS, 'issue_comment']);

const text = z.string().transform((value) => (value === '' ? undefined : value));

function wholeNumber(min: number, max: number) {
  return z.string().transform((value, context) => {
    if (value === '') return undefined;
    const number = Number(value);
    if (/^\d+$/.test(value) && number >= min && number <= max) return number;
    context.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}, got "${value}"` });
    return z.NEVER;
  });
}

const positiveNumber = z.string().transform((value, context) => {
  if (value === '') return undefined;
  const number = Number(value);
  if (Number.isFinite(number) && number > 0) return number;
  context.addIssue({ code: 'custom', message: `expected a number of seconds above 0, got "${value}"` });
  return z.NEVER;
});

// The YAML 1.2 core schema's booleans, as @actions/core's getBooleanInput accepts them.
function boolean(fallback: boolean) {
  return z.string().transform((value, context) => {
    if (value === '') return fallback;
    if (['true', 'True', 'TRUE'].includes(value)) return true;
    if (['false', 'False', 'FALSE'].includes(value)) return false;
    context.addIssue({ code: 'custom', message: `expected true or false, got "${value}"` });
    return z.NEVER;
  });
}

const url = z.string().transform((value, context) => {
  if (value === '') return undefined;
  if (URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)) return value;
  context.addIssue({ code: 'custom', message: `expected an http(s) URL, got "${value}"` });
  return z.NEVER;
});

const artifactName = z.string().transform((value, context) => {
  if (value === '') return 'dispatch-traces';
  const forbidden = [...new Set(value.match(/["':<>|*?\\/\r\n]/g) ?? [])];
  if (forbidden.length === 0) return value;
  context.addIssue({ code: 'custom', message: `"${value}" holds characters an artifact name cannot have: ${forbidden.map((c) => JSON.stringify(c)).join(' ')}` });
  return z.NEVER;
});

const commentMode = z.string().transform((value, context) => {
  if (value === '') return undefined;
  if (value === 'off' || value === 'always' || value === 'on-failure') return value;
  context.addIssue({ code: 'custom', message: `expected off, always or on-failure, got "${value}"` });
  return z.NEVER;
});

/** A plan of more tasks than this is refused, unless `max-tasks` says otherwise. */
export const DEFAULT_MAX_TASKS = 20;

const inputsSchema = z.object({
  tasks: text,
  request: text,
  'max-tasks': wholeNumber(1, 1024),
  'max-workers': wholeNumber(1, 1024),
  'timeout-seconds': positiveNumber,
  'trace-dir': text,
  model: text,
  'model-base-url': url,
  'model-api-key': text,
  'github-token': text,
  'artifact-name': artifactName,
  'retention-days': wholeNumber(1, 400),
  'upload-artifact': boolean(true),
  comment: commentMode,
  'fail-on-error': boolean(true),
  'allow-shell': boolean(false),
  cache: boolean(true),
  'mcp-config': text,
});

export const INPUT_NAMES = Object.keys(inputsSchema.shape) as readonly (keyof typeof inputsSchema.shape)[];

/**
 * Reads every input through `read` (`core.getInput`: trimmed, empty when
 * unset) and checks them all, reporting every wrong one at once.
 * `comment` left empty means `always` on pull-request and issue-comment
 * events, `off` otherwise. Exactly one of `tasks` and `request` is given.
 */
export function readInputs(read: (name: string) => string, eventName: string): ActionInputs {
  const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, read(name)]));
  const parsed = inputsSchema.safeParse(raw);
  const source = sourceOf(raw['tasks'] || undefined, raw['request'] || undefined, raw['max-tasks'] !== '');
  const problems = [...(typeof source === 'string' ? [source] : []), ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`))];
  if (!parsed.success || typeof source === 'string') throw new InputError(problems);
  const inputs = parsed.data;
  return {
    source: source.kind === 'file' ? source : { ...source, maxTasks: inputs['max-tasks'] ?? DEFAULT_MAX_TASKS },
    maxWorkers: inputs['max-workers'],
    timeoutSeconds: inputs['timeout-seconds'],
    traceDir: inputs['trace-dir'],
    model: inputs.model,
    modelBaseUrl: inputs['model-base-url'],
    modelApiKey: inputs['model-api-key'],
    githubToken: inputs['github-token'],
    artifactName: inputs['artifact-name'],
    retentionDays: inputs['retention-days'],
    uploadArtifact: inputs['upload-artifact'],
    comment: inputs.comment ?? (COMMENTING_EVENTS.has(eventName) ? 'always' : 'off'),
    failOnError: inputs['fail-on-error'],
    allowShell: inputs['allow-shell'],
    cache: inputs.cache,
    mcpConfig: inputs['mcp-config'],
  };
}

/** `tasks` and `request` are two ways to say what runs: exactly one of them. A string is the problem. */
function sourceOf(tasks: string | undefined, request: string | undefined, maxTasksGiven: boolean): DispatchSource | string {
  if (tasks !== undefined && request !== undefined) {
    return 'tasks, request: give one of them, not both (tasks names a dispatch file to run; request asks the model to plan one from plain words)';
  }
  if (tasks !== undefined) {
    return maxTasksGiven ? 'max-tasks: only limits a plan made from request; a dispatch file given as tasks runs as written' : { kind: 'file', tasks };
  }
  if (request !== undefined) return { kind: 'request', request, maxTasks: DEFAULT_MAX_TASKS };
  return 'tasks, request: one of them is required: tasks, the path of the dispatch file (JSON or YAML) relative to the repository root, or request, what to do in plain words (the model plans the tasks)';
}
