import { stripControlSequences, type SynthesisAnswer } from '@parallel-dispatcher/core';

/**
 * The synthesised answer as Markdown: the answer, then its highlights and
 * follow-ups as lists. Plain enough to read on a terminal as it is, and to
 * keep in a `.md` file. The model's text never drives the terminal.
 */
export function answerText(answer: SynthesisAnswer): string {
  const list = (heading: string, items: readonly string[]) => (items.length === 0 ? [] : ['', `## ${heading}`, '', ...items.map((item) => `- ${item.replace(/\s*\n\s*/g, ' ')}`)]);
  const text = [answer.answer.trim(), ...list('Highlights', answer.highlights), ...list('Follow-ups', answer.follow_ups)].join('\n');
  return `${stripControlSequences(text)}\n`;
}
