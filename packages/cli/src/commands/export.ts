import { Command, Option } from 'commander';
import { DEFAULT_TRACE_DIR } from './default-trace-dir.js';
import type { ExportOptions } from './export-dispatch.js';
import { httpUrl } from './run-options.js';

/** The formats `pdispatch export` writes; kept here, not in core, so the command line starts without loading core. */
export const EXPORT_FORMATS = ['perfetto', 'markdown', 'html', 'otlp'] as const;

export function exportCommand(): Command {
  return new Command('export')
    .description('export a dispatch from its traces for other tools (default: the latest dispatch in ./traces)')
    .argument('[dispatch]', 'a dispatch index, a task trace of it, a dispatch id, or a trace directory')
    .addOption(new Option('--format <format>', 'what to write').choices(EXPORT_FORMATS).makeOptionMandatory())
    .option('-o, --output <file>', 'write to this file (default: standard output)')
    .option('--trace-dir <dir>', 'trace directory to look in', DEFAULT_TRACE_DIR)
    .addOption(new Option('--otlp <url>', 'with --format otlp: the OTLP/HTTP endpoint (default: OTEL_EXPORTER_OTLP_ENDPOINT)').argParser(httpUrl))
    .addHelpText(
      'after',
      `
Formats:
  perfetto   Chrome trace-event JSON: open it in https://ui.perfetto.dev or chrome://tracing
  markdown   the summary table and a Mermaid gantt, as the GitHub Action's job summary shows them
  html       one self-contained page (no network): timeline, tasks, calls, diffs, plan and answer
  otlp       send the dispatch as OpenTelemetry spans to an OTLP/HTTP collector

Examples:
  pdispatch export --format perfetto -o trace.perfetto.json
  pdispatch export dispatch-20261125_014211-9f3c2a1b --format html -o report.html
  pdispatch export --format markdown >> "$GITHUB_STEP_SUMMARY"`,
    )
    .action(async (target: string | undefined, options: ExportOptions) => {
      const { exportDispatch } = await import('./export-dispatch.js');
      await exportDispatch(target, options);
    });
}
