import path from 'node:path';

/** What the dispatcher's MCP server for one workspace folder is started with. */
export interface DispatcherServerInputs {
  readonly folderPath: string;
  readonly folderName: string;
  /** Several folders are open: each server's label names its folder. */
  readonly multiRoot: boolean;
  /** The bundled command (`dist/cli/bin/pdispatch.js`). */
  readonly cliPath: string;
  /** The editor's own Node (`process.execPath`; Electron run as Node on the desktop). */
  readonly nodePath: string;
  /** The extension's version: a new one tells the editor the tools may have changed. */
  readonly version: string;
  readonly trusted: boolean;
  readonly settings: {
    readonly model: string | undefined;
    readonly modelBaseUrl: string | undefined;
    readonly maxWorkers: number | undefined;
    /** Absolute; undefined means the folder's `traces`. */
    readonly traceDir: string | undefined;
    readonly allowShell: boolean;
  };
  /** The extension host's environment: the editor's own variables are kept from the server. */
  readonly hostEnv: Readonly<Record<string, string | undefined>>;
}

/** A stdio MCP server as the editor starts it (`vscode.McpStdioServerDefinition`'s fields). */
export interface ServerLaunch {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** Set over the extension host's environment; null removes a variable. */
  readonly env: Readonly<Record<string, string | null>>;
  readonly version: string;
}

export const DISPATCHER_SERVER_LABEL = 'Parallel Dispatcher';

/**
 * `node pdispatch.js mcp --workspace <folder>` with the extension's settings as flags. Traces go
 * to the folder the Dispatches view reads (the setting's, else `<folder>/traces`), so dispatches an
 * agent starts show in the tree. Commands run only in a trusted workspace with `allowShell` on.
 */
export function dispatcherServerLaunch(inputs: DispatcherServerInputs): ServerLaunch {
  const { settings } = inputs;
  const args = [inputs.cliPath, 'mcp', '--workspace', inputs.folderPath, '--trace-dir', settings.traceDir ?? path.join(inputs.folderPath, 'traces')];
  if (settings.maxWorkers !== undefined) args.push('--max-workers', String(settings.maxWorkers));
  if (settings.model !== undefined) args.push('--model', settings.model);
  if (settings.model !== undefined && settings.modelBaseUrl !== undefined) args.push('--base-url', settings.modelBaseUrl);
  if (inputs.trusted && settings.allowShell) args.push('--allow-shell');
  const env: Record<string, string | null> = {};
  // The editor's IPC handles are not the server's (nor its tasks') to use.
  for (const name of Object.keys(inputs.hostEnv)) if (name.startsWith('VSCODE_')) env[name] = null;
  env.ELECTRON_RUN_AS_NODE = '1';
  return {
    label: inputs.multiRoot ? `${DISPATCHER_SERVER_LABEL} (${inputs.folderName})` : DISPATCHER_SERVER_LABEL,
    command: inputs.nodePath,
    args,
    cwd: inputs.folderPath,
    env,
    version: inputs.version,
  };
}
