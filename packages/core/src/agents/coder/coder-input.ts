import { z } from 'zod';

export const NODE_TYPES = ['Effect', 'Compute', 'Reducer', 'Orchestrator'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export const VALIDATION_LEVELS = ['strict', 'moderate', 'lenient'] as const;
export type ValidationLevel = (typeof VALIDATION_LEVELS)[number];

/** The seed's coder inputs, plus `language`, `check_command` and `overwrite`. */
export const coderInputSchema = z
  .object({
    contract_description: z.string().trim().min(1).describe('What the generated file must do: its contract, in plain words'),
    node_type: z
      .enum(NODE_TYPES)
      .default('Effect')
      .describe('Effect (I/O and side effects), Compute (pure transformation), Reducer (state aggregation) or Orchestrator (workflow coordination); default Effect, the only kind allowed to do I/O'),
    output_path: z.string().min(1).describe('File to write, inside the workspace; relative paths resolve against it'),
    context_files: z.array(z.string().min(1)).default([]).describe('Files shown to the model; each must exist'),
    validation_level: z
      .enum(VALIDATION_LEVELS)
      .default('moderate')
      .describe('lenient: code was extracted; moderate: it also parses; strict: moderate plus up to two repair rounds with the model'),
    language: z.string().trim().min(1).optional().describe('Language of the file; inferred from the output_path extension when absent (else "text")'),
    check_command: z
      .string()
      .min(1)
      .optional()
      .describe('Host command run by /bin/sh in the workspace on the candidate file ({file} is replaced by its quoted absolute path); must exit 0 before the file is written'),
    overwrite: z.boolean().default(true).describe('Replace output_path when it exists; when false an existing file fails the task before the model is asked'),
  })
  .strict();

export type CoderInput = z.infer<typeof coderInputSchema>;

/**
 * Whether this task runs a host command: `check_command` is one, run by
 * /bin/sh with the task's environment. The agent itself is not marked
 * `runsCommands`, so hosts that refuse commands must ask this per task.
 */
export function coderRunsCommand(input: Pick<CoderInput, 'check_command'>): boolean {
  return input.check_command !== undefined;
}
