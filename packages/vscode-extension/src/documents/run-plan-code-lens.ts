import * as vscode from 'vscode';
import { userPromptLine } from './user-prompt-line.js';

/**
 * "▶ Run This Plan" above a dispatch file's `user_prompt`: the files that say what they are for
 * are the ones whose run can end with an answer to it.
 */
export class RunPlanCodeLens implements vscode.CodeLensProvider {
  static readonly selector: vscode.DocumentSelector = [
    { scheme: 'file', pattern: '**/*.dispatch.{yaml,yml,json}' },
  ];

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const line = userPromptLine(document.getText());
    if (line === undefined) return [];
    const range = new vscode.Range(line, 0, line, 0);
    return [new vscode.CodeLens(range, { title: '$(run-all) Run This Plan', tooltip: 'Run these tasks, then synthesise one answer to the user_prompt', command: 'parallelDispatcher.runPlan', arguments: [document.uri] })];
  }
}
