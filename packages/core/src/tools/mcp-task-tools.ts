import type { McpConnection } from '../mcp/connect-server.js';
import type { McpServerPool } from '../mcp/mcp-server-pool.js';
import { McpServerError } from '../mcp/mcp-server-error.js';
import type { ToolCallRequest, ToolDefinition } from '../models/model-client.js';
import { capped } from '../text/capped.js';
import type { ToolCallRecorder } from '../tracing/tool-call-record.js';
import type { TaskTools, ToolResult } from './task-tools.js';
import { modelFacingNames, patternsMatch, serversMatched } from './tool-patterns.js';
import { toolResultText } from './tool-result-text.js';

/** Arguments kept in a trace record; larger ones are cut, visibly. */
const MAX_ARGUMENT_CHARS = 16 * 1024;
/** A result as a trace record keeps it. */
const MAX_RECORDED_RESULT_CHARS = 16 * 1024;

interface OfferedTool {
  readonly server: string;
  readonly tool: string;
  readonly connection: McpConnection;
  readonly timeoutMs: number;
}

/**
 * The tools one task attempt may call: starts (or reuses) the servers its
 * patterns reach and offers only the tools they match. Rejects with
 * McpServerError when one of those servers cannot be started.
 */
export async function createTaskTools(options: {
  readonly pool: McpServerPool;
  readonly patterns: readonly string[];
  readonly recorder: ToolCallRecorder;
  readonly signal: AbortSignal;
}): Promise<TaskTools> {
  const { pool, patterns, recorder } = options;
  const matches = patternsMatch(patterns);
  const found: Omit<OfferedTool, 'timeoutMs'>[] = [];
  const infos: { description: string; inputSchema: Readonly<Record<string, unknown>> }[] = [];
  for (const server of serversMatched(patterns, pool.names)) {
    const connection = await pool.server(server, options.signal);
    // A server that died for an earlier task (or attempt) stays dead: this one fails before asking the model.
    if (connection.gone !== undefined) throw connection.gone;
    for (const tool of connection.tools) {
      if (!matches(server, tool.name)) continue;
      found.push({ server, tool: tool.name, connection });
      infos.push(tool);
    }
  }
  const names = modelFacingNames(found);
  const byName = new Map(found.map((tool, index) => [names[index]!, { ...tool, timeoutMs: pool.toolTimeoutMs(tool.server) }]));
  const definitions: ToolDefinition[] = found.map((tool, index) => ({
    name: names[index]!,
    description: infos[index]!.description === '' ? `${tool.tool} (MCP server "${tool.server}")` : infos[index]!.description,
    inputSchema: infos[index]!.inputSchema,
  }));

  return {
    definitions,
    async call(request: ToolCallRequest, signal: AbortSignal): Promise<ToolResult> {
      const offered = byName.get(request.name);
      if (offered === undefined) return { content: `there is no tool named "${request.name}"; the tools are: ${names.join(', ') || 'none'}`, isError: true };
      const started = Date.now();
      const record = (result: string | null, error: string | null) =>
        recorder.toolCall({
          server: offered.server,
          tool: offered.tool,
          started_at: new Date(started).toISOString(),
          duration_ms: Date.now() - started,
          arguments: cappedArguments(request.arguments),
          result: result === null ? null : capped(result, MAX_RECORDED_RESULT_CHARS),
          error,
        });
      const args = request.arguments;
      if (typeof args !== 'object' || args === null || Array.isArray(args)) {
        const message = `the arguments of ${request.name} must be a JSON object`;
        record(null, message);
        return { content: message, isError: true };
      }
      try {
        const outcome = await offered.connection.call(offered.tool, args as Record<string, unknown>, { signal, timeoutMs: offered.timeoutMs });
        if (outcome.kind === 'timeout') {
          const message = `${request.name} timed out after ${offered.timeoutMs / 1000} s`;
          record(null, message);
          return { content: message, isError: true };
        }
        if (outcome.kind === 'refused') {
          record(null, outcome.message);
          return { content: outcome.message, isError: true };
        }
        const text = toolResultText(outcome.content, outcome.structuredContent);
        record(text, outcome.isError ? text || 'the tool reported an error' : null);
        return { content: text, isError: outcome.isError };
      } catch (error) {
        record(null, signal.aborted ? 'cancelled' : McpServerError.isInstance(error) ? error.message : String(error));
        throw error;
      }
    },
  };
}

/** Arguments as a trace keeps them: as given, or cut with a note saying so. */
function cappedArguments(args: unknown): unknown {
  const text = JSON.stringify(args) ?? 'null';
  if (text.length <= MAX_ARGUMENT_CHARS) return args;
  return { '…': `cut at ${MAX_ARGUMENT_CHARS / 1024} KiB (${text.length} characters in all)`, start: text.slice(0, MAX_ARGUMENT_CHARS) };
}
