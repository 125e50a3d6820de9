import { displayPath, planSummary, serializePlan } from '@parallel-dispatcher/core';
import type { StdoutDocument } from '../stdout-document.js';
import { hostModelClient } from './host-model.js';
import { planOverview } from './plan-overview.js';
import { planRequest, reportNoPlan } from './plan-request.js';
import type { PlanningOptions } from './planning-options.js';

/**
 * `pdispatch plan`: the plan goes to `-o` (and a JSON document saying so to
 * stdout), or, without `-o`, the plan itself to stdout; the table and the
 * summary to stderr.
 */
export async function makePlan(request: string, options: PlanningOptions, setExitCode: (code: number) => void, document: StdoutDocument): Promise<void> {
  const attempt = await planRequest(request, options, hostModelClient(options, 'planning:'));
  // Without -o stdout is for the plan alone: no plan, nothing on stdout.
  if (attempt.kind !== 'planned') return setExitCode(reportNoPlan(attempt, options.output === undefined ? undefined : document));
  if (!options.quiet) {
    process.stderr.write(planOverview(attempt.prepared, attempt.record));
    if (attempt.file !== null) {
      const shown = displayPath(attempt.file, process.cwd());
      process.stderr.write(`wrote ${shown}: review it, then pdispatch run ${shown}\n`);
    }
  }
  if (attempt.file === null) {
    process.stdout.write(serializePlan(attempt.plan, 'json'));
    return;
  }
  document.print({
    success: true,
    status: 'planned',
    plan_file: attempt.file,
    request,
    summary: planSummary(attempt.prepared),
    input_tokens: attempt.record.input_tokens,
    output_tokens: attempt.record.output_tokens,
  });
}
