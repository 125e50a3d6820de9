import type { ModelMessage as SdkMessage, ToolCallPart } from 'ai';
import type { ModelMessage } from './model-client.js';

/** The system prompt and the conversation as the AI SDK takes them. */
export interface SdkConversation {
  readonly system: string | undefined;
  readonly messages: SdkMessage[];
}

/**
 * Our messages in the SDK's form: system messages joined into the system
 * prompt, an assistant turn that called tools as text plus tool-call parts
 * (their provider metadata sent back as it came: Gemini's thought signature),
 * a tool result as a tool message, marked as an error when the tool failed.
 */
export function sdkConversation(messages: readonly ModelMessage[]): SdkConversation {
  const system = messages.flatMap((message) => (message.role === 'system' ? [message.content] : []));
  const conversation: SdkMessage[] = [];
  for (const message of messages) {
    if (message.role === 'system') continue;
    if (message.role === 'tool') {
      const output = message.isError ? { type: 'error-text' as const, value: message.content } : { type: 'text' as const, value: message.content };
      conversation.push({ role: 'tool', content: [{ type: 'tool-result', toolCallId: message.toolCallId, toolName: message.toolName, output }] });
    } else if ('toolCalls' in message) {
      conversation.push({
        role: 'assistant',
        content: [
          ...(message.content === '' ? [] : [{ type: 'text' as const, text: message.content }]),
          ...message.toolCalls.map((call) => ({
            type: 'tool-call' as const,
            toolCallId: call.id,
            toolName: call.name,
            input: call.arguments,
            ...(call.providerMetadata === undefined ? {} : { providerOptions: call.providerMetadata as ToolCallPart['providerOptions'] }),
          })),
        ],
      });
    } else {
      conversation.push({ role: message.role, content: message.content });
    }
  }
  return { system: system.length === 0 ? undefined : system.join('\n\n'), messages: conversation };
}
