import { DispatchError } from './dispatch-error.js';
import { errorMarker, hasErrorMarker } from './error-marker.js';

const marker = errorMarker('BudgetExceededError');

/** A model call was refused because a budget (the dispatch's or the task's) is spent. */
export class BudgetExceededError extends DispatchError {
  readonly [marker] = true;
  /** `the dispatch` or `task "review"`. */
  readonly scope: string;

  constructor(scope: string, reason: string) {
    super('budget', `${scope}'s budget is spent: ${reason}`);
    this.name = 'BudgetExceededError';
    this.scope = scope;
  }

  static override isInstance(value: unknown): value is BudgetExceededError {
    return hasErrorMarker(value, marker);
  }
}
