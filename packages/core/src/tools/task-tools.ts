import type { ToolCallRequest, ToolDefinition } from '../models/model-client.js';

/** What running one tool call gave, as it goes back to the model. */
export interface ToolResult {
  readonly content: string;
  /** The tool failed (MCP `isError`, a timeout, arguments the tool refused): `content` says why. */
  readonly isError: boolean;
}

/**
 * The tools one task attempt may call: the MCP tools its `tools` patterns
 * matched, on servers already started. Each call is recorded in the task's
 * trace (`tool_calls[]`) by the implementation.
 */
export interface TaskTools {
  /** As offered to the model; names are model-facing (`docs__search`). */
  readonly definitions: readonly ToolDefinition[];
  /**
   * Runs one call with its own timeout. A tool's failure comes back as
   * `isError`, for the model to see; a server that died or cannot be reached
   * throws an `McpServerError`, which fails the task.
   */
  call(request: ToolCallRequest, signal: AbortSignal): Promise<ToolResult>;
}
