/**
 * Terminal control sequences, longest forms first: string sequences (OSC
 * titles and hyperlinks, DCS, SOS, PM, APC, up to their terminator or the end
 * of the text), CSI (colours, cursor moves, screen clears), other escapes, and
 * the remaining C0 and C1 controls except newline and tab.
 */
const CONTROL_SEQUENCE = new RegExp(
  [
    String.raw`(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)`,
    String.raw`(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?`,
    String.raw`\x1b[\x20-\x2f]*[\x30-\x7e]?`,
    String.raw`[\x00-\x08\x0b-\x1f\x7f-\x9f]`,
  ].join('|'),
  'g',
);

/**
 * Text fit to show on a terminal: a task's output could otherwise recolour
 * the screen, move the cursor over earlier lines, retitle the window or plant
 * a hyperlink. Traces keep the text as it was (JSON escapes the controls).
 */
export function stripControlSequences(text: string): string {
  return text.replace(CONTROL_SEQUENCE, '');
}
