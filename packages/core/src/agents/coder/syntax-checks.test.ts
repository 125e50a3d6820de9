import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../../test-support/temp-workspace.js';
import { expandCheckCommand } from './check-command.js';
import { resolveLanguage } from './language.js';
import { checkSyntax } from './syntax-checks.js';

async function check(text: string, language: string, outputPath: string) {
  const cwd = await tempWorkspace();
  return checkSyntax(text, language, { outputPath, cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME }, signal: new AbortController().signal });
}

describe('syntax checks', () => {
  it('lets the output file name pick the dialect: JSX in .tsx, not in .ts', async () => {
    const component = 'export const A = () => <div>{1}</div>;';
    expect(await check(component, 'typescript', '/w/a.tsx')).toMatchObject({ name: 'typescript-syntax', passed: true });
    expect(await check(component, 'typescript', '/w/a.ts')).toMatchObject({ passed: false });
    expect(await check('import x from "y";\nexport default x;', 'javascript', '/w/a.cjs')).toMatchObject({ passed: true });
  });

  it('points at the line of a TypeScript error', async () => {
    const result = await check('const a = 1;\nconst b = (;\n', 'typescript', '/w/src/b.ts');
    expect(result.diagnostics).toBe("b.ts(2,12): error TS1109: Expression expected.\n2 | const b = (;\n               ^");
  });

  it('compiles Python without running it', async () => {
    const dir = await tempWorkspace();
    expect(await check(`open(${JSON.stringify(`${dir}/ran`)}, "w").write("x")\n`, 'python', '/w/a.py')).toMatchObject({ passed: true });
    await expect(import('node:fs/promises').then((fs) => fs.access(`${dir}/ran`))).rejects.toThrow();
    expect(await check('x = "\0"', 'python', '/w/a.py')).toMatchObject({ passed: false, diagnostics: expect.stringMatching(/^a\.py: (SyntaxError|ValueError): source code/) });
    expect((await check('if True:\nprint(1)\n', 'python', '/w/nodes/n.py')).diagnostics).toMatch(/^n\.py:2:\d+: IndentationError: expected an indented block/);
  });

  it('infers the language from the extension unless one is given', () => {
    expect(resolveLanguage(undefined, 'src/a.mts')).toBe('typescript');
    expect(resolveLanguage(undefined, 'a.CJS')).toBe('javascript');
    expect(resolveLanguage(undefined, 'README.md')).toBe('text');
    expect(resolveLanguage('TS', 'a.txt')).toBe('typescript');
    expect(resolveLanguage('rust', 'a.rs')).toBe('rust');
  });

  it('quotes the file for the shell wherever {file} appears', () => {
    expect(expandCheckCommand('a {file} && b {file}', "/w/it's.py")).toBe(`a '/w/it'\\''s.py' && b '/w/it'\\''s.py'`);
  });
});
