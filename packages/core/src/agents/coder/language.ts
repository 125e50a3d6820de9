import path from 'node:path';

/** Languages whose syntax the coder checks itself; any other name is passed to the model as written. */
export type CheckedLanguage = 'typescript' | 'javascript' | 'python' | 'json';

const byExtension: Readonly<Record<string, string>> = {
  '.ts': 'typescript',
  '.tsx': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.py': 'python',
  '.json': 'json',
};

const aliases: Readonly<Record<string, string>> = {
  ts: 'typescript',
  tsx: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  node: 'javascript',
  py: 'python',
  python3: 'python',
  txt: 'text',
  plaintext: 'text',
};

/** The info strings a model may put on a fence around code of this language. */
const fenceTags: Readonly<Record<string, readonly string[]>> = {
  typescript: ['typescript', 'ts', 'tsx', 'mts', 'cts'],
  javascript: ['javascript', 'js', 'jsx', 'mjs', 'cjs', 'node'],
  python: ['python', 'py', 'python3'],
  json: ['json', 'jsonc', 'json5'],
  text: ['text', 'txt', 'plaintext', 'plain'],
};

/**
 * The language of the file to write: `language` when given (lower-cased,
 * common short names expanded), else inferred from the output path's
 * extension, else `text`.
 */
export function resolveLanguage(language: string | undefined, outputPath: string): string {
  if (language !== undefined) {
    const name = language.trim().toLowerCase();
    return aliases[name] ?? name;
  }
  return byExtension[path.extname(outputPath).toLowerCase()] ?? 'text';
}

export function isCheckedLanguage(language: string): language is CheckedLanguage {
  return language === 'typescript' || language === 'javascript' || language === 'python' || language === 'json';
}

/** Whether a fence's info string (its first word, lower-cased) names this language. */
export function fenceNamesLanguage(tag: string, language: string): boolean {
  return (fenceTags[language] ?? [language]).includes(tag);
}

/**
 * The file name the parser sees: the output's own name when its extension
 * suits the language (so `.tsx` allows JSX and `.js` refuses type
 * annotations), else a neutral name with the language's usual extension.
 */
export function parseFileName(language: 'typescript' | 'javascript', outputPath: string): string {
  const name = path.basename(outputPath);
  return byExtension[path.extname(name).toLowerCase()] === language ? name : language === 'typescript' ? 'generated.ts' : 'generated.js';
}
