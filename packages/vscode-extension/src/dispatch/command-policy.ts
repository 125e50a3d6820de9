export const COMMANDS_REFUSED_UNTRUSTED = 'this workspace is not trusted; trust it to run shell and command agents';
export const COMMANDS_REFUSED_SETTING = 'the setting parallelDispatcher.allowShell is off';

/** Whether shell tasks, command agents and check commands may run (and be planned): Workspace Trust and the setting. */
export function commandPolicy(allowShell: boolean, trusted: boolean): { readonly allowCommands: boolean; readonly commandsRefusedHint: string; readonly fileIsUntrusted: boolean } {
  return {
    allowCommands: trusted && allowShell,
    commandsRefusedHint: trusted ? COMMANDS_REFUSED_SETTING : COMMANDS_REFUSED_UNTRUSTED,
    fileIsUntrusted: !trusted,
  };
}
