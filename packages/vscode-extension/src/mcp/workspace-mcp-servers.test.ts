import { describe, expect, it } from 'vitest';
import { workspaceMcpServers } from './workspace-mcp-servers.js';

const variables = { workspaceFolder: '/work/app', userHome: '/home/ada' };

describe('workspaceMcpServers', () => {
  it('reads VS Code\'s servers, with comments, filling in ${workspaceFolder} and ${userHome}', () => {
    const text = `{
      // what Copilot uses, and the dispatcher too
      "servers": {
        "files": { "type": "stdio", "command": "npx", "args": ["mcp-server-filesystem", "\${workspaceFolder}/src"], "cwd": "\${userHome}" },
        "docs": { "type": "http", "url": "http://127.0.0.1:7777/mcp" },
      },
      "inputs": [],
    }`;
    const { servers, warnings } = workspaceMcpServers(text, '.vscode/mcp.json', variables);
    expect(warnings).toEqual([]);
    expect(servers.files).toMatchObject({ command: 'npx', args: ['mcp-server-filesystem', '/work/app/src'], cwd: '/home/ada' });
    expect(servers.docs).toMatchObject({ url: 'http://127.0.0.1:7777/mcp' });
  });

  it('leaves out servers using ${input:…}, saying why, and keeps the others', () => {
    const text = JSON.stringify({
      inputs: [{ type: 'promptString', id: 'token', password: true }],
      servers: {
        github: { type: 'http', url: 'https://api.githubcopilot.com/mcp/', headers: { Authorization: 'Bearer ${input:token}' } },
        files: { command: 'mcp-server-filesystem', args: ['${workspaceFolder}'] },
      },
    });
    const { servers, warnings } = workspaceMcpServers(text, '.vscode/mcp.json', variables);
    expect(Object.keys(servers)).toEqual(['files']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\.vscode\/mcp\.json: server "github" is left out: it uses \$\{input:token\}, which only VS Code itself can prompt for/);
  });

  it('leaves out a server core refuses (the old SSE transport), naming the file and place', () => {
    const text = JSON.stringify({ servers: { old: { type: 'sse', url: 'http://127.0.0.1:1/sse' }, files: { command: 'mcp-server-filesystem' } } });
    const { servers, warnings } = workspaceMcpServers(text, '.vscode/mcp.json', variables);
    expect(Object.keys(servers)).toEqual(['files']);
    expect(warnings[0]).toMatch(/^\.vscode\/mcp\.json: server "old" is left out: servers\.old\.type: the old HTTP\+SSE transport is not supported/);
  });

  it('says what is wrong with a file that cannot be read at all, and uses none of it', () => {
    const broken = workspaceMcpServers('{ "servers": { "files": { "command": "x" }', '.vscode/mcp.json', variables);
    expect(broken.servers).toEqual({});
    expect(broken.warnings[0]).toMatch(/^\.vscode\/mcp\.json is not used: line 1, column \d+: not valid JSON/);
    expect(workspaceMcpServers('{ "inputs": [] }', '.vscode/mcp.json', variables).warnings[0]).toMatch(/^\.vscode\/mcp\.json is not used: .*"servers"/);
  });
});
