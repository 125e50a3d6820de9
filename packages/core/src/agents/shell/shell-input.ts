import { z } from 'zod';

export const shellInputSchema = z
  .object({
    command: z.string().min(1).optional().describe('Run by /bin/sh -c'),
    argv: z.array(z.string()).min(1).optional().describe('Program and arguments, run without a shell'),
    cwd: z.string().min(1).optional().describe('Working directory inside the workspace'),
    env: z.record(z.string(), z.string()).optional().describe('Extra environment variables'),
    stdin: z.string().optional().describe('Text written to the standard input'),
  })
  .strict()
  .refine((input) => (input.command === undefined) !== (input.argv === undefined), {
    message: 'a shell task needs exactly one of "command" or "argv"',
  });

export type ShellInput = z.infer<typeof shellInputSchema>;

export interface ShellOutput {
  readonly exit_code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON when it is valid JSON, else null. */
  readonly json: unknown;
}
