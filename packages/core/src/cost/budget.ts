import { BudgetExceededError } from '../errors/budget-error.js';
import type { BudgetSpec } from '../schema/dispatch-schema.js';
import { formatCount } from '../text/format-count.js';
import { formatUsd } from '../text/format-usd.js';
import { roundUsd } from './model-prices.js';

/** What a model call spent, as its record says. */
export interface CallSpending {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cost_usd: number | null;
}

/**
 * A budget as a dispatch runs: what it allows and what has been spent. Calls
 * are checked before they start and charged when they end, so calls already
 * running when it is spent may finish (and spend a little past it).
 */
export class Budget {
  spentTokens = 0;
  spentUsd = 0;

  constructor(
    /** `the dispatch` or `task "review"`, for messages. */
    readonly scope: string,
    readonly limit: BudgetSpec,
    /** Called once, when a charge spends the budget. */
    private readonly onSpent: (error: BudgetExceededError) => void = () => {},
  ) {}

  /** Why no new call may start, or undefined; `priced` says whether the call's cost will be known. */
  refusal(priced: boolean, model: string): BudgetExceededError | undefined {
    const spent = this.spentReason();
    if (spent !== undefined) return new BudgetExceededError(this.scope, spent);
    if (this.limit.usd !== undefined && !priced) {
      return new BudgetExceededError(this.scope, `the price of model ${model} is unknown, so a budget of ${formatUsd(this.limit.usd)} cannot be kept (give it in config.prices)`);
    }
    return undefined;
  }

  charge(call: CallSpending): void {
    const before = this.spentReason();
    this.spentTokens += call.input_tokens + call.output_tokens;
    this.spentUsd = roundUsd(this.spentUsd + (call.cost_usd ?? 0));
    const after = this.spentReason();
    if (before === undefined && after !== undefined) this.onSpent(new BudgetExceededError(this.scope, after));
  }

  /** `1,200 of 1,000 tokens spent`, when a limit is reached. */
  private spentReason(): string | undefined {
    const { tokens, usd } = this.limit;
    if (tokens !== undefined && this.spentTokens >= tokens) return `${formatCount(this.spentTokens)} of ${formatCount(tokens)} tokens spent`;
    if (usd !== undefined && this.spentUsd >= usd) return `${formatUsd(this.spentUsd)} of ${formatUsd(usd)} spent`;
    return undefined;
  }
}
