import path from 'node:path';

/** `dispatch-<YYYYMMDD_HHMMSS>-<8 hex>.json`, as core names dispatch indexes. */
export const DISPATCH_INDEX_FILE = /^dispatch-\d{8}_\d{6}-[0-9a-f]{8}\.json$/;

export function isDispatchIndexFile(file: string): boolean {
  return DISPATCH_INDEX_FILE.test(path.basename(file));
}
