import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive, waitFor } from '../../../../../test/support/run-cli.js';
import { tempWorkspace } from '../../../test-support/temp-workspace.js';
import { runCheckCommand } from './check-command.js';

describe('runCheckCommand', () => {
  it('is killed at once on stopNow, not after the SIGTERM grace, when it ignores SIGTERM', async () => {
    const dir = await tempWorkspace();
    const abort = new AbortController();
    const now = new AbortController();
    const running = runCheckCommand("trap '' TERM; echo $$ > check.pid; while true; do sleep 1; done", {
      file: path.join(dir, 'out.py'),
      outputPath: path.join(dir, 'out.py'),
      taskId: 'write',
      cwd: dir,
      env: { PATH: process.env.PATH },
      signal: abort.signal,
      stopNow: now.signal,
    });
    let pid = 0;
    await waitFor(async () => (pid = Number(await fs.readFile(path.join(dir, 'check.pid'), 'utf8').catch(() => ''))) > 0);
    abort.abort(new Error('cancelled'));
    now.abort();
    const stopped = Date.now();
    await expect(running).rejects.toThrow('cancelled');
    // The grace a plain cancel gives is 2 s; a kill at once takes milliseconds.
    expect(Date.now() - stopped).toBeLessThan(1500);
    expect(isAlive(pid)).toBe(false);
  });
});
