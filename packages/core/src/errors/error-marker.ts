/**
 * Each error class carries its own registered symbol, so `AgentError.isInstance(e)` holds for an
 * AgentError thrown by another copy of core (the action's bundle, the extension's, a plugin's),
 * where `instanceof` would not, and is false for its sibling classes.
 */
export function errorMarker(name: string): symbol {
  return Symbol.for(`parallel-dispatcher.error.${name}`);
}

export function hasErrorMarker(value: unknown, marker: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}
