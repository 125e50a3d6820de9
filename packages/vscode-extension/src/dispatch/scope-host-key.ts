import { resolveModel, type PreparedDispatch, type PreparedTask } from '@parallel-dispatcher/core';

/**
 * The API key from the editor's secret storage belongs to the model the settings name. A task
 * that names its own model (or whose agent does) also chose its own endpoint, so it does not get
 * that key: its model is resolved again without it, taking a key from the environment as the
 * CLI would, or none.
 */
export function scopeHostKey(prepared: PreparedDispatch, env: Readonly<Record<string, string | undefined>>): PreparedDispatch {
  let changed = false;
  const tasks = new Map<string, PreparedTask>();
  for (const [id, task] of prepared.tasks) {
    const agentModel = agentModelOf(prepared, task.spec.agent);
    if (task.model?.apiKeySource !== 'the host' || (task.spec.model === undefined && agentModel === undefined)) {
      tasks.set(id, task);
      continue;
    }
    const again = resolveModel({ task: task.spec.model, agent: agentModel, env });
    const { apiKey: _key, apiKeySource: _source, ...withoutKey } = task.model;
    tasks.set(id, { ...task, model: again.ok ? again.model : { ...withoutKey, apiKey: undefined } });
    changed = true;
  }
  return changed ? { ...prepared, tasks } : prepared;
}

function agentModelOf(prepared: PreparedDispatch, agent: string) {
  const custom = prepared.config.agents?.[agent];
  return custom?.kind === 'prompt' ? custom.model : undefined;
}
