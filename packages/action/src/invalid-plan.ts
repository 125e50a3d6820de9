import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { serializePlan, type PlanRecord } from '@parallel-dispatcher/core';

/** The names a dispatch folder gives its plan and plan record, the plan marked as one that did not pass. */
export const INVALID_PLAN_FILE = 'plan.dispatch.json.invalid';
export const PLAN_RECORD_FILE = 'plan.json';

/**
 * Writes a plan still invalid after the repair rounds, and the record of
 * every planning round, into a folder of their own for the trace artifact
 * (no dispatch ran, so there is no dispatch folder). Returns the folder.
 */
export async function saveInvalidPlan(plan: unknown, record: PlanRecord, redact: (text: string) => string, temp: string | undefined): Promise<string> {
  const folder = await fs.mkdtemp(path.join(temp || os.tmpdir(), 'pdispatch-invalid-plan-'));
  await fs.writeFile(path.join(folder, INVALID_PLAN_FILE), redact(serializePlan(plan, 'json')));
  await fs.writeFile(path.join(folder, PLAN_RECORD_FILE), `${redact(JSON.stringify(record, null, 2))}\n`);
  return folder;
}
