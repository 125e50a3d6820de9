import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath } from './display-path.js';
import { pathInsideRoot } from './path-inside-root.js';

describe('pathInsideRoot', () => {
  it('gives the path relative to the root with /, or undefined outside it', () => {
    expect(pathInsideRoot('/w/src/a.ts', '/w')).toBe('src/a.ts');
    expect(pathInsideRoot('/w', '/w')).toBe('');
    expect(pathInsideRoot('/w/', '/w')).toBe('');
    expect(pathInsideRoot('/etc/hosts', '/w')).toBeUndefined();
    expect(pathInsideRoot('/w2/a', '/w')).toBeUndefined();
    expect(pathInsideRoot('/', '/w')).toBeUndefined();
    expect(pathInsideRoot(path.join('/w', '..', 'x'), '/w')).toBeUndefined();
  });

  it('counts a real folder named ..foo as inside', () => {
    expect(pathInsideRoot('/w/..foo/a.txt', '/w')).toBe('..foo/a.txt');
    expect(pathInsideRoot('/w/..', '/w')).toBeUndefined();
  });

  it('shows paths inside the workspace relative to it and others as recorded', () => {
    expect(displayPath('/home/runner/work/app/app/src/a.ts', '/home/runner/work/app/app')).toBe('src/a.ts');
    expect(displayPath('/etc/hosts', '/home/runner/work/app/app')).toBe('/etc/hosts');
    expect(displayPath('/w', '/w')).toBe('/w');
  });
});
