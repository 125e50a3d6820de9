import * as vscode from 'vscode';
import { builtInAgents, DispatchValidationError, formatIssue, prepareDispatch, type DispatchInput, type ModelClient, type PreparedDispatch, type RerunPlan } from '@parallel-dispatcher/core';
import { type ApiKeyStore, providerOf } from '../models/api-key-store.js';
import { languageModelClient, NO_CHAT_MODEL_MESSAGE, selectChatModel } from '../models/language-model-send.js';
import { readSettings } from '../settings/extension-settings.js';
import type { DispatchStore } from '../traces/dispatch-store.js';
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
}

export const COMMANDS_REFUSED_UNTRUSTED = 'this workspace is not trusted; trust it to run shell and command agents';
export const COMMANDS_REFUSED_SETTING = 'the setting parallelDispatcher.allowShell is off';

/**
 * Turns a dispatch text into a run in the editor: settings, Workspace Trust, the model choice
 * (a provider from settings with its key from secret storage, else the editor's chat models),
 * validation errors shown once, and a summary when it ends.
 */
export class DispatchLauncher {
  constructor(
    private readonly store: DispatchStore,
    private readonly runner: DispatchRunner,
    private readonly apiKeys: ApiKeyStore,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Undefined when it did not run (invalid, no model, …): the user has been told why. */
  async launch(request: LaunchRequest): Promise<RunOutcome | undefined> {
    const prepared = await this.prepare(request);
    if (prepared === undefined) return undefined;
    const needsEditorModel = [...prepared.tasks.values()].some((task) => task.agent.usesModel && task.model === undefined);
    let editorModel: ModelClient | undefined;
    if (needsEditorModel) {
      const chat = await selectChatModel();
      if (chat === undefined) {
        this.log.error(NO_CHAT_MODEL_MESSAGE);
        void vscode.window.showErrorMessage(NO_CHAT_MODEL_MESSAGE, 'Open Settings', 'Set API Key').then((choice) => {
          if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'parallelDispatcher.model');
          if (choice === 'Set API Key') void vscode.commands.executeCommand('parallelDispatcher.setApiKey');
        });
        return undefined;
      }
      this.log.info(`model-backed tasks use the editor's chat model ${chat.name} (${chat.vendor}/${chat.id})`);
      editorModel = languageModelClient(chat);
    }
    const apiKey = await this.apiKey(request.folder);
    const outcome = await this.runner.run({
      title: request.title,
      prepared,
      ...(editorModel === undefined ? {} : { editorModel }),
      ...(apiKey === undefined ? {} : { secrets: [apiKey] }),
      ...(request.rerun === undefined ? {} : { rerun: request.rerun }),
    });
    this.announce(request.title, outcome);
    return outcome;
  }

  async prepare(request: LaunchRequest): Promise<PreparedDispatch | undefined> {
    const settings = readSettings(request.folder);
    const trusted = vscode.workspace.isTrusted;
    const apiKey = await this.apiKey(request.folder);
    try {
      return prepareDispatch({
        bytes: request.bytes,
        text: request.text,
        value: request.value,
        sourcePath: request.sourcePath,
        cwd: request.cwd,
        agents: builtInAgents(),
        overrides: { maxWorkers: settings.maxWorkers, traceDir: settings.traceDir, workspace: request.workspace },
        model: { model: settings.model, baseUrl: settings.modelBaseUrl, apiKey },
        env: process.env,
        hostSuppliesModel: settings.model === undefined,
        allowCommands: trusted && settings.allowShell,
        fileIsUntrusted: !trusted,
        commandsRefusedHint: trusted ? COMMANDS_REFUSED_SETTING : COMMANDS_REFUSED_UNTRUSTED,
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

  private async apiKey(folder: vscode.WorkspaceFolder | undefined): Promise<string | undefined> {
    const model = readSettings(folder).model;
    const provider = model === undefined ? undefined : providerOf(model);
    return provider === undefined ? undefined : await this.apiKeys.get(provider);
  }

  /** A summary that does not hold the command up: commands resolve when the dispatch ends. */
  private announce(title: string, outcome: RunOutcome): void {
    const text = describeOutcome(title, this.store, outcome);
    const dispatchId = outcome.dispatchId;
    const actions = outcome.status === 'success' ? ['Show Timeline'] : ['Rerun Failed Tasks', 'Show Timeline'];
    const show = outcome.status === 'success' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(text, ...actions).then((choice) => {
      if (choice === 'Show Timeline') void vscode.commands.executeCommand('parallelDispatcher.showTimeline', dispatchId);
      if (choice === 'Rerun Failed Tasks') void vscode.commands.executeCommand('parallelDispatcher.rerunFailedTasks', dispatchId);
    });
  }
}
