import fs from 'node:fs/promises';
import path from 'node:path';
import type { SymbolMatch, SymbolSearchEvidence } from './evidence.js';

export const MAX_FILES_SCANNED = 2_000;
export const MAX_MATCHES = 50;
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_MATCH_CHARS = 200;

const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'webp', 'svg', 'pdf', 'zip', 'gz', 'tgz', 'bz2', 'xz', '7z', 'tar', 'jar', 'war', 'class',
  'so', 'dylib', 'dll', 'exe', 'o', 'a', 'pyc', 'wasm', 'woff', 'woff2', 'ttf', 'otf', 'eot', 'mp3', 'mp4', 'mov', 'avi', 'webm',
  'sqlite', 'db', 'bin', 'lock', 'map',
]);

export interface SymbolSearch {
  readonly workspace: string;
  /** Candidate files, relative to the workspace with `/`, in the order to scan them. */
  readonly files: readonly string[];
  readonly symbols: readonly string[];
  readonly signal: AbortSignal;
}

interface Candidate extends SymbolMatch {
  readonly definition: boolean;
}

/**
 * Finds the lines naming each symbol as a whole word, in at most 2,000 text
 * files, keeping at most 50 matches shared fairly among the symbols, a
 * symbol's definitions before its uses.
 */
export async function searchSymbols(search: SymbolSearch): Promise<SymbolSearchEvidence> {
  const { symbols, signal } = search;
  if (symbols.length === 0) return { symbols, matches: [], filesScanned: 0 };
  const perSymbol = Math.max(5, Math.floor(MAX_MATCHES / symbols.length));
  // Keep a few more than shown, so definitions found late can still win a place.
  const keep = perSymbol * 3;
  const found = new Map<string, Candidate[]>(symbols.map((symbol) => [symbol, []]));
  const pattern = new RegExp(`(?<![\\w$])(${symbols.map(escapeRegExp).join('|')})(?![\\w$])`, 'g');
  let filesScanned = 0;
  let eligible = 0;
  for (const file of search.files) {
    signal.throwIfAborted();
    if (isBinaryName(file)) continue;
    eligible++;
    if (filesScanned === MAX_FILES_SCANNED) continue;
    const text = await readText(path.join(search.workspace, file));
    if (text === undefined) continue;
    filesScanned++;
    scanText(text, file, pattern, found, keep);
  }
  const chosen = symbols.map((symbol) => rank(found.get(symbol) ?? []).slice(0, perSymbol));
  const matches = roundRobin(chosen, MAX_MATCHES).map(({ symbol, file, line, text }) => ({ symbol, file, line, text }));
  const total = [...found.values()].reduce((sum, list) => sum + list.length, 0);
  const more = [...found.values()].some((list) => list.length >= keep) ? ' or more' : '';
  const limits: string[] = [];
  if (eligible > filesScanned && filesScanned === MAX_FILES_SCANNED) limits.push(`only the first ${MAX_FILES_SCANNED} files were searched`);
  if (total > matches.length) limits.push(`${matches.length} of ${total}${more} matches are shown`);
  return { symbols, matches, filesScanned, ...(limits.length === 0 ? {} : { limitNote: limits.join('; ') }) };
}

function scanText(text: string, file: string, pattern: RegExp, found: Map<string, Candidate[]>, keep: number): void {
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const named = new Set<string>();
    for (const match of line.matchAll(pattern)) named.add(match[1]!);
    for (const symbol of named) {
      const list = found.get(symbol);
      if (list === undefined || list.length >= keep) continue;
      const trimmed = line.trim();
      list.push({
        symbol,
        file,
        line: index + 1,
        text: trimmed.length <= MAX_MATCH_CHARS ? trimmed : `${trimmed.slice(0, MAX_MATCH_CHARS)}…`,
        definition: isDefinition(line, symbol),
      });
    }
  }
}

/** `class X`, `def x`, `function x`, `func (r *T) x`, `const x =`, `x = function`, `x: (…) =>`: where a name is made. */
function isDefinition(line: string, symbol: string): boolean {
  const name = escapeRegExp(symbol);
  return (
    new RegExp(`\\b(?:class|def|function\\*?|func(?:\\s*\\([^)]*\\))?|interface|type|struct|enum|trait|record|const|let|var|fn|module|object)\\s+${name}(?![\\w$])`).test(line) ||
    new RegExp(`^\\s*(?:export\\s+)?(?:(?:public|private|protected|static|async|readonly|override|final|abstract)\\s+)*${name}\\s*(?:=\\s*(?:async\\s+)?(?:function|\\(|[\\w$]+\\s*=>)|\\([^)]*\\)\\s*(?::[^{;]*)?\\{)`).test(line)
  );
}

function rank(candidates: readonly Candidate[]): Candidate[] {
  return [...candidates.filter((candidate) => candidate.definition), ...candidates.filter((candidate) => !candidate.definition)];
}

function roundRobin<T>(lists: readonly (readonly T[])[], limit: number): T[] {
  const result: T[] = [];
  for (let round = 0; result.length < limit && lists.some((list) => round < list.length); round++) {
    for (const list of lists) {
      const item = list[round];
      if (item !== undefined && result.length < limit) result.push(item);
    }
  }
  return result;
}

async function readText(file: string): Promise<string | undefined> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (stat === undefined || !stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
  const content = await fs.readFile(file).catch(() => undefined);
  if (content === undefined || content.subarray(0, 8192).includes(0)) return undefined;
  return content.toString('utf8');
}

function isBinaryName(file: string): boolean {
  const extension = path.posix.extname(file).slice(1).toLowerCase();
  return BINARY_EXTENSIONS.has(extension) || file.endsWith('.min.js') || file.endsWith('.min.css');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
