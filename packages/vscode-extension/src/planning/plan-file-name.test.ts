import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planFilePath } from './plan-file-name.js';

describe('planFilePath', () => {
  const now = new Date(2026, 11, 2, 3, 4, 5);

  it('puts the plan under .pdispatch/plans, named by time and the first words of the request', () => {
    expect(planFilePath('/ws', 'Generate three ONEX Effect nodes: user writer, product reader, order updater', now, true)).toBe(
      path.join('/ws', '.pdispatch', 'plans', '20261202-030405-generate-three-onex-effect-nodes-user.dispatch.yaml'),
    );
  });

  it('marks an invalid plan before the extension, so it stays a dispatch file', () => {
    expect(path.basename(planFilePath('/ws', 'Fix the 401 in src/auth', now, false))).toBe('20261202-030405-fix-the-401-in-src-auth.invalid.dispatch.yaml');
  });

  it('keeps only letters and digits of any script it can fold, and copes with none', () => {
    expect(path.basename(planFilePath('/ws', 'Réparer   l’été ../../etc', now, true))).toBe('20261202-030405-reparer-l-ete-etc.dispatch.yaml');
    expect(path.basename(planFilePath('/ws', '日本語 ???', now, true))).toBe('20261202-030405.dispatch.yaml');
  });
});
