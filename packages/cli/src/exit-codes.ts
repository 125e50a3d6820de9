/** What `pdispatch` exits with; scripts and CI rely on these. */
export const ExitCode = {
  success: 0,
  /** A task failed or was skipped (for `show --task`: that task did not succeed). */
  taskFailed: 1,
  /** The dispatch file or the command line is invalid; nothing ran. */
  invalid: 2,
  /** Cancelled by SIGINT or SIGTERM. */
  cancelled: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
