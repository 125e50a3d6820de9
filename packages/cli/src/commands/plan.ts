import { Command } from 'commander';
import type { HelpFacts } from '../help-facts.js';
import { dispatchHelp, PLANNING_PATHS } from '../help-text.js';
import type { StdoutDocument } from '../stdout-document.js';
import { addPlanningOptions, type PlanningOptions } from './planning-options.js';

export function planCommand(setExitCode: (code: number) => void, document: StdoutDocument, helpFacts: HelpFacts | undefined): Command {
  const command = new Command('plan')
    .description('ask the model to turn a request into a dispatch file, validated with the limits below; review it, then pdispatch run it')
    .argument('<request>', 'what to do, in plain words (quote it)');
  return addPlanningOptions(command, 'write the plan here (YAML for .yaml/.yml, else JSON); without it the plan goes to stdout as JSON')
    .option('-q, --quiet', 'print no progress and no summary on stderr')
    .addHelpText('after', () =>
      dispatchHelp(
        [
          ['pdispatch plan "Generate three ONEX Effect nodes: …" -o nodes.dispatch.yaml', 'write the plan; review it, then pdispatch run it'],
          ['pdispatch plan "Why does login return 401?" --context src/auth/README.md', 'the planner also reads a file'],
          ['pdispatch plan "Lint and test every package" --allow-shell -o ci.dispatch.yaml', 'shell tasks allowed'],
          ['pdispatch plan "…" | pdispatch run -', 'without -o the plan is on stdout (JSON)'],
        ],
        PLANNING_PATHS,
        helpFacts,
        PLAN_OUTPUT,
      ),
    )
    .action(async (request: string, options: PlanningOptions) => {
      const { makePlan } = await import('./make-plan.js');
      await makePlan(request, options, setExitCode, document);
    });
}

const PLAN_OUTPUT = {
  stdout:
    'stdout: without -o, the plan itself (a dispatch file, JSON) or nothing when there is no valid plan; with -o, one JSON document ' +
    '({ success, status: "planned", plan_file, summary, … } or { success: false, status: "invalid", errors, invalid_plan_file }). The table and the summary go to stderr.',
  exitCodes: 'Exit codes: 0 a valid plan, 1 the model could not be asked, 2 invalid usage or still no valid plan after the repair rounds (the last plan is written next to -o with .invalid), 130 cancelled.',
};
