/**
 * JSON for a terminal: JSON.stringify escapes C0 controls but leaves DEL and
 * the C1 controls (8-bit CSI and OSC among them) raw; they can only occur
 * inside strings, where an escape keeps the value exactly.
 */
export function terminalJson(value: unknown): string {
  return `${JSON.stringify(value ?? null, null, 2).replace(/[\x7f-\x9f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
