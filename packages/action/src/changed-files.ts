import path from 'node:path';
import type { getOctokit } from '@actions/github';
import { PULL_REQUEST_EVENTS } from './inputs.js';
import type { RunnerContext } from './runner-context.js';

export type Octokit = ReturnType<typeof getOctokit>;

export interface ChangedFiles {
  /** Absolute paths; core keeps those inside the dispatch's workspace. */
  readonly files: string[];
  /** Where they came from, for the log. */
  readonly source: string;
}

/**
 * The files `for_each: { files: changed }` runs over:
 * - pull_request / pull_request_target: the pull request's files (REST
 *   `pulls.listFiles`, every page), without the removed ones;
 * - push: the files the pushed commits added or modified, from the event
 *   payload (no API call; a file a later commit of the push removed is left out);
 * - any other event: none.
 */
export async function changedFiles(context: RunnerContext, octokit: () => Octokit): Promise<ChangedFiles> {
  const absolute = (files: readonly string[]) => files.map((file) => path.resolve(context.repositoryRoot, file));
  if (PULL_REQUEST_EVENTS.has(context.eventName)) {
    const number = context.pullRequestNumber;
    if (number === undefined || context.repository === undefined) throw new Error(`a ${context.eventName} event without a pull request number or repository`);
    const client = octokit();
    const files = await client.paginate(client.rest.pulls.listFiles, { ...context.repository, pull_number: number, per_page: 100 });
    const kept = files.filter((file) => file.status !== 'removed').map((file) => file.filename);
    return { files: absolute(kept), source: `${kept.length} file${kept.length === 1 ? '' : 's'} changed by pull request #${number}` };
  }
  if (context.eventName === 'push') {
    const kept = filesOfPush(context.payload);
    return { files: absolute(kept), source: `${kept.length} file${kept.length === 1 ? '' : 's'} added or modified by the pushed commits` };
  }
  return { files: [], source: `no changed files on a ${context.eventName || 'local'} event` };
}

/** Files added or modified by a push's commits, in order, minus files a later commit removed. */
export function filesOfPush(payload: Readonly<Record<string, unknown>>): string[] {
  const files = new Set<string>();
  const commits = Array.isArray(payload['commits']) ? (payload['commits'] as unknown[]) : [];
  const list = (commit: unknown, key: string): string[] => {
    const value = typeof commit === 'object' && commit !== null ? (commit as Record<string, unknown>)[key] : undefined;
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  };
  for (const commit of commits) {
    for (const file of [...list(commit, 'added'), ...list(commit, 'modified')]) files.add(file);
    for (const file of list(commit, 'removed')) files.delete(file);
  }
  return [...files].sort();
}
