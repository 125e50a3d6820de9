import { AgentError } from '../errors/task-errors.js';
import type { ModelClient, ModelMessage, ModelRequest, TokenUsage, ToolCallRequest } from '../models/model-client.js';
import type { TaskTools } from './task-tools.js';

/** The default of `max_tool_calls`, when neither the task, its agent nor the config sets it. */
export const DEFAULT_MAX_TOOL_CALLS = 20;

const BUDGET_SPENT_NOTE = (budget: number) => `The budget of ${budget} tool call${budget === 1 ? '' : 's'} for this task is spent: answer now with what you have, without calling tools.`;

interface StepResult {
  readonly text?: string;
  readonly usage: TokenUsage;
  readonly toolCalls?: readonly ToolCallRequest[];
}

/**
 * A model client whose every generateText/generateObject is a bounded tool
 * loop: the tools are offered, the calls the model asks for are run
 * (concurrently, results in order) and sent back, until the model answers.
 * `maxToolCalls` is shared by all calls through this client (one task
 * attempt); calls over it get an error result, and once it is spent the
 * next step has `toolChoice: 'none'`. Each step is one model call, recorded
 * by the client wrapped; the usage returned is that of every step.
 */
export function withToolLoop(client: ModelClient, tools: TaskTools, maxToolCalls: number): ModelClient {
  let used = 0;
  async function loop<R extends StepResult>(request: ModelRequest, send: (step: ModelRequest) => Promise<R>): Promise<R> {
    let messages: readonly ModelMessage[] = request.messages;
    const usage = { input_tokens: 0, output_tokens: 0 };
    let callsAfterBudget = 0;
    for (;;) {
      const spent = used >= maxToolCalls;
      const result = await send({ ...request, messages, tools: tools.definitions, ...(spent ? { toolChoice: 'none' as const } : {}) });
      usage.input_tokens += result.usage.input_tokens;
      usage.output_tokens += result.usage.output_tokens;
      const calls = result.toolCalls ?? [];
      if (calls.length === 0) return { ...result, usage };
      // A model that ignores `toolChoice: 'none'` gets one more chance, not an endless loop.
      if (spent && ++callsAfterBudget > 1) throw new AgentError('tool loop', `the model kept calling tools after its budget of ${maxToolCalls} tool calls was spent`);
      const room = Math.max(0, maxToolCalls - used);
      used += Math.min(room, calls.length);
      const results = await Promise.all(
        calls.map((call, index) =>
          index < room ? tools.call(call, request.signal) : Promise.resolve({ content: `not run: the budget of ${maxToolCalls} tool calls is spent`, isError: true }),
        ),
      );
      messages = [
        ...messages,
        { role: 'assistant', content: result.text ?? '', toolCalls: calls },
        ...calls.map((call, index): ModelMessage => ({ role: 'tool', toolCallId: call.id, toolName: call.name, content: results[index]!.content, isError: results[index]!.isError })),
        ...(used >= maxToolCalls ? [{ role: 'user' as const, content: BUDGET_SPENT_NOTE(maxToolCalls) }] : []),
      ];
    }
  }
  return {
    provider: client.provider,
    model: client.model,
    generateText: (request) => loop(request, (step) => client.generateText(step)),
    generateObject: (request) => loop(request, (step) => client.generateObject({ ...request, ...step })),
  };
}
