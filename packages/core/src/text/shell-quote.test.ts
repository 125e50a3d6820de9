import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test-support/temp-workspace.js';
import { shellQuote, substituteShellWord } from './shell-quote.js';

const NASTY = [`x$(touch PWNED).txt`, 'a b\nc;touch PWNED', `it's "quoted" \`touch PWNED\``, '-n', '*', '\\$HOME', ''];

/** Runs the line with /bin/sh in a fresh folder; returns stdout and whether anything but the expected files appeared. */
async function sh(line: string): Promise<{ stdout: string; pwned: boolean }> {
  const dir = await tempWorkspace();
  const stdout = execFileSync('/bin/sh', ['-c', line], { cwd: dir, encoding: 'utf8' });
  const pwned = (await fs.readdir(dir)).includes('PWNED');
  return { stdout, pwned };
}

describe('shellQuote', () => {
  it('leaves plain paths alone and makes anything else one literal word', async () => {
    expect(shellQuote('src/a-b_c.ts')).toBe('src/a-b_c.ts');
    for (const value of NASTY) {
      const { stdout, pwned } = await sh(`printf %s ${shellQuote(value)}`);
      expect(pwned).toBe(false);
      expect(stdout).toBe(value);
    }
  });
});

describe('substituteShellWord', () => {
  const contexts: [string, (value: string) => string][] = [
    ['printf %s {{file}}', (v) => v],
    ['printf %s "{{file}}"', (v) => v],
    ['printf %s "dir/{{file}}.bak"', (v) => `dir/${v}.bak`],
    ["printf %s 'dir/{{file}}'", (v) => `dir/${v}`],
    ['printf %s "$(printf %s "{{file}}")"', (v) => v],
    ['printf %s "$(printf %s {{file}}) and ( {{file}} )"', (v) => `${v} and ( ${v} )`],
    ["# don't mind me\nprintf %s {{file}}", (v) => v],
  ];

  it('gives the command the value itself, in every kind of quoting, and nothing runs from it', async () => {
    for (const [line, expected] of contexts) {
      for (const value of NASTY) {
        const substituted = substituteShellWord(line, '{{file}}', value)!;
        const { stdout, pwned } = await sh(substituted);
        expect(pwned, substituted).toBe(false);
        expect(stdout, substituted).toBe(expected(value));
      }
    }
  });

  it('refuses places where no quoting is safe', () => {
    expect(substituteShellWord('cat <<EOF\n{{file}}\nEOF', '{{file}}', 'a')).toBeUndefined();
    expect(substituteShellWord('echo "${X:-{{file}}}"', '{{file}}', 'a')).toBeUndefined();
    expect(substituteShellWord('echo "${X:-${Y}{{file}}}"', '{{file}}', 'a')).toBeUndefined();
    expect(substituteShellWord("echo $'{{file}}'", '{{file}}', 'a')).toBeUndefined();
    expect(substituteShellWord('echo "`cat {{file}}`"', '{{file}}', 'a')).toBeUndefined();
    expect(substituteShellWord('echo `cat {{file}}`', '{{file}}', 'a')).toBeUndefined();
  });

  it('leaves a placeholder in a comment as it is, and a line without one unchanged', () => {
    expect(substituteShellWord('true # {{file}}', '{{file}}', 'a\nb')).toBe('true # {{file}}');
    expect(substituteShellWord("echo 'it''s' \"x\\\"y\" $((1 + (2)))", '{{file}}', 'a')).toBe("echo 'it''s' \"x\\\"y\" $((1 + (2)))");
  });
});
