// The model layer's public face: hosts resolve a model, take a client from a
// pool shared by the whole dispatch, and hand each task its recording view.
export type {
  ModelClient,
  ModelMessage,
  ModelObjectRequest,
  ModelObjectResult,
  ModelRequest,
  ModelTextResult,
  TextMessage,
  AssistantToolCallMessage,
  ToolResultMessage,
  ToolDefinition,
  ToolCallRequest,
  TokenUsage,
} from './model-client.js';
export { ModelError, type ModelErrorFacts } from './model-error.js';
export { MODEL_PROVIDERS, type ModelProvider } from './model-providers.js';
export { apiKeyVariable, endpointOf, HOW_TO_CONFIGURE, parseModelName, resolveModel, type ModelChoice, type ModelResolution, type ResolvedModel } from './resolve-model.js';
export { createModelClient, type ModelClientOptions } from './ai-sdk-model-client.js';
export type { RetryOptions } from './retry-policy.js';
export { ModelClientPool } from './model-client-pool.js';
export { taskModelClient } from './task-model-client.js';
export { MODEL_ENVIRONMENT, type EnvironmentVariable } from './model-environment.js';
