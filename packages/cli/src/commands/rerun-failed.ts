import { existsSync } from 'node:fs';
import path from 'node:path';
import { builtInAgents, planRerun, prepareDispatch, readRerunSource, readTraceFile } from '@parallel-dispatcher/core';
import { CliUsageError } from '../cli-usage-error.js';
import type { StdoutDocument } from '../stdout-document.js';
import { findTraceFile } from './find-trace.js';
import { mcpServersOption } from './mcp-config.js';
import { runPrepared, type ExecutionOptions } from './run-prepared.js';

export interface RerunOptions extends ExecutionOptions {
  readonly failed?: boolean;
  readonly traceDir: string;
  readonly maxWorkers?: number;
  readonly timeout?: number;
  readonly allowPath?: string[];
  readonly model?: string;
  readonly baseUrl?: string;
  readonly mcpConfig?: string;
}

/** Plans the rerun of a dispatch's failed, skipped and cancelled tasks, and runs it. */
export async function rerunFailed(target: string | undefined, options: RerunOptions, setExitCode: (code: number) => void, document: StdoutDocument): Promise<void> {
  const found = await readTraceFile(await findTraceFile(target, options.traceDir));
  if (found.kind === 'task') throw new CliUsageError(`${found.file} is the trace of task "${found.trace.task_id}"; give its dispatch (the index beside its folder) instead`);
  if (found.kind !== 'index') throw new CliUsageError(`${found.file} is the ${found.kind}.json of a dispatch; give the dispatch (the index beside its folder) instead`);
  const source = await readRerunSource(found.file);
  const plan = planRerun(source);
  const { workspace } = source.index;
  if (!existsSync(workspace)) throw new CliUsageError(`${source.index.dispatch_id} ran in ${workspace}, which does not exist here`);
  const servers = await mcpServersOption(options.mcpConfig, workspace);
  const prepared = prepareDispatch({
    text: JSON.stringify(plan.file),
    cwd: workspace,
    agents: builtInAgents(),
    overrides: {
      workspace,
      traceDir: path.dirname(found.file),
      maxWorkers: options.maxWorkers,
      timeoutSeconds: options.timeout,
      allowPaths: options.allowPath?.map((directory) => path.resolve(directory)),
    },
    model: { model: options.model, baseUrl: options.baseUrl },
    env: process.env,
    ...servers,
  });
  if (!options.quiet) process.stderr.write(`rerunning ${plan.taskIds.join(', ')} of ${plan.rerunOf}${source.originalTasks === undefined ? ' (inputs from the traces)' : ''}\n`);
  await runPrepared(prepared, options, setExitCode, document, { rerun: plan });
}
