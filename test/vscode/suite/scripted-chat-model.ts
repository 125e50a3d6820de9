// A language model of the editor's own Language Model API that answers from a script, registered
// by the tests (code-server offers no chat model). The vendor is declared by the development
// extension test/vscode/fixtures/test-models: the editor accepts providers only for declared vendors.
import * as vscode from 'vscode';

const VENDOR = 'pdispatch-test';

/** `vscode.lm.registerLanguageModelChatProvider` (VS Code 1.104+), newer than the @types the extension builds against. */
interface ChatProviderApi {
  registerLanguageModelChatProvider(vendor: string, provider: unknown): vscode.Disposable;
}

/** A scripted reply: text, or tool calls the model asks for (as `LanguageModelToolCallPart`s). */
export type ScriptedReply = string | { readonly toolCalls: readonly { readonly name: string; readonly input: object }[] };

export async function registerScriptedChatModel(replies: ScriptedReply[]) {
  const lm = vscode.lm as unknown as Partial<ChatProviderApi>;
  if (typeof lm.registerLanguageModelChatProvider !== 'function') throw new Error(`this editor (${vscode.version}) has no vscode.lm.registerLanguageModelChatProvider`);
  /** Each request's text, tool results included. */
  const seen: string[] = [];
  /** The names of the tools each request offered. */
  const offered: string[][] = [];
  const info = { id: 'scripted', name: 'Scripted', family: 'scripted', version: '1', maxInputTokens: 200_000, maxOutputTokens: 16_000, capabilities: { toolCalling: true } };
  const partText = (part: unknown): string => {
    if (part instanceof vscode.LanguageModelTextPart) return part.value;
    if (part instanceof vscode.LanguageModelToolResultPart) return part.content.map(partText).join('');
    return '';
  };
  const textOf = (message: { content: readonly unknown[] }) => message.content.map(partText).join('');
  let calls = 0;
  const registration = lm.registerLanguageModelChatProvider(VENDOR, {
    provideLanguageModelChatInformation: () => [info],
    provideLanguageModelChatResponse: async (
      _model: unknown,
      messages: readonly { content: readonly unknown[] }[],
      options: { readonly tools?: readonly { name: string }[] },
      progress: vscode.Progress<vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart>,
    ) => {
      seen.push(messages.map(textOf).join('\n'));
      offered.push((options.tools ?? []).map((tool) => tool.name));
      const reply = replies.shift() ?? 'no more scripted replies';
      if (typeof reply === 'string') progress.report(new vscode.LanguageModelTextPart(reply));
      else for (const call of reply.toolCalls) progress.report(new vscode.LanguageModelToolCallPart(`call-${++calls}`, call.name, call.input));
    },
    provideTokenCount: async (_model: unknown, text: string | { content: readonly unknown[] }) => Math.ceil((typeof text === 'string' ? text : textOf(text)).length / 4),
  });
  const deadline = Date.now() + 10_000;
  let model: vscode.LanguageModelChat | undefined;
  while (model === undefined && Date.now() < deadline) {
    [model] = await vscode.lm.selectChatModels({ vendor: VENDOR });
    if (model === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (model === undefined) {
    registration.dispose();
    throw new Error(`the scripted model of vendor ${VENDOR} did not appear in vscode.lm.selectChatModels`);
  }
  return { model, seen, offered, dispose: () => registration.dispose() };
}
