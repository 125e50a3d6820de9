import path from 'node:path';
import type { ModelMessage } from '../../models/model-client.js';
import type { DebugInput } from './debug-input.js';
import type { Evidence, FrameEvidence, HistoryEvidence, SymbolSearchEvidence } from './evidence.js';
import { capped } from '../../text/capped.js';
import { fenced } from '../../text/fenced.js';
import { displayPath } from '../../paths/display-path.js';
import { dependencyOutputsSection } from '../dependency-outputs-section.js';

const MAX_TRACE_CHARS = 16 * 1024;
const MAX_DEPENDENCY_CHARS = 32 * 1024;

export interface DebugPromptParts {
  readonly taskId: string;
  readonly description: string;
  readonly input: DebugInput;
  readonly evidence: Evidence;
  readonly workspace: string;
  readonly dependencies: Readonly<Record<string, unknown>>;
}

const systemPrompt = [
  'You are an experienced software engineer finding the root cause of a problem.',
  'You are given the problem, evidence gathered from the workspace (affected files, stack frames with the source around them, lines naming the symbols from the error traces, git history) and the outputs of the tasks this one depends on.',
  'Base every conclusion on that evidence. Cite files and lines as the evidence shows them: paths as in its headings, line numbers from the numbered source or the file contents; use a null line only for a whole file.',
  'Never invent files, lines or code the evidence does not show. When the evidence cannot settle the cause, say so, say what is missing, and lower the confidence.',
].join('\n');

const findingsFields = [
  '- root_cause: the most likely root cause, in a few sentences;',
  '- confidence: from 0 (a guess) to 1 (the evidence proves it);',
  '- evidence: the places that support the root cause, each with file, line, an excerpt quoted from the evidence and what it shows;',
  '- hypotheses: every hypothesis considered, each with a verdict (supported, refuted or inconclusive) and reasoning citing the evidence;',
  '- suggested_fix: what to change, and where;',
  '- affected_locations: every file and line the fix must touch.',
].join('\n');

/** `quick` and `standard`: one conversation that ends in the findings. */
export function findingsMessages(parts: DebugPromptParts): ModelMessage[] {
  const hypothesis = userHypothesis(parts.input);
  const judge = hypothesis === undefined ? '' : '\nThe user\'s hypothesis above must be one of the hypotheses, quoted exactly, with its verdict.';
  return [
    { role: 'system', content: systemPrompt },
    { role: 'user', content: `${contextSections(parts)}\n\n# What to reply\nReply with your findings:\n${findingsFields}${judge}` },
  ];
}

/** `deep`, first pass: candidate explanations, no conclusion yet. */
export function hypothesesMessages(parts: DebugPromptParts): ModelMessage[] {
  const hypothesis = userHypothesis(parts.input);
  const include = hypothesis === undefined ? '' : ' Include the user\'s hypothesis above, word for word.';
  return [
    { role: 'system', content: systemPrompt },
    {
      role: 'user',
      content: `${contextSections(parts)}\n\n# What to reply\nDo not conclude yet. List the distinct hypotheses (two to five) that could explain the problem given this evidence, most likely first, each in one sentence naming the code it concerns.${include}`,
    },
  ];
}

/** `deep`, second pass: the same conversation, now asking for a verdict on every hypothesis and the findings. */
export function verdictMessages(first: readonly ModelMessage[], hypotheses: readonly string[]): ModelMessage[] {
  const list = hypotheses.length === 0 ? 'none were proposed: form your own from the evidence' : hypotheses.map((hypothesis, index) => `${index + 1}. ${hypothesis}`).join('\n');
  return [
    ...first,
    { role: 'assistant', content: JSON.stringify({ hypotheses }) },
    {
      role: 'user',
      content: [
        `Now judge each of these hypotheses against the evidence:\n${list}`,
        'For each, decide whether the evidence supports it, refutes it or leaves it inconclusive, citing files and lines from the evidence.',
        `Then reply with your findings:\n${findingsFields}`,
        '`hypotheses` must hold one entry for each hypothesis above, its text as written there.',
      ].join('\n\n'),
    },
  ];
}

/** The user's hypothesis, or undefined when none was given. */
export function userHypothesis(input: Pick<DebugInput, 'hypothesis'>): string | undefined {
  const hypothesis = input.hypothesis.trim();
  return hypothesis === '' ? undefined : hypothesis;
}

function contextSections(parts: DebugPromptParts): string {
  const { input, evidence, workspace } = parts;
  const sections = [`# Task\n${parts.taskId}${parts.description === '' ? '' : `: ${parts.description}`}`, `# Problem\n${input.problem_description}`];
  const hypothesis = userHypothesis(input);
  if (hypothesis !== undefined) sections.push(`# The user's hypothesis\n${hypothesis}`);
  sections.push(`# Analysis depth: ${input.analysis_depth}`);
  if (input.error_traces.length > 0) {
    sections.push(`# Error traces\n${input.error_traces.map((trace, index) => `## Trace ${index + 1}\n${fenced(capped(trace, MAX_TRACE_CHARS), 'text')}`).join('\n\n')}`);
  }
  if (evidence.files.length > 0) sections.push(`# Affected files\n${evidence.files.map((file) => fileSection(file, workspace)).join('\n\n')}`);
  if (input.error_traces.length > 0) sections.push(framesSection(evidence, workspace));
  sections.push(searchSection(evidence.search));
  if (evidence.history !== undefined) sections.push(historySection(evidence.history, workspace));
  const dependencies = dependencyOutputsSection(parts.dependencies, MAX_DEPENDENCY_CHARS);
  if (dependencies !== undefined) sections.push(dependencies);
  return sections.join('\n\n');
}

function fileSection(file: Evidence['files'][number], workspace: string): string {
  const shown = file.path === undefined ? file.given : displayPath(file.path, workspace);
  if (file.status !== 'read') return `## \`${shown}\`: ${file.status === 'not_found' ? 'not found' : file.note ?? 'not read'}`;
  const heading = `## \`${shown}\` (${file.bytes ?? 0} bytes)`;
  const body = file.text === '' ? '' : `\n${fenced(file.text, fenceTag(shown))}`;
  return `${heading}${body}${file.note === undefined ? '' : `\n[${file.note}]`}`;
}

function framesSection(evidence: Evidence, workspace: string): string {
  if (evidence.frames.length === 0) return '# Stack frames\nNo file:line frames could be read from the traces.';
  const frames = evidence.frames.map((frame, index) => frameSection(frame, index + 1, workspace));
  const omitted = evidence.framesOmitted === 0 ? '' : `\n\n[${evidence.framesOmitted} more frames not shown]`;
  return `# Stack frames\nIn the order the traces give them; \`>\` marks each frame's line.\n\n${frames.join('\n\n')}${omitted}`;
}

function frameSection(evidence: FrameEvidence, number: number, workspace: string): string {
  const { frame } = evidence;
  const file = evidence.path === undefined ? frame.file : displayPath(evidence.path, workspace);
  // Say how the trace named a file found elsewhere, unless the note already does.
  const renamed = evidence.path !== undefined && evidence.note === undefined && path.resolve(workspace, frame.file) !== evidence.path;
  const where = `\`${file}:${frame.line}\`${frame.function === undefined ? '' : ` in \`${frame.function}\``} (${frame.format}${renamed ? `, named \`${frame.file}\` in the trace` : ''})`;
  const note = evidence.note === undefined ? '' : `\n[${evidence.note}]`;
  const window = evidence.window === undefined ? '' : `\n${fenced(evidence.window.text, fenceTag(file))}`;
  return `## ${number}. ${where}${note}${window}`;
}

function searchSection(search: SymbolSearchEvidence | undefined): string {
  if (search === undefined) return '# Symbol search\nNot done at analysis depth quick.';
  if (search.symbols.length === 0) return '# Symbol search\nThe traces name no symbols to search for.';
  const head = `# Symbol search\nSearched ${search.filesScanned} files of the workspace for: ${search.symbols.map((symbol) => `\`${symbol}\``).join(', ')}.`;
  if (search.matches.length === 0) return `${head}\nNo matches.`;
  const lines = search.matches.map((match) => `- \`${match.symbol}\` at \`${match.file}:${match.line}\`: \`${match.text.replace(/`/g, "'")}\``);
  return `${head}${search.limitNote === undefined ? '' : ` (${search.limitNote})`}\n${lines.join('\n')}`;
}

function historySection(history: readonly HistoryEvidence[], workspace: string): string {
  if (history.length === 0) return '# Git history\nNo file to read the history of.';
  return `# Git history\n${history.map((entry) => historyEntry(entry, workspace)).join('\n\n')}`;
}

function historyEntry(history: HistoryEvidence, workspace: string): string {
  const lines = history.lines === undefined ? '' : ` lines ${history.lines.start}-${history.lines.end}`;
  const heading = `## \`${displayPath(history.path, workspace)}\`${lines}`;
  if (history.entries.length === 0) return `${heading}: ${history.note ?? 'no history'}`;
  const commits = history.entries.map((entry) => {
    const head = `- ${entry.commit} ${entry.date} ${entry.author}: ${entry.subject}`;
    return entry.diff === '' ? head : `${head}\n${fenced(entry.diff, 'diff')}`;
  });
  return `${heading}\n${commits.join('\n')}`;
}

const FENCE_TAGS: Readonly<Record<string, string>> = {
  '.py': 'python', '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'jsx', '.ts': 'typescript', '.mts': 'typescript',
  '.tsx': 'tsx', '.go': 'go', '.java': 'java', '.kt': 'kotlin', '.rb': 'ruby', '.rs': 'rust', '.c': 'c', '.h': 'c', '.cpp': 'cpp',
  '.cs': 'csharp', '.php': 'php', '.sh': 'sh', '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml', '.sql': 'sql', '.md': 'markdown',
};

function fenceTag(file: string): string {
  return FENCE_TAGS[path.extname(file).toLowerCase()] ?? '';
}
