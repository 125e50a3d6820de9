import { z } from 'zod';

export const VERDICTS = ['supported', 'refuted', 'inconclusive'] as const;
export type Verdict = (typeof VERDICTS)[number];

// Every property is required (null where there may be nothing), as OpenAI's
// strict structured outputs demand; the same schema validates every provider's reply.
const location = {
  file: z.string().describe('A file from the evidence, as it was shown'),
  line: z.number().int().min(1).nullable().describe('1-based line, or null when the whole file is meant'),
};

/** What the model returns: the schema sent to `generateObject` and checked on its reply. */
export const modelFindingsSchema = z
  .object({
    root_cause: z.string().describe('The most likely root cause, in a few sentences'),
    confidence: z.number().min(0).max(1).describe('How sure the evidence makes you, from 0 to 1'),
    evidence: z
      .array(
        z
          .object({
            ...location,
            excerpt: z.string().describe('The lines quoted from the evidence'),
            explanation: z.string().describe('What these lines show about the problem'),
          })
          .strict(),
      )
      .describe('Places in the evidence that support the root cause'),
    hypotheses: z
      .array(
        z
          .object({
            hypothesis: z.string(),
            verdict: z.enum(VERDICTS),
            reasoning: z.string().describe('Why, citing the evidence'),
          })
          .strict(),
      )
      .describe('Every hypothesis considered, with its verdict'),
    suggested_fix: z.string().describe('What to change, and where'),
    affected_locations: z.array(z.object(location).strict()).describe('Every place the fix must touch'),
  })
  .strict();

export type ModelFindings = z.infer<typeof modelFindingsSchema>;
export type HypothesisVerdict = ModelFindings['hypotheses'][number];

/** The first of the two deep passes: candidate explanations, judged in the second. */
export const modelHypothesesSchema = z
  .object({
    hypotheses: z.array(z.string()).describe('Distinct candidate root causes, most likely first'),
  })
  .strict();

export type ModelHypotheses = z.infer<typeof modelHypothesesSchema>;

/** What was looked at before the model was asked; counted by the agent, not the model. */
export interface EvidenceGathered {
  /** Distinct files whose content was read: affected files and the files of stack frames. */
  readonly files_read: number;
  /** Affected files that do not exist, as given in the input. */
  readonly files_missing: string[];
  /** Distinct file:line frames parsed out of the error traces. */
  readonly frames: number;
  /** Lines of the workspace naming a symbol from the traces (standard and deep). */
  readonly symbol_matches: number;
  /** Commits found in the history of the implicated lines (deep). */
  readonly history_entries: number;
}

/** The debug task's output: the model's findings plus what the agent gathered for them. */
export type DebugFindings = ModelFindings & { readonly evidence_gathered: EvidenceGathered };
