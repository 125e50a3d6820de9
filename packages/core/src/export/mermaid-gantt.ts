import type { Timeline } from '../timeline/timeline.js';

/** GitHub renders a Mermaid diagram only when its text is under Mermaid's 50,000-character limit. */
export const MERMAID_MAX_CHARS = 50_000;

const TAGS: Record<string, string> = { success: 'done, ', error: 'crit, ', cancelled: 'active, ' };

// A task named like a gantt keyword would be read as that statement.
const KEYWORD = /^(title|section|dateformat|axisformat|tickinterval|includes|excludes|todaymarker|weekday|weekend|inclusiveenddates|topaxis|acctitle|accdescr|click|%%)/i;

interface Bar {
  readonly agent: string;
  readonly line: string;
}

/**
 * The run as Mermaid gantt diagrams (their source, without fences): one bar
 * per task span (first attempt's start to last attempt's end), grouped by agent, in UTC. Split into as many
 * diagrams as it takes to keep each under `maxChars`. Empty when no task started.
 */
export function ganttDiagrams(timeline: Timeline, maxChars = MERMAID_MAX_CHARS - 100): string[] {
  const bars = timeline.tasks.flatMap(({ span, taskId, agent, status }): Bar[] => {
    if (span === null) return [];
    // A bar needs a width to be seen: a task that took no time gets a millisecond.
    const finish = Math.max(span.end, span.start + 1);
    return [{ agent, line: `    ${barName(taskId)} :${TAGS[status] ?? ''}${utc(span.start)}, ${utc(finish)}\n` }];
  });
  if (bars.length === 0) return [];

  const chunks: Bar[][] = [];
  let chunk: Bar[] = [];
  let size = 0;
  let agents = new Set<string>();
  for (const bar of bars) {
    const added = bar.line.length + (agents.has(bar.agent) ? 0 : sectionLine(bar.agent).length);
    if (chunk.length > 0 && headerLength() + size + added > maxChars) {
      chunks.push(chunk);
      chunk = [];
      size = 0;
      agents = new Set();
    }
    chunk.push(bar);
    size += bar.line.length + (agents.has(bar.agent) ? 0 : sectionLine(bar.agent).length);
    agents.add(bar.agent);
  }
  chunks.push(chunk);
  return chunks.map((bars, n) => render(bars, chunks.length === 1 ? '' : ` (part ${n + 1} of ${chunks.length})`));
}

function render(bars: readonly Bar[], part: string): string {
  const byAgent = new Map<string, string[]>();
  for (const bar of bars) {
    const lines = byAgent.get(bar.agent);
    if (lines === undefined) byAgent.set(bar.agent, [bar.line]);
    else lines.push(bar.line);
  }
  let text = header(part);
  for (const [agent, lines] of byAgent) text += sectionLine(agent) + lines.join('');
  return text;
}

function header(part: string): string {
  return `gantt\n    title Tasks over time, UTC${part}\n    dateFormat YYYY-MM-DD HH:mm:ss.SSS\n    axisFormat %H:%M:%S\n    todayMarker off\n`;
}

/** The longest header any part can have (part numbers up to five digits). */
function headerLength(): number {
  return header(' (part 99999 of 99999)').length;
}

function sectionLine(agent: string): string {
  return `    section ${agent.replace(/[:#;\r\n]/g, ' ')}\n`;
}

function barName(taskId: string): string {
  const name = taskId.replace(/[:#;\r\n]/g, ' ');
  return KEYWORD.test(name) ? `task ${name}` : name;
}

function utc(time: number): string {
  return new Date(time).toISOString().replace('T', ' ').replace('Z', '');
}
