import { displayPath, planSummary } from '@parallel-dispatcher/core';
import { ExitCode } from '../exit-codes.js';
import type { StdoutDocument } from '../stdout-document.js';
import { answerText } from './answer-text.js';
import { cancelOnSignals } from './cancel-on-signals.js';
import { confirmRun } from './confirm-run.js';
import { hostModelClient } from './host-model.js';
import { loadDispatch } from './load-dispatch.js';
import { planOverview } from './plan-overview.js';
import { planRequest, reportNoPlan, type PlanRunOptions } from './plan-request.js';
import type { PlanningOptions } from './planning-options.js';
import { executePrepared, exitCodeOf, reportResult, resultDocument, type ExecutionOptions } from './run-prepared.js';

export interface AskOptions extends PlanningOptions, PlanRunOptions, ExecutionOptions {
  readonly yes?: boolean;
  readonly json?: boolean;
}

/**
 * `pdispatch ask`: plans, shows the plan on stderr, asks before running it
 * (on a terminal; elsewhere --yes must say so), runs it with the plan and
 * the synthesis traced, and prints the answer (or, with --json, one document).
 */
export async function askAndRun(request: string, options: AskOptions, setExitCode: (code: number) => void, document: StdoutDocument): Promise<void> {
  const json = options.json === true ? document : undefined;
  const model = hostModelClient(options, 'planning:');
  const attempt = await planRequest(request, options, model);
  if (attempt.kind !== 'planned') return setExitCode(reportNoPlan(attempt, json));

  // A plan kept with -o runs from its file, as `pdispatch run` would run it, and the traces name that file.
  const prepared = attempt.file === null ? attempt.prepared : await loadDispatch(attempt.file, { ...options, workspace: attempt.workspace });
  const plan = {
    request,
    file: attempt.file,
    summary: planSummary(prepared),
    input_tokens: attempt.record.input_tokens,
    output_tokens: attempt.record.output_tokens,
    dispatch: attempt.plan,
  };
  const shown = attempt.file === null ? undefined : displayPath(attempt.file, process.cwd());
  const kept = shown === undefined ? '' : ` (the plan is in ${shown}: pdispatch run ${shown})`;
  if (!(options.quiet && options.yes)) process.stderr.write(planOverview(prepared, attempt.record));

  if (!options.yes) {
    if (!process.stdin.isTTY) {
      const message = `not run: stdin is not a terminal, so nobody can confirm; review the plan above and pass --yes to run it${kept}`;
      process.stderr.write(`error: ${message}\n`);
      json?.print({ success: false, status: 'invalid', errors: [{ path: 'command line', message }], plan });
      return setExitCode(ExitCode.invalid);
    }
    const count = prepared.graph.ids.length;
    const controller = new AbortController();
    const stopListening = cancelOnSignals(controller, 'the prompt');
    const confirmation = await confirmRun(`Run ${count} task${count === 1 ? '' : 's'}? [y/N] `, process.stdin, process.stderr, controller.signal).finally(stopListening);
    if (confirmation === 'cancelled') {
      process.stderr.write('cancelled: nothing was run\n');
      json?.printFailure('cancelled', [{ path: '', message: 'cancelled at the prompt' }]);
      return setExitCode(ExitCode.cancelled);
    }
    if (confirmation === 'no') {
      process.stderr.write(`not run${kept}\n`);
      json?.print({ success: true, status: 'declined', plan });
      return setExitCode(ExitCode.success);
    }
  }

  const { result, signalled } = await executePrepared(prepared, options, { planning: { record: attempt.record }, synthesis: { model, request } });
  if (json !== undefined) json.print({ ...resultDocument(result), plan });
  else {
    const synthesis = result.index.synthesis;
    if (synthesis?.answer != null) process.stdout.write(`${process.stdout.isTTY ? '\n' : ''}${answerText({ answer: synthesis.answer, highlights: synthesis.highlights, follow_ups: synthesis.follow_ups })}`);
  }
  reportResult(result, options);
  setExitCode(exitCodeOf(result, signalled));
}
