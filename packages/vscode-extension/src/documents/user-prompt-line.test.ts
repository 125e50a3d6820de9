import { describe, expect, it } from 'vitest';
import { userPromptLine } from './user-prompt-line.js';

describe('userPromptLine', () => {
  it("finds a YAML plan's top-level user_prompt, not a nested key or a comment", () => {
    expect(userPromptLine('# plan\nuser_prompt: Fix the 401\ntasks: []\n')).toBe(1);
    expect(userPromptLine('tasks:\n  - id: a\n    input:\n      user_prompt: no\n# user_prompt: no\n')).toBeUndefined();
  });

  it("finds a JSON file's user_prompt", () => {
    expect(userPromptLine('{\r\n  "version": 1,\r\n  "user_prompt": "Fix it",\r\n  "tasks": []\r\n}')).toBe(2);
    expect(userPromptLine('{ "tasks": [] }')).toBeUndefined();
  });
});
