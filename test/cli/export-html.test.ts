import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackModelServer, type LoopbackModelServer } from '../../packages/core/test-support/loopback-model-server.js';
import { tempWorkspace } from '../../packages/core/test-support/temp-workspace.js';
import { modelFlags } from '../support/cli-model.js';
import { hasChromium, openOffline } from '../support/open-in-chromium.js';
import { REPO, runCli } from '../support/run-cli.js';
import { scriptedModel, SEED_ANSWER, SEED_FILES, SEED_REQUEST, seedPlan } from '../support/scripted-plans.js';
import { writeDispatch } from '../support/write-dispatch.js';

const PAYLOAD = '</script><img src=x onerror=alert(1)>';

/** The seed's three coder tasks, a shell check that fails, and one whose output tries to break out of the page. */
function plan() {
  return {
    tasks: [
      ...seedPlan().tasks,
      { task_id: 'check-fails', agent: 'shell', description: 'a check that fails', input_data: { command: 'echo boom >&2; exit 3' } },
      { task_id: 'hostile-output', agent: 'shell', description: 'prints markup', input_data: { command: `printf '%s' '${PAYLOAD}'` } },
    ],
  };
}

let server: LoopbackModelServer;
let dir: string;
let report: string;
let html: string;
beforeAll(async () => {
  server = await startLoopbackModelServer({ fallback: scriptedModel([plan()]) });
  // One workspace for the whole file (tempWorkspace would remove it after the first test).
  dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'pdispatch-html-')));
  // A file that exists before a coder task rewrites it, so its trace has a diff.
  await fs.mkdir(path.join(dir, 'nodes'), { recursive: true });
  await fs.writeFile(path.join(dir, SEED_FILES[0]!), 'class Old:\n    pass\n');
  const { args, env } = modelFlags(server, 'openai');
  const asked = await runCli(['ask', SEED_REQUEST, '--yes', '--json', '--allow-shell', ...args], { cwd: dir, env });
  expect(asked.code, asked.stderr).toBe(1); // one check failed; the answer was still made
  expect(asked.json.synthesis.answer).toBe(SEED_ANSWER.answer);
  report = path.join(dir, 'report.html');
  const exported = await runCli(['export', '--format', 'html', '-o', 'report.html'], { cwd: dir });
  expect(exported.code, exported.stderr).toBe(0);
  expect(exported.stderr).toContain('wrote report.html (html, 5 tasks of dispatch-');
  html = await fs.readFile(report, 'utf8');
});
afterAll(async () => {
  await server.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('pdispatch export --format html', () => {
  it('writes one page with a strict CSP whose hashes match its inline blocks, and nothing that loads from anywhere', async () => {
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(policy).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; script-src 'sha256-[A-Za-z0-9+/]+=*'; img-src data:$/);
    const { createHash } = await import('node:crypto');
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(policy).toContain(`style-src ${hash(style)}`);
    expect(policy).toContain(`script-src ${hash(script)}`);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('escapes trace text: a task output with </script> and an <img> stays data inside the JSON block', () => {
    expect(html).not.toContain(PAYLOAD);
    expect(html).not.toContain('<img');
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the data block's and the script's own
    const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    const data = JSON.parse(json);
    const hostile = data.tasks.find((task: { id: string }) => task.id === 'hostile-output');
    expect(hostile.detail.output).toContain(PAYLOAD);
  });

  it.skipIf(!hasChromium)('opens from disk in Chromium with the network cut, shows the tasks, their statuses and the answer, and requests nothing', async () => {
    const { browser, page, requests, errors } = await openOffline(report);
    try {
      await page.waitForSelector('body[data-ready="true"]');
      for (const [taskId, status] of [['gen-user-writer', 'success'], ['gen-product-reader', 'success'], ['gen-order-updater', 'success'], ['check-fails', 'error'], ['hostile-output', 'success']]) {
        const row = page.locator(`.row[data-task="${taskId}"]`);
        await expect(row.locator('.task-id').textContent()).resolves.toContain(taskId);
        await expect(row.locator('.task-status').textContent()).resolves.toContain(status);
        expect(await row.isVisible()).toBe(true);
      }
      expect(await page.locator('#answer-text').textContent()).toBe(SEED_ANSWER.answer);
      expect(await page.locator('#answer-text').isVisible()).toBe(true);
      // The failed task is opened first; the hostile output shows as text, no element made of it.
      await expect(page.locator('#task-detail').textContent()).resolves.toContain('boom');
      await page.locator('.row[data-task="hostile-output"]').click();
      await expect(page.locator('#task-detail pre').filter({ hasText: PAYLOAD }).count()).resolves.toBe(2); // its input (the command) and its output
      expect(await page.locator('img').count()).toBe(0);
      // The writer's diff against the file it replaced.
      await page.locator('.row[data-task="gen-user-writer"]').click();
      await expect(page.locator('#task-detail .diff-del').filter({ hasText: 'class Old:' }).count()).resolves.toBe(1);
      // Filtering by status.
      await page.locator('.filters input[value="success"]').uncheck();
      expect(await page.locator('.row').count()).toBe(1);
      await page.locator('.filters input[value="success"]').check();
      await page.fill('input[type=search]', 'order');
      expect(await page.locator('.row').allTextContents()).toEqual([expect.stringContaining('gen-order-updater')]);
      await page.fill('input[type=search]', '');
      await page.locator('.row[data-task="check-fails"]').click();
      const shot = path.join(os.tmpdir(), `html-report-${process.pid}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      // PDISPATCH_UPDATE_SCREENSHOTS=1 refreshes the picture in docs/html-report.md (tests leave the checkout alone otherwise).
      if (process.env.PDISPATCH_UPDATE_SCREENSHOTS === '1') await fs.copyFile(shot, path.join(REPO, 'docs', 'html-report.png'));
      // Dark mode follows the reader's preference.
      const background = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
      const light = await background();
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await background()).not.toBe(light);
      await page.screenshot({ path: shot.replace(/\.png$/, '-dark.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it.skipIf(!hasChromium)('handles 10,000 tasks of a dry run: the page loads and draws only the rows in view', async () => {
    const big = await tempWorkspace();
    const tasks = Array.from({ length: 10_000 }, (_, n) => ({ task_id: `task-${n}`, agent: 'shell', input_data: { command: `echo ${n}` }, dependencies: n % 100 === 0 ? [] : [`task-${n - 1}`] }));
    const file = await writeDispatch(big, { tasks, config: { max_workers: 8 } });
    const dry = await runCli(['run', file, '--dry-run'], { cwd: big });
    expect(dry.code, dry.stderr).toBe(0);
    const out = path.join(big, 'big.html');
    const exported = await runCli(['export', '--format', 'html', '-o', out], { cwd: big });
    expect(exported.code, exported.stderr).toBe(0);
    const { browser, page, requests, errors } = await openOffline(out);
    try {
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      expect(await page.locator('.filters').textContent()).toContain('10000 of 10000 tasks shown');
      expect(await page.locator('.row').count()).toBeLessThan(40);
      await page.fill('input[type=search]', 'task-9999');
      expect(await page.locator('.row').allTextContents()).toEqual([expect.stringContaining('task-9999')]);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
