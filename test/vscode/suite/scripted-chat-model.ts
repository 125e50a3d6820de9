// A language model of the editor's own Language Model API that answers from a script, registered
// by the tests (code-server offers no chat model). The vendor is declared by the development
// extension test/vscode/fixtures/test-models: the editor accepts providers only for declared vendors.
import * as vscode from 'vscode';

const VENDOR = 'pdispatch-test';

/** `vscode.lm.registerLanguageModelChatProvider` (VS Code 1.104+), newer than the @types the extension builds against. */
interface ChatProviderApi {
  registerLanguageModelChatProvider(vendor: string, provider: unknown): vscode.Disposable;
}

export async function registerScriptedChatModel(replies: string[]) {
  const lm = vscode.lm as unknown as Partial<ChatProviderApi>;
  if (typeof lm.registerLanguageModelChatProvider !== 'function') throw new Error(`this editor (${vscode.version}) has no vscode.lm.registerLanguageModelChatProvider`);
  const seen: string[] = [];
  const info = { id: 'scripted', name: 'Scripted', family: 'scripted', version: '1', maxInputTokens: 200_000, maxOutputTokens: 16_000, capabilities: {} };
  const textOf = (message: { content: readonly unknown[] }) => message.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
  const registration = lm.registerLanguageModelChatProvider(VENDOR, {
    provideLanguageModelChatInformation: () => [info],
    provideLanguageModelChatResponse: async (_model: unknown, messages: readonly { content: readonly unknown[] }[], _options: unknown, progress: vscode.Progress<vscode.LanguageModelTextPart>) => {
      seen.push(messages.map(textOf).join('\n'));
      progress.report(new vscode.LanguageModelTextPart(replies.shift() ?? 'no more scripted replies'));
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
  return { model, seen, dispose: () => registration.dispose() };
}
