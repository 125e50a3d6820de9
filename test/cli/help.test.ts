import { builtInAgents, MODEL_ENVIRONMENT } from '@parallel-dispatcher/core';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

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
