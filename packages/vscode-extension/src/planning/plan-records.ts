import path from 'node:path';
import type { PlanRecord } from '@parallel-dispatcher/core';

/**
 * How each plan this window made came about, by plan file: when the file runs, the record goes
 * into the dispatch's plan.json. Kept in memory only: a plan file run later, or edited and
 * run again, still runs (its index then has no `planned_from`).
 */
export class PlanRecords {
  private readonly records = new Map<string, PlanRecord>();

  remember(planFile: string, record: PlanRecord): void {
    this.records.set(path.resolve(planFile), record);
  }

  recordOf(planFile: string): PlanRecord | undefined {
    return this.records.get(path.resolve(planFile));
  }
}
