import type { ValidationLevel } from './coder-input.js';

/** One check made on the generated code. */
export interface CheckResult {
  /** `code-extracted`, `<language>-syntax` or `check_command`. */
  readonly name: string;
  readonly passed: boolean;
  /** Set when the check could not be made (no checker, python3 missing, an earlier check failed). */
  readonly skipped?: boolean;
  readonly diagnostics: string;
}

export interface CoderValidation {
  readonly level: ValidationLevel;
  readonly passed: boolean;
  /** The checks of the last candidate. */
  readonly checks: readonly CheckResult[];
  /** Replies sent back to the model with their diagnostics (strict only, at most two). */
  readonly repair_rounds: number;
}

/** What a successful coder task returns. */
export interface CoderOutput {
  /** Absolute path of the written file. */
  readonly output_path: string;
  readonly language: string;
  readonly bytes: number;
  readonly lines: number;
  readonly sha256: string;
  /** Whether a file was replaced. */
  readonly replaced: boolean;
  readonly validation: CoderValidation;
  /** One line for people: what was written and how it was checked. */
  readonly summary: string;
}

/** The partial output a failed validation leaves in the trace: nothing was written. */
export interface CoderFailedOutput {
  readonly output_path: string;
  readonly language: string;
  readonly written: false;
  readonly validation: CoderValidation;
  readonly summary: string;
}

/** `1 line`, `42 lines`. */
export function lineCount(lines: number): string {
  return `${lines} line${lines === 1 ? '' : 's'}`;
}

export function countLines(text: string): number {
  if (text === '') return 0;
  const breaks = text.split('\n').length - 1;
  return text.endsWith('\n') ? breaks : breaks + 1;
}

/**
 * `moderate validation passed (python-syntax)`: names every check made or
 * skipped; `code-extracted` only when it failed or was the only check.
 */
export function describeValidation(validation: CoderValidation): string {
  const names = validation.checks
    .filter((check) => check.name !== 'code-extracted' || !check.passed || validation.checks.length === 1)
    .map((check) => `${check.name}${check.skipped === true ? (check.passed ? ' skipped' : ' not run') : check.passed ? '' : ' failed'}`);
  const rounds = validation.repair_rounds === 0 ? '' : ` after ${validation.repair_rounds} repair round${validation.repair_rounds === 1 ? '' : 's'}`;
  return `${validation.level} validation ${validation.passed ? 'passed' : 'failed'}${rounds} (${names.join(', ')})`;
}
