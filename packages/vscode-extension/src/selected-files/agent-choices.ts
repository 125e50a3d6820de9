/** An agent definition from a dispatch file's `config.agents`, as written. */
export interface CustomAgentDefinition {
  readonly kind: 'command' | 'prompt';
  readonly description?: string;
  readonly [field: string]: unknown;
}

/** An agent offered by "Run Agent on Selected Files". */
export interface AgentChoice {
  readonly name: string;
  readonly kind: 'debug' | 'coder' | 'shell' | 'command' | 'prompt';
  readonly description: string;
  /** For agents defined in a dispatch file: the definition, copied into the new dispatch. */
  readonly definition?: CustomAgentDefinition;
  /** The dispatch file that defines it. */
  readonly definedIn?: string;
  /** What the text the user types is for, shown in the input box. */
  readonly prompt: string;
  readonly instructionsRequired: boolean;
}

const BUILT_IN: readonly AgentChoice[] = [
  { name: 'debug', kind: 'debug', description: 'Find the cause of a problem in each file (model)', prompt: 'Describe the problem to investigate in each file', instructionsRequired: true },
  { name: 'coder', kind: 'coder', description: 'Rewrite each file to a contract (model)', prompt: 'Describe what each file must do after the change', instructionsRequired: true },
  { name: 'shell', kind: 'shell', description: 'Run a command once per file', prompt: 'Command to run per file; {file} is replaced by the quoted path (else the path is appended)', instructionsRequired: true },
];

/** Built-in agents first, then the workspace's own, each name once (the first definition wins). */
export function agentChoices(custom: readonly { readonly name: string; readonly definition: unknown; readonly definedIn: string }[]): AgentChoice[] {
  const choices = [...BUILT_IN];
  for (const { name, definition, definedIn } of custom) {
    if (choices.some((choice) => choice.name === name) || !isCustomAgentDefinition(definition)) continue;
    const described = typeof definition.description === 'string' && definition.description !== '' ? definition.description : undefined;
    if (definition.kind === 'command') {
      const command = typeof definition.command === 'string' ? definition.command : Array.isArray(definition.argv) ? definition.argv.join(' ') : '';
      choices.push({
        name,
        kind: 'command',
        description: described ?? `Runs ${command}`,
        definition,
        definedIn,
        prompt: `Instructions for ${name} (reach the command as PDISPATCH_INSTRUCTIONS; the file is PDISPATCH_FILE)`,
        instructionsRequired: false,
      });
    } else {
      choices.push({ name, kind: 'prompt', description: described ?? 'Prompt agent (model)', definition, definedIn, prompt: `What should ${name} do with each file?`, instructionsRequired: true });
    }
  }
  return choices;
}

function isCustomAgentDefinition(value: unknown): value is CustomAgentDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'command' || kind === 'prompt';
}
