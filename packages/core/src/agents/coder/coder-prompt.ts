import path from 'node:path';
import type { ModelMessage } from '../../models/model-client.js';
import { capped } from '../../text/capped.js';
import { fenced } from '../../text/fenced.js';
import { displayPath } from '../../paths/display-path.js';
import { dependencyOutputsSection } from '../dependency-outputs-section.js';
import type { PromptFile } from '../files/read-prompt-file.js';
import type { CoderInput, NodeType } from './coder-input.js';
import type { CheckResult } from './coder-output.js';
import { resolveLanguage } from './language.js';

const MAX_DEPENDENCY_CHARS = 64 * 1024;
const MAX_DIAGNOSTICS_CHARS = 16 * 1024;

export const NODE_TYPE_MEANINGS: Readonly<Record<NodeType, string>> = {
  Effect:
    'An Effect node performs I/O and side effects (databases, files, network, external services). Keep each side effect explicit, handle its failures, and keep pure logic apart from it.',
  Compute:
    'A Compute node is a pure transformation: its output depends only on its input. No I/O, no shared or global state, no side effects; the same input always gives the same output.',
  Reducer:
    'A Reducer node aggregates state: it folds a stream of inputs or events into accumulated state, with explicit, reproducible state transitions.',
  Orchestrator:
    'An Orchestrator node coordinates a workflow: it sequences and combines other nodes or steps, passes data between them and handles their results and failures, with no business logic of its own.',
};

export interface CoderPromptParts {
  readonly taskId: string;
  readonly description: string;
  readonly input: CoderInput;
  readonly language: string;
  readonly workspace: string;
  /** Absolute path of the file to write. */
  readonly outputPath: string;
  readonly outputExists: boolean;
  readonly contextFiles: readonly PromptFile[];
  readonly dependencies: Readonly<Record<string, unknown>>;
}

/** The first conversation: instructions, then the task with everything it refers to. */
export function coderMessages(parts: CoderPromptParts): ModelMessage[] {
  const { input, language } = parts;
  const shownPath = displayPath(parts.outputPath, parts.workspace);
  const sections = [
    `# Task\n${parts.taskId}${parts.description === '' ? '' : `: ${parts.description}`}`,
    `# Contract\n${input.contract_description}`,
    `# Node type: ${input.node_type}\n${NODE_TYPE_MEANINGS[input.node_type]}`,
    `# Output file\n\`${shownPath}\` (language: ${language})${parts.outputExists ? '. The file exists and will be replaced by your reply.' : '.'}`,
    `# Checks\n${describeChecks(input, language)}`,
  ];
  if (parts.contextFiles.length > 0) {
    sections.push(`# Context files\n${parts.contextFiles.map((file) => contextSection(file, parts.workspace)).join('\n\n')}`);
  }
  const dependencies = dependencyOutputsSection(parts.dependencies, MAX_DEPENDENCY_CHARS);
  if (dependencies !== undefined) sections.push(dependencies);
  sections.push(`Reply with exactly one fenced code block (\`\`\`${language}) holding the whole of \`${path.basename(parts.outputPath)}\`.`);
  return [
    { role: 'system', content: systemPrompt },
    { role: 'user', content: sections.join('\n\n') },
  ];
}

/** The follow-up in the same conversation after a candidate failed its checks. */
export function repairMessages(previous: readonly ModelMessage[], reply: string, failed: readonly CheckResult[]): ModelMessage[] {
  const problems = failed.map((check) => `## ${check.name}\n${fenced(capped(check.diagnostics, MAX_DIAGNOSTICS_CHARS), 'text')}`).join('\n\n');
  return [
    ...previous,
    { role: 'assistant', content: reply },
    {
      role: 'user',
      content: `Your file failed these checks:\n\n${problems}\n\nFix every problem and reply again with exactly one fenced code block holding the whole corrected file.`,
    },
  ];
}

const systemPrompt = [
  'You are a careful software engineer. You write one complete source file that fulfils a contract.',
  'Reply with exactly one fenced code block holding the whole file, from its first line to its last: no placeholders, no elided parts, no other code blocks.',
  'Put any remarks in comments inside the file. If the file itself contains lines starting with ```, fence it with more backticks (````).',
].join('\n');

function describeChecks(input: CoderInput, language: string): string {
  const checks = ['the reply must hold the file in a fenced code block'];
  if (input.validation_level !== 'lenient') checks.push(`it must parse as ${language}`);
  if (input.check_command !== undefined) checks.push(`this command must succeed on it: \`${input.check_command}\` ({file} is the file)`);
  const repair = input.validation_level === 'strict' ? ' If a check fails you will be shown its diagnostics and asked for a corrected file.' : '';
  return `${checks.join('; ')}.${repair}`;
}

function contextSection(file: PromptFile, workspace: string): string {
  const heading = `## \`${displayPath(file.path, workspace)}\` (${file.bytes} bytes)`;
  if (file.binary) return `${heading}\n[binary file, not shown]`;
  const note = file.truncated ? `\n[truncated: only the first ${Buffer.byteLength(file.text)} of ${file.bytes} bytes are shown]` : '';
  const language = resolveLanguage(undefined, file.path);
  return `${heading}\n${fenced(file.text, language === 'text' ? '' : language)}${note}`;
}
