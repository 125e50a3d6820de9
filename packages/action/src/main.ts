import * as core from '@actions/core';
import { DispatchValidationError, type DispatchResult } from '@parallel-dispatcher/core';
import { cancelOnTermination, type Cancellation } from './cancellation.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { loadDispatch } from './load-dispatch.js';
import { publishFailure, publishInvalid, publishReport } from './publish-report.js';
import { readRunnerContext } from './runner-context.js';
import { runTasks } from './run-tasks.js';
import { stepContext } from './step-context.js';
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
  try {
    inputs = readInputs((name) => core.getInput(name), runner.eventName);
  } catch (error) {
    if (!InputError.isInstance(error)) throw error;
    log.setOutput('status', 'failure');
    return log.fail(error.message);
  }
  const context = stepContext(log, runner, inputs);
  const loaded = await loadDispatch(context);
  if (loaded.kind === 'unusable') return publishFailure(context, loaded.message);
  if (loaded.kind === 'invalid') return publishInvalid(context, loaded.issues, loaded.message);
  let result: DispatchResult;
  try {
    result = await runTasks(context, loaded.prepared, loaded.env, cancellation);
  } catch (error) {
    // The trace directory is refused before any task starts.
    if (!DispatchValidationError.isInstance(error)) throw error;
    return publishInvalid(context, error.issues, error.message);
  }
  await publishReport(context, loaded.prepared, result);
}
