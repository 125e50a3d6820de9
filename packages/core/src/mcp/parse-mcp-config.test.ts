import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DispatchValidationError } from '../errors/validation-error.js';
import { parseMcpConfig } from './parse-mcp-config.js';

const baseDir = path.resolve('/work/project');

function problems(text: string): string {
  try {
    parseMcpConfig(text, '.mcp.json', { baseDir });
  } catch (error) {
    if (DispatchValidationError.isInstance(error)) return error.message;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('parseMcpConfig', () => {
  it('reads mcpServers with comments and trailing commas, resolving cwd against the base directory', () => {
    const servers = parseMcpConfig(
      `{
        // the docs server
        "mcpServers": {
          "files": { "command": "npx", "args": ["-y", "server-filesystem", "."], "cwd": "tools", "env": { "DOCS_TOKEN": "\${DOCS_TOKEN}" }, },
          "docs": { "type": "http", "url": "https://docs.example/mcp", "headers": { "Authorization": "Bearer \${env:DOCS_TOKEN}" } },
        },
      }`,
      '.mcp.json',
      { baseDir },
    );
    expect(servers).toEqual({
      files: { command: 'npx', args: ['-y', 'server-filesystem', '.'], cwd: path.join(baseDir, 'tools'), env: { DOCS_TOKEN: '${DOCS_TOKEN}' } },
      docs: { type: 'http', url: 'https://docs.example/mcp', headers: { Authorization: 'Bearer ${env:DOCS_TOKEN}' } },
    });
  });

  it("reads VS Code's servers, telling stdio from http by type or by url", () => {
    const servers = parseMcpConfig(
      '{ "inputs": [], "servers": { "git": { "type": "stdio", "command": "uvx", "args": ["mcp-server-git", "--repository", "${workspaceFolder}"] }, "web": { "url": "http://127.0.0.1:9/mcp" } } }',
      'mcp.json',
      { baseDir },
    );
    expect(servers).toEqual({ git: { command: 'uvx', args: ['mcp-server-git', '--repository', baseDir] }, web: { type: 'http', url: 'http://127.0.0.1:9/mcp' } });
  });

  it('refuses what it cannot honour, each at its place', () => {
    const message = problems(
      JSON.stringify({
        servers: {
          old: { type: 'sse', url: 'https://x.example/sse' },
          prompted: { command: 'x', env: { TOKEN: '${input:token}' } },
          fromFile: { command: 'x', envFile: '${workspaceFolder}/.env' },
          typo: { command: 'x', argz: [] },
          weird: { type: 'websocket', url: 'ws://x' },
        },
      }),
    );
    expect(message).toContain('.mcp.json is invalid (5 problems)');
    expect(message).toContain('servers.old.type: the old HTTP+SSE transport is not supported');
    expect(message).toContain('servers.prompted.env.TOKEN: "${input:…}" asks the editor to prompt');
    expect(message).toContain('servers.fromFile.envFile: an env file is not read');
    expect(message).toContain('servers.typo');
    expect(message).toContain('argz');
    expect(message).toContain('servers.weird.type: type must be "stdio" or "http"');
  });

  it('refuses secrets written out, and takes them as references', () => {
    const message = problems(
      JSON.stringify({
        mcpServers: {
          docs: { url: 'https://docs.example/mcp', headers: { Authorization: 'Bearer abcdef0123456789abcdef' } },
          files: { command: 'x', env: { GITHUB_TOKEN: 'ghp_abcdefghijklmnopqrstuvwxyz012345', LOG_LEVEL: 'debug-verbose-mode', UPSTREAM: 'sk-proj-abcdefghijklmnop' } },
        },
      }),
    );
    expect(message).toContain('mcpServers.docs.headers.Authorization: a secret must not be written in the file; take it from a variable: "Bearer ${TOKEN_NAME}"');
    expect(message).toContain('mcpServers.files.env.GITHUB_TOKEN, mcpServers.files.env.UPSTREAM: a secret must not be written in the file');
    expect(message).not.toContain('LOG_LEVEL');
    expect(message).not.toContain('ghp_');
  });

  it('names the line and column of a syntax error, and a missing servers object', () => {
    expect(problems('{ "mcpServers": { "a": { "command": "x" } ')).toMatch(/\.mcp\.json is invalid \(1 problem\):\n {2}- line 1, column \d+: not valid JSON: a closing "}" was expected/);
    expect(problems('{ "tools": {} }')).toContain('no "mcpServers" (or VS Code\'s "servers") object found');
    expect(problems('{ "mcpServers": { "bad name": { "command": "x" } } }')).toContain('mcpServers["bad name"]: an MCP server name holds only letters');
  });
});
