import { fileTaskIds, shellQuote, substituteShellWord } from '@parallel-dispatcher/core';
import type { AgentChoice } from './agent-choices.js';

export interface SelectedFilesRequest {
  /** Relative to the workspace folder, with `/`. */
  readonly files: readonly string[];
  readonly agent: AgentChoice;
  readonly instructions: string;
  readonly traceDir?: string;
  readonly maxWorkers?: number;
  /** Contents of the files, for prompt agents (which cannot read files themselves). */
  readonly contents?: ReadonlyMap<string, string>;
}

/** Longest file content handed to a prompt agent. */
export const MAX_PROMPT_FILE_CHARS = 100_000;

/**
 * One task per selected file, all independent so they run in parallel, as a dispatch file. Task
 * ids are `<agent>.<file slug>`, like the copies `for_each` makes.
 */
export function selectedFilesDispatch(request: SelectedFilesRequest): { file: Record<string, unknown>; taskIds: string[] } {
  const { agent } = request;
  const instructions = request.instructions.trim();
  const files = [...new Set(request.files)].sort();
  if (files.length === 0) throw new Error('no files selected');
  const ids = uniqueTaskIds(agent.name, files);
  const tasks = files.map((file, n) => ({
    task_id: ids[n]!,
    agent: agent.name,
    description: `${agent.name} on ${file}`,
    input_data: inputFor(agent, file, instructions, request.contents?.get(file)),
  }));
  const config: Record<string, unknown> = { trace_dir: request.traceDir ?? './traces' };
  if (request.maxWorkers !== undefined && request.maxWorkers > 0) config.max_workers = request.maxWorkers;
  if (agent.definition !== undefined) config.agents = { [agent.name]: agent.definition };
  const userPrompt = instructions === '' ? `${agent.name} on ${files.length} file${files.length === 1 ? '' : 's'}` : `${agent.name}: ${instructions}`;
  return { file: { tasks, config, user_prompt: userPrompt }, taskIds: ids };
}

function inputFor(agent: AgentChoice, file: string, instructions: string, content: string | undefined): Record<string, unknown> {
  switch (agent.kind) {
    case 'debug':
      return { problem_description: instructions, affected_files: [file] };
    case 'coder':
      return {
        contract_description: `${instructions}\n\nRewrite ${file}; its current content is among the context files.`,
        output_path: file,
        context_files: [file],
      };
    case 'shell':
      return { command: commandLine(instructions, file), env: { PDISPATCH_FILE: file } };
    case 'command':
      return { file, instructions, env: { PDISPATCH_FILE: file, PDISPATCH_INSTRUCTIONS: instructions } };
    case 'prompt': {
      const capped = content === undefined ? undefined : content.length <= MAX_PROMPT_FILE_CHARS ? content : `${content.slice(0, MAX_PROMPT_FILE_CHARS)}\n…[cut at ${MAX_PROMPT_FILE_CHARS} characters]`;
      return { file, instructions, ...(capped === undefined ? {} : { content: capped }) };
    }
  }
}

/**
 * `{file}` becomes the path, quoted for where it stands (bare, in "…" or '…'); where no quoting is
 * safe (a here-document, backquotes) it becomes `$PDISPATCH_FILE`, whose value the shell never
 * parses. Without the placeholder the quoted path is appended.
 */
export function commandLine(template: string, file: string): string {
  if (!template.includes('{file}')) return `${template} ${shellQuote(file)}`;
  return substituteShellWord(template, '{file}', file) ?? template.replaceAll('{file}', '${PDISPATCH_FILE}');
}

/** `debug` + `src/auth/login.ts` → `debug.src-auth-login.ts`, as `for_each` names its copies. */
export function uniqueTaskIds(agent: string, files: readonly string[]): string[] {
  return fileTaskIds(agent.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '') || 'task', files);
}
