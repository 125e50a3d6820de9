import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../core/test-support/temp-workspace.js';
import { InputError } from './inputs.js';
import { readMcpConfigInput } from './mcp-config.js';

async function problems(value: string, root: string): Promise<readonly string[]> {
  try {
    await readMcpConfigInput(value, root);
  } catch (error) {
    if (InputError.isInstance(error)) return error.problems;
    throw error;
  }
  throw new Error('expected the value to be refused');
}

describe('readMcpConfigInput', () => {
  it('reads a file relative to the repository root, with cwd and ${workspaceFolder} standing for the root', async () => {
    const root = await tempWorkspace();
    await fs.mkdir(path.join(root, '.github'));
    await fs.writeFile(path.join(root, '.github/mcp.json'), '{ "mcpServers": { "repo": { "command": "npx", "args": ["server", "${workspaceFolder}/src"], "cwd": "tools", }, }, }');
    expect(await readMcpConfigInput('.github/mcp.json', root)).toEqual({ repo: { command: 'npx', args: ['server', `${root}/src`], cwd: path.join(root, 'tools') } });
  });

  it('takes inline JSON, also a YAML block that opens with a comment', async () => {
    const root = await tempWorkspace();
    expect(await readMcpConfigInput('{ "servers": { "web": { "url": "http://127.0.0.1:9/mcp" } } }', root)).toEqual({ web: { type: 'http', url: 'http://127.0.0.1:9/mcp' } });
    expect(await readMcpConfigInput('// the tools\n{ "mcpServers": { "repo": { "command": "x", "cwd": "tools" } } }', root)).toEqual({ repo: { command: 'x', cwd: path.join(root, 'tools') } });
  });

  it('names the input, the file and each place of a problem', async () => {
    const root = await tempWorkspace();
    await fs.writeFile(path.join(root, 'mcp.json'), '{ "mcpServers": { "old": { "type": "sse", "url": "https://x.example/sse" }, "bad name": { "command": "x" } } }');
    const found = await problems('mcp.json', root);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^mcp-config: mcp\.json: mcpServers\.old\.type: /);
    expect(found[1]).toMatch(/^mcp-config: mcp\.json: mcpServers\["bad name"\]: /);
    expect(await problems('{ "tools": {} }', root)).toEqual(['mcp-config (inline JSON): no "mcpServers" (or VS Code\'s "servers") object found']);
    expect(await problems('ci/none.json', root)).toEqual([`mcp-config: cannot read ci/none.json (no such file or folder); give inline JSON ({ "mcpServers": { … } }) or a path relative to the repository root ${root}`]);
  });
});
