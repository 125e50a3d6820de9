import { runProcess } from '../shell/run-process.js';
import type { CheckResult } from './coder-output.js';
import { findExecutable } from './find-executable.js';

export interface PythonCheckOptions {
  /** The name shown in diagnostics (the output file's). */
  readonly fileName: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  /** Kills the processes at once, without the SIGTERM grace (a second Ctrl-C). */
  readonly stopNow?: AbortSignal | undefined;
}

// Compiles the source from stdin without running it. This is the check
// `py_compile` makes, minus the .pyc it writes, so no temporary copy is needed.
// -I keeps the user's PYTHON* variables and site-packages out of it.
const COMPILE_SCRIPT = `
import sys, traceback
print("Python " + sys.version.split()[0])
try:
    compile(sys.stdin.buffer.read(), sys.argv[1], "exec", dont_inherit=True)
except SyntaxError as error:
    where = sys.argv[1] + "".join(":%d" % n for n in (error.lineno, error.offset) if n)
    sys.stderr.write("%s: %s: %s\\n" % (where, type(error).__name__, error.msg))
    sys.stderr.write("".join(traceback.format_exception_only(type(error), error)))
    sys.exit(1)
except ValueError as error:
    sys.stderr.write("%s: %s: %s\\n" % (sys.argv[1], type(error).__name__, error))
    sys.exit(1)
`;

/** Compiles Python with the `python3` on the task's PATH; skipped (and passed) when there is none. */
export async function checkPythonSyntax(text: string, options: PythonCheckOptions): Promise<CheckResult> {
  const python = await findExecutable('python3', options.env.PATH);
  if (python === undefined) return { name: 'python-syntax', passed: true, skipped: true, diagnostics: 'python3 not found; syntax not checked' };
  const result = await runProcess({
    argv: [python, '-I', '-c', COMPILE_SCRIPT, options.fileName],
    cwd: options.cwd,
    env: options.env,
    stdin: text,
    signal: options.signal,
    stopNow: options.stopNow,
    outputLimitBytes: 64 * 1024,
  });
  const version = result.stdout.trim();
  if (result.exitCode === 0) return { name: 'python-syntax', passed: true, diagnostics: `compiled by ${version}` };
  const how = result.exitCode === null ? `python3 was killed by ${result.signal ?? 'a signal'}` : `rejected by ${version || 'python3'}`;
  return { name: 'python-syntax', passed: false, diagnostics: `${result.stderr.trimEnd()}\n(${how})` };
}
