import { callsOf, pieces, replyText, sendJson, sendSse, textOf, usageOf, type WireDialect } from './loopback-model-server-wire.js';

type Block = { type?: string; text?: unknown; id?: string; name?: string; tool_use_id?: string; content?: unknown };
type Message = { role?: string; content?: unknown };

const blocksOf = (message: Message): Block[] => (Array.isArray(message.content) ? (message.content as Block[]) : []);

/** Anthropic Messages (`POST …/messages`): `tool_use` blocks, results as `tool_result` blocks of a user message. */
export const anthropicDialect: WireDialect = {
  isStream: (_, body) => body.stream === true,
  promptText: (body) => [textOf(body.system), ...((body.messages ?? []) as Message[]).map((message) => textOf(message.content))].filter((text) => text !== '').join('\n'),
  // A user message holding only tool results has no text: the last one that has some.
  lastUserText: (body) =>
    ((body.messages ?? []) as Message[])
      .filter((message) => message.role === 'user')
      .map((message) => textOf(message.content))
      .filter((text) => text !== '')
      .at(-1) ?? '',
  tools: (body) => ((body.tools ?? []) as { name?: string }[]).map((tool) => String(tool.name)),
  toolResults(body) {
    const blocks = ((body.messages ?? []) as Message[]).flatMap(blocksOf);
    const names = new Map(blocks.filter((block) => block.type === 'tool_use').map((block) => [block.id, block.name]));
    return blocks.filter((block) => block.type === 'tool_result').map((block) => ({ name: String(names.get(block.tool_use_id)), content: textOf(block.content) }));
  },
  answer(response, request, reply) {
    const usage = usageOf(reply);
    const tool = 'json' in reply ? structuredOutputTool(request.body) : undefined;
    const calls = tool === undefined ? callsOf(reply, 'toolu_loopback') : [{ id: 'toolu_loopback', name: tool, arguments: (reply as { json: unknown }).json }];
    const text = tool === undefined ? replyText(reply) : '';
    const blocks: Record<string, unknown>[] = [
      ...(text === '' && calls.length > 0 ? [] : [{ type: 'text', text }]),
      ...calls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments })),
    ];
    const stopReason = reply.finishReason === 'length' ? 'max_tokens' : calls.length > 0 ? 'tool_use' : 'end_turn';
    const message = { id: 'msg_loopback', type: 'message', role: 'assistant', model: request.body.model, stop_sequence: null };
    if (!request.stream) {
      sendJson(response, 200, { ...message, content: blocks, stop_reason: stopReason, usage: { input_tokens: usage.input, output_tokens: usage.output } });
      return;
    }
    const events = [
      { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { input_tokens: usage.input, output_tokens: 1 } } },
      ...blocks.flatMap((block, index) => {
        const deltas =
          block.type === 'text'
            ? pieces(block.text as string).map((piece) => ({ type: 'text_delta', text: piece }))
            : pieces(JSON.stringify(block.input)).map((partial_json) => ({ type: 'input_json_delta', partial_json }));
        const started = block.type === 'text' ? { type: 'text', text: '' } : { type: 'tool_use', id: block.id, name: block.name, input: {} };
        return [
          { type: 'content_block_start', index, content_block: started },
          ...deltas.map((delta) => ({ type: 'content_block_delta', index, delta })),
          { type: 'content_block_stop', index },
        ];
      }),
      { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output } },
      { type: 'message_stop' },
    ];
    sendSse(response, events.map((event) => ({ event: event.type, data: JSON.stringify(event) })));
  },
};

/**
 * The tool an Anthropic request expects structured output through: the one
 * `tool_choice` forces, else the SDK's `json` tool (alone or beside the
 * caller's tools). None when the request asks for JSON text instead
 * (`output_config.format`).
 */
function structuredOutputTool(body: Record<string, any>): string | undefined {
  if (body.output_config?.format !== undefined) return undefined;
  if (typeof body.tool_choice?.name === 'string') return body.tool_choice.name;
  return ((body.tools ?? []) as { name?: string }[]).some((tool) => tool.name === 'json') ? 'json' : undefined;
}
