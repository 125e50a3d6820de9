import type { CacheFlags } from '../commands/cache-flags.js';

/** What `pdispatch mcp` was started with: the limits every dispatch its clients send is held to. */
export interface McpServeOptions extends CacheFlags {
  readonly workspace?: string;
  readonly allowPath?: string[];
  /** A cap: a dispatch asking for more workers gets this many. */
  readonly maxWorkers: number;
  readonly maxTasks: number;
  /** Dispatches running at once; run_dispatch is refused beyond. */
  readonly maxDispatches: number;
  readonly allowShell?: boolean;
  /** A ceiling on each dispatch's token budget: a dispatch declaring none or more gets this. */
  readonly maxTokens?: number;
  readonly model?: string;
  readonly baseUrl?: string;
  readonly mcpConfig?: string;
  readonly traceDir?: string;
}

/** The options with paths made absolute against the directory the server started in. */
export interface ServerLimits extends Omit<McpServeOptions, 'workspace'> {
  readonly workspace: string;
}
