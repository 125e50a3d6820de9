/** Where the traces went: the artifact, or why there is none. */
export type ArtifactState =
  | { readonly kind: 'uploaded'; readonly name: string; readonly id: number; readonly url: string }
  | { readonly kind: 'not-uploaded'; readonly reason: string };

/** What the reports say besides the dispatch index. */
export interface ReportContext {
  /** The dispatch file, relative to the repository root. */
  readonly dispatchFile: string;
  readonly artifact: ArtifactState;
  /** The workflow run's page. */
  readonly runUrl?: string | undefined;
  /** The commit the run is for (the pull request's head). */
  readonly commit?: string | undefined;
}
