import path from 'node:path';
import type { AnnotationProperties } from '@actions/core';
import { type DispatchIndexTask, pathInsideRoot, plural } from '@parallel-dispatcher/core';
import { byImportance, type Finding } from './report/findings.js';

/** GitHub shows at most 10 error and 10 warning annotations per step; the rest are dropped. */
export const ANNOTATIONS_PER_TYPE = 10;

const MAX_MESSAGE_CHARS = 4000;

export interface Annotation {
  readonly message: string;
  readonly properties: AnnotationProperties;
}

/** A finding with its file made relative to the repository, where annotations point. */
export interface PlacedFinding extends Finding {
  readonly repositoryFile: string;
}

/**
 * One error annotation per failed task, on the dispatch file, the first to
 * fail first. Past `limit`, the last one lists the rest.
 */
export function failedTaskAnnotations(tasks: readonly DispatchIndexTask[], dispatchFile: string, limit: number): Annotation[] {
  const failed = tasks
    .filter((task) => task.status === 'error')
    .sort((a, b) => (a.ended_at ?? '\uffff').localeCompare(b.ended_at ?? '\uffff'));
  const one = (task: DispatchIndexTask): Annotation => ({
    message: cut(task.error === null ? 'failed' : `${task.error.kind}: ${task.error.message}`),
    properties: { title: `Task ${task.task_id} failed (agent ${task.agent}${task.attempts > 1 ? `, ${task.attempts} attempts` : ''})`, file: dispatchFile },
  });
  return withOverflow(failed, limit, one, (rest) => ({
    message: cut(`${plural(rest.length, 'more task')} failed: ${rest.map((task) => task.task_id).join(', ')}`),
    properties: { title: 'More failed tasks', file: dispatchFile },
  }));
}

/** One warning annotation per finding (a debug task's, say), on its line, the most confident first. */
export function findingAnnotations(findings: readonly PlacedFinding[], limit: number): Annotation[] {
  const sorted = [...findings].sort(byImportance);
  const one = (finding: PlacedFinding): Annotation => {
    const confidence = finding.confidence === undefined ? '' : `, confidence ${Math.round(finding.confidence * 100)}%`;
    return {
      message: cut(`${finding.message} (task ${finding.taskId}${confidence})`),
      properties: {
        title: `Finding: ${finding.repositoryFile}:${finding.line}`,
        file: finding.repositoryFile,
        startLine: finding.line,
        ...(finding.endLine === undefined ? {} : { endLine: finding.endLine }),
      },
    };
  };
  return withOverflow(sorted, limit, one, (rest) => ({
    message: cut(`${plural(rest.length, 'more finding')} in the traces: ${rest.map((finding) => `${finding.repositoryFile}:${finding.line}`).join(', ')}`),
    properties: { title: 'More findings' },
  }));
}

/** `file` (relative to the dispatch's workspace, or absolute) relative to the repository; undefined outside it. */
export function repositoryPath(file: string, workspace: string, repositoryRoot: string): string | undefined {
  const inside = pathInsideRoot(path.resolve(workspace, file), repositoryRoot);
  return inside === '' ? undefined : inside;
}

function withOverflow<T>(items: readonly T[], limit: number, one: (item: T) => Annotation, rest: (items: readonly T[]) => Annotation): Annotation[] {
  if (limit <= 0) return [];
  if (items.length <= limit) return items.map(one);
  return [...items.slice(0, limit - 1).map(one), rest(items.slice(limit - 1))];
}

function cut(message: string): string {
  return message.length <= MAX_MESSAGE_CHARS ? message : `${message.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}

