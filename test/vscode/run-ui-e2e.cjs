// End-to-end test of the installed extension through the browser: code-server + headless Chromium.
// Runs dispatches from the command palette and the explorer's context menu, watches the Dispatches
// tree, stops a dispatch, lists a task's MCP tool calls, opens a trace artifact and its timeline, opens a plan for review, and saves screenshots on the way
// (the extension's README shows them).
// Env: CS_URL, WS_DIR (a copy of fixtures/workspace), ARTIFACT_DIR (a copy of fixtures/artifact), OUT_DIR.
const fs = require('node:fs/promises');
const path = require('node:path');
const { chromium } = require('playwright-core');

const base = process.env.CS_URL ?? 'http://127.0.0.1:8089';
const workspace = process.env.WS_DIR;
const artifact = process.env.ARTIFACT_DIR;
const out = process.env.OUT_DIR ?? '.';
const started = Date.now();
const lap = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);

let page;

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    page.on('pageerror', (error) => console.log('  [pageerror]', String(error).slice(0, 200)));
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    lap('workbench loaded');
    await widenSidebar();

    await welcomeView();
    await runPipelineFromPalette();
    await runAgentOnSelectedFiles();
    await stopLongDispatch();
    await browseToolCalls();
    await openArtifact();
    await showTimeline();
    await reviewPlan();
    lap('PASS');
  } catch (error) {
    await page?.screenshot({ path: path.join(out, 'failure.png') }).catch(() => undefined);
    throw error;
  } finally {
    await browser.close();
  }
}

// ── steps ──────────────────────────────────────────────────────────────────────────────────────

async function welcomeView() {
  await openDispatchesView();
  const welcome = page.locator('.welcome-view-content', { hasText: 'No dispatches yet' });
  await welcome.waitFor({ timeout: 60_000 });
  await welcome.locator('.monaco-button', { hasText: 'Run Dispatch File…' }).waitFor();
  lap('welcome view with its buttons');
  const box = await sidebar().boundingBox();
  await page.screenshot({ path: path.join(out, 'welcome.png'), clip: { x: box.x, y: box.y, width: box.width, height: 300 } });
}

async function runPipelineFromPalette() {
  await runCommand('Parallel Dispatcher: Run Dispatch File…');
  await pick('pipeline.dispatch.json');
  lap('pipeline.dispatch.json started from the palette');
  const dispatchRow = treeRow(/pipeline/);
  await dispatchRow.waitFor({ timeout: 30_000 });
  await expand(dispatchRow);
  for (const task of ['install', 'lint', 'test', 'typecheck', 'package']) await taskRow(task).waitFor({ timeout: 30_000 });
  // Every task ends with a pass icon; the dispatch row says 5/5.
  await waitUntil('every task to succeed', async () => (await page.locator('.pane-body .monaco-list-row .codicon-pass').count()) >= 5, 30_000);
  await treeRow(/5\/5 succeeded/).waitFor({ timeout: 15_000 });
  await toast(/pipeline\.dispatch\.json: 5\/5 tasks succeeded/);
  lap('every task of the pipeline turned to success');
  await dispatchRow.locator('.codicon-pass-filled').waitFor({ timeout: 20_000 });
  await expand(taskRow('package'));
  await treeRow(/^Output/).waitFor();
  await shot('dispatch-tree.png', page.locator('.monaco-workbench'));
  await collapse(taskRow('package'));
  await collapse(dispatchRow);
}

async function runAgentOnSelectedFiles() {
  await clearNotifications();
  await page.keyboard.press('Control+Shift+E');
  const explorer = page.locator('.explorer-folders-view');
  await explorer.waitFor();
  const entry = (name) => explorer.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace('.', '\\.')}$`) }) });
  const src = entry('src');
  await src.waitFor({ timeout: 30_000 });
  // The explorer may still be redrawing for the traces folder just written: click until src is open.
  await waitUntil('src to expand', async () => {
    if ((await src.getAttribute('aria-expanded')) === 'true') return true;
    await src.locator('.label-name').click();
    await page.waitForTimeout(300);
    return false;
  });
  const alpha = entry('alpha.txt');
  const beta = entry('beta.txt');
  await alpha.click();
  await beta.click({ modifiers: ['Control'] });
  await waitUntil('two selected files', async () => (await explorer.locator('.monaco-list-row.selected').count()) === 2);
  await beta.click({ button: 'right' });
  const item = page.locator('.monaco-menu .action-item', { hasText: 'Run Agent on Selected Files' });
  await item.waitFor();
  await shot('explorer-menu.png', page.locator('.monaco-workbench'));
  await item.click();
  lap('"Run Agent on Selected Files" from the explorer context menu');
  await quickInput().locator('.monaco-list-row', { hasText: 'word-count' }).waitFor();
  await page.keyboard.type('word-count');
  await shot('agent-pick.png', page.locator('.monaco-workbench'));
  await page.keyboard.press('Enter');
  await waitUntil('the instructions box', async () => (await quickInput().locator('.quick-input-message, .quick-input-title').first().textContent())?.includes('word-count'));
  await page.keyboard.type('count the words');
  await page.keyboard.press('Enter');
  await openDispatchesView();
  const dispatchRow = treeRow(/word-count: count the words/);
  await dispatchRow.waitFor({ timeout: 30_000 });
  await expand(dispatchRow);
  await taskRow('word-count.src-alpha.txt').waitFor({ timeout: 30_000 });
  await taskRow('word-count.src-beta.txt').waitFor({ timeout: 30_000 });
  await treeRow(/word-count: count the words.*2\/2 succeeded/).waitFor({ timeout: 30_000 });
  await dispatchRow.locator('.codicon-pass-filled').waitFor({ timeout: 20_000 });
  lap('two tasks, one per selected file, both succeeded');
  await collapse(dispatchRow);
}

async function stopLongDispatch() {
  await clearNotifications();
  await runCommand('Parallel Dispatcher: Run Dispatch File…');
  await pick('long.dispatch.json');
  const dispatchRow = treeRow(/long/);
  await dispatchRow.waitFor({ timeout: 30_000 });
  await expand(dispatchRow);
  await waitUntil('two running tasks', async () => (await page.locator('.pane-body .monaco-list-row .codicon-loading').count()) >= 3, 30_000);
  // The badge on the activity bar counts running tasks.
  await page.locator('.activitybar .badge-content', { hasText: '2' }).waitFor({ timeout: 10_000 });
  await page.waitForTimeout(1500);
  await shot('running.png', page.locator('.monaco-workbench'));
  lap('long dispatch running (spinners, badge, progress notification)');
  await runCommand('Parallel Dispatcher: Stop Dispatch');
  await treeRow(/long.*cancelled/).waitFor({ timeout: 20_000 });
  await waitUntil('cancelled tasks', async () => (await page.locator('.pane-body .monaco-list-row .codicon-circle-slash').count()) >= 4, 20_000);
  lap('stopped: the dispatch and its unfinished tasks are cancelled');
  await collapse(dispatchRow);
}

async function browseToolCalls() {
  await clearNotifications();
  // Traces of a dispatch whose task called MCP tools (fixtures/tool-calls, written by core), landing in
  // the workspace's trace folder as another process (the CLI, the MCP server) would write them.
  await fs.cp(path.join(__dirname, 'fixtures', 'tool-calls', 'traces'), path.join(workspace, 'traces'), { recursive: true });
  const dispatchRow = treeRow(/Check the auth module against its docs/);
  await dispatchRow.waitFor({ timeout: 30_000 });
  await expand(dispatchRow);
  const task = treeRow(/^review-auth/);
  await task.waitFor({ timeout: 15_000 });
  await expand(task);
  const group = treeRow(/^Tool calls \(3\)/);
  await group.waitFor({ timeout: 15_000 });
  await expand(group);
  await treeRow(/^3\. files\.read_text_file.*failed/).waitFor({ timeout: 15_000 });
  const call = treeRow(/^1\. files\.read_text_file/);
  await call.click();
  await page.locator('.tab', { hasText: 'tool-call-1.md' }).waitFor({ timeout: 20_000 });
  await page.locator('.view-lines', { hasText: 'MCP server' }).first().waitFor({ timeout: 10_000 });
  await page.waitForTimeout(500);
  await shot('tool-calls.png', page.locator('.monaco-workbench'));
  lap('a task\'s tool calls listed, a failed one marked, one opened with its arguments and result');
  await runCommand('View: Close All Editors');
  await collapse(dispatchRow);
}

async function openArtifact() {
  await clearNotifications();
  await runCommand('Parallel Dispatcher: Open Trace Artifact…');
  // code-server's file dialog is a quick input holding a path; it fills in the workspace first.
  const input = quickInput().locator('input');
  await input.waitFor();
  // It may move on to the active editor's folder after showing the workspace: type once it has settled,
  // and again if it still overwrote the path.
  await waitUntil('the dialog to settle on a folder', async () => {
    const before = await input.inputValue();
    await page.waitForTimeout(400);
    return before.startsWith('/') && before === (await input.inputValue());
  });
  await input.fill(`${artifact}/`);
  await waitUntil('the dialog to list the artifact folder', async () => {
    if ((await input.inputValue()) !== `${artifact}/`) await input.fill(`${artifact}/`);
    return (await quickInput().locator('.monaco-list-row', { hasText: 'traces' }).count()) > 0;
  });
  await quickInput().locator('.monaco-button', { hasText: 'Open Trace Artifact' }).click();
  const dispatchRow = treeRow(/Pull request checks/);
  await dispatchRow.waitFor({ timeout: 30_000 });
  lap('trace artifact folder opened');
  if ((await dispatchRow.getAttribute('aria-expanded')) !== 'true') await expand(dispatchRow);
  for (const task of ['install', 'lint', 'unit-tests', 'e2e-tests', 'fix-auth', 'report']) await taskRow(task).waitFor({ timeout: 15_000 });
  await expand(taskRow('unit-tests'));
  await treeRow(/^Error/).waitFor();
  await expand(taskRow('fix-auth'));
  await treeRow(/^Model calls \(1\)/).waitFor();
  await expand(treeRow(/^Model calls \(1\)/));
  const written = treeRow(/^src\/auth\.ts\s*changed/);
  await written.waitFor();
  lap('artifact tasks, error, model call and written file shown');
  await written.click();
  await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 20_000 });
  await page.locator('.tab', { hasText: 'written by fix-auth' }).waitFor();
  await page.waitForTimeout(800);
  await shot('artifact-diff.png', page.locator('.monaco-workbench'));
  lap('written file opens as a diff against its previous content');
}

async function showTimeline() {
  await runCommand('Parallel Dispatcher: Show Timeline');
  await pick('Pull request checks');
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  await frame.locator('.row', { hasText: 'fix-auth' }).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(500);
  await shot('timeline.png', page.locator('.monaco-workbench'));
  lap('timeline webview drawn');
}

async function reviewPlan() {
  await clearNotifications();
  // A plan as "Ask…" writes it (fixtures/workspace/.pdispatch/plans/, written by core's writePlanFile).
  await waitUntil('the quick open box', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    if (await quickInput().locator('input').fill('generate-three-onex-effect-nodes', { timeout: 1500 }).then(() => true, () => false)) return true;
    // The timeline's webview may have kept the keys: give the focus back to the workbench.
    await dispatchesPane().locator('.pane-body').click({ position: { x: 10, y: 5 } }).catch(() => undefined);
    return false;
  }, 30_000);
  await pick('generate-three-onex-effect-nodes');
  await page.locator('.codelens-decoration', { hasText: 'Run This Plan' }).waitFor({ timeout: 30_000 });
  await page.locator('.editor-actions .action-label[aria-label^="Run This Plan"]').waitFor({ timeout: 10_000 });
  await page.mouse.move(900, 700);
  await page.waitForTimeout(500);
  await shot('plan-document.png', page.locator('.monaco-workbench'));
  lap('a plan opened for review, with its Run This Plan CodeLens and editor title button');
}

// ── helpers ────────────────────────────────────────────────────────────────────────────────────

/** A wider side bar, so the tree's descriptions fit in the screenshots. */
async function widenSidebar() {
  const box = await sidebar().boundingBox();
  if (box === null) return;
  const edge = box.x + box.width;
  let sash;
  for (const candidate of await page.locator('.monaco-sash.vertical').all()) {
    const area = await candidate.boundingBox();
    if (area !== null && area.height > 100 && Math.abs(area.x + area.width / 2 - edge) < 6) sash = area;
  }
  if (sash === undefined) return;
  const y = sash.y + sash.height / 2;
  await page.mouse.move(sash.x + sash.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(sash.x + sash.width / 2 + 230, y, { steps: 10 });
  await page.mouse.up();
}

async function clearNotifications() {
  await runCommand('Notifications: Clear All Notifications');
  await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
}

function sidebar() {
  return page.locator('#workbench\\.parts\\.sidebar');
}

function quickInput() {
  return page.locator('.quick-input-widget');
}

async function openDispatchesView() {
  const item = page.locator('.activitybar .action-item a[aria-label^="Parallel Dispatcher"]');
  await item.waitFor({ timeout: 60_000 });
  // The only view of its container: its header is hidden, its body is what shows.
  const body = dispatchesPane().locator('.pane-body');
  if (!(await body.isVisible().catch(() => false))) await item.click();
  await body.waitFor({ timeout: 30_000 });
}

function dispatchesPane() {
  return page.locator('.pane', { has: page.locator('.pane-header[aria-label^="Dispatches"]') });
}

function treeRow(text) {
  return dispatchesPane().locator('.monaco-list-row', { hasText: text }).first();
}

function taskRow(taskId) {
  return treeRow(new RegExp(`^${taskId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(shell|coder|word-count|·|\\s|$)`));
}

async function expand(row) {
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
}

async function collapse(row) {
  if ((await row.getAttribute('aria-expanded')) === 'true') await row.locator('.monaco-tl-twistie').click();
}

async function runCommand(title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = quickInput().locator('input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await quickInput().locator('.monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

async function pick(text) {
  const row = quickInput().locator('.monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

async function toast(text) {
  await page.locator('.notifications-toasts .notification-toast', { hasText: text }).first().waitFor({ timeout: 20_000 });
}

async function waitUntil(what, check, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function shot(name, locator) {
  await locator.screenshot({ path: path.join(out, name) });
}

main().catch((error) => {
  console.error(`FAIL (screenshot: ${path.join(out, 'failure.png')})`, error);
  process.exitCode = 1;
});
