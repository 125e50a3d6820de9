import * as vscode from 'vscode';
import type { ModelClient, ModelMessage } from '@parallel-dispatcher/core';
import { chatModelClient, type ChatSend } from './chat-model-client.js';

/** The first chat model the editor offers (Copilot's, when present); undefined when there is none. */
export async function selectChatModel(): Promise<vscode.LanguageModelChat | undefined> {
  const models = await vscode.lm.selectChatModels();
  return models.find((model) => model.vendor === 'copilot') ?? models[0];
}

export const NO_CHAT_MODEL_MESSAGE =
  'This dispatch has model-backed tasks (coder, debug or prompt agents) without a model of their own, and the editor offers no chat model. ' +
  'Install and sign in to GitHub Copilot (or another extension that provides language models), or set "parallelDispatcher.model" and run "Parallel Dispatcher: Set API Key".';

/** Core's ModelClient over one of the editor's chat models (the Language Model API). */
export function languageModelClient(chat: vscode.LanguageModelChat): ModelClient {
  const send: ChatSend = async (messages, signal) => {
    const source = new vscode.CancellationTokenSource();
    const abort = () => source.cancel();
    signal.addEventListener('abort', abort, { once: true });
    try {
      const chatMessages = toChatMessages(messages);
      const response = await chat.sendRequest(chatMessages, { justification: 'Parallel Dispatcher runs the model-backed tasks of your dispatch.' }, source.token);
      let text = '';
      for await (const part of response.text) text += part;
      signal.throwIfAborted();
      const [input, output] = await Promise.all([countAll(chat, chatMessages), chat.countTokens(text).then(undefined, () => 0)]);
      return { text, usage: { input_tokens: input, output_tokens: output } };
    } catch (error) {
      signal.throwIfAborted();
      if (error instanceof vscode.LanguageModelError) throw new Error(`${chat.name}: ${error.message} (${error.code})`, { cause: error });
      throw error;
    } finally {
      signal.removeEventListener('abort', abort);
      source.dispose();
    }
  };
  return chatModelClient({ provider: `vscode-lm/${chat.vendor}`, model: chat.id, send });
}

/** Chat models take user and assistant turns; system instructions go first, as a user turn. */
function toChatMessages(messages: readonly ModelMessage[]): vscode.LanguageModelChatMessage[] {
  return messages.map((message) =>
    message.role === 'assistant'
      ? vscode.LanguageModelChatMessage.Assistant(message.content)
      : vscode.LanguageModelChatMessage.User(message.role === 'system' ? `Instructions:\n${message.content}` : message.content),
  );
}

async function countAll(chat: vscode.LanguageModelChat, messages: vscode.LanguageModelChatMessage[]): Promise<number> {
  let total = 0;
  for (const message of messages) total += await chat.countTokens(message).then(undefined, () => 0);
  return total;
}
