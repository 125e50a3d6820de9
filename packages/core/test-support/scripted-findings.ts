/** Findings a model might return, valid against the findings schema. */
export function scriptedFindings(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    root_cause: 'The token is verified before it is refreshed',
    confidence: 0.8,
    evidence: [{ file: 'auth.py', line: 3, excerpt: 'verify(token)', explanation: 'verification uses the stale token' }],
    hypotheses: [],
    suggested_fix: 'Refresh the token before verifying it',
    affected_locations: [{ file: 'auth.py', line: 3 }],
    ...overrides,
  };
}
