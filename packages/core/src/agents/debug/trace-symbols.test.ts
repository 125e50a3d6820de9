import { describe, expect, it } from 'vitest';
import { parseStackFrames } from './parse-stack-frames.js';
import { traceSymbols } from './trace-symbols.js';

function symbolsOf(traces: string[], description = ''): string[] {
  return traceSymbols(traces, traces.flatMap((trace) => parseStackFrames(trace)), description);
}

describe('traceSymbols', () => {
  it('takes exception classes first, then the functions of the frames, then identifiers of the messages', () => {
    const trace = [
      'Traceback (most recent call last):',
      '  File "/app/auth/authenticator.py", line 42, in authenticate_user',
      '  File "/usr/lib/python3.11/site-packages/jwt/api.py", line 10, in decode_token',
      "KeyError: 'refresh_token'",
    ].join('\n');
    expect(symbolsOf([trace, 'AuthenticationError: Invalid token signature at line 42'])).toEqual(['AuthenticationError', 'authenticate_user', 'refresh_token']);
  });

  it('names methods and their classes, leaving out runtimes, libraries and names every program has', () => {
    const node = ['Error: boom', '    at AuthService.verifyToken (/app/src/auth.js:10:5)', '    at Object.<anonymous> (/app/src/index.js:1:1)', '    at Module._compile (node:internal/modules/cjs/loader:1105:14)'].join('\n');
    const java = ['java.lang.IllegalStateException: x', '\tat com.acme.TokenCache$Entry.refresh(TokenCache.java:9)', '\tat com.acme.TokenCache.lambda$get$0(TokenCache.java:3)', '\tat java.util.HashMap.computeIfAbsent(HashMap.java:1)'].join('\n');
    const go = ['goroutine 1 [running]:', 'main.(*Server).handleLogin(0x1)', '\t/app/server.go:42 +0x1d', 'runtime.goexit()', '\t/usr/local/go/src/runtime/asm_amd64.s:1 +0x1'].join('\n');
    expect(symbolsOf([node])).toEqual(['verifyToken', 'AuthService']);
    expect(symbolsOf([java])).toEqual(['refresh', 'Entry', 'TokenCache']);
    expect(symbolsOf([go])).toEqual(['handleLogin', 'Server']);
  });

  it('takes identifiers from the problem description too, and no plain words', () => {
    expect(symbolsOf([], 'Users get 401 errors because tokenStore returns stale entries from refresh_cache()')).toEqual(['refresh_cache', 'tokenStore']);
    expect(symbolsOf(['JWT token expired at 2025-10-06T12:00:00Z'], 'API endpoints responding 2x slower')).toEqual([]);
  });
});
