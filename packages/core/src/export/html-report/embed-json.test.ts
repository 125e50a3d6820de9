import { describe, expect, it } from 'vitest';
import { embedJson } from './embed-json.js';

describe('embedJson', () => {
  it('leaves no < in the text, so trace text cannot close the script block, and reads back unchanged', () => {
    const value = { output: '</script><img src=x onerror=alert(1)><!-- \u2028\u2029', nested: ['<b>'] };
    const embedded = embedJson(value);
    expect(embedded).not.toContain('<');
    expect(embedded).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(embedded)).toEqual(value);
  });
});
