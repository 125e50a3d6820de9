/** How deep traces keep nested values; deeper ones are replaced by a marker (JSON.stringify overflows the stack at a few thousand). */
export const MAX_TRACE_DEPTH = 100;

export const TOO_DEEP = `[nested deeper than ${MAX_TRACE_DEPTH} levels: left out of the trace]`;

/**
 * A JSON-ready copy of a value: strings passed through `mapString`, object keys
 * kept as they are, and anything nested deeper than MAX_TRACE_DEPTH replaced by
 * TOO_DEEP. Follows JSON.stringify's rules (toJSON, undefined and functions
 * dropped from objects and null in arrays), so serialising the copy gives what
 * serialising the value would, minus secrets and excess depth. The recursion is
 * bounded by the depth cap, so it cannot overflow the stack.
 */
export function copyJsonValue(value: unknown, mapString: (text: string) => string = (text) => text): unknown {
  const copy = (item: unknown, depth: number): unknown => {
    if (typeof item === 'string') return mapString(item);
    if (typeof item !== 'object' || item === null) return typeof item === 'bigint' ? item.toString() : item;
    if (typeof (item as { toJSON?: unknown }).toJSON === 'function') return copy((item as { toJSON: () => unknown }).toJSON(), depth);
    if (depth >= MAX_TRACE_DEPTH) return TOO_DEEP;
    if (Array.isArray(item)) return item.map((element) => (isDropped(element) ? null : copy(element, depth + 1)));
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(item)) {
      const field = (item as Record<string, unknown>)[key];
      if (isDropped(field)) continue;
      // defineProperty: a `__proto__` key stays a key instead of replacing the prototype.
      Object.defineProperty(result, key, { value: copy(field, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return result;
  };
  return isDropped(value) ? value : copy(value, 0);
}

function isDropped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}
