import { describe, expect, it } from 'vitest';
import { failedTaskAnnotations, findingAnnotations, repositoryPath, type PlacedFinding } from './annotations.js';
import { sampleTask } from '../test-support/sample-index.js';

const finding = (file: string, line: number, confidence: number | undefined): PlacedFinding => ({ taskId: 'debug-1', file, line, endLine: undefined, message: `look at ${file}`, confidence, repositoryFile: file });

describe('failedTaskAnnotations', () => {
  it('annotates each failed task on the dispatch file, the first to fail first', () => {
    const annotations = failedTaskAnnotations(
      [
        sampleTask('late', { at: 5000, status: 'error', attempts: 3, error: { kind: 'timeout', message: 'timed out after 30 s' } }),
        sampleTask('fine'),
        sampleTask('early', { at: 0, status: 'error', error: { kind: 'agent', message: 'exit 1' } }),
        sampleTask('skipped', { status: 'skipped', error: { kind: 'dependency', message: 'skipped' } }),
      ],
      'ci/d.yaml',
      10,
    );
    expect(annotations).toEqual([
      { message: 'agent: exit 1', properties: { title: 'Task early failed (agent shell)', file: 'ci/d.yaml' } },
      { message: 'timeout: timed out after 30 s', properties: { title: 'Task late failed (agent shell, 3 attempts)', file: 'ci/d.yaml' } },
    ]);
  });

  it('keeps to the limit, the last one naming the rest', () => {
    const tasks = Array.from({ length: 14 }, (_, n) => sampleTask(`t${n}`, { at: n, status: 'error', error: { kind: 'agent', message: 'no' } }));
    const annotations = failedTaskAnnotations(tasks, 'd.json', 9);
    expect(annotations).toHaveLength(9);
    expect(annotations[8]!.message).toBe('6 more tasks failed: t8, t9, t10, t11, t12, t13');
  });
});

describe('findingAnnotations', () => {
  it('puts the most confident findings on their lines, within the limit', () => {
    const annotations = findingAnnotations([finding('a.ts', 1, 0.2), finding('b.ts', 2, undefined), finding('c.ts', 3, 0.95), finding('d.ts', 4, 0.5)], 3);
    expect(annotations.map((annotation) => annotation.properties)).toEqual([
      { title: 'Finding: c.ts:3', file: 'c.ts', startLine: 3 },
      { title: 'Finding: d.ts:4', file: 'd.ts', startLine: 4 },
      { title: 'More findings' },
    ]);
    expect(annotations[0]!.message).toBe('look at c.ts (task debug-1, confidence 95%)');
    expect(annotations[2]!.message).toBe('2 more findings in the traces: a.ts:1, b.ts:2');
    expect(findingAnnotations([finding('a.ts', 1, 1)], 0)).toEqual([]);
  });
});

describe('repositoryPath', () => {
  it('turns a workspace path into a repository path, and refuses paths outside the repository', () => {
    expect(repositoryPath('src/a.ts', '/repo/services/api', '/repo')).toBe('services/api/src/a.ts');
    expect(repositoryPath('/repo/x.ts', '/repo/services', '/repo')).toBe('x.ts');
    expect(repositoryPath('../../etc/passwd', '/repo/a', '/repo')).toBeUndefined();
  });
});
