import { z } from 'zod';

export const ANALYSIS_DEPTHS = ['quick', 'standard', 'deep'] as const;
export type AnalysisDepth = (typeof ANALYSIS_DEPTHS)[number];

/** The seed's debug inputs; each decides what evidence is gathered and what the model is asked. */
export const debugInputSchema = z
  .object({
    problem_description: z.string().trim().min(1).describe('The problem to find the cause of, as a person would report it'),
    affected_files: z
      .array(z.string().min(1))
      .default([])
      .describe('Files suspected of holding the fault, inside the allowed roots; read and shown to the model (missing ones are noted, not fatal)'),
    error_traces: z
      .array(z.string())
      .default([])
      .describe('Stack traces or error messages (Python, Node.js, Java, Go or free text like "at line 42"); their file:line frames are shown with the source around them'),
    analysis_depth: z
      .enum(ANALYSIS_DEPTHS)
      .default('standard')
      .describe('quick: files and frames, one model pass; standard: also searches the workspace for the symbols in the traces; deep: also reads the git history of the implicated lines and makes two passes (hypotheses, then a verdict on each)'),
    hypothesis: z.string().default('').describe('Your own suspicion, judged against the evidence and always given a verdict; empty means none'),
  })
  .strict();

export type DebugInput = z.infer<typeof debugInputSchema>;
