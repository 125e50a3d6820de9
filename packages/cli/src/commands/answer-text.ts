import { formatAnswer, stripControlSequences, type SynthesisAnswer } from '@parallel-dispatcher/core';

/**
 * The synthesised answer as core's Markdown, plain enough to read on a
 * terminal as it is; the model's text never drives the terminal.
 */
export function answerText(answer: SynthesisAnswer): string {
  return `${stripControlSequences(formatAnswer(answer))}\n`;
}
