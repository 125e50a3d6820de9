import { describe, expect, it } from 'vitest';
import { commandPolicy } from './command-policy.js';

describe('commandPolicy', () => {
  it('allows commands only in a trusted workspace with the setting on, and names what refused them', () => {
    expect(commandPolicy(true, true)).toMatchObject({ allowCommands: true, fileIsUntrusted: false });
    expect(commandPolicy(false, true)).toEqual({ allowCommands: false, commandsRefusedHint: 'the setting parallelDispatcher.allowShell is off', fileIsUntrusted: false });
    expect(commandPolicy(true, false)).toEqual({
      allowCommands: false,
      commandsRefusedHint: expect.stringMatching(/not trusted/),
      fileIsUntrusted: true,
      mcpServersRefusedHint: 'this workspace is not trusted; trust it to use the MCP servers its dispatch files and .vscode/mcp.json define',
    });
  });
});
