import type { ModelClient } from '../models/model-client.js';
import type { Budget } from './budget.js';

/**
 * The client with its budgets checked before every call: once one is spent
 * the call is refused with a BudgetExceededError and reaches no model.
 * `priced` says whether this model's calls have a known cost.
 */
export function withBudgets(client: ModelClient, budgets: readonly Budget[], priced: boolean): ModelClient {
  if (budgets.length === 0) return client;
  const check = () => {
    for (const budget of budgets) {
      const refusal = budget.refusal(priced, `${client.provider}:${client.model}`);
      if (refusal !== undefined) throw refusal;
    }
  };
  return {
    provider: client.provider,
    model: client.model,
    ...(client.baseUrl === undefined ? {} : { baseUrl: client.baseUrl }),
    generateText: async (request) => {
      check();
      return client.generateText(request);
    },
    generateObject: async (request) => {
      check();
      return client.generateObject(request);
    },
  };
}
