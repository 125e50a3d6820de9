import { createHash } from 'node:crypto';

/** The CSP source for an inline block: the SHA-256 of its exact text, as browsers hash it. */
function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The page around the report: the inline style and script allowed by their hashes and nothing
 * else (no network, no other script, images only as data: URLs), the data in a JSON block.
 */
export function reportPage(parts: { readonly title: string; readonly style: string; readonly script: string; readonly dataJson: string }): string {
  const policy = `default-src 'none'; style-src ${hashSource(parts.style)}; script-src ${hashSource(parts.script)}; img-src data:`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(parts.title)}</title>`,
    `<style>${parts.style}</style>`,
    '</head>',
    '<body>',
    '<main id="report"><noscript>This report needs JavaScript to show the dispatch.</noscript></main>',
    `<script type="application/json" id="report-data">${parts.dataJson}</script>`,
    `<script>${parts.script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
