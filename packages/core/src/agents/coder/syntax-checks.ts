import path from 'node:path';
import type { CheckResult } from './coder-output.js';
import { checkJsonSyntax } from './json-syntax.js';
import { checkPythonSyntax } from './python-syntax.js';
import { checkTypeScriptSyntax } from './typescript-syntax.js';

export interface SyntaxCheckOptions {
  /** The file the code is for; its name appears in diagnostics and picks the parser's dialect. */
  readonly outputPath: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  /** Kills the processes at once, without the SIGTERM grace (a second Ctrl-C). */
  readonly stopNow?: AbortSignal | undefined;
}

/** Whether the code parses as its language; languages without a checker are reported as skipped. */
export async function checkSyntax(text: string, language: string, options: SyntaxCheckOptions): Promise<CheckResult> {
  switch (language) {
    case 'typescript':
    case 'javascript':
      return checkTypeScriptSyntax(text, language, options.outputPath);
    case 'json':
      return checkJsonSyntax(text);
    case 'python':
      return checkPythonSyntax(text, { ...options, fileName: path.basename(options.outputPath) });
    default:
      return { name: `${language}-syntax`, passed: true, skipped: true, diagnostics: `no syntax checker for ${language}; a check_command can check it` };
  }
}
