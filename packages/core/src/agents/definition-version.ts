import { createHash } from 'node:crypto';
import { canonicalJson } from '../cache/canonical-json.js';

/** The version of an agent defined in a dispatch file: its kind and a hash of its definition, so editing it invalidates cached results. */
export function definitionVersion(kind: string, definition: object): string {
  return `${kind}@1:${createHash('sha256').update(canonicalJson(definition)).digest('hex').slice(0, 16)}`;
}
