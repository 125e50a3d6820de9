import path from 'node:path';
import { DispatchValidationError, type McpServerSpec, type PreparedDispatch } from '@parallel-dispatcher/core';
import { McpServer, type ServerContext } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { z } from 'zod';
import { describeUserError } from '../describe-user-error.js';
import { resultCacheOf } from '../commands/cache-flags.js';
import { hostModelClient } from '../commands/host-model.js';
import { readMcpConfig } from '../commands/mcp-config.js';
import { planRequest } from '../commands/plan-request.js';
import { dispatchReport } from './dispatch-report.js';
import { DispatchRuns } from './dispatch-runs.js';
import type { McpServeOptions, ServerLimits } from './mcp-serve-options.js';
import { prepareForClient } from './prepare-for-client.js';
import { ToolInputError } from './tool-input-error.js';

const DISPATCH = z
  .union([z.string(), z.record(z.string(), z.unknown())])
  .describe('the dispatch itself (an object with "tasks"), or the path of a dispatch file (JSON or YAML) inside the workspace or an --allow-path root');

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean };

/**
 * `pdispatch mcp`: serves the dispatcher's tools over stdio until the client
 * closes stdin or SIGTERM/SIGINT arrives; then running dispatches are
 * cancelled and their traces completed before the process exits. Only MCP
 * JSON-RPC goes to stdout; logs go to stderr.
 */
export async function serveMcp(options: McpServeOptions, version: string): Promise<void> {
  const limits: ServerLimits = {
    ...options,
    workspace: path.resolve(options.workspace ?? '.'),
    ...(options.allowPath === undefined ? {} : { allowPath: options.allowPath.map((root) => path.resolve(root)) }),
    ...(options.traceDir === undefined ? {} : { traceDir: path.resolve(options.traceDir) }),
  };
  // A bad --mcp-config or --cache-max-size stops the server before it serves anything (exit 2 with the place).
  const cache = resultCacheOf(options, limits.workspace);
  const mcpServers = options.mcpConfig === undefined ? undefined : await readMcpConfig(options.mcpConfig, limits.workspace);
  const runs = new DispatchRuns(limits.maxDispatches, cache);
  const server = new McpServer({ name: 'pdispatch', version });
  registerTools(server, runs, limits, mcpServers);

  const transport = new StdioServerTransport();
  let stopping: Promise<void> | undefined;
  const stop = (why: string) =>
    (stopping ??= (async () => {
      process.stderr.write(`pdispatch mcp: ${why}: cancelling running dispatches\n`);
      await runs.cancelAll();
      await server.close().catch(() => undefined);
    })());
  const stopped = new Promise<void>((resolve) => {
    process.stdin.once('end', () => void stop('stdin closed').then(resolve));
    process.once('SIGTERM', () => void stop('SIGTERM').then(resolve));
    process.once('SIGINT', () => void stop('SIGINT').then(resolve));
  });
  await server.connect(transport);
  process.stderr.write(`pdispatch mcp: serving on stdio (workspace ${limits.workspace}, at most ${limits.maxTasks} tasks, ${limits.maxWorkers} workers and ${limits.maxDispatches} dispatches at once, commands ${limits.allowShell ? 'allowed' : 'refused'}, ${limits.maxTokens === undefined ? '' : `at most ${limits.maxTokens} tokens a dispatch, `}${cache === undefined ? 'no result cache' : `result cache in ${cache.dir}`})\n`);
  await stopped;
}

function registerTools(server: McpServer, runs: DispatchRuns, limits: ServerLimits, mcpServers: Readonly<Record<string, McpServerSpec>> | undefined): void {
  const prepare = (dispatch: unknown): Promise<PreparedDispatch> => prepareForClient(dispatch, limits, mcpServers);

  server.registerTool(
    'validate_dispatch',
    { description: 'Check a dispatch with this server\'s limits without running anything: ok, or every problem with its place (tasks[2].agent, …).', inputSchema: z.object({ dispatch: DISPATCH }) },
    async ({ dispatch }) =>
      answer(async () => {
        try {
          const prepared = await prepare(dispatch);
          const agents = [...new Set([...prepared.tasks.values()].map((task) => task.spec.agent))].sort();
          return { ok: true, task_count: prepared.tasks.size, agents, trace_dir: prepared.traceDir, budget: prepared.config.budget ?? null };
        } catch (error) {
          if (!DispatchValidationError.isInstance(error)) throw error;
          return { ok: false, problems: problemsOf(error) };
        }
      }),
  );

  server.registerTool(
    'run_dispatch',
    {
      description:
        'Start a dispatch (validated as validate_dispatch does). Returns its dispatch_id and trace folder at once; poll get_dispatch. ' +
        'With wait: true it returns when the dispatch ends, sending progress notifications when the request has a progressToken.',
      inputSchema: z.object({ dispatch: DISPATCH, wait: z.boolean().optional().describe('return only when the dispatch has ended (default false)') }),
    },
    async ({ dispatch, wait }, ctx) =>
      answer(async () => {
        const run = await runs.start(await prepare(dispatch));
        process.stderr.write(`pdispatch mcp: started ${run.id} (${run.prepared.tasks.size} tasks), traces in ${run.traceFolder}\n`);
        if (wait !== true) return { dispatch_id: run.id, status: 'running', trace_index: run.traceIndex, trace_folder: run.traceFolder };
        const stopProgress = progressOf(run, ctx);
        try {
          await run.ended;
        } finally {
          stopProgress();
        }
        return dispatchReport(run);
      }),
  );

  server.registerTool(
    'get_dispatch',
    { description: "A dispatch's status, summary, each task's status and output (cut when long), the synthesised answer if any, and its trace index.", inputSchema: z.object({ dispatch_id: z.string() }) },
    async ({ dispatch_id }) => answer(async () => dispatchReport(runs.get(dispatch_id))),
  );

  server.registerTool(
    'cancel_dispatch',
    { description: 'Cancel a running dispatch: its running tasks are stopped (process groups killed) and its traces completed.', inputSchema: z.object({ dispatch_id: z.string() }) },
    async ({ dispatch_id }) => answer(async () => dispatchReport(await runs.cancel(dispatch_id))),
  );

  server.registerTool(
    'plan_dispatch',
    {
      description: "Turn a request in plain words into a dispatch, checked with this server's limits, for you to review and pass to run_dispatch. Nothing runs.",
      inputSchema: z.object({ request: z.string().describe('what to do, in plain words'), context: z.array(z.string()).optional().describe('files in the workspace the planner reads') }),
    },
    async ({ request, context }) =>
      answer(async () => {
        const model = hostModelClient(limits, 'planning:');
        const attempt = await planRequest(
          request,
          { ...limits, maxTasks: limits.maxTasks, quiet: true, ...(context === undefined ? {} : { context: context.map((file) => path.resolve(limits.workspace, file)) }) },
          model,
        );
        if (attempt.kind === 'planned') return { ok: true, dispatch: attempt.plan, task_count: attempt.prepared.tasks.size, input_tokens: attempt.record.input_tokens, output_tokens: attempt.record.output_tokens };
        if (attempt.kind === 'invalid') return { ok: false, problems: attempt.issues.map(({ path: place, message }) => ({ path: place, message })), invalid_plan_file: attempt.invalidFile };
        throw new ToolInputError(attempt.kind === 'cancelled' ? 'planning was cancelled' : attempt.message);
      }),
  );
}

/** Sends a progress notification for each task that ends, while the request that asked for them is open. */
function progressOf(run: ReturnType<DispatchRuns['get']>, ctx: ServerContext): () => void {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  if (progressToken === undefined) return () => undefined;
  let last = -1;
  return run.onProgress(({ done, total, message }) => {
    if (done === last) return;
    last = done;
    void ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, progress: done, total, message } }).catch(() => undefined);
  });
}

function problemsOf(error: DispatchValidationError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
}

/** A tool's result as JSON text; what the client got wrong (or a run that could not start) as an isError result, never a crash. */
async function answer(work: () => Promise<unknown>): Promise<ToolResult> {
  try {
    return { content: [{ type: 'text', text: JSON.stringify(await work(), null, 2) }] };
  } catch (error) {
    if (DispatchValidationError.isInstance(error)) return failure(`the dispatch is invalid:\n${problemsOf(error).map((issue) => `  - ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}`).join('\n')}`);
    if (error instanceof ToolInputError) return failure(error.message);
    const known = describeUserError(error);
    if (known !== undefined) return failure(known.message);
    process.stderr.write(`pdispatch mcp: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return failure(error instanceof Error ? error.message : String(error));
  }
}

function failure(message: string): ToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}
