import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, as the editor tests use it (`CHROMIUM` names another). */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const hasChromium = existsSync(CHROMIUM);

export interface OfflinePage {
  readonly browser: Browser;
  readonly page: Page;
  /** Every request the page made besides the file itself (each was aborted). */
  readonly requests: string[];
  /** Errors the page's script threw or logged. */
  readonly errors: string[];
}

/** Opens a file in headless Chromium from its file:// URL with the network cut: anything but the file is aborted and recorded. */
export async function openOffline(file: string): Promise<OfflinePage> {
  const url = pathToFileURL(file).href;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
  const requests: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  const page = await context.newPage();
  page.on('request', (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  return { browser, page, requests, errors };
}
