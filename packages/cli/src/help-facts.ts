import { builtInAgents, MODEL_ENVIRONMENT } from '@parallel-dispatcher/core';

/** What a command's help lists from core: its agents and the environment variables it reads. */
export interface HelpFacts {
  readonly agents: readonly { readonly name: string; readonly description: string }[];
  readonly environment: readonly { readonly name: string; readonly description: string }[];
}

export function helpFacts(): HelpFacts {
  const agents = builtInAgents();
  return { agents: agents.names.map((name) => ({ name, description: agents.get(name)!.description })), environment: MODEL_ENVIRONMENT };
}
