/** One call of an MCP tool, as recorded in the task trace (`tool_calls[]`). */
export interface ToolCallRecord {
  /** The MCP server's name, as the dispatch or the host defined it. */
  readonly server: string;
  /** The tool's own name on that server. */
  readonly tool: string;
  readonly started_at: string;
  readonly duration_ms: number;
  /** The arguments the model gave, cut when large (`{ "…": "cut at N KiB" }` style, visibly); redacted when written. */
  readonly arguments: unknown;
  /** The result's text as sent back to the model, cut when large; null when the call failed before a result. */
  readonly result: string | null;
  /** Why the call failed (the tool's `isError` text, a timeout, the server gone); null when it succeeded. */
  readonly error: string | null;
}

export interface ToolCallRecorder {
  toolCall(call: ToolCallRecord): void;
}
