import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { INPUT_NAMES } from '../../packages/action/src/inputs.js';
import { ACTION_DIR, buildAction, REPO } from './run-action.js';

describe('the action bundle', () => {
  it('is the same byte for byte on every build, and holds no absolute path of the machine that built it', async () => {
    const [one, two] = [await tempWorkspace(), await tempWorkspace()];
    // Side by side, so an edit to the sources between the two builds is unlikely while someone works on them.
    await Promise.all([buildAction(one), buildAction(two)]);
    const names = (await fs.readdir(one)).sort();
    expect(names).toEqual(['index.js', 'package.json']);
    expect((await fs.readdir(two)).sort()).toEqual(names);
    for (const name of names) expect((await fs.readFile(path.join(one, name))).equals(await fs.readFile(path.join(two, name))), name).toBe(true);
    const bundle = await fs.readFile(path.join(one, 'index.js'), 'utf8');
    expect(bundle).not.toContain(REPO.replace(/\/$/, ''));
    expect(bundle).not.toContain(one);
    expect(bundle).not.toContain('sourceMappingURL');
  }, 60_000);

  it('matches action.yml: node24, dist/index.js, and every input read by inputs.ts', async () => {
    const metadata = parse(await fs.readFile(path.join(ACTION_DIR, 'action.yml'), 'utf8')) as {
      runs: { using: string; main: string };
      inputs: Record<string, { required?: boolean; default?: string }>;
      outputs: Record<string, unknown>;
    };
    expect(metadata.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(Object.keys(metadata.inputs).sort()).toEqual([...INPUT_NAMES].sort());
    // Exactly one of tasks and request: inputs.ts says so when neither or both are given.
    expect(metadata.inputs['tasks']?.required).toBe(false);
    expect(metadata.inputs['request']?.required).toBe(false);
    expect(metadata.inputs['github-token']?.default).toBe('${{ github.token }}');
    expect(metadata.inputs['comment']?.default).toBe('');
    expect(Object.keys(metadata.outputs).sort()).toEqual(
      ['answer', 'artifact-id', 'artifact-url', 'cache-hits', 'cost-usd', 'dispatch-index', 'failed-tasks', 'failure-count', 'status', 'success-count', 'summary', 'tokens', 'tool-calls', 'trace-dir'].sort(),
    );
  });
});
