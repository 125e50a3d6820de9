import type { AnyAgent } from './agent.js';

/** Maps a task's `agent` name to the agent that runs it. */
export class AgentRegistry {
  private readonly agents = new Map<string, AnyAgent>();

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
    const close = this.names.find((known) => editDistance(known.toLowerCase(), name.toLowerCase()) <= 2);
    const hint = close === undefined ? '' : `; did you mean "${close}"?`;
    return `unknown agent "${name}" (known agents: ${this.names.join(', ')})${hint}`;
  }
}

/** Levenshtein distance, for "did you mean" hints on short names. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
