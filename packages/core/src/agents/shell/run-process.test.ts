import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive, waitFor } from '../../../../../test/support/run-cli.js';
import { tempWorkspace } from '../../../test-support/temp-workspace.js';
import { runProcess } from './run-process.js';

const env = { PATH: process.env.PATH };
const never = new AbortController().signal;

describe('runProcess', () => {
  it('settles when the process exits, with its output, though a process in another session holds the pipes', async () => {
    const dir = await tempWorkspace();
    const started = Date.now();
    const result = await runProcess({ argv: ['/bin/sh', '-c', 'setsid sleep 600 & echo $! > escaped.pid; echo started'], cwd: dir, env, signal: never, outputLimitBytes: 1024 });
    const pid = Number(await fs.readFile(path.join(dir, 'escaped.pid'), 'utf8'));
    try {
      expect(result).toMatchObject({ exitCode: 0, stdout: 'started\n' });
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });

  it('kills a process group ignoring SIGTERM at once on stopNow, without waiting for the grace', async () => {
    const dir = await tempWorkspace();
    const abort = new AbortController();
    const now = new AbortController();
    const running = runProcess({
      argv: ['/bin/sh', '-c', "trap '' TERM; sleep 60 & echo $! > sleep.pid; wait $!"],
      cwd: dir,
      env,
      signal: abort.signal,
      stopNow: now.signal,
      outputLimitBytes: 1024,
      killGraceMs: 600_000,
    });
    let pid = 0;
    await waitFor(async () => (pid = Number(await fs.readFile(path.join(dir, 'sleep.pid'), 'utf8').catch(() => ''))) > 0);
    abort.abort(new Error('cancelled'));
    now.abort();
    await expect(running).rejects.toThrow('cancelled');
    // SIGKILL reaches the grandchild asynchronously: it must be gone within seconds, far inside the 600 s grace.
    await waitFor(() => !isAlive(pid), 5_000);
  });
});
