export const COMMANDS_REFUSED_UNTRUSTED = 'this workspace is not trusted; trust it to run shell and command agents';
export const COMMANDS_REFUSED_SETTING = 'the setting parallelDispatcher.allowShell is off';
export const MCP_SERVERS_REFUSED_UNTRUSTED = 'this workspace is not trusted; trust it to use the MCP servers its dispatch files and .vscode/mcp.json define';

/**
 * Whether shell tasks, command agents and check commands may run (and be planned), and whether a
 * dispatch file's own MCP servers may start: Workspace Trust and the setting.
 */
export function commandPolicy(
  allowShell: boolean,
  trusted: boolean,
): { readonly allowCommands: boolean; readonly commandsRefusedHint: string; readonly fileIsUntrusted: boolean; readonly mcpServersRefusedHint?: string } {
  return {
    allowCommands: trusted && allowShell,
    commandsRefusedHint: trusted ? COMMANDS_REFUSED_SETTING : COMMANDS_REFUSED_UNTRUSTED,
    fileIsUntrusted: !trusted,
    ...(trusted ? {} : { mcpServersRefusedHint: MCP_SERVERS_REFUSED_UNTRUSTED }),
  };
}
