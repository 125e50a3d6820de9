import { runCheckCommand } from './check-command.js';
import type { ValidationLevel } from './coder-input.js';
import { countLines, lineCount, type CheckResult } from './coder-output.js';
import type { ExtractedCode } from './extract-code.js';
import { checkSyntax } from './syntax-checks.js';

export interface ValidateOptions {
  readonly level: ValidationLevel;
  readonly language: string;
  /** Where the file will go. */
  readonly outputPath: string;
  /** Where the candidate was written for check_command; undefined when no code was extracted. */
  readonly candidatePath: string | undefined;
  readonly checkCommand: string | undefined;
  readonly taskId: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  /** Kills the processes at once, without the SIGTERM grace (a second Ctrl-C). */
  readonly stopNow?: AbortSignal | undefined;
  readonly progress: (message: string) => void;
}

/**
 * The checks a validation level makes, in order, stopping at the first
 * failure (later checks are reported as not run):
 * - every level: code was extracted from the reply;
 * - moderate and strict: it parses as its language;
 * - every level, when given: `check_command` exits 0 — the task asked for it,
 *   so it is never optional.
 */
export async function validateCode(code: ExtractedCode | undefined, options: ValidateOptions): Promise<CheckResult[]> {
  const checks: CheckResult[] = [];
  const notRun = (name: string) => checks.push({ name, passed: false, skipped: true, diagnostics: 'not run: an earlier check failed' });
  const failed = () => checks.some((check) => !check.passed);

  if (code === undefined) {
    checks.push({ name: 'code-extracted', passed: false, diagnostics: 'the reply held no code: expected one fenced code block with the whole file' });
  } else {
    const from = code.source === 'fence' ? `a fenced block${code.tag === '' ? '' : ` tagged "${code.tag}"`}` : 'the whole reply (no fences)';
    checks.push({ name: 'code-extracted', passed: true, diagnostics: `${lineCount(countLines(code.text))} from ${from}` });
  }
  if (options.level !== 'lenient') {
    if (code === undefined || failed()) notRun(`${options.language}-syntax`);
    else {
      options.progress(`checking ${options.language} syntax`);
      checks.push(await checkSyntax(code.text, options.language, options));
    }
  }
  if (options.checkCommand !== undefined) {
    if (code === undefined || options.candidatePath === undefined || failed()) notRun('check_command');
    else {
      options.progress(`running check_command on the candidate: ${options.checkCommand}`);
      checks.push(await runCheckCommand(options.checkCommand, { ...options, file: options.candidatePath }));
    }
  }
  return checks;
}
