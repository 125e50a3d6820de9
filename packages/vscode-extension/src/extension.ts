import * as vscode from 'vscode';
import { CHAT_PARTICIPANT_ID, handleDispatchChat, type ChatStream, type DispatchChatRequest, type DispatchChatResult } from './chat/dispatch-chat-handler.js';
import { ask, type AskOptions } from './commands/ask.js';
import { openPlan } from './commands/open-plan.js';
import { openTraceArtifact } from './commands/open-trace-artifact.js';
import { openTraceFile } from './commands/open-trace-file.js';
import { openTraceItem } from './commands/open-trace-item.js';
import { rerunFailedTasks } from './commands/rerun-failed-tasks.js';
import { revealDispatch } from './commands/reveal-dispatch.js';
import { runAgentOnSelectedFiles, type RunAgentOptions } from './commands/run-agent-on-files.js';
import { runDispatchFile } from './commands/run-dispatch-file.js';
import { runPlan } from './commands/run-plan.js';
import type { Services } from './commands/services.js';
import { setApiKey } from './commands/set-api-key.js';
import { showAnswer } from './commands/show-answer.js';
import { showTimeline } from './commands/show-timeline.js';
import { exportReport, type ExportReportOptions } from './commands/export-report.js';
import { stopDispatch } from './commands/stop-dispatch.js';
import { DispatchLauncher } from './dispatch/dispatch-launcher.js';
import { DispatchRunner } from './dispatch/dispatch-runner.js';
import { RunPlanCodeLens } from './documents/run-plan-code-lens.js';
import { TRACE_SCHEME, TraceDocumentProvider } from './documents/trace-document-provider.js';
import { DispatcherMcpProvider, MCP_PROVIDER_ID } from './mcp/dispatcher-mcp-provider.js';
import { ApiKeyStore } from './models/api-key-store.js';
import { PlanRecords } from './planning/plan-records.js';
import { TimelinePanels } from './timeline/timeline-panels.js';
import { DispatchStore } from './traces/dispatch-store.js';
import { TraceLibrary } from './traces/trace-library.js';
import { DispatchTreeProvider, type DispatchTreeNode } from './tree/dispatch-tree-provider.js';

export const VIEW_ID = 'parallelDispatcher.dispatches';

/** What `activate` returns: the extension's parts, for its integration tests. */
export interface ExtensionApi {
  readonly services: Services;
  /** Resolves once the first read of the trace folders has finished. */
  readonly ready: Promise<void>;
  /** The @dispatch participant's handler, for tests without the chat view. */
  readonly chat: (request: DispatchChatRequest, stream: ChatStream, token: vscode.CancellationToken) => Promise<DispatchChatResult>;
  /** The MCP server definitions the editor's agents get (`pdispatch mcp` per folder). */
  readonly mcpServers: DispatcherMcpProvider;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = vscode.window.createOutputChannel('Parallel Dispatcher', { log: true });
  const store = new DispatchStore();
  const library = new TraceLibrary(store, context.workspaceState, log);
  const runner = new DispatchRunner(store, log);
  const apiKeys = new ApiKeyStore(context.secrets);
  const launcher = new DispatchLauncher(store, runner, apiKeys, log);
  const tree = new DispatchTreeProvider(store, library);
  const treeView = vscode.window.createTreeView<DispatchTreeNode>(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true, canSelectMany: false });
  const revealTask = (dispatchId: string, taskId: string) => {
    void treeView.reveal(tree.taskNode(dispatchId, taskId), { select: true, focus: true, expand: true }).then(undefined, () => undefined);
  };
  const timelines = new TimelinePanels(store, revealTask);
  const documents = new TraceDocumentProvider(library, store);
  const plans = new PlanRecords();
  const mcpServers = new DispatcherMcpProvider(context, apiKeys);
  const services: Services = { context, log, store, library, runner, launcher, apiKeys, plans, tree, treeView, timelines };

  const updateBadge = () => {
    const running = store.runningTaskCount();
    treeView.badge = running === 0 ? undefined : { value: running, tooltip: `${running} task${running === 1 ? '' : 's'} running` };
  };
  const storeSubscription = store.onDidChange(updateBadge);

  const command = (id: string, handler: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, handler);
  const chat = (request: DispatchChatRequest, stream: ChatStream, token: vscode.CancellationToken) => handleDispatchChat(request, stream, token, services);
  const participant = vscode.chat.createChatParticipant(CHAT_PARTICIPANT_ID, (request, _context, stream, token) => chat(request, stream, token));
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
  context.subscriptions.push(
    log,
    library,
    runner,
    tree,
    treeView,
    timelines,
    storeSubscription,
    participant,
    mcpServers,
    vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, mcpServers),
    vscode.workspace.registerTextDocumentContentProvider(TRACE_SCHEME, documents),
    vscode.languages.registerCodeLensProvider(RunPlanCodeLens.selector, new RunPlanCodeLens()),
    command('parallelDispatcher.ask', (uri, uris, options) => ask(services, uri, uris, (options ?? {}) as AskOptions)),
    command('parallelDispatcher.runPlan', (uri) => runPlan(services, uri)),
    command('parallelDispatcher.showAnswer', (argument) => showAnswer(services, argument)),
    command('parallelDispatcher.revealDispatch', (argument) => revealDispatch(services, argument)),
    command('parallelDispatcher.openPlan', (argument) => openPlan(services, argument)),
    command('parallelDispatcher.runDispatchFile', (uri) => runDispatchFile(services, uri)),
    command('parallelDispatcher.runAgentOnSelectedFiles', (uri, uris, options) => runAgentOnSelectedFiles(services, uri, uris, (options ?? {}) as RunAgentOptions)),
    command('parallelDispatcher.stopDispatch', (node) => stopDispatch(services, node)),
    command('parallelDispatcher.rerunFailedTasks', (node) => rerunFailedTasks(services, node)),
    command('parallelDispatcher.openTraceFile', (argument) => openTraceFile(services, argument)),
    command('parallelDispatcher.showTimeline', (node) => showTimeline(services, node)),
    command('parallelDispatcher.exportReport', (node, options) => exportReport(services, node, (options ?? {}) as ExportReportOptions)),
    command('parallelDispatcher.openTraceArtifact', (uri) => openTraceArtifact(services, uri)),
    command('parallelDispatcher.refresh', async () => {
      await library.refresh();
      tree.refreshAll();
    }),
    command('parallelDispatcher.setApiKey', () => setApiKey(services)),
    command('parallelDispatcher.openTraceItem', (ref) => openTraceItem(services, documents, ref)),
    command('parallelDispatcher.closeDispatches', () => library.closeOpenedFolders()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('parallelDispatcher.traceDir')) void library.refresh();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void library.refresh()),
  );

  const ready = library.refresh().catch((error: Error) => log.error(`reading traces: ${error.message}`));
  log.info(`Parallel Dispatcher ${context.extension.packageJSON.version as string} active; workspace ${vscode.workspace.isTrusted ? 'trusted' : 'not trusted: shell and command agents will not run'}`);
  return { services, ready, chat, mcpServers };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; running dispatches are stopped by DispatchRunner.dispose.
}
