import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInAgents, DispatchValidationError, prepareDispatch } from '@parallel-dispatcher/core';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { runCli } from '../support/run-cli.js';
import { malformedDispatches, type MalformedDispatch } from '../support/malformed-dispatches.js';

/** Prepares as `pdispatch run` does; returns whether the dispatch was valid, throws anything but a validation error. */
function prepare(dispatch: MalformedDispatch, workspace: string): boolean {
  try {
    prepareDispatch({ bytes: dispatch.bytes, sourcePath: path.join(workspace, dispatch.name), cwd: workspace, agents: builtInAgents(), env: {}, changedFiles: ['a.txt'] });
    return true;
  } catch (error) {
    if (DispatchValidationError.isInstance(error)) {
      expect(error.issues.length).toBeGreaterThan(0);
      for (const issue of error.issues) expect(issue.message).not.toBe('');
      return false;
    }
    throw error;
  }
}

describe('malformed dispatch files', () => {
  it('core refuses each with a DispatchValidationError, never anything else, quickly', async () => {
    const workspace = await tempWorkspace();
    fc.assert(
      fc.property(malformedDispatches, (dispatch) => {
        const started = Date.now();
        prepare(dispatch, workspace);
        // Generous for a loaded 2-CPU machine; a quadratic step or a hang would blow far past it.
        expect(Date.now() - started).toBeLessThan(5_000);
      }),
      { numRuns: 400, seed: 9 },
    );
  }, 120_000);

  it('the CLI exits 2 with a message and one JSON document, writing nothing, for a sample', async () => {
    const workspace = await tempWorkspace();
    const invalid = fc.sample(malformedDispatches, { numRuns: 200, seed: 19 }).filter((dispatch) => !prepare(dispatch, workspace)).slice(0, 20);
    expect(invalid).toHaveLength(20);
    for (let start = 0; start < invalid.length; start += 4) {
      await Promise.all(
        invalid.slice(start, start + 4).map(async (dispatch, n) => {
          const dir = path.join(workspace, `case-${start + n}`);
          await fs.mkdir(dir);
          await fs.writeFile(path.join(dir, dispatch.name), dispatch.bytes);
          const result = await runCli(['run', dispatch.name], { cwd: dir, env: { PDISPATCH_MODEL: '', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' } });
          const shown = Buffer.from(dispatch.bytes).toString('utf8').slice(0, 200);
          expect(result.code, `${shown}\n${result.stderr}`).toBe(2);
          expect(result.stderr, shown).toMatch(/^error: /);
          expect(result.stdout + result.stderr, shown).not.toMatch(/ {4}at |unexpected failure/);
          expect(result.json, shown).toMatchObject({ success: false, status: 'invalid' });
          expect(existsSync(path.join(dir, 'traces')), shown).toBe(false);
        }),
      );
    }
  }, 120_000);
});
