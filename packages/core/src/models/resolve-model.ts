import type { ModelSpec } from '../schema/dispatch-schema.js';
import { MODEL_PROVIDERS } from './model-providers.js';

/** A model choice with everything needed to call it. */
export interface ResolvedModel {
  readonly provider: ModelSpec['provider'];
  readonly model: string;
  /** Undefined means the provider's public API (see `endpointOf`). */
  readonly baseUrl: string | undefined;
  /** Undefined only for openai-compatible servers that need none (Ollama, llama.cpp, vLLM). */
  readonly apiKey: string | undefined;
  readonly maxConcurrency: number | undefined;
  /** Where the key came from ("ANTHROPIC_API_KEY", "the host"), for messages about a refused key; never the key. */
  readonly apiKeySource?: string | undefined;
}

export interface ModelChoice {
  /** The task's own `model`. */
  readonly task?: ModelSpec | undefined;
  /** The `model` of the custom agent the task uses. */
  readonly agent?: ModelSpec | undefined;
  /** `--model provider:model` (CLI), the `model` input (action), a setting (editor). */
  readonly override?: string | undefined;
  /** `--base-url`: for the host's model, or for the file's / PDISPATCH_MODEL's when the host names none. */
  readonly overrideBaseUrl?: string | undefined;
  /** A key given directly by the host; wins over environment variables. */
  readonly overrideApiKey?: string | undefined;
  /** `config.model` of the dispatch file. */
  readonly config?: ModelSpec | undefined;
  /** Where `PDISPATCH_MODEL`, base URLs and keys are read; never process.env itself. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

export type ModelResolution = { readonly ok: true; readonly model: ResolvedModel } | { readonly ok: false; readonly problem: string };

const OPENAI_API = 'https://api.openai.com/v1';
const ANTHROPIC_API = 'https://api.anthropic.com/v1';
const GOOGLE_API = 'https://generativelanguage.googleapis.com/v1beta';

/** Per provider: the variables its key and base URL are read from, and its public API. */
const PROVIDER_DEFAULTS: Readonly<Record<ModelSpec['provider'], { keyVariable: string; baseUrlVariable: string; api: string | undefined }>> = {
  'openai-compatible': { keyVariable: 'OPENAI_API_KEY', baseUrlVariable: 'OPENAI_BASE_URL', api: undefined },
  openai: { keyVariable: 'OPENAI_API_KEY', baseUrlVariable: 'OPENAI_BASE_URL', api: OPENAI_API },
  anthropic: { keyVariable: 'ANTHROPIC_API_KEY', baseUrlVariable: 'ANTHROPIC_BASE_URL', api: ANTHROPIC_API },
  google: { keyVariable: 'GOOGLE_GENERATIVE_AI_API_KEY', baseUrlVariable: 'GOOGLE_GENERATIVE_AI_BASE_URL', api: GOOGLE_API },
};

/** The variable a process (the CLI) reads a provider's key from when the model names no `api_key_env`. */
export function apiKeyVariable(provider: ModelSpec['provider']): string {
  return PROVIDER_DEFAULTS[provider].keyVariable;
}

export const HOW_TO_CONFIGURE =
  'set config.model in the dispatch file (e.g. "model": { "provider": "anthropic", "model": "claude-sonnet-4-5" }), pass --model provider:model, ' +
  'or set PDISPATCH_MODEL=provider:model (e.g. anthropic:claude-sonnet-4-5, or openai-compatible:llama3.1 with --base-url http://localhost:11434/v1); ' +
  'providers: openai-compatible (needs a base URL), openai, anthropic, google (e.g. google:gemini-2.5-flash); the API key goes in ANTHROPIC_API_KEY, OPENAI_API_KEY or GOOGLE_GENERATIVE_AI_API_KEY, or the variable api_key_env names';

/**
 * Picks a task's model. The most specific choice wins as a whole:
 *   1. the task's own `model`,
 *   2. the `model` of the custom agent it uses,
 *   3. the host's override (`--model`, the action's `model` input),
 *   4. the dispatch file's `config.model`,
 *   5. `PDISPATCH_MODEL` (`provider:model`).
 * The host's `--base-url` applies to 3-5, as a flag beats a file and the
 * environment; a task or agent that names its own model keeps its endpoint.
 * Then the base URL is the spec's, else OPENAI_BASE_URL / ANTHROPIC_BASE_URL /
 * GOOGLE_GENERATIVE_AI_BASE_URL, else the provider's public API (none for
 * openai-compatible), and the key the host's, else the variable `api_key_env`
 * names, else OPENAI_API_KEY / ANTHROPIC_API_KEY / GOOGLE_GENERATIVE_AI_API_KEY.
 * Only openai-compatible may go without a key.
 */
export function resolveModel(choice: ModelChoice): ModelResolution {
  const host = choice.override === undefined ? undefined : parseModelName(choice.override, '--model');
  // A bad --model is reported even when a task's own model wins: the user typed it for a reason.
  if (host !== undefined && 'problem' in host) return { ok: false, problem: host.problem };
  const picked = pickSpec(choice, host);
  if (picked === undefined) return { ok: false, problem: `needs a model and none is configured: ${HOW_TO_CONFIGURE}` };
  if ('problem' in picked) return { ok: false, problem: picked.problem };
  const { spec, hostBaseUrl } = picked;
  const name = `${spec.provider}:${spec.model}`;

  const baseUrl = baseUrlFor(spec, hostBaseUrl, choice);
  if (baseUrl !== undefined && !isHttpUrl(baseUrl.value)) {
    return { ok: false, problem: `the base URL for model "${name}" (from ${baseUrl.source}) is not an http(s) URL: "${baseUrl.value}"` };
  }
  if (spec.provider === 'openai-compatible' && baseUrl === undefined) {
    return {
      ok: false,
      problem: `model "${name}" uses provider openai-compatible, which needs a base URL: set base_url in the model, pass --base-url, or set OPENAI_BASE_URL (e.g. http://localhost:11434/v1 for Ollama); for OpenAI itself use provider openai`,
    };
  }

  const keyVariable = spec.api_key_env ?? PROVIDER_DEFAULTS[spec.provider].keyVariable;
  const hostKey = hostKeyApplies(spec, host) ? nonEmpty(choice.overrideApiKey) : undefined;
  const apiKey = hostKey ?? nonEmpty(choice.env[keyVariable]);
  if (apiKey === undefined && spec.provider !== 'openai-compatible') {
    const how = spec.api_key_env === undefined ? `set ${keyVariable}, or name the variable that holds it with api_key_env in the model spec` : `set ${keyVariable} (the variable its api_key_env names)`;
    return { ok: false, problem: `model "${name}" needs an API key: ${how}` };
  }
  return {
    ok: true,
    model: {
      provider: spec.provider,
      model: spec.model,
      baseUrl: baseUrl === undefined ? undefined : spec.provider === 'anthropic' ? anthropicApiBase(baseUrl.value) : baseUrl.value,
      apiKey,
      maxConcurrency: spec.max_concurrency,
      ...(apiKey === undefined ? {} : { apiKeySource: hostKey === undefined ? keyVariable : 'the host' }),
    },
  };
}

/** `provider:model`, split at the first colon so `openai-compatible:qwen2.5:7b` keeps its tag. */
export function parseModelName(text: string, where: string): ModelSpec | { problem: string } {
  const colon = text.indexOf(':');
  const provider = text.slice(0, colon).trim();
  const model = text.slice(colon + 1).trim();
  if (colon < 0 || model === '' || !(MODEL_PROVIDERS as readonly string[]).includes(provider)) {
    return { problem: `${where} "${text}" is not provider:model (providers: ${MODEL_PROVIDERS.join(', ')}; e.g. anthropic:claude-sonnet-4-5 or openai-compatible:qwen2.5:7b)` };
  }
  return { provider: provider as ModelSpec['provider'], model };
}

/** The base URL calls go to: the resolved one, else the provider's public API. */
export function endpointOf(resolved: Pick<ResolvedModel, 'provider' | 'baseUrl'>): string {
  return resolved.baseUrl ?? PROVIDER_DEFAULTS[resolved.provider].api ?? OPENAI_API;
}

/**
 * The host's key belongs to the host's model: it goes with the model the host
 * named, or, when it named none, with a model of the file that picks neither
 * its own endpoint nor its own key variable, and never to another provider.
 */
function hostKeyApplies(spec: ModelSpec, host: ModelSpec | undefined): boolean {
  if (host !== undefined) return spec === host || (spec.provider === host.provider && spec.base_url === undefined && spec.api_key_env === undefined);
  return spec.base_url === undefined && spec.api_key_env === undefined;
}

function pickSpec(choice: ModelChoice, host: ModelSpec | undefined): { spec: ModelSpec; hostBaseUrl: boolean } | { problem: string } | undefined {
  const own = choice.task ?? choice.agent;
  if (own !== undefined) return { spec: own, hostBaseUrl: false };
  if (host !== undefined) return { spec: host, hostBaseUrl: true };
  if (choice.config !== undefined) return { spec: choice.config, hostBaseUrl: true };
  // PDISPATCH_MODEL is read only when it is the choice, so a stale value elsewhere breaks nothing.
  const fromEnv = nonEmpty(choice.env.PDISPATCH_MODEL);
  if (fromEnv === undefined) return undefined;
  const parsed = parseModelName(fromEnv, 'PDISPATCH_MODEL');
  return 'problem' in parsed ? parsed : { spec: parsed, hostBaseUrl: true };
}

function baseUrlFor(spec: ModelSpec, hostBaseUrl: boolean, choice: ModelChoice): { value: string; source: string } | undefined {
  const { baseUrlVariable, api } = PROVIDER_DEFAULTS[spec.provider];
  const candidates: [string | undefined, string][] = [
    [hostBaseUrl ? choice.overrideBaseUrl : undefined, '--base-url'],
    [spec.base_url, 'base_url'],
    [choice.env[baseUrlVariable], baseUrlVariable],
    [api, 'the default'],
  ];
  for (const [value, source] of candidates) if (nonEmpty(value) !== undefined) return { value: value!.trim(), source };
  return undefined;
}

/**
 * Anthropic's own SDKs and tools take ANTHROPIC_BASE_URL without the `/v1`
 * the AI SDK wants (`https://proxy:4000` vs `https://proxy:4000/v1`); both
 * spellings work here.
 */
function anthropicApiBase(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/v1') ? trimmed : `${trimmed}/v1`;
}

function isHttpUrl(text: string): boolean {
  return URL.canParse(text) && ['http:', 'https:'].includes(new URL(text).protocol);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
