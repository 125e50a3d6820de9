import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentError } from '../../errors/task-errors.js';
import { PathPolicy } from '../../paths/path-policy.js';
import { tempWorkspace } from '../../../test-support/temp-workspace.js';
import { debugAgent } from './debug-agent.js';
import { debugInputSchema } from './debug-input.js';
import { runDebugTask } from '../../../test-support/debug-task.js';
import { ScriptedModel } from '../../../test-support/scripted-model.js';
import { scriptedFindings } from '../../../test-support/scripted-findings.js';

const HYPOTHESIS = 'Token refresh mechanism may have race condition with concurrent requests';

async function authWorkspace(): Promise<string> {
  const workspace = await tempWorkspace();
  await fs.mkdir(path.join(workspace, 'auth'));
  await fs.writeFile(
    path.join(workspace, 'auth/authenticator.py'),
    'from auth.errors import AuthenticationError\n\ndef authenticate(token):\n    if not verify(token):\n        raise AuthenticationError("Invalid token signature")\n',
  );
  await fs.writeFile(path.join(workspace, 'auth/errors.py'), 'class AuthenticationError(Exception):\n    pass\n');
  return workspace;
}

const traceFor = (workspace: string) =>
  `Traceback (most recent call last):\n  File "${path.join(workspace, 'auth/authenticator.py')}", line 5, in authenticate\nAuthenticationError: Invalid token signature`;

describe('debug agent', () => {
  it('declares itself a model agent that runs no commands', () => {
    expect(debugAgent).toMatchObject({ name: 'debug', usesModel: true, runsCommands: false });
  });

  it("takes the seed's inputs with their defaults, and nothing else", () => {
    expect(debugInputSchema.parse({ problem_description: '401 errors' })).toEqual({
      problem_description: '401 errors',
      affected_files: [],
      error_traces: [],
      analysis_depth: 'standard',
      hypothesis: '',
    });
    expect(debugInputSchema.safeParse({ problem_description: 'x', depth: 'deep' }).success).toBe(false);
    expect(debugInputSchema.safeParse({ problem_description: 'x', analysis_depth: 'thorough' }).success).toBe(false);
    expect(debugInputSchema.safeParse({ problem_description: '  ' }).success).toBe(false);
  });

  it('refuses affected files outside the allowed roots before anything runs', async () => {
    const workspace = await tempWorkspace();
    const paths = new PathPolicy(workspace);
    const input = debugInputSchema.parse({ problem_description: 'x', affected_files: ['auth.py', '/etc/passwd', '../elsewhere.py'] });
    expect(debugAgent.checkInput!(input, { workspace, paths, hasDependencies: false })).toEqual([
      { path: 'affected_files[1]', message: paths.describeRefusal('/etc/passwd', 'affected_files[1]') },
      { path: 'affected_files[2]', message: paths.describeRefusal('../elsewhere.py', 'affected_files[2]') },
    ]);
  });

  it('fails at once without a model', async () => {
    const workspace = await authWorkspace();
    const { error, recorder } = await runDebugTask({ problem_description: '401 errors', affected_files: ['auth/authenticator.py'] }, { workspace, model: null });
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).message).toMatch(/^debug needs a model/);
    expect(recorder.files).toEqual([]);
  });

  it('at quick, asks the model once with the problem, the files and the frames, and no search', async () => {
    const workspace = await authWorkspace();
    const { output, error, model, recorder } = await runDebugTask(
      { problem_description: 'Users get 401 errors during login', affected_files: ['auth/authenticator.py', 'auth/gone.py'], error_traces: [traceFor(workspace)], analysis_depth: 'quick' },
      { workspace, replies: [scriptedFindings()] },
    );
    expect(error).toBeUndefined();
    expect(model!.requests).toHaveLength(1);
    expect(model!.requests[0]!.schemaName).toBe('debug_findings');
    const [system] = model!.requests[0]!.messages;
    expect(system!.content).toMatch(/Cite files and lines as the evidence shows them/);
    const prompt = model!.prompt(0);
    expect(prompt).toContain('# Problem\nUsers get 401 errors during login');
    expect(prompt).toContain('## `auth/authenticator.py` (');
    expect(prompt).toContain('def authenticate(token):');
    expect(prompt).toContain('## `auth/gone.py`: not found');
    expect(prompt).toContain('## 1. `auth/authenticator.py:5` in `authenticate` (python)');
    expect(prompt).toContain('> 5 |         raise AuthenticationError("Invalid token signature")');
    expect(prompt).toContain('# Symbol search\nNot done at analysis depth quick.');
    expect(prompt).not.toContain('# Git history');
    expect(output).toEqual({
      ...scriptedFindings(),
      evidence_gathered: { files_read: 1, files_missing: ['auth/gone.py'], frames: 1, symbol_matches: 0, history_entries: 0 },
    });
    expect(recorder.progressMessages).toEqual(['reading 2 affected files', 'found 1 file:line frame in 1 error trace', 'asking scripted:test for the root cause']);
  });

  it("at standard, asks once more with the workspace's lines naming the traces' symbols", async () => {
    const workspace = await authWorkspace();
    const { output, error, model } = await runDebugTask(
      { problem_description: 'Users get 401 errors', error_traces: ['AuthenticationError: Invalid token signature at line 42'] },
      { workspace, replies: [scriptedFindings()] },
    );
    expect(error).toBeUndefined();
    expect(model!.requests).toHaveLength(1);
    const prompt = model!.prompt(0);
    expect(prompt).toContain('# Symbol search\nSearched 2 files of the workspace for: `AuthenticationError`.');
    expect(prompt).toContain('- `AuthenticationError` at `auth/errors.py:1`: `class AuthenticationError(Exception):`');
    expect(prompt).toContain('- `AuthenticationError` at `auth/authenticator.py:5`');
    expect(output!.evidence_gathered).toEqual({ files_read: 0, files_missing: [], frames: 0, symbol_matches: 3, history_entries: 0 });
  });

  it("at standard, asks for a verdict on the user's hypothesis and keeps it in the output even when the model forgets it", async () => {
    const workspace = await authWorkspace();
    const judged = { hypothesis: HYPOTHESIS, verdict: 'refuted', reasoning: 'authenticate holds no shared state (auth/authenticator.py:3)' };
    const answered = await runDebugTask({ problem_description: '401 errors', hypothesis: HYPOTHESIS }, { workspace, replies: [scriptedFindings({ hypotheses: [judged] })] });
    expect(answered.model!.prompt(0)).toContain(`# The user's hypothesis\n${HYPOTHESIS}`);
    expect(answered.model!.prompt(0)).toContain("The user's hypothesis above must be one of the hypotheses");
    expect(answered.output!.hypotheses).toEqual([judged]);

    const forgotten = await runDebugTask({ problem_description: '401 errors', hypothesis: HYPOTHESIS }, { workspace, replies: [scriptedFindings()] });
    expect(forgotten.output!.hypotheses).toEqual([{ hypothesis: HYPOTHESIS, verdict: 'inconclusive', reasoning: 'The model gave no verdict on this hypothesis.' }]);
  });

  it("at deep, asks for hypotheses (with the user's) and then for a verdict on each, with the git history", async () => {
    const workspace = await authWorkspace();
    const verdicts = [
      { hypothesis: 'verify() rejects tokens signed with the rotated key', verdict: 'supported', reasoning: 'auth/authenticator.py:4 verifies with one key' },
      { hypothesis: HYPOTHESIS, verdict: 'refuted', reasoning: 'no shared state' },
    ];
    const { output, error, model, recorder } = await runDebugTask(
      { problem_description: '401 errors during login', affected_files: ['auth/authenticator.py'], error_traces: [traceFor(workspace)], analysis_depth: 'deep', hypothesis: HYPOTHESIS },
      { workspace, replies: [{ hypotheses: ['verify() rejects tokens signed with the rotated key'] }, scriptedFindings({ hypotheses: verdicts })] },
    );
    expect(error).toBeUndefined();
    expect(model!.requests.map((request) => request.schemaName)).toEqual(['debug_hypotheses', 'debug_findings']);
    const first = model!.prompt(0);
    expect(first).toContain(`# The user's hypothesis\n${HYPOTHESIS}`);
    expect(first).toContain('List the distinct hypotheses');
    expect(first).toContain('# Git history\n## `auth/authenticator.py` lines 1-5: no history: not in a git repository');
    // The second request continues the first conversation and lists the user's hypothesis, which the model left out.
    const second = model!.requests[1]!.messages;
    expect(second.slice(0, 2)).toEqual(model!.requests[0]!.messages);
    expect(second[2]).toEqual({ role: 'assistant', content: JSON.stringify({ hypotheses: ['verify() rejects tokens signed with the rotated key', HYPOTHESIS] }) });
    expect(second[3]!.content).toContain(`1. verify() rejects tokens signed with the rotated key\n2. ${HYPOTHESIS}`);
    expect(output!.hypotheses).toEqual(verdicts);
    expect(output!.evidence_gathered).toMatchObject({ files_read: 1, frames: 1, history_entries: 0 });
    expect(recorder.progressMessages).toEqual(
      expect.arrayContaining(['reading the git history of 1 location', 'asking scripted:test for hypotheses', 'asking scripted:test for a verdict on 2 hypotheses']),
    );
  });

  it("at deep, adds the user's hypothesis to the output when the verdict pass leaves it out", async () => {
    const workspace = await authWorkspace();
    const { output, model } = await runDebugTask(
      { problem_description: '401 errors', analysis_depth: 'deep', hypothesis: `  ${HYPOTHESIS}  ` },
      { workspace, replies: [{ hypotheses: [`${HYPOTHESIS.toLowerCase()}.`] }, scriptedFindings()] },
    );
    // A restatement differing only in case and a full stop counts as the user's own.
    expect(model!.requests[1]!.messages[2]!.content).toBe(JSON.stringify({ hypotheses: [`${HYPOTHESIS.toLowerCase()}.`] }));
    expect(output!.hypotheses).toEqual([{ hypothesis: HYPOTHESIS, verdict: 'inconclusive', reasoning: 'The model gave no verdict on this hypothesis.' }]);
  });

  it('shows the outputs of the tasks it depends on', async () => {
    const workspace = await authWorkspace();
    const { model } = await runDebugTask(
      { problem_description: 'Verify the new cache layer', analysis_depth: 'quick' },
      { workspace, replies: [scriptedFindings()], dependencies: { 'gen-cache-reducer': { output_path: 'node_api_cache_reducer.py', summary: 'wrote 40 lines of python' } } },
    );
    const prompt = model!.prompt(0);
    expect(prompt).toContain('# Outputs of the tasks this one depends on\n## Task `gen-cache-reducer`');
    expect(prompt).toContain('"summary": "wrote 40 lines of python"');
  });

  it('fails with the schema error when the model replies outside the findings schema', async () => {
    const workspace = await authWorkspace();
    const { error } = await runDebugTask({ problem_description: 'x', analysis_depth: 'quick' }, { workspace, replies: [scriptedFindings({ confidence: 1.5 })] });
    expect(error).toBeDefined();
    expect(String(error)).toMatch(/confidence/);
  });

  it('stops when the task is aborted', async () => {
    const workspace = await authWorkspace();
    const controller = new AbortController();
    controller.abort(new Error('timed out'));
    const { error, model, recorder } = await runDebugTask({ problem_description: 'x', affected_files: ['auth/authenticator.py'] }, { workspace, replies: [scriptedFindings()], signal: controller.signal });
    expect(error).toEqual(new Error('timed out'));
    expect(model!.requests).toHaveLength(0);
    expect(recorder.files).toEqual([]);
  });
});
