/** An environment variable a host's help lists, with what it does. */
export interface EnvironmentVariable {
  readonly name: string;
  readonly description: string;
}

/**
 * Every variable model resolution reads (`resolveModel`; its tests hold it to
 * this list), for the help and documentation of hosts. A model spec's
 * `api_key_env` can name one more.
 */
export const MODEL_ENVIRONMENT: readonly EnvironmentVariable[] = [
  { name: 'PDISPATCH_MODEL', description: 'provider:model for model-backed tasks when neither the task, its agent, the host nor config.model names one' },
  { name: 'OPENAI_API_KEY', description: 'API key of openai and openai-compatible models' },
  { name: 'OPENAI_BASE_URL', description: 'base URL of openai and openai-compatible models that name none' },
  { name: 'ANTHROPIC_API_KEY', description: 'API key of anthropic models' },
  { name: 'ANTHROPIC_BASE_URL', description: 'base URL of anthropic models that name none' },
  { name: 'GOOGLE_GENERATIVE_AI_API_KEY', description: 'API key of google models' },
  { name: 'GOOGLE_GENERATIVE_AI_BASE_URL', description: 'base URL of google models that name none' },
];
