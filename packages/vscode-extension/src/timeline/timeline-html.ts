import { formatDuration } from '@parallel-dispatcher/core';
import type { GanttLayout } from './gantt-layout.js';

export interface TimelinePage {
  readonly title: string;
  readonly subtitle: string;
  readonly layout: GanttLayout;
  /** The webview's `cspSource`. */
  readonly cspSource: string;
  /** A fresh random value per render: only the page's own style and script run. */
  readonly nonce: string;
}

/** Status colours come from the editor's theme, so the chart follows light, dark and high-contrast themes. */
const STATUS_COLOURS: Record<string, string> = {
  success: 'var(--vscode-testing-iconPassed, var(--vscode-charts-green))',
  error: 'var(--vscode-testing-iconFailed, var(--vscode-charts-red))',
  cancelled: 'var(--vscode-list-warningForeground, var(--vscode-charts-yellow))',
  skipped: 'var(--vscode-disabledForeground)',
  running: 'var(--vscode-progressBar-background, var(--vscode-charts-blue))',
  retrying: 'var(--vscode-charts-orange)',
  queued: 'var(--vscode-disabledForeground)',
  pending: 'var(--vscode-disabledForeground)',
};

/**
 * The timeline webview's document. No remote resources and no inline attributes: positions and
 * colours are classes in one nonce'd style element, and the only script posts clicks back to the
 * extension (to reveal the task in the tree).
 */
export function renderTimelineHtml(page: TimelinePage): string {
  const { layout, nonce } = page;
  const csp = [`default-src 'none'`, `style-src ${page.cspSource} 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, `img-src ${page.cspSource}`].join('; ');
  const barRules = layout.rows
    .map((row, n) => (row.bar === undefined ? '' : `.bar-${n} { left: ${row.bar.left}%; width: ${row.bar.width}%; }`))
    .filter((rule) => rule !== '');
  const tickRules = layout.ticks.map((tick, n) => `.tick-${n} { left: ${tick.percent}%; }`);
  const statusRules = Object.entries(STATUS_COLOURS).map(([status, colour]) => `.status-${status} { background: ${colour}; }`);
  const rows = layout.rows
    .map((row, n) => {
      const tip = [`${row.taskId} (${row.agent}): ${row.status}`, row.offset === '' ? '' : `started ${row.offset}`, row.bar === undefined ? '' : `took ${row.duration}`, row.critical ? 'on the critical path' : '', row.error ?? '']
        .filter((part) => part !== '')
        .join(' · ');
      const bar = row.bar === undefined ? '' : `<div class="bar bar-${n} status-${escapeHtml(row.status)}${row.critical ? ' critical' : ''}"></div>`;
      return `<div class="row" data-task="${escapeHtml(row.taskId)}" title="${escapeHtml(tip)}" tabindex="0" role="button">
  <div class="name"><span class="dot status-${escapeHtml(row.status)}"></span>${escapeHtml(row.taskId)} <span class="agent">${escapeHtml(row.agent)}</span></div>
  <div class="track">${bar}</div>
  <div class="duration">${escapeHtml(row.duration)}</div>
</div>`;
    })
    .join('\n');
  const axis = layout.ticks.map((tick, n) => `<span class="tick tick-${n}">${escapeHtml(tick.label)}</span>`).join('');
  const legend = ['success', 'error', 'skipped', 'cancelled', 'running']
    .map((status) => `<span class="legend-item"><span class="dot status-${status}"></span>${status}</span>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(page.title)}</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 12px 20px; }
h1 { font-size: 1.3em; font-weight: 600; margin: 0 0 4px; }
.subtitle { color: var(--vscode-descriptionForeground); margin-bottom: 12px; }
.legend { display: flex; gap: 14px; margin-bottom: 10px; color: var(--vscode-descriptionForeground); }
.legend-item { display: inline-flex; align-items: center; gap: 5px; }
.row, .axis-row { display: grid; grid-template-columns: minmax(160px, 28%) 1fr 80px; margin-bottom: 3px; }
.row { cursor: pointer; outline: none; }
.row:hover, .row:focus { background: var(--vscode-list-hoverBackground); }
.row:focus { outline: 1px solid var(--vscode-focusBorder); }
.name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; padding-right: 8px; line-height: 22px; }
.agent { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.track { position: relative; height: 22px; background: var(--vscode-editorWidget-background, transparent); border-left: 1px solid var(--vscode-editorRuler-foreground, var(--vscode-panel-border)); }
.bar { position: absolute; top: 4px; height: 14px; border-radius: 3px; opacity: 0.9; }
.bar.critical { outline: 2px solid var(--vscode-focusBorder); outline-offset: 1px; }
.duration { text-align: right; color: var(--vscode-descriptionForeground); line-height: 22px; font-variant-numeric: tabular-nums; }
.axis { position: relative; height: 18px; border-top: 1px solid var(--vscode-panel-border); color: var(--vscode-descriptionForeground); font-size: 0.85em; }
.tick { position: absolute; top: 2px; transform: translateX(-50%); white-space: nowrap; }
.tick-0 { transform: none; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 6px; vertical-align: middle; }
.footer { margin-top: 12px; color: var(--vscode-descriptionForeground); }
${[...statusRules, ...barRules, ...tickRules].join('\n')}
</style>
</head>
<body>
<h1>${escapeHtml(page.title)}</h1>
<div class="subtitle">${escapeHtml(page.subtitle)}</div>
<div class="legend">${legend}<span class="legend-item">outlined: critical path</span></div>
<div class="chart">
${rows}
<div class="axis-row"><div></div><div class="axis">${axis}</div><div></div></div>
</div>
<div class="footer">${layout.rows.length} task${layout.rows.length === 1 ? '' : 's'} over ${escapeHtml(formatDuration(layout.totalMs))}; at most ${layout.peakParallelism} at once.</div>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
for (const row of document.querySelectorAll('.row')) {
  const reveal = () => vscode.postMessage({ type: 'reveal-task', taskId: row.dataset.task });
  row.addEventListener('click', reveal);
  row.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') reveal(); });
}
</script>
</body>
</html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
