import * as core from '@actions/core';
import { DispatchValidationError, type McpServerSpec } from '@parallel-dispatcher/core';
import { cancelOnTermination, type Cancellation } from './cancellation.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { loadDispatchFile, locateDispatchFile } from './load-dispatch.js';
import { readMcpConfigInput } from './mcp-config.js';
import { publishFailure, publishInvalid, publishReport } from './publish-report.js';
import { readRunnerContext } from './runner-context.js';
import { runRequest } from './run-request.js';
import { runTasks, type TasksRun } from './run-tasks.js';
import { stepContext, type StepContext } from './step-context.js';
import { StepLog } from './step-log.js';

/** The action: read the inputs, load the dispatch, run it, then report it every way GitHub offers. */
export async function run(): Promise<void> {
  const log = new StepLog();
  const cancellation = cancelOnTermination((message) => log.info(message));
  try {
    await runStep(log, cancellation);
  } catch (error) {
    log.setOutput('status', 'failure');
    log.fail(`Parallel Dispatcher failed unexpectedly: ${(error as Error).stack ?? String(error)}`);
  } finally {
    cancellation.dispose();
  }
}

async function runStep(log: StepLog, cancellation: Cancellation): Promise<void> {
  const runner = readRunnerContext(process.env, process.cwd());
  // Masked and redacted before anything can print them. The runtime tokens never reach a task's
  // environment, but are redacted anyway should a task find them some other way.
  log.addSecrets([core.getInput('model-api-key'), core.getInput('github-token'), process.env['ACTIONS_RUNTIME_TOKEN'], process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']]);
  let inputs: ActionInputs;
  let mcpServers: Record<string, McpServerSpec> = {};
  try {
    inputs = readInputs((name) => core.getInput(name), runner.eventName);
    if (inputs.mcpConfig !== undefined) mcpServers = await readMcpConfigInput(inputs.mcpConfig, runner.repositoryRoot);
  } catch (error) {
    if (!InputError.isInstance(error)) throw error;
    log.setOutput('status', 'failure');
    return log.fail(error.message);
  }
  const names = Object.keys(mcpServers);
  if (names.length > 0) log.info(`mcp-config: ${names.length} MCP server(s) the tasks may use: ${names.join(', ')}`);
  const context = stepContext(log, runner, inputs, mcpServers);
  const { source } = inputs;
  if (source.kind === 'file') return runDispatchFile(context, source.tasks, cancellation);
  return runRequest(context, source.request, source.maxTasks, cancellation);
}

/** The `tasks` input: the dispatch file as written. */
async function runDispatchFile(context: StepContext, tasks: string, cancellation: Cancellation): Promise<void> {
  const location = locateDispatchFile(context.runner, tasks);
  const { file } = location;
  const loaded = await loadDispatchFile(context, location);
  if (loaded.kind === 'unusable') return publishFailure(context, loaded.message);
  if (loaded.kind === 'invalid') return publishInvalid(context, file, loaded.issues, loaded.message);
  let run: TasksRun;
  try {
    run = await runTasks(context, loaded.prepared, loaded.env, cancellation, file, file);
  } catch (error) {
    // The trace directory is refused before any task starts.
    if (!DispatchValidationError.isInstance(error)) throw error;
    return publishInvalid(context, file, error.issues, error.message);
  }
  await publishReport(context, { dispatchFile: file, commentKey: file }, loaded.prepared, run);
}
