import * as vscode from 'vscode';
import type { ModelClient, ToolCallRequest } from '@parallel-dispatcher/core';
import { chatModelClient, type ChatSend } from './chat-model-client.js';
import { chatTurns, type TextPart, type ToolCallPart, type ToolResultPart } from './chat-turns.js';

/** The first chat model the editor offers (Copilot's, when present); undefined when there is none. */
export async function selectChatModel(): Promise<vscode.LanguageModelChat | undefined> {
  const models = await vscode.lm.selectChatModels();
  return models.find((model) => model.vendor === 'copilot') ?? models[0];
}

export const NO_CHAT_MODEL_MESSAGE =
  'This dispatch has model-backed tasks (coder, debug or prompt agents) without a model of their own, and the editor offers no chat model. ' +
  'Install and sign in to GitHub Copilot (or another extension that provides language models), or set "parallelDispatcher.model" and run "Parallel Dispatcher: Set API Key".';

/** Core's ModelClient over one of the editor's chat models (the Language Model API), tools included. */
export function languageModelClient(chat: vscode.LanguageModelChat): ModelClient {
  const send: ChatSend = async (messages, { signal, tools }) => {
    const source = new vscode.CancellationTokenSource();
    const abort = () => source.cancel();
    signal.addEventListener('abort', abort, { once: true });
    try {
      const chatMessages = chatTurns(messages).map((turn) =>
        turn.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(turn.parts.map(assistantPart)) : vscode.LanguageModelChatMessage.User(turn.parts.map(userPart)),
      );
      const options: vscode.LanguageModelChatRequestOptions = {
        justification: 'Parallel Dispatcher runs the model-backed tasks of your dispatch.',
        ...(tools === undefined ? {} : { tools: tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema })), toolMode: vscode.LanguageModelChatToolMode.Auto }),
      };
      const response = await chat.sendRequest(chatMessages, options, source.token);
      let text = '';
      const toolCalls: ToolCallRequest[] = [];
      for await (const part of response.stream) {
        if (part instanceof vscode.LanguageModelTextPart) text += part.value;
        else if (part instanceof vscode.LanguageModelToolCallPart) toolCalls.push({ id: part.callId, name: part.name, arguments: part.input });
      }
      signal.throwIfAborted();
      const [input, output] = await Promise.all([countAll(chat, chatMessages), chat.countTokens(text).then(undefined, () => 0)]);
      return { text, usage: { input_tokens: input, output_tokens: output }, ...(toolCalls.length === 0 ? {} : { toolCalls }) };
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

function assistantPart(part: TextPart | ToolCallPart): vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart {
  return part.kind === 'tool-call' ? new vscode.LanguageModelToolCallPart(part.callId, part.name, part.input) : new vscode.LanguageModelTextPart(part.text);
}

function userPart(part: TextPart | ToolResultPart): vscode.LanguageModelTextPart | vscode.LanguageModelToolResultPart {
  return part.kind === 'tool-result' ? new vscode.LanguageModelToolResultPart(part.callId, [new vscode.LanguageModelTextPart(part.text)]) : new vscode.LanguageModelTextPart(part.text);
}

async function countAll(chat: vscode.LanguageModelChat, messages: vscode.LanguageModelChatMessage[]): Promise<number> {
  let total = 0;
  for (const message of messages) total += await chat.countTokens(message).then(undefined, () => 0);
  return total;
}
