import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../test-support/process-alive.js';
import { tempWorkspace } from '../../test-support/temp-workspace.js';

const coreRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixtureServer = path.join(coreRoot, 'test-support/mcp-fixture-server.mjs');

describe('a host that dies', () => {
  // Runs core's build (dist), as a host does; `npm run build` first, like the CLI tests.
  it.skipIf(process.platform === 'win32')('takes its servers and everything they started with it', async () => {
    const dir = await tempWorkspace();
    const pidFile = path.join(dir, 'pids');
    const host = `
      import { McpServerPool } from ${JSON.stringify(path.join(coreRoot, 'dist/index.js'))};
      const pool = new McpServerPool({ servers: { fixture: { command: process.execPath, args: [${JSON.stringify(fixtureServer)}], env: { FIXTURE_PID_FILE: ${JSON.stringify(pidFile)} } } }, env: process.env, workspace: ${JSON.stringify(dir)} });
      await pool.server('fixture', new AbortController().signal);
      throw new Error('the host crashed');`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', host], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(stderr).toContain('the host crashed');
    expect(code).toBe(1);
    const [server, grandchild] = (await fs.readFile(pidFile, 'utf8')).trim().split(' ').map(Number);
    for (let tries = 0; tries < 50 && ((isAlive(server!)) || (isAlive(grandchild!))); tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(isAlive(server!)).toBe(false);
    expect(isAlive(grandchild!)).toBe(false);
  });
});
