import * as vscode from 'vscode';
import type { DispatchStore } from '../traces/dispatch-store.js';
import type { TraceLibrary } from '../traces/trace-library.js';
import { answerMarkdown } from './answer-markdown.js';
import { tracePartText, type TracePart } from './trace-part-text.js';

export const TRACE_SCHEME = 'parallel-dispatcher';
const ANSWER_DOCUMENT = 'answer.md';

/**
 * Read-only documents for parts of task traces (`parallel-dispatcher:/<dispatch>/<task>/<part>`),
 * a dispatch's synthesised answer (`parallel-dispatcher:/<dispatch>/answer.md`), and for contents the editor reconstructs, such as a written file's previous version.
 */
export class TraceDocumentProvider implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();

  constructor(
    private readonly library: TraceLibrary,
    private readonly store: DispatchStore,
  ) {}

  /** The answer of a dispatch, as Markdown (shown with the Markdown preview). */
  static answerUri(dispatchId: string): vscode.Uri {
    return vscode.Uri.from({ scheme: TRACE_SCHEME, path: `/${dispatchId}/${ANSWER_DOCUMENT}` });
  }

  /** A document for a part of a task's trace; the extension gives the editor its language. */
  static partUri(dispatchId: string, taskId: string, part: TracePart): vscode.Uri {
    const name = part.kind === 'model-call' || part.kind === 'tool-call' ? `${part.kind}-${part.index + 1}.md` : part.kind === 'file-diff' ? `file-${part.index + 1}.diff` : `${part.kind}.json`;
    return vscode.Uri.from({ scheme: TRACE_SCHEME, path: `/${dispatchId}/${taskId}/${name}` });
  }

  /** A document with fixed content (a reconstructed previous version), named like the file it stands for. */
  withContent(key: string, fileName: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: TRACE_SCHEME, path: `/content/${key}/${fileName}` });
    this.contents.set(uri.path, content);
    return uri;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const fixed = this.contents.get(uri.path);
    if (fixed !== undefined) return fixed;
    const [dispatchId, taskId, name] = uri.path.split('/').filter((segment) => segment !== '');
    if (dispatchId !== undefined && taskId === ANSWER_DOCUMENT && name === undefined) {
      const dispatch = this.store.get(dispatchId);
      return dispatch === undefined ? `Dispatch ${dispatchId} is not in the Dispatches view.\n` : answerMarkdown(dispatch);
    }
    if (dispatchId === undefined || taskId === undefined || name === undefined) return `Unknown trace document ${uri.toString()}\n`;
    const part = partOf(name);
    if (part === undefined) return `Unknown trace document ${uri.toString()}\n`;
    try {
      return tracePartText(await this.library.taskTrace(dispatchId, taskId), part);
    } catch (error) {
      return `The trace of ${taskId} cannot be read: ${(error as Error).message}\n`;
    }
  }
}

function partOf(name: string): TracePart | undefined {
  const numbered = /^(model-call|tool-call|file)-(\d+)\.(md|diff)$/.exec(name);
  if (numbered !== null) return { kind: numbered[1] === 'file' ? 'file-diff' : (numbered[1] as 'model-call' | 'tool-call'), index: Number(numbered[2]) - 1 };
  const kind = name.replace(/\.json$/, '');
  return kind === 'input' || kind === 'output' || kind === 'error' ? { kind } : undefined;
}
