import { builtInAgents, MODEL_ENVIRONMENT } from '@parallel-dispatcher/core';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from '../support/run-cli.js';

describe('--help', () => {
  for (const command of ['run', 'validate', 'rerun', 'plan', 'ask']) {
    it(`of ${command} has examples, the agents, the environment it reads and what paths are relative to`, async () => {
      const result = await runCli([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`Examples:\\n  pdispatch ${command} `));
      const agents = builtInAgents();
      for (const name of agents.names) expect(result.stdout).toContain(`  ${name.padEnd(8)}${agents.get(name)!.description}`);
      for (const variable of MODEL_ENVIRONMENT) expect(result.stdout).toMatch(new RegExp(`  ${variable.name} +${variable.description}`));
      expect(result.stdout).toContain('are relative to the current directory');
      expect(result.json).toBeUndefined();
    });
  }

  it('of show has examples and says what paths are relative to', async () => {
    const result = await runCli(['show', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('pdispatch show --task package --json');
    expect(result.stdout).toContain('are relative to the current directory');
  });
});

describe('a reader that goes away', () => {
  it('is no crash: `pdispatch run --help | head -1` ends quietly', async () => {
    const child = spawn(process.execPath, [CLI, 'run', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The read end closes before the command writes anything, as when `head` has had its lines.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
