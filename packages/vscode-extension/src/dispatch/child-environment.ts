/**
 * The environment agents' child processes get: the editor's, minus what belongs to the editor
 * itself (its IPC handles and the flag that turns Electron into plain Node), which a task's
 * command has no business talking to.
 */
export function childEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (name.startsWith('VSCODE_') || name === 'ELECTRON_RUN_AS_NODE' || name === 'ELECTRON_NO_ATTACH_CONSOLE') continue;
    result[name] = value;
  }
  return result;
}
