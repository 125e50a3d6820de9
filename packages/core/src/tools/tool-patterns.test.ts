import { describe, expect, it } from 'vitest';
import { modelFacingNames, patternsMatch, serversMatched } from './tool-patterns.js';

describe('tool patterns', () => {
  it('match server.tool with * as any run of characters, the tool part keeping its dots', () => {
    const matches = patternsMatch(['docs.*', 'files.read_*', '*.version.get']);
    expect(matches('docs', 'search')).toBe(true);
    expect(matches('files', 'read_text_file')).toBe(true);
    expect(matches('files', 'write_file')).toBe(false);
    expect(matches('git', 'version.get')).toBe(true);
    expect(matches('git', 'versionXget')).toBe(false);
    expect(serversMatched(['docs.*', 'fi*.x'], ['docs', 'files', 'git'])).toEqual(['docs', 'files']);
  });

  it('make model-facing names that fit ^[A-Za-z0-9_-]{1,64}$ and never clash', () => {
    const long = 'a'.repeat(70);
    const names = modelFacingNames([
      { server: 'docs', tool: 'search' },
      { server: 'docs', tool: 'search.v2' },
      { server: 'docs', tool: 'search/v2' },
      { server: 'files', tool: long },
      { server: 'files', tool: `${long}b` },
    ]);
    expect(names.slice(0, 3)).toEqual(['docs__search', 'docs__search_v2', 'docs__search_v2_2']);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(new Set(names).size).toBe(names.length);
    expect(names[4]).toMatch(/_2$/);
  });
});
