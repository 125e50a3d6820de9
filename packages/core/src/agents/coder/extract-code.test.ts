import { describe, expect, it } from 'vitest';
import { extractCode } from './extract-code.js';

describe('extractCode', () => {
  it('takes the block tagged with the language over a longer block in another', () => {
    const reply = ['Install it first:', '```bash', 'pip install psycopg2 sqlalchemy alembic pydantic', '```', 'Then:', '```python', 'x = 1', '```'].join('\n');
    expect(extractCode(reply, 'python')).toEqual({ text: 'x = 1\n', source: 'fence', tag: 'python' });
  });

  it('takes the longest of several blocks in the language, and short tags count', () => {
    const reply = '```ts\nfoo();\n```\n\n```typescript\nexport function foo(): void {}\n```\n';
    expect(extractCode(reply, 'typescript')?.text).toBe('export function foo(): void {}\n');
  });

  it('falls back to the longest block when none names the language', () => {
    const reply = '```\nshort\n```\n```text\nthe longer one\n```';
    expect(extractCode(reply, 'python')?.text).toBe('the longer one\n');
  });

  it('reads info strings with attributes, tilde fences, longer fences holding shorter ones', () => {
    expect(extractCode('```python title=x.py\nprint(1)\n```', 'python')?.text).toBe('print(1)\n');
    expect(extractCode('~~~py\nprint(2)\n~~~', 'python')?.text).toBe('print(2)\n');
    const markdown = '````markdown\n# Title\n\n```js\nrun();\n```\n````';
    expect(extractCode(markdown, 'markdown')?.text).toBe('# Title\n\n```js\nrun();\n```\n');
  });

  it('turns CRLF into LF and trims blank lines around the code, keeping indentation', () => {
    expect(extractCode('Here:\r\n```js\r\n\r\n  if (a) {\r\n    b();\r\n  }\r\n\r\n```\r\n', 'javascript')?.text).toBe('  if (a) {\n    b();\n  }\n');
  });

  it('removes the indentation of an indented fence from its lines', () => {
    expect(extractCode('  ```js\n  a();\n    b();\n  ```', 'javascript')?.text).toBe('a();\n  b();\n');
  });

  it('runs an unclosed block to the end of the reply', () => {
    expect(extractCode('```python\ndef f():\n    return 1\n', 'python')?.text).toBe('def f():\n    return 1\n');
  });

  it('takes a reply without fences whole when it has no sentence around the code', () => {
    expect(extractCode('import os\n\nprint(os.getcwd())\n', 'python')).toEqual({ text: 'import os\n\nprint(os.getcwd())\n', source: 'whole-reply', tag: '' });
    expect(extractCode('{ "a": 1 }', 'json')?.source).toBe('whole-reply');
  });

  it('takes nothing from prose without fences', () => {
    expect(extractCode('Here is the code you asked for:\nimport os', 'python')).toBeUndefined();
    expect(extractCode('import os\nLet me know if you need anything else.', 'python')).toBeUndefined();
    expect(extractCode('I cannot help with that request.', 'typescript')).toBeUndefined();
  });

  it('takes prose whole for prose languages', () => {
    expect(extractCode('This is the readme.\nIt has sentences.', 'text')?.text).toBe('This is the readme.\nIt has sentences.\n');
  });

  it('returns undefined for empty replies and empty blocks', () => {
    expect(extractCode('', 'python')).toBeUndefined();
    expect(extractCode('  \n\n', 'python')).toBeUndefined();
    expect(extractCode('```python\n\n```', 'python')).toBeUndefined();
  });

  it('does not take inline triple backticks for a fence', () => {
    expect(extractCode('```x``` is not a fence\n```js\nok();\n```', 'javascript')?.text).toBe('ok();\n');
  });
});
