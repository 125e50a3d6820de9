import type { AnyAgent, PreparedDispatch, PreparedTask } from '@parallel-dispatcher/core';

/**
 * A prepared rerun whose tasks also receive the outputs their succeeded dependencies produced last
 * time (`RerunPlan.inheritedOutputs`), exactly where they would have found them: in the agent's
 * `dependencies` (and so in a command's PDISPATCH_DEPENDENCIES). Outputs of tasks that run again
 * win over inherited ones.
 */
export function withInheritedOutputs(prepared: PreparedDispatch, inherited: ReadonlyMap<string, Readonly<Record<string, unknown>>>): PreparedDispatch {
  if (inherited.size === 0) return prepared;
  const tasks = new Map<string, PreparedTask>();
  for (const [id, task] of prepared.tasks) {
    const outputs = inherited.get(id);
    tasks.set(id, outputs === undefined ? task : { ...task, agent: inheritingAgent(task.agent, outputs) });
  }
  return { ...prepared, tasks };
}

function inheritingAgent(agent: AnyAgent, outputs: Readonly<Record<string, unknown>>): AnyAgent {
  return {
    ...agent,
    run: (input, context) => agent.run(input, { ...context, dependencies: { ...outputs, ...context.dependencies } }),
  };
}
