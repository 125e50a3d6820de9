import type { Octokit } from './changed-files.js';

export interface StickyComment {
  readonly owner: string;
  readonly repo: string;
  readonly issueNumber: number;
  /** The hidden first line that finds the comment again. */
  readonly marker: string;
  /** The whole body; starts with the marker. */
  readonly body: string;
}

export type CommentResult = { readonly action: 'created' | 'updated'; readonly id: number; readonly url: string } | { readonly action: 'none' };

/**
 * Keeps one comment per marker on a pull request: updates the comment whose
 * body starts with the marker, or creates it (when `create` allows). All
 * pages of comments are searched, so an old pull request never gets a second one.
 */
export async function upsertStickyComment(octokit: Octokit, comment: StickyComment, create: boolean): Promise<CommentResult> {
  const where = { owner: comment.owner, repo: comment.repo };
  const existing = await findComment(octokit, comment);
  if (existing !== undefined) {
    const { data } = await octokit.rest.issues.updateComment({ ...where, comment_id: existing, body: comment.body });
    return { action: 'updated', id: data.id, url: data.html_url };
  }
  if (!create) return { action: 'none' };
  const { data } = await octokit.rest.issues.createComment({ ...where, issue_number: comment.issueNumber, body: comment.body });
  return { action: 'created', id: data.id, url: data.html_url };
}

async function findComment(octokit: Octokit, comment: StickyComment): Promise<number | undefined> {
  const found = await octokit.paginate(
    octokit.rest.issues.listComments,
    { owner: comment.owner, repo: comment.repo, issue_number: comment.issueNumber, per_page: 100 },
    (response, done) => {
      const hit = response.data.find((candidate) => candidate.body?.startsWith(comment.marker));
      if (hit === undefined) return [];
      done();
      return [hit.id];
    },
  );
  return found[0];
}
