import { AgentRegistry } from './agent-registry.js';
import { coderAgent } from './coder/coder-agent.js';
import { debugAgent } from './debug/debug-agent.js';
import { shellAgent } from './shell/shell-agent.js';

/** The agents every dispatch can use without defining them. */
export function builtInAgents(): AgentRegistry {
  return new AgentRegistry([coderAgent, debugAgent, shellAgent]);
}
