/** The model providers core can call; the schema, `provider:model` names and every host list them from here. */
export const MODEL_PROVIDERS = ['openai-compatible', 'openai', 'anthropic', 'google'] as const;

export type ModelProvider = (typeof MODEL_PROVIDERS)[number];
