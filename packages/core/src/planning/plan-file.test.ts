import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtInAgents } from '../agents/built-in-agents.js';
import { prepareDispatch } from '../dispatch/prepare-dispatch.js';
import type { PreparedDispatch } from '../dispatch/prepared-dispatch.js';
import { dispatchFileSchema } from '../schema/dispatch-schema.js';
import { tempWorkspace } from '../../test-support/temp-workspace.js';
import { formatPlanTable } from './plan-table.js';
import { planSummary } from './plan-summary.js';
import { serializePlan, writePlanFile } from './serialize-plan.js';

const plan = dispatchFileSchema.parse({
  user_prompt: 'Find why login returns 401 in src/auth, then write a fix',
  tasks: [
    { task_id: 'fix', agent: 'coder', description: 'Writes the fix the analysis points to', dependencies: ['debug-login'], input_data: { contract_description: 'Fix login', output_path: 'src/auth/login.ts' } },
    { task_id: 'debug-login', agent: 'debug', description: 'Finds why login returns 401', input_data: { problem_description: 'login returns 401', affected_files: ['src/auth/login.ts'] } },
    { task_id: 'test', agent: 'coder', description: 'Writes a regression test for the 401', input_data: { contract_description: 'Test login', output_path: 'test/login.test.ts' } },
  ],
});

function prepare(workspace: string, extra: { text?: string; sourcePath?: string } = {}): PreparedDispatch {
  return prepareDispatch({ value: extra.text === undefined ? plan : undefined, ...extra, cwd: workspace, agents: builtInAgents(), hostSuppliesModel: true });
}

function shapeOf(prepared: PreparedDispatch) {
  return [...prepared.tasks.values()].map((task) => ({ id: task.spec.task_id, agent: task.spec.agent, description: task.spec.description, input: task.input, dependencies: task.dependencies }));
}

describe('plan files', () => {
  it.each(['plans/login.dispatch.yaml', 'plans/deeper/login.dispatch.json', 'login.dispatch.yml'])('%s: prepared again, it gives the same tasks in the same workspace', async (name) => {
    const workspace = await tempWorkspace();
    await fs.mkdir(path.join(workspace, 'src', 'auth'), { recursive: true });
    await fs.writeFile(path.join(workspace, 'src', 'auth', 'login.ts'), 'export {};\n');
    const file = path.join(workspace, name);
    await writePlanFile(plan, file, workspace);

    const text = await fs.readFile(file, 'utf8');
    const inRoot = path.dirname(file) === workspace;
    const value = name.endsWith('.json') ? JSON.parse(text) : parse(text);
    expect(value.workspace_path).toBe(inRoot ? undefined : path.relative(path.dirname(file), workspace));
    expect(Object.keys(value).slice(0, 2)).toEqual(inRoot ? ['user_prompt', 'tasks'] : ['user_prompt', 'workspace_path']);
    const reread = prepareDispatch({ text, sourcePath: file, cwd: '/', agents: builtInAgents(), hostSuppliesModel: true });
    expect(reread.workspace).toBe(workspace);
    expect(reread.userPrompt).toBe(plan.user_prompt);
    expect(shapeOf(reread)).toEqual(shapeOf(prepare(workspace)));
    expect((await fs.readdir(path.dirname(file))).filter((entry) => entry.endsWith('.tmp'))).toEqual([]); // no temporary file left behind
  });

  it('YAML starts with a comment saying the plan is for review; every task says why it exists', () => {
    const text = serializePlan(plan, 'yaml');
    expect(text).toMatch(/^# Planned by Parallel Dispatcher from the request in user_prompt\.\n# Review it before running it/);
    expect(text).toMatch(/- task_id: fix\n {4}agent: coder\n {4}description: Writes the fix the analysis points to\n {4}dependencies:\n {6}- debug-login\n/);
    expect(text).toMatch(/output_path: src\/auth\/login\.ts\n\n {2}- task_id: debug-login\n/); // a blank line between tasks
    expect(serializePlan(plan, 'json')).toBe(`${JSON.stringify({ user_prompt: plan.user_prompt, tasks: JSON.parse(JSON.stringify(plan.tasks)).map(({ task_id, agent, description, dependencies, input_data }: Record<string, unknown>) => ({ task_id, agent, description, dependencies, input_data })), config: plan.config }, null, 2)}\n`);
  });

  it('writes an invalid candidate as it is, for the user to edit', async () => {
    const workspace = await tempWorkspace();
    await writePlanFile({ tasks: [{ task_id: 'x', agent: 'wizard' }] }, path.join(workspace, 'p.dispatch.yaml.invalid'), workspace);
    expect(await fs.readFile(path.join(workspace, 'p.dispatch.yaml.invalid'), 'utf8')).toMatch(/tasks:\n {2}- task_id: x\n {4}agent: wizard\n/);
    await writePlanFile('not JSON at all', path.join(workspace, 'q.json.invalid'), workspace);
    expect(await fs.readFile(path.join(workspace, 'q.json.invalid'), 'utf8')).toBe('not JSON at all\n');
  });
});

describe('planSummary and formatPlanTable', () => {
  it('count tasks, agents and dependencies, list the files written, and show the levels', async () => {
    const workspace = await tempWorkspace();
    const prepared = prepare(workspace);
    expect(planSummary(prepared)).toEqual({
      tasks: 3,
      agents: { coder: 2, debug: 1 },
      dependencies: 1,
      files_written: ['src/auth/login.ts', 'test/login.test.ts'],
      levels: [['debug-login', 'test'], ['fix']],
    });
    expect(formatPlanTable(prepared)).toBe(
      [
        'level  task         agent  depends on   what it does',
        '1      debug-login  debug  -            Finds why login returns 401',
        '1      test         coder  -            Writes a regression test for the 401',
        '2      fix          coder  debug-login  Writes the fix the analysis points to',
        '',
        '3 tasks in 2 levels; up to 2 at once (max_workers 5)',
      ].join('\n'),
    );
  });

  it('shows a description on one line, without terminal sequences', async () => {
    const workspace = await tempWorkspace();
    const text = JSON.stringify({ tasks: [{ task_id: 'a', agent: 'debug', description: 'Finds \u001b[31mwhy\u001b[0m\nlogin fails', input_data: { problem_description: 'x' } }] });
    const table = formatPlanTable(prepare(workspace, { text }));
    expect(table.split('\n')[1]).toBe('1      a     debug  -           Finds why login fails');
  });
});
