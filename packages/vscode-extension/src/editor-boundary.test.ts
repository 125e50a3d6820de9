import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The extension's logic lives in modules that never reach `vscode`, directly or through another
// module, so unit tests run them in plain Node. Only these adapters talk to the editor.
const EDITOR_MODULES = [
  'chat/dispatch-chat-handler.ts',
  'commands/',
  'dispatch/dispatch-launcher.ts',
  'dispatch/dispatch-runner.ts',
  'documents/run-plan-code-lens.ts',
  'documents/trace-document-provider.ts',
  'extension.ts',
  'mcp/dispatcher-mcp-provider.ts',
  'mcp/workspace-mcp-file.ts',
  'models/api-key-store.ts',
  'models/host-model.ts',
  'models/language-model-send.ts',
  'planning/make-plan.ts',
  'settings/',
  'timeline/timeline-panels.ts',
  'traces/trace-library.ts',
  'tree/dispatch-tree-provider.ts',
];

const SRC = path.dirname(fileURLToPath(import.meta.url));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path.relative(SRC, file).split(path.sep).join('/')] : [];
  });
}

/** Relative imports of a module (resolved to files under src), and whether it imports `vscode` itself. */
function importsOf(file: string): { local: string[]; vscode: boolean } {
  const text = fs.readFileSync(path.join(SRC, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((match) => match[1]!);
  const local = specifiers.filter((specifier) => specifier.startsWith('.')).map((specifier) => path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier.replace(/\.js$/, '.ts'))));
  return { local, vscode: specifiers.includes('vscode') };
}

describe('the editor boundary', () => {
  it('keeps vscode out of every module but the editor adapters, transitively', () => {
    const files = sourceFiles(SRC);
    const graph = new Map(files.map((file) => [file, importsOf(file)]));
    const reaches = new Map<string, boolean>();
    const reachesVscode = (file: string, seen = new Set<string>()): boolean => {
      const known = reaches.get(file);
      if (known !== undefined) return known;
      if (seen.has(file)) return false;
      seen.add(file);
      const node = graph.get(file);
      const result = node !== undefined && (node.vscode || node.local.some((dependency) => reachesVscode(dependency, seen)));
      reaches.set(file, result);
      return result;
    };
    const isEditorModule = (file: string) => EDITOR_MODULES.some((entry) => (entry.endsWith('/') ? file.startsWith(entry) : file === entry));
    const offenders = files.filter((file) => !isEditorModule(file) && reachesVscode(file));
    expect(offenders).toEqual([]);
    expect(files.filter((file) => !isEditorModule(file)).length).toBeGreaterThan(20);
  });
});
