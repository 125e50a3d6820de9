import { z } from 'zod';
import { MODEL_PROVIDERS } from '../models/model-providers.js';

/** Timers hold at most 2^31 - 1 ms (about 24.8 days); a longer timeout would fire at once. */
const MAX_TIMEOUT_SECONDS = 2_147_483;

export const TASK_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const taskIdSchema = z
  .string()
  .regex(TASK_ID_PATTERN, 'a task id starts with a letter or digit and holds only letters, digits, ".", "_" and "-"')
  .max(200);

export const modelProviderSchema = z.enum(MODEL_PROVIDERS);

export const modelSpecSchema = z
  .object({
    provider: modelProviderSchema,
    model: z.string().min(1),
    base_url: z.url().optional().describe('API base URL; required for openai-compatible servers other than OpenAI'),
    api_key_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional().describe('Name of the environment variable holding the API key'),
    max_concurrency: z.number().int().positive().optional().describe('Most simultaneous calls to this provider'),
  })
  .strict();

/** An MCP server's name: what `tools` patterns put before the dot (`docs` in `docs.search`). */
export const MCP_SERVER_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** `server.tool`, either part may hold `*` (any run of characters): `docs.*`, `search.query`, `*.read_*`. */
export const TOOL_PATTERN = /^[A-Za-z0-9_*-]{1,64}\.[A-Za-z0-9_.*\/-]{1,128}$/;

const MAX_TOOL_CALLS = 1000;

export const toolPatternsSchema = z
  .array(z.string().regex(TOOL_PATTERN, 'a tool is named "server.tool" (e.g. "docs.search"); "*" matches any characters ("docs.*")'))
  .describe('MCP tools the agent may call, as "server.tool" patterns ("docs.*" for every tool of server "docs")');

export const maxToolCallsSchema = z.number().int().min(0).max(MAX_TOOL_CALLS).describe('Most tool calls one attempt of a task may make (default 20)');

/** Values in `env` and `headers` may take host variables as `${NAME}`; a secret must come that way, never literally. */
const expandableValuesSchema = z.record(z.string().min(1), z.string());

const toolTimeoutSchema = z.number().positive().max(MAX_TIMEOUT_SECONDS).describe('Longest one tool call may take (default 60)');

export const stdioMcpServerSchema = z
  .object({
    type: z.literal('stdio').optional(),
    command: z.string().min(1).describe('The program that serves MCP over stdin/stdout'),
    args: z.array(z.string()).optional(),
    env: expandableValuesSchema.optional().describe('Variables for the server; "${NAME}" takes a host variable (secrets must come this way)'),
    cwd: z.string().min(1).optional().describe('Where the server starts, relative to the workspace'),
    tool_timeout_seconds: toolTimeoutSchema.optional(),
  })
  .strict();

export const httpMcpServerSchema = z
  .object({
    type: z.enum(['http', 'streamable-http']).optional(),
    url: z.url().describe('The Streamable HTTP endpoint'),
    headers: expandableValuesSchema.optional().describe('Request headers; "${NAME}" takes a host variable (secrets must come this way)'),
    headers_env: z
      .record(z.string().min(1), z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/))
      .optional()
      .describe('Headers whose whole value is a host variable: { "Authorization": "DOCS_TOKEN" }'),
    tool_timeout_seconds: toolTimeoutSchema.optional(),
  })
  .strict();

export const mcpServerSchema = z.union([stdioMcpServerSchema, httpMcpServerSchema]);

export const mcpServersSchema = z
  .record(z.string().regex(MCP_SERVER_NAME_PATTERN, 'an MCP server name holds only letters, digits, "_" and "-"'), mcpServerSchema)
  .describe('MCP servers tasks may call tools of, by name: { "command", "args", "env", "cwd" } for stdio, { "url", "headers_env" } for Streamable HTTP');

export const promptAgentSchema = z
  .object({
    kind: z.literal('prompt'),
    description: z.string().optional(),
    instructions: z.string().min(1),
    output_schema: z.record(z.string(), z.unknown()).optional().describe('JSON Schema the reply must match'),
    model: modelSpecSchema.optional(),
    tools: toolPatternsSchema.optional(),
    max_tool_calls: maxToolCallsSchema.optional(),
  })
  .strict();

export const commandAgentSchema = z
  .object({
    kind: z.literal('command'),
    description: z.string().optional(),
    command: z.string().min(1).optional(),
    argv: z.array(z.string()).min(1).optional(),
  })
  .strict()
  .refine((agent) => (agent.command === undefined) !== (agent.argv === undefined), {
    message: 'a command agent needs exactly one of "command" or "argv"',
  });

/** A spending limit: tokens (input and output together) and/or US dollars. */
export const budgetSchema = z
  .object({
    tokens: z.number().int().positive().optional().describe('Most tokens (input and output together) the model calls may spend'),
    usd: z.number().positive().optional().describe('Most US dollars the model calls may cost (needs a known price for every model used)'),
  })
  .strict()
  .refine((budget) => budget.tokens !== undefined || budget.usd !== undefined, { message: 'a budget needs "tokens", "usd" or both' });

/** A model's price in US dollars per million tokens, for models the price package does not know (or to correct it). */
export const modelPriceSchema = z
  .object({
    input_per_mtok: z.number().min(0).describe('US dollars per million input tokens'),
    output_per_mtok: z.number().min(0).describe('US dollars per million output tokens'),
  })
  .strict();

/** `provider:model`, or `provider:*` for every model of a provider (a local server whose models cost nothing). */
export const PRICE_KEY_PATTERN = /^[A-Za-z0-9._-]+:(\*|[^\s*]+)$/;

export const pricesSchema = z
  .record(z.string().regex(PRICE_KEY_PATTERN, 'a price is keyed "provider:model" (e.g. "openai-compatible:llama3.1") or "provider:*"'), modelPriceSchema)
  .describe('Prices that win over the bundled price list, by "provider:model" or "provider:*"');

export const customAgentSchema = z.discriminatedUnion('kind', [promptAgentSchema, commandAgentSchema]);

export const dispatchConfigSchema = z
  .object({
    max_workers: z.number().int().min(1).max(1024).default(5).describe('Most tasks running at once'),
    timeout_seconds: z.number().positive().max(MAX_TIMEOUT_SECONDS).default(300).describe('Per-task timeout, per attempt'),
    trace_dir: z.string().min(1).default('./traces').describe('Where traces are written, relative to the workspace'),
    retries: z.number().int().min(0).max(20).default(0).describe('Extra attempts for a failed task'),
    fail_fast: z.boolean().default(false).describe('Cancel everything on the first failure'),
    model: modelSpecSchema.optional(),
    agents: z.record(z.string(), customAgentSchema).optional().describe('Agents defined by this file'),
    allowed_paths: z.array(z.string().min(1)).optional().describe('Directories agents may use besides the workspace'),
    mcp_servers: mcpServersSchema.optional(),
    max_tool_calls: maxToolCallsSchema.optional(),
    budget: budgetSchema.optional().describe('Limit on what the whole dispatch may spend on model calls (planning and synthesis included)'),
    prices: pricesSchema.optional(),
    cache: z.boolean().optional().describe('false: run every task, reusing no stored result (see "Result cache" in the README)'),
    cache_max_size: z
      .string()
      .regex(/^\s*\d+(\.\d+)?\s*([kmg]i?b|b)?\s*$/i, 'a size such as "500MB" or "1GiB"')
      .optional()
      .describe('Largest the cache folder may grow before the least recently used results are removed (default 1GiB)'),
  })
  .strict();

const cacheGlobsSchema = z
  .array(z.string().min(1).refine((glob) => !glob.startsWith('/') && !glob.split('/').includes('..'), 'a glob relative to the workspace and inside it (no leading "/", no "..")'))
  .min(1);

/** A task's `cache`: false to never reuse its result; for a command, the files it reads and writes (Turborepo style). */
export const taskCacheSchema = z
  .union([
    z.literal(false),
    z
      .object({
        inputs: cacheGlobsSchema.describe('Glob patterns, relative to the workspace, of every file the task reads: part of its cache key'),
        outputs: cacheGlobsSchema.optional().describe('Glob patterns, relative to the workspace, of the files it writes: stored and restored with its result'),
      })
      .strict(),
  ])
  .describe("false: never reuse this task's result; { inputs, outputs }: cache a shell or command task, keyed on the files matching inputs");

export const forEachSchema = z
  .object({
    files: z
      .union([z.literal('changed'), z.array(z.string().min(1)).min(1)])
      .describe('"changed" (the files a pull request or --changed-since changed) or glob patterns relative to the workspace'),
  })
  .strict()
  .describe('Run one copy of this task per file; {{file}} in input_data strings is replaced by the file path');

export const taskSpecSchema = z
  .object({
    task_id: taskIdSchema,
    agent: z.string().min(1),
    description: z.string().default(''),
    input_data: z.record(z.string(), z.unknown()).default({}),
    dependencies: z.array(z.string()).optional(),
    depends_on: z.array(z.string()).optional().describe('Alias of dependencies'),
    timeout_seconds: z.number().positive().max(MAX_TIMEOUT_SECONDS).optional(),
    retries: z.number().int().min(0).max(20).optional(),
    model: modelSpecSchema.optional(),
    tools: toolPatternsSchema.optional(),
    max_tool_calls: maxToolCallsSchema.optional(),
    for_each: forEachSchema.optional(),
    budget: budgetSchema.optional().describe('Limit on what this task may spend on model calls, over all its attempts'),
    cache: taskCacheSchema.optional(),
  })
  .strict()
  .refine((task) => task.dependencies === undefined || task.depends_on === undefined, {
    message: 'give "dependencies" or its alias "depends_on", not both',
    path: ['depends_on'],
  });

export const dispatchFileSchema = z
  .object({
    $schema: z.string().optional(),
    tasks: z.array(taskSpecSchema).min(1, 'a dispatch needs at least one task'),
    config: dispatchConfigSchema.default(() => dispatchConfigSchema.parse({})),
    user_prompt: z.string().optional(),
    workspace_path: z.string().min(1).optional(),
  })
  .strict();

export type ModelSpec = z.infer<typeof modelSpecSchema>;
export type McpServerSpec = z.infer<typeof mcpServerSchema>;
export type StdioMcpServerSpec = z.infer<typeof stdioMcpServerSchema>;
export type HttpMcpServerSpec = z.infer<typeof httpMcpServerSchema>;
export type CustomAgentSpec = z.infer<typeof customAgentSchema>;
export type DispatchConfig = z.infer<typeof dispatchConfigSchema>;
export type BudgetSpec = z.infer<typeof budgetSchema>;
export type ModelPriceSpec = z.infer<typeof modelPriceSchema>;
export type TaskSpec = z.infer<typeof taskSpecSchema>;
export type DispatchFile = z.infer<typeof dispatchFileSchema>;

/** The dependencies of a task, whichever of the two spellings the file used. */
export function dependenciesOf(task: TaskSpec): readonly string[] {
  return task.dependencies ?? task.depends_on ?? [];
}
