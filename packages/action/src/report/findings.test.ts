import { describe, expect, it } from 'vitest';
import { findingsOf } from './findings.js';

describe('findingsOf', () => {
  it("reads affected_locations and evidence with a file and a line, most confident first", () => {
    const output = {
      root_cause: 'the session cookie is dropped on redirect',
      confidence: 0.7,
      affected_locations: [
        { file: 'src/auth/login.ts', line: 42, description: 'cookie not forwarded', confidence: 0.9 },
        { file: 'src/auth/session.ts', line: '7', end_line: 9 },
        { file: 'src/auth/no-line.ts' },
      ],
      evidence: ['src/auth/login.ts:42', 'logs/auth.log:3:1', 'not a location'],
    };
    expect(findingsOf('debug-auth', output)).toEqual([
      { taskId: 'debug-auth', file: 'src/auth/login.ts', line: 42, endLine: undefined, message: 'cookie not forwarded', confidence: 0.9 },
      { taskId: 'debug-auth', file: 'logs/auth.log', line: 3, endLine: undefined, message: 'the session cookie is dropped on redirect', confidence: 0.7 },
      { taskId: 'debug-auth', file: 'src/auth/session.ts', line: 7, endLine: 9, message: 'the session cookie is dropped on redirect', confidence: 0.7 },
    ]);
  });

  it("reads the debug agent's output: evidence explained, affected locations with the root cause and the fix", () => {
    const output = {
      root_cause: 'login() returns before the session is saved.',
      confidence: 0.82,
      evidence: [
        { file: 'src/auth/login.ts', line: 42, excerpt: 'return res.redirect(next);', explanation: 'redirects before session.save() resolves' },
        { file: 'src/auth/session.ts', line: null, excerpt: '…', explanation: 'the whole file' },
      ],
      hypotheses: [{ hypothesis: 'cookie domain', verdict: 'refuted', reasoning: 'the domain matches' }],
      suggested_fix: 'await session.save() before redirecting',
      affected_locations: [{ file: 'src/auth/login.ts', line: 41 }, { file: 'src/auth/login.ts', line: null }],
      evidence_gathered: { files_read: 2, files_missing: [], frames: 1, symbol_matches: 0, history_entries: 0 },
    };
    expect(findingsOf('debug-login', output)).toEqual([
      { taskId: 'debug-login', file: 'src/auth/login.ts', line: 41, endLine: undefined, message: 'login() returns before the session is saved. Suggested fix: await session.save() before redirecting', confidence: 0.82 },
      { taskId: 'debug-login', file: 'src/auth/login.ts', line: 42, endLine: undefined, message: 'redirects before session.save() resolves', confidence: 0.82 },
    ]);
  });

  it('finds locations in nested hypotheses, inheriting their confidence; words and percentages count', () => {
    const output = {
      hypotheses: [
        { hypothesis: 'race in the token refresh', confidence: 'low', evidence: [{ path: 'src/token.ts', line_number: 10 }] },
        { hypothesis: 'wrong clock skew', confidence: '85%', affected_locations: [{ file: 'src/clock.ts', lines: { start: 3, end: 5 } }] },
      ],
    };
    const findings = findingsOf('d', output);
    expect(findings.map((finding) => [finding.file, finding.line, finding.confidence, finding.message])).toEqual([
      ['src/clock.ts', 3, 0.85, 'wrong clock skew'],
      ['src/token.ts', 10, 0.3, 'race in the token refresh'],
    ]);
  });

  it("uses the task's own file (for_each) for a location with only a line", () => {
    expect(findingsOf('review.a', { affected_locations: [{ line: 5, reason: 'off by one' }] }, 'src/a.ts')[0]).toMatchObject({ file: 'src/a.ts', line: 5 });
  });

  it('is empty for outputs without locations', () => {
    expect(findingsOf('x', null)).toEqual([]);
    expect(findingsOf('x', { text: 'hello' })).toEqual([]);
    expect(findingsOf('x', { affected_locations: [{ file: 'a.ts', line: 0 }, { file: 'b.ts', line: -1 }, 'c.ts'] })).toEqual([]);
  });
});
