import * as vscode from 'vscode';
import { builtInAgents, DispatchValidationError, formatIssue, prepareDispatch, type DispatchEvent, type DispatchInput, type McpServerSpec, type ModelClient, type ModelOverrides, type PlanRecord, type PreparedDispatch, type RerunPlan } from '@parallel-dispatcher/core';
import { WorkspaceMcpFile } from '../mcp/workspace-mcp-file.js';
import { type ApiKeyStore, providerOf } from '../models/api-key-store.js';
import { hostModel, showModelProblem } from '../models/host-model.js';
import { languageModelClient, NO_CHAT_MODEL_MESSAGE, selectChatModel } from '../models/language-model-send.js';
import { cacheChoice } from '../settings/cache-setting.js';
import { readSettings } from '../settings/extension-settings.js';
import type { DispatchStore } from '../traces/dispatch-store.js';
import { commandPolicy } from './command-policy.js';
import { describeOutcome, type DispatchRunner, type RunOutcome } from './dispatch-runner.js';

/** The dispatch as its file's bytes, or the value the editor made (selected files, reruns), read by core once. */
export interface LaunchRequest extends DispatchInput {
  readonly title: string;
  /** The file it came from; undefined for dispatches the editor made (selected files, reruns). */
  readonly sourcePath?: string;
  /** The workspace folder whose settings apply. */
  readonly folder: vscode.WorkspaceFolder | undefined;
  /** Where relative paths resolve when the text comes from no file. */
  readonly cwd: string;
  readonly workspace?: string;
  readonly changedFiles?: readonly string[];
  /** For a rerun: what its tasks receive from the tasks that succeeded last time, and which dispatch it reruns. */
  readonly rerun?: Pick<RerunPlan, 'priorOutputs' | 'rerunOf'>;
  /** Ends the run with one synthesised answer to the file's `user_prompt` (Run This Plan, @dispatch). */
  readonly synthesize?: boolean;
  /** How the plan was made, when this window planned it: core writes it as the dispatch's plan.json. */
  readonly planning?: PlanRecord;
  /** The model chosen in the chat view: model-backed tasks without a model of their own and the synthesis use it. */
  readonly chatModel?: vscode.LanguageModelChat;
  /** Every event of the run, as it happens (the chat view's progress). */
  readonly onEvent?: (event: DispatchEvent) => void;
}

/**
 * Turns a dispatch text into a run in the editor: settings, Workspace Trust, the model choice
 * (a provider from settings with its key from secret storage, else the editor's chat models),
 * the synthesis step when asked for, the MCP servers of `.vscode/mcp.json` (trusted workspaces
 * only), validation errors shown once, and a summary when it ends.
 */
export class DispatchLauncher {
  private readonly mcpFile: WorkspaceMcpFile;

  constructor(
    private readonly store: DispatchStore,
    private readonly runner: DispatchRunner,
    private readonly apiKeys: ApiKeyStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.mcpFile = new WorkspaceMcpFile(log);
  }

  /** Undefined when it did not run (invalid, no model, …): the user has been told why. */
  async launch(request: LaunchRequest): Promise<RunOutcome | undefined> {
    const prepared = await this.prepare(request);
    if (prepared === undefined) return undefined;
    const cache = cacheChoice(readSettings(request.folder).cache, prepared.workspace);
    if (!cache.ok) {
      this.log.error(cache.problem);
      void vscode.window.showErrorMessage(`${request.title} cannot run: ${cache.problem}`, 'Open Settings').then((choice) => {
        if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'parallelDispatcher.cache');
      });
      return undefined;
    }
    const needsEditorModel = [...prepared.tasks.values()].some((task) => task.agent.usesModel && task.model === undefined);
    let editorModel: ModelClient | undefined;
    if (needsEditorModel) {
      const chat = request.chatModel ?? (await selectChatModel());
      if (chat === undefined) {
        this.log.error(NO_CHAT_MODEL_MESSAGE);
        showModelProblem({ problem: NO_CHAT_MODEL_MESSAGE, fix: 'settings' });
        return undefined;
      }
      this.log.info(`model-backed tasks use the editor's chat model ${chat.name} (${chat.vendor}/${chat.id})`);
      editorModel = languageModelClient(chat);
    }
    const apiKey = await this.apiKey(request.folder);
    let synthesis: { model: ModelClient; request: string } | undefined;
    if (request.synthesize === true) {
      if (prepared.userPrompt === null || prepared.userPrompt.trim() === '') {
        void vscode.window.showErrorMessage(`${request.title} has no user_prompt, so there is nothing to answer: add one (user_prompt: what the dispatch is for), or run it with "Run Dispatch File…" for no answer.`);
        return undefined;
      }
      const model = await hostModel(readSettings(request.folder), apiKey, request.chatModel);
      if (!model.ok) {
        this.log.error(model.problem);
        showModelProblem(model);
        return undefined;
      }
      this.log.info(`the answer is synthesised by ${model.label}`);
      synthesis = { model: model.client, request: prepared.userPrompt };
    }
    const outcome = await this.runner.run({
      title: request.title,
      prepared,
      ...(cache.cache === undefined ? {} : { cache: cache.cache }),
      ...(editorModel === undefined ? {} : { editorModel }),
      ...(apiKey === undefined ? {} : { secrets: [apiKey] }),
      ...(request.rerun === undefined ? {} : { rerun: request.rerun }),
      ...(synthesis === undefined ? {} : { synthesis }),
      ...(request.planning === undefined ? {} : { planning: request.planning }),
      ...(request.onEvent === undefined ? {} : { onEvent: request.onEvent }),
    });
    this.announce(request.title, outcome);
    return outcome;
  }

  /**
   * What the editor prepares every dispatch with, plans included: the settings' overrides, the
   * configured model with its key, and the servers of `.vscode/mcp.json` (which the planner is told of).
   */
  async hostOptions(folder: vscode.WorkspaceFolder | undefined): Promise<{
    readonly overrides: { readonly maxWorkers: number | undefined; readonly traceDir: string | undefined };
    readonly model: ModelOverrides;
    readonly mcpServers?: Readonly<Record<string, McpServerSpec>>;
  }> {
    const settings = readSettings(folder);
    const apiKey = await this.apiKey(folder);
    const mcpServers = await this.mcpFile.servers(folder);
    return {
      overrides: { maxWorkers: settings.maxWorkers, traceDir: settings.traceDir },
      model: { model: settings.model, baseUrl: settings.modelBaseUrl, apiKey },
      ...(mcpServers === undefined ? {} : { mcpServers }),
    };
  }

  async prepare(request: LaunchRequest): Promise<PreparedDispatch | undefined> {
    const settings = readSettings(request.folder);
    const host = await this.hostOptions(request.folder);
    const apiKey = host.model.apiKey;
    try {
      return prepareDispatch({
        bytes: request.bytes,
        text: request.text,
        value: request.value,
        sourcePath: request.sourcePath,
        cwd: request.cwd,
        agents: builtInAgents(),
        overrides: { ...host.overrides, workspace: request.workspace },
        model: host.model,
        env: process.env,
        hostSuppliesModel: settings.model === undefined,
        ...commandPolicy(settings.allowShell, vscode.workspace.isTrusted),
        ...(host.mcpServers === undefined ? {} : { mcpServers: host.mcpServers }),
        ...(request.changedFiles === undefined ? {} : { changedFiles: request.changedFiles }),
      });
    } catch (error) {
      if (!DispatchValidationError.isInstance(error)) throw error;
      this.log.error(error.message);
      const first = error.issues[0];
      const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
      const hint = settings.model !== undefined && apiKey === undefined && error.issues.some((issue) => /needs an API key/.test(issue.message)) ? ' Run "Parallel Dispatcher: Set API Key".' : '';
      void vscode.window.showErrorMessage(`${request.title} cannot run: ${first === undefined ? error.message : formatIssue(first)}${more}.${hint}`, 'Show Log').then((choice) => {
        if (choice === 'Show Log') this.log.show(true);
      });
      return undefined;
    }
  }

  /** The configured model's key from secret storage; undefined when no model is configured or it has none. */
  async apiKey(folder: vscode.WorkspaceFolder | undefined): Promise<string | undefined> {
    const model = readSettings(folder).model;
    const provider = model === undefined ? undefined : providerOf(model);
    return provider === undefined ? undefined : await this.apiKeys.get(provider);
  }

  /** A summary that does not hold the command up: commands resolve when the dispatch ends. */
  private announce(title: string, outcome: RunOutcome): void {
    const synthesis = outcome.synthesis;
    const failedAnswer = synthesis !== undefined && 'error' in synthesis ? ` No answer: ${synthesis.error}` : '';
    const text = `${describeOutcome(title, this.store, outcome)}${failedAnswer}`;
    const dispatchId = outcome.dispatchId;
    const actions = [...(synthesis === undefined ? [] : ['Show Answer']), ...(outcome.status === 'success' ? [] : ['Rerun Failed Tasks']), 'Show Timeline'];
    const show = outcome.status === 'success' && failedAnswer === '' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(text, ...actions).then((choice) => {
      if (choice === 'Show Answer') void vscode.commands.executeCommand('parallelDispatcher.showAnswer', dispatchId);
      if (choice === 'Show Timeline') void vscode.commands.executeCommand('parallelDispatcher.showTimeline', dispatchId);
      if (choice === 'Rerun Failed Tasks') void vscode.commands.executeCommand('parallelDispatcher.rerunFailedTasks', dispatchId);
    });
  }
}
