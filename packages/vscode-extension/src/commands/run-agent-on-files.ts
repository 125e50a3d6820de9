import fs from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { builtInAgents, pathInsideRoot, prepareDispatch } from '@parallel-dispatcher/core';
import type { RunOutcome } from '../dispatch/dispatch-runner.js';
import { agentChoices, type AgentChoice } from '../selected-files/agent-choices.js';
import { selectedFilesDispatch } from '../selected-files/selected-files-dispatch.js';
import { readSettings } from '../settings/extension-settings.js';
import { explorerSelection } from './explorer-selection.js';
import type { Services } from './services.js';

/** Tests and scripts can skip the two questions. */
export interface RunAgentOptions {
  readonly agent?: string;
  readonly instructions?: string;
}

/**
 * "Run Agent on Selected Files": the explorer passes the clicked file and the selection
 * (`uri, uris[]`); from the palette, the active editor's file. One task per file, in parallel.
 */
export async function runAgentOnSelectedFiles(services: Services, clicked?: unknown, selected?: unknown, options: RunAgentOptions = {}): Promise<RunOutcome | undefined> {
  const uris = await explorerSelection(clicked, selected, true);
  if (uris.length === 0) {
    void vscode.window.showWarningMessage('Select one or more files in the Explorer (or open a file) to run an agent on them.');
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(uris[0]!);
  if (folder === undefined || uris.some((uri) => vscode.workspace.getWorkspaceFolder(uri) !== folder)) {
    void vscode.window.showWarningMessage('The selected files must all be in one workspace folder.');
    return undefined;
  }
  const choices = agentChoices(await customAgents(folder, services));
  const agent = options.agent === undefined ? await pickAgent(choices, uris.length) : choices.find((choice) => choice.name === options.agent);
  if (agent === undefined) return undefined;
  const instructions = options.instructions ?? (await vscode.window.showInputBox({
    title: `${agent.name} on ${uris.length} file${uris.length === 1 ? '' : 's'}`,
    prompt: agent.prompt,
    placeHolder: agent.kind === 'shell' ? 'wc -l {file}' : undefined,
    ignoreFocusOut: true,
    validateInput: (value) => (agent.instructionsRequired && value.trim() === '' ? 'Say what to do' : undefined),
  }));
  if (instructions === undefined) return undefined;
  // A file outside the folder keeps its absolute path, which core's path policy then refuses by name.
  const files = uris.map((uri) => pathInsideRoot(uri.fsPath, folder.uri.fsPath) ?? uri.fsPath);
  const contents = agent.kind === 'prompt' ? await readContents(folder.uri.fsPath, files) : undefined;
  const settings = readSettings(folder);
  const { file } = selectedFilesDispatch({
    files,
    agent,
    instructions,
    ...(settings.traceDir === undefined ? {} : { traceDir: settings.traceDir }),
    ...(settings.maxWorkers === undefined ? {} : { maxWorkers: settings.maxWorkers }),
    ...(contents === undefined ? {} : { contents }),
  });
  return services.launcher.launch({
    title: `${agent.name} on ${files.length === 1 ? files[0] : `${files.length} files`}`,
    value: file,
    folder,
    cwd: folder.uri.fsPath,
    workspace: folder.uri.fsPath,
  });
}

async function pickAgent(choices: AgentChoice[], count: number): Promise<AgentChoice | undefined> {
  const items = choices.map((choice) => ({
    label: choice.name,
    description: choice.description,
    detail: choice.definedIn === undefined ? undefined : `defined in ${choice.definedIn}`,
    choice,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: `Agent to run on each of the ${count} selected file${count === 1 ? '' : 's'}`, matchOnDescription: true });
  return picked?.choice;
}

/** Agents the workspace's dispatch files define (`config.agents`), with the file that defines each. */
async function customAgents(folder: vscode.WorkspaceFolder, services: Services) {
  const glob = readSettings(folder).dispatchFileGlob;
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), '{**/node_modules/**,**/.git/**}', 200);
  const found: { name: string; definition: unknown; definedIn: string }[] = [];
  for (const uri of files.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
    const definedIn = vscode.workspace.asRelativePath(uri);
    for (const [name, definition] of Object.entries(await agentsOf(uri.fsPath, services))) found.push({ name, definition, definedIn });
  }
  return found;
}

/** A file's `config.agents`: core parses and checks the file; a JSON file with other problems is read as plain JSON. */
async function agentsOf(file: string, services: Services): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const prepared = prepareDispatch({ text, sourcePath: file, cwd: path.dirname(file), agents: builtInAgents(), hostSuppliesModel: true, changedFiles: [] });
    return (prepared.config.agents ?? {}) as Record<string, unknown>;
  } catch (error) {
    services.log.debug(`agents of ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!file.endsWith('.json')) return {};
  try {
    const agents = (JSON.parse(text) as { config?: { agents?: unknown } }).config?.agents;
    return typeof agents === 'object' && agents !== null ? (agents as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function readContents(root: string, files: readonly string[]): Promise<Map<string, string>> {
  const contents = new Map<string, string>();
  for (const file of files) {
    try {
      contents.set(file, await fs.readFile(path.resolve(root, file), 'utf8'));
    } catch {
      // The task will say the file is missing.
    }
  }
  return contents;
}
