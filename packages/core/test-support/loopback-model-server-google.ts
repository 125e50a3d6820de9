import { callsOf, pieces, replyText, sendJson, sendSse, usageOf, type WireDialect } from './loopback-model-server-wire.js';

type Part = { text?: unknown; functionCall?: { name?: string }; functionResponse?: { name?: string; response?: { content?: unknown } } };
type Content = { role?: string; parts?: Part[] };

const partsOf = (content: Content | undefined): Part[] => (Array.isArray(content?.parts) ? content.parts : []);
const textOfParts = (parts: Part[]): string => parts.flatMap((part) => (typeof part.text === 'string' ? [part.text] : [])).join('\n');

/** What the loopback server signs each function call with, as Gemini's thinking models do; clients must send it back. */
export function loopbackThoughtSignature(name: string): string {
  return Buffer.from(`loopback-signature:${name}`).toString('base64');
}

/**
 * Google's Generative Language API (`POST …/models/<model>:generateContent`,
 * `:streamGenerateContent?alt=sse`): `functionCall` parts, results as
 * `functionResponse` parts of a user turn.
 */
export const googleDialect: WireDialect = {
  isStream: (path) => path.includes(':streamGenerateContent'),
  promptText: (body) =>
    [textOfParts(partsOf(body.systemInstruction)), ...((body.contents ?? []) as Content[]).map((content) => textOfParts(partsOf(content)))].filter((text) => text !== '').join('\n'),
  lastUserText: (body) =>
    ((body.contents ?? []) as Content[])
      .filter((content) => content.role === 'user')
      .map((content) => textOfParts(partsOf(content)))
      .filter((text) => text !== '')
      .at(-1) ?? '',
  tools: (body) => ((body.tools ?? []) as { functionDeclarations?: { name?: string }[] }[]).flatMap((tool) => (tool.functionDeclarations ?? []).map((declaration) => String(declaration.name))),
  toolResults: (body) =>
    ((body.contents ?? []) as Content[])
      .flatMap(partsOf)
      .flatMap((part) => (part.functionResponse === undefined ? [] : [part.functionResponse]))
      .map((result) => {
        const content = result.response?.content;
        return { name: String(result.name), content: typeof content === 'string' ? content : JSON.stringify(content) };
      }),
  answer(response, request, reply) {
    // Structured output beside function calling comes through the client's `json` function (Gemini has no JSON mode there).
    const answerFunction = 'json' in reply && googleDialect.tools(request.body).includes('json');
    const text = answerFunction ? '' : replyText(reply);
    const calls = answerFunction ? [{ id: 'loopback_call_1', name: 'json', arguments: (reply as { json: unknown }).json }] : callsOf(reply, 'loopback_call');
    const usage = usageOf(reply);
    const usageMetadata = { promptTokenCount: usage.input, candidatesTokenCount: usage.output, totalTokenCount: usage.input + usage.output };
    // Gemini ends a turn that calls functions with STOP too; the parts say what it is.
    const finishReason = reply.finishReason === 'length' ? 'MAX_TOKENS' : 'STOP';
    const model = /\/models\/([^:/]+):/.exec(request.path)?.[1] ?? 'unknown';
    const functionParts = calls.map((call) => ({
      functionCall: { ...('toolCalls' in reply && reply.toolCalls.some((scripted) => scripted.id !== undefined) ? { id: call.id } : {}), name: call.name, args: call.arguments },
      thoughtSignature: loopbackThoughtSignature(call.name),
    }));
    const candidate = (parts: object[], done: boolean) => ({ content: { role: 'model', parts }, index: 0, ...(done ? { finishReason } : {}) });
    if (!request.stream) {
      const parts = [...(text === '' && calls.length > 0 ? [] : [{ text }]), ...functionParts];
      sendJson(response, 200, { candidates: [candidate(parts, true)], usageMetadata, modelVersion: model, responseId: 'loopback-response' });
      return;
    }
    const chunks = [
      ...pieces(text).map((piece) => ({ candidates: [candidate([{ text: piece }], false)], modelVersion: model })),
      ...(functionParts.length === 0 ? [] : [{ candidates: [candidate(functionParts, false)], modelVersion: model }]),
    ];
    // The last chunk carries the finish reason and the usage, as Gemini's does.
    const last = chunks.pop() ?? { candidates: [candidate([{ text: '' }], false)], modelVersion: model };
    const final = { ...last, candidates: [{ ...last.candidates[0]!, finishReason }], usageMetadata, responseId: 'loopback-response' };
    sendSse(response, [...chunks, final].map((chunk) => ({ data: JSON.stringify(chunk) })));
  },
};
