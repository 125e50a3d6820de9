import { builtInAgents, MODEL_ENVIRONMENT } from '@parallel-dispatcher/core';
import type { HelpFacts } from './help-text.js';

export function helpFacts(): HelpFacts {
  const agents = builtInAgents();
  return { agents: agents.names.map((name) => ({ name, description: agents.get(name)!.description })), environment: MODEL_ENVIRONMENT };
}
