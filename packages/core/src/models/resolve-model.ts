import type { ModelSpec } from '../schema/dispatch-schema.js';

/** A model choice with everything needed to call it. */
export interface ResolvedModel {
  readonly provider: ModelSpec['provider'];
  readonly model: string;
  readonly baseUrl: string | undefined;
  readonly apiKey: string | undefined;
  readonly maxConcurrency: number | undefined;
}

export interface ModelChoice {
  /** The task's own `model`. */
  readonly task?: ModelSpec | undefined;
  /** The `model` of the custom agent the task uses. */
  readonly agent?: ModelSpec | undefined;
  /** `--model provider:model` (CLI), the `model` input (action), a setting (editor). */
  readonly override?: string | undefined;
  readonly overrideBaseUrl?: string | undefined;
  /** A key given directly by the host; wins over environment variables. */
  readonly overrideApiKey?: string | undefined;
  /** `config.model` of the dispatch file. */
  readonly config?: ModelSpec | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';
const PROVIDERS = ['openai-compatible', 'openai', 'anthropic'] as const;

export const HOW_TO_CONFIGURE =
  'set config.model in the dispatch file ({ "provider": "anthropic", "model": "claude-sonnet-4-5" }), pass --model provider:model, or set PDISPATCH_MODEL=provider:model; providers: openai-compatible (with base_url), openai, anthropic';

/**
 * Picks a task's model. The most specific choice wins: the task's own
 * `model`, then its custom agent's, then the host's override (CLI flag,
 * action input), then the file's `config.model`, then `PDISPATCH_MODEL`.
 * The key comes from the host, else the variable `api_key_env` names, else
 * the provider's usual variable.
 */
export function resolveModel(choice: ModelChoice): { ok: true; model: ResolvedModel } | { ok: false; problem: string } {
  const fromOverride = choice.override === undefined ? undefined : parseModelName(choice.override, '--model');
  if (fromOverride !== undefined && 'problem' in fromOverride) return { ok: false, problem: fromOverride.problem };
  const fromEnv = choice.env.PDISPATCH_MODEL === undefined || choice.env.PDISPATCH_MODEL === '' ? undefined : parseModelName(choice.env.PDISPATCH_MODEL, 'PDISPATCH_MODEL');
  if (fromEnv !== undefined && 'problem' in fromEnv) return { ok: false, problem: fromEnv.problem };
  const overrideSpec = fromOverride === undefined ? undefined : { ...fromOverride, ...(choice.overrideBaseUrl === undefined ? {} : { base_url: choice.overrideBaseUrl }) };
  const spec = choice.task ?? choice.agent ?? overrideSpec ?? choice.config ?? fromEnv;
  if (spec === undefined) return { ok: false, problem: `this task needs a model and none is configured: ${HOW_TO_CONFIGURE}` };

  const isAnthropic = spec.provider === 'anthropic';
  const baseUrl = spec.base_url ?? (isAnthropic ? choice.env.ANTHROPIC_BASE_URL : choice.env.OPENAI_BASE_URL) ?? (spec.provider === 'openai' ? OPENAI_BASE_URL : undefined);
  if (spec.provider === 'openai-compatible' && (baseUrl === undefined || baseUrl === '')) {
    return { ok: false, problem: `model "${spec.model}" uses provider openai-compatible, which needs a base URL: set base_url in the model, pass --base-url, or set OPENAI_BASE_URL (e.g. http://localhost:11434/v1 for Ollama)` };
  }
  const keyVariable = spec.api_key_env ?? (isAnthropic ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY');
  const apiKey = nonEmpty(choice.overrideApiKey) ?? nonEmpty(choice.env[keyVariable]);
  // Local OpenAI-compatible servers (Ollama, llama.cpp, vLLM) usually need no key.
  if (apiKey === undefined && spec.provider !== 'openai-compatible') {
    return { ok: false, problem: `model "${spec.provider}:${spec.model}" needs an API key in the environment variable ${keyVariable}` };
  }
  return { ok: true, model: { provider: spec.provider, model: spec.model, baseUrl: nonEmpty(baseUrl), apiKey, maxConcurrency: spec.max_concurrency } };
}

/** `provider:model`, split at the first colon so `openai-compatible:qwen2.5:7b` keeps its tag. */
export function parseModelName(text: string, where: string): ModelSpec | { problem: string } {
  const colon = text.indexOf(':');
  const provider = text.slice(0, colon);
  const model = text.slice(colon + 1);
  if (colon < 0 || model === '' || !(PROVIDERS as readonly string[]).includes(provider)) {
    return { problem: `${where} "${text}" is not provider:model (providers: ${PROVIDERS.join(', ')}; e.g. anthropic:claude-sonnet-4-5)` };
  }
  return { provider: provider as ModelSpec['provider'], model };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
