import type ts from 'typescript';
import type { CheckResult } from './coder-output.js';
import { parseFileName } from './language.js';

const MAX_DIAGNOSTICS = 20;

/**
 * Parses TypeScript or JavaScript with the compiler's own parser.
 * `transpileModule` reports the syntactic diagnostics (for `.js` files also
 * TypeScript-only syntax such as type annotations), not type errors nor the
 * grammar errors only the type checker finds (`const a;`): those need a
 * `check_command` such as `npx tsc --noEmit {file}`. The compiler is loaded
 * on first use: it takes a third of a second, which hosts that never check
 * TypeScript should not pay at start-up. It is an optional peer dependency of
 * core, and bundled hosts (the GitHub Action) leave it out: where it is not
 * installed the check is recorded as skipped.
 */
export async function checkTypeScriptSyntax(
  text: string,
  language: 'typescript' | 'javascript',
  outputPath: string,
  loadCompiler: () => Promise<typeof ts> = async () => (await import('typescript')).default,
): Promise<CheckResult> {
  const name = `${language}-syntax`;
  let compiler: typeof ts;
  try {
    compiler = await loadCompiler();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' ? 'typescript is not installed' : `typescript cannot be loaded (${(error as Error).message.split('\n')[0]})`;
    return { name, passed: true, skipped: true, diagnostics: `skipped: ${reason}; syntax not checked (npm install typescript beside @parallel-dispatcher/core to check it)` };
  }
  const fileName = parseFileName(language, outputPath);
  const { diagnostics = [] } = compiler.transpileModule(text, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { target: compiler.ScriptTarget.ESNext, module: compiler.ModuleKind.ESNext, jsx: compiler.JsxEmit.Preserve },
  });
  if (diagnostics.length === 0) return { name, passed: true, diagnostics: `parsed as ${fileName} by TypeScript ${compiler.version}` };
  const shown = diagnostics.slice(0, MAX_DIAGNOSTICS).map((diagnostic) => formatDiagnostic(compiler, diagnostic, fileName, text));
  if (diagnostics.length > MAX_DIAGNOSTICS) shown.push(`…and ${diagnostics.length - MAX_DIAGNOSTICS} more`);
  return { name, passed: false, diagnostics: shown.join('\n') };
}

/** `file(line,column): error TS1005: ',' expected.` and the line it points at. */
function formatDiagnostic(compiler: typeof ts, diagnostic: ts.Diagnostic, fileName: string, text: string): string {
  const message = `error TS${diagnostic.code}: ${compiler.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  if (diagnostic.file === undefined || diagnostic.start === undefined) return message;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const source = text.split('\n')[line]?.replace(/\r$/, '') ?? '';
  const gutter = `${line + 1} | `;
  return `${fileName}(${line + 1},${character + 1}): ${message}\n${gutter}${source}\n${' '.repeat(gutter.length + character)}^`;
}
