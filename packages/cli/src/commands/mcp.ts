import { Command, Option } from 'commander';
import { addCacheOptions, DISPATCH_OPTIONS } from './dispatch-options.js';
import { positiveInteger } from './run-options.js';
import type { McpServeOptions } from '../mcp/mcp-serve-options.js';

const DEFAULT_MAX_TASKS = 50;
const DEFAULT_MAX_WORKERS = 4;
const DEFAULT_MAX_DISPATCHES = 2;

export function mcpCommand(version: string): Command {
  const command = new Command('mcp')
    .description('serve validate_dispatch, run_dispatch, get_dispatch, cancel_dispatch and plan_dispatch to an MCP client over stdio')
    .addOption(DISPATCH_OPTIONS.workspace('the current directory'))
    .addOption(DISPATCH_OPTIONS.allowPath())
    .addOption(new Option('--max-workers <n>', 'most tasks of one dispatch running at once (a dispatch asking for more gets this many)').argParser(positiveInteger).default(DEFAULT_MAX_WORKERS))
    .addOption(new Option('--max-tasks <n>', 'most tasks a dispatch may have, counted after for_each (more is refused)').argParser(positiveInteger).default(DEFAULT_MAX_TASKS))
    .addOption(new Option('--max-dispatches <n>', 'most dispatches running at once (run_dispatch is refused beyond)').argParser(positiveInteger).default(DEFAULT_MAX_DISPATCHES))
    .addOption(new Option('--allow-shell', 'let dispatches have shell and command tasks, check_command and stdio MCP servers of their own (refused otherwise)'))
    .addOption(DISPATCH_OPTIONS.model('model-backed tasks and the planner'))
    .addOption(DISPATCH_OPTIONS.baseUrl())
    .addOption(DISPATCH_OPTIONS.mcpConfig())
    .addOption(DISPATCH_OPTIONS.traceDir())
    .addOption(new Option('--max-tokens <n>', "most tokens one dispatch may spend on model calls (a budget; a dispatch's own config.budget.tokens above it gets this)").argParser(positiveInteger));
  return addCacheOptions(command)
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  claude mcp add pdispatch -- pdispatch mcp --workspace .          add it to Claude Code',
        '  pdispatch mcp --workspace . --allow-shell --max-tasks 20          shell tasks allowed, at most 20 tasks',
        '  pdispatch mcp --workspace . --max-tokens 200000                   no dispatch spends more than 200,000 tokens',
        '',
        'At most --max-dispatches × --max-workers tasks run at once, whatever the clients ask for.',
        'Results are reused from the cache (.pdispatch/cache in the workspace) as with `pdispatch run`; --no-cache runs every task.',
        '',
        'stdout carries only MCP JSON-RPC; logs go to stderr. When stdin closes or SIGTERM arrives, running dispatches are cancelled and their traces completed.',
        'Exit codes: 0 the client went away, 2 invalid usage (a bad --mcp-config or --cache-max-size).',
      ].join('\n'),
    )
    .action(async (options: McpServeOptions) => {
      // The MCP SDK and core load only when the server starts.
      const { serveMcp } = await import('../mcp/serve-mcp.js');
      await serveMcp(options, version);
    });
}
