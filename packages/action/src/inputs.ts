import { errorMarker, hasErrorMarker } from '@parallel-dispatcher/core';
import { z } from 'zod';

export type CommentMode = 'off' | 'always' | 'on-failure';

/** The action's inputs, validated and typed. Empty inputs are undefined or take their default. */
export interface ActionInputs {
  /** The dispatch file, as given (relative to the repository root or absolute). */
  readonly tasks: string;
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

const inputsSchema = z.object({
  tasks: z.string().min(1, 'required: the path of the dispatch file (JSON or YAML), relative to the repository root'),
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
});

export const INPUT_NAMES = Object.keys(inputsSchema.shape) as readonly (keyof typeof inputsSchema.shape)[];

/**
 * Reads every input through `read` (`core.getInput`: trimmed, empty when
 * unset) and checks them all, reporting every wrong one at once.
 * `comment` left empty means `always` on pull-request events, `off` otherwise.
 */
export function readInputs(read: (name: string) => string, eventName: string): ActionInputs {
  const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, read(name)]));
  const parsed = inputsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const inputs = parsed.data;
  return {
    tasks: inputs.tasks,
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
    comment: inputs.comment ?? (PULL_REQUEST_EVENTS.has(eventName) ? 'always' : 'off'),
    failOnError: inputs['fail-on-error'],
    allowShell: inputs['allow-shell'],
  };
}
