import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackModelServer, type LoopbackModelServer, type WireProtocol } from '../../packages/core/test-support/loopback-model-server.js';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { expectNoKey, modelFlags } from '../support/cli-model.js';
import { expectNoStackTrace } from '../support/expect-no-stack-trace.js';
import { runCli } from '../support/run-cli.js';
import { writeDispatch } from '../support/write-dispatch.js';

const ANSWER = { answer: 'Both checks ran; **fails** exited with code 3.', highlights: ['`prints` said hello'], follow_ups: ['look at why `fails` fails'] };

let server: LoopbackModelServer;
let dir: string;
beforeEach(async () => {
  server = await startLoopbackModelServer();
  dir = await tempWorkspace();
});
afterEach(() => server.close());

const dispatch = {
  user_prompt: 'What do the two checks say?',
  tasks: [
    { task_id: 'prints', agent: 'shell', description: 'say hello', input_data: { command: 'echo hello from prints' } },
    { task_id: 'fails', agent: 'shell', description: 'a check that fails', input_data: { command: 'echo boom >&2; exit 3' } },
  ],
};

describe('pdispatch run --synthesize', () => {
  for (const protocol of ['openai', 'anthropic'] as const satisfies readonly WireProtocol[]) {
    it(`answers the file's user_prompt from every task's result, also a failed one (${protocol})`, async () => {
      server.enqueue({ json: ANSWER, inputTokens: 120, outputTokens: 30 });
      const file = await writeDispatch(dir, dispatch);
      const { args, env } = modelFlags(server, protocol);
      const result = await runCli(['run', file, '--synthesize', ...args], { env });
      expect(result.code, result.stderr).toBe(1); // a task failed; the synthesis still ran
      expect(result.json).toMatchObject({ success: false, status: 'failure', synthesis: { ...ANSWER, input_tokens: 120, output_tokens: 30, error: null } });
      expect(result.json.summary).toMatchObject({ input_tokens: 120, output_tokens: 30, tokens_by_stage: { synthesis: { input_tokens: 120, output_tokens: 30 } } });
      expect(server.requests).toHaveLength(1);
      const prompt = server.requests[0]!.promptText;
      expect(prompt).toContain('What do the two checks say?');
      expect(prompt).toContain('hello from prints');
      expect(prompt).toContain('boom');
      // The answer is for whoever reads stderr; stdout stays the document.
      expect(result.stderr).toContain(`${ANSWER.answer}\n\n## Highlights\n\n- ${ANSWER.highlights[0]}\n\n## Follow-ups\n\n- ${ANSWER.follow_ups[0]}\n`);
      expect(result.stderr).toMatch(/^tokens: 120 in \/ 30 out \(planning 0 in \/ 0 out · tasks 0 in \/ 0 out · synthesis 120 in \/ 30 out\)$/m);
      const traceDir = path.join(dir, 'traces');
      const index = JSON.parse(await fs.readFile(result.json.trace_index, 'utf8'));
      expect(index.synthesis.answer).toBe(ANSWER.answer);
      const record = JSON.parse(await fs.readFile(path.join(traceDir, index.dispatch_id, 'synthesis.json'), 'utf8'));
      expect(record.answer).toEqual(ANSWER);
      await expectNoKey(server, traceDir, result.stdout, result.stderr);
    });
  }

  it('a synthesis that fails leaves the tasks as they ran and exits 1, saying why', async () => {
    server.enqueue({ status: 400, body: { error: { message: 'the model is not loaded' } } });
    const file = await writeDispatch(dir, { ...dispatch, tasks: [dispatch.tasks[0]] });
    const { args, env } = modelFlags(server, 'openai');
    const result = await runCli(['run', file, '--synthesize', ...args], { env });
    expect(result.code).toBe(1);
    expect(result.json).toMatchObject({ success: false, status: 'success', synthesis: { answer: null, error: expect.stringContaining('the model is not loaded') } });
    expect(result.stderr).toContain('error: the synthesis failed:');
    expectNoStackTrace(result);
  });

  it('without a model is refused before anything runs (exit 2, naming --synthesize)', async () => {
    const file = await writeDispatch(dir, { ...dispatch, tasks: [{ task_id: 'touch', agent: 'shell', input_data: { command: 'touch ran' } }] });
    const result = await runCli(['run', file, '--synthesize'], { env: { PDISPATCH_MODEL: '', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' } });
    expect(result.code).toBe(2);
    expect(result.json).toMatchObject({ success: false, status: 'invalid', errors: [{ path: 'command line', message: expect.stringContaining('--synthesize: needs a model') }] });
    expectNoStackTrace(result);
    await expect(fs.stat(path.join(dir, 'ran'))).rejects.toThrow();
  });
});
