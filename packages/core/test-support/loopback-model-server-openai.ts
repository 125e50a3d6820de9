import { callsOf, pieces, replyText, sendJson, sendSse, textOf, usageOf, type WireDialect } from './loopback-model-server-wire.js';

type Message = { role?: string; content?: unknown; tool_call_id?: string; tool_calls?: { id?: string; function?: { name?: string } }[] };

/** OpenAI Chat Completions (`POST …/chat/completions`): `tool_calls` on the assistant message, results as `tool` messages. */
export const openaiDialect: WireDialect = {
  isStream: (_, body) => body.stream === true,
  promptText: (body) => ((body.messages ?? []) as Message[]).map((message) => textOf(message.content)).filter((text) => text !== '').join('\n'),
  lastUserText: (body) => textOf(((body.messages ?? []) as Message[]).filter((message) => message.role === 'user').at(-1)?.content),
  tools: (body) => ((body.tools ?? []) as { function?: { name?: string } }[]).map((tool) => String(tool.function?.name)),
  toolResults(body) {
    const messages = (body.messages ?? []) as Message[];
    const names = new Map(messages.flatMap((message) => (message.tool_calls ?? []).map((call) => [call.id, call.function?.name] as const)));
    return messages.filter((message) => message.role === 'tool').map((message) => ({ name: String(names.get(message.tool_call_id)), content: textOf(message.content) }));
  },
  answer(response, request, reply) {
    const text = replyText(reply);
    const calls = callsOf(reply, 'call_loopback');
    const usage = usageOf(reply);
    const finishReason = calls.length > 0 ? 'tool_calls' : reply.finishReason === 'length' ? 'length' : 'stop';
    const wireUsage = { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output };
    const envelope = { id: 'chatcmpl-loopback', created: Math.floor(Date.now() / 1000), model: request.body.model };
    const wireCalls = calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } }));
    if (!request.stream) {
      const message = { role: 'assistant', content: calls.length > 0 && text === '' ? null : text, ...(calls.length === 0 ? {} : { tool_calls: wireCalls }) };
      sendJson(response, 200, { ...envelope, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finishReason }], usage: wireUsage });
      return;
    }
    const chunk = (choices: unknown[], extra: object = {}) => ({ ...envelope, object: 'chat.completion.chunk', choices, ...extra });
    const delta = (value: object) => chunk([{ index: 0, delta: value, finish_reason: null }]);
    const events = [
      delta({ role: 'assistant', content: '' }),
      ...pieces(text).map((piece) => delta({ content: piece })),
      // Like OpenAI: the call's id and name first, then its arguments in pieces.
      ...wireCalls.flatMap((call, index) => [
        delta({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }),
        ...pieces(call.function.arguments).map((piece) => delta({ tool_calls: [{ index, function: { arguments: piece } }] })),
      ]),
      chunk([{ index: 0, delta: {}, finish_reason: finishReason }]),
      // Usage comes in a last chunk only when the client asked for it.
      ...(request.body.stream_options?.include_usage === true ? [chunk([], { usage: wireUsage })] : []),
    ];
    sendSse(response, [...events.map((data) => ({ data: JSON.stringify(data) })), { data: '[DONE]' }]);
  },
};
