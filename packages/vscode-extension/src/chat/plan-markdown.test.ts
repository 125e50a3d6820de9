import os from 'node:os';
import { builtInAgents, prepareDispatch } from '@parallel-dispatcher/core';
import { describe, expect, it } from 'vitest';
import { planMarkdown } from './plan-markdown.js';

const prepare = (value: unknown) => prepareDispatch({ value, cwd: os.tmpdir(), agents: builtInAgents(), hostSuppliesModel: true, allowCommands: true, changedFiles: [], overrides: { workspace: os.tmpdir() } });

describe('planMarkdown', () => {
  it('lists the tasks in dependency order with what each waits for, and the files the plan writes', () => {
    const prepared = prepare({
      user_prompt: 'Generate three nodes',
      tasks: [
        { task_id: 'report', agent: 'shell', description: 'Sum | \u001b[31mup\u001b[0m', dependencies: ['user-writer', 'order-updater'], input_data: { command: 'echo done' } },
        { task_id: 'user-writer', agent: 'coder', description: 'Write the\nuser writer', input_data: { contract_description: 'a user writer', output_path: 'src/user_writer.py' } },
        { task_id: 'order-updater', agent: 'coder', description: 'Write the order updater', input_data: { contract_description: 'an order updater', output_path: 'src/order_updater.py' } },
      ],
    });
    const text = planMarkdown(prepared);
    expect(text).toMatch(/^\*\*Plan: 3 tasks\*\* \(.*coder ×2.*\), in 2 waves\n/);
    const rows = text.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows).toEqual([
      '| `user-writer` | coder | — | Write the user writer |',
      '| `order-updater` | coder | — | Write the order updater |',
      '| `report` | shell | `user-writer`, `order-updater` | Sum \\| up |',
    ]);
    expect(text).toContain('Writes: `src/user_writer.py`, `src/order_updater.py`');
  });
});
