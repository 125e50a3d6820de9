import { Option, type Command } from 'commander';
import { DISPATCH_OPTIONS } from './dispatch-options.js';
import { collect, positiveInteger } from './run-options.js';

/** What `plan` and `ask` are told on the command line about planning. */
export interface PlanningOptions {
  readonly context?: string[];
  readonly agentsFrom?: string;
  readonly maxTasks: number;
  readonly allowShell?: boolean;
  readonly model?: string;
  readonly baseUrl?: string;
  readonly workspace?: string;
  readonly allowPath?: string[];
  readonly maxWorkers?: number;
  readonly changedSince?: string;
  readonly mcpConfig?: string;
  readonly output?: string;
  readonly quiet?: boolean;
}

const DEFAULT_MAX_TASKS = 20;

/** The options `plan` and `ask` share; those a dispatch file also has are the same definitions as `run`'s. */
export function addPlanningOptions(command: Command, output: string): Command {
  return command
    .addOption(new Option('-o, --output <file>', output))
    .addOption(new Option('--context <file>', 'a file the planner reads, inside the workspace or an --allow-path directory (repeatable)').argParser(collect))
    .addOption(new Option('--agents-from <file>', "a dispatch file whose config.agents the planner may use (they are copied into the plan)"))
    .addOption(new Option('--max-tasks <n>', 'most tasks the plan may have, counted after for_each').argParser(positiveInteger).default(DEFAULT_MAX_TASKS))
    .addOption(new Option('--allow-shell', 'let the plan have shell and command tasks and check_command (refused otherwise)'))
    .addOption(DISPATCH_OPTIONS.model('the planner, the tasks and the answer'))
    .addOption(DISPATCH_OPTIONS.baseUrl())
    .addOption(DISPATCH_OPTIONS.workspace('the current directory'))
    .addOption(DISPATCH_OPTIONS.allowPath())
    .addOption(DISPATCH_OPTIONS.maxWorkers())
    .addOption(DISPATCH_OPTIONS.changedSince())
    .addOption(DISPATCH_OPTIONS.mcpConfig());
}
