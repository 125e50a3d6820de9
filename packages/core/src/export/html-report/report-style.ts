/** The report's styles, inline (the page loads nothing); colours follow the reader's light or dark preference. */
export const REPORT_STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa; --accent: #0969da;
  --success: #1a7f37; --error: #cf222e; --skipped: #8c959f; --cancelled: #9a6700; --running: #0969da; --critical: #8250df; --stage: #bf8700; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23; --accent: #4493f8;
    --success: #3fb950; --error: #f85149; --skipped: #6e7681; --cancelled: #d29922; --running: #4493f8; --critical: #ab7df8; --stage: #e3b341; }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 16px 24px 48px; background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 20px; margin: 0 0 8px; word-break: break-all; }
h2 { font-size: 16px; margin: 24px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px; margin: 4px 0; overflow: auto; max-height: 480px; white-space: pre-wrap; word-break: break-word; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.facts { display: flex; flex-wrap: wrap; gap: 8px 24px; margin: 0; }
.facts div { display: flex; flex-direction: column; }
.facts dt { color: var(--muted); font-size: 12px; }
.facts dd { margin: 0; font-weight: 600; }
.warning { color: var(--cancelled); }
.muted { color: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 12px; font-size: 12px; color: var(--muted); margin: 4px 0; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: middle; }
.fill-success { background: var(--success); } .fill-error { background: var(--error); } .fill-cancelled { background: var(--cancelled); } .fill-running { background: var(--running); }
.critical-outline { outline: 2px solid var(--critical); outline-offset: -2px; }
.timeline { position: relative; border: 1px solid var(--line); border-radius: 6px; max-height: 420px; overflow: auto; background: var(--panel); }
.timeline canvas { display: block; cursor: pointer; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
.filters label { border: 1px solid var(--line); border-radius: 999px; padding: 2px 10px; cursor: pointer; user-select: none; }
.filters input[type=search] { flex: 1 1 240px; padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); font: inherit; }
.table { border: 1px solid var(--line); border-radius: 6px; }
.table-head, .row { display: grid; grid-template-columns: minmax(160px, 3fr) 90px minmax(80px, 1fr) 90px minmax(120px, 1.5fr) 90px; gap: 8px; padding: 0 8px; align-items: center; }
.table-head { font-weight: 600; font-size: 12px; color: var(--muted); height: 28px; border-bottom: 1px solid var(--line); }
.rows { position: relative; height: 420px; overflow: auto; }
.row { position: absolute; left: 0; right: 0; height: 28px; cursor: pointer; border-bottom: 1px solid var(--line); white-space: nowrap; }
.row > span { overflow: hidden; text-overflow: ellipsis; }
.row:hover, .row.selected { background: var(--panel); }
.row.selected { outline: 2px solid var(--accent); outline-offset: -2px; }
.status-success { color: var(--success); } .status-error { color: var(--error); } .status-skipped { color: var(--skipped); }
.status-cancelled { color: var(--cancelled); } .status-running, .status-pending, .status-queued, .status-retrying { color: var(--running); }
.critical-mark { color: var(--critical); font-weight: 700; margin-left: 4px; }
.detail { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin-top: 12px; }
details { margin: 4px 0; } summary { cursor: pointer; }
.role { font-weight: 600; font-size: 12px; color: var(--muted); margin-top: 6px; }
.diff-add { color: var(--success); } .diff-del { color: var(--error); } .diff-hunk { color: var(--accent); }
ul { margin: 4px 0; padding-left: 20px; }
`;
