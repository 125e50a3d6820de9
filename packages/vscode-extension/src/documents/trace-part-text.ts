import { formatDuration, formatTokens, type ModelCallRecord, type TaskTrace, type ToolCallRecord } from '@parallel-dispatcher/core';

/** A part of a task trace, as the text of a read-only document. */
export type TracePart = { readonly kind: 'input' | 'output' | 'error' } | { readonly kind: 'model-call' | 'tool-call' | 'file-diff'; readonly index: number };

export function tracePartText(trace: TaskTrace, part: TracePart): string {
  switch (part.kind) {
    case 'input':
      return json(trace.input ?? {});
    case 'output':
      return json(trace.output ?? null);
    case 'error':
      return json({ error: trace.error, attempts: trace.attempts });
    case 'model-call': {
      const call = trace.model_calls?.[part.index];
      return call === undefined ? `No model call #${part.index + 1} in ${trace.task_id}'s trace.\n` : modelCallMarkdown(trace.task_id, call, part.index);
    }
    case 'tool-call': {
      const call = trace.tool_calls?.[part.index];
      return call === undefined ? `No tool call #${part.index + 1} in ${trace.task_id}'s trace.\n` : toolCallMarkdown(trace.task_id, call, part.index);
    }
    case 'file-diff': {
      const file = trace.files?.[part.index];
      if (file === undefined) return `No file #${part.index + 1} in ${trace.task_id}'s trace.\n`;
      return file.diff ?? `# ${file.path} was ${file.previous_sha256 === undefined ? 'created' : 'written'}; the trace keeps no diff (sha256 ${file.sha256 ?? 'unknown'}).\n`;
    }
  }
}

/** A model call as Markdown: who, cost, every message sent, then the reply. */
export function modelCallMarkdown(taskId: string, call: ModelCallRecord, index: number): string {
  const lines = [
    `# Model call ${index + 1} of task \`${taskId}\``,
    '',
    `- **Model:** ${call.provider}:${call.model}`,
    `- **Started:** ${call.started_at}, took ${formatDuration(call.duration_ms)}${call.attempts > 1 ? ` over ${call.attempts} attempts` : ''}`,
    `- **Tokens:** ${formatTokens(call.input_tokens, call.output_tokens)}`,
    `- **Finish reason:** ${call.finish_reason}`,
    ...(call.error === undefined ? [] : [`- **Error:** ${call.error}`]),
    ...(call.warnings === undefined || call.warnings.length === 0 ? [] : [`- **Warnings:** ${call.warnings.join('; ')}`]),
    '',
  ];
  for (const message of call.messages) {
    if (message.role === 'tool') {
      lines.push(`## tool result for ${message.tool_name ?? 'a tool'} (${message.tool_call_id ?? '?'})${message.is_error === true ? ': failed' : ''}`, '', fence(message.content), '');
      continue;
    }
    lines.push(`## ${message.role}`, '');
    if (message.content !== '' || message.tool_calls === undefined) lines.push(fence(message.content), '');
    lines.push(...toolCallRequests(message.tool_calls));
  }
  lines.push('## reply', '');
  if (call.reply !== '' || call.reply_tool_calls === undefined) lines.push(fence(call.reply), '');
  lines.push(...toolCallRequests(call.reply_tool_calls));
  return lines.join('\n');
}

/** The tools a model turn asked to call, each with its arguments. */
function toolCallRequests(calls: ModelCallRecord['reply_tool_calls']): string[] {
  return (calls ?? []).flatMap((request) => [`Calls \`${request.name}\` (${request.id}):`, '', fence(JSON.stringify(request.arguments ?? null, null, 2), 'json'), '']);
}

/** A tool call as Markdown: which tool, when, how long, then the arguments the model gave and the result it got back. */
export function toolCallMarkdown(taskId: string, call: ToolCallRecord, index: number): string {
  return [
    `# Tool call ${index + 1} of task \`${taskId}\``,
    '',
    `- **Tool:** \`${call.tool}\` of MCP server \`${call.server}\``,
    `- **Started:** ${call.started_at}, took ${formatDuration(call.duration_ms)}`,
    ...(call.error === null ? [] : [`- **Error:** ${call.error}`]),
    '',
    '## arguments',
    '',
    fence(JSON.stringify(call.arguments ?? null, null, 2), 'json'),
    '',
    '## result',
    '',
    call.result === null ? '(none: the call failed before a result)' : fence(call.result.replace(/\n$/, '')),
    '',
  ].join('\n');
}

/** A fenced block that holds any text: its fence is longer than every run of backticks inside. */
function fence(text: string, language = 'text'): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${language}\n${text}\n${marks}`;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
