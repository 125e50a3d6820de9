import { Command } from 'commander';
import type { HelpFacts } from '../help-facts.js';
import { dispatchHelp, PLANNING_PATHS } from '../help-text.js';
import type { StdoutDocument } from '../stdout-document.js';
import type { AskOptions } from './ask-and-run.js';
import { addProgressOptions, DISPATCH_OPTIONS } from './dispatch-options.js';
import { addPlanningOptions } from './planning-options.js';

export function askCommand(setExitCode: (code: number) => void, document: StdoutDocument, helpFacts: HelpFacts | undefined): Command {
  const command = new Command('ask')
    .description('plan a dispatch from a request, show it, run it once you confirm, and print one synthesised answer')
    .argument('<request>', 'what to do, in plain words (quote it)');
  addPlanningOptions(command, 'also keep the plan in this file (YAML for .yaml/.yml, else JSON)')
    .addOption(DISPATCH_OPTIONS.traceDir())
    .addOption(DISPATCH_OPTIONS.timeout())
    .option('-y, --yes', 'run the plan without asking (required when stdin is not a terminal)')
    .option('--json', 'print one JSON document on stdout (the plan, the run and the answer) instead of the answer');
  return addProgressOptions(command)
    .addHelpText('after', () =>
      dispatchHelp(
        [
          ['pdispatch ask "Find why login returns 401 in src/auth, then fix it"', 'plan → show → confirm → run → answer'],
          ['pdispatch ask "…" --yes --json | jq .synthesis.answer', 'no prompt; one JSON document'],
          ['pdispatch ask "…" -o fix.dispatch.yaml', 'keep the plan to run again'],
        ],
        PLANNING_PATHS,
        helpFacts,
        {
          stdout:
            'stdout: the answer (Markdown), or with --json exactly one JSON document, whatever the outcome; the plan, progress and messages go to stderr. ' +
            'Declining the prompt runs nothing and exits 0; without a terminal and without --yes the plan is shown and nothing runs (exit 2).',
          exitCodes:
            'Exit codes: 0 every task succeeded and the answer came (or you declined), 1 a task failed or the synthesis failed, 2 invalid usage, no valid plan, or no --yes without a terminal, 130 cancelled.',
        },
      ),
    )
    .action(async (request: string, options: AskOptions) => {
      const { askAndRun } = await import('./ask-and-run.js');
      await askAndRun(request, options, setExitCode, document);
    });
}
