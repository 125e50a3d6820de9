import fs from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import {
  builtInAgents,
  DispatchError,
  formatIssue,
  prepareDispatch,
  readTaskTrace,
  runDispatch,
  type DispatchIndex,
  type DispatchResult,
  type PreparedDispatch,
  type ValidationIssue,
} from '@parallel-dispatcher/core';
import { failedTaskAnnotations, findingAnnotations, repositoryPath, type PlacedFinding } from './annotations.js';
import { uploadTraces } from './artifact-upload.js';
import { cancelOnTermination } from './cancellation.js';
import { changedFiles, type Octokit } from './changed-files.js';
import { childEnvironment } from './child-environment.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { describeEvent } from './progress-log.js';
import { upsertStickyComment } from './pull-request-comment.js';
import { commentBody, commentMarker, invalidDispatchComment } from './report/comment-body.js';
import { findingsOf } from './report/findings.js';
import { invalidDispatchSummary, jobSummary } from './report/job-summary.js';
import type { ArtifactState, ReportContext } from './report/report-context.js';
import { readRunnerContext, runUrl, type RunnerContext } from './runner-context.js';
import { StepLog } from './step-log.js';

const SHELL_HINT = 'set the action input allow-shell: true to allow them (read the action README first: on pull requests the dispatch file can come from the pull request)';

/** The action: read the inputs, run the dispatch, then report it every way GitHub offers. */
export async function run(): Promise<void> {
  const log = new StepLog();
  const controller = new AbortController();
  const stopListening = cancelOnTermination(controller, (message) => log.info(message));
  try {
    await runStep(log, controller.signal);
  } catch (error) {
    log.setOutput('status', 'failure');
    log.fail(`Parallel Dispatcher failed unexpectedly: ${(error as Error).stack ?? String(error)}`);
  } finally {
    stopListening();
  }
}

async function runStep(log: StepLog, signal: AbortSignal): Promise<void> {
  const runner = readRunnerContext(process.env, process.cwd());
  // Masked and redacted before anything can print them. The runtime tokens never reach a task's
  // environment, but are redacted anyway should a task find them some other way.
  log.addSecrets([core.getInput('model-api-key'), core.getInput('github-token'), process.env['ACTIONS_RUNTIME_TOKEN'], process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']]);
  let inputs: ActionInputs;
  try {
    inputs = readInputs((name) => core.getInput(name), runner.eventName);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    log.setOutput('status', 'failure');
    return log.fail(error.message);
  }
  const step = new Step(log, runner, inputs, signal);
  await step.run();
}

class Step {
  private octokit: Octokit | undefined;
  private readonly dispatchPath: string;
  /** The dispatch file relative to the repository root (as given when it lies outside). */
  private readonly dispatchFile: string;

  constructor(
    private readonly log: StepLog,
    private readonly runner: RunnerContext,
    private readonly inputs: ActionInputs,
    private readonly signal: AbortSignal,
  ) {
    this.dispatchPath = path.resolve(runner.repositoryRoot, inputs.tasks);
    this.dispatchFile = repositoryPath(this.dispatchPath, runner.repositoryRoot, runner.repositoryRoot) ?? this.dispatchPath;
  }

  async run(): Promise<void> {
    const { log, inputs } = this;
    let text: string;
    try {
      text = await fs.readFile(this.dispatchPath, 'utf8');
    } catch (error) {
      this.setStatusOutputs('failure');
      return log.fail(`tasks: cannot read the dispatch file ${inputs.tasks} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); paths are relative to the repository root ${this.runner.repositoryRoot}`);
    }
    const env = childEnvironment(process.env);
    let changed: string[] | undefined;
    if (/\bfor_each\b/.test(text)) {
      try {
        const result = await changedFiles(this.runner, () => this.github());
        changed = result.files;
        log.info(`for_each changed files: ${result.source}`);
      } catch (error) {
        this.setStatusOutputs('failure');
        return log.fail(`cannot list the changed files for for_each: ${(error as Error).message}`);
      }
    }

    let prepared: PreparedDispatch;
    try {
      prepared = prepareDispatch({
        text,
        sourcePath: this.dispatchFile,
        cwd: this.runner.repositoryRoot,
        agents: builtInAgents(),
        overrides: {
          maxWorkers: inputs.maxWorkers,
          timeoutSeconds: inputs.timeoutSeconds,
          traceDir: inputs.traceDir === undefined ? undefined : path.resolve(this.runner.repositoryRoot, inputs.traceDir),
        },
        model: { model: inputs.model, baseUrl: inputs.modelBaseUrl, apiKey: inputs.modelApiKey },
        env,
        allowCommands: inputs.allowShell,
        // With allow-shell the workflow's author vouches for the dispatch file; without it the file may come from the pull request.
        fileIsUntrusted: !inputs.allowShell,
        commandsRefusedHint: SHELL_HINT,
        ...(changed === undefined ? {} : { changedFiles: changed }),
      });
    } catch (error) {
      if (!isValidationError(error)) throw error;
      return this.reportInvalid(error.issues, error.message);
    }

    log.info(`running ${prepared.graph.ids.length} task(s) from ${this.dispatchFile}, at most ${prepared.config.max_workers} at once; traces in ${prepared.traceDir}`);
    let result: DispatchResult;
    try {
      result = await runDispatch(prepared, {
        env,
        secrets: [inputs.modelApiKey, inputs.githubToken].filter((secret): secret is string => secret !== undefined),
        signal: this.signal,
        onEvent: (event) => {
          const line = describeEvent(event);
          if (line !== undefined) log.info(line);
        },
      });
    } catch (error) {
      // The trace directory is refused before any task starts.
      if (!isValidationError(error)) throw error;
      return this.reportInvalid(error.issues, error.message);
    }
    if (result.traceError !== undefined) log.warning(result.traceError.message, { title: 'Traces not all written' });
    await this.report(prepared, result);
  }

  private async report(prepared: PreparedDispatch, result: DispatchResult): Promise<void> {
    const { log, inputs } = this;
    const { index } = result;
    this.setStatusOutputs(result.status, index);
    log.setOutput('summary', JSON.stringify(index.summary));
    log.setOutput('dispatch-index', result.indexPath);
    log.setOutput('trace-dir', prepared.traceDir);

    const artifact = await this.upload(prepared.traceDir);
    const context: ReportContext = { dispatchFile: this.dispatchFile, artifact, runUrl: runUrl(this.runner), commit: this.headCommit() };
    await this.writeSummary(jobSummary(index, context));
    await this.comment(result.status !== 'success', commentBody(index, context));

    const fails = inputs.failOnError && result.status !== 'success';
    // setFailed is an error annotation too: keep a place for it.
    for (const annotation of failedTaskAnnotations(index.tasks, this.dispatchFile, log.errorsLeft - (fails ? 1 : 0))) log.error(annotation.message, annotation.properties);
    const findings = await this.findings(prepared, index);
    for (const annotation of findingAnnotations(findings, log.warningsLeft)) log.warning(annotation.message, annotation.properties);
    if (fails) log.fail(failureReason(index));
  }

  private async reportInvalid(issues: readonly ValidationIssue[], message: string): Promise<void> {
    this.setStatusOutputs('failure');
    await this.writeSummary(invalidDispatchSummary(this.dispatchFile, issues));
    await this.comment(true, invalidDispatchComment(this.dispatchFile, issues, { runUrl: runUrl(this.runner), commit: this.headCommit() }));
    this.log.fail(message.includes('\n') ? message : `${message}\n${issues.map((issue) => `  - ${formatIssue(issue)}`).join('\n')}`);
  }

  private setStatusOutputs(status: string, index?: DispatchIndex): void {
    const failed = index?.tasks.filter((task) => task.status === 'error').map((task) => task.task_id) ?? [];
    this.log.setOutput('status', status);
    this.log.setOutput('success-count', index?.summary.success ?? 0);
    this.log.setOutput('failure-count', failed.length);
    this.log.setOutput('failed-tasks', JSON.stringify(failed));
  }

  private async upload(traceDir: string): Promise<ArtifactState> {
    if (!this.inputs.uploadArtifact) return { kind: 'not-uploaded', reason: 'upload-artifact is false' };
    const { repository, serverUrl, runId } = this.runner;
    const artifact = await uploadTraces({
      name: this.inputs.artifactName,
      traceDir,
      retentionDays: this.inputs.retentionDays,
      urlOf: (id) => (repository === undefined || runId === undefined ? undefined : `${serverUrl}/${repository.owner}/${repository.repo}/actions/runs/${runId}/artifacts/${id}`),
    });
    if (artifact.kind === 'uploaded') {
      this.log.info(`uploaded the traces as the artifact "${artifact.name}" (id ${artifact.id})`);
      this.log.setOutput('artifact-id', artifact.id);
      this.log.setOutput('artifact-url', artifact.url);
    } else {
      this.log.warning(`The traces were not uploaded: ${artifact.reason}`, { title: 'Trace artifact not uploaded' });
    }
    return artifact;
  }

  private async writeSummary(markdown: string): Promise<void> {
    try {
      await core.summary.addRaw(this.log.redact(markdown)).write();
    } catch (error) {
      this.log.warning(`could not write the job summary: ${(error as Error).message}`);
    }
  }

  /** Keeps this dispatch file's comment on the pull request up to date, as the `comment` input says. */
  private async comment(failed: boolean, body: string): Promise<void> {
    const { inputs, runner, log } = this;
    if (inputs.comment === 'off') return;
    if (runner.pullRequestNumber === undefined || runner.repository === undefined) {
      log.info(`comment: ${inputs.comment}, but a ${runner.eventName || 'local'} event has no pull request to comment on`);
      return;
    }
    // on-failure creates a comment only for a failure, but keeps an existing one current, so it never shows a stale failure.
    const create = inputs.comment === 'always' || failed;
    try {
      const result = await upsertStickyComment(
        this.github(),
        { ...runner.repository, issueNumber: runner.pullRequestNumber, marker: commentMarker(this.dispatchFile), body: log.redact(body) },
        create,
      );
      if (result.action !== 'none') log.info(`${result.action} the pull-request comment ${result.url}`);
    } catch (error) {
      log.warning(`could not comment on pull request #${runner.pullRequestNumber}: ${(error as Error).message} (the job needs "permissions: pull-requests: write"; pull requests from forks get a read-only token)`, {
        title: 'Pull-request comment not written',
      });
    }
  }

  /**
   * File-and-line findings in the tasks' outputs, read from their traces (already redacted):
   * the `debug` agent's, and those of any task whose output has the same shape.
   */
  private async findings(prepared: PreparedDispatch, index: DispatchIndex): Promise<PlacedFinding[]> {
    const found: PlacedFinding[] = [];
    for (const task of index.tasks) {
      if (task.status !== 'success' && task.status !== 'error') continue;
      try {
        const trace = await readTaskTrace(prepared.traceDir, task.trace_file);
        for (const finding of findingsOf(task.task_id, trace.output, trace.file)) {
          const repositoryFile = repositoryPath(finding.file, prepared.workspace, this.runner.repositoryRoot);
          if (repositoryFile !== undefined) found.push({ ...finding, repositoryFile });
        }
      } catch (error) {
        this.log.info(`could not read the findings of ${task.task_id}: ${(error as Error).message}`);
      }
    }
    return found;
  }

  private github(): Octokit {
    if (this.inputs.githubToken === undefined) throw new Error('the github-token input is empty');
    this.octokit ??= getOctokit(this.inputs.githubToken);
    return this.octokit;
  }

  private headCommit(): string | undefined {
    const pullRequest = this.runner.payload['pull_request'] as { head?: { sha?: unknown } } | undefined;
    const sha = pullRequest?.head?.sha ?? this.runner.payload['after'];
    return typeof sha === 'string' ? sha : undefined;
  }
}

function isValidationError(error: unknown): error is DispatchError & { readonly issues: readonly ValidationIssue[] } {
  return DispatchError.isInstance(error) && error.kind === 'validation' && Array.isArray((error as { issues?: unknown }).issues);
}

function failureReason(index: DispatchIndex): string {
  const { summary } = index;
  const ids = (status: string) => index.tasks.filter((task) => task.status === status).map((task) => task.task_id);
  const list = (items: string[]) => (items.length <= 10 ? items.join(', ') : `${items.slice(0, 10).join(', ')} and ${items.length - 10} more`);
  if (index.status === 'cancelled') return `the dispatch was cancelled: ${summary.success} of ${summary.total} tasks succeeded, ${summary.cancelled} cancelled`;
  const parts = [summary.error > 0 ? `failed: ${list(ids('error'))}` : undefined, summary.skipped > 0 ? `skipped: ${list(ids('skipped'))}` : undefined, summary.cancelled > 0 ? `cancelled: ${list(ids('cancelled'))}` : undefined];
  return `${summary.total - summary.success} of ${summary.total} tasks did not succeed (${parts.filter(Boolean).join('; ')}); set fail-on-error: false to let the job go on`;
}
