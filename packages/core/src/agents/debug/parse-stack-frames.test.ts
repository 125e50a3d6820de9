import { describe, expect, it } from 'vitest';
import { parseStackFrames } from './parse-stack-frames.js';

describe('parseStackFrames', () => {
  it('reads Python tracebacks, skipping frames of no file', () => {
    const trace = [
      'Traceback (most recent call last):',
      '  File "/srv/app/auth/authenticator.py", line 42, in authenticate',
      '    return verify(token)',
      '  File "<string>", line 1, in <module>',
      '  File "auth/token_manager.py", line 7, in <module>',
      'AuthenticationError: Invalid token signature',
    ].join('\n');
    expect(parseStackFrames(trace)).toEqual([
      { format: 'python', file: '/srv/app/auth/authenticator.py', line: 42, function: 'authenticate', text: 'File "/srv/app/auth/authenticator.py", line 42, in authenticate' },
      { format: 'python', file: 'auth/token_manager.py', line: 7, function: '<module>', text: 'File "auth/token_manager.py", line 7, in <module>' },
    ]);
  });

  it('reads Node.js stacks: named, anonymous, async and file: URL frames, not Node internals', () => {
    const trace = [
      'TypeError: Cannot read properties of undefined (reading "id")',
      '    at AuthService.verify (/app/src/auth.js:10:5)',
      '    at /app/src/index.js:3:1',
      '    at async handle (file:///app/src/server.mjs:20:7)',
      '    at new Session (C:\\app\\session.js:4:9)',
      '    at Array.map (<anonymous>)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ].join('\r\n');
    const frames = parseStackFrames(trace);
    expect(frames.map(({ format, file, line, column, function: fn }) => ({ format, file, line, column, fn }))).toEqual([
      { format: 'node', file: '/app/src/auth.js', line: 10, column: 5, fn: 'AuthService.verify' },
      { format: 'node', file: '/app/src/index.js', line: 3, column: 1, fn: undefined },
      { format: 'node', file: '/app/src/server.mjs', line: 20, column: 7, fn: 'handle' },
      { format: 'node', file: 'C:\\app\\session.js', line: 4, column: 9, fn: 'Session' },
    ]);
  });

  it('reads Java stack traces with their class, including module prefixes and nested causes', () => {
    const trace = [
      'Exception in thread "main" com.acme.auth.AuthenticationException: bad signature',
      '\tat com.acme.auth.TokenValidator.validate(TokenValidator.java:42)',
      '\tat com.acme.auth.TokenValidator$Cache.get(TokenValidator.java:88)',
      '\tat java.base/java.lang.Thread.run(Thread.java:829)',
      '\tat sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)',
      'Caused by: java.io.IOException: closed',
      '\tat com.acme.io.Reader.read(Reader.java:7) ~[app.jar:?]',
      '\t... 3 more',
    ].join('\n');
    expect(parseStackFrames(trace).map(({ file, line, function: fn, className }) => ({ file, line, fn, className }))).toEqual([
      { file: 'TokenValidator.java', line: 42, fn: 'validate', className: 'com.acme.auth.TokenValidator' },
      { file: 'TokenValidator.java', line: 88, fn: 'get', className: 'com.acme.auth.TokenValidator$Cache' },
      { file: 'Thread.java', line: 829, fn: 'run', className: 'java.lang.Thread' },
      { file: 'Reader.java', line: 7, fn: 'read', className: 'com.acme.io.Reader' },
    ]);
    expect(parseStackFrames(trace).every((frame) => frame.format === 'java')).toBe(true);
  });

  it('reads Go panics, taking each function from the line before its location', () => {
    const trace = [
      'panic: runtime error: invalid memory address or nil pointer dereference',
      'goroutine 1 [running]:',
      'main.(*Server).handle(0xc000010000, {0x1, 0x2})',
      '\t/home/ci/app/server.go:42 +0x1d',
      'main.main()',
      '\t/home/ci/app/main.go:12 +0x25',
    ].join('\n');
    expect(parseStackFrames(trace)).toEqual([
      { format: 'go', file: '/home/ci/app/server.go', line: 42, function: 'main.(*Server).handle', text: '/home/ci/app/server.go:42 +0x1d' },
      { format: 'go', file: '/home/ci/app/main.go', line: 12, function: 'main.main', text: '/home/ci/app/main.go:12 +0x25' },
    ]);
  });

  it('reads `file.go:42:` messages from go test, vet and the compiler', () => {
    expect(parseStackFrames('    auth_test.go:42: expected 200, got 401\n./pkg/auth/token.go:17:5: undefined: refresh')).toEqual([
      { format: 'go', file: 'auth_test.go', line: 42, text: 'auth_test.go:42: expected 200, got 401' },
      { format: 'go', file: './pkg/auth/token.go', line: 17, column: 5, text: './pkg/auth/token.go:17:5: undefined: refresh' },
    ]);
  });

  it('attaches a free-text "at line 42" to the only affected file', () => {
    expect(parseStackFrames('AuthenticationError: Invalid token signature at line 42', ['auth/authenticator.py'])).toEqual([
      { format: 'text', file: 'auth/authenticator.py', line: 42, text: 'AuthenticationError: Invalid token signature at line 42' },
    ]);
  });

  it('attaches "at line 42" to the affected file the message names, and to none when it names none of several', () => {
    const files = ['auth/authenticator.py', 'auth/token_manager.py'];
    expect(parseStackFrames('Invalid signature in token_manager.py at line 9', files)).toEqual([
      { format: 'text', file: 'auth/token_manager.py', line: 9, text: 'Invalid signature in token_manager.py at line 9' },
    ]);
    expect(parseStackFrames('AuthenticationError: Invalid token signature at line 42', files)).toEqual([]);
    expect(parseStackFrames('Invalid token signature at line 42')).toEqual([]);
  });

  it('finds nothing in a message without places', () => {
    expect(parseStackFrames('TokenExpiredError: JWT token expired at 2025-10-06T12:00:00Z', ['a.py'])).toEqual([]);
  });
});
