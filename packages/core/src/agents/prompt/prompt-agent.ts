import { z } from 'zod';
import { AgentError } from '../../errors/task-errors.js';
import type { ModelMessage } from '../../models/model-client.js';
import type { Agent, AgentContext } from '../agent.js';
import { definitionVersion } from '../definition-version.js';
import { cappedJson } from '../../text/capped.js';
import { fenced } from '../../text/fenced.js';
import { dependencyOutputsSection } from '../dependency-outputs-section.js';

const MAX_SECTION_CHARS = 64 * 1024;

export interface PromptAgentDefinition {
  readonly description?: string | undefined;
  readonly instructions: string;
  /** JSON Schema the reply must match; without one the agent replies in text. */
  readonly output_schema?: Record<string, unknown> | undefined;
}

/** Any task input: it is shown to the model as JSON. */
const promptTaskInputSchema = z.record(z.string(), z.unknown());

/**
 * An agent defined in a dispatch file by its instructions
 * (`config.agents.<name>.kind: prompt`). The task's input and its
 * dependencies' outputs go to the model; the reply is the task's output:
 * an object matching `output_schema`, or `{ text }`.
 */
export function createPromptAgent(name: string, definition: PromptAgentDefinition): Agent<Record<string, unknown>, unknown> {
  const outputSchema = definition.output_schema === undefined ? undefined : z.fromJSONSchema(definition.output_schema as never);
  return {
    name,
    description: definition.description ?? `Prompt agent: ${oneLine(definition.instructions)}`,
    inputSchema: promptTaskInputSchema,
    version: definitionVersion('prompt', definition),
    usesModel: true,
    runsCommands: false,
    async run(input, context) {
      if (context.model === undefined) throw new AgentError(name, `agent "${name}" needs a model; configure one (see "Choosing a model" in the README)`);
      const messages = promptMessages(definition.instructions, input, context);
      context.recorder.progress(`asking ${context.model.provider}:${context.model.model}`);
      if (outputSchema === undefined) {
        const reply = await context.model.generateText({ messages, signal: context.signal });
        return { text: reply.text };
      }
      const reply = await context.model.generateObject({ messages, signal: context.signal, schema: outputSchema, schemaName: name.replace(/[^A-Za-z0-9_]/g, '_') });
      return reply.object;
    },
  };
}

/** Checks that an output schema is JSON Schema zod can enforce; returns the problem, if any. */
export function outputSchemaProblem(schema: Record<string, unknown>): string | undefined {
  try {
    z.fromJSONSchema(schema as never);
    return undefined;
  } catch (error) {
    return `not a usable JSON Schema: ${(error as Error).message}`;
  }
}

function promptMessages(instructions: string, input: Record<string, unknown>, context: AgentContext): ModelMessage[] {
  const sections = [`# Task \`${context.taskId}\`${context.description === '' ? '' : `\n${context.description}`}`, `# Input\n${fenced(cappedJson(input, MAX_SECTION_CHARS), 'json')}`];
  const dependencies = dependencyOutputsSection(context.dependencies, MAX_SECTION_CHARS);
  if (dependencies !== undefined) sections.push(dependencies);
  return [
    { role: 'system', content: instructions },
    { role: 'user', content: sections.join('\n\n') },
  ];
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= 80 ? line : `${line.slice(0, 79)}…`;
}
