import { DispatchError } from '../errors/dispatch-error.js';
import { errorMarker, hasErrorMarker } from '../errors/error-marker.js';

const marker = errorMarker('PlanningError');

/**
 * What stops planning before the model is asked anything: an empty request,
 * a context file missing or outside the allowed roots, an agents-from file
 * that is not a valid dispatch file. The message names the flag and the path.
 */
export class PlanningError extends DispatchError {
  readonly [marker] = true;
  /** How the host names the input at fault (`--context`, `--agents-from`). */
  readonly input: string;
  /** The file at fault, as the host gave it; undefined when the input is no file (the request). */
  readonly file: string | undefined;

  constructor(facts: { readonly input: string; readonly file?: string; readonly reason: string }, options?: { cause?: unknown }) {
    super('validation', facts.file === undefined ? `${facts.input} ${facts.reason}` : `${facts.input} ${JSON.stringify(facts.file)}: ${facts.reason}`, options);
    this.name = 'PlanningError';
    this.input = facts.input;
    this.file = facts.file;
  }

  static override isInstance(value: unknown): value is PlanningError {
    return hasErrorMarker(value, marker);
  }
}
