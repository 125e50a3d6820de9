import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test-support/temp-workspace.js';
import { errorSummaryLine } from './error-summary-line.js';

/** The real stderr of a failing command, run in a fresh folder. */
async function stderrOf(file: string, args: string[], files: Record<string, string> = {}): Promise<string> {
  const dir = await tempWorkspace();
  for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(dir, name), text);
  const result = spawnSync(file, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  expect(result.status, result.stderr).not.toBe(0);
  return result.stderr;
}

describe('errorSummaryLine over real stderr', () => {
  it("finds a Node error's message above its stack and version footer", async () => {
    const stderr = await stderrOf(process.execPath, ['-e', 'throw new Error("config file missing")']);
    expect(stderr.trim().split('\n').pop()).toMatch(/^Node\.js v/);
    expect(errorSummaryLine(stderr)).toBe('Error: config file missing');
  });

  it('looks past the fields Node prints after the stack', async () => {
    const stderr = await stderrOf(process.execPath, ['-e', 'throw Object.assign(new TypeError("bad input"), { code: "E_BAD" })']);
    expect(stderr).toContain("code: 'E_BAD'");
    expect(errorSummaryLine(stderr)).toBe('TypeError: bad input');
  });

  it("takes a Python traceback's last line, the exception", async () => {
    const stderr = await stderrOf('python3', ['-c', 'raise ValueError("config file missing")']);
    expect(errorSummaryLine(stderr)).toBe('ValueError: config file missing');
  });

  it("reports npm's own error without its log-file note", async () => {
    const stderr = await stderrOf('npm', ['run', 'nope'], { 'package.json': '{"name":"x","version":"1.0.0","scripts":{}}' });
    expect(stderr).toContain('A complete log of this run');
    expect(errorSummaryLine(stderr)).toBe('npm error Missing script: "nope"');
  });

  it('finds the error of a script npm ran', async () => {
    const script = 'node -e "throw new Error(\\"config file missing\\")"';
    const stderr = await stderrOf('npm', ['run', 'build'], { 'package.json': JSON.stringify({ name: 'x', version: '1.0.0', scripts: { build: script } }) });
    expect(errorSummaryLine(stderr)).toBe('Error: config file missing');
  });

  it("looks past make's own report", async () => {
    const stderr = await stderrOf('make', [], { Makefile: 'all:\n\t@echo "cc: error: foo.c: No such file" >&2; false\n' });
    expect(stderr).toContain('make: ***');
    expect(errorSummaryLine(stderr)).toBe('cc: error: foo.c: No such file');
  });
});

describe('errorSummaryLine', () => {
  it("handles npm's older block after a failed script", () => {
    const stderr = [
      'Error: config file missing',
      '    at Object.<anonymous> (/w/build.js:1:7)',
      'npm ERR! code ELIFECYCLE',
      'npm ERR! errno 1',
      'npm ERR! x@1.0.0 build: `node build.js`',
      'npm ERR! Exit status 1',
      'npm ERR!',
      'npm ERR! Failed at the x@1.0.0 build script.',
      'npm ERR! A complete log of this run can be found in:',
      'npm ERR!     /root/.npm/_logs/2026-01-01T00_00_00_000Z-debug.log',
    ].join('\n');
    expect(errorSummaryLine(stderr)).toBe('Error: config file missing');
  });

  it('falls back to the last non-blank line, and gives nothing for blank text', () => {
    expect(errorSummaryLine('    at x (y.js:1:1)\n\n')).toBe('at x (y.js:1:1)');
    expect(errorSummaryLine('first\r\nlast problem\r\n\r\n')).toBe('last problem');
    expect(errorSummaryLine(' \n\n')).toBeUndefined();
  });
});
