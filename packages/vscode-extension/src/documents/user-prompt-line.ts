/** The line of a dispatch file's top-level `user_prompt` (YAML or JSON), 0-based; undefined when it has none. */
export function userPromptLine(text: string): number | undefined {
  const lines = text.split(/\r?\n/);
  const yaml = lines.findIndex((line) => /^user_prompt\s*:/.test(line));
  if (yaml !== -1) return yaml;
  // JSON: a key indented no deeper than a top-level key usually is.
  const json = lines.findIndex((line) => /^\s{0,4}"user_prompt"\s*:/.test(line));
  return json === -1 ? undefined : json;
}
