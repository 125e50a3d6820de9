import { calcPrice, findProvider, type Provider } from '@pydantic/genai-prices';
import type { TokenUsage } from '../models/model-client.js';
import type { ModelPriceSpec } from '../schema/dispatch-schema.js';

/** A dispatch's `config.prices`: by `provider:model` or `provider:*`. */
export type PriceOverrides = Readonly<Record<string, ModelPriceSpec>>;

/** What a price is looked up by. */
export interface PricedModel {
  readonly provider: string;
  readonly model: string;
  /** Undefined for the provider's public API. */
  readonly baseUrl?: string | undefined;
}

/** Our providers' ids in the price package; `openai-compatible` is known only by its base URL (OpenRouter, Groq, …). */
const PACKAGE_PROVIDERS: Readonly<Record<string, string>> = { openai: 'openai', anthropic: 'anthropic', google: 'google' };

/**
 * What one call cost in US dollars: `config.prices` first, then the bundled
 * list of @pydantic/genai-prices. Null when the price is not known: never a
 * guess, and never 0 unless the call used no tokens.
 */
export function callCost(model: PricedModel, usage: TokenUsage, overrides: PriceOverrides = {}): number | null {
  if (usage.input_tokens + usage.output_tokens === 0) return 0;
  const override = overrides[`${model.provider}:${model.model}`] ?? overrides[`${model.provider}:*`];
  if (override !== undefined) return roundUsd((usage.input_tokens * override.input_per_mtok + usage.output_tokens * override.output_per_mtok) / 1_000_000);
  const provider = packageProvider(model);
  if (provider === undefined) return null;
  try {
    const price = calcPrice({ input_tokens: usage.input_tokens, output_tokens: usage.output_tokens }, model.model, { provider });
    return price === null ? null : roundUsd(price.total_price);
  } catch {
    // A price entry the package cannot apply to this usage is as good as none.
    return null;
  }
}

/** Whether calls to the model have a known cost (a dollar budget can only be kept for those). */
export function hasPrice(model: PricedModel, overrides: PriceOverrides = {}): boolean {
  return callCost(model, { input_tokens: 1, output_tokens: 1 }, overrides) !== null;
}

function packageProvider(model: PricedModel): Provider | undefined {
  const id = PACKAGE_PROVIDERS[model.provider];
  if (id !== undefined) return findProvider({ providerId: id });
  // An OpenAI-compatible server is priced only when its URL is a known provider's API, not by the model's name.
  return model.provider === 'openai-compatible' && model.baseUrl !== undefined ? findProvider({ providerApiUrl: model.baseUrl }) : undefined;
}

/** Dollars kept to 10 decimal places, so sums of many small costs do not show float noise. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}

/** The sum of costs, or null when any of them is unknown. */
export function sumUsd(costs: Iterable<number | null>): number | null {
  let total = 0;
  for (const cost of costs) {
    if (cost === null) return null;
    total += cost;
  }
  return roundUsd(total);
}
