import path from 'node:path';

/** Paths inside the workspace are shown relative to it, with `/`; others as they are. */
export function displayPath(file: string, workspace: string): string {
  const relative = path.relative(workspace, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}

/** A fence longer than any backtick run inside, so the content cannot close it. */
export function fenced(text: string, tag = ''): string {
  const longestRun = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${tag}\n${text.endsWith('\n') ? text : `${text}\n`}${fence}`;
}

export function capped(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}\n…[truncated: ${text.length - limit} more characters]`;
}

export function cappedJson(value: unknown, limit: number): string {
  let text: string;
  try {
    text = JSON.stringify(value, null, 2) ?? 'null';
  } catch (error) {
    text = `[not serialisable as JSON: ${(error as Error).message}]`;
  }
  return capped(text, limit);
}

/** The outputs of a task's dependencies as a prompt section (empty when it has none), each as capped JSON. */
export function dependencyOutputsSection(dependencies: Readonly<Record<string, unknown>>, limit: number): string | undefined {
  const entries = Object.entries(dependencies);
  if (entries.length === 0) return undefined;
  return `# Outputs of the tasks this one depends on\n${entries.map(([id, output]) => `## Task \`${id}\`\n${fenced(cappedJson(output, limit), 'json')}`).join('\n\n')}`;
}
