import type { SynthesisAnswer } from '../tracing/planning-records.js';

/**
 * A synthesised answer as the Markdown every host shows: the answer, then
 * its highlights and follow-ups as lists, each item on one line.
 */
export function formatAnswer(answer: SynthesisAnswer): string {
  const list = (heading: string, items: readonly string[]) => (items.length === 0 ? [] : ['', `## ${heading}`, '', ...items.map((item) => `- ${item.replace(/\s*\n\s*/g, ' ')}`)]);
  return [answer.answer.trim(), ...list('Highlights', answer.highlights), ...list('Follow-ups', answer.follow_ups)].join('\n');
}
