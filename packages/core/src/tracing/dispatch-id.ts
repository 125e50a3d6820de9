import { randomUUID } from 'node:crypto';

export interface DispatchIdentity {
  /** `dispatch-<YYYYMMDD_HHMMSS>-<8 hex>`: names the index file and the task trace folder. */
  readonly dispatchId: string;
  readonly correlationId: string;
}

/** A new dispatch's names. The timestamp is UTC so ids sort the same on every machine. */
export function newDispatchIdentity(startedAt: Date): DispatchIdentity {
  const correlationId = randomUUID();
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  return { dispatchId: `dispatch-${stamp}-${correlationId.slice(0, 8)}`, correlationId };
}
