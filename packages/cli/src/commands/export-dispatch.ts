import { htmlReport, indexFileOfTaskTrace, markdownReport, otlpSettingsOf, perfettoTrace, readDispatchRecord, readTraceFile, writeFileAtomic, type DispatchRecord } from '@parallel-dispatcher/core';
import path from 'node:path';
import { CliUsageError } from '../cli-usage-error.js';
import type { EXPORT_FORMATS } from './export.js';
import { findTraceFile } from './find-trace.js';
import { sendToCollector } from './send-otlp.js';

export interface ExportOptions {
  readonly format: (typeof EXPORT_FORMATS)[number];
  readonly output?: string;
  readonly traceDir: string;
  readonly otlp?: string;
}

/** Each file format: the document it makes of a dispatch (`otlp` sends spans instead). */
const WRITERS: Record<Exclude<ExportOptions['format'], 'otlp'>, (record: DispatchRecord) => string> = {
  perfetto: perfettoTrace,
  markdown: markdownReport,
  html: htmlReport,
};

/** `pdispatch export`: finds the dispatch, reads its traces and writes or sends it in the format asked for. */
export async function exportDispatch(target: string | undefined, options: ExportOptions): Promise<void> {
  const record = await readDispatchRecord(await indexFileOf(await findTraceFile(target, options.traceDir)));
  for (const { taskId, reason } of record.unreadable) process.stderr.write(`warning: task ${taskId} is exported from the index alone: ${reason}\n`);
  if (options.format === 'otlp') return exportOtlp(record, options);
  const text = WRITERS[options.format](record);
  if (options.output === undefined) process.stdout.write(text);
  else {
    await writeFileAtomic(path.resolve(options.output), text).catch((error: NodeJS.ErrnoException) => {
      const why = error.code === 'ENOENT' ? 'its folder does not exist' : error.code === 'EISDIR' ? 'it is a folder' : error.message;
      throw new CliUsageError(`cannot write -o ${options.output}: ${why}`);
    });
    process.stderr.write(`wrote ${options.output} (${options.format}, ${record.index.tasks.length} tasks of ${record.index.dispatch_id})\n`);
  }
}

/** `--format otlp`: sends the spans instead of writing a file; a collector's failure is a warning, as after a run. */
async function exportOtlp(record: DispatchRecord, options: ExportOptions): Promise<void> {
  const settings = otlpSettingsOf(process.env, options.otlp);
  if (settings === null) throw new CliUsageError('--format otlp needs an endpoint: give --otlp URL or set OTEL_EXPORTER_OTLP_ENDPOINT');
  await sendToCollector(record, settings);
}

/** The index of the dispatch a target names: a task trace stands for the dispatch it belongs to. */
async function indexFileOf(file: string): Promise<string> {
  const found = await readTraceFile(file);
  if (found.kind === 'index') return file;
  if (found.kind === 'task') return indexFileOfTaskTrace(file);
  return `${path.dirname(file)}.json`;
}
