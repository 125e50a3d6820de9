import { closestName } from '../text/closest-name.js';
import type { AnyAgent } from './agent.js';

/** Maps a task's `agent` name to the agent that runs it. */
export class AgentRegistry {
  private readonly agents = new Map<string, AnyAgent>();
  /** Messages already made, so 50,000 tasks naming the same unknown agent cost one search. */
  private readonly unknownMessages = new Map<string, string>();

  constructor(agents: Iterable<AnyAgent> = []) {
    for (const agent of agents) this.agents.set(agent.name, agent);
  }

  get(name: string): AnyAgent | undefined {
    return this.agents.get(name);
  }

  has(name: string): boolean {
    return this.agents.has(name);
  }

  get names(): string[] {
    return [...this.agents.keys()].sort();
  }

  /** A registry with these agents added (or replacing same-named ones). */
  with(agents: Iterable<AnyAgent>): AgentRegistry {
    return new AgentRegistry([...this.agents.values(), ...agents]);
  }

  describeUnknown(name: string): string {
    const known = this.unknownMessages.get(name);
    if (known !== undefined) return known;
    const close = closestName(name, this.names);
    const hint = close === undefined ? '' : `; did you mean "${close}"?`;
    const message = `unknown agent "${name}" (known agents: ${this.names.join(', ')})${hint}`;
    this.unknownMessages.set(name, message);
    return message;
  }
}

