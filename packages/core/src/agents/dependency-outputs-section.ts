import { cappedJson } from '../text/capped.js';
import { fenced } from '../text/fenced.js';

/** The outputs of a task's dependencies as a prompt section (empty when it has none), each as capped JSON. */
export function dependencyOutputsSection(dependencies: Readonly<Record<string, unknown>>, limit: number): string | undefined {
  const entries = Object.entries(dependencies);
  if (entries.length === 0) return undefined;
  return `# Outputs of the tasks this one depends on\n${entries.map(([id, output]) => `## Task \`${id}\`\n${fenced(cappedJson(output, limit), 'json')}`).join('\n\n')}`;
}
