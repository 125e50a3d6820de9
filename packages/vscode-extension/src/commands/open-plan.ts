import fs from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { planRecordFile } from '@parallel-dispatcher/core';
import { dispatchIdOf, type Services } from './services.js';

/** The Plan row: the plan file that ran, or, when it is not on this machine (traces from CI), the dispatch's plan.json. */
export async function openPlan(services: Services, argument: unknown): Promise<void> {
  const dispatch = services.store.get(dispatchIdOf(argument) ?? '');
  if (dispatch?.plannedFrom === null || dispatch?.plannedFrom === undefined) return;
  const planFile = dispatch.plannedFrom.plan_file;
  const here = await fs.stat(planFile).then((stat) => stat.isFile(), () => false);
  await vscode.window.showTextDocument(vscode.Uri.file(here ? planFile : path.join(dispatch.traceDir, planRecordFile(dispatch.dispatchId))), { preview: true });
}

