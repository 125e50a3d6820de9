import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { stepRuns, type JobState } from '../support/github-expression.js';
import { REPO, runCli } from '../support/run-cli.js';
import { parseOutputs } from '../action/run-action.js';

/** The current major version of each `actions/*` action the workflows use (late 2026). */
const CURRENT_MAJOR: Readonly<Record<string, number>> = { 'actions/checkout': 7, 'actions/github-script': 9 };
/** This repository's own action, as its workflows use it (other repositories pin a tag or a commit). */
const DISPATCHER = './packages/action';
const WORKFLOWS = path.join(REPO, 'examples/workflows');

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, unknown>>;
}

interface Job {
  readonly name: string;
  readonly steps: readonly Step[];
  /** The step that runs the dispatch, and where it is among the steps. */
  readonly dispatch: Step;
  readonly dispatchAt: number;
}

async function readJobs(): Promise<Job[]> {
  const names = (await fs.readdir(WORKFLOWS)).filter((name) => name.endsWith('.yml')).sort();
  expect(names).toEqual(['ci-pipeline.yml', 'comment-dispatch.yml', 'pull-request-review.yml', 'scheduled.yml', 'tool-review.yml']);
  const jobs: Job[] = [];
  for (const name of names) {
    const workflow = parse(await fs.readFile(path.join(WORKFLOWS, name), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
    for (const [id, job] of Object.entries(workflow.jobs)) {
      const dispatchAt = job.steps.findIndex((step) => step.uses === DISPATCHER);
      expect(dispatchAt, `${name}: jobs.${id} runs the action with uses: ${DISPATCHER}`).toBeGreaterThanOrEqual(0);
      expect(job.steps.filter((step) => step.uses?.includes('packages/action')), `${name}: jobs.${id}`).toHaveLength(1);
      jobs.push({ name: `${name}: jobs.${id}`, steps: job.steps, dispatch: job.steps[dispatchAt]!, dispatchAt });
    }
  }
  return jobs;
}

/** Shell tasks, or MCP servers: the workflow's are processes too, and the filesystem server reads files for the model. */
const runsCommands = (step: Step) => String(step.with?.['allow-shell']) === 'true' || step.with?.['mcp-config'] !== undefined;
const isCheckout = (step: Step) => step.uses?.startsWith('actions/checkout@') === true;
const reportsInAnIssue = (step: Step) => step.uses?.startsWith('actions/github-script@') === true || /\bgh issue\b/.test(step.run ?? '');

/** How the job stands when a step after the dispatch decides whether to run. */
function after(dispatch: Step, state: { failed: boolean; cancelled?: boolean; status: string }): JobState {
  return { failed: state.failed, cancelled: state.cancelled ?? false, outputs: dispatch.id === undefined ? {} : { [dispatch.id]: { status: state.status } } };
}

describe('the example workflows', () => {
  it('use this repository\'s action where it is, and the current major version of each actions/* action', async () => {
    for (const job of await readJobs()) {
      for (const step of job.steps) {
        if (step.uses === undefined) continue;
        if (step.uses.startsWith('./')) {
          await expect(fs.stat(path.join(REPO, step.uses, 'action.yml')), `${job.name}: ${step.uses}`).resolves.toBeDefined();
          continue;
        }
        const match = /^(actions\/[\w-]+)@v(\d+)$/.exec(step.uses);
        expect(match, `${job.name}: ${step.uses} is neither a local action nor actions/NAME@vMAJOR`).not.toBeNull();
        expect(CURRENT_MAJOR[match![1]!], `${job.name}: ${step.uses} (add its current major to CURRENT_MAJOR)`).toBeDefined();
        expect(Number(match![2]), `${job.name}: ${step.uses}`).toBe(CURRENT_MAJOR[match![1]!]);
      }
    }
  });

  it('give the action only inputs it has', async () => {
    const { inputs } = parse(await fs.readFile(path.join(REPO, DISPATCHER, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
    for (const job of await readJobs()) {
      expect(Object.keys(job.dispatch.with ?? {}).filter((input) => !(input in inputs)), job.name).toEqual([]);
    }
  });

  it('check out without persisting the token wherever the dispatch may run commands', async () => {
    const jobs = (await readJobs()).filter((job) => runsCommands(job.dispatch));
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) {
      const checkouts = job.steps.slice(0, job.dispatchAt).filter(isCheckout);
      expect(checkouts.length, job.name).toBeGreaterThan(0);
      for (const checkout of checkouts) expect(checkout.with?.['persist-credentials'], `${job.name}: ${checkout.uses}`).toBe(false);
    }
  });

  it('run the steps that read the dispatch\'s outputs also when the dispatch failed', async () => {
    for (const job of await readJobs()) {
      if (job.dispatch.id === undefined) continue;
      const reads = new RegExp(`steps\\.${job.dispatch.id}\\.outputs`);
      for (const step of job.steps.slice(job.dispatchAt + 1).filter((later) => reads.test(JSON.stringify(later)))) {
        const label = `${job.name}: "${step.name}" (if: ${step.if})`;
        // An invalid dispatch file fails the step whatever fail-on-error says; failed tasks fail it unless fail-on-error is false.
        expect(stepRuns(step.if, after(job.dispatch, { failed: true, status: 'failure' })), `${label}, invalid dispatch file`).toBe(true);
        expect(stepRuns(step.if, after(job.dispatch, { failed: false, status: 'failure' })), `${label}, failed tasks`).toBe(true);
      }
    }
  });

  it('report a failing nightly dispatch in an issue, whatever made it fail, and only then', async () => {
    const nightly = (await readJobs()).find((job) => job.name.startsWith('scheduled.yml'))!;
    const reports = nightly.steps.slice(nightly.dispatchAt + 1).filter(reportsInAnIssue);
    expect(reports).toHaveLength(1);
    const report = reports[0]!;
    const runs = (state: { failed: boolean; cancelled?: boolean; status: string }) => stepRuns(report.if, after(nightly.dispatch, state));
    expect(runs({ failed: true, status: 'failure' }), 'an invalid dispatch file fails the step').toBe(true);
    expect(runs({ failed: true, status: '' }), 'the step failed before setting its outputs').toBe(true);
    expect(runs({ failed: false, status: 'failure' }), 'tasks failed, with fail-on-error: false').toBe(true);
    expect(runs({ failed: false, status: 'success' }), 'the dispatch succeeded').toBe(false);
    expect(runs({ failed: false, cancelled: true, status: 'cancelled' }), 'the run was cancelled').toBe(false);
    // The condition the workflow had before: it never saw an invalid dispatch file.
    expect(stepRuns("steps.nightly.outputs.status == 'failure'", after(nightly.dispatch, { failed: true, status: 'failure' }))).toBe(false);
  });

  it('name dispatch files that pdispatch validate accepts with the inputs the workflow gives', async () => {
    // A job that gives a request runs a plan, not a file; the comment workflow's tests below check it.
    for (const job of (await readJobs()).filter((job) => job.dispatch.with?.['tasks'] !== undefined)) {
      const inputs = job.dispatch.with ?? {};
      const file = String(inputs['tasks']);
      const dispatch = parse(await fs.readFile(path.join(REPO, file), 'utf8')) as { tasks: { for_each?: { files?: unknown } }[] };
      const flags: Record<string, string> = {
        'max-workers': '--max-workers',
        'timeout-seconds': '--timeout',
        'trace-dir': '--trace-dir',
        model: '--model',
        'model-base-url': '--base-url',
        'mcp-config': '--mcp-config',
      };
      const args = ['validate', file, ...Object.entries(flags).flatMap(([input, flag]) => (inputs[input] === undefined ? [] : [flag, String(inputs[input])]))];
      // The action lists the changed files of a pull request or push; here, none since HEAD.
      if (dispatch.tasks.some((task) => task.for_each?.files === 'changed')) args.push('--changed-since', 'HEAD');
      // The key is a secret the workflow passes; validation only needs to know there is one.
      const key = inputs['model-api-key'] === undefined ? '' : 'placeholder-key';
      const result = await runCli(args, { env: { PDISPATCH_MODEL: '', ANTHROPIC_API_KEY: key, OPENAI_API_KEY: key } });
      expect(result.code, `${job.name}: pdispatch ${args.join(' ')}\n${result.stderr}`).toBe(0);
    }
  });
});

describe('the /dispatch comment workflow', () => {
  interface CommentWorkflow {
    readonly on: Record<string, { types?: string[] }>;
    readonly permissions: Record<string, string>;
    readonly jobs: Record<string, { if?: string; steps: Step[] }>;
  }
  const read = async () => parse(await fs.readFile(path.join(WORKFLOWS, 'comment-dispatch.yml'), 'utf8')) as CommentWorkflow;
  const job = async () => (await readJobs()).find((candidate) => candidate.name.startsWith('comment-dispatch.yml'))!;
  /** Whether the job runs for a new comment with this body by someone with this association. */
  const runsFor = async (body: string, association: string) => {
    const workflow = await read();
    const payload = { action: 'created', issue: { number: 7 }, comment: { id: 1, body, author_association: association } };
    return stepRuns(workflow.jobs['dispatch']!.if, { failed: false, cancelled: false, outputs: {}, github: { event_name: 'issue_comment', event: payload } });
  };

  it('runs on new comments on issues and pull requests, only for people with write access, only for "/dispatch "', async () => {
    const workflow = await read();
    expect(workflow.on).toEqual({ issue_comment: { types: ['created'] } });
    for (const association of ['OWNER', 'MEMBER', 'COLLABORATOR']) expect(await runsFor('/dispatch Find why login returns 401', association), association).toBe(true);
    for (const association of ['CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER', 'MANNEQUIN', 'NONE']) expect(await runsFor('/dispatch Find why login returns 401', association), association).toBe(false);
    expect(await runsFor('please /dispatch Find it', 'OWNER')).toBe(false);
    expect(await runsFor('/dispatcher Find it', 'OWNER')).toBe(false);
    expect(await runsFor('/dispatch', 'OWNER')).toBe(false);
    // GitHub's startsWith ignores case; the request step strips the prefix by length, so this works too.
    expect(await runsFor('/Dispatch Find it', 'MEMBER')).toBe(true);
    expect(workflow.permissions).toEqual({ contents: 'read', issues: 'write', 'pull-requests': 'write' });
  });

  it('plans without commands, checks out the default branch without the token, and answers in the conversation', async () => {
    const { steps, dispatch, dispatchAt } = await job();
    expect(String(dispatch.with?.['allow-shell'])).toBe('false');
    expect(dispatch.with?.['tasks']).toBeUndefined();
    expect(dispatch.with?.['request']).toMatch(/^\$\{\{ steps\.\w+\.outputs\.\w+ \}\}$/);
    expect(dispatch.with?.['comment']).toBe('always');
    expect(String(dispatch.with?.['model-api-key'])).toMatch(/^\$\{\{ secrets\.\w+ \}\}$/);
    const checkouts = steps.slice(0, dispatchAt).filter(isCheckout);
    expect(checkouts).toHaveLength(1);
    // No ref: issue_comment checks out the default branch; a pull request's head would run the author's code with the secrets.
    expect(checkouts[0]!.with).toEqual({ 'persist-credentials': false });
  });

  it('hands the comment to its script only through the environment, never with ${{ }} in the script', async () => {
    const { steps } = await job();
    for (const step of steps) expect(step.run ?? '', step.name).not.toContain('${{');
    const reader = steps.find((step) => step.run !== undefined)!;
    expect(reader.env).toEqual({ COMMENT: '${{ github.event.comment.body }}' });
  });

  it('passes exactly the text after "/dispatch " as the request, running nothing in it', async () => {
    const { steps, dispatch } = await job();
    const reader = steps.find((step) => step.run !== undefined)!;
    const outputName = /outputs\.(\w+)/.exec(String(dispatch.with?.['request']))![1]!;
    expect(String(dispatch.with?.['request'])).toContain(`steps.${reader.id}.outputs.`);
    const run = async (comment: string) => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pdispatch-comment-'));
      const output = path.join(dir, 'output');
      await fs.writeFile(output, '');
      const result = spawnSync('bash', ['-e', '-c', reader.run!], { cwd: dir, env: { PATH: process.env['PATH'], COMMENT: comment, GITHUB_OUTPUT: output }, encoding: 'utf8' });
      return { code: result.status, stdout: result.stdout, outputs: parseOutputs(await fs.readFile(output, 'utf8')), files: await fs.readdir(dir) };
    };
    const hostile = '/dispatch Find why login returns 401 in src/auth\r\nthen $(touch pwned) `touch pwned2` "; touch pwned3; echo "\r\ntext<<EOF\r\nEOF';
    const asked = await run(hostile);
    expect(asked.code, asked.stdout).toBe(0);
    expect(asked.outputs[outputName]).toBe('Find why login returns 401 in src/auth\nthen $(touch pwned) `touch pwned2` "; touch pwned3; echo "\ntext<<EOF\nEOF');
    expect(asked.files).toEqual(['output']);
    expect((await run('/DISPATCH Write tests')).outputs[outputName]).toBe('Write tests');

    const empty = await run('/dispatch   \r\n');
    expect(empty.code).not.toBe(0);
    expect(empty.stdout).toContain('::error::Nothing to do: write the request after /dispatch');
    expect(empty.outputs).toEqual({});
  });
});
