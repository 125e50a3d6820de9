import { fenceNamesLanguage } from './language.js';

export interface ExtractedCode {
  /** The file's text: LF line endings, no leading or trailing blank lines, one final newline. */
  readonly text: string;
  /** Where it came from: a fenced block (with the first word of its info string) or the whole reply. */
  readonly source: 'fence' | 'whole-reply';
  readonly tag: string;
}

interface FencedBlock {
  readonly tag: string;
  readonly lines: readonly string[];
}

/** Languages whose files are prose, so a reply without fences is taken whole even when it reads like sentences. */
const PROSE_LANGUAGES = new Set(['text', 'markdown', 'md']);

/**
 * Takes the file out of a model's reply.
 *
 * Fences follow CommonMark: three or more backticks or tildes, indented at
 * most three spaces, closed by a fence of the same character at least as
 * long (a block left open runs to the end of the reply). Among non-empty
 * blocks, those whose info string names the language win; among those the
 * longest, since a reply's file is usually its longest block and the rest
 * are usage examples. With no fenced block at all, the whole reply is the
 * file unless its first or last line reads like a sentence ("Here is the
 * code:") — then it is prose around code and nothing is taken. Returns
 * undefined when there is no code.
 */
export function extractCode(reply: string, language: string): ExtractedCode | undefined {
  const lines = reply.split(/\r\n|\r|\n/);
  const all = fencedBlocks(lines);
  const blocks = all.filter((block) => block.lines.some((line) => line.trim() !== ''));
  if (all.length > 0) {
    if (blocks.length === 0) return undefined;
    const matching = blocks.filter((block) => fenceNamesLanguage(block.tag, language));
    const chosen = longest(matching.length > 0 ? matching : blocks);
    return { text: fileText(chosen.lines), source: 'fence', tag: chosen.tag };
  }
  const nonBlank = lines.filter((line) => line.trim() !== '');
  const first = nonBlank[0];
  const last = nonBlank[nonBlank.length - 1];
  if (first === undefined || last === undefined) return undefined;
  if (!PROSE_LANGUAGES.has(language) && (looksLikeSentence(first) || looksLikeSentence(last))) return undefined;
  return { text: fileText(lines), source: 'whole-reply', tag: '' };
}

function fencedBlocks(lines: readonly string[]): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let index = 0;
  while (index < lines.length) {
    const open = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(lines[index]!);
    const info = open?.[3] ?? '';
    // A backtick fence's info string cannot hold backticks: "```x```" is inline code.
    if (open === null || (open[2]!.startsWith('`') && info.includes('`'))) {
      index++;
      continue;
    }
    const indent = open[1]!.length;
    const fence = open[2]!;
    const content: string[] = [];
    index++;
    while (index < lines.length && !closes(lines[index]!, fence)) {
      content.push(stripIndent(lines[index]!, indent));
      index++;
    }
    index++; // the closing fence
    blocks.push({ tag: info.trim().split(/\s+/)[0]!.toLowerCase(), lines: content });
  }
  return blocks;
}

function closes(line: string, fence: string): boolean {
  const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return close !== null && close[1]![0] === fence[0] && close[1]!.length >= fence.length;
}

/** Content lines lose as many leading spaces as the opening fence had (CommonMark). */
function stripIndent(line: string, indent: number): string {
  let strip = 0;
  while (strip < indent && line[strip] === ' ') strip++;
  return line.slice(strip);
}

function longest(blocks: readonly FencedBlock[]): FencedBlock {
  const size = (block: FencedBlock) => block.lines.reduce((sum, line) => sum + line.length + 1, 0);
  return blocks.reduce((best, block) => (size(block) > size(best) ? block : best));
}

function fileText(lines: readonly string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return `${lines.slice(start, end).join('\n')}\n`;
}

/** "Here is the file:", "Sure! Let me know if it needs changes." — several words, a capital, end punctuation, no code characters. */
function looksLikeSentence(line: string): boolean {
  const text = line.trim();
  return /^[A-Z]/.test(text) && /[.:!?]$/.test(text) && text.split(/\s+/).length >= 3 && !/[{}[\]();=<>`#"]/.test(text);
}
