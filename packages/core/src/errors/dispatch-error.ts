/** Every failure kind a task or a dispatch can end with, as recorded in traces (`tool`: an MCP server the task needs failed to start or died; `budget`: a token or cost budget was spent). */
export type DispatchErrorKind = 'validation' | 'agent' | 'timeout' | 'cancelled' | 'dependency' | 'model' | 'tool' | 'trace' | 'budget';

import { errorMarker, hasErrorMarker } from './error-marker.js';

const marker = errorMarker('DispatchError');

/**
 * Base of every error core throws on purpose. Subclasses carry the facts the
 * message is built from in readonly fields; hosts recognise them with
 * their own class's `isInstance` rather than by message text or `instanceof`.
 */
export class DispatchError extends Error {
  readonly [marker] = true;
  readonly kind: DispatchErrorKind;

  constructor(kind: DispatchErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DispatchError';
    this.kind = kind;
  }

  static isInstance(value: unknown): value is DispatchError {
    return hasErrorMarker(value, marker);
  }
}
