import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DispatchValidationError, formatIssue } from '../errors/validation-error.js';
import { readDispatch, type ReadDispatchOptions } from './read-dispatch.js';

const cwd = process.cwd();

function problem(input: Omit<ReadDispatchOptions, 'cwd'>): string {
  try {
    readDispatch({ cwd, ...input });
  } catch (error) {
    if (DispatchValidationError.isInstance(error)) return error.issues.map(formatIssue).join('\n');
    throw error;
  }
  throw new Error('expected the dispatch to be refused');
}

const task = '{ "task_id": "a", "agent": "shell", "input_data": { "command": "true" } }';

describe('readDispatch', () => {
  it('tells the host the workspace and whether changed files are needed', () => {
    const plain = readDispatch({ cwd, text: `{ "tasks": [${task}] }` });
    expect(plain).toMatchObject({ workspace: cwd, needsChangedFiles: false, sourcePath: null });
    const perFile = readDispatch({ cwd, value: { tasks: [{ task_id: 'a', agent: 'shell', for_each: { files: 'changed' } }], workspace_path: '..' } });
    expect(perFile).toMatchObject({ needsChangedFiles: true });
    expect(readDispatch({ cwd, sourcePath: 'x.yaml', text: 'workspace_path: ..\ntasks: []\n' }).workspace).toBe(path.resolve(cwd, '..'));
  });

  it('refuses duplicate JSON keys, naming the object and the place', () => {
    expect(problem({ text: `{ "tasks": [\n  { "task_id": "a", "agent": "shell", "agent": "debug" }\n] }` })).toBe(
      'tasks[0]: not valid JSON at line 2, column 39: duplicate key "agent" (YAML refuses it too; JSON.parse would keep the last)',
    );
  });

  it('gives every JSON syntax error a line and column', () => {
    expect(problem({ text: '{ "tasks": [1, 2,] }' })).toBe('not valid JSON at line 1, column 18: unexpected "]" after a comma (JSON allows no trailing comma)');
    expect(problem({ text: '{ "a": 1, }' })).toBe('not valid JSON at line 1, column 11: unexpected "}" after a comma (JSON allows no trailing comma)');
    expect(problem({ text: '{\n "a": "x\ny" }' })).toMatch(/^not valid JSON at line 2, column 9: control character U\+000A inside a string/);
    expect(problem({ text: '{ "a": 1 } x' })).toBe('not valid JSON at line 1, column 12: unexpected "x" after the end of the document');
  });

  it('locates an unclosed bracket in 8 MB quickly', () => {
    const text = `{ "tasks": [${'[1, 2, 3], '.repeat(800_000)}`;
    const started = Date.now();
    expect(problem({ text })).toMatch(/^not valid JSON at line 1, column \d+: unexpected end of file: a value is missing$/);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(problem({ text: '{ "tasks": [' + '[1]'.repeat(3) })).toMatch(/expected "," or "]" but found "\["/);
    expect(problem({ text: '{ "tasks": [\n' })).toBe('not valid JSON at line 2, column 1: unexpected end of file: a value is missing');
    expect(problem({ text: '{ "tasks": [1\n' })).toBe('not valid JSON at line 2, column 1: unexpected end of file: the "[" at line 1, column 12 is never closed');
  });

  it('says the same for an empty file in JSON and YAML', () => {
    for (const [text, sourcePath] of [['', 'x.json'], ['  \n', 'x.json'], ['', 'x.yaml'], ['# only a comment\n', 'x.yaml'], ['\n\n', undefined]] as const) {
      expect(problem({ text, sourcePath })).toBe('the dispatch file is empty');
    }
  });

  it('gives YAML errors their place once', () => {
    expect(problem({ sourcePath: 'x.yaml', text: 'tasks:\n  - task_id: a\n   agent: shell' })).toBe('not valid YAML at line 3, column 1: Sequence item without - indicator');
  });

  it('refuses YAML alias bombs and unknown aliases with a message', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((name, n) => `${name}: &${name} [${Array(9).fill(`*${'abcdefg'[n]}`).join(', ')}]`)].join('\n');
    expect(problem({ sourcePath: 'x.yaml', text: bomb })).toBe('not valid YAML at line 2, column 8: its aliases expand to more than 100 nodes (an alias bomb?)');
    expect(problem({ sourcePath: 'x.yaml', text: 'tasks:\n  - *nope\n' })).toBe('not valid YAML at line 2, column 5: alias "*nope" names no anchor defined before it');
    expect(problem({ sourcePath: 'x.yaml', text: 'tasks: &x [*x]\n' })).toBe('tasks[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nested more than 64 levels deep');
  });

  it('refuses nesting past 64 levels in JSON, YAML and values, naming where', () => {
    const deep = `{ "tasks": [{ "input_data": { "x": ${'['.repeat(5000)}${']'.repeat(5000)} } }] }`;
    expect(problem({ text: deep })).toMatch(/^tasks\[0\]\.input_data\.x(\[0\])+: nested more than 64 levels deep$/);
    expect(problem({ sourcePath: 'x.yaml', text: `tasks: ${'['.repeat(5000)}${']'.repeat(5000)}` })).toMatch(/nested more than 64 levels deep/);
    let value: unknown = 1;
    for (let n = 0; n < 100; n++) value = { x: value };
    expect(problem({ value: { tasks: [value] } })).toMatch(/^tasks\[0\](\.x)+: nested more than 64 levels deep$/);
  });

  it('refuses prototype keys instead of dropping them', () => {
    expect(problem({ text: `{ "tasks": [${task}], "__proto__": { "x": 1 } }` })).toBe('the key "__proto__" is not allowed (JavaScript would drop or misread it)');
    expect(problem({ sourcePath: 'x.yaml', text: 'tasks:\n  - task_id: a\n    input_data: { constructor: 1 }\n' })).toBe('tasks[0].input_data: the key "constructor" is not allowed (JavaScript would drop or misread it)');
  });

  it('decodes bytes strictly, and takes a BOM from a file as from stdin', () => {
    const bytes = Buffer.concat([Buffer.from('{ "tasks": [\n  { "task_id": "a'), Buffer.from([0xff]), Buffer.from('" }] }')]);
    expect(problem({ bytes })).toBe('not valid UTF-8: byte 30 (line 2, column 18) is 0xff; save the file as UTF-8');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`{ "tasks": [${task}] }`)]);
    expect(readDispatch({ cwd, bytes: withBom, sourcePath: 'x.json' }).value).toMatchObject({ tasks: [{ task_id: 'a' }] });
    expect(readDispatch({ cwd, text: `\uFEFFtasks: []\n`, sourcePath: 'x.yaml' }).value).toEqual({ tasks: [] });
  });

  it('refuses a workspace that does not exist', () => {
    expect(problem({ text: `{ "tasks": [${task}], "workspace_path": "no/such/dir" }` })).toMatch(/^workspace_path: the workspace ".*no\/such\/dir" does not exist$/);
    expect(problem({ text: `{ "tasks": [${task}] }`, workspace: '/nonexistent', workspaceName: '--workspace' })).toBe('--workspace: the workspace "/nonexistent" does not exist');
  });
});
