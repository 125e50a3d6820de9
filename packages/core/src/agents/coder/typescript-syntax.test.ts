import { describe, expect, it } from 'vitest';
import { checkTypeScriptSyntax } from './typescript-syntax.js';

describe('checkTypeScriptSyntax', () => {
  it('parses with the compiler when typescript is installed', async () => {
    expect(await checkTypeScriptSyntax('const a: number = 1;\n', 'typescript', 'a.ts')).toMatchObject({ name: 'typescript-syntax', passed: true, diagnostics: expect.stringMatching(/^parsed as a\.ts by TypeScript \d/) });
    const broken = await checkTypeScriptSyntax('const a = (1;\n', 'typescript', 'a.ts');
    expect(broken.passed).toBe(false);
  });

  it('records the check as skipped, saying why, when typescript is not installed (it is an optional peer)', async () => {
    // A real import of a package that is not there, as a host without typescript sees it.
    const missing = 'typescript-is-not-installed-here';
    const result = await checkTypeScriptSyntax('const a = (1;\n', 'typescript', 'a.ts', () => import(missing));
    expect(result).toEqual({
      name: 'typescript-syntax',
      passed: true,
      skipped: true,
      diagnostics: 'skipped: typescript is not installed; syntax not checked (npm install typescript beside @parallel-dispatcher/core to check it)',
    });
  });
});
