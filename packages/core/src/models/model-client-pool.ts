import { createModelClient, type ModelClientOptions } from './ai-sdk-model-client.js';
import type { ModelClient } from './model-client.js';
import type { ResolvedModel } from './resolve-model.js';

/**
 * One client per model endpoint for a whole dispatch, so that a model's
 * `max_concurrency` holds across all the tasks that use it.
 */
export class ModelClientPool {
  private readonly clients = new Map<string, ModelClient>();

  constructor(private readonly options: ModelClientOptions = {}) {}

  clientFor(resolved: ResolvedModel): ModelClient {
    const key = JSON.stringify([resolved.provider, resolved.baseUrl, resolved.model, resolved.apiKey, resolved.maxConcurrency]);
    let client = this.clients.get(key);
    if (client === undefined) {
      client = createModelClient(resolved, this.options);
      this.clients.set(key, client);
    }
    return client;
  }
}
