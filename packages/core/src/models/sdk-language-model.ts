import type { LanguageModel } from 'ai';
import { endpointOf, type ResolvedModel } from './resolve-model.js';

/**
 * The AI SDK model for a resolved choice. Always a provider instance with an
 * explicit base URL and key: a bare model string would go through a hosted
 * gateway, and a missing setting would make the SDK read process.env, which
 * only the host may consult. Providers load on first use.
 */
export async function sdkLanguageModel(resolved: ResolvedModel, fetch: typeof globalThis.fetch | undefined): Promise<LanguageModel> {
  const baseURL = endpointOf(resolved);
  const withFetch = fetch === undefined ? {} : { fetch };
  if (resolved.provider === 'anthropic') {
    const { createAnthropic } = await import('@ai-sdk/anthropic');
    return createAnthropic({ baseURL, apiKey: resolved.apiKey ?? '', ...withFetch })(resolved.model);
  }
  if (resolved.provider === 'google') {
    const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
    return createGoogleGenerativeAI({ baseURL, apiKey: resolved.apiKey ?? '', ...withFetch })(resolved.model);
  }
  const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
  // OpenAI itself goes through Chat Completions too: `@ai-sdk/openai` would call the Responses API.
  const provider = createOpenAICompatible({
    name: resolved.provider,
    baseURL,
    ...(resolved.apiKey === undefined ? {} : { apiKey: resolved.apiKey }),
    supportsStructuredOutputs: true,
    includeUsage: true,
    ...withFetch,
  });
  return provider.chatModel(resolved.model);
}
