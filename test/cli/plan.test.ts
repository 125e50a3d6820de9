import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startLoopbackModelServer, type LoopbackModelServer, type WireProtocol } from '../../packages/core/test-support/loopback-model-server.js';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { modelFlags } from '../support/cli-model.js';
import { expectNoStackTrace } from '../support/expect-no-stack-trace.js';
import { runCli } from '../support/run-cli.js';
import { brokenSeedPlan, requestKind, scriptedModel, SEED_FILES, SEED_REQUEST, seedPlan } from '../support/scripted-plans.js';

let server: LoopbackModelServer;
let dir: string;
beforeEach(async () => {
  dir = await tempWorkspace();
});
afterEach(() => server.close());

async function serve(...plans: unknown[]): Promise<void> {
  server = await startLoopbackModelServer({ fallback: scriptedModel(plans) });
}

const planRequests = () => server.requests.filter((request) => requestKind(request) === 'plan');

describe('pdispatch plan', () => {
  for (const protocol of ['openai', 'anthropic'] as const satisfies readonly WireProtocol[]) {
    it(`writes the seed's request as three parallel coder tasks, which pdispatch run then runs (${protocol})`, async () => {
      await serve(seedPlan());
      const { args, env } = modelFlags(server, protocol);
      const planned = await runCli(['plan', SEED_REQUEST, '-o', 'nodes.dispatch.yaml', ...args], { cwd: dir, env });
      expect(planned.code, planned.stderr).toBe(0);
      const file = path.join(dir, 'nodes.dispatch.yaml');
      expect(planned.json).toMatchObject({
        success: true,
        status: 'planned',
        plan_file: file,
        request: SEED_REQUEST,
        summary: { tasks: 3, agents: { coder: 3 }, dependencies: 0, files_written: SEED_FILES, levels: [['gen-user-writer', 'gen-product-reader', 'gen-order-updater']] },
        input_tokens: 500,
        output_tokens: 200,
      });
      // stderr: the table, then the summary a reviewer needs.
      expect(planned.stderr).toMatch(/^level +task +agent +depends on +what it does$/m);
      expect(planned.stderr).toMatch(/^1 +gen-order-updater +coder +- +Generate the order updater Effect node/m);
      expect(planned.stderr).toContain('agents: coder ×3 · 0 dependencies');
      expect(planned.stderr).toContain(`writes: ${SEED_FILES.join(', ')}`);
      expect(planned.stderr).toMatch(/^planner: 1 reply, 500 in \/ 200 out tokens, /m);
      expect(planned.stderr).toContain('wrote nodes.dispatch.yaml: review it, then pdispatch run nodes.dispatch.yaml');
      const written = parse(await fs.readFile(file, 'utf8'));
      expect(written.user_prompt).toBe(SEED_REQUEST);
      expect(written.tasks.map((task: { description: string }) => task.description)).toEqual(seedPlan().tasks.map((task) => task.description));
      expect(server.requests).toHaveLength(1);

      const ran = await runCli(['run', 'nodes.dispatch.yaml', '-q', ...args], { cwd: dir, env });
      expect(ran.code, ran.stderr).toBe(0);
      expect(ran.json).toMatchObject({ success: true, summary: { total: 3, success: 3 } });
      for (const written of SEED_FILES) expect(await fs.readFile(path.join(dir, written), 'utf8')).toContain('class Node:');
      expect(server.requests.map(requestKind)).toEqual(['plan', 'task', 'task', 'task']);
    });
  }
});
