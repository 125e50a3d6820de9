/** `${NAME}`, `${NAME:-default}` and `${env:NAME}`, as `.mcp.json` files and VS Code write them. */
const REFERENCE = /\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function hasReference(value: string): boolean {
  return new RegExp(REFERENCE.source).test(value);
}

export interface Expansion {
  readonly value: string;
  /** Variables referenced without a default that the environment does not set. */
  readonly missing: readonly string[];
  /** The values taken from the environment (secrets to keep out of traces). */
  readonly used: readonly string[];
}

/** Replaces references with the environment's values (or their defaults). */
export function expandVariables(value: string, env: Readonly<Record<string, string | undefined>>): Expansion {
  const missing: string[] = [];
  const used: string[] = [];
  const expanded = value.replace(REFERENCE, (_whole, name: string, fallback: string | undefined) => {
    const found = env[name];
    if (found !== undefined && found !== '') {
      used.push(found);
      return found;
    }
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return '';
  });
  return { value: expanded, missing, used };
}
