import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PathPolicy } from '../../paths/path-policy.js';
import { tempWorkspace } from '../../../test-support/temp-workspace.js';
import { debugInputSchema } from './debug-input.js';
import { gatherEvidence } from './gather-evidence.js';
import { searchSymbols } from './search-symbols.js';
import { git, testEnv } from '../../../test-support/debug-task.js';
import { MemoryRecorder } from '../../../test-support/scripted-model.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function gather(workspace: string, input: Record<string, unknown>, signal = new AbortController().signal) {
  const recorder = new MemoryRecorder();
  const evidence = await gatherEvidence({
    input: debugInputSchema.parse({ problem_description: '401 errors during login', ...input }),
    workspace,
    paths: new PathPolicy(workspace),
    env: testEnv,
    signal,
    recorder,
  });
  return { evidence, recorder };
}

async function write(root: string, file: string, content: string): Promise<string> {
  const absolute = path.join(root, file);
  await fs.mkdir(path.dirname(absolute), { recursive: true });
  await fs.writeFile(absolute, content);
  return absolute;
}

const numbered = (count: number, prefix = 'line') => Array.from({ length: count }, (_, index) => `${prefix} ${index + 1}`).join('\n') + '\n';

describe('gathering evidence', () => {
  it('reads the affected files with their hashes and notes a missing one without failing', async () => {
    const workspace = await tempWorkspace();
    const content = 'def authenticate(token):\n    return verify(token)\n';
    await write(workspace, 'auth/authenticator.py', content);
    const { evidence, recorder } = await gather(workspace, { affected_files: ['auth/authenticator.py', 'auth/gone.py'], analysis_depth: 'quick' });
    expect(evidence.files).toEqual([
      { given: 'auth/authenticator.py', path: path.join(workspace, 'auth/authenticator.py'), status: 'read', bytes: content.length, text: content },
      { given: 'auth/gone.py', path: path.join(workspace, 'auth/gone.py'), status: 'not_found', text: '', note: 'not found' },
    ]);
    expect(recorder.files).toEqual([
      { path: path.join(workspace, 'auth/authenticator.py'), action: 'read', sha256: sha256(content), bytes: content.length },
      { path: path.join(workspace, 'auth/gone.py'), action: 'not_found' },
    ]);
    expect(evidence.filesRead).toBe(1);
    expect(recorder.progressMessages).toContain('reading 2 affected files');
  });

  it('shows each file up to 64 KiB and all of them up to 256 KiB, saying what was left out', async () => {
    const workspace = await tempWorkspace();
    const names = ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt'];
    for (const name of names) await write(workspace, name, 'x'.repeat(70 * 1024));
    const { evidence } = await gather(workspace, { affected_files: names, analysis_depth: 'quick' });
    expect(evidence.files.map((file) => [file.text.length, file.note])).toEqual([
      ...names.slice(0, 4).map(() => [65536, 'truncated: only the first 65536 of 71680 bytes are shown']),
      [0, 'not shown: the 256 KiB budget for file contents is spent'],
    ]);
    expect(evidence.filesRead).toBe(5);
  });

  it('shows the lines around each frame with the frame line marked', async () => {
    const workspace = await tempWorkspace();
    const file = await write(workspace, 'auth/authenticator.py', numbered(40));
    const trace = `Traceback (most recent call last):\n  File "${file}", line 20, in authenticate\nAuthenticationError: bad signature`;
    const { evidence, recorder } = await gather(workspace, { error_traces: [trace], analysis_depth: 'quick' });
    expect(evidence.frames).toHaveLength(1);
    const [frame] = evidence.frames;
    expect(frame!.path).toBe(file);
    expect(frame!.window).toMatchObject({ startLine: 12, endLine: 28 });
    const rows = frame!.window!.text.split('\n');
    expect(rows).toHaveLength(17);
    expect(rows[0]).toBe('  12 | line 12');
    expect(rows[8]).toBe('> 20 | line 20');
    expect(rows[16]).toBe('  28 | line 28');
    expect(recorder.files).toEqual([{ path: file, action: 'read', sha256: sha256(numbered(40)), bytes: numbered(40).length }]);
    expect(recorder.progressMessages).toContain('found 1 file:line frame in 1 error trace');
  });

  it('attaches "at line 42" to the one affected file and shows its source there', async () => {
    const workspace = await tempWorkspace();
    await write(workspace, 'auth/authenticator.py', numbered(50));
    const { evidence } = await gather(workspace, {
      affected_files: ['auth/authenticator.py'],
      error_traces: ['AuthenticationError: Invalid token signature at line 42'],
      analysis_depth: 'quick',
    });
    expect(evidence.frames[0]).toMatchObject({ frame: { format: 'text', line: 42 }, path: path.join(workspace, 'auth/authenticator.py') });
    expect(evidence.frames[0]!.window!.text).toContain('> 42 | line 42');
    expect(evidence.filesRead).toBe(1);
  });

  it('says when a frame line is past the end of its file', async () => {
    const workspace = await tempWorkspace();
    const file = await write(workspace, 'short.js', 'a\nb\n');
    const { evidence } = await gather(workspace, { error_traces: [`Error: x\n    at f (${file}:9:1)`], analysis_depth: 'quick' });
    expect(evidence.frames[0]).toMatchObject({ path: file, note: 'line 9 is past the end of the file (2 lines)' });
    expect(evidence.frames[0]!.window).toBeUndefined();
  });

  it('finds files a trace names under another root (a container, a CI machine) by their path tail', async () => {
    const workspace = await tempWorkspace();
    await write(workspace, 'src/auth.js', numbered(12));
    await write(workspace, 'test/auth.js', 'other');
    const { evidence } = await gather(workspace, { error_traces: ['Error: x\n    at verify (/home/runner/work/app/src/auth.js:5:3)'], analysis_depth: 'quick' });
    expect(evidence.frames[0]).toMatchObject({ path: path.join(workspace, 'src/auth.js'), note: 'found in the workspace as src/auth.js' });
    expect(evidence.frames[0]!.window!.text).toContain('>  5 | line 5');
  });

  it("finds a Java frame's file by its package directory", async () => {
    const workspace = await tempWorkspace();
    await write(workspace, 'legacy/TokenValidator.java', 'old');
    const file = await write(workspace, 'src/main/java/com/acme/auth/TokenValidator.java', numbered(50));
    const trace = 'com.acme.auth.AuthenticationException: bad\n\tat com.acme.auth.TokenValidator.validate(TokenValidator.java:42)';
    const { evidence } = await gather(workspace, { error_traces: [trace], analysis_depth: 'quick' });
    expect(evidence.frames[0]).toMatchObject({ path: file, frame: { className: 'com.acme.auth.TokenValidator' } });
    expect(evidence.frames[0]!.note).toBeUndefined();
    expect(evidence.frames[0]!.window!.text).toContain('> 42 | line 42');
  });

  it('never reads outside the allowed roots, whatever the traces and files name', async () => {
    const workspace = await tempWorkspace();
    const outside = await tempWorkspace('pdispatch-outside-');
    const secret = await write(outside, 'secret.py', 'API_KEY = "do-not-read"\n');
    await fs.symlink(secret, path.join(workspace, 'linked.py'));
    const trace = [
      'Traceback (most recent call last):',
      '  File "/etc/passwd", line 1, in <module>',
      `  File "${secret}", line 1, in load`,
      `  File "${path.join(workspace, 'linked.py')}", line 1, in load`,
      'KeyError: x',
    ].join('\n');
    const { evidence, recorder } = await gather(workspace, { affected_files: [secret], error_traces: [trace], analysis_depth: 'standard' });
    expect(recorder.files).toEqual([]);
    expect(evidence.filesRead).toBe(0);
    expect(evidence.files).toEqual([expect.objectContaining({ given: secret, status: 'outside_roots', text: '' })]);
    expect(evidence.frames.map((frame) => [frame.frame.file, frame.path, frame.note])).toEqual([
      ['/etc/passwd', undefined, 'outside the allowed roots: not read'],
      [secret, undefined, 'outside the allowed roots: not read'],
      [path.join(workspace, 'linked.py'), undefined, 'outside the allowed roots: not read'],
    ]);
    expect(JSON.stringify(evidence)).not.toContain('do-not-read');
    expect(JSON.stringify(evidence)).not.toContain('root:');
  });

  it('searches the workspace for the symbols of the traces at standard, skipping dependencies, build output and binaries', async () => {
    const workspace = await tempWorkspace();
    await write(workspace, 'auth/errors.py', 'import base\n\nclass AuthenticationError(Exception):\n    pass\n');
    await write(workspace, 'auth/authenticator.py', 'from auth.errors import AuthenticationError\n\ndef authenticate(token):\n    raise AuthenticationError("bad")\n');
    await write(workspace, 'node_modules/lib/index.js', 'class AuthenticationError {}\n');
    await write(workspace, 'dist/bundle.js', 'class AuthenticationError {}\n');
    await write(workspace, 'assets/blob.dat', 'AuthenticationError\0binary');
    const input = { error_traces: ['AuthenticationError: Invalid token signature at line 42'] };
    const { evidence, recorder } = await gather(workspace, { ...input, analysis_depth: 'standard' });
    expect(evidence.search?.symbols).toEqual(['AuthenticationError']);
    expect(evidence.search?.matches).toEqual([
      { symbol: 'AuthenticationError', file: 'auth/errors.py', line: 3, text: 'class AuthenticationError(Exception):' },
      { symbol: 'AuthenticationError', file: 'auth/authenticator.py', line: 1, text: 'from auth.errors import AuthenticationError' },
      { symbol: 'AuthenticationError', file: 'auth/authenticator.py', line: 4, text: 'raise AuthenticationError("bad")' },
    ]);
    expect(evidence.search?.filesScanned).toBe(2);
    expect(recorder.files).toEqual([]); // searched lines are evidence, not files read
    expect(recorder.progressMessages).toEqual(expect.arrayContaining(['searching the workspace for AuthenticationError', 'found 3 matches in 2 files searched']));

    const quick = await gather(workspace, { ...input, analysis_depth: 'quick' });
    expect(quick.evidence.search).toBeUndefined();
    expect(quick.recorder.progressMessages.some((message) => message.startsWith('searching'))).toBe(false);
  });

  it('keeps at most 50 matches, shared among the symbols, and stops when the task is aborted', async () => {
    const workspace = await tempWorkspace();
    await write(workspace, 'many.py', Array.from({ length: 200 }, () => 'refresh_token(); verifyToken()').join('\n'));
    const { evidence } = await gather(workspace, { error_traces: ['ValueError: refresh_token failed in verifyToken'] });
    expect(evidence.search?.matches).toHaveLength(50);
    expect(evidence.search?.matches.filter((match) => match.symbol === 'refresh_token')).toHaveLength(25);
    expect(evidence.search?.limitNote).toMatch(/^50 of \d+ or more matches are shown$/);

    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(searchSymbols({ workspace, files: ['many.py'], symbols: ['verifyToken'], signal: controller.signal })).rejects.toThrow('stopped');
  });

  it('reads the git history of the implicated lines at deep, and only there', async () => {
    const workspace = await tempWorkspace();
    const first = numbered(30);
    const file = await write(workspace, 'auth/token_manager.py', first);
    git(workspace, 'init', '-q');
    git(workspace, 'add', '.');
    git(workspace, 'commit', '-q', '-m', 'Add the token manager');
    await fs.writeFile(file, first.replace('line 20\n', 'refresh_without_lock()\n'));
    git(workspace, 'commit', '-q', '-am', 'Refresh tokens without the lock');
    const trace = `Traceback (most recent call last):\n  File "${file}", line 20, in refresh\nTokenExpiredError: expired`;

    const { evidence, recorder } = await gather(workspace, { error_traces: [trace], analysis_depth: 'deep' });
    expect(evidence.history).toHaveLength(1);
    const [history] = evidence.history!;
    expect(history).toMatchObject({ path: file, lines: { start: 15, end: 25 } });
    expect(history!.entries.map((entry) => [entry.subject, entry.author])).toEqual([
      ['Refresh tokens without the lock', 'Dev'],
      ['Add the token manager', 'Dev'],
    ]);
    expect(history!.entries[0]!.commit).toMatch(/^[0-9a-f]{7,}$/);
    expect(history!.entries[0]!.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(history!.entries[0]!.diff).toContain('-line 20\n+refresh_without_lock()');
    expect(recorder.progressMessages).toContain('reading the git history of 1 location');

    const standard = await gather(workspace, { error_traces: [trace], analysis_depth: 'standard' });
    expect(standard.evidence.history).toBeUndefined();
  });

  it('gives the latest commits of an affected file no frame points into, and "no history" for untracked files', async () => {
    const workspace = await tempWorkspace();
    await write(workspace, 'auth/authenticator.py', 'def authenticate():\n    pass\n');
    git(workspace, 'init', '-q');
    git(workspace, 'add', '.');
    git(workspace, 'commit', '-q', '-m', 'Add the authenticator');
    await write(workspace, 'auth/new.py', 'x = 1\n');
    const { evidence } = await gather(workspace, { affected_files: ['auth/authenticator.py', 'auth/new.py'], error_traces: ['x.py at line 1'], analysis_depth: 'deep' });
    expect(evidence.history).toEqual([
      { path: path.join(workspace, 'auth/authenticator.py'), entries: [expect.objectContaining({ subject: 'Add the authenticator', diff: '' })] },
      { path: path.join(workspace, 'auth/new.py'), entries: [], note: 'no history: no commit touches these lines' },
    ]);
  });

  it('records "no history" outside a git repository instead of failing', async () => {
    const workspace = await tempWorkspace();
    const file = await write(workspace, 'app.js', numbered(10));
    const { evidence } = await gather(workspace, { error_traces: [`Error: x\n    at run (${file}:3:1)`], analysis_depth: 'deep' });
    expect(evidence.history).toEqual([{ path: file, lines: { start: 1, end: 8 }, entries: [], note: 'no history: not in a git repository' }]);
  });
});
